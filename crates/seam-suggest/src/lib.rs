//! Module boundaries the code itself proposes.
//!
//! The pipeline: the resolved package graph becomes a weighted undirected graph
//! ([`weights`]: evidence layers, today the code's references weighted per kind); seeded Leiden
//! clusters it under the user's constraints ([`cluster`]); a resolution sweep finds the
//! granularities that hold over a range ([`profile`]), and extra seeds measure how stable each
//! package's placement is; the chosen partition becomes named modules with cohesion, coupling,
//! cut cost, moves with their reasons and an extraction order ([`proposal`]), compared with the
//! current modules, the namespace split and chance ([`metrics`]).
//!
//! Invariants: same graph and options, same suggestion, byte for byte (canonical vertex order,
//! fixed seeds, a sequential Leiden build); nothing here reads files.

pub mod cluster;
pub mod data;
mod draft;
pub mod history;
pub mod metrics;
mod moves;
pub mod naming;
pub mod profile;
pub mod proposal;
pub mod report;
pub use seam_graph::role;
pub mod seeds;
mod share;
pub mod weights;

pub use draft::draft_config;
pub use report::*;

use cluster::{Clusterer, Constraints};
use metrics::{adjusted_rand_index, mojo_fm};
use seam_graph::{DepGraph, NodeId, Partition};
use weights::{KindWeights, WeightedGraph};

/// The largest share of the packages one proposed module may hold by default.
pub const DEFAULT_MAX_SHARE: f64 = 0.35;

/// How to suggest.
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// Weight of one reference per kind.
    pub weights: KindWeights,
    /// Resolutions swept for the profile.
    pub resolutions: Vec<f64>,
    /// Detail this resolution instead of a granularity from the profile.
    pub resolution: Option<f64>,
    /// Which of the stable granularities to detail (0: the coarsest); default: the widest.
    pub granularity: Option<usize>,
    /// Leiden runs per candidate granularity (seeds `seed`, `seed + 1`, …): their agreement is
    /// the granularity's stability, their consensus the proposal (0 or 1: one run, no consensus).
    pub seeds: u64,
    /// The base seed: the sweep's, and the first of the runs.
    pub seed: u64,
    /// Most of the clustered packages one module may hold (1.0: no limit): a module over it is
    /// split, and the notes say so.
    pub max_share: f64,
    /// Namespace prefixes to keep in one module.
    pub keep_whole: Vec<String>,
    /// Package pairs that must share a module.
    pub together: Vec<(String, String)>,
    /// Package pairs that must not share a module.
    pub apart: Vec<(String, String)>,
    /// Most packages per module (0: no limit).
    pub max_size: usize,
    /// A package used by at least this share of all packages (and by 5 or more) is omnipresent:
    /// shared infrastructure, proposed as one module of its own and left out of the clustering
    /// (0: no package is).
    pub omnipresent: f64,
    /// Weight of the `namespace` layer: each package is tied to the next package (by name) of its
    /// reference module, so names count as weak evidence (0: names do not count).
    pub namespace_weight: f64,
    /// The packages each commit of the version history changed, newest first: the proposal is
    /// evaluated against the newest fifth ([`history::HistoryFit`]) and, with `history_weight`,
    /// clustered with the older four fifths.
    pub change_sets: Option<history::ChangeSets>,
    /// Weight of the `history` layer: a pair that always changes together weighs as much as
    /// this many references (0: history is only used to evaluate). 2 by default: on the held-out
    /// newest fifth of LedgerSMB's and Sympa's histories, weights 2–3 beat the namespace cut at
    /// the same number of modules on both, weight 0 on LedgerSMB only (scripts/evaluate-suggest.sh).
    pub history_weight: f64,
    /// The tables and data files the packages read and write (the graph's): the `data` layer
    /// ties packages that write the same table ([`data::layer`]).
    pub data: Option<seam_graph::DataGraph>,
    /// Weight of the `data` layer: two packages that are a table's only writers weigh as much as
    /// this many references (0: data is only reported, not clustered on).
    pub data_weight: f64,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            weights: KindWeights::default(),
            resolutions: profile::grid(0.1, 10.0, 25),
            resolution: None,
            granularity: None,
            seeds: 10,
            seed: 0,
            max_share: DEFAULT_MAX_SHARE,
            keep_whole: Vec::new(),
            together: Vec::new(),
            apart: Vec::new(),
            max_size: 0,
            omnipresent: seam_graph::SHARED_SHARE,
            namespace_weight: 1.0,
            change_sets: None,
            data: None,
            data_weight: 1.0,
            history_weight: 2.0,
        }
    }
}

/// The partition the proposal is compared with, and whether to hold its modules fixed.
#[derive(Debug, Clone)]
pub struct Reference<'p> {
    /// Today's modules (a seam.toml's, or the namespaces) of the graph's nodes.
    pub partition: &'p Partition,
    /// Hold every module of the partition fixed: their packages stay together and apart from
    /// each other.
    pub hold: bool,
}

impl Reference<'_> {
    fn holds(&self, module: usize) -> bool {
        self.hold && module < self.partition.len()
    }
}

/// Proposes module boundaries for `graph` (resolved with every reference kept).
pub fn suggest(
    graph: &DepGraph,
    reference: &Reference<'_>,
    options: &SuggestOptions,
) -> Result<Suggestion, String> {
    let home = |node: NodeId| match reference.partition.module_of(node) {
        Some(m) => Ok(m.index()),
        None => Err(graph.node(node).name.split("::").next().unwrap_or("")),
    };
    let mut weighted =
        WeightedGraph::from_references(graph, &options.weights, &|a, b| home(a) == home(b));
    if weighted.len() < 2 {
        return Err(format!(
            "{} package{} to cluster: nothing to suggest",
            weighted.len(),
            if weighted.len() == 1 { "" } else { "s" }
        ));
    }
    let reference_name = reference.partition.source().describe();
    let (reference_of, reference_names) = reference_partition(graph, &weighted, reference);
    if options.namespace_weight > 0.0 {
        let layer = namespace_layer(&weighted, &reference_of);
        weighted.add_layer("namespace", options.namespace_weight, &layer);
    }
    // the newest fifth of the commits is the test set, never evidence: the history layer (when
    // on) is built from the older four fifths
    let (evaluation, evidence) = match &options.change_sets {
        Some(sets) => {
            let (newest, older) = sets.split_at(sets.len() / 5);
            (
                Some(newest),
                (options.history_weight > 0.0).then_some(older),
            )
        }
        None => (None, None),
    };
    if let Some(sets) = evidence {
        weighted.add_layer("history", options.history_weight, &history::layer(sets));
    }
    if let Some(data) = options.data.as_ref().filter(|_| options.data_weight > 0.0) {
        weighted.add_layer("data", options.data_weight, &data::layer(data));
    }
    let shared = omnipresent(graph, &weighted, options.omnipresent);
    let mut constraints = constraints(graph, &weighted, reference, options, &reference_of)?;
    // a held module keeps its packages, omnipresent or not; a package the user sets apart is
    // placed by the user, not set aside
    let set_apart: std::collections::BTreeSet<usize> = constraints
        .apart
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    // tests and vendored code are set aside, each kind as one module of its own
    let mut roles: Vec<role::Role> = weighted
        .nodes
        .iter()
        .enumerate()
        .map(|(v, &node)| match role::of_files(&graph.node(node).files) {
            role::Role::Tests | role::Role::Vendored
                if reference.holds(reference_of[v]) || set_apart.contains(&v) =>
            {
                role::Role::Application
            }
            role => role,
        })
        .collect();
    constraints.aside = [role::Role::Tests, role::Role::Vendored]
        .into_iter()
        .map(|kind| {
            (0..roles.len())
                .filter(|&v| roles[v] == kind)
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect();
    constraints.shared = shared
        .iter()
        .copied()
        .filter(|&v| {
            !reference.holds(reference_of[v])
                && !set_apart.contains(&v)
                && roles[v] == role::Role::Application
        })
        .collect();
    for &v in &constraints.shared {
        roles[v] = role::Role::SharedKernel;
    }
    let clusterer = Clusterer::new(&weighted, &constraints).map_err(|(a, b)| {
        let name = |v: usize| graph.node(weighted.nodes[v]).name.clone();
        format!(
            "{} and {} must be in different modules (--apart, or two modules held with --hold) but other constraints keep them together (--together, --keep-whole, or one held module); drop one of them",
            name(a),
            name(b)
        )
    })?;
    let seed = options.seed;
    let large = weighted.nodes.len() > LARGE_GRAPH;
    let huge = weighted.nodes.len() > HUGE_GRAPH;
    let stride = if huge {
        HUGE_GRAPH_STRIDE
    } else if large {
        2
    } else {
        1
    };
    let resolutions = sweep_points(&options.resolutions, stride);
    let (points, mut granularities, swept) = profile::sweep(&clusterer, &resolutions, seed, 3);
    // the sweep's run at a resolution is the first of the runs there
    let first = |r: f64| {
        resolutions
            .iter()
            .position(|&x| x == r)
            .and_then(|i| swept.get(i))
            .map(Vec::as_slice)
    };
    let count = match options.seeds.max(1) as usize {
        seeds if huge => seeds.min(HUGE_GRAPH_SEEDS),
        seeds => seeds,
    };
    // every granularity offered is measured across a few seeds below; those runs are known
    // now, and planned: the batches of runs until then make them on cores they leave idle
    let few = count.min(if large { LARGE_GRAPH_SEEDS } else { 4 });
    let granularity_jobs: Vec<(f64, u64)> = granularities
        .iter()
        .flat_map(|g| (0..few as u64).map(move |i| (g.resolution, seed.wrapping_add(i))))
        .collect();
    clusterer.plan(&granularity_jobs);
    // runs a candidate resolution gets before it is judged hopeless (large graphs only)
    let peek = if huge {
        Some(HUGE_PEEK_RUNS)
    } else {
        large.then_some(PEEK_RUNS)
    };
    let (resolution, runs, stability, consensus) = match (options.resolution, options.granularity) {
        (Some(r), _) => {
            let (runs, stability) = seeds::runs(&clusterer, r, seed, count, first(r));
            (r, runs, stability, None)
        }
        (None, Some(g)) => {
            let r = granularities.get(g).map(|g| g.resolution).ok_or_else(|| {
                format!(
                    "granularity {g} does not exist; the profile found {}",
                    granularities.len()
                )
            })?;
            let (runs, stability) = seeds::runs(&clusterer, r, seed, count, first(r));
            (r, runs, stability, None)
        }
        (None, None) => default_resolution(
            &clusterer,
            &points,
            &first,
            options.max_share,
            seed,
            count,
            peek,
        ),
    };
    // every granularity offered is measured across a few seeds (a full set for the detailed
    // one, whose first runs serve when it is one of them); the runs not made yet in one batch
    clusterer.run_all(&granularity_jobs);
    for granularity in &mut granularities {
        granularity.seeds = Some(if granularity.resolution == resolution {
            seeds::agreement(&runs[..few.min(runs.len())])
        } else {
            seeds::runs(
                &clusterer,
                granularity.resolution,
                seed,
                few,
                first(granularity.resolution),
            )
            .1
        });
    }
    let partition = consensus.unwrap_or_else(|| clusterer.consensus(&runs, resolution, seed));
    let mut notes = Vec::new();
    if large {
        let threshold = if huge { HUGE_GRAPH } else { LARGE_GRAPH };
        let own = if count < options.seeds as usize {
            format!(
                "the proposal's own resolution has {} runs (not {}: over {HUGE_GRAPH} packages at most {HUGE_GRAPH_SEEDS})",
                runs.len(),
                options.seeds
            )
        } else {
            format!(
                "the proposal's own resolution has its full {} runs",
                runs.len()
            )
        };
        notes.push(format!(
            "{} packages clustered (over {threshold}): the profile swept {} of the {} resolutions and measured each granularity offered with {LARGE_GRAPH_SEEDS} seeds, and ran a candidate resolution whose first {} runs agree under {HOPELESS_ARI} (mean ARI) no further unless none did better, to keep the time in bounds; {own}",
            weighted.nodes.len(),
            resolutions.len(),
            options.resolutions.len(),
            peek.unwrap_or(PEEK_RUNS),
        ));
    }
    if stability.mean_ari < seeds::STABLE_ARI {
        notes.push(format!(
            "the {} runs at resolution {resolution} agree only {:.2} (mean pairwise ARI, {}–{} modules): the proposal is their consensus, but its boundaries depend on the seeds; try --seed N, or another --granularity",
            stability.runs, stability.mean_ari, stability.modules_min, stability.modules_max
        ));
    }
    let names: Vec<&str> = weighted
        .nodes
        .iter()
        .map(|&n| graph.node(n).name.as_str())
        .collect();
    let counted: Vec<bool> = roles
        .iter()
        .map(|&r| matches!(r, role::Role::Application | role::Role::SharedKernel))
        .collect();
    let (partition, capped) = share::cap(
        &clusterer,
        &partition,
        &names,
        &counted,
        options.max_share,
        resolution,
        seed,
    );
    notes.extend(capped);
    if options.max_size > 0 {
        let over: Vec<usize> = cluster::sizes(&partition)
            .values()
            .copied()
            .filter(|&size| size > options.max_size)
            .collect();
        if !over.is_empty() {
            notes.push(format!(
                "--max-size {} could not be met for {} module(s) of {} packages: their packages are kept together by constraints or shared infrastructure",
                options.max_size,
                over.len(),
                over.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let adjacency = weighted.adjacency();
    let stability_of = profile::stability(&adjacency, &partition, &runs);
    let inputs = proposal::Inputs {
        graph,
        weighted: &weighted,
        weights: &options.weights,
        partition: &partition,
        stability: &stability_of,
        reference: (&reference_of, &reference_names),
        roles: &roles,
        named_by_reference: matches!(
            reference.partition.source(),
            seam_graph::PartitionSource::Config { .. }
        ),
        data: options.data.as_ref(),
    };
    // the proposal and its comparisons read the same inputs and are independent: one thread each
    let (mut proposal, compared) = std::thread::scope(|scope| {
        let compared = scope.spawn(|| {
            let mut compared = comparison(&inputs, &partition, &reference_name);
            compared.history = evaluation.map(|sets| {
                history::history_fit(graph, &weighted, sets, &partition, evidence.is_some())
            });
            compared
        });
        let (proposal, _) = proposal::propose(&inputs, resolution);
        let compared = compared
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (proposal, compared)
    });
    proposal.comparison = compared;
    Ok(Suggestion {
        schema_version: SUGGEST_SCHEMA_VERSION,
        graph: GraphSummary {
            packages: weighted.len(),
            edges: weighted.edges.len(),
            isolated: isolated(&weighted, &constraints.shared),
            layers: weighted.layers.clone(),
            omnipresent: constraints
                .shared
                .iter()
                .map(|&v| graph.node(weighted.nodes[v]).name.clone())
                .collect(),
            kind_weights: options.weights.table(),
            seeds: options.seeds,
            seed,
        },
        stability,
        reference: reference_name.clone(),
        notes,
        profile: points,
        granularities,
        proposal,
    })
}

/// The coarsest resolution of the sweep at which most of `count` seeded runs propose more than
/// one module and none over `max_share` of the packages, confirmed: while the runs agree less
/// than [`seeds::STABLE_ARI`] (mean pairwise ARI) or their consensus still has a module over the
/// limit, the next finer point is tried (at most [`TRIES`]; then the most stable tried). Coarse
/// because finer granularities split what changes together; chosen by a vote of the runs rather
/// than by the sweep's one run, because near the share limit whether one run fits is the seed's
/// accident: the sweep's first fitting point is where the search starts, and it moves to a
/// coarser point (at most `TRIES - 1`) while most of that point's runs fit too. So another base
/// seed, which shares most of the runs, chooses the same granularity. On a `large` graph a
/// candidate whose first [`PEEK_RUNS`] runs agree less than [`HOPELESS_ARI`] is run to the full
/// count only when every candidate is like it (then the most stable of them).
fn default_resolution<'a>(
    clusterer: &Clusterer,
    points: &[profile::ProfilePoint],
    first: &dyn Fn(f64) -> Option<&'a [usize]>,
    max_share: f64,
    seed: u64,
    count: usize,
    peek: Option<usize>,
) -> Chosen {
    let fits = |partition: &[usize]| {
        seeds::modules(partition) >= 2 && seeds::largest_share(partition) <= max_share
    };
    // most runs fit: decided with as few runs as it takes (the runs made are kept, so the
    // confirmation below, which measures every run, reuses them)
    let most_fit = |i: usize| seeds::vote(clusterer, points[i].resolution, seed, count, &fits);
    let measure = |i: usize| {
        let resolution = points[i].resolution;
        seeds::runs(clusterer, resolution, seed, count, first(resolution))
    };
    let Some(mut start) = points
        .iter()
        .position(|p| p.modules >= 2 && p.largest_share <= max_share)
        .or_else(|| points.len().checked_sub(1))
    else {
        let (runs, stability) = seeds::runs(clusterer, 1.0, seed, count, None);
        return (1.0, runs, stability, None);
    };
    // the coarsest point near the sweep's where most runs fit: coarser while they do, finer
    // while they do not (at most TRIES - 1 steps either way)
    if most_fit(start) {
        for _ in 1..TRIES {
            // a coarser point whose sweep run is far over the limit is not worth the runs
            let Some(coarser) = start
                .checked_sub(1)
                .filter(|&c| points[c].modules >= 2 && points[c].largest_share <= NEAR * max_share)
            else {
                break;
            };
            if !most_fit(coarser) {
                break;
            }
            start = coarser;
        }
    } else {
        for step in 1..TRIES {
            let i = start + step;
            if i >= points.len() {
                break;
            }
            if most_fit(i) {
                start = i;
                break;
            }
        }
    }
    let mut best: Option<Chosen> = None;
    // on a large graph, candidates whose first runs already disagree (mean ARI under
    // HOPELESS_ARI over PEEK_RUNS runs) are not run to the full count unless none does better
    let mut hopeless: Vec<(usize, f64)> = Vec::new();
    for i in (start..points.len()).take(TRIES) {
        let resolution = points[i].resolution;
        if let Some(peek) = peek.filter(|&peek| count > peek) {
            let (_, peeked) = seeds::runs(clusterer, resolution, seed, peek, first(resolution));
            if peeked.mean_ari < HOPELESS_ARI {
                hopeless.push((i, peeked.mean_ari));
                continue;
            }
        }
        let (runs, stability) = measure(i);
        let consensus = clusterer.consensus(&runs, resolution, seed);
        let fits = seeds::largest_share(&consensus) <= max_share;
        if fits && stability.mean_ari >= seeds::STABLE_ARI {
            return (resolution, runs, stability, Some(consensus));
        }
        let better = best
            .as_ref()
            .is_none_or(|(_, _, b, _)| fits && stability.mean_ari > b.mean_ari);
        if better {
            best = Some((resolution, runs, stability, Some(consensus)));
        }
    }
    if best.is_none() {
        // every candidate looked hopeless: the most stable by its first runs (the coarsest of
        // equals), confirmed with every run
        let most_stable = hopeless
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some(&(i, _)) = most_stable {
            let resolution = points[i].resolution;
            let (runs, stability) = measure(i);
            let consensus = clusterer.consensus(&runs, resolution, seed);
            return (resolution, runs, stability, Some(consensus));
        }
    }
    best.unwrap_or_else(|| {
        let (runs, stability) = seeds::runs(clusterer, 1.0, seed, count, None);
        (1.0, runs, stability, None)
    })
}

/// The detailed resolution, its runs, their agreement and (when made) their consensus.
type Chosen = (
    f64,
    Vec<Vec<usize>>,
    seeds::SeedStability,
    Option<Vec<usize>>,
);

/// Above this many clustered packages the profile is coarser: every other resolution of the
/// sweep, and [`LARGE_GRAPH_SEEDS`] seeded runs per granularity offered instead of 4 (the chosen
/// resolution keeps its full set of seeds). Each Leiden run costs time in proportion to the
/// graph, and about 60 of them make a suggestion: at 50,000 packages the full profile takes
/// 20 s of CPU. The dev corpus's largest root (`/usr/share/perl5`, 2,100 packages) stays under it,
/// so the evaluated proposals (LedgerSMB, Sympa) are those of the full profile.
pub const LARGE_GRAPH: usize = 3_000;

/// Above this many clustered packages the profile is coarser still (each Leiden run costs
/// ~0.4 s of CPU at 50,000 packages, and the default resolution took 19 of them there): every
/// [`HUGE_GRAPH_STRIDE`]th resolution of the sweep, at most [`HUGE_GRAPH_SEEDS`] seeded runs
/// per candidate resolution and the proposal's own, and [`HUGE_PEEK_RUNS`] runs before a
/// candidate is judged hopeless.
pub const HUGE_GRAPH: usize = 20_000;

/// Every this many resolutions of the sweep (the first and the last kept) over [`HUGE_GRAPH`]
/// packages: 7 of the default 25.
const HUGE_GRAPH_STRIDE: usize = 4;

/// Most seeded runs per candidate resolution (and for the proposal's consensus) over
/// [`HUGE_GRAPH`] packages.
const HUGE_GRAPH_SEEDS: usize = 6;

/// Runs [`default_resolution`] looks at first over [`HUGE_GRAPH`] packages (instead of
/// [`PEEK_RUNS`]).
const HUGE_PEEK_RUNS: usize = 3;

/// Seeded runs per granularity offered above [`LARGE_GRAPH`] packages.
const LARGE_GRAPH_SEEDS: usize = 2;

/// The resolutions to sweep: every `stride`th one, the first and the last kept (all of them for
/// a stride under 2).
fn sweep_points(resolutions: &[f64], stride: usize) -> Vec<f64> {
    if stride < 2 || resolutions.len() < 5 {
        return resolutions.to_vec();
    }
    let last = resolutions.len() - 1;
    resolutions
        .iter()
        .enumerate()
        .filter(|&(i, _)| i % stride == 0 || i == last)
        .map(|(_, &r)| r)
        .collect()
}

/// Runs [`default_resolution`] looks at first, on a graph over [`LARGE_GRAPH`] packages, before
/// running a candidate point to the full count.
const PEEK_RUNS: usize = 4;

/// On a graph over [`LARGE_GRAPH`] packages, a candidate point whose first [`PEEK_RUNS`] runs agree
/// less than this (mean pairwise ARI) is confirmed with the full count only when no candidate
/// does better: far under [`seeds::STABLE_ARI`] after four runs, ten rarely reach it.
const HOPELESS_ARI: f64 = 0.6;

/// Points of the sweep [`default_resolution`] tries at most.
const TRIES: usize = 3;

/// A coarser point is tried by vote only when its sweep run's largest module is under this
/// many times the share limit: near it, where whether one run fits is the seed's accident.
const NEAR: f64 = 1.25;

/// Reference module of each vertex; packages without one get a module of their own namespace
/// root, so every vertex has a reference.
fn reference_partition(
    graph: &DepGraph,
    weighted: &WeightedGraph,
    reference: &Reference<'_>,
) -> (Vec<usize>, Vec<String>) {
    let mut names = reference.partition.names().to_vec();
    let mut extra: std::collections::BTreeMap<String, usize> = Default::default();
    let ids = weighted
        .nodes
        .iter()
        .map(|&node| match reference.partition.module_of(node) {
            Some(m) => m.index(),
            None => {
                let root = graph
                    .node(node)
                    .name
                    .split("::")
                    .next()
                    .unwrap_or("")
                    .to_string();
                *extra
                    .entry(format!("(unassigned) {root}"))
                    .or_insert_with_key(|key| {
                        names.push(key.clone());
                        names.len() - 1
                    })
            }
        })
        .collect();
    (ids, names)
}

/// The user's constraints in vertex terms; unknown package names are errors.
fn constraints(
    graph: &DepGraph,
    weighted: &WeightedGraph,
    reference: &Reference<'_>,
    options: &SuggestOptions,
    reference_of: &[usize],
) -> Result<Constraints, String> {
    let vertex_of_name: std::collections::BTreeMap<&str, usize> = weighted
        .nodes
        .iter()
        .enumerate()
        .map(|(v, &node)| (graph.node(node).name.as_str(), v))
        .collect();
    let vertex = |name: &str| {
        vertex_of_name.get(name).copied().ok_or_else(|| {
            format!("no package named {name} in the graph (constraints name internal packages)")
        })
    };
    let mut together: Vec<Vec<usize>> = Vec::new();
    for prefix in &options.keep_whole {
        let nested = format!("{prefix}::");
        let group: Vec<usize> = vertex_of_name
            .iter()
            .filter(|(n, _)| **n == prefix.as_str() || n.starts_with(&nested))
            .map(|(_, &v)| v)
            .collect();
        if group.is_empty() {
            return Err(format!(
                "--keep-whole {prefix}: no package is in that namespace"
            ));
        }
        together.push(group);
    }
    for (a, b) in &options.together {
        together.push(vec![vertex(a)?, vertex(b)?]);
    }
    let mut apart = Vec::new();
    for (a, b) in &options.apart {
        apart.push((vertex(a)?, vertex(b)?));
    }
    // held modules: together inside, apart from each other
    let mut anchors = Vec::new();
    for module in (0..reference.partition.len()).filter(|&m| reference.holds(m)) {
        let group: Vec<usize> = (0..weighted.len())
            .filter(|&v| reference_of[v] == module)
            .collect();
        if let Some(&first) = group.first() {
            anchors.push(first);
            together.push(group);
        }
    }
    for (i, &a) in anchors.iter().enumerate() {
        for &b in &anchors[i + 1..] {
            apart.push((a, b));
        }
    }
    Ok(Constraints {
        together,
        apart,
        max_size: options.max_size,
        home: reference_of.to_vec(),
        shared: Vec::new(),
        aside: Vec::new(),
    })
}

/// Ties between consecutive packages (in name order) of the same reference module, by node.
fn namespace_layer(
    weighted: &WeightedGraph,
    reference_of: &[usize],
) -> std::collections::BTreeMap<(NodeId, NodeId), f64> {
    let mut last: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut layer = std::collections::BTreeMap::new();
    // vertices are in name order already
    for (v, &module) in reference_of.iter().enumerate() {
        if let Some(previous) = last.insert(module, v) {
            layer.insert((weighted.nodes[previous], weighted.nodes[v]), 1.0);
        }
    }
    layer
}

/// Vertices with no coupling the clustering sees (none, or only to shared vertices).
fn isolated(weighted: &WeightedGraph, shared: &[usize]) -> usize {
    let mut coupled = vec![false; weighted.len()];
    for &(a, b) in weighted.edges.keys() {
        if !shared.contains(&a) && !shared.contains(&b) {
            coupled[a] = true;
            coupled[b] = true;
        }
    }
    (0..weighted.len())
        .filter(|&v| !coupled[v] && !shared.contains(&v))
        .count()
}

/// Vertices used by at least `share` of all packages (and by at least
/// [`seam_graph::SHARED_MIN_USERS`]): seam-graph's one rule for shared infrastructure.
fn omnipresent(graph: &DepGraph, weighted: &WeightedGraph, share: f64) -> Vec<usize> {
    let vertex = weighted.vertex_index();
    let mut users = vec![0usize; weighted.len()];
    for &(from, to) in graph.edges.keys() {
        if let (Some(_), Some(&v)) = (vertex.get(&from), vertex.get(&to)) {
            users[v] += 1;
        }
    }
    let mut shared = seam_graph::omnipresent(&users, share);
    shared.sort_unstable();
    shared
}

/// The proposal against the reference, the namespace splits and chance.
fn comparison(
    inputs: &proposal::Inputs<'_>,
    partition: &[usize],
    reference_name: &str,
) -> Comparison {
    let (weighted, graph, reference) = (inputs.weighted, inputs.graph, inputs.reference.0);
    let samples: Vec<Vec<usize>> = (0..10).map(|s| shuffled(partition, s)).collect();
    let agreement = |against: String, candidate: &[usize], other: &[usize]| Agreement {
        against,
        mojo_fm: proposal::round(mojo_fm(candidate, other)),
        ari: proposal::round(adjusted_rand_index(candidate, other)),
    };
    let chance = |against: String, other: &[usize]| {
        let n = samples.len() as f64;
        Agreement {
            against,
            mojo_fm: proposal::round(samples.iter().map(|s| mojo_fm(s, other)).sum::<f64>() / n),
            ari: proposal::round(
                samples
                    .iter()
                    .map(|s| adjusted_rand_index(s, other))
                    .sum::<f64>()
                    / n,
            ),
        }
    };
    let namespaces = (1..=3)
        .map(|depth| {
            let split = namespace_split(weighted, graph, depth);
            let against = format!("namespaces at depth {depth}");
            NamespaceComparison {
                depth,
                modules: cluster::sizes(&split).len(),
                proposal: agreement(against.clone(), partition, &split),
                random: chance(format!("{against} (random partitions, same sizes)"), &split),
                metrics: proposal::metrics_of(inputs, &split),
            }
        })
        .collect();
    Comparison {
        mojo_fm: proposal::round(mojo_fm(partition, reference)),
        ari: proposal::round(adjusted_rand_index(partition, reference)),
        random: chance(
            format!("{reference_name} (random partitions, same sizes)"),
            reference,
        ),
        namespaces,
        history: None,
    }
}

/// Module of each vertex when modules are namespace prefixes of `depth` segments.
pub fn namespace_split(weighted: &WeightedGraph, graph: &DepGraph, depth: usize) -> Vec<usize> {
    let mut ids: std::collections::BTreeMap<String, usize> = Default::default();
    weighted
        .nodes
        .iter()
        .map(|&node| {
            let prefix: Vec<&str> = graph.node(node).name.split("::").take(depth).collect();
            let next = ids.len();
            *ids.entry(prefix.join("::")).or_insert(next)
        })
        .collect()
}

/// `partition` with its labels shuffled among vertices (same size profile), seeded.
fn shuffled(partition: &[usize], seed: u64) -> Vec<usize> {
    let mut labels = partition.to_vec();
    // xorshift: small, seeded, stable across platforms
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..labels.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        labels.swap(i, (state % (i as u64 + 1)) as usize);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_graph_sweeps_every_other_resolution_and_keeps_both_ends() {
        let grid = profile::grid(0.1, 10.0, 25);
        assert_eq!(sweep_points(&grid, 1), grid);
        let coarse = sweep_points(&grid, 2);
        assert_eq!(coarse.len(), 13);
        assert_eq!(coarse.first(), grid.first());
        assert_eq!(coarse.last(), grid.last());
        assert!(coarse.iter().all(|r| grid.contains(r)));
        // an even count still ends on the last point
        assert_eq!(sweep_points(&grid[..6], 2).last(), grid.get(5));
    }

    #[test]
    fn a_huge_graph_sweeps_every_fourth_resolution_and_keeps_both_ends() {
        let grid = profile::grid(0.1, 10.0, 25);
        let coarse = sweep_points(&grid, HUGE_GRAPH_STRIDE);
        assert_eq!(coarse, [0.1, 0.215, 0.464, 1.0, 2.154, 4.642, 10.0]);
        // the stride-2 sweep holds every point of the stride-4 one: the same runs are reused
        assert!(coarse.iter().all(|r| sweep_points(&grid, 2).contains(r)));
        assert_eq!(
            sweep_points(&grid[..7], HUGE_GRAPH_STRIDE),
            [grid[0], grid[4], grid[6]]
        );
    }
}
