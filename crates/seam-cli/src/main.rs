//! The `seam` command line: argument parsing, progress and exit codes. No analysis logic lives
//! here; everything is in the `seam` library.

mod allow;
mod analyze;
mod baseline;
mod check;
mod facts;
mod glossary;
mod graph;
mod history;
mod init;
mod input;
mod output;
mod progress;
mod report;
mod rules;
mod suggest;
mod trend;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc for every Rust allocation (docs/performance.md, "Allocation and the per-file
/// pipeline"): extraction allocates and frees many small values per file, which cost glibc's
/// malloc several percent of a parse. tree-sitter's own C allocations still go through the C
/// library's `malloc` (the crate does not override it), as in the parse-only floor.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Find the seams in a legacy Perl monolith.
///
/// seam reads Perl statically (it never runs it), extracts every dependency the code expresses,
/// and shows where coupling concentrates and where module boundaries could run.
///
/// A typical path: `seam analyze` (where the coupling is), `seam suggest` (where boundaries could
/// run), `seam init` and `seam baseline` (write the module map down, record today's debt), then
/// `seam check` in CI on every change, `seam report` to share the picture, and `seam trend` to see
/// whether the modularization is progressing.
///
/// What every figure and word means (Ca, instability, needs, impact, propagation cost, TurboMQ,
/// MoJoFM, bus factor…): `seam glossary`, the text of docs/glossary.md.
///
/// Exit codes: 0 success, 1 findings (check violations), 2 usage, configuration or internal error.
#[derive(Debug, Parser)]
#[command(name = "seam", version, propagate_version = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Analyze(analyze::AnalyzeArgs),
    Graph(graph::GraphCommandArgs),
    Facts(facts::FactsArgs),
    Init(init::InitArgs),
    Check(check::CheckArgs),
    Baseline(baseline::BaselineArgs),
    Allow(allow::AllowArgs),
    Suggest(suggest::SuggestArgs),
    Report(report::ReportArgs),
    Trend(trend::TrendArgs),
    Glossary(glossary::GlossaryArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Facts(args) => facts::run(args),
        Command::Init(args) => init::run(args),
        Command::Check(args) => check::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Allow(args) => allow::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::Report(args) => report::run(args),
        Command::Trend(args) => trend::run(args),
        Command::Glossary(args) => glossary::run(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // messages name files and packages from the code: never raw control characters
            eprintln!("error: {}", seam_report::visible(&message));
            ExitCode::from(2)
        }
    }
}
