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
use crate::config::Level;
use crate::report::RuleId;

/// The `uncovered` rule.
pub const RULE: Rule = Rule {
    default_level: Level::Warn,
    enabled: |config| config.check().uncovered != Level::Ignore,
    ..Rule::new(
        RuleId::Uncovered,
        "Every package and script belongs to a module.",
        "Add the package's namespace (or the script's path) to a module in seam.toml.",
    )
};
