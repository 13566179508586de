//! `table_write`: only the module that owns a table or data file writes it.
//!
//! **Flags** each write (INSERT, UPDATE, DELETE, … an ORM `create`/`update`, a file opened for
//! writing or appending) by code outside the module whose `tables` / `data_files` claim the
//! table or file — the writes that would need a data sync once the owner is extracted.
//!
//! **Lets through** the owner's own writes, tables no module claims, and reads (see
//! `table_read`). On as soon as a module declares `tables` or `data_files`.
//!
//! ```toml
//! [[module]]
//! name = "circulation"
//! packages = ["LibSys::Circulation::**"]
//! tables = ["loans", "holds", "fine*"]
//! data_files = ["{datadir}/fines.log"]
//! ```

use super::Rule;
use crate::report::RuleId;

/// The `table_write` rule.
pub const RULE: Rule = Rule {
    enabled: |config| config.declares_data_owners(),
    ..Rule::new(
        RuleId::TableWrite,
        "Only the module that owns a table or data file writes it.",
        "Call the owning module's code to make the change (or move the writing code into it), or give the table to this module in seam.toml if it really owns it.",
    )
};
