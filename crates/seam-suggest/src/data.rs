//! The `data` layer: packages that write the same table are tied (a service extracted without
//! the other writers would need a data sync); a reader is tied weakly to the table's writers.
//!
//! Per table with `w` writing packages, each writer pair weighs `1 / (w - 1)` and each
//! (reader, writer) pair `READ / w`, so that a table every package touches spreads a bounded weight
//! instead of a clique of full-weight edges; tables written by more than [`MAX_WRITERS`] packages
//! (an audit log, a session table) tie nothing: they are shared infrastructure, not a seam.

use seam_graph::{DataGraph, DataId, NodeId};
use std::collections::{BTreeMap, BTreeSet};

/// A table written by more packages than this ties nothing.
pub const MAX_WRITERS: usize = 12;

/// What one read weighs against one co-write.
pub const READ: f64 = 0.25;

/// The layer's edges: (package, package) → weight, `a < b`.
pub fn layer(data: &DataGraph) -> BTreeMap<(NodeId, NodeId), f64> {
    let mut writers: BTreeMap<DataId, BTreeSet<NodeId>> = BTreeMap::new();
    let mut readers: BTreeMap<DataId, BTreeSet<NodeId>> = BTreeMap::new();
    for used in &data.uses {
        let side = if used.writes() {
            &mut writers
        } else if used.access == seam_perl::DataAccess::Read {
            &mut readers
        } else {
            continue;
        };
        side.entry(used.data).or_default().insert(used.from);
    }
    let mut edges: BTreeMap<(NodeId, NodeId), f64> = BTreeMap::new();
    let mut add = |a: NodeId, b: NodeId, weight: f64| {
        if a != b {
            *edges.entry((a.min(b), a.max(b))).or_default() += weight;
        }
    };
    for (table, written) in &writers {
        let w = written.len();
        if w > MAX_WRITERS {
            continue;
        }
        let list: Vec<NodeId> = written.iter().copied().collect();
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                add(a, b, 1.0 / (w - 1) as f64);
            }
        }
        for &reader in readers.get(table).into_iter().flatten() {
            if !written.contains(&reader) {
                for &writer in &list {
                    add(reader, writer, READ / w as f64);
                }
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_writers_are_tied_readers_weakly_and_crowded_tables_not_at_all() {
        let mut extractor = seam_perl::Extractor::new(Default::default());
        let write = |p: &str, t: &str| {
            format!("package {p};\nsub f {{ $dbh->do('UPDATE {t} SET a = 1') }}\n1;\n")
        };
        let read = |p: &str, t: &str| {
            format!("package {p};\nsub f {{ $dbh->do('SELECT a FROM {t}') }}\n1;\n")
        };
        let mut files = vec![
            ("lib/A.pm".to_string(), write("A", "orders")),
            ("lib/B.pm".to_string(), write("B", "orders")),
            ("lib/R.pm".to_string(), read("R", "orders")),
        ];
        for i in 0..=MAX_WRITERS {
            files.push((format!("lib/L{i}.pm"), write(&format!("L{i}"), "audit_log")));
        }
        let facts: Vec<_> = files
            .iter()
            .map(|(path, text)| extractor.extract(path, text.as_bytes()))
            .collect();
        let options = seam_graph::ResolveOptions::default();
        let (graph, _) = seam_graph::resolve(&facts, &options);
        let data = seam_graph::resolve_data(&facts, &graph, &options, &Default::default());
        let id = |name: &str| graph.index_of(name).unwrap();
        let edges = layer(&data);
        let pair = |a: &str, b: &str| edges.get(&(id(a).min(id(b)), id(a).max(id(b)))).copied();
        assert_eq!(pair("A", "B"), Some(1.0));
        assert_eq!(pair("R", "A"), Some(READ / 2.0));
        assert_eq!(
            pair("L0", "L1"),
            None,
            "a table everyone writes ties nothing"
        );
    }
}
