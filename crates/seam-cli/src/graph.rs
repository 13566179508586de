//! `seam graph`: the dependency graph for Graphviz, Mermaid, yEd/Gephi or your own tools.

use crate::history::{CouplingArgs, HistoryArgs};
use crate::input::{open_workspace, GraphArgs, InputArgs};
use crate::output::write_stdout;
use clap::{Args, ValueEnum};
use seam::graph::{filter_graph, GraphFilter};
use std::process::ExitCode;

/// Print the dependency graph at package, file or module level.
///
/// Big codebases need filters to stay readable: one module and its neighbours (`--module`), the
/// neighbourhood of one package (`--focus` with `--radius`), only heavy edges (`--min-weight`),
/// no CPAN/core modules (`--no-external`). Modules are seam.toml's when ROOT has one (every node
/// carries its module), else namespaces; `--modules namespace` for the namespaces regardless.
///
/// Examples:
///   seam graph . --level module --format dot | dot -Tsvg > modules.svg
///   seam graph . --focus LibSys::Util --radius 1 --format mermaid
///   seam graph . --module billing --no-external --format graphml > billing.graphml
///   seam graph . --modules namespace --module LibSys::Billing --format mermaid
///   seam graph . --edges change --level module --format dot | dot -Tsvg > co-change.svg
///   seam graph . --level module --with-data --format dot | dot -Tsvg > data.svg
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct GraphCommandArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    /// Which nodes: packages (and scripts), files, or modules.
    #[arg(long, value_enum, default_value_t = Level::Package)]
    level: Level,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,

    /// Keep only this module's nodes and the nodes they touch directly.
    #[arg(long, value_name = "NAME")]
    module: Option<String>,

    /// Keep only the neighbourhood of this node (package name, file path or module).
    #[arg(long, value_name = "NODE")]
    focus: Option<String>,

    /// How many edges away from `--focus` to go.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    radius: usize,

    /// Drop edges with fewer references than this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_weight: u32,

    /// Leave out external (CPAN and core) modules.
    #[arg(long)]
    no_external: bool,

    /// Also draw the tables and data files the shown nodes read and write (cylinders and
    /// folders; `R n`/`W n` on their dotted edges, red when the node writes). Static edges only.
    #[arg(long, conflicts_with = "edges")]
    with_data: bool,

    /// Which edges: `static` (what the code references) or `change` (what the version history
    /// changes together: one edge per package pair above the change-coupling thresholds, its
    /// weight the commits that changed both; module and file edges add up their packages').
    #[arg(long, value_enum, default_value_t = Edges::Static)]
    edges: Edges,

    #[command(flatten)]
    history: HistoryArgs,

    #[command(flatten)]
    thresholds: CouplingArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Edges {
    Static,
    Change,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Level {
    Package,
    File,
    Module,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Dot,
    Mermaid,
    Json,
    Graphml,
}

/// Runs `seam graph`.
pub fn run(args: GraphCommandArgs) -> Result<ExitCode, String> {
    let workspace = open_workspace(&args.input, &args.graph)?;
    let (packages, partition) = match args.edges {
        Edges::Static => (
            workspace.graph().without_references(),
            workspace.partition().clone(),
        ),
        Edges::Change => {
            if args.history.no_history {
                return Err("--edges change needs the history; leave out --no-history".into());
            }
            workspace
                .change_graph(&args.history.read_options(), &args.thresholds.options())
                .map_err(|e| e.to_string())?
        }
    };
    let (graph, shown_partition) = match args.level {
        Level::Package => (packages.clone(), partition.clone()),
        Level::File => seam::graph::file_graph(&packages, &partition),
        Level::Module => seam::graph::module_graph(&packages, &partition),
    };
    let modules = shown_partition.labels(&graph);
    let filter = GraphFilter {
        module: args.module,
        focus: args.focus,
        radius: args.radius,
        min_weight: args.min_weight,
        no_external: args.no_external,
    };
    let (graph, modules) = filter_graph(&graph, &modules, &filter).map_err(|e| e.to_string())?;
    let data = match args.with_data {
        false => seam::graph::DataOverlay::default(),
        true => seam::graph::DataOverlay::new(workspace.data(), &graph, |node| {
            let n = packages.node(node);
            match args.level {
                Level::Package => n.name.clone(),
                Level::File => n.files.first().cloned().unwrap_or_default(),
                Level::Module => partition.label(&packages, node).to_string(),
            }
        }),
    };
    let text = match args.format {
        Format::Dot => seam_report::graph_dot(&graph, &data),
        Format::Mermaid => seam_report::graph_mermaid(&graph, &data),
        Format::Json => seam_report::json_text(seam_report::graph_json(&graph, &modules, &data)),
        Format::Graphml => seam_report::graph_graphml(&graph, &modules, &data),
    };
    write_stdout(&text)
}
