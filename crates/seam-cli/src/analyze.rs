//! `seam analyze`: the overview of a codebase's coupling.

use crate::history::{CouplingArgs, HistoryArgs};
use crate::input::{open_workspace, GraphArgs, InputArgs};
use crate::output::{write_stdout, write_with_footer, ReadingFormat};
use clap::Args;
use std::process::ExitCode;

/// Show where a Perl codebase's coupling lives: size, modules, hotspots, cycles, blind spots.
///
/// Modules are seam.toml's when ROOT has one (or --config names one); otherwise packages are
/// grouped by namespace prefix (`--depth`) and scripts (files running code in `main`, like CGI
/// entry points) by directory; `--modules namespace` shows the namespaces even with a seam.toml.
/// Pragmas are left out of coupling figures, and so are tests unless `--tests` is given.
///
/// Examples:
///   seam analyze examples/library-monolith
///   seam analyze . --depth 3 --format md > coupling.md
///   seam analyze . --format json | jq '.hotspots[0]'
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    #[command(flatten)]
    history: HistoryArgs,

    #[command(flatten)]
    thresholds: CouplingArgs,

    /// Output format: `text` (one screen), `json` (everything; see docs/analyze-schema.json) or
    /// `md` (Markdown tables).
    #[arg(long, value_enum, default_value_t = ReadingFormat::Text)]
    format: ReadingFormat,
}

/// Runs `seam analyze`.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode, String> {
    let workspace = open_workspace(&args.input, &args.graph)?;
    warn_unread(workspace.facts());
    let history = args
        .history
        .read(&workspace, &args.thresholds, args.input.quiet)?;
    let mut analysis = workspace.into_analysis();
    crate::history::add_churn(&mut analysis, history.as_ref());
    let root = args.input.root.display().to_string();
    let written = match args.format {
        ReadingFormat::Text => {
            let history = history.as_ref().map(seam_report::history_text);
            let text = seam_report::analyze_text(&analysis, &root)
                + history.as_deref().unwrap_or_default();
            write_with_footer(&text, false)
        }
        ReadingFormat::Json => {
            write_stdout(&seam_report::analyze_json(&analysis, history.as_ref()))
        }
        ReadingFormat::Md => {
            let history = history.as_ref().map(seam_report::history_markdown);
            let text = seam_report::analyze_markdown(&analysis, &root)
                + history.as_deref().unwrap_or_default();
            write_with_footer(&text, true)
        }
    };
    crate::input::leave((analysis, history));
    written
}

/// A warning on stderr, with a count and the first few paths, when files or directories could
/// not be read: the analysis does not include their code.
fn warn_unread(facts: &[seam::FileFacts]) {
    use seam::perl::DiagnosticKind;
    let unread: Vec<&str> = facts
        .iter()
        .filter(|f| {
            f.diagnostics.iter().any(|d| {
                matches!(
                    d.kind,
                    DiagnosticKind::ReadError
                        | DiagnosticKind::SkippedBinary
                        | DiagnosticKind::SkippedTooLarge
                )
            })
        })
        .map(|f| f.path.as_str())
        .collect();
    if unread.is_empty() {
        return;
    }
    let first: Vec<String> = unread
        .iter()
        .take(3)
        .map(|p| seam_report::visible(p).into_owned())
        .collect();
    let more = match unread.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    eprintln!(
        "{}",
        crate::output::message(&format!(
            "warning: {} files or directories could not be read ({}{more}); their code is not \
             in this analysis",
            unread.len(),
            first.join(", ")
        ))
    );
}
