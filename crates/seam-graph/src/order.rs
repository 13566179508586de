//! The dependency order of the module graph: users before what they use, each cycle kept
//! together — the order a dependency structure matrix shows, so that in a layered system every
//! mark is on one side of the diagonal and each cycle is a block on it.

use crate::cycles::Cycle;
use crate::model::{DepGraph, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Module-graph node to the number of its cycle (its position in `cycles`), for internal
/// modules in a cycle.
pub fn cycle_blocks(graph: &DepGraph, cycles: &[Cycle]) -> BTreeMap<NodeId, usize> {
    let index: BTreeMap<&str, NodeId> = graph
        .iter_nodes()
        .filter(|(_, n)| n.kind != NodeKind::External)
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut block = BTreeMap::new();
    for (c, cycle) in cycles.iter().enumerate() {
        for member in &cycle.members {
            if let Some(&i) = index.get(member.as_str()) {
                block.insert(i, c);
            }
        }
    }
    block
}

/// The internal modules of `graph`, users before what they use: Kahn's order over the graph
/// with each cycle as one unit (units ready at the same time by name); the modules of a cycle
/// stay together, by name.
pub fn dependency_order(graph: &DepGraph, cycles: &[Cycle]) -> Vec<NodeId> {
    // a unit is a node position, or `usize::MAX - c` for cycle `c`
    let modules: BTreeSet<usize> = graph
        .iter_nodes()
        .filter(|(_, node)| node.kind != NodeKind::External)
        .map(|(i, _)| i.index())
        .collect();
    let blocks = cycle_blocks(graph, cycles);
    let unit = |m: usize| {
        blocks
            .get(&NodeId::from_index(m))
            .map_or(m, |&c| usize::MAX - c)
    };
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &m in &modules {
        members.entry(unit(m)).or_default().push(m);
    }
    let mut incoming: BTreeMap<usize, BTreeSet<usize>> =
        members.keys().map(|&u| (u, BTreeSet::new())).collect();
    for &(a, b) in graph.edges.keys() {
        let (a, b) = (a.index(), b.index());
        if !(modules.contains(&a) && modules.contains(&b)) {
            continue;
        }
        let (x, y) = (unit(a), unit(b));
        if x != y {
            incoming.entry(y).or_default().insert(x);
        }
    }
    let name = |u: usize| graph.nodes[members[&u][0]].name.clone();
    let mut order = Vec::new();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    while done.len() < members.len() {
        let mut ready: Vec<usize> = incoming
            .iter()
            .filter(|(u, from)| !done.contains(u) && from.iter().all(|f| done.contains(f)))
            .map(|(&u, _)| u)
            .collect();
        if ready.is_empty() {
            // cannot happen with cycles contracted; stay total anyway
            ready = members
                .keys()
                .copied()
                .filter(|u| !done.contains(u))
                .collect();
        }
        ready.sort_by_key(|&u| name(u));
        for u in ready {
            done.insert(u);
            order.extend(members[&u].iter().copied().map(NodeId::from_index));
        }
    }
    order
}
