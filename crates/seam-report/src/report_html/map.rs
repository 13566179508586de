//! The module map: the condensation of the module graph in layers (a module's column is its
//! [`level`](seam_graph::ModuleReport::level): users on the left, what they use on the right),
//! each tangle (module cycle) one node that links to a map of its own, where its members are laid
//! out along its feedback-arc-set order and the references to cut point backwards. Laid out
//! here (columns by level, order in a column by barycentre sweeps) into inline SVG; every module
//! name is escaped by [`escape`] before it enters the SVG.

use super::layers::{self, Edge, EdgeClass, MapNode};
use super::Page;
use seam_graph::{Analysis, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet};

/// One tangle's own map.
pub struct TangleMap {
    /// Its anchor (`tangle-N`, 1-based like the cycles section).
    pub id: String,
    /// Members.
    pub modules: usize,
    /// References to cut, and the module pairs they are on.
    pub cut_references: u32,
    /// Module pairs to cut.
    pub cut_pairs: usize,
    /// The SVG.
    pub svg: String,
}

/// The map of the whole codebase and one map per tangle.
pub struct ModuleMap {
    /// The SVG (empty when there is no module).
    pub svg: String,
    /// The tangles' maps, largest first.
    pub tangles: Vec<TangleMap>,
}

/// The id of tangle `index` (0-based position in `module_cycles`).
pub fn tangle_anchor(index: usize) -> String {
    format!("tangle-{}", index + 1)
}

/// Module pairs `(from, to)` with a rule finding (not suppressed) between them.
fn rule_pairs(page: &Page<'_>) -> BTreeSet<(String, String)> {
    page.check
        .map(|check| {
            check
                .findings
                .iter()
                .filter(|f| f.status != seam_rules::Status::Suppressed)
                .filter(|f| !f.from_module.is_empty() && !f.to_module.is_empty())
                .map(|f| (f.from_module.clone(), f.to_module.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The map and the tangles' maps.
pub fn module_map(page: &Page<'_>) -> ModuleMap {
    let analysis = page.analysis;
    let graph = &analysis.module_graph;
    let rules = rule_pairs(page);
    let level: BTreeMap<&str, usize> = analysis
        .modules
        .iter()
        .map(|m| (m.name.as_str(), m.level))
        .collect();
    let tangle_of: BTreeMap<&str, usize> = analysis
        .module_cycles
        .iter()
        .enumerate()
        .flat_map(|(c, cycle)| cycle.members.iter().map(move |m| (m.as_str(), c)))
        .collect();
    // one map node per module outside tangles and per tangle
    let mut nodes: Vec<MapNode> = Vec::new();
    let mut unit: BTreeMap<NodeId, usize> = BTreeMap::new();
    let mut tangle_node: BTreeMap<usize, usize> = BTreeMap::new();
    for (id, node) in graph.iter_nodes() {
        if node.kind == NodeKind::External {
            continue;
        }
        let name = node.name.as_str();
        let lvl = level.get(name).copied().unwrap_or(0);
        if let Some(&c) = tangle_of.get(name) {
            let at = *tangle_node.entry(c).or_insert_with(|| {
                let cycle = &analysis.module_cycles[c];
                nodes.push(MapNode {
                    label: format!("Tangle {}: {} modules", c + 1, cycle.members.len()),
                    title: format!(
                        "Tangle {}: {} modules in one cycle; cutting {} references ({} module pairs) breaks it. Click to see its members.",
                        c + 1,
                        cycle.members.len(),
                        cycle.cut_references,
                        cycle.breakers.len()
                    ),
                    href: format!("#{}", tangle_anchor(c)),
                    level: lvl,
                    tangle: true,
                });
                nodes.len() - 1
            });
            unit.insert(id, at);
        } else {
            nodes.push(module_node(analysis, name, lvl));
            unit.insert(id, nodes.len() - 1);
        }
    }
    let mut merged: BTreeMap<(usize, usize), (u32, bool)> = BTreeMap::new();
    for (&(a, b), stats) in &graph.edges {
        let (Some(&x), Some(&y)) = (unit.get(&a), unit.get(&b)) else {
            continue;
        };
        if x == y {
            continue;
        }
        let entry = merged.entry((x, y)).or_default();
        entry.0 += stats.references;
        entry.1 |= rules.contains(&(graph.node(a).name.clone(), graph.node(b).name.clone()));
    }
    let edges: Vec<Edge> = merged
        .into_iter()
        .map(|((from, to), (references, rule))| Edge {
            from,
            to,
            references,
            class: EdgeClass::Plain,
            rule,
        })
        .collect();
    let svg = layers::svg(
        "map",
        "Module map: modules in layers, users on the left, what they use on the right",
        &nodes,
        &edges,
    );
    let tangles = (0..analysis.module_cycles.len())
        .map(|c| tangle_map(analysis, c, &rules))
        .collect();
    ModuleMap { svg, tangles }
}

fn module_node(analysis: &Analysis, name: &str, level: usize) -> MapNode {
    let packages = analysis
        .modules
        .iter()
        .find(|m| m.name == name)
        .map_or(0, |m| m.members.len());
    MapNode {
        label: name.to_string(),
        title: format!("{name}: {packages} packages, level {level}. Click to open its card."),
        href: format!("#{}", super::module_anchor(name)),
        level,
        tangle: false,
    }
}

/// A tangle's members, in columns by the longest chain of kept (not cut) references below each,
/// so that every kept reference points right and every one to cut points left.
fn tangle_map(analysis: &Analysis, c: usize, rules: &BTreeSet<(String, String)>) -> TangleMap {
    let cycle = &analysis.module_cycles[c];
    let graph = &analysis.module_graph;
    let position: BTreeMap<&str, usize> = cycle
        .order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let cut: BTreeSet<(&str, &str)> = cycle
        .breakers
        .iter()
        .map(|b| (b.from.as_str(), b.to.as_str()))
        .collect();
    let mut edges: Vec<Edge> = Vec::new();
    for (&(a, b), stats) in &graph.edges {
        let (na, nb) = (graph.node(a).name.as_str(), graph.node(b).name.as_str());
        let (Some(&x), Some(&y)) = (position.get(na), position.get(nb)) else {
            continue;
        };
        if x == y {
            continue;
        }
        let is_cut = cut.contains(&(na, nb));
        edges.push(Edge {
            from: x,
            to: y,
            references: stats.references,
            class: if is_cut {
                EdgeClass::Cut
            } else {
                EdgeClass::Cycle
            },
            rule: rules.contains(&(na.to_string(), nb.to_string())),
        });
    }
    // levels over the kept edges: the order is topological for them
    let mut level = vec![0usize; cycle.order.len()];
    let mut kept: Vec<Vec<usize>> = vec![Vec::new(); cycle.order.len()];
    for e in edges.iter().filter(|e| e.class != EdgeClass::Cut) {
        kept[e.from].push(e.to);
    }
    for i in (0..cycle.order.len()).rev() {
        level[i] = kept[i].iter().map(|&j| level[j] + 1).max().unwrap_or(0);
    }
    let nodes: Vec<MapNode> = cycle
        .order
        .iter()
        .zip(&level)
        .map(|(name, &l)| module_node(analysis, name, l))
        .collect();
    let id = tangle_anchor(c);
    let svg = layers::svg(
        &id,
        &format!(
            "Tangle {}: its {} modules, references to cut pointing left",
            c + 1,
            cycle.members.len()
        ),
        &nodes,
        &edges,
    );
    TangleMap {
        id,
        modules: cycle.members.len(),
        cut_references: cycle.cut_references,
        cut_pairs: cycle.breakers.len(),
        svg,
    }
}
