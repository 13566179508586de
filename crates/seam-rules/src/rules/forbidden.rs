//! `forbidden`: a dependency that must not exist, in one direction.
//!
//! **Flags** a reference from a package of the `from` module of a `[[forbidden]]` pair to a
//! package of its `to` module, when its kind is among the pair's `kinds` (absent: all).
//!
//! **Lets through** the other direction (`to` may use `from`), and kinds the pair does not name.
//! The pair's `reason` is shown in every finding.
//!
//! ```toml
//! [[forbidden]]
//! from = "catalog"
//! to = "billing"
//! kinds = ["use", "call"]
//! reason = "the catalog must not know about money"
//! ```

use super::Rule;
use crate::evaluate::{Judging, Verdict, Words};
use crate::report::RuleId;

/// The `forbidden` rule.
pub const RULE: Rule = Rule {
    enabled: |config| !config.forbidden().is_empty(),
    judge,
    ..Rule::new(
        RuleId::Forbidden,
        "A `[[forbidden]]` pair of modules must not depend on each other in that direction.",
        "Remove the reference or move the code; the pair is forbidden on purpose (see its `reason` in seam.toml).",
    )
};

fn judge(judging: &Judging<'_>) -> Vec<Verdict> {
    let Judging { config, crossing, words, .. } = judging;
    let Words { what, from, to, .. } = words;
    config
        .forbidden()
        .iter()
        .filter(|pair| {
            (pair.from, pair.to) == (crossing.from_module, crossing.to_module)
                && pair.kinds.contains(crossing.reference.kind)
        })
        .map(|pair| {
            let why = pair
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            Verdict::new(
                format!("{what}: {from} must not depend on {to}{why}"),
                format!("remove the reference or move the code; {from} -> {to} is forbidden in seam.toml"),
            )
        })
        .collect()
}
