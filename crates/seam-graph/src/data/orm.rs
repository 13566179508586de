//! ORM calls to table uses of the caller, through the mapper package's declared table (its
//! `access: map` facts): `Mapper->search(...)` (a class-method reference of the code graph),
//! `$obj->Load(...)` on an object of a known class (`orm_class` facts) and
//! `->resultset('Name')->create(...)` (`result_source` facts). Read or write by the method's
//! name ([`seam_perl::orm_method_access`], applied by the extractor for the facts' kinds).
//!
//! A result source `Name` is the mapper package `NS::Name` for a namespace `NS` some schema
//! loads its result classes from (`result_namespace` facts: `load_namespaces`, `load_classes`);
//! with no such package, DBIx::Class's convention `…::Result::Name`. It must be one package:
//! none (the result class is not in the tree) or several (two schemas with the same source
//! name) make the call a data blind spot of the caller, as a table name in a variable is.

use super::{orm_method_access, Named};
use crate::model::{DepGraph, EdgeKind, Location, NodeId, NodeKind};
use seam_perl::{Confidence, DataAccess, DataKind, DataVia};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An ORM call the facts could not name the table of: (caller, kind, class or result source
/// name, access, location).
pub(super) type OrmCall = (NodeId, DataKind, String, DataAccess, Location);

/// The table uses of ORM calls, and the calls whose result class is unknown or ambiguous
/// (blind spots). `named` holds the uses read so far (the mappers' `map` uses among them).
pub(super) fn resolve(
    graph: &DepGraph,
    code: &HashMap<(NodeKind, &str), NodeId>,
    named: &[Named],
    calls: Vec<OrmCall>,
    namespaces: &BTreeSet<String>,
) -> (Vec<Named>, Vec<(NodeId, Location)>) {
    let mut mapped: BTreeMap<NodeId, Vec<String>> = BTreeMap::new();
    for (from, kind, name, access, ..) in named {
        if *access == DataAccess::Map && *kind == super::DataNodeKind::Table {
            let tables = mapped.entry(*from).or_default();
            if !tables.contains(name) {
                tables.push(name.clone());
            }
        }
    }
    let mut uses = Vec::new();
    let mut blind_spots = Vec::new();
    let mut table_uses = |from: NodeId, tables: &[String], access, location: &Location| {
        for table in tables {
            uses.push((
                from,
                super::DataNodeKind::Table,
                table.clone(),
                access,
                DataVia::Orm,
                Confidence::Inferred,
                location.clone(),
            ));
        }
    };
    // `Mapper->search(...)`: a class-method reference to the mapper
    for reference in &graph.references {
        if reference.kind != EdgeKind::ClassMethod {
            continue;
        }
        let (Some(tables), Some(method)) = (mapped.get(&reference.to), &reference.symbol) else {
            continue;
        };
        if let Some(access) = orm_method_access(method) {
            table_uses(reference.from, tables, access, &reference.location);
        }
    }
    let mapper = |class: &str| {
        code.get(&(NodeKind::Package, class))
            .filter(|id| mapped.contains_key(id))
            .copied()
    };
    for (from, kind, target, access, location) in calls {
        let class = match kind {
            DataKind::ResultSource => match result_class(&target, namespaces, &mapped, graph) {
                Some(class) => Some(class),
                None => {
                    blind_spots.push((from, location));
                    continue;
                }
            },
            _ => mapper(&target),
        };
        if let Some(tables) = class.and_then(|class| mapped.get(&class)) {
            table_uses(from, tables, access, &location);
        }
    }
    (uses, blind_spots)
}

/// The one mapper package result source `name` stands for: `NS::name` for the schemas'
/// namespaces, else any mapper named `…::Result::name`.
fn result_class(
    name: &str,
    namespaces: &BTreeSet<String>,
    mapped: &BTreeMap<NodeId, Vec<String>>,
    graph: &DepGraph,
) -> Option<NodeId> {
    let mappers: Vec<(NodeId, &str)> = mapped
        .keys()
        .map(|&id| (id, graph.node(id)))
        .filter(|(_, node)| node.kind == NodeKind::Package)
        .map(|(id, node)| (id, node.name.as_str()))
        .collect();
    let declared: BTreeSet<NodeId> = namespaces
        .iter()
        .filter_map(|namespace| {
            let class = format!("{namespace}::{name}");
            mappers.iter().find(|(_, n)| *n == class).map(|&(id, _)| id)
        })
        .collect();
    let candidates = if declared.is_empty() {
        let suffix = format!("::Result::{name}");
        mappers
            .iter()
            .filter(|(_, n)| n.ends_with(&suffix))
            .map(|&(id, _)| id)
            .collect()
    } else {
        declared
    };
    match candidates.len() {
        1 => candidates.into_iter().next(),
        _ => None,
    }
}
