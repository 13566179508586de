//! `independent`: modules of a group must not know each other.
//!
//! **Flags** a reference (of a kind the group's `kinds` names; absent: all) from a module of an
//! `[[independent]]` group to another module of the same group, in either direction.
//!
//! **Lets through** references from group members to modules outside the group (a common module
//! both may depend on is the usual fix), and references from outside into the group.
//!
//! ```toml
//! [[independent]]
//! # billing and reports both use catalog, but never each other
//! modules = ["billing", "reports"]
//! ```

use super::Rule;
use crate::evaluate::{Judging, Verdict, Words};
use crate::report::RuleId;

/// The `independent` rule.
pub const RULE: Rule = Rule {
    enabled: |config| !config.independent().is_empty(),
    judge,
    ..Rule::new(
        RuleId::Independent,
        "Modules of an `[[independent]]` group must not know each other.",
        "Move what both modules share into a common module both may depend on.",
    )
};

fn judge(judging: &Judging<'_>) -> Vec<Verdict> {
    let Judging { config, crossing, words, .. } = judging;
    let Words { what, from, to, .. } = words;
    config
        .independent()
        .iter()
        .filter(|group| {
            group.kinds.contains(crossing.reference.kind)
                && group.modules.contains(&crossing.from_module)
                && group.modules.contains(&crossing.to_module)
        })
        .map(|_| {
            Verdict::new(
                format!("{what}: {from} and {to} must stay independent of each other"),
                format!("move what {from} needs from {to} into a module both may depend on"),
            )
        })
        .collect()
}
