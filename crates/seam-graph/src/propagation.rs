//! Propagation cost (MacCormack, Rusnak & Baldwin 2006): the share of the system a change can
//! reach through dependencies. With the visibility matrix V (node i sees node j when j is
//! reachable from i, each node sees itself), PC = (number of 1s in V) / n².

use crate::metrics::round3;
use crate::model::{DepGraph, NodeId, NodeKind};

/// For each internal node (by [`NodeId::index`]), how many internal nodes (itself included) it
/// can reach; `None` for external nodes.
pub fn reach(graph: &DepGraph) -> Vec<Option<usize>> {
    let internal: Vec<bool> = graph
        .nodes
        .iter()
        .map(|n| n.kind != NodeKind::External)
        .collect();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); graph.nodes.len()];
    for &(from, to) in graph.edges.keys() {
        let (from, to) = (from.index(), to.index());
        if internal[from] && internal[to] {
            successors[from].push(to);
        }
    }
    let mut seen = vec![usize::MAX; graph.nodes.len()];
    let mut stack = Vec::new();
    (0..graph.nodes.len())
        .map(|start| {
            if !internal[start] {
                return None;
            }
            let mut count = 0;
            seen[start] = start;
            stack.push(start);
            while let Some(node) = stack.pop() {
                count += 1;
                for &next in &successors[node] {
                    if seen[next] != start {
                        seen[next] = start;
                        stack.push(next);
                    }
                }
            }
            Some(count)
        })
        .collect()
}

/// Propagation cost of the whole graph (internal nodes), 0..1.
pub fn propagation_cost(reach: &[Option<usize>]) -> f64 {
    let n = reach.iter().flatten().count();
    if n == 0 {
        return 0.0;
    }
    let visible: usize = reach.iter().flatten().sum();
    round3(visible as f64 / (n * n) as f64)
}

/// Propagation cost of a group of nodes: the average share of the system each member reaches.
pub fn group_propagation_cost(reach: &[Option<usize>], members: &[NodeId]) -> f64 {
    let n = reach.iter().flatten().count();
    let reached: Vec<usize> = members.iter().filter_map(|&m| reach[m.index()]).collect();
    if n == 0 || reached.is_empty() {
        return 0.0;
    }
    round3(reached.iter().sum::<usize>() as f64 / (reached.len() * n) as f64)
}

/// The share of the system that depends on a group of nodes, directly or not (the group
/// included): what a change to the group can affect. One breadth-first walk of the reversed
/// internal edges from all members at once.
pub fn group_impact(graph: &DepGraph, members: &[NodeId]) -> f64 {
    let internal = |i: usize| graph.nodes[i].kind != NodeKind::External;
    let n = (0..graph.nodes.len()).filter(|&i| internal(i)).count();
    if n == 0 || members.is_empty() {
        return 0.0;
    }
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); graph.nodes.len()];
    for &(from, to) in graph.edges.keys() {
        if internal(from.index()) && internal(to.index()) {
            users[to.index()].push(from.index());
        }
    }
    let mut seen = vec![false; graph.nodes.len()];
    let mut stack: Vec<usize> = Vec::new();
    for member in members {
        if internal(member.index()) && !seen[member.index()] {
            seen[member.index()] = true;
            stack.push(member.index());
        }
    }
    let mut count = 0;
    while let Some(node) = stack.pop() {
        count += 1;
        for &user in &users[node] {
            if !seen[user] {
                seen[user] = true;
                stack.push(user);
            }
        }
    }
    round3(count as f64 / n as f64)
}
