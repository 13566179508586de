//! The data section of `seam analyze`: which modules touch each table and data file, the ones
//! written by more than one module (the data an extraction would have to sync), each module's
//! data footprint, and an ownership proposal per table from the write evidence.
//!
//! Owner rule (documented in docs/data.md): the module with the most writes (appends count as
//! writes); ties go to the module with more uses, then to the name. A table nobody writes goes to
//! its ORM mapper's module, else to the module that defines it (DDL); else it has no owner.

use crate::data::{DataGraph, DataNodeKind};
use crate::model::{DepGraph, Location};
use crate::partition::Partition;
use seam_perl::DataAccess;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many write locations an ownership proposal shows as evidence.
pub const EVIDENCE: usize = 3;

/// The data model as modules see it.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct DataAnalysis {
    /// Headline figures.
    pub summary: DataSummary,
    /// Tables and data files, the most widely touched first (then by name).
    pub items: Vec<DataItem>,
    /// Per module touching data, sorted by name.
    pub modules: Vec<DataFootprint>,
    /// Tables used in code that no schema file defines (empty when there is no schema file).
    pub unknown_tables: Vec<String>,
    /// Tables a schema file defines that no code uses.
    pub unused_tables: Vec<String>,
}

/// Headline figures of the data model.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct DataSummary {
    /// Tables used in code or defined by a schema file.
    pub tables: usize,
    /// Data files used in code.
    pub data_files: usize,
    /// Uses (one per access per location).
    pub uses: usize,
    /// Tables and files written by more than one module.
    pub shared_writes: usize,
    /// Tables defined by schema files.
    pub schema_tables: usize,
    /// Table positions held by a variable: data seam cannot name.
    pub blind_spots: usize,
}

/// One table or data file.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DataItem {
    /// Table name or normalised path.
    pub name: String,
    /// `table` or `data_file`.
    pub kind: DataNodeKind,
    /// The modules that touch it, sorted by name.
    pub modules: Vec<ModuleAccess>,
    /// Modules that write it.
    pub writers: usize,
    /// Written by more than one module: extracting any of them needs a data sync.
    pub shared_write: bool,
    /// Where a schema file defines it (empty when none does).
    pub defined_at: Vec<Location>,
    /// The proposed owner, when the evidence names one.
    pub owner: Option<Owner>,
}

/// What one module does with one table or file.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct ModuleAccess {
    /// The module.
    pub module: String,
    /// Reads.
    pub reads: u32,
    /// Writes and appends.
    pub writes: u32,
    /// DDL statements.
    pub ddl: u32,
    /// ORM mappings declared.
    pub maps: u32,
}

impl ModuleAccess {
    fn total(&self) -> u32 {
        self.reads + self.writes + self.ddl + self.maps
    }

    /// `R`, `W` or `RW` (`-` for DDL or mapping only), as a matrix cell shows it.
    pub fn letters(&self) -> &'static str {
        access_letters(self.reads > 0, self.writes > 0)
    }
}

/// `RW`, `R`, `W` or `-`: how every view writes "reads" and "writes" in one cell.
pub fn access_letters(reads: bool, writes: bool) -> &'static str {
    match (reads, writes) {
        (true, true) => "RW",
        (true, false) => "R",
        (false, true) => "W",
        (false, false) => "-",
    }
}

/// An ownership proposal.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Owner {
    /// The module proposed as owner.
    pub module: String,
    /// Why: `writes 5 of 7`, `maps it (ORM)`, `defines it (DDL)`.
    pub reason: String,
    /// The owner's first writes (or mapping/DDL), sorted.
    pub evidence: Vec<Location>,
}

/// One module's data footprint.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct DataFootprint {
    /// The module.
    pub module: String,
    /// Tables and files only this module writes: it owns them.
    pub owns: Vec<String>,
    /// Tables and files it writes together with other modules.
    pub shares: Vec<String>,
    /// Tables and files it only reads.
    pub reads: Vec<String>,
    /// Table positions held by a variable in its code.
    pub blind_spots: u32,
}

/// The data section for `data` in the modules of `partition` (over `graph`'s nodes).
pub fn analyze_data(data: &DataGraph, graph: &DepGraph, partition: &Partition) -> DataAnalysis {
    // (data node, module) -> access counts, and the locations by kind of access
    let mut access: BTreeMap<(usize, &str), ModuleAccess> = BTreeMap::new();
    let mut evidence: BTreeMap<(usize, &str, u8), Vec<Location>> = BTreeMap::new();
    for used in &data.uses {
        let module = partition.label(graph, used.from);
        let entry = access.entry((used.data.index(), module)).or_default();
        let rank = match used.access {
            DataAccess::Read => {
                entry.reads += 1;
                3
            }
            DataAccess::Write | DataAccess::Append => {
                entry.writes += 1;
                0
            }
            DataAccess::Map => {
                entry.maps += 1;
                1
            }
            DataAccess::Ddl => {
                entry.ddl += 1;
                2
            }
        };
        let locations = evidence
            .entry((used.data.index(), module, rank))
            .or_default();
        if locations.len() < EVIDENCE && !locations.contains(&used.location) {
            locations.push(used.location.clone());
        }
    }
    let mut items: Vec<DataItem> = data
        .iter_nodes()
        .map(|(id, node)| {
            let modules: Vec<ModuleAccess> = access
                .range((id.index(), "")..(id.index() + 1, ""))
                .map(|((_, module), counts)| ModuleAccess {
                    module: module.to_string(),
                    ..counts.clone()
                })
                .collect();
            let writers = modules.iter().filter(|m| m.writes > 0).count();
            let owner = owner(&modules).map(|(module, reason, rank)| Owner {
                evidence: evidence
                    .get(&(id.index(), module.as_str(), rank))
                    .cloned()
                    .unwrap_or_default(),
                module,
                reason,
            });
            DataItem {
                name: node.name.clone(),
                kind: node.kind,
                writers,
                shared_write: writers > 1,
                defined_at: node.defined_at.clone(),
                owner,
                modules,
            }
        })
        .collect();

    let mut footprints: BTreeMap<&str, DataFootprint> = BTreeMap::new();
    for item in &items {
        for module in &item.modules {
            let footprint = footprints.entry(&module.module).or_default();
            let list = match (module.writes > 0, item.writers) {
                (true, 1) => &mut footprint.owns,
                (true, _) => &mut footprint.shares,
                (false, _) if module.reads > 0 => &mut footprint.reads,
                _ => continue,
            };
            list.push(item.name.clone());
        }
    }
    for (node, _) in &data.blind_spots {
        footprints
            .entry(partition.label(graph, *node))
            .or_default()
            .blind_spots += 1;
    }
    let modules = footprints
        .into_iter()
        .map(|(module, footprint)| DataFootprint {
            module: module.to_string(),
            ..footprint
        })
        .collect();

    let used = |item: &DataItem| item.modules.iter().any(|m| m.reads + m.writes > 0);
    let unknown_tables = match data.has_schema {
        true => items
            .iter()
            .filter(|i| i.kind == DataNodeKind::Table && i.defined_at.is_empty())
            .filter(|i| !i.modules.iter().any(|m| m.ddl > 0))
            .map(|i| i.name.clone())
            .collect(),
        false => Vec::new(),
    };
    let unused_tables = items
        .iter()
        .filter(|i| !i.defined_at.is_empty() && !used(i))
        .map(|i| i.name.clone())
        .collect();
    let summary = DataSummary {
        tables: count(&items, DataNodeKind::Table),
        data_files: count(&items, DataNodeKind::DataFile),
        uses: data.uses.len(),
        shared_writes: items.iter().filter(|i| i.shared_write).count(),
        schema_tables: items.iter().filter(|i| !i.defined_at.is_empty()).count(),
        blind_spots: data.blind_spots.len(),
    };
    items.sort_by(|a, b| {
        b.modules
            .len()
            .cmp(&a.modules.len())
            .then(b.writers.cmp(&a.writers))
            .then_with(|| a.name.cmp(&b.name))
    });
    DataAnalysis {
        summary,
        items,
        modules,
        unknown_tables,
        unused_tables,
    }
}

fn count(items: &[DataItem], kind: DataNodeKind) -> usize {
    items.iter().filter(|i| i.kind == kind).count()
}

/// The owner of a table touched by `modules` (sorted by name): (module, reason, evidence rank).
fn owner(modules: &[ModuleAccess]) -> Option<(String, String, u8)> {
    let total_writes: u32 = modules.iter().map(|m| m.writes).sum();
    let best = |key: fn(&ModuleAccess) -> u32| {
        modules
            .iter()
            .filter(|m| key(m) > 0)
            // most first; on a tie more uses, then the first name (max_by keeps the last)
            .max_by(|a, b| {
                key(a)
                    .cmp(&key(b))
                    .then(a.total().cmp(&b.total()))
                    .then_with(|| b.module.cmp(&a.module))
            })
    };
    if let Some(writer) = best(|m| m.writes) {
        let reason = format!("writes {} of {}", writer.writes, total_writes);
        return Some((writer.module.clone(), reason, 0));
    }
    if let Some(mapper) = best(|m| m.maps) {
        return Some((mapper.module.clone(), "maps it (ORM)".to_string(), 1));
    }
    best(|m| m.ddl).map(|definer| (definer.module.clone(), "defines it (DDL)".to_string(), 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(module: &str, reads: u32, writes: u32, maps: u32) -> ModuleAccess {
        ModuleAccess {
            module: module.to_string(),
            reads,
            writes,
            ddl: 0,
            maps,
        }
    }

    #[test]
    fn owner_is_the_main_writer_then_the_mapper() {
        let modules = [
            access("A", 9, 1, 0),
            access("B", 0, 3, 0),
            access("C", 1, 3, 0),
        ];
        let (module, reason, _) = owner(&modules).unwrap();
        assert_eq!((module.as_str(), reason.as_str()), ("C", "writes 3 of 7"));
        let modules = [access("A", 9, 0, 0), access("B", 1, 0, 1)];
        assert_eq!(owner(&modules).unwrap().0, "B");
        assert!(owner(&[access("A", 3, 0, 0)]).is_none());
        assert_eq!(access("A", 1, 1, 0).letters(), "RW");
    }
}
