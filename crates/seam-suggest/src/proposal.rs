//! A partition of the packages turned into something an architect can argue with: named modules
//! with readable members, cohesion, coupling and cut cost, the packages that move and why, and
//! the order to extract them.

use crate::metrics::{decomposition_metrics, DecompositionMetrics};
use crate::report::{
    Ambiguous, CutCost, ExtractionStep, Proposal, ProposedModule, StepKind, SymbolUse,
};
use crate::role::Role;
use crate::weights::{KindWeights, WeightedGraph};
use seam_graph::{DepGraph, EdgeKind, NodeId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Mono2Micro's bounds for a non-extreme module size, in packages.
pub const NED_MIN: usize = 5;
/// See [`NED_MIN`].
pub const NED_MAX: usize = 20;

/// The inputs of a proposal.
pub struct Inputs<'a> {
    /// The resolved graph, with every reference kept.
    pub graph: &'a DepGraph,
    /// The clustered graph.
    pub weighted: &'a WeightedGraph,
    /// Kind weights (for directed metrics).
    pub weights: &'a KindWeights,
    /// Module of each vertex.
    pub partition: &'a [usize],
    /// Stability of each vertex.
    pub stability: &'a [f64],
    /// Reference module of each vertex, and the reference modules' names.
    pub reference: (&'a [usize], &'a [String]),
    /// Role of each vertex (application, shared kernel, tests, vendored).
    pub roles: &'a [crate::role::Role],
    /// Name modules after the reference modules (a seam.toml's) rather than their namespaces.
    pub named_by_reference: bool,
    /// The tables and files the packages use, for the data part of the cut cost.
    pub data: Option<&'a seam_graph::DataGraph>,
}

impl Inputs<'_> {
    pub(crate) fn name(&self, v: usize) -> &str {
        &self.graph.node(self.weighted.nodes[v]).name
    }

    /// Directed weighted package edges (vertex indices), for the decomposition metrics.
    fn directed_edges(&self) -> Vec<(usize, usize, f64)> {
        let vertex = self.vertex_of();
        self.graph
            .edges
            .iter()
            .filter_map(|(&(from, to), stats)| {
                let weight = stats
                    .kinds
                    .iter()
                    .map(|(&kind, &count)| self.weights.of(kind) * f64::from(count))
                    .sum();
                Some((*vertex.get(&from)?, *vertex.get(&to)?, weight))
            })
            .collect()
    }

    fn vertex_of(&self) -> crate::weights::VertexIndex {
        self.weighted.vertex_index()
    }
}

/// Builds the proposal (without its comparison, which the caller adds).
pub fn propose(inputs: &Inputs<'_>, resolution: f64) -> (Proposal, Vec<String>) {
    let modules = members(inputs.partition);
    let names = module_names(inputs, &modules);
    let edges = inputs.directed_edges();
    // the modules' details and the rest read the same inputs and are independent: the rest on a
    // second thread meanwhile (the same values, in less time when a core is free)
    let (mut proposed, (metrics, reference_metrics, (moves, merges), ambiguous)) =
        std::thread::scope(|scope| {
            let rest = scope.spawn(|| {
                (
                    decomposition_metrics(&edges, inputs.partition, NED_MIN, NED_MAX),
                    decomposition_metrics(&edges, inputs.reference.0, NED_MIN, NED_MAX),
                    crate::moves::moves(inputs, &modules, &names),
                    ambiguous(inputs, &names),
                )
            });
            let mut all_names: Vec<&str> =
                (0..inputs.weighted.len()).map(|v| inputs.name(v)).collect();
            all_names.sort_unstable();
            let proposed: Vec<ProposedModule> = modules
                .iter()
                .zip(&names)
                .zip(boundaries(inputs, &edges, modules.len()))
                .map(|((members, name), boundary)| {
                    module(inputs, members, name, boundary, &all_names)
                })
                .collect();
            let rest = rest
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (proposed, rest)
        });
    let extraction_order = extraction_order(&proposed);
    for (template, m) in place_templates(inputs, inputs.partition) {
        proposed[m].templates.push(template);
    }
    proposed.sort_by(|a, b| {
        b.packages
            .len()
            .cmp(&a.packages.len())
            .then(a.name.cmp(&b.name))
    });
    let mut sizes: Vec<usize> = proposed.iter().map(|m| m.packages.len()).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let total: usize = sizes.iter().sum();
    let largest_share = sizes
        .first()
        .map_or(0.0, |&s| round(s as f64 / total.max(1) as f64));
    let proposal = Proposal {
        resolution,
        modules: proposed,
        metrics,
        reference_metrics,
        sizes,
        largest_share,
        // filled in by the caller, which knows what to compare with
        comparison: crate::report::Comparison {
            mojo_fm: 0.0,
            ari: 0.0,
            random: crate::report::Agreement {
                against: String::new(),
                mojo_fm: 0.0,
                ari: 0.0,
            },
            namespaces: Vec::new(),
            history: None,
        },
        moves,
        merges,
        ambiguous,
        extraction_order,
    };
    (proposal, names)
}

/// Where each template goes: a component belongs with the code it calls. A template is placed in
/// the module whose packages its references reach most (ties: the lower module id); one that
/// calls no package, in the module most of the placed templates it calls or is called by are in
/// (repeated while that places more). Templates that reach nothing stay unplaced (grouped by
/// directory in [`crate::Proposal::partition`]). Template names, sorted, with module ids.
fn place_templates(inputs: &Inputs<'_>, partition: &[usize]) -> Vec<(String, usize)> {
    let graph = inputs.graph;
    let vertex = inputs.vertex_of();
    let is_template = |id: NodeId| graph.node(id).kind == seam_graph::NodeKind::Template;
    // the shared kernel (formatting helpers, the config) is used by every page: it votes only
    // for templates that reach nothing else
    let mut votes: BTreeMap<NodeId, BTreeMap<usize, u32>> = BTreeMap::new();
    let mut kernel_votes: BTreeMap<NodeId, BTreeMap<usize, u32>> = BTreeMap::new();
    for (&(from, to), stats) in &graph.edges {
        if let (true, Some(&v)) = (is_template(from), vertex.get(&to)) {
            let count: u32 = stats.kinds.values().sum();
            let kernel = inputs.roles.get(v) == Some(&Role::SharedKernel);
            let into = if kernel {
                &mut kernel_votes
            } else {
                &mut votes
            };
            *into
                .entry(from)
                .or_default()
                .entry(partition[v])
                .or_default() += count;
        }
    }
    for (t, counts) in kernel_votes {
        votes.entry(t).or_insert(counts);
    }
    let best = |counts: &BTreeMap<usize, u32>| {
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&m, _)| m)
    };
    let mut placed: BTreeMap<NodeId, usize> = votes
        .iter()
        .filter_map(|(&t, counts)| Some((t, best(counts)?)))
        .collect();
    loop {
        let mut more: BTreeMap<NodeId, BTreeMap<usize, u32>> = BTreeMap::new();
        for &(from, to) in graph.edges.keys() {
            if !(is_template(from) && is_template(to)) {
                continue;
            }
            for (a, b) in [(from, to), (to, from)] {
                if let (false, Some(&m)) = (placed.contains_key(&a), placed.get(&b)) {
                    *more.entry(a).or_default().entry(m).or_default() += 1;
                }
            }
        }
        if more.is_empty() {
            break;
        }
        for (t, counts) in &more {
            if let Some(m) = best(counts) {
                placed.insert(*t, m);
            }
        }
    }
    let mut out: Vec<(String, usize)> = placed
        .into_iter()
        .map(|(t, m)| (graph.node(t).name.clone(), m))
        .collect();
    out.sort();
    out
}

/// Vertices of each module, modules in id order.
fn members(partition: &[usize]) -> Vec<Vec<usize>> {
    let count = partition.iter().max().map_or(0, |m| m + 1);
    let mut members = vec![Vec::new(); count];
    for (v, &m) in partition.iter().enumerate() {
        members[m].push(v);
    }
    members.retain(|m| !m.is_empty());
    members
}

/// Each module is named after its packages' dominant namespace ([`crate::naming`]); with a
/// seam.toml as the reference, after the seam.toml module most of its packages come from, a
/// second module from the same one adding its namespace name in parentheses.
fn module_names(inputs: &Inputs<'_>, modules: &[Vec<usize>]) -> Vec<String> {
    let members: Vec<Vec<&str>> = modules
        .iter()
        .map(|m| m.iter().map(|&v| inputs.name(v)).collect())
        .collect();
    let module_of: BTreeMap<&str, usize> = members
        .iter()
        .enumerate()
        .flat_map(|(m, names)| names.iter().map(move |&n| (n, m)))
        .collect();
    let elsewhere = |name: &str, m: usize| module_of.get(name).is_some_and(|&o| o != m);
    let by_namespace = crate::naming::names(&members, &elsewhere);
    let labelled = |m: usize, name: String| match role_of(inputs, &modules[m]) {
        Role::Tests => "(tests)".to_string(),
        Role::Vendored => "(vendored)".to_string(),
        _ => name,
    };
    if !inputs.named_by_reference {
        return by_namespace
            .into_iter()
            .enumerate()
            .map(|(m, name)| labelled(m, name))
            .collect();
    }
    let (reference, reference_names) = inputs.reference;
    let totals = reference_sizes(reference);
    let mut order: Vec<usize> = (0..modules.len()).collect();
    order.sort_by(|&a, &b| modules[b].len().cmp(&modules[a].len()).then(a.cmp(&b)));
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut names = vec![String::new(); modules.len()];
    for m in order {
        let home = dominant(&modules[m], reference, &totals);
        let base = reference_names
            .get(home)
            .cloned()
            .unwrap_or_else(|| by_namespace[m].clone());
        names[m] = labelled(
            m,
            if used.insert(home) {
                base
            } else {
                format!("{base} ({})", by_namespace[m])
            },
        );
    }
    names
}

/// The reference module most of `members` belong to; on a tie, the one with the larger share of
/// its packages here (then the smaller id).
pub(crate) fn dominant(
    members: &[usize],
    reference: &[usize],
    total: &BTreeMap<usize, usize>,
) -> usize {
    let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
    for &v in members {
        *votes.entry(reference[v]).or_insert(0) += 1;
    }
    let share = |(m, n): (&usize, &usize)| *n as f64 / total.get(m).copied().unwrap_or(1) as f64;
    votes
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(share(*a).total_cmp(&share(*b)))
                .then(b.0.cmp(a.0))
        })
        .map_or(0, |(&m, _)| m)
}

/// Packages per reference module.
pub(crate) fn reference_sizes(reference: &[usize]) -> BTreeMap<usize, usize> {
    let mut sizes = BTreeMap::new();
    for &m in reference {
        *sizes.entry(m).or_insert(0) += 1;
    }
    sizes
}

fn module(
    inputs: &Inputs<'_>,
    members: &[usize],
    name: &str,
    boundary: Boundary,
    all_names: &[&str],
) -> ProposedModule {
    let packages: Vec<String> = members
        .iter()
        .map(|&v| inputs.name(v).to_string())
        .collect();
    let code_lines = members
        .iter()
        .map(|&v| inputs.graph.node(inputs.weighted.nodes[v]).code_lines)
        .sum();
    let stability =
        members.iter().map(|&v| inputs.stability[v]).sum::<f64>() / members.len().max(1) as f64;
    let role = role_of(inputs, members);
    let Boundary {
        intra,
        incoming,
        outgoing,
        cut,
    } = boundary;
    ProposedModule {
        name: name.to_string(),
        role,
        members: collapse(&packages, all_names),
        packages,
        code_lines,
        cohesion: round(intra / (intra + incoming + outgoing).max(f64::MIN_POSITIVE)),
        coupling_in: round(incoming),
        coupling_out: round(outgoing),
        stability: round(stability),
        templates: Vec::new(),
        cut_cost: cut.finish(),
    }
}

/// The role most of `members` have (application on a tie).
fn role_of(inputs: &Inputs<'_>, members: &[usize]) -> Role {
    let mut counts: BTreeMap<Role, usize> = BTreeMap::new();
    for &v in members {
        *counts
            .entry(inputs.roles.get(v).copied().unwrap_or(Role::Application))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(Role::Application, |(role, _)| role)
}

/// What crosses one module's boundary, gathered for all modules in one pass.
#[derive(Default)]
struct Boundary {
    intra: f64,
    incoming: f64,
    outgoing: f64,
    cut: CutAccumulator,
}

#[derive(Default)]
struct CutAccumulator {
    api: BTreeMap<String, u32>,
    needs: BTreeMap<String, u32>,
    dependents: BTreeSet<NodeId>,
    inheritance: BTreeSet<String>,
    globals: BTreeSet<String>,
    blind_spots: u32,
    shared_data: Vec<String>,
}

impl CutAccumulator {
    fn finish(self) -> CutCost {
        CutCost {
            api: ranked(self.api),
            dependents: self.dependents.len(),
            needs: ranked(self.needs),
            inheritance: self.inheritance.into_iter().collect(),
            shared_globals: self.globals.into_iter().collect(),
            blind_spots: self.blind_spots,
            shared_data: self.shared_data,
        }
    }
}

/// Coupling and cut cost of every module (by id): one pass over the edges and the references.
fn boundaries(inputs: &Inputs<'_>, edges: &[(usize, usize, f64)], count: usize) -> Vec<Boundary> {
    let mut all: Vec<Boundary> = (0..count).map(|_| Boundary::default()).collect();
    let module = inputs.partition;
    for &(a, b, w) in edges {
        let (x, y) = (module[a], module[b]);
        if x == y {
            all[x].intra += w;
        } else {
            all[x].outgoing += w;
            all[y].incoming += w;
        }
    }
    let graph = inputs.graph;
    let vertex = inputs.vertex_of();
    let module_of = |node: NodeId| vertex.get(&node).map(|&v| module[v]);
    for (v, &m) in module.iter().enumerate() {
        all[m].cut.blind_spots += graph.node(inputs.weighted.nodes[v]).blind_spots;
    }
    for reference in &graph.references {
        let (from, to) = (module_of(reference.from), module_of(reference.to));
        if reference.kind == EdgeKind::DynamicLoad {
            if let Some(m) = from {
                all[m].cut.blind_spots += 1;
            }
        }
        // into a module from another module or from a script (scripts call the API too);
        // references to externals cut nothing
        let Some(to) = to else { continue };
        let from = match from {
            Some(from) if from == to => continue,
            Some(from) => Some(from),
            None if matches!(
                graph.node(reference.from).kind,
                seam_graph::NodeKind::Script | seam_graph::NodeKind::Template
            ) =>
            {
                None
            }
            None => continue,
        };
        let (from_name, to_name) = (
            &graph.node(reference.from).name,
            &graph.node(reference.to).name,
        );
        let symbol = match &reference.symbol {
            Some(s) if s.starts_with(['$', '@', '%']) => {
                format!("{}{to_name}::{}", &s[..1], &s[1..])
            }
            Some(s) => format!("{to_name}::{s}"),
            None => to_name.clone(),
        };
        let touched: Vec<usize> = from.into_iter().chain([to]).collect();
        match reference.kind {
            EdgeKind::Parent | EdgeKind::Role | EdgeKind::SuperCall => {
                for &m in &touched {
                    all[m]
                        .cut
                        .inheritance
                        .insert(format!("{from_name} -> {to_name}"));
                }
            }
            EdgeKind::Variable => {
                for &m in &touched {
                    all[m].cut.globals.insert(symbol.clone());
                }
            }
            _ => {}
        }
        all[to].cut.dependents.insert(reference.from);
        *all[to].cut.api.entry(symbol.clone()).or_insert(0) += 1;
        if let Some(from) = from {
            *all[from].cut.needs.entry(symbol).or_insert(0) += 1;
        }
    }
    if let Some(data) = inputs.data {
        shared_data(data, &module_of, &mut all);
    }
    all
}

/// Each module's tables and files that code outside it uses too, with a write on some side.
fn shared_data(
    data: &seam_graph::DataGraph,
    module_of: &dyn Fn(NodeId) -> Option<usize>,
    all: &mut [Boundary],
) {
    // data node → module (None: outside any proposed module: scripts) → (reads, writes)
    let mut uses: BTreeMap<seam_graph::DataId, BTreeMap<Option<usize>, (u32, u32)>> =
        BTreeMap::new();
    for used in &data.uses {
        let entry = uses
            .entry(used.data)
            .or_default()
            .entry(module_of(used.from))
            .or_default();
        match used.writes() {
            true => entry.1 += 1,
            false if used.access == seam_perl::DataAccess::Read => entry.0 += 1,
            false => {}
        }
    }
    for (id, by_module) in uses {
        let writes = by_module.values().any(|&(_, w)| w > 0);
        if by_module.len() < 2 || !writes {
            continue;
        }
        for (&module, &(reads, writes_here)) in &by_module {
            let Some(m) = module else { continue };
            let others = by_module.iter().filter(|(&o, _)| o != module);
            let (mut written, mut read) = (0, 0);
            for (_, &(r, w)) in others {
                if w > 0 {
                    written += 1;
                } else if r > 0 {
                    read += 1;
                }
            }
            let here = seam_graph::access_letters(reads > 0, writes_here > 0);
            all[m].cut.shared_data.push(format!(
                "{} ({here} here; outside {written} W, {read} R)",
                data.node(id).name
            ));
        }
    }
}

/// Members as namespace prefixes where every package of the prefix (and at least two) belongs:
/// `LibSys::Billing::*` stands for `LibSys::Billing` and everything under it.
fn collapse(packages: &[String], all: &[&str]) -> Vec<String> {
    let mine: BTreeSet<&str> = packages.iter().map(String::as_str).collect();
    // everything under `prefix::` (a contiguous run of the sorted names), then the package itself
    let under_lazily = |prefix: &str| {
        let nested = format!("{prefix}::");
        let start = all.partition_point(|n| *n < nested.as_str());
        let exact = all.binary_search(&prefix).ok().map(|at| all[at]);
        all[start..]
            .iter()
            .copied()
            .take_while(move |n| n.starts_with(&nested))
            .chain(exact)
    };
    let under = |prefix: &str| under_lazily(prefix).collect::<Vec<&str>>();
    // at least two packages and every one ours; stops at the first that is not, so a large
    // namespace mostly of other modules costs little (collecting it whole for every module was
    // most of the proposal's string comparisons at 50,000 packages)
    let wholly_ours = |prefix: &str| {
        let mut count = 0usize;
        under_lazily(prefix).all(|n| {
            count += 1;
            mine.contains(n)
        }) && count >= 2
    };
    // whether a namespace is wholly ours, decided once per namespace (asking again for every
    // package under it was quadratic in the namespace's size)
    let mut wholly: HashMap<String, bool> = HashMap::new();
    let mut is_whole = |prefix: &str| {
        *wholly
            .entry(prefix.to_string())
            .or_insert_with(|| wholly_ours(prefix))
    };
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    let mut members = Vec::new();
    for package in &mine {
        if covered.contains(package) {
            continue;
        }
        // the shortest prefix of this package that is wholly ours
        let segments: Vec<&str> = package.split("::").collect();
        let whole = (1..segments.len())
            .map(|k| segments[..k].join("::"))
            .find(|prefix| is_whole(prefix));
        match whole {
            Some(prefix) => {
                covered.extend(under(&prefix));
                members.push(format!("{prefix}::*"));
            }
            None => {
                if wholly_ours(package) {
                    covered.extend(under(package));
                    members.push(format!("{package}::*"));
                } else {
                    covered.insert(package);
                    members.push(package.to_string());
                }
            }
        }
    }
    members.sort();
    members
}

fn ranked(uses: BTreeMap<String, u32>) -> Vec<SymbolUse> {
    let mut ranked: Vec<SymbolUse> = uses
        .into_iter()
        .map(|(symbol, references)| SymbolUse { symbol, references })
        .collect();
    ranked.sort_by(|a, b| {
        b.references
            .cmp(&a.references)
            .then(a.symbol.cmp(&b.symbol))
    });
    ranked
}

fn ambiguous(inputs: &Inputs<'_>, names: &[String]) -> Vec<Ambiguous> {
    let ids: BTreeSet<usize> = inputs.partition.iter().copied().collect();
    let index: BTreeMap<usize, usize> = ids.into_iter().enumerate().map(|(i, m)| (m, i)).collect();
    let mut ambiguous: Vec<Ambiguous> = (0..inputs.partition.len())
        .filter(|&v| inputs.stability[v] < crate::profile::UNSTABLE_BELOW)
        .map(|v| Ambiguous {
            package: inputs.name(v).to_string(),
            module: names[index[&inputs.partition[v]]].clone(),
            stability: inputs.stability[v],
        })
        .collect();
    ambiguous.sort_by(|a, b| {
        a.stability
            .total_cmp(&b.stability)
            .then(a.package.cmp(&b.package))
    });
    ambiguous
}

/// Strangler-fig order over the application's modules worth a step of their own (at least
/// [`NED_MIN`] packages): few dependents (counted twice: leaves first), few needs from other
/// modules, a small cut (API, inheritance and globals across it) and high cohesion come first;
/// ranks are summed, ties go to the more stable, then the larger module. The smaller modules
/// follow as one grouped step (a one-package leaf with nothing depending on it is trivially
/// "first" by every count, and tells an architect nothing). The shared kernel comes last, with
/// its reason. Tests and vendored code are not in the order (they follow what they test, or are
/// not ours to extract).
fn extraction_order(modules: &[ProposedModule]) -> Vec<ExtractionStep> {
    let (application, small): (Vec<&ProposedModule>, Vec<&ProposedModule>) = modules
        .iter()
        .filter(|m| m.role == Role::Application)
        .partition(|m| m.packages.len() >= NED_MIN);
    // competition ranking: equal values share a rank (the number of modules strictly better)
    let rank_by = |key: &dyn Fn(&ProposedModule) -> f64| -> Vec<usize> {
        let values: Vec<f64> = application.iter().map(|m| key(m)).collect();
        values
            .iter()
            .map(|v| values.iter().filter(|other| *other < v).count())
            .collect()
    };
    let dependents = rank_by(&|m| m.cut_cost.dependents as f64);
    let needs = rank_by(&|m| m.cut_cost.needs.len() as f64);
    let cost = rank_by(&|m| cut_weight(&m.cut_cost) as f64);
    let cohesion = rank_by(&|m| -m.cohesion);
    let mut order: Vec<usize> = (0..application.len()).collect();
    order.sort_by(|&a, &b| {
        let score = |m: usize| 2 * dependents[m] + needs[m] + cost[m] + cohesion[m];
        score(a)
            .cmp(&score(b))
            .then(
                application[b]
                    .stability
                    .total_cmp(&application[a].stability),
            )
            .then(
                application[b]
                    .packages
                    .len()
                    .cmp(&application[a].packages.len()),
            )
            .then(a.cmp(&b))
    });
    let mut steps: Vec<ExtractionStep> = order
        .into_iter()
        .map(|m| step(StepKind::Module, application[m], describe(application[m])))
        .collect();
    if !small.is_empty() {
        let mut small = small;
        small.sort_by(|a, b| {
            a.cut_cost
                .dependents
                .cmp(&b.cut_cost.dependents)
                .then(b.packages.len().cmp(&a.packages.len()))
                .then(a.name.cmp(&b.name))
        });
        let packages: usize = small.iter().map(|m| m.packages.len()).sum();
        let leaves = small.iter().filter(|m| m.cut_cost.dependents == 0).count();
        steps.push(ExtractionStep {
            rank: 0,
            kind: StepKind::SmallModules,
            module: format!(
                "{} small module{} ({packages} package{})",
                small.len(),
                plural(small.len()),
                plural(packages)
            ),
            modules: small.iter().map(|m| m.name.clone()).collect(),
            reason: format!(
                "fewer than {NED_MIN} packages each ({leaves} with no dependents): too small for a step of their own; each goes with the module that uses it most, or stays"
            ),
        });
    }
    let has_kernel = modules.iter().any(|m| m.role == Role::SharedKernel);
    if let Some(last) = steps.iter_mut().rfind(|s| s.kind == StepKind::Module) {
        if !has_kernel {
            // said where the kernel would be, so its absence is a finding, not an omission
            last.reason.push_str(
                "; last because the most entangled: no package is used by a quarter or more of the packages, so there is no shared kernel to keep",
            );
        }
    }
    for kernel in modules.iter().filter(|m| m.role == Role::SharedKernel) {
        steps.push(step(
            StepKind::SharedKernel,
            kernel,
            format!(
                "shared kernel, stays: used by a quarter or more of the packages, it is what the modules above keep depending on once cut out, so it is extracted last, if ever ({})",
                describe(kernel)
            ),
        ));
    }
    for (i, step) in steps.iter_mut().enumerate() {
        step.rank = i + 1;
    }
    steps
}

/// An extraction step for one module (ranked later).
fn step(kind: StepKind, module: &ProposedModule, reason: String) -> ExtractionStep {
    ExtractionStep {
        rank: 0,
        kind,
        module: module.name.clone(),
        modules: vec![module.name.clone()],
        reason,
    }
}

/// A module's size and cut cost in words.
fn describe(module: &ProposedModule) -> String {
    let cut = &module.cut_cost;
    format!(
        "{} package{}, cohesion {:.2}; {} dependent{} (packages and scripts), needs {} symbol{} from other modules; an API of {} symbol{}, {} inheritance link{} and {} shared global{} across the cut; stability {:.2}",
        module.packages.len(),
        plural(module.packages.len()),
        module.cohesion,
        cut.dependents,
        plural(cut.dependents),
        cut.needs.len(),
        plural(cut.needs.len()),
        cut.api.len(),
        plural(cut.api.len()),
        cut.inheritance.len(),
        plural(cut.inheritance.len()),
        cut.shared_globals.len(),
        plural(cut.shared_globals.len()),
        module.stability
    )
}

/// Cut cost as one number for ranking: API subs, inheritance (×3) and globals (×2) across it.
fn cut_weight(cut: &CutCost) -> usize {
    cut.api.len() + 3 * cut.inheritance.len() + 2 * cut.shared_globals.len()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Three decimals.
pub fn round(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

/// The metrics of any partition (for comparisons).
pub fn metrics_of(inputs: &Inputs<'_>, partition: &[usize]) -> DecompositionMetrics {
    decomposition_metrics(&inputs.directed_edges(), partition, NED_MIN, NED_MAX)
}
