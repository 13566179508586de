//! `unused_suppression`: a `# seam: allow(...)` comment must suppress something.
//!
//! **Flags** a well-formed `allow` comment that suppresses no finding where it applies (its own
//! line, and the next one when the comment stands on a line of its own). A warning by default.
//!
//! **Lets through** every comment with `unused_suppression = "ignore"`; a comment cannot allow it.
//!
//! ```toml
//! [check]
//! unused_suppression = "error"  # "ignore", "warn" (the default) or "error"
//! ```

use super::Rule;
use crate::config::{Config, Level};
use crate::report::RuleId;

/// The `unused_suppression` rule.
pub struct UnusedSuppression;

impl UnusedSuppression {
    /// Its id.
    pub const ID: RuleId = RuleId::UnusedSuppression;
}

impl Rule for UnusedSuppression {
    fn id(&self) -> RuleId {
        Self::ID
    }

    fn summary(&self) -> &'static str {
        "A `# seam: allow(...)` comment suppresses a violation on its line or the next."
    }

    fn help(&self) -> &'static str {
        "Delete the comment: the violation it suppressed is gone."
    }

    fn suppressible(&self) -> bool {
        false
    }

    fn enabled(&self, config: &Config) -> bool {
        config.check().unused_suppression != Level::Ignore
    }

    fn baselinable(&self) -> bool {
        false
    }

    fn default_level(&self) -> Level {
        Level::Warn
    }
}
