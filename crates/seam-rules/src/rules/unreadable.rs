//! `unreadable`: a check never passes on code it did not see.
//!
//! **Flags** a file seam could not read (an I/O error), skipped as binary (a NUL byte) or as
//! larger than `--max-file-size`, a directory it could not list (its files were never seen), and,
//! with `--base`, a file that parses worse than at the base revision (new parse-error regions,
//! or a file that no longer parses at all): code in the broken part is invisible to the rules, so
//! a new violation there would otherwise pass. An error by default; `unreadable = "warn"` reports
//! without failing.
//!
//! **Lets through** files that `exclude` leaves out, files with parse errors that were already
//! there at the base revision, and everything with `unreadable = "ignore"`.
//!
//! ```toml
//! [check]
//! unreadable = "warn"  # "error" (the default), "warn" or "ignore"
//! ```

use super::Rule;
use crate::config::Level;
use crate::report::RuleId;

/// The `unreadable` rule.
pub const RULE: Rule = Rule {
    suppressible: false,
    baselinable: false,
    enabled: |config| config.check().unreadable != Level::Ignore,
    ..Rule::new(
        RuleId::Unreadable,
        "Every file is read and parsed at least as well as before.",
        "Fix the file (permissions, syntax), raise --max-file-size, or add it to `exclude` in seam.toml.",
    )
};
