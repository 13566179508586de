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
use crate::config::Level;
use crate::report::RuleId;

/// The `stale_baseline` rule.
pub const RULE: Rule = Rule {
    suppressible: false,
    baselinable: false,
    enabled: |config| config.check().stale_baseline != Level::Ignore,
    ..Rule::new(
        RuleId::StaleBaseline,
        "The baseline only lists violations that still exist: it can only shrink.",
        "Run `seam baseline --prune` and commit the smaller baseline.",
    )
};
