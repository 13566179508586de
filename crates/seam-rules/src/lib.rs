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

mod allow;
pub mod baseline;
pub mod compiled;
pub mod config;
mod cycles;
mod data;
mod evaluate;
mod init;
pub mod kinds;
pub mod module_map;
pub mod report;
pub mod rules;
mod suppress;
mod unreadable;

pub use allow::{allow_dependency, Allowed};
pub use baseline::{Baseline, BaselineError, Date};
pub use config::{Config, ConfigError, Level};
pub use cycles::{module_edges, ModuleEdges};
pub use evaluate::{describe, Crossing, Judging, Verdict, Words};
pub use init::draft_config;
pub use module_map::ModuleMap;
pub use report::{
    CheckMode, CheckReport, CheckSummary, DeclaredModule, Finding, Fixed, Ratchet, RuleId,
    RuleInfo, Severity, Status, Tolerance, ViolationKey, CHECK_SCHEMA_VERSION,
};
pub use rules::Rule;
pub use unreadable::unreadable;

use seam_graph::{DataGraph, DepGraph};
use seam_perl::FileFacts;
use std::collections::BTreeMap;

/// Every finding of the rules on `graph` (built from `facts` with every reference kept; `map` is
/// seam.toml's modules on it) and on its data uses `data`, with inline suppressions applied; all
/// `new` or `suppressed`, sorted.
pub fn findings(
    config: &Config,
    graph: &DepGraph,
    data: &DataGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
) -> Vec<Finding> {
    let mut findings = evaluate::evaluate(config, graph, map, facts);
    findings.extend(data::data_findings(config, graph, map, data));
    suppress::apply(&mut findings, facts, config.check().unused_suppression);
    evaluate::sort(&mut findings);
    findings
}

/// Sorts findings by rule, file, line and the rest: the order of every output.
pub fn sort_findings(findings: &mut [Finding]) {
    evaluate::sort(findings);
}

/// Findings judged against a baseline (none: everything is new). `module_of(package)` names the
/// module a package belongs to today, so that a baselined violation whose code moved to another
/// package of the same module still matches.
pub fn against_baseline(
    mut findings: Vec<Finding>,
    baseline: Option<&Baseline>,
    config: &Config,
    today: Date,
    module_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    if let Some(baseline) = baseline {
        baseline::apply(
            &mut findings,
            baseline,
            config.check().stale_baseline,
            today,
            module_of,
        );
        evaluate::sort(&mut findings);
    }
    findings
}

/// What a change touched, from `git diff`: the lines it added or changed in each file (numbered
/// as they are now).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    added: BTreeMap<String, Vec<(u32, u32)>>,
}

impl Change {
    /// Records lines `first..=last` of `file` as added.
    pub fn add(&mut self, file: &str, first: u32, last: u32) {
        self.added
            .entry(file.to_string())
            .or_default()
            .push((first, last));
    }

    /// Whether line `line` of `file` was added or changed.
    pub fn touches(&self, file: &str, line: u32) -> bool {
        self.added
            .get(file)
            .is_some_and(|ranges| ranges.iter().any(|&(a, b)| (a..=b).contains(&line)))
    }
}

/// Findings judged against the findings at a base revision.
///
/// A violation key (see [`Finding::key`]) with `n` occurrences now and `b` at the base has
/// `n - b` new occurrences, taken from the lines the change added (`change`) first; the rest are
/// pre-existing (`baselined`). A `cycle` finding is new only when its module edge did not exist
/// at the base (`base_edges`): adding a reference to an edge that was already there, or closing a
/// cycle through edges that were already there, is not what this change did; of a new edge, the
/// references on added lines are reported (all of them when none is). Occurrences the change
/// removed are `fixed`, except that a removed occurrence and a new one with the same
/// [`Finding::module_identity`] are the same code moved inside its module and cancel out.
pub fn against_base(
    mut current: Vec<Finding>,
    base: &[Finding],
    base_edges: &ModuleEdges,
    change: &Change,
) -> (Vec<Finding>, Vec<Fixed>) {
    let mut before: BTreeMap<ViolationKey, Vec<&Finding>> = BTreeMap::new();
    for finding in base.iter().filter(|f| f.status == Status::New) {
        before.entry(finding.key()).or_default().push(finding);
    }
    let mut now: BTreeMap<ViolationKey, Vec<usize>> = BTreeMap::new();
    for (i, finding) in current.iter().enumerate() {
        now.entry(finding.key()).or_default().push(i);
    }
    for (key, indices) in &now {
        let open: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| current[i].status == Status::New)
            .collect();
        let touched: Vec<bool> = open
            .iter()
            .map(|&i| change.touches(&current[i].file, current[i].line))
            .collect();
        if key.rule == RuleId::Cycle {
            let new_edge = !base_edges.contains(&(key.from.clone(), key.to.clone()));
            let any_touched = touched.contains(&true);
            for (&i, &touched) in open.iter().zip(&touched) {
                if !new_edge || (any_touched && !touched) {
                    current[i].status = Status::Baselined;
                }
            }
            continue;
        }
        let at_base = before.get(key).map_or(0, Vec::len);
        // untouched occurrences are the old ones; new ones come from the added lines
        let untouched = open
            .iter()
            .zip(&touched)
            .filter(|(_, &t)| !t)
            .map(|(&i, _)| i);
        let added = open
            .iter()
            .zip(&touched)
            .filter(|(_, &t)| t)
            .map(|(&i, _)| i);
        let order: Vec<usize> = untouched.chain(added).collect();
        for &i in order.iter().take(at_base) {
            current[i].status = Status::Baselined;
        }
    }
    let mut fixed: Vec<(Fixed, &Finding)> = Vec::new();
    for (key, was) in &before {
        let still = now.get(key).map_or(0, Vec::len);
        let gone = if key.rule == RuleId::Cycle {
            if still == 0 {
                was.len()
            } else {
                0
            }
        } else {
            was.len().saturating_sub(still)
        };
        if gone > 0 {
            let first = was[0];
            fixed.push((
                Fixed {
                    key: key.clone(),
                    count: gone,
                    file: first.file.clone(),
                    line: first.line,
                    message: first.message.clone(),
                },
                first,
            ));
        }
    }
    // code moved inside its module: a removed occurrence and a new one cancel out
    for (fixed, was) in fixed.iter_mut() {
        if fixed.key.rule == RuleId::Cycle || was.from_module.is_empty() {
            continue;
        }
        let identity = was.module_identity();
        for finding in current.iter_mut() {
            if fixed.count == 0 {
                break;
            }
            if finding.status == Status::New
                && finding.rule == was.rule
                && finding.module_identity() == identity
            {
                finding.status = Status::Baselined;
                fixed.count -= 1;
            }
        }
    }
    let fixed = fixed
        .into_iter()
        .map(|(f, _)| f)
        .filter(|f| f.count > 0)
        .collect();
    (current, fixed)
}

/// The report of a check (without notes: the caller adds what it knows about its inputs).
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
        fixed: stale + fixed.iter().map(|f| f.count).sum::<usize>(),
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
    let layers = config.layers();
    let modules = config
        .modules()
        .iter()
        .enumerate()
        .map(|(i, module)| DeclaredModule {
            name: module.name.clone(),
            owner: module.owner.clone(),
            description: module.description.clone(),
            layer: layers.and_then(|l| {
                l.layer_of
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|n| l.names[n].clone())
            }),
            public: module.public.clone(),
            depends_on: module.depends_on.as_ref().map(|deps| {
                deps.keys()
                    .map(|&id| config.module(id).name.clone())
                    .collect()
            }),
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
        modules,
        notes: Vec::new(),
    }
}
