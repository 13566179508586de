//! Boundary rules for a Perl codebase: `seam.toml` (modules, public interfaces, rules), the module
//! map it induces on the dependency graph, the violations of each rule, inline suppressions, the
//! baseline of tolerated debt, and comparisons against another revision.
//!
//! Invariants: a finding's identity ([`ViolationKey`]) never includes a line number; findings are
//! sorted, so every output is deterministic; nothing here reads files other than the config and
//! baseline it is given, and nothing here writes.

pub mod report;

pub use report::{
    CheckMode, CheckReport, CheckSummary, Finding, Fixed, Ratchet, RuleId, RuleInfo, Severity,
    Status, ViolationKey, CHECK_SCHEMA_VERSION,
};
