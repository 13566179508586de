//! `invalid_suppression`: a `# seam:` comment must be a well-formed `allow` with a reason.
//!
//! **Flags** a `# seam:` comment that is not `allow(RULE[, RULE...]) REASON`, names a rule that is
//! unknown or that a comment may not allow (with a "did you mean"), or gives no reason. Such a
//! comment suppresses nothing. Always an error; a comment cannot allow it.
//!
//! **Lets through** the same text in a string, a heredoc or POD: only real comments are
//! directives.
//!
//! Always on; seam.toml does not configure it. In Perl:
//!
//! ```perl
//! # seam: allow(depends_on) reports read invoices until the billing API exists
//! use LibSys::Billing::Invoice;
//! ```

use super::Rule;
use crate::report::RuleId;

/// The `invalid_suppression` rule.
pub const RULE: Rule = Rule {
    suppressible: false,
    baselinable: false,
    ..Rule::new(
        RuleId::InvalidSuppression,
        "A `# seam: allow(RULE) REASON` comment names known rules and gives a reason.",
        "Write `# seam: allow(RULE) REASON` with a known rule and a reason after the parentheses.",
    )
};
