//! `seam report`: the architect's report, one self-contained HTML file (or Markdown).

use crate::history::{CouplingArgs, HistoryArgs};
use crate::input::{GraphArgs, InputArgs};
use clap::{Args, ValueEnum};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// Write the architect's report: one self-contained HTML file (or Markdown) to share.
///
/// Sections: an overview (verdicts in plain words — the largest cycle and the references that
/// break it, where coupling concentrates, where to start, shared-write tables, the rules, blind
/// spots — the headline figures and a sortable table of every module); proposed boundaries (as
/// `seam suggest`: extraction order first); module map (edge width = coupling); dependency
/// structure matrix ordered so layers and cycles show; hotspots, one tab per ranking; cycles with
/// their cheapest breaking edges; data; rules and baseline (as `seam check`, when a seam.toml is
/// in ROOT or given with --config: new violations, warnings, the baselined debt with owner,
/// reason and expiry); history; a card per module (who uses each sub it offers, what it needs
/// and how, its blind spots with file:line, what seam.toml says of it, its data); the glossary.
/// It prints to a readable PDF (every card expanded, no controls). The HTML has its CSS, JavaScript and SVG inline and loads nothing: it opens
/// from disk on an air-gapped machine and can be attached to an email or a CI run. Everything
/// taken from the code is escaped.
///
/// Source locations link to the files relative to the report; --source-url makes them web links.
///
/// History (when ROOT is in a git repository with complete history; see docs/history.md): change
/// coupling between modules, hidden coupling with the commits that show it, churn hotspots and
/// the knowledge map; without one the section says why. `--trend-samples N` adds the structure at
/// N sampled commits as line charts (as `seam trend`).
///
/// Examples:
///   seam report examples/library-monolith -o library-report.html
///   seam report . --format md -o REPORT.md
///   seam report . --source-url 'https://git.example.com/app/blob/main/{path}#L{line}'
///   seam report . --trend-samples 12 --since "3 years ago"
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    /// Where to write the report (default: seam-report.html or seam-report.md in the current
    /// directory).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// `html` (self-contained) or `md` (default: from the output's extension, else html).
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Link source locations with this URL template: `{path}` (relative to ROOT) and `{line}`.
    #[arg(long, value_name = "TEMPLATE")]
    source_url: Option<String>,

    #[command(flatten)]
    history: HistoryArgs,

    #[command(flatten)]
    thresholds: CouplingArgs,

    /// Add the trend: the structure at N commits sampled evenly over the first-parent line (as
    /// `seam trend --samples N`), drawn as line charts. Off by default: each sample is read from
    /// git (files unchanged between samples are parsed once).
    #[arg(long, value_name = "N", default_value_t = 0)]
    trend_samples: usize,

    /// Leave out the proposed boundaries.
    #[arg(long)]
    no_suggest: bool,

    /// Replace an existing output file that seam did not write.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Html,
    Md,
}

/// Runs `seam report`.
pub fn run(args: ReportArgs) -> Result<ExitCode, String> {
    let markdown_name = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    };
    let format = args.format.unwrap_or(match &args.output {
        Some(path) if markdown_name(path) => Format::Md,
        _ => Format::Html,
    });
    let output = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(match format {
            Format::Html => "seam-report.html",
            Format::Md => "seam-report.md",
        })
    });
    if output.is_dir() {
        return Err(format!(
            "{} is a directory; name the report file",
            output.display()
        ));
    }
    refuse_foreign_file(&output, args.force)?;
    if let Some(template) = &args.source_url {
        let scheme = template
            .split_once(':')
            .map(|(s, _)| s.to_ascii_lowercase());
        let web = matches!(scheme.as_deref(), Some("http" | "https" | "file"));
        if !web {
            return Err(format!(
                "--source-url `{template}` must be an http(s) or file URL"
            ));
        }
        if !template.contains("{path}") {
            return Err(format!(
                "--source-url `{template}` has no {{path}}; e.g. 'https://git.example.com/app/blob/main/{{path}}#L{{line}}'"
            ));
        }
    }
    let workspace = crate::input::open_workspace(&args.input, &args.graph)?;
    let (history, history_note) = args.history.read_noted(&workspace, &args.thresholds)?;
    let (trend, trend_note) = trend(&args, &workspace, history_note.as_deref());
    let mut data = workspace
        .into_report_data(!args.no_suggest)
        .map_err(|e| e.to_string())?;
    crate::history::add_churn(&mut data.analysis, history.as_ref());
    let meta = seam_report::ReportMeta {
        root: display_name(&args.input.root),
        revision: data.revision.clone(),
        generated: data.generated.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let links = seam_report::SourceLinks {
        template: args.source_url.clone(),
        root_from_report: root_from(&output, &args.input.root),
    };
    let input = seam_report::ReportInput {
        analysis: &data.analysis,
        suggestion: data.suggestion.as_ref(),
        check: data.check.as_ref(),
        history: history.as_ref(),
        history_note: history_note.as_deref(),
        trend: trend.as_ref(),
        trend_note: trend_note.as_deref(),
        meta: &meta,
        links: &links,
    };
    let text = match format {
        Format::Html => seam_report::report_html(&input),
        Format::Md => seam_report::report_markdown(&input),
    };
    seam::write_atomically(&output, text.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} KB)",
        seam_report::visible(&output.display().to_string()),
        text.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

/// What the report calls the analyzed root: the name of the directory (for a repository's top
/// directory, the repository's name), never `.` or `..`; the path as given when it cannot be
/// resolved.
fn display_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string())
}

/// The trend `--trend-samples` asks for, or why there is none (a note on stderr too): the report
/// is still written without it.
fn trend(
    args: &ReportArgs,
    workspace: &seam::Workspace,
    history_note: Option<&str>,
) -> (Option<seam::history::trend::Trend>, Option<String>) {
    if args.trend_samples == 0 {
        return (None, None);
    }
    if let Some(why) = history_note {
        return (None, Some(why.to_string()));
    }
    let options = seam::TrendOptions {
        sampling: seam::history::trend::Sampling::Count(args.trend_samples),
        since: args.history.since.clone(),
        until: args.history.until.clone(),
    };
    let progress = crate::progress::Progress::counting("sampling", "commits", args.input.quiet);
    let trend = workspace.trend(&options, &|done, total| progress.update(done, total));
    progress.finish();
    match trend {
        Ok(trend) => (Some(trend), None),
        Err(e) => {
            if !args.input.quiet {
                eprintln!(
                    "{}",
                    crate::output::message(&format!(
                        "note: no trend section: {}",
                        seam_report::visible(&e.to_string())
                    ))
                );
            }
            (None, Some(e.to_string()))
        }
    }
}

/// A file seam did not write is not replaced without --force.
fn refuse_foreign_file(path: &Path, force: bool) -> Result<(), String> {
    if force || !path.exists() {
        return Ok(());
    }
    let head: Vec<u8> = std::fs::read(path)
        .map(|bytes| bytes.into_iter().take(1024).collect())
        .unwrap_or_default();
    let head = String::from_utf8_lossy(&head);
    let ours = (head.starts_with("<!DOCTYPE html>") && head.contains(seam_report::GENERATOR_MARK))
        || head.starts_with(seam_report::MARKDOWN_MARK);
    if ours {
        Ok(())
    } else {
        Err(format!(
            "{} exists and is not a seam report; pass --force to replace it",
            path.display()
        ))
    }
}

/// The analyzed root relative to the report's directory, `/`-separated, for relative links.
fn root_from(output: &Path, root: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .ok()
            .map(|p| normalize(&p))
            .unwrap_or_default()
    };
    let report_dir = absolute(
        output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    let root = absolute(root);
    let common = report_dir
        .components()
        .zip(root.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = report_dir.components().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
        .chain(
            root.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
