//! `table_read`: other modules read a table or data file only through its owner's code.
//!
//! **Flags** each read (SELECT, an ORM `search`/`find`, a file opened for reading) by code
//! outside the owning module, when `[check] table_read` is `warn` or `error`.
//!
//! **Lets through** everything by default (`ignore`: reads couple less than writes, and most
//! monoliths read each other's tables everywhere); the owner's own reads; tables no module
//! claims.
//!
//! ```toml
//! [check]
//! table_read = "warn"  # "ignore" (the default), "warn" or "error"
//! ```

use super::Rule;
use crate::config::Level;
use crate::report::RuleId;

/// The `table_read` rule.
pub const RULE: Rule = Rule {
    default_level: Level::Ignore,
    enabled: |config| config.declares_data_owners() && config.check().table_read != Level::Ignore,
    ..Rule::new(
        RuleId::TableRead,
        "Other modules read a table or data file only through its owner's code.",
        "Ask the owning module for the data through one of its packages instead of querying the table, or set `[check] table_read = \"ignore\"`.",
    )
};
