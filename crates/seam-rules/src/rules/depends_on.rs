//! `depends_on`: a module may only use the modules it declares.
//!
//! **Flags** a reference from a package (or script) of a module that declares `depends_on` to a
//! package of another module that is not in that list, or that is there with `kinds` excluding the
//! reference's kind (a compile-time `use` where only `runtime_load` is allowed).
//!
//! **Lets through** references inside a module, every reference of a module without
//! `depends_on` (absent means "any module"), and references to packages no module claims
//! (`uncovered` reports those).
//!
//! ```toml
//! [[module]]
//! name = "billing"
//! packages = ["LibSys::Billing", "LibSys::Billing::**"]
//! # billing may use catalog in any way, and reports only through a runtime `require`
//! depends_on = ["catalog", { module = "reports", kinds = ["runtime_load"] }]
//! ```

use super::Rule;
use crate::evaluate::{Judging, Verdict, Words};
use crate::report::RuleId;

/// The `depends_on` rule.
pub const RULE: Rule = Rule {
    enabled: |config| config.modules().iter().any(|m| m.depends_on.is_some()),
    judge,
    ..Rule::new(
        RuleId::DependsOn,
        "A module may only use the modules it declares in `depends_on`.",
        "Declare the dependency in the module's `depends_on` in seam.toml if it is intended; otherwise move the code, or invert the dependency (callback, event, interface in the lower module).",
    )
};

fn judge(judging: &Judging<'_>) -> Vec<Verdict> {
    let Judging { config, crossing, words, .. } = judging;
    let Some(allowed) = &config.module(crossing.from_module).depends_on else {
        return Vec::new();
    };
    let Words { what, from, to, owner } = words;
    match allowed.get(&crossing.to_module) {
        None => vec![Verdict::new(
            format!("{what}, but {from} does not declare {to} in depends_on"),
            format!("if {from} should depend on {to}, add \"{to}\" to depends_on of module \"{from}\" in seam.toml (`seam allow {from} {to}` does it, `--kinds {kind}` for this kind only); otherwise move this code into {to}{owner} or invert the dependency", kind = crossing.reference.kind.name()),
        )],
        Some(kinds) if !kinds.contains(crossing.reference.kind) => vec![Verdict::new(
            format!("{what}; {from} may use {to} only through other kinds of reference"),
            format!("use {to} the way depends_on allows (e.g. a runtime `require` inside the sub that needs it), or widen the kinds of the {to} entry in depends_on of \"{from}\""),
        )],
        Some(_) => Vec::new(),
    }
}
