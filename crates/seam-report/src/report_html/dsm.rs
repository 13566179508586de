//! The dependency structure matrix at module level: row uses column, every module, in the
//! analysis's `module_order` (by layer, users first; inside each tangle in its
//! feedback-arc-set order). Every mark outside a tangle is above the diagonal, so the marks
//! below it are exactly the tangles' breakers — the references to cut. Empty runs of a row are
//! one cell (`colspan`), so the table grows with the dependencies, not with the square of the
//! modules. A module row expands to its packages (with JavaScript; without it they are shown).

use super::{module_anchor, Page};
use maud::{html, Markup};
use seam_graph::{Analysis, NodeId, NodeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Most package rows under one module.
const PACKAGE_ROWS: usize = 40;
/// Characters of a module name in a row header.
const NAME_CHARS: usize = 34;

/// One row's cells: a mark (references, whether to cut), or an empty run.
enum Cell {
    Diagonal,
    Mark {
        references: u32,
        cut: bool,
        title: String,
    },
    Empty {
        span: usize,
        tangle: bool,
    },
}

/// A count in at most three characters: `999`, `1.2k`→`1k`, `12k`.
fn short(n: u32) -> String {
    match n {
        0..=999 => n.to_string(),
        1000..=999_999 => format!("{}k", n / 1000),
        _ => format!("{}M", n / 1_000_000),
    }
}

/// The cells of one row: `marks` by column, the diagonal at `diagonal`, empty runs merged
/// (split where the row's tangle starts or ends, which is shaded).
fn row_cells(
    columns: usize,
    diagonal: Option<usize>,
    marks: &BTreeMap<usize, (u32, bool, String)>,
    tangle: Option<(usize, usize)>,
) -> Vec<Cell> {
    let inside = |j: usize| tangle.is_some_and(|(a, b)| a <= j && j < b);
    let mut cells = Vec::new();
    let mut j = 0;
    while j < columns {
        if Some(j) == diagonal {
            cells.push(Cell::Diagonal);
            j += 1;
        } else if let Some((references, cut, title)) = marks.get(&j) {
            cells.push(Cell::Mark {
                references: *references,
                cut: *cut,
                title: title.clone(),
            });
            j += 1;
        } else {
            let start = j;
            while j < columns
                && Some(j) != diagonal
                && !marks.contains_key(&j)
                && inside(j) == inside(start)
            {
                j += 1;
            }
            cells.push(Cell::Empty {
                span: j - start,
                tangle: inside(start),
            });
        }
    }
    cells
}

fn render(cells: &[Cell], max: u32) -> Markup {
    html! {
        @for cell in cells {
            @match cell {
                Cell::Diagonal => td class="diag" {},
                Cell::Mark { references, cut, title } => {
                    @let level = 1 + ((f64::from(*references)).ln_1p() / f64::from(max).ln_1p() * 4.0).round() as u32;
                    td class={ @if *cut { "cut" } @else { "mark" } " l" (level) } title=(title) { (short(*references)) }
                },
                Cell::Empty { span, tangle } => {
                    @if *span == 1 {
                        td class=[tangle.then_some("cyc")] {}
                    } @else {
                        td colspan=(span) class=[tangle.then_some("cyc")] {}
                    }
                },
            }
        }
    }
}

/// The tangles' spans in `order` (start, end exclusive) and each module's tangle.
fn tangle_spans(analysis: &Analysis, position: &BTreeMap<&str, usize>) -> Vec<(usize, usize)> {
    analysis
        .module_cycles
        .iter()
        .map(|cycle| {
            let at: Vec<usize> = cycle
                .members
                .iter()
                .filter_map(|m| position.get(m.as_str()).copied())
                .collect();
            (
                at.iter().copied().min().unwrap_or(0),
                at.iter().copied().max().map_or(0, |m| m + 1),
            )
        })
        .collect()
}

/// The matrix as an HTML table, with a line per tangle on what to cut.
pub fn matrix(page: &Page<'_>) -> Markup {
    let analysis = page.analysis;
    let graph = &analysis.module_graph;
    let index: BTreeMap<&str, NodeId> = graph
        .iter_nodes()
        .filter(|(_, n)| n.kind != NodeKind::External)
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let order: Vec<NodeId> = analysis
        .module_order
        .iter()
        .filter_map(|name| index.get(name.as_str()).copied())
        .collect();
    let position: BTreeMap<&str, usize> = analysis
        .module_order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let column: BTreeMap<NodeId, usize> = order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let spans = tangle_spans(analysis, &position);
    let span_of = |i: usize| spans.iter().copied().find(|&(a, b)| a <= i && i < b);
    let cut: BTreeSet<(&str, &str)> = analysis
        .module_cycles
        .iter()
        .flat_map(|c| c.breakers.iter().map(|b| (b.from.as_str(), b.to.as_str())))
        .collect();
    let max = graph
        .edges
        .values()
        .map(|s| s.references)
        .max()
        .unwrap_or(1)
        .max(1);
    let n = order.len();
    html! {
        @for (c, cycle) in analysis.module_cycles.iter().enumerate() {
            @let (a, b) = spans[c];
            p class="tangle-cut" {
                "Tangle " (c + 1) " (rows " (a + 1) "–" (b) "): " (cycle.members.len()) " modules. Cutting these "
                span class="key cut" { (cycle.cut_references) " reference" @if cycle.cut_references != 1 { "s" } }
                " (" (cycle.breakers.len()) " module pair" @if cycle.breakers.len() != 1 { "s" } ", the marks below the diagonal) breaks it."
            }
        }
        div class="dsm-scroll" tabindex="0" aria-label="Dependency structure matrix (scrolls)" {
            table class="dsm" style={ "width: " (260 + 22 * n) "px" } {
                colgroup { col class="rh"; col span=(n.max(1)) class="c"; }
                thead {
                    tr {
                        th class="corner" { "uses →" }
                        @for (i, &m) in order.iter().enumerate() {
                            @let name = &graph.node(m).name;
                            th class="col" scope="col" {
                                a href={ "#" (module_anchor(name)) } title={ (i + 1) ". " (name) } { (i + 1) }
                            }
                        }
                    }
                }
                tbody {
                    @for (i, &row) in order.iter().enumerate() {
                        @let name = &graph.node(row).name;
                        @let marks: BTreeMap<usize, (u32, bool, String)> = graph
                            .out_edges(row)
                            .filter_map(|(to, stats)| {
                                let j = *column.get(&to)?;
                                let to_name = graph.node(to).name.as_str();
                                let is_cut = cut.contains(&(name.as_str(), to_name));
                                let title = format!(
                                    "{name} → {to_name}: {} reference{}{}",
                                    stats.references,
                                    if stats.references == 1 { "" } else { "s" },
                                    if is_cut { " — to cut to break the tangle" } else { "" }
                                );
                                (j != i).then_some((j, (stats.references, is_cut, title)))
                            })
                            .collect();
                        tr class="module" {
                            th class="rh" scope="row" {
                                button type="button" class="expand" data-module=(i) aria-expanded="false" aria-label={ "Show the packages of " (name) } {}
                                a href={ "#" (module_anchor(name)) } title={ (i + 1) ". " (name) } {
                                    (i + 1) ". " (super::layers::truncate_middle(name, NAME_CHARS))
                                }
                            }
                            (render(&row_cells(n, Some(i), &marks, span_of(i)), max))
                        }
                        (package_rows(analysis, name, i, &column, max))
                    }
                }
            }
        }
    }
}

/// Rows of one module's packages: their references to each module.
fn package_rows(
    analysis: &Analysis,
    module: &str,
    index: usize,
    column: &BTreeMap<NodeId, usize>,
    max: u32,
) -> Markup {
    let graph = &analysis.package_graph;
    let module_graph = &analysis.module_graph;
    let column_of: BTreeMap<&str, usize> = column
        .iter()
        .map(|(&m, &j)| (module_graph.node(m).name.as_str(), j))
        .collect();
    let module_of = |node: NodeId| analysis.partition.label(graph, node);
    let members: Vec<NodeId> = graph
        .iter_nodes()
        .filter(|&(p, n)| n.kind != NodeKind::External && module_of(p) == module)
        .map(|(p, _)| p)
        .collect();
    let marks = |package: NodeId| {
        let mut marks: BTreeMap<usize, (u32, bool, String)> = BTreeMap::new();
        for (to, stats) in graph.out_edges(package) {
            let to_module = module_of(to);
            if to_module == module {
                continue;
            }
            if let Some(&j) = column_of.get(to_module) {
                let mark = marks.entry(j).or_insert_with(|| (0, false, String::new()));
                mark.0 += stats.references;
            }
        }
        let from = &graph.node(package).name;
        for (j, mark) in marks.iter_mut() {
            mark.2 = format!("{from} → module {}: {} references", j + 1, mark.0);
        }
        marks
    };
    let n = column.len();
    html! {
        @for &package in members.iter().take(PACKAGE_ROWS) {
            tr class="package" data-parent=(index) {
                th class="rh" scope="row" title=(graph.node(package).name) { (super::layers::truncate_middle(&graph.node(package).name, NAME_CHARS)) }
                (render(&row_cells(n, None, &marks(package), None), max))
            }
        }
        @if members.len() > PACKAGE_ROWS {
            tr class="package" data-parent=(index) {
                th class="rh" { "… " (members.len() - PACKAGE_ROWS) " more packages" }
                td colspan=(n.max(1)) {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_runs_are_one_cell_split_at_the_tangle() {
        let marks = BTreeMap::from([(4, (3, false, String::new()))]);
        let cells = row_cells(8, Some(1), &marks, Some((0, 3)));
        let shape: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Cell::Diagonal => "d".into(),
                Cell::Mark { references, .. } => format!("m{references}"),
                Cell::Empty { span, tangle } => {
                    format!("{}{span}", if *tangle { "t" } else { "e" })
                }
            })
            .collect();
        assert_eq!(shape, ["t1", "d", "t1", "e1", "m3", "e3"]);
    }

    #[test]
    fn counts_fit_a_cell() {
        assert_eq!(short(999), "999");
        assert_eq!(short(1234), "1k");
        assert_eq!(short(45_678), "45k");
    }
}
