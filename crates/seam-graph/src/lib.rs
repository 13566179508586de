//! Perl facts to a resolved dependency graph, and the analyses an architect reads.
//!
//! `resolve` decides what each reference points at (internal package, script, external module,
//! nothing); `model` is the graph (one aggregated edge per pair, with kinds, symbols and
//! locations); `modules` groups packages into modules and collapses the graph to module and file
//! level; `metrics`, `cycles`, `propagation` and `hotspots` are the analyses; `analysis` puts
//! them together.
//!
//! Invariants: works on facts only (never on syntax trees or source); deterministic (nodes sorted,
//! edges in `BTreeMap`s, ties broken by name); no floating-point value is printed unrounded.
//!
//! ```
//! use seam_graph::{analyze, AnalyzeOptions};
//! let mut extractor = seam_perl::Extractor::new(Default::default());
//! let facts = vec![
//!     extractor.extract("lib/A.pm", b"package A;\nuse B;\nsub f { B::g() }\n1;\n"),
//!     extractor.extract("lib/B.pm", b"package B;\nuse A;\nsub g { A::f() }\n1;\n"),
//! ];
//! let analysis = analyze(&facts, &AnalyzeOptions::default());
//! assert_eq!(analysis.package_cycles[0].members, ["A", "B"]);
//! ```

mod analysis;
mod cycles;
mod data;
mod filter;
mod hotspots;
mod incremental;
mod metrics;
mod model;
mod modules;
mod order;
mod ownership;
mod partition;
mod propagation;
mod resolve;
pub mod role;
mod scc;
mod shared;
mod templates;

pub use analysis::{
    analyze, analyze_graph, Analysis, AnalyzeOptions, ModuleReport, NodeFigures, PackageReport,
    Summary, Use, ANALYSIS_SCHEMA_VERSION, BLIND_SPOT_SITES,
};
pub use cycles::{cycles as find_cycles, Breaker, Cycle};
pub use data::{
    orm_method_access, resolve_data, DataGraph, DataId, DataNode, DataNodeKind, DataOverlay,
    DataUse, Schema, UseCounts,
};
pub use filter::{filter_graph, FilterError, GraphFilter};
pub use hotspots::{
    top as top_hotspots, EdgeRef, Hotspot, HotspotKind, PER_KIND as HOTSPOTS_PER_KIND,
};
pub use incremental::{resolve_changed, same_index, Changes};
pub use metrics::Coupling;
pub use model::{DepGraph, EdgeKind, EdgeStats, Location, Node, NodeId, NodeKind, ResolvedRef};
pub use modules::{automatic_depth, file_graph, module_graph, module_graph_of_references};
pub use order::{cycle_blocks, dependency_order, levels as module_levels};
pub use ownership::{
    access_letters, analyze_data, DataAnalysis, DataFootprint, DataItem, DataSummary, ModuleAccess,
    Owner,
};
pub use partition::{namespace_module, ModuleId, Partition, PartitionSource, EXTERNAL, UNASSIGNED};
pub use resolve::{is_pragma, is_test_file, resolve, BlindSpot, ResolveOptions, ResolveReport};
pub use shared::{omnipresent, SHARED_MIN_USERS, SHARED_SHARE};
pub use templates::component_roots;
