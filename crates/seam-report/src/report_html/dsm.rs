//! The dependency structure matrix at module level: row uses column. Modules are ordered so that
//! users come before what they use (a topological order of the module graph with every cycle
//! contracted): in a layered system every mark is above the diagonal, and each cycle is a block
//! on it. A module row expands to its packages (with JavaScript; without it they are all shown).

use super::{attr, esc, internal_modules, Page};
use seam_graph::{Analysis, NodeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Most modules in the matrix (the most connected; a note says how many are left out).
pub const DSM_MODULES: usize = 40;
/// Most package rows under one module.
const PACKAGE_ROWS: usize = 40;

/// The matrix as an HTML table (and a note on what was folded).
pub fn matrix(page: &Page<'_>) -> String {
    let analysis = page.analysis;
    let graph = &analysis.module_graph;
    // the most connected modules, then in dependency order
    let (modules, connected) = internal_modules(analysis, |stats| stats.references);
    let mut top: Vec<usize> = modules.clone();
    top.sort_by(|a, b| connected[b].cmp(&connected[a]).then(a.cmp(b)));
    top.truncate(DSM_MODULES);
    let order = ordered(analysis, &modules);
    let shown: Vec<usize> = order.iter().copied().filter(|m| top.contains(m)).collect();
    let block = cycle_blocks(analysis);
    let max = graph
        .edges
        .values()
        .map(|s| s.references)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut out = String::new();
    if order.len() > shown.len() {
        let _ = write!(
            out,
            "<p class=\"note\">The {} most connected of {} modules, in dependency order.</p>",
            shown.len(),
            order.len()
        );
    }
    out.push_str("<div class=\"scroll\"><table class=\"dsm\"><thead><tr><th></th>");
    for (i, &m) in shown.iter().enumerate() {
        let _ = write!(
            out,
            "<th class=\"col\" title=\"{}\"><span>{}</span></th>",
            attr(&graph.nodes[m].name),
            i + 1
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (i, &row) in shown.iter().enumerate() {
        let name = &graph.nodes[row].name;
        let _ = write!(
            out,
            "<tr class=\"module\" data-module=\"{i}\"><th><button type=\"button\" class=\"expand\" data-module=\"{i}\">{}. {}</button></th>",
            i + 1,
            esc(name)
        );
        for (j, &column) in shown.iter().enumerate() {
            let references = graph.edges.get(&(row, column)).map_or(0, |s| s.references);
            out.push_str(&cell(
                references,
                max,
                i,
                j,
                block.get(&row) == block.get(&column) && block.contains_key(&row),
            ));
        }
        out.push_str("</tr>");
        package_rows(&mut out, analysis, name, i, &shown);
    }
    out.push_str("</tbody></table></div>");
    out
}

/// One cell: the reference count, shaded on a log scale; diagonal, cycle and upward marks styled.
fn cell(references: u32, max: u32, row: usize, column: usize, same_cycle: bool) -> String {
    if row == column {
        return "<td class=\"diag\"></td>".into();
    }
    if references == 0 {
        return if same_cycle {
            "<td class=\"cyc\"></td>".into()
        } else {
            "<td></td>".into()
        };
    }
    let level = 1 + ((f64::from(references)).ln_1p() / f64::from(max).ln_1p() * 4.0).round() as u32;
    let class = match (same_cycle, column < row) {
        (true, _) => "cyc",
        (false, true) => "up",
        (false, false) => "down",
    };
    format!("<td class=\"{class} l{level}\" title=\"{references} references\">{references}</td>")
}

/// Rows of one module's packages: their references to each shown module.
fn package_rows(
    out: &mut String,
    analysis: &Analysis,
    module: &str,
    index: usize,
    shown: &[usize],
) {
    let graph = &analysis.package_graph;
    let module_graph = &analysis.module_graph;
    let column_of: BTreeMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(j, &m)| (module_graph.nodes[m].name.as_str(), j))
        .collect();
    let module_of = |node: usize| analysis.partition.label(graph, node);
    let members: Vec<usize> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|&(p, n)| n.kind != NodeKind::External && module_of(p) == module)
        .map(|(p, _)| p)
        .collect();
    for &package in members.iter().take(PACKAGE_ROWS) {
        let mut counts = vec![0u32; shown.len()];
        for (to, stats) in graph.out_edges(package) {
            if let Some(&j) = column_of.get(module_of(to)) {
                if module_of(to) != module {
                    counts[j] += stats.references;
                }
            }
        }
        let _ = write!(
            out,
            "<tr class=\"package\" data-parent=\"{index}\"><th>{}</th>",
            esc(&graph.nodes[package].name)
        );
        for count in counts {
            if count == 0 {
                out.push_str("<td></td>");
            } else {
                let _ = write!(out, "<td class=\"pk\">{count}</td>");
            }
        }
        out.push_str("</tr>");
    }
    if members.len() > PACKAGE_ROWS {
        let _ = write!(
            out,
            "<tr class=\"package\" data-parent=\"{index}\"><th>… {} more packages</th><td colspan=\"{}\"></td></tr>",
            members.len() - PACKAGE_ROWS,
            shown.len()
        );
    }
}

/// Module (node index) to its cycle's number, for modules in a cycle.
fn cycle_blocks(analysis: &Analysis) -> BTreeMap<usize, usize> {
    let graph = &analysis.module_graph;
    let mut block = BTreeMap::new();
    for (c, cycle) in analysis.module_cycles.iter().enumerate() {
        for member in &cycle.members {
            if let Some(i) = graph
                .nodes
                .iter()
                .position(|n| &n.name == member && n.kind != NodeKind::External)
            {
                block.insert(i, c);
            }
        }
    }
    block
}

/// Users before what they use: Kahn's order over the graph with each cycle as one unit (units
/// ready at the same time by name); the modules of a cycle stay together, by name.
fn ordered(analysis: &Analysis, modules: &[usize]) -> Vec<usize> {
    let graph = &analysis.module_graph;
    let blocks = cycle_blocks(analysis);
    let unit = |m: usize| blocks.get(&m).map_or(m, |&c| usize::MAX - c);
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &m in modules {
        members.entry(unit(m)).or_default().push(m);
    }
    let mut incoming: BTreeMap<usize, BTreeSet<usize>> =
        members.keys().map(|&u| (u, BTreeSet::new())).collect();
    for &(a, b) in graph.edges.keys() {
        if !(modules.contains(&a) && modules.contains(&b)) {
            continue;
        }
        let (x, y) = (unit(a), unit(b));
        if x != y {
            incoming.entry(y).or_default().insert(x);
        }
    }
    let name = |u: usize| graph.nodes[members[&u][0]].name.clone();
    let mut order = Vec::new();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    while done.len() < members.len() {
        let mut ready: Vec<usize> = incoming
            .iter()
            .filter(|(u, from)| !done.contains(u) && from.iter().all(|f| done.contains(f)))
            .map(|(&u, _)| u)
            .collect();
        if ready.is_empty() {
            // cannot happen with cycles contracted; stay total anyway
            ready = members
                .keys()
                .copied()
                .filter(|u| !done.contains(u))
                .collect();
        }
        ready.sort_by_key(|&u| name(u));
        for u in ready {
            done.insert(u);
            order.extend(members[&u].iter().copied());
        }
    }
    order
}
