//! The boundary rules, applied to every resolved reference that crosses a module boundary.

use crate::config::{Config, Level};
use crate::cycles::cycle_findings;
use crate::module_map::ModuleMap;
use crate::report::{Finding, RuleId, Severity, Status};
use seam_graph::{DepGraph, ModuleId, Node, NodeKind, ResolvedRef};
use seam_perl::FileFacts;
use std::collections::HashMap;

/// One reference that crosses a module boundary, with what a rule needs to judge it and to word
/// a finding.
pub struct Crossing<'a> {
    /// The reference.
    pub reference: &'a ResolvedRef,
    /// The node it is made from.
    pub from: &'a Node,
    /// The node it uses.
    pub to: &'a Node,
    /// The module (index) of `from`.
    pub from_module: ModuleId,
    /// The module (index) of `to`.
    pub to_module: ModuleId,
}

/// A rule's verdict on one crossing: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// What is wrong (`X (a) uses Y (b) through `call`, but ...`).
    pub message: String,
    /// How to fix it, specifically.
    pub fix: String,
}

impl Verdict {
    /// A verdict.
    pub fn new(message: String, fix: String) -> Verdict {
        Verdict { message, fix }
    }
}

/// What a rule sees when it judges one crossing reference.
pub struct Judging<'a> {
    /// seam.toml, compiled.
    pub config: &'a Config,
    /// Its modules on the graph.
    pub map: &'a ModuleMap,
    /// The reference and its ends.
    pub crossing: &'a Crossing<'a>,
    /// The words its messages share.
    pub words: Words<'a>,
}

/// The words a rule's messages share about one crossing.
pub struct Words<'a> {
    /// The crossing, described (see [`describe`]).
    pub what: String,
    /// The using module's name.
    pub from: &'a str,
    /// The used module's name.
    pub to: &'a str,
    /// ` (owner: @team)` when the used module names an owner, else empty.
    pub owner: String,
}

impl<'a> Words<'a> {
    /// The words for `crossing` under `config`'s modules `map`.
    pub fn new(config: &Config, map: &'a ModuleMap, crossing: &Crossing<'_>) -> Words<'a> {
        Words {
            what: describe(map, crossing),
            from: map.name(crossing.from_module),
            to: map.name(crossing.to_module),
            owner: config
                .module(crossing.to_module)
                .owner
                .as_deref()
                .map(|o| format!(" (owner: {o})"))
                .unwrap_or_default(),
        }
    }
}

/// Every violation of the rules in `config`, plus uncovered packages, sorted (status `new`).
pub fn evaluate(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for reference in &graph.references {
        let (Some(from_module), Some(to_module)) =
            (map.module_of(reference.from), map.module_of(reference.to))
        else {
            continue;
        };
        if from_module == to_module {
            continue;
        }
        let crossing = Crossing {
            reference,
            from: graph.node(reference.from),
            to: graph.node(reference.to),
            from_module,
            to_module,
        };
        for (rule, message, fix) in judge(config, map, &crossing) {
            findings.push(finding(config, map, &crossing, rule, message, fix));
        }
    }
    if config.cycles().forbid {
        findings.extend(cycle_findings(config, graph, map));
    }
    findings.extend(uncovered(config, graph, map, facts));
    sort(&mut findings);
    findings
}

/// Sorts findings by rule, file, line and the rest: the order of every output.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.rule, &a.file, a.line, &a.from, &a.to, &a.symbol, a.kind)
            .cmp(&(b.rule, &b.file, b.line, &b.from, &b.to, &b.symbol, b.kind))
    });
}

/// A finding about one crossing; its fix is `fix` followed by the ways out every crossing rule
/// shares (a suppression with a reason, the baseline).
pub(crate) fn finding(
    config: &Config,
    map: &ModuleMap,
    crossing: &Crossing<'_>,
    rule: RuleId,
    message: String,
    fix: String,
) -> Finding {
    let reference = crossing.reference;
    Finding {
        rule,
        severity: if config.check().warn_kinds.contains(reference.kind) {
            Severity::Warning
        } else {
            Severity::Error
        },
        status: Status::New,
        from_module: map.name(crossing.from_module).to_string(),
        from: crossing.from.name.clone(),
        to_module: map.name(crossing.to_module).to_string(),
        to: crossing.to.name.clone(),
        symbol: reference.symbol.clone(),
        kind: Some(reference.kind),
        file: reference.location.file.clone(),
        line: reference.location.line,
        source: None,
        column: None,
        message,
        fix: format!(
            "{fix}. Or allow it in place: `# seam: allow({}) REASON` on the line; or record it as \
             debt: `seam baseline`",
            rule.name()
        ),
        ratchet: None,
        tolerated: None,
    }
}

/// `LibSys::Billing::Invoice (billing) uses LibSys::Catalog::Item::price (catalog) [call]`
pub fn describe(map: &ModuleMap, crossing: &Crossing<'_>) -> String {
    let reference = crossing.reference;
    let target = match &reference.symbol {
        // `@BUCKETS` of LibSys::Reports::Overdue reads `@LibSys::Reports::Overdue::BUCKETS`
        Some(symbol) if symbol.starts_with(['$', '@', '%']) => {
            format!("{}{}::{}", &symbol[..1], crossing.to.name, &symbol[1..])
        }
        Some(symbol) => format!("{}::{symbol}", crossing.to.name),
        None => crossing.to.name.clone(),
    };
    format!(
        "{} ({}) uses {target} ({}) through `{}`",
        crossing.from.name,
        map.name(crossing.from_module),
        map.name(crossing.to_module),
        reference.kind.name()
    )
}

/// Every rule's verdicts on one crossing, in registry order.
fn judge(
    config: &Config,
    map: &ModuleMap,
    crossing: &Crossing<'_>,
) -> Vec<(RuleId, String, String)> {
    let judging = Judging {
        config,
        map,
        crossing,
        words: Words::new(config, map, crossing),
    };
    crate::rules::registry()
        .iter()
        .flat_map(|rule| {
            rule.judge(&judging)
                .into_iter()
                .map(|v| (rule.id(), v.message, v.fix))
        })
        .collect()
}

/// Packages and scripts no module claims, as findings (unless `uncovered = "ignore"`).
fn uncovered(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
) -> Vec<Finding> {
    let severity = match config.check().uncovered {
        Level::Ignore => return Vec::new(),
        Level::Warn => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let declared: HashMap<(&str, &str), u32> = facts
        .iter()
        .flat_map(|f| {
            f.packages
                .iter()
                .map(move |p| ((f.path.as_str(), p.name.as_str()), p.line))
        })
        .collect();
    map.uncovered
        .iter()
        .map(|&i| {
            let node = graph.node(i);
            let file = node.files.first().cloned().unwrap_or_default();
            let (what, line) = if node.kind == NodeKind::Script {
                ("script", 1)
            } else if node.kind == NodeKind::Template {
                ("template", 1)
            } else {
                let line = declared
                    .get(&(file.as_str(), node.name.as_str()))
                    .copied()
                    .unwrap_or(1);
                ("package", line)
            };
            let fix = if node.kind == NodeKind::Template {
                "add its path (or a glob over its directory) to the `templates` or `paths` of a module in seam.toml"
            } else if node.kind == NodeKind::Script {
                "add its path (or a glob over its directory) to the `paths` of a module in seam.toml"
            } else {
                "add its namespace to the `packages` of a module in seam.toml"
            };
            Finding {
                from: node.name.clone(),
                ..Finding::at(
                    RuleId::Uncovered,
                    severity,
                    &file,
                    line,
                    format!("{what} {} belongs to no module", node.name),
                    fix.into(),
                )
            }
        })
        .collect()
}
