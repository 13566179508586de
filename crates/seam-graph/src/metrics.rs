//! Coupling metrics per node: afferent and efferent coupling, instability.

use crate::model::{DepGraph, NodeKind};
use serde::Serialize;

/// Coupling figures of one node, computed over internal edges (externals left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Coupling {
    /// Afferent coupling: distinct internal nodes that depend on this one.
    pub ca: u32,
    /// Efferent coupling: distinct internal nodes this one depends on.
    pub ce: u32,
    /// References in, weighted by kind (`EdgeKind::binding`).
    pub ca_weighted: u32,
    /// References out, weighted by kind.
    pub ce_weighted: u32,
    /// Distinct external modules used.
    pub external: u32,
    /// Instability I = Ce / (Ca + Ce): 0 is stable (only depended on), 1 unstable (only
    /// depends); 0 when isolated. Rounded to 3 decimals.
    pub instability: f64,
}

/// Coupling of every node of `graph`, in node order.
pub fn coupling(graph: &DepGraph) -> Vec<Coupling> {
    let mut all = vec![Coupling::default(); graph.nodes.len()];
    for (&(from, to), stats) in &graph.edges {
        if graph.node(to).kind == NodeKind::External {
            all[from.index()].external += 1;
            continue;
        }
        if graph.node(from).kind == NodeKind::External {
            continue;
        }
        let (from, to) = (from.index(), to.index());
        all[from].ce += 1;
        all[from].ce_weighted += stats.weight();
        all[to].ca += 1;
        all[to].ca_weighted += stats.weight();
    }
    for c in &mut all {
        let total = c.ca + c.ce;
        c.instability = if total == 0 {
            0.0
        } else {
            round3(f64::from(c.ce) / f64::from(total))
        };
    }
    all
}

/// Rounds to 3 decimals: enough for a ratio, and stable in text output.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
