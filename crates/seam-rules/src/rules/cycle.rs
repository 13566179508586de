//! `cycle`: modules must not depend on each other in a cycle.
//!
//! **Flags**, for each cycle of the module graph (built from the references of `[cycles] kinds`),
//! the references on its cheapest breaking edges: a weighted feedback arc set, the same as
//! `seam analyze`'s. An edge the baseline (or, with `--base`, the base revision) already reports as
//! a cut is preferred, so removing references never moves the finding to an edge nobody touched.
//!
//! **Lets through** every other edge of the cycle, references of kinds `[cycles] kinds` leaves
//! out, cycles between packages of one module, and everything when `forbid = false`.
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
        "Remove the dependency named, usually the cheapest edge of the cycle: move the code it needs, or invert it.",
    )
};
