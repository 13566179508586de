//! Dependency cycles (strongly connected components) and the cheapest references to cut to break
//! each: a weighted feedback arc set, found greedily (Eades–Lin–Smyth ordering with weights, then
//! every cut edge that does not close a cycle again is put back).

use crate::model::{DepGraph, Location, NodeKind};
use petgraph::algo::tarjan_scc;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One cycle: a strongly connected component of more than one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Cycle {
    /// Member names, sorted.
    pub members: Vec<String>,
    /// Edges inside the component.
    pub edges: usize,
    /// The edges to remove to break every cycle in it, cheapest coupling first.
    pub breakers: Vec<Breaker>,
    /// Weighted coupling of the breakers together: the cost of cutting.
    pub cut_weight: u32,
}

/// An edge whose removal helps break a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Breaker {
    /// Depending node.
    pub from: String,
    /// Depended-on node.
    pub to: String,
    /// Weighted coupling of the edge.
    pub weight: u32,
    /// References on the edge.
    pub references: u32,
    /// Where they are.
    pub locations: Vec<Location>,
}

/// The cycles of `graph` among internal nodes, largest first.
pub fn cycles(graph: &DepGraph) -> Vec<Cycle> {
    let view = graph.petgraph(|node| node.kind != NodeKind::External);
    let mut found: Vec<Cycle> = tarjan_scc(&view)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let members: BTreeSet<usize> = component.iter().map(|&ix| view[ix]).collect();
            cycle(graph, &members)
        })
        .collect();
    found.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.members.cmp(&b.members))
    });
    found
}

fn cycle(graph: &DepGraph, members: &BTreeSet<usize>) -> Cycle {
    let inside: BTreeMap<(usize, usize), u32> = graph
        .edges
        .iter()
        .filter(|((from, to), _)| members.contains(from) && members.contains(to) && from != to)
        .map(|(&key, stats)| (key, stats.weight()))
        .collect();
    let cut = feedback_arc_set(members, &inside);
    let mut breakers: Vec<Breaker> = cut
        .iter()
        .map(|&(from, to)| {
            let stats = &graph.edges[&(from, to)];
            Breaker {
                from: graph.nodes[from].name.clone(),
                to: graph.nodes[to].name.clone(),
                weight: stats.weight(),
                references: stats.references,
                locations: stats.locations.clone(),
            }
        })
        .collect();
    breakers.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    Cycle {
        members: members
            .iter()
            .map(|&i| graph.nodes[i].name.clone())
            .collect(),
        edges: inside.len(),
        cut_weight: breakers.iter().map(|b| b.weight).sum(),
        breakers,
    }
}

/// A small-weight set of edges whose removal leaves `nodes` acyclic.
fn feedback_arc_set(
    nodes: &BTreeSet<usize>,
    edges: &BTreeMap<(usize, usize), u32>,
) -> Vec<(usize, usize)> {
    let order = eades_order(nodes, edges);
    let position: BTreeMap<usize, usize> = order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut cut: Vec<((usize, usize), u32)> = edges
        .iter()
        .filter(|((from, to), _)| position[from] > position[to])
        .map(|(&key, &w)| (key, w))
        .collect();
    // put back the heaviest cut edges that no longer close a cycle
    cut.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let cut_set: BTreeSet<(usize, usize)> = cut.iter().map(|(e, _)| *e).collect();
    let mut kept: BTreeSet<(usize, usize)> = edges
        .keys()
        .copied()
        .filter(|key| !cut_set.contains(key))
        .collect();
    let mut final_cut = Vec::new();
    for (edge, _) in cut {
        if reachable(&kept, edge.1, edge.0) {
            final_cut.push(edge);
        } else {
            kept.insert(edge);
        }
    }
    final_cut.sort();
    final_cut
}

/// Eades–Lin–Smyth ordering with weights: sinks go to the back, sources to the front, otherwise
/// the node with the largest (weighted out − weighted in) goes to the front. Edges that point
/// backwards in the order form a feedback arc set.
fn eades_order(nodes: &BTreeSet<usize>, edges: &BTreeMap<(usize, usize), u32>) -> Vec<usize> {
    let mut out_weight: BTreeMap<usize, i64> = nodes.iter().map(|&n| (n, 0)).collect();
    let mut in_weight = out_weight.clone();
    let mut successors: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
    let mut predecessors: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
    for (&(from, to), &w) in edges {
        let w = i64::from(w);
        *out_weight
            .get_mut(&from)
            .expect("edge inside the component") += w;
        *in_weight.get_mut(&to).expect("edge inside the component") += w;
        successors.entry(from).or_default().push((to, w));
        predecessors.entry(to).or_default().push((from, w));
    }
    let mut remaining = nodes.clone();
    let mut front = Vec::new();
    let mut back = Vec::new();
    let remove = |node: usize,
                  remaining: &mut BTreeSet<usize>,
                  out_weight: &mut BTreeMap<usize, i64>,
                  in_weight: &mut BTreeMap<usize, i64>| {
        remaining.remove(&node);
        for &(to, w) in successors.get(&node).into_iter().flatten() {
            if remaining.contains(&to) {
                *in_weight.get_mut(&to).expect("known node") -= w;
            }
        }
        for &(from, w) in predecessors.get(&node).into_iter().flatten() {
            if remaining.contains(&from) {
                *out_weight.get_mut(&from).expect("known node") -= w;
            }
        }
    };
    while !remaining.is_empty() {
        let sink = remaining.iter().copied().find(|n| out_weight[n] == 0);
        if let Some(node) = sink {
            back.push(node);
            remove(node, &mut remaining, &mut out_weight, &mut in_weight);
            continue;
        }
        let source = remaining.iter().copied().find(|n| in_weight[n] == 0);
        if let Some(node) = source {
            front.push(node);
            remove(node, &mut remaining, &mut out_weight, &mut in_weight);
            continue;
        }
        let best = remaining
            .iter()
            .copied()
            .max_by_key(|n| (out_weight[n] - in_weight[n], std::cmp::Reverse(*n)))
            .expect("remaining is not empty");
        front.push(best);
        remove(best, &mut remaining, &mut out_weight, &mut in_weight);
    }
    back.reverse();
    front.extend(back);
    front
}

/// Whether `to` is reachable from `from` over `edges`.
fn reachable(edges: &BTreeSet<(usize, usize)>, from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::from([from]);
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        for &(_, next) in edges.range((node, 0)..(node + 1, 0)) {
            if seen.insert(next) {
                stack.push(next);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_the_light_edge_of_a_two_cycle() {
        let nodes = BTreeSet::from([0, 1]);
        let edges = BTreeMap::from([((0, 1), 10), ((1, 0), 1)]);
        assert_eq!(feedback_arc_set(&nodes, &edges), vec![(1, 0)]);
    }

    #[test]
    fn breaks_every_cycle_of_a_triangle_with_a_chord() {
        let nodes = BTreeSet::from([0, 1, 2]);
        let edges = BTreeMap::from([((0, 1), 5), ((1, 2), 5), ((2, 0), 1), ((1, 0), 1)]);
        let cut = feedback_arc_set(&nodes, &edges);
        let kept: BTreeSet<(usize, usize)> =
            edges.keys().copied().filter(|e| !cut.contains(e)).collect();
        for &(a, b) in &kept {
            assert!(!reachable(&kept, b, a), "cycle through {a}->{b} remains");
        }
        assert_eq!(cut, vec![(1, 0), (2, 0)]);
    }
}
