//! `seam report`: everything the architect's report shows, gathered in one place — the analysis,
//! the proposed boundaries, the check when a seam.toml exists, and where and when.

use crate::check::{check, CheckOptions};
use crate::suggest::{suggest, SuggestConfig};
use crate::{analyze, AnalyzeConfig, Error};
use seam_graph::Analysis;
use seam_rules::{CheckReport, Config, Date};
use seam_suggest::Suggestion;
use std::path::Path;

/// What to put in a report.
#[derive(Debug, Clone, Default)]
pub struct ReportConfig {
    /// Files, limits, module depth, tests, library roots.
    pub analyze: AnalyzeConfig,
    /// Propose boundaries (`seam suggest`) too.
    pub suggest: bool,
    /// The seam.toml to check against (and compare the proposal with), if any.
    pub config: Option<Config>,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The analysis.
    pub analysis: Analysis,
    /// The proposal; `None` when not asked for or there is nothing to cluster.
    pub suggestion: Option<Suggestion>,
    /// The check; `None` without a seam.toml.
    pub check: Option<CheckReport>,
    /// The git revision of the root.
    pub revision: Option<String>,
    /// When, UTC, ISO 8601.
    pub generated: String,
}

/// Gathers the report's data for `root`.
pub fn report_data(
    root: &Path,
    config: &ReportConfig,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ReportData, Error> {
    let analysis = analyze(root, &config.analyze, progress)?;
    let suggestion = if config.suggest {
        let suggest_config = SuggestConfig {
            facts: config.analyze.facts.clone(),
            include_tests: config.analyze.include_tests,
            lib_roots: config.analyze.lib_roots.clone(),
            depth: config.analyze.depth,
            config: config.config.clone(),
            hold: false,
            options: Default::default(),
        };
        match suggest(root, &suggest_config, &|_, _| {}) {
            Ok(suggestion) => Some(suggestion),
            // too small to cluster: the section is left out, not faked
            Err(Error::Suggest(_)) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let check = match &config.config {
        Some(rules) => {
            let options = CheckOptions {
                facts: config.analyze.facts.clone(),
                base: None,
                baseline: None,
                today: Date::today(),
            };
            Some(check(rules, &options, &|_, _| {})?)
        }
        None => None,
    };
    Ok(ReportData {
        analysis,
        suggestion,
        check,
        revision: crate::git::revision(root),
        generated: now(),
    })
}

/// The current UTC time, `2026-11-26T10:12:03Z`.
fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = Date::from_days_since_epoch((seconds / 86_400) as i64);
    let time = seconds % 86_400;
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}
