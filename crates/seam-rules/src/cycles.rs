//! The `cycle` rule: dependency cycles between modules, reported on their cheapest breaking edges.

use crate::config::Config;
use crate::evaluate::{describe, finding, Crossing};
use crate::module_map::ModuleMap;
use crate::report::{Finding, RuleId};
use seam_graph::{DepGraph, ModuleId, NodeId, ResolvedRef};
use std::collections::{BTreeMap, BTreeSet};

/// Module edges (from, to) already reported as a cycle's breaking edge (by the baseline, or at the
/// base revision). They are preferred when choosing what to cut, so that a change that only
/// removes references never moves the finding to an edge nobody touched.
pub type PreferredCuts = BTreeSet<(String, String)>;

pub(crate) fn cycle_findings(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    preferred: &PreferredCuts,
) -> Vec<Finding> {
    let kinds = config.cycles().kinds;
    let crossings = |r: &&ResolvedRef| {
        kinds.contains(r.kind)
            && matches!(
                (map.module_of(r.from), map.module_of(r.to)),
                (Some(a), Some(b)) if a != b
            )
    };
    let mut modules =
        seam_graph::module_graph_of_references(graph, &map.partition, |r| kinds.contains(r.kind));
    // what the edges really weigh (for messages), before preferred cuts are made free
    // the module graph's node i is module i
    let id = |node: NodeId| ModuleId::from_index(node.index());
    let weights: BTreeMap<(ModuleId, ModuleId), u32> = modules
        .edges
        .iter()
        .map(|(&(a, b), stats)| ((id(a), id(b)), stats.weight()))
        .collect();
    for (&(a, b), stats) in modules.edges.iter_mut() {
        if preferred.contains(&(map.name(id(a)).to_string(), map.name(id(b)).to_string())) {
            stats.kinds.clear();
        }
    }
    let mut findings = Vec::new();
    for cycle in seam_graph::find_cycles(&modules) {
        let members = cycle.members.join(", ");
        for breaker in &cycle.breakers {
            let (Some(a), Some(b)) = (map.id(&breaker.from), map.id(&breaker.to)) else {
                continue;
            };
            for reference in graph.references.iter().filter(crossings) {
                if map.module_of(reference.from) != Some(a)
                    || map.module_of(reference.to) != Some(b)
                {
                    continue;
                }
                let crossing = Crossing {
                    reference,
                    from: graph.node(reference.from),
                    to: graph.node(reference.to),
                    from_module: a,
                    to_module: b,
                };
                let message = format!(
                    "{}: {} -> {} closes a dependency cycle among {members}",
                    describe(map, &crossing),
                    breaker.from,
                    breaker.to
                );
                let references = match breaker.references {
                    1 => "1 reference".to_string(),
                    n => format!("{n} references"),
                };
                let fix = format!(
                    "cut {} -> {}, the cheapest edge of the cycle ({references}, weight {}): move what {} needs from {} into {}, or invert the dependency",
                    breaker.from,
                    breaker.to,
                    weights.get(&(a, b)).copied().unwrap_or(breaker.weight),
                    breaker.from,
                    breaker.to,
                    breaker.from
                );
                findings.push(finding(config, map, &crossing, RuleId::Cycle, message, fix));
            }
        }
    }
    findings
}
