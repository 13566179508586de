//! No majority module: a proposal whose largest module holds most of the code is no proposal.
//!
//! A module over the share limit is clustered again on its own at finer resolutions; what is
//! still over the limit after that (one dense tangle, or the shared kernel, which is one
//! contracted group) is cut by namespace inside it, keeping every contracted group (a
//! `--keep-whole`, `--together` or held module) whole. Whatever happens is said in a note.

use crate::cluster::{canonical, sizes, Clusterer};
use crate::history::namespace_cut;
use std::collections::BTreeMap;

/// `partition` with no module over `max_share` of the `counted` vertices where the constraints
/// allow, and what was done, for the notes (`None`: nothing was over the limit). Modules of
/// vertices not counted (tests, vendored code) are neither counted nor split.
pub fn cap(
    clusterer: &Clusterer,
    partition: &[usize],
    names: &[&str],
    counted: &[bool],
    max_share: f64,
    resolution: f64,
    seed: u64,
) -> (Vec<usize>, Option<String>) {
    let n = counted.iter().filter(|&&c| c).count();
    let limit = ((max_share * n as f64).floor() as usize).max(1);
    let over: Vec<usize> = modules_over(partition, counted, limit)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    if max_share >= 1.0 || over.is_empty() {
        return (partition.to_vec(), None);
    }
    let mut modules = partition.to_vec();
    clusterer.split_oversize(&mut modules, resolution, seed, limit);
    let by_coupling = modules_over(&modules, counted, limit).is_empty();
    let mut by_name = false;
    for (big, _) in modules_over(&modules, counted, limit) {
        by_name |= cut_by_namespace(clusterer, &mut modules, big, names, limit);
    }
    let modules = canonical(&modules);
    let left = modules_over(&modules, counted, limit);
    let largest = over.iter().max().copied().unwrap_or(0);
    let how = match (by_coupling, by_name) {
        (true, _) => "clustered again on its own at a finer resolution",
        (false, true) => "clustered again on its own, then cut by namespace where its coupling is one dense tangle",
        (false, false) => "clustered again on its own",
    };
    let mut note = format!(
        "the chosen granularity had a module of {largest} of {n} packages ({:.0}%, over --max-share {:.0}%): {how}, into {} modules",
        100.0 * largest as f64 / n.max(1) as f64,
        100.0 * max_share,
        sizes(&modules).len(),
    );
    if !left.is_empty() {
        note.push_str(&format!(
            "; {} module(s) are still over the limit because constraints or the shared kernel keep them whole",
            left.len()
        ));
    }
    (modules, Some(note))
}

/// Modules (id, size) of counted vertices over `limit` of them.
fn modules_over(modules: &[usize], counted: &[bool], limit: usize) -> Vec<(usize, usize)> {
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for (v, &m) in modules.iter().enumerate() {
        if counted.get(v).copied().unwrap_or(true) {
            *sizes.entry(m).or_default() += 1;
        }
    }
    sizes.into_iter().filter(|&(_, s)| s > limit).collect()
}

/// Cuts module `big` by namespace into the fewest parts of at most `limit` members (contracted
/// groups kept whole: each goes with its first member); whether it was cut.
fn cut_by_namespace(
    clusterer: &Clusterer,
    modules: &mut [usize],
    big: usize,
    names: &[&str],
    limit: usize,
) -> bool {
    let members: Vec<usize> = (0..modules.len()).filter(|&v| modules[v] == big).collect();
    let member_names: Vec<&str> = members.iter().map(|&v| names[v]).collect();
    let next = modules.iter().max().map_or(0, |m| m + 1);
    let mut best: Option<Vec<usize>> = None;
    for k in 2..=members.len() {
        let cut = namespace_cut(&member_names, k);
        // a contracted group follows its first member
        let mut part_of_group: BTreeMap<usize, usize> = BTreeMap::new();
        let parts: Vec<usize> = members
            .iter()
            .zip(&cut)
            .map(|(&v, &p)| *part_of_group.entry(clusterer.group(v)).or_insert(p))
            .collect();
        let fits = sizes(&parts).values().all(|&s| s <= limit);
        if sizes(&parts).len() > 1 {
            best = Some(parts);
        }
        // the namespace tree has no more parts to give
        if fits || sizes(&cut).len() < k {
            break;
        }
    }
    let Some(parts) = best else {
        return false;
    };
    for (&v, &p) in members.iter().zip(&parts) {
        if p != 0 {
            modules[v] = next + p;
        }
    }
    true
}
