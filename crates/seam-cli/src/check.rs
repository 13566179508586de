//! `seam check`: the CI gate.

use crate::input::InputArgs;
use crate::output::write_stdout;
use crate::rules::{check_options, open_for_check, RuleArgs};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

/// Fail when a change adds coupling that seam.toml forbids.
///
/// Reads seam.toml (in ROOT or the nearest directory above it, or --config), builds the
/// dependency graph, and judges every reference that crosses a module boundary against the rules:
/// depends_on, public interfaces, layers, forbidden pairs, independent groups and cycles.
/// Violations listed in the baseline file (`seam baseline`) are tolerated; baseline entries whose
/// violation is gone fail the check until `seam baseline --prune` removes them. With --base REV,
/// the violations at the merge base of REV and HEAD are the baseline instead: only what this
/// change adds fails, on the lines it added (a cycle only for a module edge it adds), and baseline
/// entries it leaves stale fail too. Files seam cannot read, directories it cannot list and (with
/// --base) files that parse worse than before fail as `unreadable`.
///
/// A violation can be allowed where it happens with a comment on its line or the line above:
///   # seam: allow(depends_on) reports read invoices until the billing API exists
/// or accepted in seam.toml with `seam allow FROM TO`.
///
/// Exit codes: 0 passed, 1 new violations (or stale/expired baseline entries, or unreadable
/// files), 2 configuration, usage or internal error (a missing, empty or invalid seam.toml, a
/// failed git call): the check never passes silently.
///
/// Examples:
///   seam check
///   seam check --base origin/main --format github
///   seam check --format sarif > seam.sarif
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, after_long_help = rules_help())]
pub struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    rules: RuleArgs,

    /// Report only violations this change adds compared with the git revision REV (a branch,
    /// tag or commit), and those it removes; the baseline file is not used.
    #[arg(long, value_name = "REV")]
    base: Option<String>,

    /// Which commit of --base REV to compare with: `merge-base` (the default: the commit where
    /// this branch forked from REV, so fixes made on REV since do not count as this change's) or
    /// `tip` (REV itself).
    #[arg(long, value_enum, default_value_t = BaseModeArg::MergeBase, requires = "base")]
    base_mode: BaseModeArg,

    /// `text` (for people), `json` (docs/check-schema.json), `sarif` (GitHub code scanning),
    /// `github` (workflow annotations; also appends a Markdown summary to $GITHUB_STEP_SUMMARY),
    /// `junit` (one test case per rule) or `markdown` (for a merge request comment).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Text format: list every occurrence of each group, not only the first three.
    #[arg(long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum BaseModeArg {
    MergeBase,
    Tip,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
}

/// The rules, from the registry (what `--help` shows after the options).
fn rules_help() -> String {
    format!(
        "Rules (docs/check.md has each in full):\n{}",
        seam::rules::rules::help_table()
    )
}

/// Runs `seam check`.
pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    let config = args.rules.load(&args.input.root)?;
    let mut options = check_options(&args.rules);
    options.base = args.base.clone();
    options.base_mode = match args.base_mode {
        BaseModeArg::MergeBase => seam::BaseMode::MergeBase,
        BaseModeArg::Tip => seam::BaseMode::Tip,
    };
    let prefix = path_prefix(&config.root());
    let (workspace, prepared) = open_for_check(&args.input, config, &options)?;
    let report = workspace
        .check_prepared(&options, prepared)
        .map_err(|e| e.to_string())?;
    let text = match args.format {
        Format::Text => {
            seam_report::check_text_with(&report, args.verbose) + &seam_report::text_footer()
        }
        Format::Json => seam_report::check_json(&report),
        Format::Sarif => seam_report::check_sarif(&report, env!("CARGO_PKG_VERSION"), &prefix),
        Format::Github => seam_report::check_github(&report, &prefix),
        Format::Junit => seam_report::check_junit(&report),
        Format::Markdown => seam_report::check_markdown(&report) + &seam_report::markdown_footer(),
    };
    write_stdout(&text)?;
    if matches!(args.format, Format::Github) {
        // after the annotations: a summary that cannot be written must not hide them
        if let Err(message) = write_step_summary(&seam_report::check_markdown(&report)) {
            eprintln!("warning: {}", seam_report::visible(&message));
        }
    }
    let passed = report.passed;
    crate::input::leave((workspace, report));
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The analyzed root relative to the current directory (`""` when it is the current directory):
/// SARIF and annotations name files relative to where CI runs.
fn path_prefix(root: &std::path::Path) -> String {
    let (Ok(root), Ok(cwd)) = (root.canonicalize(), std::env::current_dir()) else {
        return String::new();
    };
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    root.strip_prefix(&cwd)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// Appends the Markdown summary to the job summary when GitHub Actions provides one.
fn write_step_summary(markdown: &str) -> Result<(), String> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(markdown.as_bytes()))
        .map_err(|e| {
            format!(
                "cannot write $GITHUB_STEP_SUMMARY ({}): {e}",
                path.to_string_lossy()
            )
        })
}
