//! Seeded Leiden (the `leiden-rs` crate, sequential build) under constraints.
//!
//! Constraints are applied around the algorithm rather than inside it: vertices that must stay
//! together are contracted into one super-vertex before clustering; vertices that must stay apart
//! are separated afterwards (the module is split at them, every other member going where it is
//! most strongly attached); modules over the size limit are clustered again on their own at a
//! finer resolution. Isolated packages (no edges) have nothing to say about boundaries and join
//! the module where most of their namespace siblings went.
//!
//! Determinism: vertices are in canonical (node) order, the RNG is seeded, the build has no
//! threads, and module ids are renumbered by their smallest vertex.

use crate::weights::WeightedGraph;
use leiden_rs::{GraphData, GraphDataBuilder, Leiden, LeidenConfig};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// What a clustering must respect (vertex indices of the [`WeightedGraph`]).
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// Groups that must end in one module (namespaces kept whole, must-together pins, modules
    /// held fixed).
    pub together: Vec<Vec<usize>>,
    /// Pairs that must end in different modules.
    pub apart: Vec<(usize, usize)>,
    /// Most packages per module (0: no limit).
    pub max_size: usize,
    /// A home group per vertex (its current namespace module), for placing isolated vertices.
    pub home: Vec<usize>,
    /// Omnipresent vertices (used by a large share of all packages): left out of the clustering
    /// and proposed together as one shared module, as Bunch does, because their edges would glue
    /// every module to every other.
    pub shared: Vec<usize>,
    /// Groups set aside like the shared ones, each proposed as one module of its own (tests,
    /// vendored code).
    pub aside: Vec<Vec<usize>>,
}

/// A weighted graph ready to be clustered many times (resolutions, seeds).
pub struct Clusterer {
    /// Super-vertex of each vertex.
    group_of: Vec<usize>,
    /// Super-vertex edges.
    super_edges: BTreeMap<(usize, usize), f64>,
    groups: usize,
    apart: Vec<(usize, usize)>,
    max_size: usize,
    home: Vec<usize>,
    adjacency: Vec<Vec<(usize, f64)>>,
    strength: Vec<f64>,
    shared: std::collections::BTreeSet<usize>,
    /// The Leiden input over every super-vertex and `super_edges`, built once for all the runs
    /// ([`Clusterer::run`]): `None` when there is no edge.
    whole: Option<GraphData>,
    /// Partitions already made, by `(resolution bits, seed)`: a run is a pure function of the
    /// two, and the sweep, the seed runs of a granularity and the candidates of the default
    /// resolution ask for some of the same runs.
    made: Mutex<BTreeMap<(u64, u64), Vec<usize>>>,
    /// Leiden runs made over the whole graph (not answered from `made`).
    leiden_runs: std::sync::atomic::AtomicUsize,
    /// Runs the caller will ask for later ([`Clusterer::plan`]): a batch of
    /// [`Clusterer::run_all`] that would leave a core idle in its last round makes some of them
    /// too. Only the order in which runs are made changes: each is a pure function of its
    /// `(resolution, seed)`, so every answer is the same.
    planned: Mutex<Vec<(f64, u64)>>,
}

impl Clusterer {
    /// Prepares `graph` under `constraints`; `Err((a, b))` when an apart pair is kept together.
    pub fn new(graph: &WeightedGraph, constraints: &Constraints) -> Result<Self, (usize, usize)> {
        let n = graph.len();
        let mut union = UnionFind::new(n);
        for group in constraints
            .together
            .iter()
            .chain([&constraints.shared])
            .chain(&constraints.aside)
        {
            for pair in group.windows(2) {
                union.join(pair[0], pair[1]);
            }
        }
        // super-vertices numbered by their smallest vertex, in order
        let mut number: BTreeMap<usize, usize> = BTreeMap::new();
        let mut group_of = vec![0; n];
        for (v, group) in group_of.iter_mut().enumerate() {
            let root = union.find(v);
            let next = number.len();
            *group = *number.entry(root).or_insert(next);
        }
        for &(a, b) in &constraints.apart {
            if a < n && b < n && group_of[a] == group_of[b] {
                return Err((a, b));
            }
        }
        let shared: std::collections::BTreeSet<usize> = constraints
            .shared
            .iter()
            .chain(constraints.aside.iter().flatten())
            .copied()
            .collect();
        let mut super_edges = BTreeMap::new();
        // coupling that counts for clustering: none through shared vertices
        let mut strength = vec![0.0; n];
        for (&(a, b), &w) in &graph.edges {
            if shared.contains(&a) || shared.contains(&b) {
                continue;
            }
            strength[a] += w;
            strength[b] += w;
            let (x, y) = (group_of[a], group_of[b]);
            if x != y {
                *super_edges.entry((x.min(y), x.max(y))).or_insert(0.0) += w;
            }
        }
        let home = if constraints.home.len() == n {
            constraints.home.clone()
        } else {
            (0..n).collect()
        };
        let groups: Vec<usize> = (0..number.len()).collect();
        let whole = leiden_input(&groups, &super_edges);
        Ok(Clusterer {
            group_of,
            super_edges,
            groups: number.len(),
            whole,
            made: Mutex::new(BTreeMap::new()),
            leiden_runs: std::sync::atomic::AtomicUsize::new(0),
            planned: Mutex::new(Vec::new()),
            apart: constraints.apart.clone(),
            max_size: constraints.max_size,
            home,
            adjacency: graph.adjacency(),
            strength,
            shared,
        })
    }

    /// The contracted group (super-vertex) of vertex `v`: vertices of one group always share a
    /// module.
    pub fn group(&self, v: usize) -> usize {
        self.group_of.get(v).copied().unwrap_or(usize::MAX)
    }

    /// The module of every vertex at `resolution` with `seed`, numbered canonically. Each
    /// `(resolution, seed)` is clustered once; asked again, the partition made is returned.
    pub fn run(&self, resolution: f64, seed: u64) -> Vec<usize> {
        let key = (resolution.to_bits(), seed);
        if let Some(made) = self.made().get(&key) {
            return made.clone();
        }
        let partition = self.run_whole(resolution, seed);
        self.made().insert(key, partition.clone());
        partition
    }

    /// Leiden runs made so far over the whole graph: each `(resolution, seed)` counts once
    /// however often [`Clusterer::run`] or [`Clusterer::run_all`] asked for it.
    pub fn leiden_runs(&self) -> usize {
        self.leiden_runs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The partitions made, locked (a poisoned lock only means a run panicked elsewhere: the
    /// partitions stored are complete).
    fn made(&self) -> std::sync::MutexGuard<'_, BTreeMap<(u64, u64), Vec<usize>>> {
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One run over the whole graph, not looked up.
    fn run_whole(&self, resolution: f64, seed: u64) -> Vec<usize> {
        self.leiden_runs
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let groups = self.groups;
        let super_modules = match &self.whole {
            Some(data) => leiden_on(data, groups, resolution, seed),
            None => (0..groups).collect(),
        };
        self.constrained(super_modules, resolution, seed)
    }

    /// [`Clusterer::run`] for each `(resolution, seed)`, in order. The runs not made yet are
    /// independent and each is sequential and seeded, so they are spread over the available
    /// cores with the same result whatever their number (and planned runs fill the cores the
    /// batch would leave idle).
    pub fn run_all(&self, jobs: &[(f64, u64)]) -> Vec<Vec<usize>> {
        let mut missing: Vec<(f64, u64)> = {
            let made = self.made();
            let mut missing: Vec<(f64, u64)> = Vec::new();
            for &(r, seed) in jobs {
                let key = (r.to_bits(), seed);
                if !made.contains_key(&key)
                    && !missing.iter().any(|&(x, s)| (x.to_bits(), s) == key)
                {
                    missing.push((r, seed));
                }
            }
            missing
        };
        // the last round of the batch would leave `idle` cores without a run
        let (cores, last) = (threads(), missing.len() % threads());
        if cores > 1 && last != 0 {
            let idle = cores - last;
            missing.extend(self.take_planned(idle, &missing));
        }
        let partitions = self.run_parallel(&missing);
        let mut made = self.made();
        for (&(r, seed), partition) in missing.iter().zip(partitions) {
            made.insert((r.to_bits(), seed), partition);
        }
        jobs.iter()
            .map(|&(r, seed)| made[&(r.to_bits(), seed)].clone())
            .collect()
    }

    /// Says that the runs `jobs` will be asked for later: [`Clusterer::run_all`] may make some of
    /// them early, on a core a batch would leave idle.
    pub fn plan(&self, jobs: &[(f64, u64)]) {
        let mut planned = self
            .planned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        planned.extend_from_slice(jobs);
    }

    /// Up to `count` planned runs neither made nor among `batch`, taken off the plan in order.
    fn take_planned(&self, count: usize, batch: &[(f64, u64)]) -> Vec<(f64, u64)> {
        let made = self.made();
        let mut planned = self
            .planned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = |&(r, seed): &(f64, u64)| (r.to_bits(), seed);
        planned.retain(|job| !made.contains_key(&key(job)));
        let mut taken: Vec<(f64, u64)> = Vec::new();
        planned.retain(|job| {
            let take = taken.len() < count
                && !batch
                    .iter()
                    .chain(&taken)
                    .any(|other| key(other) == key(job));
            if take {
                taken.push(*job);
            }
            !take
        });
        taken
    }

    /// [`Clusterer::run_whole`] for each job, spread over the available cores: each core takes
    /// the next job not started, the finest resolutions (the costliest runs) first, so that
    /// cores finish together. The answers are in the order of `jobs`.
    fn run_parallel(&self, jobs: &[(f64, u64)]) -> Vec<Vec<usize>> {
        let threads = threads().min(jobs.len()).max(1);
        if threads == 1 {
            return jobs
                .iter()
                .map(|&(r, seed)| self.run_whole(r, seed))
                .collect();
        }
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by(|&a, &b| jobs[b].0.total_cmp(&jobs[a].0).then(a.cmp(&b)));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut answers: Vec<Option<Vec<usize>>> = vec![None; jobs.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&job) = order.get(i) else {
                                return done;
                            };
                            let (r, seed) = jobs[job];
                            done.push((job, self.run_whole(r, seed)));
                        }
                    })
                })
                .collect();
            for handle in handles {
                // a thread that panicked leaves its jobs unanswered: they run again below,
                // where the panic shows
                for (job, partition) in handle.join().unwrap_or_default() {
                    answers[job] = Some(partition);
                }
            }
        });
        answers
            .into_iter()
            .zip(jobs)
            .map(|(answer, &(r, seed))| answer.unwrap_or_else(|| self.run_whole(r, seed)))
            .collect()
    }

    /// The consensus of `runs` (partitions of the vertices): each edge weighted by the share of
    /// the runs that put its two ends in one module, edges shared by fewer than half of the runs
    /// dropped, clustered at `resolution` with `seed`. One run is its own consensus.
    pub fn consensus(&self, runs: &[Vec<usize>], resolution: f64, seed: u64) -> Vec<usize> {
        let n = self.group_of.len();
        if runs.len() < 2 || runs.iter().any(|run| run.len() != n) {
            return runs
                .first()
                .cloned()
                .unwrap_or_else(|| self.run(resolution, seed));
        }
        // the consensus is sequential: a planned run takes the core it leaves idle
        std::thread::scope(|scope| {
            if threads() > 1 {
                scope.spawn(|| self.run_planned(1));
            }
            let edges = self.consensus_edges(runs);
            let groups: Vec<usize> = (0..self.groups).collect();
            self.constrained(leiden(&groups, &edges, resolution, seed), resolution, seed)
        })
    }

    /// The consensus graph of `runs` over the super-vertices (see [`Clusterer::consensus`]).
    fn consensus_edges(&self, runs: &[Vec<usize>]) -> BTreeMap<(usize, usize), f64> {
        let mut edges = BTreeMap::new();
        for (a, neighbours) in self.adjacency.iter().enumerate() {
            for &(b, w) in neighbours {
                if b <= a || self.shared.contains(&a) || self.shared.contains(&b) {
                    continue;
                }
                let (x, y) = (self.group_of[a], self.group_of[b]);
                let together =
                    runs.iter().filter(|run| run[a] == run[b]).count() as f64 / runs.len() as f64;
                if x != y && together >= 0.5 {
                    *edges.entry((x.min(y), x.max(y))).or_insert(0.0) += w * together;
                }
            }
        }
        edges
    }

    /// Makes up to `count` planned runs (one after the other, on this thread) and keeps them.
    fn run_planned(&self, count: usize) {
        for (r, seed) in self.take_planned(count, &[]) {
            let partition = self.run_whole(r, seed);
            self.made().insert((r.to_bits(), seed), partition);
        }
    }

    /// The module of every vertex from the module of each super-vertex, with the constraints
    /// applied, numbered canonically.
    fn constrained(&self, super_modules: Vec<usize>, resolution: f64, seed: u64) -> Vec<usize> {
        let mut modules: Vec<usize> = self.group_of.iter().map(|&g| super_modules[g]).collect();
        self.separate(&mut modules);
        self.split_oversize(&mut modules, resolution, seed, self.max_size);
        self.place_isolated(&mut modules);
        canonical(&modules)
    }

    /// Splits modules that hold both sides of an `apart` pair.
    fn separate(&self, modules: &mut [usize]) {
        let mut next = modules.iter().max().map_or(0, |m| m + 1);
        for &(a, b) in &self.apart {
            if a >= modules.len() || b >= modules.len() || modules[a] != modules[b] {
                continue;
            }
            // `b`'s super-vertex leaves; the free members go to whichever side holds them harder
            let old = modules[a];
            let leaving = self.group_of[b];
            for (v, module) in modules.iter_mut().enumerate() {
                if self.group_of[v] == leaving {
                    *module = next;
                }
            }
            let anchored =
                |v: usize| self.group_of[v] == self.group_of[a] || self.group_of[v] == leaving;
            let members: Vec<usize> = (0..modules.len())
                .filter(|&v| modules[v] == old && !anchored(v))
                .collect();
            for v in members {
                let pull = |module: usize| -> f64 {
                    self.adjacency[v]
                        .iter()
                        .filter(|(u, _)| modules[*u] == module)
                        .map(|(_, w)| w)
                        .sum()
                };
                if pull(next) > pull(old) {
                    modules[v] = next;
                }
            }
            next += 1;
        }
    }

    /// Clusters every module over `max_size` members (0: no limit) again, alone, at finer
    /// resolutions; modules that cannot be split (one contracted group) are left as they are.
    /// Module ids are not canonical afterwards.
    pub fn split_oversize(
        &self,
        modules: &mut [usize],
        resolution: f64,
        seed: u64,
        max_size: usize,
    ) {
        if max_size == 0 {
            return;
        }
        let mut next = modules.iter().max().map_or(0, |m| m + 1);
        let mut unsplittable = std::collections::BTreeSet::new();
        for _ in 0..64 {
            let sizes = sizes(modules);
            let Some((&big, _)) = sizes
                .iter()
                .find(|(m, &size)| size > max_size && !unsplittable.contains(*m))
            else {
                return;
            };
            let groups: Vec<usize> = {
                let mut groups: Vec<usize> = (0..modules.len())
                    .filter(|&v| modules[v] == big)
                    .map(|v| self.group_of[v])
                    .collect();
                groups.sort_unstable();
                groups.dedup();
                groups
            };
            let mut split = false;
            let mut finer = resolution.max(0.1) * 2.0;
            for _ in 0..6 {
                let parts = leiden(&groups, &self.super_edges, finer, seed);
                let distinct: std::collections::BTreeSet<usize> =
                    groups.iter().map(|&g| parts[g]).collect();
                if distinct.len() > 1 {
                    let first = parts[groups[0]];
                    for v in 0..modules.len() {
                        if modules[v] == big && parts[self.group_of[v]] != first {
                            modules[v] = next + parts[self.group_of[v]];
                        }
                    }
                    next += groups.len() + 1;
                    split = true;
                    break;
                }
                finer *= 2.0;
            }
            if !split {
                unsplittable.insert(big);
            }
        }
    }

    /// Isolated vertices join the module where most vertices of their home went.
    fn place_isolated(&self, modules: &mut [usize]) {
        let strength = &self.strength;
        let mut votes: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
        for (v, &module) in modules.iter().enumerate() {
            if strength[v] > 0.0 {
                *votes
                    .entry(self.home[v])
                    .or_default()
                    .entry(module)
                    .or_default() += 1;
            }
        }
        let mut group_sizes = vec![0usize; self.groups];
        for &g in &self.group_of {
            group_sizes[g] += 1;
        }
        for v in 0..modules.len() {
            let alone = strength[v] == 0.0
                && group_sizes[self.group_of[v]] == 1
                && !self.shared.contains(&v);
            if !alone {
                continue;
            }
            if let Some(module) = votes.get(&self.home[v]).and_then(|counts| {
                counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(&m, _)| m)
            }) {
                modules[v] = module;
            }
        }
    }
}

/// Threads the runs are spread over: the available cores.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Leiden over the super-vertices `groups` (a subset, in order) and the edges among them:
/// the module of each super-vertex, indexed by super-vertex id (ids outside `groups` get 0).
fn leiden(
    groups: &[usize],
    edges: &BTreeMap<(usize, usize), f64>,
    resolution: f64,
    seed: u64,
) -> Vec<usize> {
    let size = groups.iter().max().map_or(0, |m| m + 1);
    let membership: Vec<usize> = match leiden_input(groups, edges) {
        Some(data) => leiden_on(&data, groups.len(), resolution, seed),
        None => (0..groups.len()).collect(),
    };
    let mut result = vec![0; size];
    for (i, &g) in groups.iter().enumerate() {
        result[g] = membership[i];
    }
    result
}

/// The Leiden input of the super-vertices `groups` (a subset, in order; vertex `i` is
/// `groups[i]`) and the edges among them; `None` without an edge.
fn leiden_input(groups: &[usize], edges: &BTreeMap<(usize, usize), f64>) -> Option<GraphData> {
    let size = groups.iter().max().map_or(0, |m| m + 1);
    let mut local = vec![usize::MAX; size];
    for (i, &g) in groups.iter().enumerate() {
        local[g] = i;
    }
    let mut builder = GraphDataBuilder::new(groups.len());
    let mut any = false;
    for (&(a, b), &w) in edges {
        let (Some(&x), Some(&y)) = (local.get(a), local.get(b)) else {
            continue;
        };
        if x != usize::MAX && y != usize::MAX && builder.add_edge(x, y, w).is_ok() {
            any = true;
        }
    }
    builder.build().ok().filter(|_| any)
}

/// Seeded Leiden on `data` (`vertices` of them): the module of each vertex (each its own when
/// Leiden fails).
fn leiden_on(data: &GraphData, vertices: usize, resolution: f64, seed: u64) -> Vec<usize> {
    let config = LeidenConfig {
        resolution,
        seed: Some(seed),
        ..LeidenConfig::default()
    };
    match Leiden::new(config).run(data) {
        Ok(output) => (0..vertices)
            .map(|i| output.partition.community_of(i))
            .collect(),
        Err(_) => (0..vertices).collect(),
    }
}

/// Module ids renumbered 0.. by first appearance in vertex order.
pub fn canonical(modules: &[usize]) -> Vec<usize> {
    let mut number: BTreeMap<usize, usize> = BTreeMap::new();
    modules
        .iter()
        .map(|m| {
            let next = number.len();
            *number.entry(*m).or_insert(next)
        })
        .collect()
}

/// Module id to member count.
pub fn sizes(modules: &[usize]) -> BTreeMap<usize, usize> {
    let mut sizes = BTreeMap::new();
    for &m in modules {
        *sizes.entry(m).or_insert(0) += 1;
    }
    sizes
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, v: usize) -> usize {
        let mut root = v;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut v = v;
        while self.parent[v] != root {
            let next = self.parent[v];
            self.parent[v] = root;
            v = next;
        }
        root
    }

    fn join(&mut self, a: usize, b: usize) {
        if a >= self.parent.len() || b >= self.parent.len() {
            return;
        }
        let (x, y) = (self.find(a), self.find(b));
        if x != y {
            // the smaller index is the root: deterministic
            self.parent[x.max(y)] = x.min(y);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use seam_graph::NodeId;

    /// Four cliques of six, each tied to the next by one edge.
    pub(crate) fn cliques() -> WeightedGraph {
        let mut edges = BTreeMap::new();
        for c in 0..4 {
            for a in 0..6 {
                for b in a + 1..6 {
                    edges.insert((c * 6 + a, c * 6 + b), 1.0);
                }
            }
            edges.insert((c * 6, ((c + 1) % 4) * 6 + 1), 1.0);
        }
        let edges = edges
            .into_iter()
            .map(|((a, b), w)| ((a.min(b), a.max(b)), w))
            .collect();
        WeightedGraph {
            nodes: (0..24).map(NodeId::from_index).collect(),
            edges,
            layers: Vec::new(),
        }
    }

    #[test]
    fn each_resolution_and_seed_is_clustered_once_with_the_partition_of_a_fresh_run() {
        let graph = cliques();
        let clusterer = Clusterer::new(&graph, &Constraints::default()).unwrap();
        let runs = clusterer.run_all(&[(1.0, 0), (2.0, 0), (1.0, 0), (1.0, 1)]);
        assert_eq!(clusterer.leiden_runs(), 3);
        assert_eq!(runs[0], runs[2]);
        assert_eq!(clusterer.run(2.0, 0), runs[1]);
        assert_eq!(clusterer.run_all(&[(1.0, 1)]), vec![runs[3].clone()]);
        assert_eq!(clusterer.leiden_runs(), 3);
        assert_eq!(clusterer.run(2.0, 1).len(), 24);
        assert_eq!(clusterer.leiden_runs(), 4);
        // what is looked up is what a clusterer that never ran would make
        for (job, run) in [(1.0, 0), (2.0, 0), (1.0, 0), (1.0, 1)].iter().zip(&runs) {
            let fresh = Clusterer::new(&graph, &Constraints::default()).unwrap();
            assert_eq!(&fresh.run(job.0, job.1), run);
        }
        assert_eq!(crate::seeds::modules(&runs[0]), 4, "{:?}", runs[0]);
    }

    #[test]
    fn planned_runs_fill_idle_cores_and_answer_as_fresh_runs() {
        let graph = cliques();
        let clusterer = Clusterer::new(&graph, &Constraints::default()).unwrap();
        clusterer.plan(&[(2.0, 0), (3.0, 1), (2.0, 0)]);
        let first = clusterer.run_all(&[(1.0, 0)]);
        // a batch of one leaves the other cores idle: they took planned runs
        let early = clusterer.leiden_runs();
        assert_eq!(early, 1 + (threads() - 1).min(2), "{early} runs");
        // the consensus leaves a core idle too
        let consensus = clusterer.consensus(&[first[0].clone(), first[0].clone()], 1.0, 0);
        let later = clusterer.run_all(&[(2.0, 0), (3.0, 1)]);
        // every planned run was made once, whoever made it (the consensus's own clustering is
        // not a run over the whole graph)
        assert_eq!(clusterer.leiden_runs(), 3);
        let fresh = Clusterer::new(&graph, &Constraints::default()).unwrap();
        assert_eq!(fresh.run(1.0, 0), first[0]);
        assert_eq!(fresh.run(2.0, 0), later[0]);
        assert_eq!(fresh.run(3.0, 1), later[1]);
        assert_eq!(
            fresh.consensus(&[first[0].clone(), first[0].clone()], 1.0, 0),
            consensus
        );
    }
}
