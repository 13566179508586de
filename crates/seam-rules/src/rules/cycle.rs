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
use crate::config::Config;
use crate::report::RuleId;

/// The `cycle` rule.
pub struct Cycle;

impl Cycle {
    /// Its id.
    pub const ID: RuleId = RuleId::Cycle;
}

impl Rule for Cycle {
    fn id(&self) -> RuleId {
        Self::ID
    }

    fn summary(&self) -> &'static str {
        "Modules must not depend on each other in a cycle."
    }

    fn help(&self) -> &'static str {
        "Remove the dependency named, usually the cheapest edge of the cycle: move the code it needs, or invert it."
    }

    fn suppressible(&self) -> bool {
        true
    }

    fn enabled(&self, config: &Config) -> bool {
        config.cycles().forbid
    }
}
