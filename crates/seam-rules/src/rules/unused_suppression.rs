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
use crate::config::Level;
use crate::report::RuleId;

/// The `unused_suppression` rule.
pub const RULE: Rule = Rule {
    suppressible: false,
    default_level: Level::Warn,
    baselinable: false,
    enabled: |config| config.check().unused_suppression != Level::Ignore,
    ..Rule::new(
        RuleId::UnusedSuppression,
        "A `# seam: allow(...)` comment suppresses a violation on its line or the next.",
        "Delete the comment: the violation it suppressed is gone.",
    )
};
