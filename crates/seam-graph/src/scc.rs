//! Strongly connected components without recursion.
//!
//! `petgraph::algo::tarjan_scc` recurses once per node of a path: a cycle of 20,000 packages
//! overflows the main thread's stack in a debug build (issue 19). This is the same algorithm
//! (Pearce's space-efficient Tarjan, as petgraph implements it) with an explicit stack of frames,
//! so its answer is petgraph's, component for component and member for member: the components in
//! reverse topological order (a component's successors come before it).

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

/// One node being visited: the node, the neighbours not yet looked at, and whether it is still
/// the root of its component.
struct Frame<'g> {
    node: NodeIndex,
    next: petgraph::graph::Neighbors<'g, u32>,
    local_root: bool,
}

/// The strongly connected components of `graph`, in reverse topological order; the same answer
/// as `petgraph::algo::tarjan_scc`, at any depth.
pub(crate) fn strongly_connected<N>(graph: &DiGraph<N, u32>) -> Vec<Vec<NodeIndex>> {
    // 0: not visited; then the visit index, or the component number once assigned (counting
    // down from usize::MAX, so above every visit index)
    let mut root = vec![0usize; graph.node_count()];
    let mut index = 1usize;
    let mut component = usize::MAX;
    let mut stack: Vec<NodeIndex> = Vec::new();
    let mut components = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let enter = |node: NodeIndex, root: &mut Vec<usize>, index: &mut usize| {
        root[node.index()] = *index;
        *index += 1;
        Frame {
            node,
            next: graph.neighbors_directed(node, Direction::Outgoing),
            local_root: true,
        }
    };
    for start in graph.node_indices() {
        if root[start.index()] != 0 {
            continue;
        }
        frames.push(enter(start, &mut root, &mut index));
        while let Some(frame) = frames.last_mut() {
            let v = frame.node;
            if let Some(w) = frame.next.next() {
                if root[w.index()] == 0 {
                    frames.push(enter(w, &mut root, &mut index));
                } else if root[w.index()] < root[v.index()] {
                    root[v.index()] = root[w.index()];
                    frame.local_root = false;
                }
                continue;
            }
            let Frame { local_root, .. } = frames.pop().expect("a frame is on the stack");
            if local_root {
                let rv = root[v.index()];
                let mut adjustment = 1;
                let begin = stack
                    .iter()
                    .rposition(|&w| {
                        if rv > root[w.index()] {
                            true
                        } else {
                            root[w.index()] = component;
                            adjustment += 1;
                            false
                        }
                    })
                    .map_or(0, |x| x + 1);
                root[v.index()] = component;
                stack.push(v);
                components.push(stack[begin..].to_vec());
                stack.truncate(begin);
                index -= adjustment;
                component -= 1;
            } else {
                stack.push(v);
            }
            // back in the parent: what the child reached, the parent reaches
            if let Some(parent) = frames.last_mut() {
                let p = parent.node.index();
                if root[v.index()] < root[p] {
                    root[p] = root[v.index()];
                    parent.local_root = false;
                }
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic pseudo-random graph.
    fn random_graph(nodes: usize, edges: usize, seed: u64) -> DiGraph<(), u32> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut graph = DiGraph::new();
        let ids: Vec<_> = (0..nodes).map(|_| graph.add_node(())).collect();
        for _ in 0..edges {
            let (a, b) = (next() % nodes, next() % nodes);
            graph.add_edge(ids[a], ids[b], 1);
        }
        graph
    }

    #[test]
    fn the_same_components_in_the_same_order_as_petgraph() {
        for seed in 0..200 {
            let nodes = 1 + (seed as usize % 40);
            let graph = random_graph(nodes, (seed as usize * 7) % 120, seed);
            assert_eq!(
                strongly_connected(&graph),
                petgraph::algo::tarjan_scc(&graph),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn a_ring_of_a_million_nodes_does_not_overflow_the_stack() {
        let n = 1_000_000;
        let mut graph = DiGraph::<(), u32>::new();
        let ids: Vec<_> = (0..n).map(|_| graph.add_node(())).collect();
        for i in 0..n {
            graph.add_edge(ids[i], ids[(i + 1) % n], 1);
        }
        // a test thread's stack is 2 MB: the recursive version overflows long before this depth
        let components = strongly_connected(&graph);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), n);
    }
}
