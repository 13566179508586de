//! What the proposal changes against the reference modules, told apart: a **merge** is a whole
//! reference module (a namespace) that lands, with most of its packages, in a module named after
//! another: one line per namespace. A **relocation** is a package that leaves its namespace
//! siblings behind: its reference module mostly went elsewhere. Relocations are what an
//! architect checks one by one, so each comes with the edges that pulled it.

use crate::proposal::{dominant, reference_sizes, round, Inputs};
use crate::report::{Merge, Move, Pull};
use std::collections::BTreeMap;

/// Relocations (by package) and merges (by reference module) of the modules (`modules[m]`: its
/// vertices, named `names[m]`).
pub fn moves(
    inputs: &Inputs<'_>,
    modules: &[Vec<usize>],
    names: &[String],
) -> (Vec<Move>, Vec<Merge>) {
    let (reference, reference_names) = inputs.reference;
    let totals = reference_sizes(reference);
    let mut module_of = vec![0; reference.len()];
    // packages of each reference module per proposed module
    let mut spread: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for (m, members) in modules.iter().enumerate() {
        for &v in members {
            module_of[v] = m;
            *spread
                .entry(reference[v])
                .or_default()
                .entry(m)
                .or_default() += 1;
        }
    }
    // where each reference module mostly went (ties: the earlier module)
    let home: BTreeMap<usize, usize> = spread
        .iter()
        .filter_map(|(&r, counts)| {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&m, _)| (r, m))
        })
        .collect();
    let dominant_of: Vec<usize> = modules
        .iter()
        .map(|members| dominant(members, reference, &totals))
        .collect();
    let reference_name = |r: usize| reference_names.get(r).cloned().unwrap_or_default();
    let mut merges: Vec<Merge> = home
        .iter()
        .filter(|&(&r, &m)| dominant_of[m] != r)
        .map(|(&r, &m)| Merge {
            namespace: reference_name(r),
            packages: spread[&r][&m],
            of: totals.get(&r).copied().unwrap_or(0),
            into: names[m].clone(),
        })
        .collect();
    merges.sort_by(|a, b| a.namespace.cmp(&b.namespace));
    let adjacency = inputs.weighted.adjacency();
    let mut relocations = Vec::new();
    for (v, &r) in reference.iter().enumerate() {
        let m = module_of[v];
        if home.get(&r) == Some(&m) {
            continue;
        }
        let members = &modules[m];
        let mut pulls: Vec<(f64, usize)> = adjacency[v]
            .iter()
            .filter(|(u, _)| module_of[*u] == m && members.contains(u))
            .map(|&(u, w)| (w, u))
            .collect();
        pulls.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut pulled_by: Vec<Pull> = pulls
            .iter()
            .filter_map(|&(_, u)| pull(inputs, v, u))
            .take(3)
            .collect();
        if pulled_by.is_empty() {
            // no code reference pulled it: the other layers did, and the heaviest ties say so
            pulled_by = pulls
                .iter()
                .take(3)
                .map(|&(w, u)| Pull {
                    package: inputs.name(u).to_string(),
                    direction: "coupled with".to_string(),
                    weight: round(w),
                    kinds: "no code reference: a namespace neighbour, changed together in the history, or the same tables written".to_string(),
                    location: None,
                })
                .collect();
        }
        relocations.push(Move {
            package: inputs.name(v).to_string(),
            from: reference_name(r),
            to: names[m].clone(),
            stability: inputs.stability[v],
            pulled_by,
        });
    }
    relocations.sort_by(|a, b| a.package.cmp(&b.package));
    (relocations, merges)
}

/// The code edge between vertices `v` and `u` as evidence: its heavier direction with its
/// weight, kinds and first location; `None` when they are tied only by the namespace layer.
pub(crate) fn pull(inputs: &Inputs<'_>, v: usize, u: usize) -> Option<Pull> {
    let (a, b) = (inputs.weighted.nodes[v], inputs.weighted.nodes[u]);
    let forward = inputs.graph.edges.get(&(a, b));
    let backward = inputs.graph.edges.get(&(b, a));
    let weight_of = |stats: Option<&seam_graph::EdgeStats>| -> f64 {
        stats.map_or(0.0, |s| {
            s.kinds
                .iter()
                .map(|(&kind, &count)| inputs.weights.of(kind) * f64::from(count))
                .sum()
        })
    };
    let (direction, stats) = if weight_of(forward) >= weight_of(backward) {
        ("uses", forward?)
    } else {
        ("used by", backward?)
    };
    Some(Pull {
        package: inputs.name(u).to_string(),
        direction: direction.to_string(),
        weight: round(weight_of(Some(stats))),
        kinds: stats
            .kinds
            .iter()
            .map(|(k, n)| format!("{} {n}", k.name()))
            .collect::<Vec<_>>()
            .join(", "),
        location: stats.locations.first().cloned(),
    })
}
