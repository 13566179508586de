//! `uncovered`: every package and script belongs to a module.
//!
//! **Flags** a package (or script) that no module's `packages` or `paths` claims, at the line
//! that declares it; not a reference. A warning by default, an error with `uncovered = "error"`.
//!
//! **Lets through** external (CPAN) packages unless `external` lists them, and everything with
//! `uncovered = "ignore"`.
//!
//! ```toml
//! [check]
//! uncovered = "error"  # "ignore", "warn" (the default) or "error"
//! ```

use super::Rule;
use crate::config::{Config, Level};
use crate::report::RuleId;

/// The `uncovered` rule.
pub struct Uncovered;

impl Uncovered {
    /// Its id.
    pub const ID: RuleId = RuleId::Uncovered;
}

impl Rule for Uncovered {
    fn id(&self) -> RuleId {
        Self::ID
    }

    fn summary(&self) -> &'static str {
        "Every package and script belongs to a module."
    }

    fn help(&self) -> &'static str {
        "Add the package's namespace (or the script's path) to a module in seam.toml."
    }

    fn suppressible(&self) -> bool {
        true
    }

    fn enabled(&self, config: &Config) -> bool {
        config.check().uncovered != Level::Ignore
    }

    fn default_level(&self) -> Level {
        Level::Warn
    }
}
