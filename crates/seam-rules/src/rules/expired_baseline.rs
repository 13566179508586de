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
use crate::config::Config;
use crate::report::RuleId;

/// The `expired_baseline` rule.
pub struct ExpiredBaseline;

impl ExpiredBaseline {
    /// Its id.
    pub const ID: RuleId = RuleId::ExpiredBaseline;
}

impl Rule for ExpiredBaseline {
    fn id(&self) -> RuleId {
        Self::ID
    }

    fn summary(&self) -> &'static str {
        "A baseline entry is not tolerated after its `expires` date."
    }

    fn help(&self) -> &'static str {
        "Fix the violation, or agree a new `expires` date in the baseline file."
    }

    fn suppressible(&self) -> bool {
        false
    }

    fn enabled(&self, _config: &Config) -> bool {
        true
    }

    fn baselinable(&self) -> bool {
        false
    }
}
