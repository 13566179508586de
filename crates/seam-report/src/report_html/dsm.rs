//! The dependency structure matrix at module level: row uses column. Modules are ordered so that
//! users come before what they use (a topological order of the module graph with every cycle
//! contracted): in a layered system every mark is above the diagonal, and each cycle is a block
//! on it. A module row expands to its packages (with JavaScript; without it they are all shown).

use super::{internal_modules, Page};
use maud::{html, Markup};
use seam_graph::{Analysis, NodeId, NodeKind};
use std::collections::BTreeMap;

/// Most modules in the matrix (the most connected; a note says how many are left out).
pub const DSM_MODULES: usize = 40;
/// Most package rows under one module.
const PACKAGE_ROWS: usize = 40;

/// The matrix as an HTML table (and a note on what was folded).
pub fn matrix(page: &Page<'_>) -> Markup {
    let analysis = page.analysis;
    let graph = &analysis.module_graph;
    // the most connected modules, then in dependency order
    let (modules, connected) = internal_modules(analysis, |stats| stats.references);
    let mut top: Vec<NodeId> = modules.clone();
    top.sort_by(|a, b| connected[b].cmp(&connected[a]).then(a.cmp(b)));
    top.truncate(DSM_MODULES);
    let index: BTreeMap<&str, NodeId> = modules
        .iter()
        .map(|&m| (graph.node(m).name.as_str(), m))
        .collect();
    let order: Vec<NodeId> = analysis
        .module_order
        .iter()
        .filter_map(|name| index.get(name.as_str()).copied())
        .collect();
    let shown: Vec<NodeId> = order.iter().copied().filter(|m| top.contains(m)).collect();
    let block = seam_graph::cycle_blocks(graph, &analysis.module_cycles);
    let max = graph
        .edges
        .values()
        .map(|s| s.references)
        .max()
        .unwrap_or(1)
        .max(1);
    let same_cycle =
        |a: NodeId, b: NodeId| block.get(&a) == block.get(&b) && block.contains_key(&a);
    html! {
        @if order.len() > shown.len() {
            p class="note" {
                "The " (shown.len()) " most connected of " (order.len())
                " modules, in dependency order."
            }
        }
        div class="scroll" {
            table class="dsm" {
                thead {
                    tr {
                        th {}
                        @for (i, &m) in shown.iter().enumerate() {
                            th class="col" title=(graph.node(m).name) { span { (i + 1) } }
                        }
                    }
                }
                tbody {
                    @for (i, &row) in shown.iter().enumerate() {
                        @let name = &graph.node(row).name;
                        tr class="module" data-module=(i) {
                            th {
                                button type="button" class="expand" data-module=(i) {
                                    (i + 1) ". " (name)
                                }
                            }
                            @for (j, &column) in shown.iter().enumerate() {
                                @let references =
                                    graph.edges.get(&(row, column)).map_or(0, |s| s.references);
                                (cell(references, max, i, j, same_cycle(row, column)))
                            }
                        }
                        (package_rows(analysis, name, i, &shown))
                    }
                }
            }
        }
    }
}

/// One cell: the reference count, shaded on a log scale; diagonal, cycle and upward marks styled.
fn cell(references: u32, max: u32, row: usize, column: usize, same_cycle: bool) -> Markup {
    if row == column {
        return html! { td class="diag" {} };
    }
    if references == 0 {
        return if same_cycle {
            html! { td class="cyc" {} }
        } else {
            html! { td {} }
        };
    }
    let level = 1 + ((f64::from(references)).ln_1p() / f64::from(max).ln_1p() * 4.0).round() as u32;
    let class = match (same_cycle, column < row) {
        (true, _) => "cyc",
        (false, true) => "up",
        (false, false) => "down",
    };
    html! {
        td class={ (class) " l" (level) } title={ (references) " references" } { (references) }
    }
}

/// Rows of one module's packages: their references to each shown module.
fn package_rows(analysis: &Analysis, module: &str, index: usize, shown: &[NodeId]) -> Markup {
    let graph = &analysis.package_graph;
    let module_graph = &analysis.module_graph;
    let column_of: BTreeMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(j, &m)| (module_graph.node(m).name.as_str(), j))
        .collect();
    let module_of = |node: NodeId| analysis.partition.label(graph, node);
    let members: Vec<NodeId> = graph
        .iter_nodes()
        .filter(|&(p, n)| n.kind != NodeKind::External && module_of(p) == module)
        .map(|(p, _)| p)
        .collect();
    let counts = |package: NodeId| {
        let mut counts = vec![0u32; shown.len()];
        for (to, stats) in graph.out_edges(package) {
            if let Some(&j) = column_of.get(module_of(to)) {
                if module_of(to) != module {
                    counts[j] += stats.references;
                }
            }
        }
        counts
    };
    html! {
        @for &package in members.iter().take(PACKAGE_ROWS) {
            tr class="package" data-parent=(index) {
                th { (graph.node(package).name) }
                @for count in counts(package) {
                    @if count == 0 {
                        td {}
                    } @else {
                        td class="pk" { (count) }
                    }
                }
            }
        }
        @if members.len() > PACKAGE_ROWS {
            tr class="package" data-parent=(index) {
                th { "… " (members.len() - PACKAGE_ROWS) " more packages" }
                td colspan=(shown.len()) {}
            }
        }
    }
}
