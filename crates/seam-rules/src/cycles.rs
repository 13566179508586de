//! The `cycle` rule: module dependencies that lie on a cycle between modules.
//!
//! Every module edge inside a strongly connected component of the module graph (built from the
//! references of `[cycles] kinds`) is cycle debt, keyed by its module pair (see
//! [`Finding::key`]). Keying by the pair rather than by today's cheapest cut keeps the debt where
//! it is when unrelated edges come and go: a new edge elsewhere never moves a finding onto code
//! nobody touched. With `--base`, an edge is new only when it did not exist at the base
//! ([`module_edges`]; see `against_base` in the crate root).

use crate::config::Config;
use crate::evaluate::{describe, finding, Crossing};
use crate::module_map::ModuleMap;
use crate::report::{Finding, RuleId};
use seam_graph::{DepGraph, ModuleId, NodeId, ResolvedRef};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Module edges (from, to), by module name.
pub type ModuleEdges = BTreeSet<(String, String)>;

/// The module edges the references of `[cycles] kinds` make (what `--base` compares with).
pub fn module_edges(config: &Config, graph: &DepGraph, map: &ModuleMap) -> ModuleEdges {
    let kinds = config.cycles().kinds;
    let modules =
        seam_graph::module_graph_of_references(graph, &map.partition, |r| kinds.contains(r.kind));
    let id = |node: NodeId| ModuleId::from_index(node.index());
    modules
        .edges
        .keys()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| (map.name(id(a)).to_string(), map.name(id(b)).to_string()))
        .collect()
}

/// How many modules of a cycle's path a message shows before eliding the middle.
const PATH_SHOWN: usize = 8;

pub(crate) fn cycle_findings(config: &Config, graph: &DepGraph, map: &ModuleMap) -> Vec<Finding> {
    let kinds = config.cycles().kinds;
    let modules =
        seam_graph::module_graph_of_references(graph, &map.partition, |r| kinds.contains(r.kind));
    // the module graph's node i is module i
    let id = |node: NodeId| ModuleId::from_index(node.index());
    let mut component: BTreeMap<ModuleId, usize> = BTreeMap::new();
    for (c, cycle) in seam_graph::find_cycles(&modules).iter().enumerate() {
        for member in &cycle.members {
            if let Some(m) = map.id(member) {
                component.insert(m, c);
            }
        }
    }
    let mut next: BTreeMap<ModuleId, Vec<ModuleId>> = BTreeMap::new();
    let mut weights: BTreeMap<(ModuleId, ModuleId), (u32, u32)> = BTreeMap::new();
    for (&(a, b), stats) in &modules.edges {
        let (a, b) = (id(a), id(b));
        if a != b && component.contains_key(&a) && component.get(&a) == component.get(&b) {
            next.entry(a).or_default().push(b);
            weights.insert((a, b), (stats.weight(), stats.references));
        }
    }
    let mut paths: BTreeMap<(ModuleId, ModuleId), String> = BTreeMap::new();
    let mut findings = Vec::new();
    for reference in &graph.references {
        if !kinds.contains(reference.kind) {
            continue;
        }
        let (Some(a), Some(b)) = (map.module_of(reference.from), map.module_of(reference.to))
        else {
            continue;
        };
        let Some(&(weight, references)) = weights.get(&(a, b)) else {
            continue;
        };
        let path = paths
            .entry((a, b))
            .or_insert_with(|| cycle_path(map, &next, a, b))
            .clone();
        let crossing = Crossing {
            reference: reference as &ResolvedRef,
            from: graph.node(reference.from),
            to: graph.node(reference.to),
            from_module: a,
            to_module: b,
        };
        let (from, to) = (map.name(a), map.name(b));
        let message = format!(
            "{}: {from} -> {to} is on a dependency cycle: {path}",
            describe(map, &crossing)
        );
        let references = match references {
            1 => "1 reference".to_string(),
            n => format!("{n} references"),
        };
        let fix = format!(
            "{from} -> {to} has {references} (weight {weight}); declaring it in depends_on does \
             not clear a cycle. Ways out: remove the reference (move what {from} needs from {to} \
             into {from}, or invert the dependency); or cut another edge of the cycle (`seam \
             analyze` shows the cheapest); or stop judging cycles with `[cycles] forbid = false` \
             in seam.toml"
        );
        findings.push(finding(config, map, &crossing, RuleId::Cycle, message, fix));
    }
    findings
}

/// The shortest cycle through the edge `a -> b`: `a -> b -> … -> a`, its middle elided past
/// [`PATH_SHOWN`] modules.
fn cycle_path(
    map: &ModuleMap,
    next: &BTreeMap<ModuleId, Vec<ModuleId>>,
    a: ModuleId,
    b: ModuleId,
) -> String {
    // breadth first from b back to a, neighbours in module order: deterministic
    let mut came_from: BTreeMap<ModuleId, ModuleId> = BTreeMap::new();
    let mut queue = VecDeque::from([b]);
    let mut seen = BTreeSet::from([b]);
    while let Some(at) = queue.pop_front() {
        if at == a {
            break;
        }
        for &n in next.get(&at).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(n) {
                came_from.insert(n, at);
                queue.push_back(n);
            }
        }
    }
    let mut back = vec![a];
    let mut at = a;
    while at != b {
        match came_from.get(&at) {
            Some(&previous) => {
                back.push(previous);
                at = previous;
            }
            // cannot happen inside one component; the edge alone still says what it is
            None => break,
        }
    }
    back.push(a);
    back.reverse();
    // back is a -> b -> ... -> a
    let names: Vec<&str> = back.iter().map(|&m| map.name(m)).collect();
    if names.len() <= PATH_SHOWN {
        return names.join(" -> ");
    }
    let head = &names[..PATH_SHOWN - 2];
    let tail = &names[names.len() - 2..];
    format!(
        "{} -> … ({} more) -> {}",
        head.join(" -> "),
        names.len() - PATH_SHOWN,
        tail.join(" -> ")
    )
}
