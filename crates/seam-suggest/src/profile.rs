//! Which granularities the coupling supports: a resolution sweep, its stable plateaus, and how
//! stable each package's placement is across seeds.
//!
//! Modularity has a resolution limit: one resolution can merge clear groups or split real ones.
//! So seam sweeps the resolution over a geometric grid and keeps the granularities that stay the
//! same (adjusted Rand index ≥ [`PLATEAU_ARI`] between neighbouring points) over the widest
//! ranges: those are the structure the code has, not an artefact of one parameter.

use crate::cluster::{sizes, Clusterer};
use crate::metrics::adjusted_rand_index;
use serde::Serialize;

/// Neighbouring resolutions whose partitions agree at least this much are one plateau.
pub const PLATEAU_ARI: f64 = 0.9;

/// Below this stability a package is flagged as boundary-ambiguous.
pub const UNSTABLE_BELOW: f64 = 0.75;

/// One point of the sweep.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProfilePoint {
    /// Resolution γ.
    pub resolution: f64,
    /// Modules found (more than one member).
    pub modules: usize,
    /// Packages in single-member modules.
    pub singletons: usize,
    /// Share of the packages in the largest module.
    pub largest_share: f64,
}

/// A granularity that holds over a range of resolutions.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Granularity {
    /// The resolution the proposal at this granularity uses (the plateau's middle point).
    pub resolution: f64,
    /// The plateau's lowest resolution.
    pub from: f64,
    /// The plateau's highest resolution.
    pub to: f64,
    /// Sweep points in the plateau: its width.
    pub points: usize,
    /// Modules at this granularity.
    pub modules: usize,
    /// Share of the packages in its largest module.
    pub largest_share: f64,
    /// How its partitions vary with the Leiden seed (measured for every granularity offered).
    pub seeds: Option<crate::seeds::SeedStability>,
}

/// The resolutions swept: `steps` points from `low` to `high`, geometric.
pub fn grid(low: f64, high: f64, steps: usize) -> Vec<f64> {
    let steps = steps.max(2);
    let ratio = (high / low).powf(1.0 / (steps - 1) as f64);
    (0..steps)
        .map(|i| round(low * ratio.powi(i as i32)))
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The sweep, its plateaus (up to `keep`, widest first, then ordered coarse to fine) and the
/// partition at each resolution (with `seed`).
pub fn sweep(
    clusterer: &Clusterer,
    resolutions: &[f64],
    seed: u64,
    keep: usize,
) -> (Vec<ProfilePoint>, Vec<Granularity>, Vec<Vec<usize>>) {
    let jobs: Vec<(f64, u64)> = resolutions.iter().map(|&r| (r, seed)).collect();
    let partitions = clusterer.run_all(&jobs);
    let points: Vec<ProfilePoint> = resolutions
        .iter()
        .zip(&partitions)
        .map(|(&resolution, partition)| {
            let sizes = sizes(partition);
            ProfilePoint {
                resolution,
                modules: sizes.values().filter(|&&s| s > 1).count(),
                singletons: sizes.values().filter(|&&s| s == 1).count(),
                largest_share: round(crate::seeds::largest_share(partition)),
            }
        })
        .collect();
    // plateaus: maximal runs of neighbours that agree
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for i in 1..=partitions.len() {
        let same = i < partitions.len()
            && adjusted_rand_index(&partitions[i - 1], &partitions[i]) >= PLATEAU_ARI;
        if !same {
            runs.push((start, i - 1));
            start = i;
        }
    }
    runs.retain(|&(a, _)| points[a].modules >= 2);
    runs.sort_by(|x, y| (y.1 - y.0).cmp(&(x.1 - x.0)).then(x.0.cmp(&y.0)));
    let mut chosen: Vec<Granularity> = Vec::new();
    for (a, b) in runs {
        let middle = (a + b) / 2;
        if chosen.iter().any(|g| g.modules == points[middle].modules) {
            continue;
        }
        chosen.push(Granularity {
            resolution: resolutions[middle],
            from: resolutions[a],
            to: resolutions[b],
            points: b - a + 1,
            modules: points[middle].modules,
            largest_share: points[middle].largest_share,
            seeds: None,
        });
        if chosen.len() == keep {
            break;
        }
    }
    chosen.sort_by(|a, b| a.resolution.total_cmp(&b.resolution));
    (points, chosen, partitions)
}

/// How often each vertex keeps the same neighbours (in or out of its module) as in `reference`
/// over `runs` (partitions from other seeds): 1.0 = always.
pub fn stability(
    adjacency: &[Vec<(usize, f64)>],
    reference: &[usize],
    runs: &[Vec<usize>],
) -> Vec<f64> {
    if runs.is_empty() {
        // not measured: nothing suggests a placement is unstable
        return vec![1.0; reference.len()];
    }
    let mut agree = vec![0.0; reference.len()];
    for run in runs {
        for (v, neighbours) in adjacency.iter().enumerate() {
            if neighbours.is_empty() {
                agree[v] += 1.0;
                continue;
            }
            let same = neighbours
                .iter()
                .filter(|(u, _)| (reference[v] == reference[*u]) == (run[v] == run[*u]))
                .count();
            agree[v] += same as f64 / neighbours.len() as f64;
        }
    }
    agree.iter().map(|a| round(a / runs.len() as f64)).collect()
}
