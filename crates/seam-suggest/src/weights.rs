//! The weighted package graph clustering works on: layers of evidence combined into one weight.
//!
//! Today there is one layer, `static`: the references the code makes, weighted per kind (an
//! inheritance or a shared global binds two packages harder than one call). Change coupling from
//! git history and shared database tables are meant to join as further layers with their own
//! factor; [`WeightedGraph::add_layer`] is where they plug in.

use seam_graph::{DepGraph, EdgeKind, NodeId, NodeKind};
use std::collections::BTreeMap;

/// How much one reference of each kind weighs in the `static` layer.
#[derive(Debug, Clone, PartialEq)]
pub struct KindWeights(BTreeMap<EdgeKind, f64>);

impl Default for KindWeights {
    /// Inheritance 5, shared globals 3, `use`/`require`/calls 1, dynamic loads 0.5 (a guess).
    fn default() -> Self {
        KindWeights(
            EdgeKind::ALL
                .into_iter()
                .map(|kind| {
                    let weight = match kind {
                        EdgeKind::Parent | EdgeKind::Role => 5.0,
                        EdgeKind::Variable => 3.0,
                        EdgeKind::SuperCall => 2.0,
                        EdgeKind::DynamicLoad => 0.5,
                        _ => 1.0,
                    };
                    (kind, weight)
                })
                .collect(),
        )
    }
}

impl KindWeights {
    /// The weight of one reference of `kind`.
    pub fn of(&self, kind: EdgeKind) -> f64 {
        self.0.get(&kind).copied().unwrap_or(1.0)
    }

    /// Overrides the weight of `kind`.
    pub fn set(&mut self, kind: EdgeKind, weight: f64) {
        self.0.insert(kind, weight);
    }

    /// Every kind with its weight, in kind order.
    pub fn table(&self) -> Vec<(EdgeKind, f64)> {
        self.0.iter().map(|(&k, &w)| (k, w)).collect()
    }
}

/// Undirected weighted graph over the internal packages of a [`DepGraph`].
#[derive(Debug, Clone)]
pub struct WeightedGraph {
    /// Package node in the [`DepGraph`] of each vertex, in node order (canonical).
    pub nodes: Vec<NodeId>,
    /// `(a, b) -> weight` with `a < b` (vertex indices).
    pub edges: BTreeMap<(usize, usize), f64>,
    /// Layer names with their factors, in the order they were added.
    pub layers: Vec<(String, f64)>,
}

impl WeightedGraph {
    /// The `static` layer of `graph`: internal packages only (scripts consume modules rather than
    /// belong to them; externals are not ours to move). Structure before weak data: package
    /// variable references count once per package pair (a shared global is one tie however often
    /// it is read), and inheritance or a role into another home (`same_home(from, to)` false: a
    /// plugin implementing the core's extension point) weighs as a `use`, so the extension point
    /// stays with its own namespace instead of following its implementations.
    pub fn from_references(
        graph: &DepGraph,
        weights: &KindWeights,
        same_home: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> WeightedGraph {
        let nodes: Vec<NodeId> = graph
            .iter_nodes()
            .filter(|(_, n)| n.kind == NodeKind::Package)
            .map(|(i, _)| i)
            .collect();
        let mut layer = BTreeMap::new();
        for (&(from, to), stats) in &graph.edges {
            let weight: f64 = stats
                .kinds
                .iter()
                .map(|(&kind, &count)| match kind {
                    EdgeKind::Variable => weights.of(kind) * f64::from(count.min(1)),
                    EdgeKind::Parent | EdgeKind::Role if !same_home(from, to) => {
                        weights.of(EdgeKind::Use) * f64::from(count)
                    }
                    _ => weights.of(kind) * f64::from(count),
                })
                .sum();
            layer.insert((from, to), weight);
        }
        let mut weighted = WeightedGraph {
            nodes,
            edges: BTreeMap::new(),
            layers: Vec::new(),
        };
        weighted.add_layer("static", 1.0, &layer);
        weighted
    }

    /// Adds a layer of evidence between graph nodes (`(from node, to node) -> weight`), scaled by
    /// `factor`. Pairs that are not both packages are ignored; direction is dropped.
    pub fn add_layer(&mut self, name: &str, factor: f64, layer: &BTreeMap<(NodeId, NodeId), f64>) {
        let vertex = self.vertex_index();
        for (&(from, to), &weight) in layer {
            let (Some(&a), Some(&b)) = (vertex.get(&from), vertex.get(&to)) else {
                continue;
            };
            if a == b || !(weight.is_finite() && weight > 0.0) {
                continue;
            }
            *self.edges.entry((a.min(b), a.max(b))).or_default() += factor * weight;
        }
        self.layers.push((name.to_string(), factor));
    }

    /// Number of vertices.
    /// The vertex of each node of the graph (a lookup by node index, not a search).
    pub fn vertex_index(&self) -> VertexIndex {
        let size = self.nodes.iter().map(|n| n.index() + 1).max().unwrap_or(0);
        let mut vertex: Vec<Option<usize>> = vec![None; size];
        for (v, &node) in self.nodes.iter().enumerate() {
            vertex[node.index()] = Some(v);
        }
        VertexIndex(vertex)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no vertices.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Total weight of each vertex's edges.
    pub fn strength(&self) -> Vec<f64> {
        let mut strength = vec![0.0; self.len()];
        for (&(a, b), &w) in &self.edges {
            strength[a] += w;
            strength[b] += w;
        }
        strength
    }

    /// Neighbours of each vertex with the edge weight.
    pub fn adjacency(&self) -> Vec<Vec<(usize, f64)>> {
        let mut adjacency = vec![Vec::new(); self.len()];
        for (&(a, b), &w) in &self.edges {
            adjacency[a].push((b, w));
            adjacency[b].push((a, w));
        }
        adjacency
    }
}

/// The vertex of a node of the [`WeightedGraph`] ([`WeightedGraph::vertex_index`]), indexed by
/// the node's index: what a `BTreeMap<NodeId, usize>` of the vertices answers, in constant time.
#[derive(Debug, Clone)]
pub struct VertexIndex(Vec<Option<usize>>);

impl VertexIndex {
    /// The vertex of `node`, if it is one.
    pub fn get(&self, node: &NodeId) -> Option<&usize> {
        self.0.get(node.index()).and_then(Option::as_ref)
    }
}
