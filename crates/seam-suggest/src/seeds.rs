//! How much a granularity holds when the Leiden seed changes, and the consensus of several seeds.
//!
//! One Leiden run is one sample: another seed can draw other boundaries at the same resolution.
//! At each candidate resolution seam runs several seeds, measures how much the runs agree (mean
//! pairwise adjusted Rand index, spread of the module count) and detailing the candidate means
//! clustering the *consensus* of the runs: every edge weighted by how often its two ends shared a
//! module (edges shared in fewer than half of the runs dropped), clustered once more
//! (Lancichinetti & Fortunato's consensus clustering, one round). A pair the seeds disagree on no
//! longer decides a boundary, so the proposal depends far less on the base seed than one run does.

use crate::cluster::{sizes, Clusterer};
use crate::metrics::adjusted_rand_index;
use serde::Serialize;

/// Runs that agree at least this much (mean pairwise ARI) make a granularity stable.
pub const STABLE_ARI: f64 = 0.8;

/// How a resolution's partitions vary with the seed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SeedStability {
    /// Seeds run (the base seed and the ones after it).
    pub runs: usize,
    /// Mean adjusted Rand index over every pair of runs (1.0: every seed gives the same
    /// partition).
    pub mean_ari: f64,
    /// Fewest modules (more than one member) a run found.
    pub modules_min: usize,
    /// Most modules a run found.
    pub modules_max: usize,
}

/// `count` runs at `resolution` with seeds `seed`, `seed + 1`, …, and how much they agree;
/// `first`, when given, is the run with `seed` already made (the sweep's).
pub fn runs(
    clusterer: &Clusterer,
    resolution: f64,
    seed: u64,
    count: usize,
    first: Option<&[usize]>,
) -> (Vec<Vec<usize>>, SeedStability) {
    let skip = usize::from(first.is_some());
    let jobs: Vec<(f64, u64)> = (skip as u64..count.max(1) as u64)
        .map(|i| (resolution, seed.wrapping_add(i)))
        .collect();
    let runs: Vec<Vec<usize>> = first
        .map(<[usize]>::to_vec)
        .into_iter()
        .chain(clusterer.run_all(&jobs))
        .collect();
    let stability = agreement(&runs);
    (runs, stability)
}

/// Mean pairwise ARI and module count spread of `runs`.
pub fn agreement(runs: &[Vec<usize>]) -> SeedStability {
    let mut total = 0.0;
    let mut pairs = 0usize;
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            total += adjusted_rand_index(a, b);
            pairs += 1;
        }
    }
    let modules: Vec<usize> = runs.iter().map(|run| modules(run)).collect();
    SeedStability {
        runs: runs.len(),
        mean_ari: crate::proposal::round(if pairs == 0 {
            1.0
        } else {
            total / pairs as f64
        }),
        modules_min: modules.iter().copied().min().unwrap_or(0),
        modules_max: modules.iter().copied().max().unwrap_or(0),
    }
}

/// Modules of more than one member.
pub fn modules(partition: &[usize]) -> usize {
    sizes(partition).values().filter(|&&s| s > 1).count()
}

/// Share of the vertices in the largest module.
pub fn largest_share(partition: &[usize]) -> f64 {
    sizes(partition).values().max().copied().unwrap_or(0) as f64 / partition.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_runs_agree_fully_and_differing_ones_less() {
        let same = vec![vec![0, 0, 1, 1], vec![1, 1, 0, 0]];
        let s = agreement(&same);
        assert_eq!((s.mean_ari, s.modules_min, s.modules_max), (1.0, 2, 2));
        let differ = vec![vec![0, 0, 1, 1, 2, 2], vec![0, 1, 1, 2, 2, 0]];
        let d = agreement(&differ);
        assert!(d.mean_ari < 0.5, "{d:?}");
        assert_eq!(largest_share(&[0, 0, 0, 1]), 0.75);
        assert_eq!(modules(&[0, 0, 1, 2]), 1);
    }
}
