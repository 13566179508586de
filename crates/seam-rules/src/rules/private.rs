//! `private`: other modules may only use a module's public packages and subs.
//!
//! **Flags** a reference into a module that declares `public` and/or `public_subs` when the
//! package used is not public, or the sub called is not.
//!
//! **Lets through** everything of a module that declares neither (absent: all public), loading a
//! package that has public subs (a `use` or `require` of it), and references inside a module.
//!
//! ```toml
//! [[module]]
//! name = "billing"
//! packages = ["LibSys::Billing", "LibSys::Billing::**"]
//! # other modules may use the API package and call Invoice::total; the rest is private
//! public = ["LibSys::Billing::API"]
//! public_subs = ["LibSys::Billing::Invoice::total"]
//! ```

use super::Rule;
use crate::evaluate::{Judging, Verdict, Words};
use crate::report::RuleId;

/// The `private` rule.
pub const RULE: Rule = Rule {
    enabled: |config| config.modules().iter().any(|m| m.interface.is_some()),
    judge,
    ..Rule::new(
        RuleId::Private,
        "Other modules may only use a module's public packages and subs.",
        "Use the module's public interface (its `public` packages and `public_subs`), or make the package public in seam.toml if it is meant to be used from outside.",
    )
};

fn judge(judging: &Judging<'_>) -> Vec<Verdict> {
    let Judging { config, map, crossing, words, .. } = judging;
    let symbol = crossing.reference.symbol.as_deref();
    if map.is_public(crossing.to_module, &crossing.to.name, symbol) {
        return Vec::new();
    }
    let public = crate::ModuleMap::public_packages(config, crossing.to_module);
    let interface = if public.is_empty() {
        "its public subs".to_string()
    } else {
        public.join(", ")
    };
    let Words { what, to, owner, .. } = words;
    vec![Verdict::new(
        format!("{what}, which {to} keeps private"),
        format!("go through {to}'s public interface ({interface}), or ask {to}{owner} to add it to `public`/`public_subs` in seam.toml"),
    )]
}
