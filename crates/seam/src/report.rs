//! `seam report`: everything the architect's report shows, gathered in one place — the analysis,
//! the proposed boundaries, the check when a seam.toml exists, and where and when.

use crate::check::{check, check_facts, check_facts_options, CheckOptions};
use crate::suggest::{suggest_facts, SuggestConfig};
use crate::{analyze_facts, extract_facts, AnalyzeConfig, Error};
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
    // one extraction serves every section; with a seam.toml for this root, its excludes apply
    // to all of them, so the sections agree on what the codebase is
    let same_root = |rules: &Config| match (rules.root().canonicalize(), root.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let rules_here = config.config.as_ref().filter(|rules| same_root(rules));
    let facts_options = match rules_here {
        Some(rules) => check_facts_options(rules, &config.analyze.facts),
        None => config.analyze.facts.clone(),
    };
    let facts = extract_facts(root, &facts_options, progress)?;
    let analysis = analyze_facts(&facts, &config.analyze);
    let suggestion = if config.suggest {
        let suggest_config = SuggestConfig {
            facts: facts_options.clone(),
            include_tests: config.analyze.include_tests,
            lib_roots: config.analyze.lib_roots.clone(),
            depth: config.analyze.depth,
            config: config.config.clone(),
            hold: false,
            options: Default::default(),
        };
        match suggest_facts(&facts, &suggest_config) {
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
            Some(match rules_here {
                Some(_) => check_facts(rules, &options, &facts_options, &facts)?,
                // a seam.toml for another root reads its own files
                None => check(rules, &options, &|_, _| {})?,
            })
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
