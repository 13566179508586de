//! `seam trend`: the structure at sampled commits, in today's modules.

use crate::input::{open_workspace, GraphArgs, InputArgs};
use crate::output::write_stdout;
use clap::{Args, ValueEnum};
use seam::history::trend::Sampling;
use std::process::ExitCode;

/// Is the modularization progressing? The structure at sampled commits, in today's modules.
///
/// Samples commits of HEAD's first-parent line that touch ROOT (evenly spaced with --samples, the
/// newest always included; or the newest commit of every period with --every), reads each one's
/// Perl files from git without touching the working tree, and measures it with today's modules:
/// seam.toml's when there is one (applied to that commit's packages), else namespaces at today's
/// depth. Files unchanged between samples are read and parsed once; a second run parses nothing.
///
/// Columns (oldest sample first; docs/history.md has the formulas):
///   date, commit     the sampled commit and its commit date (UTC)
///   packages, code   internal packages and code lines at that commit
///   modules          modules holding a package or script (`(unassigned)` counts as one)
///   cross edges      package-level dependency edges between two modules (down is progress)
///   prop.            propagation cost (MacCormack): the share of the system a change reaches
///                    through dependencies, on average
///   module cycles    module dependency cycles (strongly connected groups of modules)
///   violations       errors of today's seam.toml rules at that commit, without the baseline
///                    (`-` without a seam.toml)
/// CSV and JSON add files and packages_in_cycles.
///
/// Needs the full history: no repository, no commits or a shallow clone stop with exit 2.
///
/// Examples:
///   seam trend .                                 # 12 samples over the whole history
///   seam trend . --every 90d --since "3 years ago"
///   seam trend . --samples 20 --format csv > trend.csv
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct TrendArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    graph: GraphArgs,

    /// Sample this many commits, evenly spaced over the first-parent line.
    #[arg(long, value_name = "N", default_value_t = 12, conflicts_with = "every")]
    samples: usize,

    /// Sample the newest commit of every period of this length, back from HEAD: `30d`, `8w`
    /// (days or weeks; a bare number is days).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    every: Option<u32>,

    /// Only commits after this date (`2024-01-01`, `"2 years ago"`), as `git log --since`.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,

    /// Only commits before this date, as `git log --until`.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,

    /// `text` (a table and what moved since the first sample), `csv` (a row per sample) or
    /// `json` (`seam trend` schema version 1).
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    format: TrendFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TrendFormat {
    Text,
    Csv,
    Json,
}

/// `30d`, `8w` or `30` as a number of days.
fn parse_period(text: &str) -> Result<u32, String> {
    let (number, unit) = match text.strip_suffix(['d', 'w']) {
        Some(number) => (number, text.chars().last()),
        None => (text, Some('d')),
    };
    let n: u32 =
        number.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
            format!("`{text}` is not a period: use days or weeks, e.g. 30d or 8w")
        })?;
    Ok(if unit == Some('w') {
        n.saturating_mul(7)
    } else {
        n
    })
}

/// Runs `seam trend`.
pub fn run(args: TrendArgs) -> Result<ExitCode, String> {
    if args.samples == 0 && args.every.is_none() {
        return Err("--samples must be at least 1".into());
    }
    let workspace = open_workspace(&args.input, &args.graph)?;
    let options = seam::TrendOptions {
        sampling: match args.every {
            Some(days) => Sampling::EveryDays(days),
            None => Sampling::Count(args.samples),
        },
        since: args.since.clone(),
        until: args.until.clone(),
    };
    let progress = crate::progress::Progress::counting("sampling", "commits", args.input.quiet);
    let trend = workspace
        .trend(&options, &|done, total| progress.update(done, total))
        .map_err(|e| e.to_string())?;
    progress.finish();
    if trend.points.is_empty() {
        return Err("no commit to sample: none touches ROOT in the range given".into());
    }
    match args.format {
        TrendFormat::Text => {
            crate::output::write_with_footer(&seam_report::trend_text(&trend), false)
        }
        TrendFormat::Csv => write_stdout(&seam_report::trend_csv(&trend)),
        TrendFormat::Json => write_stdout(&seam_report::trend_json(&trend)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_period;

    #[test]
    fn periods_are_days_or_weeks() {
        assert_eq!(parse_period("30d"), Ok(30));
        assert_eq!(parse_period("8w"), Ok(56));
        assert_eq!(parse_period("7"), Ok(7));
        assert!(parse_period("0d").is_err());
        assert!(parse_period("month").is_err());
        assert!(parse_period("").is_err());
    }
}
