//! Cutting a graph down to what a reader can take in: one module, a neighbourhood, heavy edges.

use crate::model::{DepGraph, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Which part of a graph to keep.
#[derive(Debug, Clone, Default)]
pub struct GraphFilter {
    /// Keep nodes of this module, the nodes they touch directly, and the edges that touch it.
    pub module: Option<String>,
    /// Keep nodes within `radius` edges (either direction) of this node.
    pub focus: Option<String>,
    /// Radius around `focus`.
    pub radius: usize,
    /// Drop edges with fewer references than this.
    pub min_weight: u32,
    /// Drop external modules.
    pub no_external: bool,
}

/// Why a filter cannot apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// `--focus` names no node; the closest names are given.
    UnknownNode {
        name: String,
        suggestions: Vec<String>,
    },
    /// `--module` names no module.
    UnknownModule {
        name: String,
        suggestions: Vec<String>,
    },
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, name, suggestions) = match self {
            FilterError::UnknownNode { name, suggestions } => ("node", name, suggestions),
            FilterError::UnknownModule { name, suggestions } => ("module", name, suggestions),
        };
        write!(f, "no {what} named `{name}` in the graph")?;
        if !suggestions.is_empty() {
            write!(
                f,
                "; did you mean {}?",
                suggestions
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for FilterError {}

/// Suggestions for a name that is not there: names that contain it (case-insensitively), share
/// its last segment, or are a typo away (Jaro–Winkler similarity ≥ 0.9), most similar first.
fn similar<'a>(names: impl Iterator<Item = &'a str>, name: &str) -> Vec<String> {
    let wanted = name.to_lowercase();
    let last = wanted.rsplit("::").next().unwrap_or(&wanted).to_string();
    let mut found: Vec<(u64, String)> = names
        .filter_map(|n| {
            let lower = n.to_lowercase();
            let similarity = strsim::jaro_winkler(&lower, &wanted);
            let related =
                lower.contains(&wanted) || lower.rsplit("::").next() == Some(last.as_str());
            (related || similarity >= 0.9).then(|| ((similarity * 1000.0) as u64, n.to_string()))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.dedup_by(|a, b| a.1 == b.1);
    found.into_iter().take(5).map(|(_, n)| n).collect()
}

/// Applies `filter` to `graph`, whose nodes are in the modules `modules` (one name per node);
/// returns the filtered graph and its nodes' modules.
// Works on node positions (`NodeId::index`), as `modules` does.
pub fn filter_graph(
    graph: &DepGraph,
    modules: &[String],
    filter: &GraphFilter,
) -> Result<(DepGraph, Vec<String>), FilterError> {
    let mut keep: BTreeSet<usize> = (0..graph.nodes.len())
        .filter(|&i| !(filter.no_external && graph.nodes[i].kind == NodeKind::External))
        .collect();
    let mut edges: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .filter(|(_, stats)| stats.references >= filter.min_weight)
        .map(|(&(a, b), _)| (a.index(), b.index()))
        .collect();
    if let Some(module) = &filter.module {
        let members: BTreeSet<usize> = (0..graph.nodes.len())
            .filter(|&i| modules[i] == *module || graph.nodes[i].name == *module)
            .collect();
        if members.is_empty() {
            let mut names: Vec<&str> = modules.iter().map(String::as_str).collect();
            names.dedup();
            return Err(FilterError::UnknownModule {
                name: module.clone(),
                suggestions: similar(names.into_iter(), module),
            });
        }
        let neighbours: BTreeSet<usize> = edges
            .iter()
            .filter(|(a, b)| members.contains(a) || members.contains(b))
            .flat_map(|&(a, b)| [a, b])
            .collect();
        keep.retain(|i| members.contains(i) || neighbours.contains(i));
        // edges between two neighbours are another module's business
        edges.retain(|(a, b)| members.contains(a) || members.contains(b));
    }
    if let Some(focus) = &filter.focus {
        let Some(start) = graph.index_of(focus).map(NodeId::index) else {
            return Err(FilterError::UnknownNode {
                name: focus.clone(),
                suggestions: similar(graph.nodes.iter().map(|n| n.name.as_str()), focus),
            });
        };
        let mut adjacent: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &(a, b) in &edges {
            adjacent.entry(a).or_default().push(b);
            adjacent.entry(b).or_default().push(a);
        }
        let mut distance = BTreeMap::from([(start, 0usize)]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if distance[&node] >= filter.radius {
                continue;
            }
            for &next in adjacent.get(&node).into_iter().flatten() {
                if !distance.contains_key(&next) && keep.contains(&next) {
                    distance.insert(next, distance[&node] + 1);
                    queue.push_back(next);
                }
            }
        }
        keep.retain(|i| distance.contains_key(i));
    }
    let index: BTreeMap<usize, usize> = keep
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new))
        .collect();
    let kept_modules = keep.iter().map(|&i| modules[i].clone()).collect();
    let filtered = DepGraph {
        nodes: keep.iter().map(|&i| graph.nodes[i].clone()).collect(),
        edges: edges
            .into_iter()
            .filter_map(|(a, b)| {
                let key = (NodeId::from_index(a), NodeId::from_index(b));
                Some((
                    (
                        NodeId::from_index(*index.get(&a)?),
                        NodeId::from_index(*index.get(&b)?),
                    ),
                    graph.edges[&key].clone(),
                ))
            })
            .collect(),
        references: Vec::new(),
    };
    Ok((filtered, kept_modules))
}
