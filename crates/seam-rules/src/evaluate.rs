//! The boundary rules, applied to every resolved reference that crosses a module boundary.

use crate::config::{Config, Level};
use crate::cycles::{cycle_findings, PreferredCuts};
use crate::module_map::ModuleMap;
use crate::report::{Finding, RuleId, Severity, Status};
use seam_graph::{DepGraph, Node, NodeKind, ResolvedRef};
use seam_perl::FileFacts;
use std::collections::HashMap;

/// Everything one reference needs for a finding's text.
pub(crate) struct Crossing<'a> {
    pub(crate) reference: &'a ResolvedRef,
    pub(crate) from: &'a Node,
    pub(crate) to: &'a Node,
    pub(crate) from_module: usize,
    pub(crate) to_module: usize,
}

/// Every violation of the rules in `config`, plus uncovered packages, sorted (status `new`).
pub fn evaluate(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    facts: &[FileFacts],
    preferred: &PreferredCuts,
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
            from: &graph.nodes[reference.from],
            to: &graph.nodes[reference.to],
            from_module,
            to_module,
        };
        for (rule, message, fix) in judge(config, map, &crossing) {
            findings.push(finding(config, map, &crossing, rule, message, fix));
        }
    }
    if config.cycles().forbid {
        findings.extend(cycle_findings(config, graph, map, preferred));
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
        fix,
        ratchet: None,
    }
}

/// `LibSys::Billing::Invoice (billing) uses LibSys::Catalog::Item::price (catalog) [call]`
pub(crate) fn describe(map: &ModuleMap, crossing: &Crossing<'_>) -> String {
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

fn judge(
    config: &Config,
    map: &ModuleMap,
    crossing: &Crossing<'_>,
) -> Vec<(RuleId, String, String)> {
    let kind = crossing.reference.kind;
    let (from, to) = (crossing.from_module, crossing.to_module);
    let (from_name, to_name) = (map.name(from), map.name(to));
    let what = describe(map, crossing);
    let owner = config.modules()[to]
        .owner
        .as_deref()
        .map(|o| format!(" (owner: {o})"))
        .unwrap_or_default();
    let mut found = Vec::new();
    if let Some(allowed) = &config.modules()[from].depends_on {
        match allowed.get(&to) {
            None => found.push((
                RuleId::DependsOn,
                format!("{what}, but {from_name} does not declare {to_name} in depends_on"),
                format!("if {from_name} should depend on {to_name}, add \"{to_name}\" to depends_on of module \"{from_name}\" in seam.toml; otherwise move this code into {to_name}{owner} or invert the dependency"),
            )),
            Some(kinds) if !kinds.contains(kind) => found.push((
                RuleId::DependsOn,
                format!("{what}; {from_name} may use {to_name} only through other kinds of reference"),
                format!("use {to_name} the way depends_on allows (e.g. a runtime `require` inside the sub that needs it), or widen the kinds of the {to_name} entry in depends_on of \"{from_name}\""),
            )),
            Some(_) => {}
        }
    }
    let symbol = crossing.reference.symbol.as_deref();
    if !map.is_public(to, &crossing.to.name, symbol) {
        let public = ModuleMap::public_packages(config, to);
        let interface = if public.is_empty() {
            "its public subs".to_string()
        } else {
            public.join(", ")
        };
        found.push((
            RuleId::Private,
            format!("{what}, which {to_name} keeps private"),
            format!("go through {to_name}'s public interface ({interface}), or ask {to_name}{owner} to add it to `public`/`public_subs` in seam.toml"),
        ));
    }
    if let Some(layers) = config.layers().filter(|l| l.kinds.contains(kind)) {
        if let (Some(a), Some(b)) = (layers.layer_of[from], layers.layer_of[to]) {
            let (upper, lower) = (&layers.names[a], &layers.names[b]);
            if b < a {
                found.push((
                    RuleId::Layers,
                    format!("{what}: layer {upper} may not use layer {lower} above it"),
                    format!("invert the dependency (let {lower} pass in what {upper} provides) or move the code into layer {lower}"),
                ));
            } else if b > a + 1 && layers.closed[a] {
                let next = &layers.names[a + 1];
                found.push((
                    RuleId::Layers,
                    format!("{what}: layer {upper} is closed and may only use the layer directly below it ({next})"),
                    format!("go through layer {next}, or open layer {upper} in seam.toml"),
                ));
            }
        }
    }
    for pair in config.forbidden() {
        if (pair.from, pair.to) == (from, to) && pair.kinds.contains(kind) {
            let why = pair
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            found.push((
                RuleId::Forbidden,
                format!("{what}: {from_name} must not depend on {to_name}{why}"),
                format!("remove the reference or move the code; {from_name} -> {to_name} is forbidden in seam.toml"),
            ));
        }
    }
    for group in config.independent() {
        if group.kinds.contains(kind)
            && group.modules.contains(&from)
            && group.modules.contains(&to)
        {
            found.push((
                RuleId::Independent,
                format!("{what}: {from_name} and {to_name} must stay independent of each other"),
                format!(
                    "move what {from_name} needs from {to_name} into a module both may depend on"
                ),
            ));
        }
    }
    found
}

/// For each dependency cycle between modules, the references on its cheapest breaking edges.
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
            let node = &graph.nodes[i];
            let file = node.files.first().cloned().unwrap_or_default();
            let (what, line) = if node.kind == NodeKind::Script {
                ("script", 1)
            } else {
                let line = declared
                    .get(&(file.as_str(), node.name.as_str()))
                    .copied()
                    .unwrap_or(1);
                ("package", line)
            };
            let fix = if node.kind == NodeKind::Script {
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
