//! `expired_baseline`: a baseline entry is not tolerated after its `expires` date.
//!
//! **Flags** a baselined violation whose entry has an `expires` date before today, at the
//! violation's place and naming the entry's owner. Always an error; a comment cannot allow it.
//!
//! **Lets through** entries without `expires`, and entries until their date (the `expires` day
//! itself included).
//!
//! Always on; seam.toml does not configure it. In the baseline file:
//!
//! ```toml
//! entries = [
//!   { rule = "depends_on", from = "LibSys::Util", to = "LibSys::Notify::Email", symbol = "send_raw", kind = "call", file = "lib/LibSys/Util.pm", owner = "@platform-team", expires = 2027-06-30 },
//! ]
//! ```

use super::Rule;
use crate::report::RuleId;

/// The `expired_baseline` rule.
pub const RULE: Rule = Rule {
    suppressible: false,
    baselinable: false,
    ..Rule::new(
        RuleId::ExpiredBaseline,
        "A baseline entry is not tolerated after its `expires` date.",
        "Fix the violation, or agree a new `expires` date in the baseline file.",
    )
};
