//! Propagation cost (MacCormack, Rusnak & Baldwin 2006): the share of the system a change can
//! reach through dependencies. With the visibility matrix V (node i sees node j when j is
//! reachable from i, each node sees itself), PC = (number of 1s in V) / n².
//!
//! Reachability is counted on the condensation (strongly connected components collapsed): every
//! member of a component reaches the same nodes, so a tangle of 18,000 packages is walked once,
//! not 18,000 times. Components are counted by one walk each while that stays cheap, else by
//! bit sets over the components in topological order (linear in the edges for each 64 targets);
//! both give the exact count.

use crate::metrics::round3;
use crate::model::{DepGraph, NodeId, NodeKind};
use crate::scc::strongly_connected;

/// Reachability of the internal nodes of one graph, computed once for every group asked about.
pub struct Propagation {
    /// For each node (by [`NodeId::index`]), how many internal nodes (itself included) it can
    /// reach; `None` for external nodes.
    reach: Vec<Option<usize>>,
    /// Number of internal nodes.
    internal: usize,
    /// The condensation of the internal nodes.
    condensation: Condensation,
    /// For each component, how many internal nodes (its own included) can reach it.
    reached_by: Vec<usize>,
}

impl Propagation {
    /// Counts what every internal node of `graph` reaches, and what reaches it.
    pub fn new(graph: &DepGraph) -> Self {
        let condensation = Condensation::new(graph);
        let counts = condensation.reach_counts();
        let reach = condensation
            .component_of
            .iter()
            .map(|&c| (c != usize::MAX).then(|| counts[c]))
            .collect();
        Propagation {
            reach,
            internal: condensation.size.iter().sum(),
            reached_by: condensation.reached_by_counts(),
            condensation,
        }
    }

    /// Propagation cost of the whole graph (internal nodes), 0..1.
    pub fn cost(&self) -> f64 {
        if self.internal == 0 {
            return 0.0;
        }
        let visible: usize = self.reach.iter().flatten().sum();
        round3(visible as f64 / (self.internal * self.internal) as f64)
    }

    /// Propagation cost of a group of nodes: the average share of the system each member
    /// reaches.
    pub fn group_cost(&self, members: &[NodeId]) -> f64 {
        let reached: Vec<usize> = members
            .iter()
            .filter_map(|&m| self.reach[m.index()])
            .collect();
        if self.internal == 0 || reached.is_empty() {
            return 0.0;
        }
        round3(reached.iter().sum::<usize>() as f64 / (reached.len() * self.internal) as f64)
    }

    /// The share of the system that depends on a group of nodes, directly or not (the group
    /// included): what a change to the group can affect. Counted on the condensation: a group
    /// inside one component reads its precomputed count; else one walk of the reversed
    /// condensation from the group's components (was: a walk of the nodes per group, which on a
    /// tangle of 50,000 one-package modules cost 50,000²).
    pub fn group_impact(&self, members: &[NodeId]) -> f64 {
        let component_of = &self.condensation.component_of;
        let mut starts: Vec<usize> = members
            .iter()
            .map(|m| component_of[m.index()])
            .filter(|&c| c != usize::MAX)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        if self.internal == 0 || starts.is_empty() {
            return 0.0;
        }
        if let [only] = starts[..] {
            return round3(self.reached_by[only] as f64 / self.internal as f64);
        }
        // one bit per component
        let users = &self.condensation.predecessors;
        let size = &self.condensation.size;
        let mut seen = vec![0u64; users.len().div_ceil(64)];
        let mut visit = |c: usize| {
            let (word, bit) = (c / 64, 1u64 << (c % 64));
            let new = seen[word] & bit == 0;
            seen[word] |= bit;
            new
        };
        let mut count = 0usize;
        let mut stack: Vec<usize> = Vec::new();
        for &c in &starts {
            if visit(c) {
                stack.push(c);
            }
        }
        while let Some(c) = stack.pop() {
            count += size[c];
            for &user in &users[c] {
                if visit(user) {
                    stack.push(user);
                }
            }
        }
        round3(count as f64 / self.internal as f64)
    }
}

/// The strongly connected components of the internal nodes, in reverse topological order (a
/// component's successors have smaller numbers), and the edges between them.
struct Condensation {
    /// For each node (by [`NodeId::index`]), its component; `usize::MAX` for external nodes.
    component_of: Vec<usize>,
    /// Nodes per component.
    size: Vec<usize>,
    /// The components each component uses, sorted.
    successors: Vec<Vec<usize>>,
    /// The components that use each component, sorted.
    predecessors: Vec<Vec<usize>>,
}

impl Condensation {
    fn new(graph: &DepGraph) -> Self {
        let view = graph.petgraph(|node| node.kind != NodeKind::External);
        // components in reverse topological order: a component's successors come before it
        let components = strongly_connected(&view);
        let mut component_of = vec![usize::MAX; graph.nodes.len()];
        for (c, members) in components.iter().enumerate() {
            for &ix in members {
                component_of[view[ix].index()] = c;
            }
        }
        let size: Vec<usize> = components.iter().map(Vec::len).collect();
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
        for &(from, to) in graph.edges.keys() {
            let (a, b) = (component_of[from.index()], component_of[to.index()]);
            if a != usize::MAX && b != usize::MAX && a != b {
                successors[a].push(b);
                predecessors[b].push(a);
            }
        }
        for next in successors.iter_mut().chain(&mut predecessors) {
            next.sort_unstable();
            next.dedup();
        }
        Condensation {
            component_of,
            size,
            successors,
            predecessors,
        }
    }

    /// For each component, how many nodes it reaches (its own included).
    fn reach_counts(&self) -> Vec<usize> {
        by_walks(&self.successors, &self.size)
            .unwrap_or_else(|| by_bitsets(&self.successors, &self.size))
    }

    /// For each component, how many nodes reach it (its own included): the reach of the
    /// reversed condensation, numbered backwards so that successors still come first.
    fn reached_by_counts(&self) -> Vec<usize> {
        let n = self.size.len();
        let flip = |c: usize| n - 1 - c;
        let successors: Vec<Vec<usize>> = (0..n)
            .map(|c| {
                let mut users: Vec<usize> = self.predecessors[flip(c)]
                    .iter()
                    .map(|&u| flip(u))
                    .collect();
                users.sort_unstable();
                users
            })
            .collect();
        let size: Vec<usize> = (0..n).map(|c| self.size[flip(c)]).collect();
        let counts = by_walks(&successors, &size).unwrap_or_else(|| by_bitsets(&successors, &size));
        (0..n).map(|c| counts[flip(c)]).collect()
    }
}

/// What each component reaches (sizes summed, itself included), one walk per component; `None`
/// when the walks would cost more than [`by_bitsets`].
fn by_walks(successors: &[Vec<usize>], size: &[usize]) -> Option<Vec<usize>> {
    let n = successors.len();
    let edges: usize = successors.iter().map(Vec::len).sum();
    // the bit sets' cost, in steps of the same order as a walk's
    let budget = (n + edges).saturating_mul(n.div_ceil(64)).max(1 << 20);
    let mut spent = 0usize;
    let mut seen = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut counts = Vec::with_capacity(n);
    for start in 0..n {
        let mut count = 0;
        seen[start] = start;
        stack.push(start);
        while let Some(c) = stack.pop() {
            count += size[c];
            spent += 1 + successors[c].len();
            for &next in &successors[c] {
                if seen[next] != start {
                    seen[next] = start;
                    stack.push(next);
                }
            }
        }
        if spent > budget {
            return None;
        }
        counts.push(count);
    }
    Some(counts)
}

/// Words of bit set per component and chunk of targets (memory: components × this × 8 bytes).
const CHUNK_BYTES: usize = 32 << 20;

/// What each component reaches, by bit sets: targets in chunks of 64 × words components; in
/// topological order (successors first), a component's set is its own bit and its successors'
/// sets.
fn by_bitsets(successors: &[Vec<usize>], size: &[usize]) -> Vec<usize> {
    let n = successors.len();
    let words = (CHUNK_BYTES / 8 / n.max(1)).clamp(1, n.div_ceil(64).max(1));
    let chunk = words * 64;
    let mut counts = vec![0usize; n];
    let mut sets = vec![0u64; n * words];
    for lo in (0..n).step_by(chunk) {
        let hi = (lo + chunk).min(n);
        // a component reaches only components before it: those before lo reach none of these
        sets[..].fill(0);
        for c in lo..n {
            let (done, rest) = sets.split_at_mut(c * words);
            let own = &mut rest[..words];
            if c < hi {
                own[(c - lo) / 64] |= 1 << ((c - lo) % 64);
            }
            for &s in &successors[c] {
                if s >= lo {
                    for (w, &bits) in own.iter_mut().zip(&done[s * words..(s + 1) * words]) {
                        *w |= bits;
                    }
                }
            }
            for (w, &bits) in own.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    counts[c] += size[lo + w * 64 + b];
                    bits &= bits - 1;
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each component reaches, by a walk from each: the definition.
    fn naive(successors: &[Vec<usize>], size: &[usize]) -> Vec<usize> {
        (0..successors.len())
            .map(|start| {
                let mut seen = vec![false; successors.len()];
                let mut stack = vec![start];
                seen[start] = true;
                let mut count = 0;
                while let Some(c) = stack.pop() {
                    count += size[c];
                    for &s in &successors[c] {
                        if !seen[s] {
                            seen[s] = true;
                            stack.push(s);
                        }
                    }
                }
                count
            })
            .collect()
    }

    #[test]
    fn walks_and_bitsets_count_the_same() {
        // a DAG in reverse topological order (successors have smaller indices), 300 components
        let mut state = 12345u64;
        let mut random = |m: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % m
        };
        let n = 300;
        let successors: Vec<Vec<usize>> = (0..n)
            .map(|c| {
                let mut next: Vec<usize> = (0..random(4))
                    .filter(|_| c > 0)
                    .map(|_| random(c))
                    .collect();
                next.sort_unstable();
                next.dedup();
                next
            })
            .collect();
        let size: Vec<usize> = (0..n).map(|_| 1 + random(3)).collect();
        let expected = naive(&successors, &size);
        assert_eq!(by_walks(&successors, &size).unwrap(), expected);
        assert_eq!(by_bitsets(&successors, &size), expected);
    }

    /// The share of internal nodes that reach any of `members` (a walk of the reversed edges):
    /// the definition of a group's impact.
    fn naive_impact(graph: &DepGraph, members: &[NodeId]) -> f64 {
        let internal = |i: usize| graph.nodes[i].kind != NodeKind::External;
        let mut seen = vec![false; graph.nodes.len()];
        let mut stack: Vec<usize> = members
            .iter()
            .map(|m| m.index())
            .filter(|&i| internal(i))
            .collect();
        for &i in &stack {
            seen[i] = true;
        }
        while let Some(node) = stack.pop() {
            for &(from, to) in graph.edges.keys() {
                let (from, to) = (from.index(), to.index());
                if to == node && internal(from) && !seen[from] {
                    seen[from] = true;
                    stack.push(from);
                }
            }
        }
        let count = seen.iter().filter(|&&s| s).count();
        let total = (0..graph.nodes.len()).filter(|&i| internal(i)).count();
        round3(count as f64 / total as f64)
    }

    #[test]
    fn group_impact_on_the_condensation_is_the_walk_of_the_nodes() {
        let mut state = 777u64;
        let mut random = |m: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % m
        };
        for round in 0..30 {
            let n = 5 + round * 3;
            let mut graph = DepGraph::default();
            for i in 0..n {
                let kind = match i % 9 {
                    8 => NodeKind::External,
                    _ => NodeKind::Package,
                };
                graph
                    .nodes
                    .push(crate::model::Node::bare(format!("N{i}"), kind));
            }
            for _ in 0..n * 2 {
                let (a, b) = (random(n), random(n));
                graph
                    .edges
                    .entry((NodeId::from_index(a), NodeId::from_index(b)))
                    .or_default();
            }
            let propagation = Propagation::new(&graph);
            for _ in 0..10 {
                let members: Vec<NodeId> = (0..1 + random(4))
                    .map(|_| NodeId::from_index(random(n)))
                    .collect();
                assert_eq!(
                    propagation.group_impact(&members),
                    naive_impact(&graph, &members),
                    "round {round}, {members:?}"
                );
            }
        }
    }
}
