//! The data model: tables and data files as nodes of their own kind — never packages — and the
//! code nodes (packages, scripts) that read, write, define or map them.
//!
//! Built from the facts' `data` records by [`resolve_data`] once the code graph exists: the
//! referencing node is decided exactly as for code references, and ORM calls (`Mapper->search`,
//! `$card->Load`, `->resultset('Name')->create`) become table uses of the caller through the
//! mapper package's declared table (`data/orm.rs`).
//!
//! Invariants: data nodes sorted by (kind, name) and named by opaque [`DataId`]s; uses sorted;
//! a table position held by a variable is a blind spot on its code node, never a node.

use crate::model::{DepGraph, Location, NodeId, NodeKind};
use crate::resolve::{code_owner, is_test_file, ResolveOptions};
use seam_perl::{Confidence, DataAccess, DataKind, DataVia, FileFacts};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod orm;

/// What a data node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema, strum::IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DataNodeKind {
    /// A database table or view, lowercased (`schema.table` when qualified).
    Table,
    /// A flat file, its path normalised (`{datadir}/fines.dat`).
    DataFile,
}

/// A table or data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataNode {
    /// Table name or normalised path.
    pub name: String,
    /// Table or data file.
    pub kind: DataNodeKind,
    /// Where a schema file defines it (`CREATE TABLE`), sorted; empty when no schema file does.
    pub defined_at: Vec<Location>,
}

/// A node of a [`DataGraph`]: its position in [`DataGraph::nodes`]. Opaque: valid only for the
/// data graph that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DataId(u32);

impl DataId {
    /// The position of the node in [`DataGraph::nodes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    fn from_index(index: usize) -> DataId {
        DataId(u32::try_from(index).expect("fewer than 2^32 data nodes"))
    }
}

/// One use of a table or data file by a code node, at one location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataUse {
    /// The package or script.
    pub from: NodeId,
    /// The table or file.
    pub data: DataId,
    /// Read, write, append, DDL or ORM mapping.
    pub access: DataAccess,
    /// SQL, ORM or file.
    pub via: DataVia,
    /// Parsed (`exact`) or read off clauses and method names (`inferred`).
    pub confidence: Confidence,
    /// Where.
    pub location: Location,
}

impl DataUse {
    /// Whether the use changes the data (write or append).
    pub fn writes(&self) -> bool {
        matches!(self.access, DataAccess::Write | DataAccess::Append)
    }
}

/// Tables defined by schema files: name to locations (`schema/tables.sql:12`).
pub type Schema = BTreeMap<String, Vec<Location>>;

/// Tables and data files and who uses them.
#[derive(Debug, Clone, Default)]
pub struct DataGraph {
    /// Tables and data files, sorted by (kind, name).
    pub nodes: Vec<DataNode>,
    /// Every use, sorted.
    pub uses: Vec<DataUse>,
    /// Data blind spots: a table position held by a variable, per code node, with the location.
    pub blind_spots: Vec<(NodeId, Location)>,
    /// Whether any schema file was read (unknown tables mean something only then).
    pub has_schema: bool,
}

impl DataGraph {
    /// The node `id`.
    pub fn node(&self, id: DataId) -> &DataNode {
        &self.nodes[id.index()]
    }

    /// Every node with its id.
    pub fn iter_nodes(&self) -> impl Iterator<Item = (DataId, &DataNode)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (DataId::from_index(i), n))
    }

    /// Whether the codebase touches no data seam can see (no uses, no blind spots, no schema).
    pub fn is_empty(&self) -> bool {
        self.uses.is_empty() && self.blind_spots.is_empty() && self.nodes.is_empty()
    }
}

/// How an ORM method touches its mapper's table, by name; its one home is the extractor, which
/// reads calls on objects and result sets with it.
pub use seam_perl::orm_method_access;

/// A use read off the facts: (code node, data node kind, name, access, via, confidence, where).
type Named = (
    NodeId,
    DataNodeKind,
    String,
    DataAccess,
    DataVia,
    Confidence,
    Location,
);

/// Resolves the facts' data records against the code graph (built from the same facts with the
/// same options). ORM calls on a mapper class are resolved through `graph.references`, so only
/// when the graph kept them; calls on objects and result sets through the facts (`orm.rs`).
/// `schema` lists the tables schema files define.
pub fn resolve_data(
    facts: &[FileFacts],
    graph: &DepGraph,
    options: &ResolveOptions,
    schema: &Schema,
) -> DataGraph {
    let code: HashMap<(NodeKind, &str), NodeId> = graph
        .iter_nodes()
        .map(|(id, node)| ((node.kind, node.name.as_str()), id))
        .collect();
    let mut named: Vec<Named> = Vec::new();
    let mut blind_spots = Vec::new();
    let mut orm_calls: Vec<orm::OrmCall> = Vec::new();
    let mut namespaces: BTreeSet<String> = BTreeSet::new();
    for file in facts {
        if file.data.is_empty() || (!options.include_tests && is_test_file(&file.path)) {
            continue;
        }
        let is_script = code.contains_key(&(NodeKind::Script, file.path.as_str()));
        for data in &file.data {
            let Some((kind, name)) =
                code_owner(file, &data.package, is_script, &options.template_roots)
            else {
                continue;
            };
            let Some(&from) = code.get(&(kind, name.as_str())) else {
                continue;
            };
            let location = Location {
                file: file.path.clone(),
                line: data.line,
            };
            let kind = match data.kind {
                DataKind::Table => DataNodeKind::Table,
                DataKind::DataFile => DataNodeKind::DataFile,
                DataKind::Dynamic => {
                    blind_spots.push((from, location));
                    continue;
                }
                DataKind::ResultNamespace => {
                    namespaces.insert(data.target.clone());
                    continue;
                }
                DataKind::ResultSource | DataKind::OrmClass => {
                    let call = (from, data.kind, data.target.clone(), data.access, location);
                    orm_calls.push(call);
                    continue;
                }
            };
            named.push((
                from,
                kind,
                data.target.clone(),
                data.access,
                data.via,
                data.confidence,
                location,
            ));
        }
    }
    // ORM calls: `Mapper->search(...)` reads the table `Mapper` maps, by the caller
    let (orm_uses, orm_blind_spots) = orm::resolve(graph, &code, &named, orm_calls, &namespaces);
    named.extend(orm_uses);
    blind_spots.extend(orm_blind_spots);

    let mut nodes: BTreeMap<(DataNodeKind, String), Vec<Location>> = BTreeMap::new();
    for (_, kind, name, ..) in &named {
        nodes.entry((*kind, name.clone())).or_default();
    }
    for (table, locations) in schema {
        nodes
            .entry((DataNodeKind::Table, table.clone()))
            .or_default()
            .extend(locations.iter().cloned());
    }
    let ids: HashMap<(DataNodeKind, String), DataId> = nodes
        .keys()
        .enumerate()
        .map(|(i, key)| (key.clone(), DataId::from_index(i)))
        .collect();
    let mut uses: Vec<DataUse> = named
        .into_iter()
        .map(
            |(from, kind, name, access, via, confidence, location)| DataUse {
                from,
                data: ids[&(kind, name)],
                access,
                via,
                confidence,
                location,
            },
        )
        .collect();
    uses.sort();
    uses.dedup();
    blind_spots.sort();
    DataGraph {
        nodes: nodes
            .into_iter()
            .map(|((kind, name), mut defined_at)| {
                defined_at.sort();
                DataNode {
                    name,
                    kind,
                    defined_at,
                }
            })
            .collect(),
        uses,
        blind_spots,
        has_schema: !schema.is_empty(),
    }
}

/// The data nodes and use edges drawn next to a rendered code graph (`seam graph --with-data`):
/// only tables and files some shown node uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataOverlay {
    /// (name, kind) of each data node drawn, sorted.
    pub nodes: Vec<(String, DataNodeKind)>,
    /// (shown code node, position in `nodes`) → uses.
    pub edges: BTreeMap<(NodeId, usize), UseCounts>,
}

/// How often a code node reads, writes and otherwise touches (DDL, ORM mapping) one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UseCounts {
    /// Reads.
    pub reads: u32,
    /// Writes and appends.
    pub writes: u32,
    /// DDL and ORM mappings.
    pub other: u32,
}

impl DataOverlay {
    /// The overlay for `shown` (a package, file or module graph, perhaps filtered), whose node a
    /// package-graph node is drawn in is named by `name_of` (its name, file or module label).
    pub fn new(data: &DataGraph, shown: &DepGraph, name_of: impl Fn(NodeId) -> String) -> Self {
        let index: HashMap<&str, NodeId> = shown
            .iter_nodes()
            .map(|(id, node)| (node.name.as_str(), id))
            .collect();
        let mut counts: BTreeMap<(NodeId, DataId), UseCounts> = BTreeMap::new();
        for used in &data.uses {
            let Some(&at) = index.get(name_of(used.from).as_str()) else {
                continue;
            };
            let entry = counts.entry((at, used.data)).or_default();
            match used.access {
                DataAccess::Read => entry.reads += 1,
                DataAccess::Write | DataAccess::Append => entry.writes += 1,
                DataAccess::Ddl | DataAccess::Map => entry.other += 1,
            }
        }
        let drawn: std::collections::BTreeSet<DataId> = counts.keys().map(|&(_, d)| d).collect();
        let position: HashMap<DataId, usize> =
            drawn.iter().enumerate().map(|(i, &d)| (d, i)).collect();
        DataOverlay {
            nodes: drawn
                .iter()
                .map(|&d| (data.node(d).name.clone(), data.node(d).kind))
                .collect(),
            edges: counts
                .into_iter()
                .map(|((at, d), c)| ((at, position[&d]), c))
                .collect(),
        }
    }
}
