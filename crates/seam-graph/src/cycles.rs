//! Dependency cycles (strongly connected components) and the cheapest references to cut to break
//! each: a weighted feedback arc set, found greedily (Eades–Lin–Smyth ordering with weights, then
//! every cut edge that does not close a cycle again is put back).

use crate::model::{DepGraph, Location, NodeId, NodeKind};
use crate::scc::strongly_connected;
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
    /// References on the breakers together: cutting these references (`breakers.len()` pairs)
    /// breaks the cycle.
    pub cut_references: u32,
    /// The members in feedback-arc-set order: users before what they use, so that the
    /// breakers are exactly the edges pointing backwards (from a member to one before it) —
    /// the marks on the wrong side of a dependency structure matrix's diagonal.
    pub order: Vec<String>,
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
// The algorithms work on node positions (`NodeId::index`); ids come back at the graph.
pub fn cycles(graph: &DepGraph) -> Vec<Cycle> {
    let view = graph.petgraph(|node| node.kind != NodeKind::External);
    let components: Vec<BTreeSet<usize>> = strongly_connected(&view)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| component.iter().map(|&ix| view[ix].index()).collect())
        .collect();
    // every edge inside a component, bucketed in one pass over the edges
    let mut component_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (c, members) in components.iter().enumerate() {
        for &node in members {
            component_of.insert(node, c);
        }
    }
    let mut inside: Vec<BTreeMap<(usize, usize), u32>> = vec![BTreeMap::new(); components.len()];
    for (&(from, to), stats) in &graph.edges {
        if from == to {
            continue;
        }
        let (from, to) = (from.index(), to.index());
        if let (Some(&a), Some(&b)) = (component_of.get(&from), component_of.get(&to)) {
            if a == b {
                inside[a].insert((from, to), stats.weight());
            }
        }
    }
    let mut found: Vec<Cycle> = components
        .iter()
        .zip(inside)
        .map(|(members, inside)| cycle(graph, members, inside))
        .collect();
    found.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.members.cmp(&b.members))
    });
    found
}

fn cycle(
    graph: &DepGraph,
    members: &BTreeSet<usize>,
    inside: BTreeMap<(usize, usize), u32>,
) -> Cycle {
    let (cut, order) = feedback_arc_set(members, &inside);
    let mut breakers: Vec<Breaker> = cut
        .iter()
        .map(|&(from, to)| {
            let (from, to) = (NodeId::from_index(from), NodeId::from_index(to));
            let stats = &graph.edges[&(from, to)];
            Breaker {
                from: graph.node(from).name.clone(),
                to: graph.node(to).name.clone(),
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
        cut_references: breakers.iter().map(|b| b.references).sum(),
        breakers,
        order: order.iter().map(|&i| graph.nodes[i].name.clone()).collect(),
    }
}

/// A small-weight set of edges whose removal leaves `nodes` acyclic, and an order of `nodes` in
/// which those edges are exactly the ones pointing backwards.
fn feedback_arc_set(
    nodes: &BTreeSet<usize>,
    edges: &BTreeMap<(usize, usize), u32>,
) -> (Vec<(usize, usize)>, Vec<usize>) {
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
    let mut kept = Reachability::new(nodes);
    for &key in edges.keys().filter(|key| !cut_set.contains(key)) {
        kept.add(key);
    }
    let mut final_cut = BTreeSet::new();
    for (edge, _) in cut {
        // past the work budget an edge stays cut: still a feedback arc set, just less minimal
        if kept.exhausted() || kept.reachable(edge.1, edge.0) {
            final_cut.insert(edge);
        } else {
            kept.add(edge);
        }
    }
    // the kept edges are acyclic: a topological order of them (nearest the Eades order) has
    // every kept edge forwards; a cut edge `a → b` stays cut because `b` reaches `a` through
    // kept edges, so it points backwards — unless the budget ran out, when a forward cut edge
    // is simply not needed: the cut is the backward edges of the order, exactly
    let order = kept_order(&order, edges, &final_cut);
    let position: BTreeMap<usize, usize> = order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let backward = edges
        .keys()
        .copied()
        .filter(|(from, to)| position[from] > position[to])
        .collect();
    (backward, order)
}

/// The nodes of `eades` (in that order) topologically sorted over `edges` without `cut`: Kahn's
/// algorithm taking the earliest ready node in `eades` each time.
fn kept_order(
    eades: &[usize],
    edges: &BTreeMap<(usize, usize), u32>,
    cut: &BTreeSet<(usize, usize)>,
) -> Vec<usize> {
    let rank: BTreeMap<usize, usize> = eades.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut successors: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut indegree: BTreeMap<usize, usize> = eades.iter().map(|&n| (n, 0)).collect();
    for &edge in edges.keys().filter(|e| !cut.contains(e)) {
        successors.entry(edge.0).or_default().push(edge.1);
        *indegree
            .get_mut(&edge.1)
            .expect("edge inside the component") += 1;
    }
    let mut ready: BTreeSet<usize> = indegree
        .iter()
        .filter(|(_, &d)| d == 0)
        .map(|(n, _)| rank[n])
        .collect();
    let mut order = Vec::with_capacity(eades.len());
    while let Some(r) = ready.pop_first() {
        let node = eades[r];
        order.push(node);
        for &next in successors.get(&node).map_or(&[][..], Vec::as_slice) {
            let d = indegree.get_mut(&next).expect("edge inside the component");
            *d -= 1;
            if *d == 0 {
                ready.insert(rank[&next]);
            }
        }
    }
    // the kept edges are acyclic by construction; stay total anyway
    if order.len() < eades.len() {
        let placed: BTreeSet<usize> = order.iter().copied().collect();
        order.extend(eades.iter().copied().filter(|n| !placed.contains(n)));
    }
    order
}

/// Eades–Lin–Smyth ordering with weights: sinks go to the back, sources to the front, otherwise
/// the node with the largest (weighted out − weighted in) goes to the front. Edges that point
/// backwards in the order form a feedback arc set. Sinks, sources and the priority order are
/// kept up to date as nodes leave (O((n + m) log n)); ties go to the smallest node.
fn eades_order(nodes: &BTreeSet<usize>, edges: &BTreeMap<(usize, usize), u32>) -> Vec<usize> {
    let mut state = EadesState::new(nodes, edges);
    let mut front = Vec::new();
    let mut back = Vec::new();
    while let Some((node, to_back)) = state.next() {
        if to_back {
            back.push(node);
        } else {
            front.push(node);
        }
        state.remove(node);
    }
    back.reverse();
    front.extend(back);
    front
}

/// The nodes still to order, with their remaining weights and the three ways to pick the next.
struct EadesState {
    out_weight: BTreeMap<usize, i64>,
    in_weight: BTreeMap<usize, i64>,
    successors: BTreeMap<usize, Vec<(usize, i64)>>,
    predecessors: BTreeMap<usize, Vec<(usize, i64)>>,
    remaining: BTreeSet<usize>,
    sinks: BTreeSet<usize>,
    sources: BTreeSet<usize>,
    /// (out − in, Reverse(node)): the last entry is the best pick.
    priority: BTreeSet<(i64, std::cmp::Reverse<usize>)>,
}

impl EadesState {
    fn new(nodes: &BTreeSet<usize>, edges: &BTreeMap<(usize, usize), u32>) -> Self {
        let mut state = EadesState {
            out_weight: nodes.iter().map(|&n| (n, 0)).collect(),
            in_weight: nodes.iter().map(|&n| (n, 0)).collect(),
            successors: BTreeMap::new(),
            predecessors: BTreeMap::new(),
            remaining: nodes.clone(),
            sinks: BTreeSet::new(),
            sources: BTreeSet::new(),
            priority: BTreeSet::new(),
        };
        for (&(from, to), &w) in edges {
            let w = i64::from(w);
            if let Some(out) = state.out_weight.get_mut(&from) {
                *out += w;
            }
            if let Some(inw) = state.in_weight.get_mut(&to) {
                *inw += w;
            }
            state.successors.entry(from).or_default().push((to, w));
            state.predecessors.entry(to).or_default().push((from, w));
        }
        for &n in nodes {
            state.index(n);
        }
        state
    }

    /// Files `node` under its current weights.
    fn index(&mut self, node: usize) {
        let (out, inw) = (self.out_weight[&node], self.in_weight[&node]);
        if out == 0 {
            self.sinks.insert(node);
        }
        if inw == 0 {
            self.sources.insert(node);
        }
        self.priority.insert((out - inw, std::cmp::Reverse(node)));
    }

    fn unindex(&mut self, node: usize) {
        let (out, inw) = (self.out_weight[&node], self.in_weight[&node]);
        self.sinks.remove(&node);
        self.sources.remove(&node);
        self.priority.remove(&(out - inw, std::cmp::Reverse(node)));
    }

    /// The next node, and whether it goes to the back (a sink).
    fn next(&self) -> Option<(usize, bool)> {
        if let Some(&sink) = self.sinks.first() {
            return Some((sink, true));
        }
        if let Some(&source) = self.sources.first() {
            return Some((source, false));
        }
        self.priority
            .last()
            .map(|&(_, std::cmp::Reverse(n))| (n, false))
    }

    fn remove(&mut self, node: usize) {
        self.unindex(node);
        self.remaining.remove(&node);
        let successors = self.successors.get(&node).cloned().unwrap_or_default();
        for (to, w) in successors {
            if self.remaining.contains(&to) {
                self.unindex(to);
                *self.in_weight.get_mut(&to).expect("known node") -= w;
                self.index(to);
            }
        }
        let predecessors = self.predecessors.get(&node).cloned().unwrap_or_default();
        for (from, w) in predecessors {
            if self.remaining.contains(&from) {
                self.unindex(from);
                *self.out_weight.get_mut(&from).expect("known node") -= w;
                self.index(from);
            }
        }
    }
}

/// A growing edge set over a component's nodes that answers reachability by depth-first search
/// over adjacency lists (nodes renumbered densely, visits stamped instead of cleared).
struct Reachability {
    index: BTreeMap<usize, usize>,
    successors: Vec<Vec<usize>>,
    visited: Vec<u32>,
    stamp: u32,
    /// Nodes visited over all searches, against [`REACHABILITY_BUDGET`].
    work: u64,
}

/// Node visits the put-back pass may spend per component: it is quadratic on huge tangled
/// components (20,000 packages took minutes), and deterministic work counting keeps the result
/// the same on every machine. Real codebases measured here stay far below it.
const REACHABILITY_BUDGET: u64 = 20_000_000;

impl Reachability {
    fn new(nodes: &BTreeSet<usize>) -> Self {
        Reachability {
            index: nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect(),
            successors: vec![Vec::new(); nodes.len()],
            visited: vec![0; nodes.len()],
            stamp: 0,
            work: 0,
        }
    }

    fn exhausted(&self) -> bool {
        self.work >= REACHABILITY_BUDGET
    }

    fn add(&mut self, (from, to): (usize, usize)) {
        if let (Some(&a), Some(&b)) = (self.index.get(&from), self.index.get(&to)) {
            self.successors[a].push(b);
        }
    }

    /// Whether `to` is reachable from `from`.
    fn reachable(&mut self, from: usize, to: usize) -> bool {
        let (Some(&start), Some(&goal)) = (self.index.get(&from), self.index.get(&to)) else {
            return false;
        };
        self.stamp += 1;
        self.visited[start] = self.stamp;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            self.work += 1;
            if node == goal {
                return true;
            }
            for &next in &self.successors[node] {
                if self.visited[next] != self.stamp {
                    self.visited[next] = self.stamp;
                    stack.push(next);
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_the_light_edge_of_a_two_cycle() {
        let nodes = BTreeSet::from([0, 1]);
        let edges = BTreeMap::from([((0, 1), 10), ((1, 0), 1)]);
        assert_eq!(feedback_arc_set(&nodes, &edges), (vec![(1, 0)], vec![0, 1]));
    }

    #[test]
    fn breaks_every_cycle_of_a_triangle_with_a_chord() {
        let nodes = BTreeSet::from([0, 1, 2]);
        let edges = BTreeMap::from([((0, 1), 5), ((1, 2), 5), ((2, 0), 1), ((1, 0), 1)]);
        let (cut, order) = feedback_arc_set(&nodes, &edges);
        assert_eq!(order, vec![0, 1, 2]);
        let kept: BTreeSet<(usize, usize)> =
            edges.keys().copied().filter(|e| !cut.contains(e)).collect();
        let mut graph = Reachability::new(&nodes);
        for &edge in &kept {
            graph.add(edge);
        }
        for &(a, b) in &kept {
            assert!(!graph.reachable(b, a), "cycle through {a}->{b} remains");
        }
        assert_eq!(cut, vec![(1, 0), (2, 0)]);
    }

    #[test]
    fn a_ring_is_cut_at_its_lightest_reference_and_ordered_from_the_cut() {
        // 0 → 1 → 2 → 3 → 0, the back reference 3 → 0 lightest: the order starts after it
        let nodes = BTreeSet::from([0, 1, 2, 3]);
        let edges = BTreeMap::from([((0, 1), 4), ((1, 2), 4), ((2, 3), 4), ((3, 0), 1)]);
        assert_eq!(
            feedback_arc_set(&nodes, &edges),
            (vec![(3, 0)], vec![0, 1, 2, 3])
        );
        // the same ring cut elsewhere when another reference is the lightest
        let edges = BTreeMap::from([((0, 1), 4), ((1, 2), 1), ((2, 3), 4), ((3, 0), 4)]);
        assert_eq!(
            feedback_arc_set(&nodes, &edges),
            (vec![(1, 2)], vec![2, 3, 0, 1])
        );
    }

    #[test]
    fn the_cut_is_exactly_the_backward_edges_of_the_order_and_breaks_every_cycle() {
        // small pseudo-random dense graphs (a fixed linear congruential sequence)
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..200 {
            let n = 2 + next(9) as usize;
            let nodes: BTreeSet<usize> = (0..n).collect();
            let mut edges = BTreeMap::new();
            for a in 0..n {
                for b in 0..n {
                    if a != b && next(3) == 0 {
                        edges.insert((a, b), 1 + next(5) as u32);
                    }
                }
            }
            let (cut, order) = feedback_arc_set(&nodes, &edges);
            let position: BTreeMap<usize, usize> =
                order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
            assert_eq!(order.len(), n);
            let backward: Vec<(usize, usize)> = edges
                .keys()
                .copied()
                .filter(|(a, b)| position[a] > position[b])
                .collect();
            assert_eq!(cut, backward);
            // minimal: every cut edge closes a cycle through kept edges
            let mut kept = Reachability::new(&nodes);
            for edge in edges.keys().filter(|e| !cut.contains(e)) {
                kept.add(*edge);
            }
            for &(a, b) in &cut {
                assert!(kept.reachable(b, a), "{a}->{b} cut without need");
            }
        }
    }
}
