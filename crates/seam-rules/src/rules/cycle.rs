//! `cycle`: modules must not depend on each other in a cycle.
//!
//! **Flags** every reference on a module edge that lies on a cycle of the module graph (built from
//! the references of `[cycles] kinds`), keyed by the module pair, so the debt stays where it is
//! when unrelated edges come and go. With `--base`, only references on a module edge the base
//! revision did not have (and of those, the ones on added lines): the change created the cycle or
//! joined a module to one.
//!
//! **Lets through** edges outside every cycle, references of kinds `[cycles] kinds` leaves out,
//! cycles between packages of one module, and everything when `forbid = false`.
//!
//! ```toml
//! [cycles]
//! forbid = true       # the default
//! kinds = ["static"]  # a runtime `eval "use ..."` does not close a cycle
//! ```

use super::Rule;
use crate::report::RuleId;

/// The `cycle` rule.
pub const RULE: Rule = Rule {
    enabled: |config| config.cycles().forbid,
    ..Rule::new(
        RuleId::Cycle,
        "Modules must not depend on each other in a cycle.",
        "Remove a dependency of the cycle (`seam analyze` shows the cheapest to cut): move the code it needs, or invert it; declaring it in depends_on does not clear a cycle.",
    )
};
