//! The vendored `leiden-rs` (vendor/leiden-rs, see its SEAM-PATCH.md) gives the partitions the
//! published 0.8.1 gave: a seeded run's membership, for several seeds and resolutions, is pinned
//! by a digest recorded with the unpatched crate. A change to the algorithm's arithmetic or to
//! its use of the random numbers changes the digest.

use leiden_rs::{GraphDataBuilder, Leiden, LeidenConfig};

/// `packages` vertices in groups of 25 (five edges inside the group per vertex, two to other
/// groups, weights 1–3), from a fixed xorshift stream: many communities of uneven shape, so the
/// refinement splits and merges inside most of them.
fn graph(packages: usize) -> leiden_rs::GraphData {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut builder = GraphDataBuilder::new(packages);
    for v in 0..packages {
        let group = v / 25;
        for _ in 0..5 {
            let u = (group * 25 + next(25)).min(packages - 1);
            if u != v {
                builder.add_edge(v, u, 1.0 + next(3) as f64).unwrap();
            }
        }
        for _ in 0..2 {
            let u = next(packages);
            if u != v {
                builder.add_edge(v, u, 1.0).unwrap();
            }
        }
    }
    builder.build().unwrap()
}

/// FNV-1a over the memberships of the runs, in order.
fn digest(runs: &[Vec<usize>]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for run in runs {
        for &m in run.iter().chain([&usize::MAX]) {
            for byte in (m as u64).to_le_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    hash
}

#[test]
fn seeded_runs_give_the_partitions_of_the_published_crate() {
    let data = graph(3000);
    let mut runs = Vec::new();
    for resolution in [0.25, 1.0, 4.0] {
        for seed in 0..4 {
            let config = LeidenConfig {
                resolution,
                seed: Some(seed),
                ..LeidenConfig::default()
            };
            let output = Leiden::new(config).run(&data).unwrap();
            runs.push(
                (0..data.node_count())
                    .map(|v| output.partition.community_of(v))
                    .collect::<Vec<_>>(),
            );
        }
    }
    // the runs differ from each other (the digest would not notice a seed being ignored
    // otherwise) and find community structure
    assert!(runs.windows(2).any(|w| w[0] != w[1]));
    let modules = |run: &[usize]| run.iter().max().map_or(0, |m| m + 1);
    assert!(runs.iter().all(|run| (2..3000).contains(&modules(run))));
    assert_eq!(
        digest(&runs),
        15_243_867_519_025_033_060,
        "partitions changed: see vendor/leiden-rs/SEAM-PATCH.md"
    );
}
