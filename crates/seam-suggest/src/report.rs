//! What `seam suggest` proposes: the versioned record every output format renders.

use crate::metrics::DecompositionMetrics;
use crate::profile::{Granularity, ProfilePoint};
use seam_graph::{
    namespace_module, DepGraph, EdgeKind, Location, NodeKind, Partition, PartitionSource,
};
use serde::Serialize;

/// Version of the [`Suggestion`] shape.
pub const SUGGEST_SCHEMA_VERSION: u32 = 2;

/// Everything `seam suggest` found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Suggestion {
    /// Version of this shape ([`SUGGEST_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The graph clustered.
    pub graph: GraphSummary,
    /// What the proposal is compared with: `seam.toml` modules or namespaces at a depth.
    pub reference: String,
    /// What the user should know about this suggestion (an unmet size limit, ...).
    pub notes: Vec<String>,
    /// The resolution sweep.
    pub profile: Vec<ProfilePoint>,
    /// The granularities that hold over a range of resolutions, coarse to fine.
    pub granularities: Vec<Granularity>,
    /// How the runs at the detailed resolution agree across seeds (before their consensus).
    pub stability: crate::seeds::SeedStability,
    /// The proposal at the chosen granularity.
    pub proposal: Proposal,
}

/// The weighted package graph.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GraphSummary {
    /// Internal packages clustered (scripts and external modules are not).
    pub packages: usize,
    /// Package pairs with coupling.
    pub edges: usize,
    /// Packages with no coupling the clustering sees (none, or only to omnipresent packages):
    /// placed with their namespace siblings.
    pub isolated: usize,
    /// Omnipresent packages (used by a large share of all packages): proposed together as shared
    /// infrastructure and left out of the clustering.
    pub omnipresent: Vec<String>,
    /// Evidence layers and their factors (today: `static`, the references in the code).
    pub layers: Vec<(String, f64)>,
    /// Weight of one reference of each kind in the `static` layer.
    pub kind_weights: Vec<(EdgeKind, f64)>,
    /// Leiden runs (seeds) per granularity: their agreement is its stability, their consensus
    /// the proposal, and each package's stability is how often it keeps its neighbours in them.
    pub seeds: u64,
    /// The base seed (`--seed`): the sweep's, and the first of the runs.
    pub seed: u64,
}

/// A set of proposed modules.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Proposal {
    /// Resolution γ used.
    pub resolution: f64,
    /// The modules, largest first.
    pub modules: Vec<ProposedModule>,
    /// Decomposition metrics of the proposal.
    pub metrics: DecompositionMetrics,
    /// The same metrics for the reference partition, side by side.
    pub reference_metrics: DecompositionMetrics,
    /// Module sizes (packages), largest first: one giant module scores well on some metrics.
    pub sizes: Vec<usize>,
    /// Share of packages in the largest module.
    pub largest_share: f64,
    /// Agreement with the reference and with other partitions.
    pub comparison: Comparison,
    /// Relocations: packages the proposal places away from most of their reference module (their
    /// namespace siblings), with the edges that pulled them.
    pub moves: Vec<Move>,
    /// Reference modules (namespaces) that land, mostly whole, in a module named after another:
    /// one entry per namespace, not per package.
    pub merges: Vec<Merge>,
    /// Packages whose placement changes across seeds (stability below 0.75), least stable first.
    pub ambiguous: Vec<Ambiguous>,
    /// The application's modules in the order to extract them (strangler fig), first first,
    /// then the shared kernel; tests and vendored code are not in it.
    pub extraction_order: Vec<ExtractionStep>,
}

impl Proposal {
    /// The proposal as a [`Partition`] of `graph` (the graph it was made from): each package in
    /// its proposed module, each placed template with the module it was placed in; scripts and
    /// unplaced templates, which are not clustered, grouped by directory as in the namespace
    /// partition; externals in none.
    pub fn partition(&self, graph: &DepGraph) -> Partition {
        let mut names: Vec<String> = self.modules.iter().map(|m| m.name.clone()).collect();
        let mut module_of: std::collections::HashMap<&str, usize> = self
            .modules
            .iter()
            .enumerate()
            .flat_map(|(m, module)| {
                module
                    .packages
                    .iter()
                    .chain(&module.templates)
                    .map(move |p| (p.as_str(), m))
            })
            .collect();
        let mut script_dirs: std::collections::BTreeMap<String, usize> = Default::default();
        let of_node = graph
            .nodes
            .iter()
            .map(|node| match node.kind {
                NodeKind::Package => module_of.remove(node.name.as_str()),
                NodeKind::Template if module_of.contains_key(node.name.as_str()) => {
                    module_of.remove(node.name.as_str())
                }
                NodeKind::Script | NodeKind::Template => namespace_module(node.kind, &node.name, 1)
                    .map(|dir| {
                        *script_dirs.entry(dir).or_insert_with_key(|dir| {
                            names.push(dir.clone());
                            names.len() - 1
                        })
                    }),
                _ => None,
            })
            .collect();
        Partition::new(PartitionSource::Proposal, names, of_node)
    }
}

/// One proposed module.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProposedModule {
    /// A name from its dominant namespace (unique); `(tests)` and `(vendored)` for those.
    pub name: String,
    /// Application code, the shared kernel, tests or vendored code.
    pub role: crate::role::Role,
    /// Members, collapsed to namespace prefixes where a whole prefix belongs (`LibSys::Billing::*`).
    pub members: Vec<String>,
    /// Every member package.
    pub packages: Vec<String>,
    /// Code lines of its packages.
    pub code_lines: u32,
    /// Share of its coupling weight that stays inside (1.0: self-contained).
    pub cohesion: f64,
    /// Weighted coupling from other modules into it.
    pub coupling_in: f64,
    /// Weighted coupling from it to other modules.
    pub coupling_out: f64,
    /// Mean stability of its members.
    pub stability: f64,
    /// Templates and components placed with it: those whose references reach its packages
    /// most (a component goes with the code it calls); sorted, omitted when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<String>,
    /// What cutting it out would take.
    pub cut_cost: CutCost,
}

/// The work a cut means, in the code's own terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CutCost {
    /// The API other modules and scripts use: subs, methods and variables of its packages, and
    /// the packages they load or inherit from, with reference counts, most used first.
    pub api: Vec<SymbolUse>,
    /// Packages of other modules, and scripts, that use it.
    pub dependents: usize,
    /// What it calls in other modules, most used first.
    pub needs: Vec<SymbolUse>,
    /// Inheritance (parent, role, SUPER) across its boundary, `child -> parent`.
    pub inheritance: Vec<String>,
    /// Package globals read or written across its boundary.
    pub shared_globals: Vec<String>,
    /// Dynamic or unresolved references inside it: where this estimate is blind.
    pub blind_spots: u32,
    /// Tables and data files it uses that other modules or scripts use too, with a write on
    /// some side: the data an extraction would have to sync (`fines (RW here; outside 1 W,
    /// 2 R)`: read and written here, written by one other module, read by two).
    pub shared_data: Vec<String>,
}

/// A symbol and how often it is used across the boundary.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SymbolUse {
    /// `Package::sub` (or the package, for `use`).
    pub symbol: String,
    /// References.
    pub references: u32,
}

/// Agreement of the proposal with other partitions of the same packages.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    /// MoJoFM of the proposal against the reference (percent).
    pub mojo_fm: f64,
    /// Adjusted Rand index against the reference.
    pub ari: f64,
    /// Random partitions with the proposal's size profile against the reference (mean of 10):
    /// what chance scores.
    pub random: Agreement,
    /// Against the namespace split at depths 1, 2 and 3, with chance and the split's own
    /// decomposition metrics (the namespace split as a baseline decomposition).
    pub namespaces: Vec<NamespaceComparison>,
    /// Against the version history, when it was read: co-change containment and commit locality
    /// of the proposal, the namespace cut with as many modules, and chance.
    pub history: Option<crate::history::HistoryFit>,
}

/// The proposal, and chance, against the namespace split at one depth.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NamespaceComparison {
    /// Namespace segments that name a module.
    pub depth: usize,
    /// Modules the split has.
    pub modules: usize,
    /// The proposal against the split.
    pub proposal: Agreement,
    /// Random partitions with the proposal's size profile against the split.
    pub random: Agreement,
    /// TurboMQ, SM, ICP, IFN, NED of the split itself.
    pub metrics: DecompositionMetrics,
}

/// MoJoFM and ARI of one partition against another.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Agreement {
    /// What was compared.
    pub against: String,
    /// MoJoFM (percent).
    pub mojo_fm: f64,
    /// Adjusted Rand index.
    pub ari: f64,
}

/// A package placed outside its reference module.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Move {
    /// The package.
    pub package: String,
    /// Its reference module.
    pub from: String,
    /// The proposed module.
    pub to: String,
    /// Its stability.
    pub stability: f64,
    /// The (up to three) heaviest edges to its new module's packages.
    pub pulled_by: Vec<Pull>,
}

/// A reference module (a namespace) merged into a proposed module named after another.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Merge {
    /// The reference module.
    pub namespace: String,
    /// Its packages in the proposed module.
    pub packages: usize,
    /// Its packages in all.
    pub of: usize,
    /// The proposed module.
    pub into: String,
}

/// An edge that pulls a package into a module.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Pull {
    /// The package at the other end.
    pub package: String,
    /// `uses` (the moved package uses it) or `used by`; `coupled with` when no code reference
    /// ties them (the history or data layers pulled it, as `kinds` says).
    pub direction: String,
    /// Weight of the coupling.
    pub weight: f64,
    /// Reference kinds and counts, e.g. `use 1, call 3`.
    pub kinds: String,
    /// Where.
    pub location: Option<Location>,
}

/// A package whose module changes with the seed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Ambiguous {
    /// The package.
    pub package: String,
    /// Its proposed module.
    pub module: String,
    /// Its stability.
    pub stability: f64,
}

/// One step of the extraction order.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExtractionStep {
    /// 1-based rank.
    pub rank: usize,
    /// What the step is: one module worth extracting, the small modules grouped, or the shared
    /// kernel.
    pub kind: StepKind,
    /// The module (for `small_modules`, a label: the modules are in `modules`).
    pub module: String,
    /// The modules the step covers: the module itself, or every small module of the group.
    pub modules: Vec<String>,
    /// Why it comes here.
    pub reason: String,
}

/// What an extraction step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// An application module of at least [`crate::proposal::NED_MIN`] packages: a step of its
    /// own.
    Module,
    /// The application modules smaller than that, grouped: too small to lead the order, each
    /// goes with the module that uses it most or stays.
    SmallModules,
    /// The shared kernel: it stays while the modules around it are cut out.
    SharedKernel,
}
