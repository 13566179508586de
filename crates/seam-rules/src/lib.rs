//! Boundary rules for a Perl codebase: `seam.toml` (modules, public interfaces, rules), the module
//! map it induces on the dependency graph, the violations of each rule, inline suppressions, the
//! baseline of tolerated debt, and comparisons against another revision.
//!
//! The pipeline: [`Config::load`] → [`ModuleMap::new`] → [`findings`] (rules, then
//! suppressions) → [`against_baseline`] or [`against_base`] → [`report`].
//!
//! Invariants: a finding's identity ([`ViolationKey`]) never includes a line number; findings are
//! sorted, so every output is deterministic; this crate reads only the config and baseline it is
//! given and writes nothing; every [`RuleId`] has exactly one entry in [`rules::registry`], where
//! its texts, suppressibility and enabling live.

pub mod baseline;
pub mod compiled;
pub mod config;
mod cycles;
mod evaluate;
mod init;
pub mod kinds;
pub mod module_map;
pub mod report;
pub mod rules;
mod suppress;

pub use baseline::{Baseline, BaselineError, Date};
pub use config::{Config, ConfigError, Level};
pub use cycles::PreferredCuts;
pub use evaluate::{describe, Crossing, Judging, Verdict, Words};
pub use init::draft_config;
pub use module_map::ModuleMap;
pub use report::{
    CheckMode, CheckReport, CheckSummary, Finding, Fixed, Ratchet, RuleId, RuleInfo, Severity,
    Status, ViolationKey, CHECK_SCHEMA_VERSION,
};
pub use rules::Rule;

use seam_graph::DepGraph;
use seam_perl::FileFacts;
use std::collections::BTreeMap;

/// Every finding of the rules on `graph` (built from `facts` with every reference kept; `map` is
/// seam.toml's modules on it), with inline suppressions applied; all `new` or `suppressed`,
/// sorted. `preferred` are the cycle cuts already reported ([`cuts_in_baseline`],
/// [`cuts_in_findings`]).
pub fn findings(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
    preferred: &PreferredCuts,
) -> Vec<Finding> {
    let mut findings = evaluate::evaluate(config, graph, map, facts, preferred);
    suppress::apply(&mut findings, facts, config.check().unused_suppression);
    evaluate::sort(&mut findings);
    findings
}

/// The module edges a baseline reports as cycle cuts (its `cycle` entries, mapped to modules).
pub fn cuts_in_baseline(graph: &DepGraph, map: &ModuleMap, baseline: &Baseline) -> PreferredCuts {
    let index: std::collections::HashMap<&str, seam_graph::NodeId> = graph
        .iter_nodes()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let module = |name: &str| {
        let node = *index.get(name)?;
        map.module_of(node).map(|m| map.name(m).to_string())
    };
    baseline
        .entries
        .iter()
        .filter(|e| e.key.rule == RuleId::Cycle)
        .filter_map(|e| Some((module(&e.key.from)?, module(&e.key.to)?)))
        .collect()
}

/// The module edges `findings` report as cycle cuts.
pub fn cuts_in_findings(findings: &[Finding]) -> PreferredCuts {
    findings
        .iter()
        .filter(|f| f.rule == RuleId::Cycle)
        .map(|f| (f.from_module.clone(), f.to_module.clone()))
        .collect()
}

/// Findings judged against a baseline (none: everything is new).
pub fn against_baseline(
    mut findings: Vec<Finding>,
    baseline: Option<&Baseline>,
    config: &Config,
    today: Date,
) -> Vec<Finding> {
    if let Some(baseline) = baseline {
        baseline::apply(
            &mut findings,
            baseline,
            config.check().stale_baseline,
            today,
        );
        evaluate::sort(&mut findings);
    }
    findings
}

/// Findings judged against the findings at a base revision: a violation that existed there is
/// pre-existing (`baselined`), one that exists only there was fixed by this change.
pub fn against_base(mut current: Vec<Finding>, base: &[Finding]) -> (Vec<Finding>, Vec<Fixed>) {
    let counted = |f: &&Finding| f.status == Status::New && f.severity == Severity::Error;
    let before: BTreeMap<ViolationKey, &Finding> =
        base.iter().filter(counted).map(|f| (f.key(), f)).collect();
    let mut now = std::collections::BTreeSet::new();
    for finding in current.iter_mut() {
        let key = finding.key();
        if finding.status == Status::New && before.contains_key(&key) {
            finding.status = Status::Baselined;
        }
        now.insert(key);
    }
    let fixed = before
        .into_iter()
        .filter(|(key, _)| !now.contains(key))
        .map(|(key, finding)| Fixed {
            key,
            line: finding.line,
            message: finding.message.clone(),
        })
        .collect();
    (current, fixed)
}

/// The report of a check.
pub fn report(
    config: &Config,
    root: String,
    config_path: String,
    mode: CheckMode,
    findings: Vec<Finding>,
    fixed: Vec<Fixed>,
    files: usize,
) -> CheckReport {
    let of_rule = |rule: RuleId| findings.iter().filter(|f| f.rule == rule).count();
    let about_baseline =
        |f: &&Finding| matches!(f.rule, RuleId::StaleBaseline | RuleId::ExpiredBaseline);
    let new = |severity: Severity| {
        findings
            .iter()
            .filter(|f| f.status == Status::New && f.severity == severity)
            .filter(|f| !about_baseline(f))
            .count()
    };
    let stale = of_rule(RuleId::StaleBaseline);
    let summary = CheckSummary {
        new: new(Severity::Error),
        stale,
        expired: of_rule(RuleId::ExpiredBaseline),
        warnings: new(Severity::Warning),
        fixed: stale + fixed.len(),
        baselined: findings
            .iter()
            .filter(|f| f.status == Status::Baselined)
            .count(),
        suppressed: findings
            .iter()
            .filter(|f| f.status == Status::Suppressed)
            .count(),
        uncovered: of_rule(RuleId::Uncovered),
        files,
        modules: config.modules().len(),
    };
    let passed = !findings.iter().any(Finding::fails);
    let rules = rules::registry()
        .iter()
        .map(|rule| RuleInfo {
            id: rule.id(),
            enabled: rule.enabled(config),
            summary: rule.summary().to_string(),
            help: rule.help().to_string(),
        })
        .collect();
    CheckReport {
        schema_version: CHECK_SCHEMA_VERSION,
        root,
        config: config_path,
        mode,
        passed,
        summary,
        rules,
        findings,
        fixed,
    }
}
