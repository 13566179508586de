//! `stale_baseline`: the baseline can only shrink.
//!
//! **Flags** a baseline entry whose violation no longer exists (not a reference: it points at the
//! file the entry names). An error by default, so a fixed violation must leave the baseline
//! (`seam baseline --prune`) in the same change.
//!
//! **Lets through** every entry with `stale_baseline = "ignore"` (or reports it as a warning with
//! `"warn"`); checks without a baseline never report it. A comment cannot allow it.
//!
//! ```toml
//! [check]
//! stale_baseline = "warn"  # "ignore", "warn" or "error" (the default)
//! ```

use super::Rule;
use crate::config::{Config, Level};
use crate::report::RuleId;

/// The `stale_baseline` rule.
pub struct StaleBaseline;

impl StaleBaseline {
    /// Its id.
    pub const ID: RuleId = RuleId::StaleBaseline;
}

impl Rule for StaleBaseline {
    fn id(&self) -> RuleId {
        Self::ID
    }

    fn summary(&self) -> &'static str {
        "The baseline only lists violations that still exist: it can only shrink."
    }

    fn help(&self) -> &'static str {
        "Run `seam baseline --prune` and commit the smaller baseline."
    }

    fn suppressible(&self) -> bool {
        false
    }

    fn enabled(&self, config: &Config) -> bool {
        config.check().stale_baseline != Level::Ignore
    }

    fn baselinable(&self) -> bool {
        false
    }
}
