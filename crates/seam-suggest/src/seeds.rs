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

/// Whether at least three quarters of the `count` runs at `resolution` (seeds `seed`, `seed + 1`,
/// …) satisfy `fits`: the vote [`runs`] followed by a count would give, made with only as many
/// runs as it takes to decide. The runs are made a few at a time (as many as there are cores)
/// and stop once enough have fitted, or failed, for the rest not to matter; every run made is
/// the clusterer's (kept), so a later [`runs`] at this resolution reuses them and the answer is
/// exactly the full vote's.
pub fn vote(
    clusterer: &Clusterer,
    resolution: f64,
    seed: u64,
    count: usize,
    fits: &dyn Fn(&[usize]) -> bool,
) -> bool {
    let count = count.max(1);
    // 4 × fitting ≥ 3 × count
    let needed = (3 * count).div_ceil(4);
    let batch = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (mut fitted, mut made) = (0, 0);
    while made < count {
        let jobs: Vec<(f64, u64)> = (made..(made + batch).min(count))
            .map(|i| (resolution, seed.wrapping_add(i as u64)))
            .collect();
        for run in clusterer.run_all(&jobs) {
            made += 1;
            fitted += usize::from(fits(&run));
        }
        if fitted >= needed {
            return true;
        }
        if made - fitted > count - needed {
            return false;
        }
    }
    fitted >= needed
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

    #[test]
    fn a_vote_gives_the_full_count_s_answer_with_fewer_runs_when_decided_early() {
        let graph = crate::cluster::tests::cliques();
        let fresh = || Clusterer::new(&graph, &Default::default()).unwrap();
        type Fits<'a> = &'a dyn Fn(&[usize]) -> bool;
        let tests: [(&str, Fits); 4] = [
            ("every run", &|_| true),
            ("no run", &|_| false),
            ("two modules or more", &|p| modules(p) >= 2),
            ("node 0 alone", &|p| {
                p.iter().filter(|&&m| m == p[0]).count() == 1
            }),
        ];
        for (what, fits) in tests {
            for resolution in [0.05, 0.5, 1.0, 3.0, 20.0] {
                let (runs, _) = runs(&fresh(), resolution, 7, 10, None);
                let full = 4 * runs.iter().filter(|run| fits(run)).count() >= 3 * 10;
                let clusterer = fresh();
                assert_eq!(
                    vote(&clusterer, resolution, 7, 10, fits),
                    full,
                    "{what} at {resolution}"
                );
                assert!(clusterer.leiden_runs() <= 10);
            }
        }
        // a vote that fails from the start stops once 8 of 10 can no longer fit
        let clusterer = fresh();
        assert!(!vote(&clusterer, 1.0, 0, 10, &|_| false));
        assert!(clusterer.leiden_runs() < 10, "{}", clusterer.leiden_runs());
    }
}
