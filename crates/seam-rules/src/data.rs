//! The data rules, `table_write` and `table_read`: each use of a table or data file by code
//! outside the module that owns it (seam.toml's `tables` / `data_files`).

use crate::config::{Config, Level};
use crate::module_map::ModuleMap;
use crate::report::{Finding, RuleId, Severity};
use seam_graph::{DataGraph, DepGraph};
use seam_perl::DataAccess;

/// One finding per use of an owned table or file from another module: writes always (once
/// owners are declared), reads when `[check] table_read` asks. Sorted later with the rest.
pub(crate) fn data_findings(
    config: &Config,
    graph: &DepGraph,
    map: &ModuleMap,
    data: &DataGraph,
) -> Vec<Finding> {
    if !config.declares_data_owners() {
        return Vec::new();
    }
    let read_severity = match config.check().table_read {
        Level::Ignore => None,
        Level::Warn => Some(Severity::Warning),
        Level::Error => Some(Severity::Error),
    };
    let mut findings = Vec::new();
    for used in &data.uses {
        let (rule, severity, verb) = match used.access {
            DataAccess::Write | DataAccess::Append => {
                (RuleId::TableWrite, Severity::Error, "writes")
            }
            DataAccess::Read => match read_severity {
                Some(severity) => (RuleId::TableRead, severity, "reads"),
                None => continue,
            },
            DataAccess::Ddl | DataAccess::Map => continue,
        };
        let item = data.node(used.data);
        let Some(owner) = config.data_owner(item.kind, &item.name) else {
            continue;
        };
        let from = graph.node(used.from);
        let from_module = map.module_of(used.from);
        if from_module == Some(owner) {
            continue;
        }
        let from_label = from_module.map_or("no module", |m| map.name(m));
        let owner_name = map.name(owner);
        let (what, key) = match item.kind {
            seam_graph::DataNodeKind::Table => ("table", "tables"),
            seam_graph::DataNodeKind::DataFile => ("data file", "data_files"),
        };
        let asks = config
            .module(owner)
            .owner
            .as_deref()
            .map(|o| format!(" (owner: {o})"))
            .unwrap_or_default();
        let fix = match rule {
            RuleId::TableWrite => format!(
                "call {owner_name}'s code to change {} (or move this code into {owner_name}{asks}), \
                 or list it in this module's `{key}` in seam.toml if it owns it",
                item.name
            ),
            _ => format!(
                "ask {owner_name}{asks} for this data through one of its packages instead of \
                 reading {} directly",
                item.name
            ),
        };
        findings.push(Finding {
            from_module: from_module
                .map(|m| map.name(m).to_string())
                .unwrap_or_default(),
            from: from.name.clone(),
            to_module: owner_name.to_string(),
            to: item.name.clone(),
            symbol: Some(verb.trim_end_matches('s').to_string()),
            ..Finding::at(
                rule,
                severity,
                &used.location.file,
                used.location.line,
                format!(
                    "{} ({from_label}) {verb} {what} {}, which {owner_name} owns",
                    from.name, item.name
                ),
                format!(
                    "{fix}. Or allow it in place: `# seam: allow({}) REASON` on the line; or \
                     record it as debt: `seam baseline`",
                    rule.name()
                ),
            )
        });
    }
    findings
}
