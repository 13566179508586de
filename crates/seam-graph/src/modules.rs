//! The namespace depth that fits a codebase, and collapsing the package graph to the module or
//! file level through a [`Partition`].

use crate::model::{DepGraph, Node, NodeId, NodeKind, ResolvedRef};
use crate::partition::{Partition, EXTERNAL};
use seam_perl::FileFacts;
use std::collections::BTreeMap;

/// The namespace depth that fits the codebase: 2 when one or two namespace roots hold most
/// packages (`MyApp::*`, `C4::*` + `Koha::*`), so modules are `MyApp::Billing`; 1 when packages
/// are spread over many roots (a CPAN-style tree), so modules are the roots.
pub fn automatic_depth(facts: &[FileFacts]) -> usize {
    let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0;
    for package in facts.iter().flat_map(|f| &f.packages) {
        *roots
            .entry(package.name.split("::").next().unwrap_or(""))
            .or_default() += 1;
        total += 1;
    }
    let mut sizes: Vec<usize> = roots.values().copied().collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let top_two: usize = sizes.iter().take(2).sum();
    if total > 0 && top_two * 2 >= total {
        2
    } else {
        1
    }
}

/// A graph collapsed to groups of nodes, and the group of each original node.
struct Collapsed {
    graph: DepGraph,
    group_of: Vec<NodeId>,
}

/// Collapses the package graph: each node maps to a group; edges between groups are merged.
/// Self-edges disappear. Groups are sorted by (kind, name).
fn collapse(graph: &DepGraph, group_of: impl Fn(NodeId, &Node) -> (NodeKind, String)) -> Collapsed {
    let mut groups: BTreeMap<(NodeKind, String), Node> = BTreeMap::new();
    let mut member_group = Vec::with_capacity(graph.nodes.len());
    for (i, node) in graph.iter_nodes() {
        let key = group_of(i, node);
        let group = groups
            .entry(key.clone())
            .or_insert_with(|| Node::bare(key.1.clone(), key.0));
        group.code_lines += node.code_lines;
        group.subs += node.subs;
        group.complexity += node.complexity;
        group.blind_spots += node.blind_spots;
        for file in &node.files {
            if !group.files.contains(file) {
                group.files.push(file.clone());
            }
        }
        member_group.push(key);
    }
    let index: BTreeMap<(NodeKind, String), NodeId> = groups
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, k)| (k, NodeId::from_index(i)))
        .collect();
    let mut collapsed = DepGraph {
        nodes: groups.into_values().collect(),
        edges: BTreeMap::new(),
        // a collapsed view aggregates; its references would only repeat the original's
        references: Vec::new(),
    };
    for node in &mut collapsed.nodes {
        node.files.sort();
    }
    let group_of: Vec<NodeId> = member_group.iter().map(|key| index[key]).collect();
    for (&(from, to), stats) in &graph.edges {
        let (a, b) = (group_of[from.index()], group_of[to.index()]);
        if a != b {
            collapsed.edges.entry((a, b)).or_default().merge(stats);
        }
    }
    Collapsed {
        graph: collapsed,
        group_of,
    }
}

/// The module-level graph of `partition`: one node per module a reader sees
/// ([`Partition::label`]; every external module in one [`EXTERNAL`] node), and the partition of
/// that graph (each module node in its own module).
pub fn module_graph(graph: &DepGraph, partition: &Partition) -> (DepGraph, Partition) {
    let collapsed = collapse(graph, |i, node| {
        let kind = if node.kind == NodeKind::External {
            NodeKind::External
        } else {
            NodeKind::Module
        };
        (kind, partition.label(graph, i).to_string())
    });
    let graph = collapsed.graph;
    let mut names: Vec<String> = Vec::new();
    let of_node = graph
        .nodes
        .iter()
        .map(|node| {
            (node.name != EXTERNAL || node.kind != NodeKind::External).then(|| {
                names.push(node.name.clone());
                names.len() - 1
            })
        })
        .collect();
    let modules = Partition::new(partition.source().clone(), names, of_node);
    (graph, modules)
}

/// The file-level graph: a package belongs to its first file; external modules stay. Each file
/// is in the module of its first node.
pub fn file_graph(graph: &DepGraph, partition: &Partition) -> (DepGraph, Partition) {
    let collapsed = collapse(graph, |_, node| match node.kind {
        NodeKind::External => (NodeKind::External, node.name.clone()),
        _ => (
            NodeKind::File,
            node.files
                .first()
                .cloned()
                .unwrap_or_else(|| node.name.clone()),
        ),
    });
    let files = partition.induced(&collapsed.group_of, collapsed.graph.nodes.len());
    (collapsed.graph, files)
}

/// The module graph of `partition` built from the references of `graph` that `keep` accepts
/// (the graph must keep its references): one node per module of the partition, in id order
/// (node `i` is module `i`, even when nothing references it), one edge per pair of distinct
/// modules. Nodes in no module are left out. The rules judge cycles on this graph, restricted
/// to the reference kinds they count.
pub fn module_graph_of_references(
    graph: &DepGraph,
    partition: &Partition,
    keep: impl Fn(&ResolvedRef) -> bool,
) -> DepGraph {
    let mut modules = DepGraph::default();
    for name in partition.names() {
        modules
            .nodes
            .push(Node::bare(name.clone(), NodeKind::Module));
    }
    for reference in graph.references.iter().filter(|r| keep(r)) {
        let (Some(a), Some(b)) = (
            partition.module_of(reference.from),
            partition.module_of(reference.to),
        ) else {
            continue;
        };
        if a != b {
            modules
                .edges
                .entry((NodeId::from_index(a.index()), NodeId::from_index(b.index())))
                .or_default()
                .add(
                    reference.kind,
                    reference.symbol.as_deref(),
                    reference.location.clone(),
                );
        }
    }
    modules
}
