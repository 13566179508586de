//! Coupling hotspots: the packages an architect should look at first, each ranked by a documented
//! score and shown with the numbers behind it and its heaviest edges.
//!
//! | kind | score | why it matters |
//! |---|---|---|
//! | `cross_module` | modules in × modules out (distinct other modules depending on it, and that it depends on) | it ties modules together: every boundary drawn around it is crossed both ways |
//! | `god_package` | code lines × fan-in × fan-out (distinct internal packages) | big, used by many, using many: changes here ripple |
//! | `wide_interface` | distinct symbols other modules use from it | the API a boundary here would have to offer |
//! | `cycle_hub` | edges inside its cycle (in + out) | the package holding the largest cycles together |
//! | `churn` | revisions × complexity (from the git history; `seam-history` adds them) | complex code the team keeps changing: where effort and defects go |
//!
//! Within a kind, hotspots are sorted by score (ties: by name). The overview mixes kinds by each
//! one's score relative to the top score of its kind.

use crate::cycles::Cycle;
use crate::model::{DepGraph, Location, NodeId, NodeKind};
use crate::partition::Partition;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// How many hotspots of each kind are kept.
pub const PER_KIND: usize = 20;

/// The kinds of hotspot.
// Its name (`god_package`...) is written once, on the variant: serde and strum
// (`IntoStaticStr`) both derive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Serialize, schemars::JsonSchema)]
#[derive(strum::VariantArray, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum HotspotKind {
    /// Concentrates cross-module coupling.
    CrossModule,
    /// Size × fan-in × fan-out.
    GodPackage,
    /// Most symbols used from outside its module.
    WideInterface,
    /// Hub of a large cycle.
    CycleHub,
    /// Often changed and complex (from the version history).
    Churn,
}

impl HotspotKind {
    /// Every ranking, in declaration order.
    pub fn all() -> &'static [HotspotKind] {
        <HotspotKind as strum::VariantArray>::VARIANTS
    }

    /// What the ranking's score is, in words (the table above).
    pub fn score_formula(self) -> &'static str {
        match self {
            HotspotKind::CrossModule => "modules in × modules out",
            HotspotKind::GodPackage => "code lines × fan-in × fan-out",
            HotspotKind::WideInterface => "symbols other modules use",
            HotspotKind::CycleHub => "edges inside its cycle",
            HotspotKind::Churn => "revisions × complexity",
        }
    }

    /// Why a high score matters (the table above).
    pub fn meaning(self) -> &'static str {
        match self {
            HotspotKind::CrossModule => "ties modules together both ways",
            HotspotKind::GodPackage => "big, used by many, using many: changes ripple",
            HotspotKind::WideInterface => "the API a boundary here would have to offer",
            HotspotKind::CycleHub => "holds the largest cycles together",
            HotspotKind::Churn => "complex code the team keeps changing",
        }
    }
}

/// One hotspot.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Hotspot {
    /// Which ranking.
    pub kind: HotspotKind,
    /// The package (or script).
    pub name: String,
    /// Its module.
    pub module: String,
    /// The score the ranking sorts by.
    pub score: u64,
    /// Score relative to the top of its kind (0..1], for mixing kinds.
    pub relative: f64,
    /// The numbers behind the score.
    pub numbers: BTreeMap<String, u64>,
    /// The heaviest edges that make it a hotspot.
    pub top_edges: Vec<EdgeRef>,
}

/// An edge, for showing where coupling is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EdgeRef {
    /// Depending node.
    pub from: String,
    /// Depended-on node.
    pub to: String,
    /// References on the edge.
    pub references: u32,
    /// A few of the symbols used.
    pub symbols: Vec<String>,
    /// Where.
    pub locations: Vec<Location>,
}

fn edge_ref(graph: &DepGraph, from: NodeId, to: NodeId) -> EdgeRef {
    let stats = &graph.edges[&(from, to)];
    EdgeRef {
        from: graph.node(from).name.clone(),
        to: graph.node(to).name.clone(),
        references: stats.references,
        symbols: stats.symbols.iter().take(5).cloned().collect(),
        locations: stats.locations.iter().take(3).cloned().collect(),
    }
}

/// The heaviest of the given edges.
/// The `count` heaviest of `edges` (ties: by key), heaviest first: each weight looked up once and
/// only the first `count` sorted (a hub's thousands of edges are not).
fn heaviest(graph: &DepGraph, edges: &[(NodeId, NodeId)], count: usize) -> Vec<EdgeRef> {
    let mut ranked: Vec<(std::cmp::Reverse<u32>, (NodeId, NodeId))> = edges
        .iter()
        .map(|key| (std::cmp::Reverse(graph.edges[key].weight()), *key))
        .collect();
    if ranked.len() > count && count > 0 {
        ranked.select_nth_unstable(count - 1);
    }
    ranked.truncate(count);
    ranked.sort_unstable();
    ranked
        .into_iter()
        .map(|(_, (a, b))| edge_ref(graph, a, b))
        .collect()
}

fn internal(graph: &DepGraph, node: NodeId) -> bool {
    graph.node(node).kind != NodeKind::External
}

/// Every ranking over the package graph, top [`PER_KIND`] each.
pub fn hotspots(graph: &DepGraph, partition: &Partition, package_cycles: &[Cycle]) -> Vec<Hotspot> {
    let n = graph.nodes.len();
    let mut modules_in: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    let mut modules_out: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    let mut fan_in = vec![0u64; n];
    let mut fan_out = vec![0u64; n];
    let mut outside_symbols: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    let mut cross_edges: Vec<Vec<(NodeId, NodeId)>> = vec![Vec::new(); n];
    let mut incoming_cross: Vec<Vec<(NodeId, NodeId)>> = vec![Vec::new(); n];
    let mut touching: Vec<Vec<(NodeId, NodeId)>> = vec![Vec::new(); n];
    for (&(from, to), stats) in &graph.edges {
        if !internal(graph, from) || !internal(graph, to) {
            continue;
        }
        let edge = (from, to);
        let (a, b) = (partition.label(graph, from), partition.label(graph, to));
        let (from, to) = (from.index(), to.index());
        touching[from].push(edge);
        touching[to].push(edge);
        fan_out[from] += 1;
        fan_in[to] += 1;
        if a != b {
            modules_out[from].insert(b);
            modules_in[to].insert(a);
            outside_symbols[to].extend(stats.symbols.iter().map(String::as_str));
            cross_edges[from].push(edge);
            cross_edges[to].push(edge);
            incoming_cross[to].push(edge);
        }
    }
    let mut all = Vec::new();
    let candidates = graph
        .iter_nodes()
        .filter(|(_, node)| node.kind == NodeKind::Package);
    let mut cross = Vec::new();
    let mut god = Vec::new();
    let mut wide = Vec::new();
    for (id, node) in candidates {
        let i = id.index();
        let (mi, mo) = (modules_in[i].len() as u64, modules_out[i].len() as u64);
        if mi * mo > 0 {
            cross.push(Candidate::new(
                HotspotKind::CrossModule,
                id,
                mi * mo,
                &[
                    ("modules_in", mi),
                    ("modules_out", mo),
                    ("fan_in", fan_in[i]),
                    ("fan_out", fan_out[i]),
                ],
                Cow::Borrowed(&cross_edges[i]),
            ));
        }
        let size = u64::from(node.code_lines);
        if size * fan_in[i] * fan_out[i] > 0 {
            god.push(Candidate::new(
                HotspotKind::GodPackage,
                id,
                size * fan_in[i] * fan_out[i],
                &[
                    ("code_lines", size),
                    ("fan_in", fan_in[i]),
                    ("fan_out", fan_out[i]),
                    ("subs", u64::from(node.subs)),
                ],
                Cow::Borrowed(&touching[i]),
            ));
        }
        let symbols = outside_symbols[i].len() as u64;
        if symbols > 0 {
            wide.push(Candidate::new(
                HotspotKind::WideInterface,
                id,
                symbols,
                &[("symbols_used_from_outside", symbols), ("modules_in", mi)],
                Cow::Borrowed(&incoming_cross[i]),
            ));
        }
    }
    let mut hubs = Vec::new();
    for cycle in package_cycles.iter().take(3) {
        let members: BTreeSet<NodeId> = cycle
            .members
            .iter()
            .filter_map(|m| graph.index_of(m))
            .collect();
        let inside: Vec<(NodeId, NodeId)> = graph
            .edges
            .keys()
            .copied()
            .filter(|(a, b)| members.contains(a) && members.contains(b))
            .collect();
        // each member's edges inside the cycle, in one pass over them
        let mut touching: BTreeMap<NodeId, Vec<(NodeId, NodeId)>> =
            members.iter().map(|&m| (m, Vec::new())).collect();
        for &(a, b) in &inside {
            touching.entry(a).or_default().push((a, b));
            if b != a {
                touching.entry(b).or_default().push((a, b));
            }
        }
        let mut ranked: Vec<(u64, NodeId)> = touching
            .iter()
            .map(|(&m, edges)| (edges.len() as u64, m))
            .collect();
        ranked.sort_by_key(|&(degree, m)| (std::cmp::Reverse(degree), m));
        for &(degree, m) in ranked.iter().take(3) {
            hubs.push(Candidate::new(
                HotspotKind::CycleHub,
                m,
                degree,
                &[
                    ("edges_in_cycle", degree),
                    ("cycle_size", cycle.members.len() as u64),
                ],
                Cow::Owned(touching[&m].clone()),
            ));
        }
    }
    // only the hotspots that make their kind's top list are built (names, numbers, heaviest edges)
    for mut ranking in [cross, god, wide, hubs] {
        let name = |c: &Candidate| graph.node(c.node).name.as_str();
        ranking.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| name(a).cmp(name(b))));
        ranking.dedup_by(|a, b| name(a) == name(b));
        ranking.truncate(PER_KIND);
        let top = ranking.first().map_or(1, |h| h.score.max(1));
        all.extend(ranking.into_iter().map(|c| {
            let mut hotspot = hotspot(
                graph,
                partition,
                c.kind,
                c.node,
                c.score,
                &c.numbers,
                heaviest(graph, &c.edges, 3),
            );
            hotspot.relative = crate::metrics::round3(hotspot.score as f64 / top as f64);
            hotspot
        }));
    }
    all
}

/// A package that may rank as a hotspot: what its score comes from, and the edges its heaviest
/// are picked from once it does.
struct Candidate<'a> {
    kind: HotspotKind,
    node: NodeId,
    score: u64,
    numbers: Vec<(&'static str, u64)>,
    edges: Cow<'a, [(NodeId, NodeId)]>,
}

impl<'a> Candidate<'a> {
    fn new(
        kind: HotspotKind,
        node: NodeId,
        score: u64,
        numbers: &[(&'static str, u64)],
        edges: Cow<'a, [(NodeId, NodeId)]>,
    ) -> Self {
        Candidate {
            kind,
            node,
            score,
            numbers: numbers.to_vec(),
            edges,
        }
    }
}

fn hotspot(
    graph: &DepGraph,
    partition: &Partition,
    kind: HotspotKind,
    node: NodeId,
    score: u64,
    numbers: &[(&str, u64)],
    top_edges: Vec<EdgeRef>,
) -> Hotspot {
    Hotspot {
        kind,
        name: graph.node(node).name.clone(),
        module: partition.label(graph, node).to_string(),
        score,
        relative: 0.0,
        numbers: numbers.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        top_edges,
    }
}

/// The overview: hotspots of every kind mixed by relative score, best first, each package once
/// (under the kind where it ranks highest).
pub fn top(hotspots: &[Hotspot], count: usize) -> Vec<&Hotspot> {
    let mut all: Vec<&Hotspot> = hotspots.iter().collect();
    all.sort_by(|a, b| {
        b.relative
            .total_cmp(&a.relative)
            .then_with(|| b.score.cmp(&a.score))
            .then_with(|| (a.kind, &a.name).cmp(&(b.kind, &b.name)))
    });
    let mut seen = std::collections::BTreeSet::new();
    all.retain(|h| seen.insert(h.name.as_str()));
    all.truncate(count);
    all
}

#[cfg(test)]
mod tests {
    use super::HotspotKind;

    #[test]
    fn kind_names_match_their_serialized_form() {
        for &kind in <HotspotKind as strum::VariantArray>::VARIANTS {
            let name: &str = kind.into();
            assert_eq!(serde_json::to_value(kind).unwrap(), name, "{kind:?}");
        }
    }
}
