//! `seam trend` as a text table, CSV (one row per sampled commit) or JSON.

use crate::check_json::pretty_json;
use crate::numbers::{percent, thousands};
use crate::width::{fit, legend};
use seam_history::trend::Trend;
use std::fmt::Write;

/// One row per sample, oldest first, with what moved since the first; every line within
/// [`WIDTH`](crate::WIDTH) columns.
pub fn trend_text(trend: &Trend) -> String {
    fit(&table(trend))
}

fn table(trend: &Trend) -> String {
    let mut out = format!("seam trend (modules: {})\n", trend.modules_from);
    let _ = writeln!(
        out,
        "  {:<10}  {:<10}  {:>8}  {:>9}  {:>7}  {:>11}  {:>7}  {:>6}  {:>10}",
        "date",
        "commit",
        "packages",
        "code",
        "modules",
        "cross edges",
        "prop.",
        "cycles",
        "violations"
    );
    for p in &trend.points {
        let _ = writeln!(
            out,
            "  {:<10}  {:<10}  {:>8}  {:>9}  {:>7}  {:>11}  {:>7}  {:>6}  {:>10}",
            p.date,
            p.commit.get(..10).unwrap_or(&p.commit),
            thousands(p.packages as u64),
            thousands(p.code_lines),
            p.modules,
            thousands(p.cross_module_edges as u64),
            percent(p.propagation_cost),
            p.module_cycles,
            p.violations
                .map_or("-".to_string(), |v| thousands(v as u64))
        );
    }
    legend(
        &mut out,
        "  ",
        "code code lines; cross edges: package edges across modules; prop.: propagation cost, \
         the share of the system a change can reach; cycles: module cycles; violations: errors \
         of today's seam.toml rules (- without one). Lower is better for the last four",
    );
    if let (Some(first), Some(last)) = (trend.points.first(), trend.points.last()) {
        let _ = writeln!(
            out,
            "  since {}: cross-module edges {:+}, propagation cost {:+.1} points, module cycles {:+}",
            first.date,
            last.cross_module_edges as i64 - first.cross_module_edges as i64,
            (last.propagation_cost - first.propagation_cost) * 100.0,
            last.module_cycles as i64 - first.module_cycles as i64
        );
    }
    out
}

/// A header and one row per sample, for a spreadsheet.
pub fn trend_csv(trend: &Trend) -> String {
    let mut out = String::from(
        "date,commit,files,packages,code_lines,modules,cross_module_edges,propagation_cost,module_cycles,packages_in_cycles,violations\n",
    );
    for p in &trend.points {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{:.4},{},{},{}",
            p.date,
            p.commit,
            p.files,
            p.packages,
            p.code_lines,
            p.modules,
            p.cross_module_edges,
            p.propagation_cost,
            p.module_cycles,
            p.packages_in_cycles,
            p.violations.map_or(String::new(), |v| v.to_string())
        );
    }
    out
}

/// The trend as pretty JSON.
pub fn trend_json(trend: &Trend) -> String {
    pretty_json(trend)
}
