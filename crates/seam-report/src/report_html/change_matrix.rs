//! The module-level change coupling as a matrix: the modules of the strongest pairs on both
//! axes, each cell the commits the two changed together, shaded by the degree of coupling.
//! Rendered from `HistoryAnalysis::coupling.modules` only.

use crate::numbers::percent;
use maud::{html, Markup};
use seam_history::CoupledPair;
use std::collections::BTreeMap;

/// How many modules the matrix shows at most (the ranked table below it lists every pair).
const MODULES: usize = 20;

/// The matrix, or nothing when fewer than two modules are coupled.
pub(super) fn change_matrix(pairs: &[CoupledPair]) -> Markup {
    // modules by the commits they share with others, most first
    let mut weight: BTreeMap<&str, u32> = BTreeMap::new();
    for p in pairs {
        *weight.entry(&p.a).or_default() += p.shared;
        *weight.entry(&p.b).or_default() += p.shared;
    }
    let mut modules: Vec<(&str, u32)> = weight.into_iter().collect();
    modules.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    let left_out = modules.len().saturating_sub(MODULES);
    modules.truncate(MODULES);
    if modules.len() < 2 {
        return html! {};
    }
    let cell: BTreeMap<(&str, &str), &CoupledPair> = pairs
        .iter()
        .flat_map(|p| {
            [
                ((p.a.as_str(), p.b.as_str()), p),
                ((p.b.as_str(), p.a.as_str()), p),
            ]
        })
        .collect();
    html! {
        p class="note" {
            "Each cell: commits that changed both modules; the darker, the higher the degree (shared ÷ mean revisions: "
            span class="swatch l1" {} " 30–50%, " span class="swatch l3" {} " 50–70%, "
            span class="swatch l5" {} " 70% and more). Numbered columns follow the rows."
            @if left_out > 0 { " " (left_out) " more coupled modules are in the table below." }
        }
        div class="scroll" {
            table class="dsm change-matrix" aria-label="Change coupling between modules" {
                thead {
                    tr {
                        th scope="col" { "module" }
                        @for (i, (name, _)) in modules.iter().enumerate() {
                            th class="col" scope="col" title=(name) { (i + 1) }
                        }
                    }
                }
                tbody {
                    @for (i, (row, _)) in modules.iter().enumerate() {
                        tr {
                            th scope="row" { (i + 1) " " (row) }
                            @for (j, (column, _)) in modules.iter().enumerate() {
                                @if i == j {
                                    td class="diag" {}
                                } @else if let Some(p) = cell.get(&(*row, *column)) {
                                    td class=(format!("co {}", level(p.degree)))
                                        title=(format!("{row} ~ {column}: {} shared commits, degree {}", p.shared, percent(p.degree))) {
                                        (p.shared)
                                    }
                                } @else {
                                    td {}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The shade of a degree (pairs start at the 30% threshold by default).
fn level(degree: f64) -> &'static str {
    match degree {
        d if d >= 0.7 => "l5",
        d if d >= 0.5 => "l3",
        _ => "l1",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str, shared: u32, degree: f64) -> CoupledPair {
        CoupledPair {
            a: a.into(),
            b: b.into(),
            shared,
            revisions_a: 10,
            revisions_b: 10,
            degree,
        }
    }

    #[test]
    fn both_triangles_hold_each_pair_and_the_busiest_module_comes_first() {
        let html = change_matrix(&[pair("A", "B", 7, 0.8), pair("B", "C", 5, 0.4)]).into_string();
        assert!(
            html.find("1 B").unwrap() < html.find("2 A").unwrap(),
            "{html}"
        );
        assert_eq!(html.matches("degree 80.0%").count(), 2, "{html}");
        assert_eq!(html.matches("class=\"co l1\"").count(), 2);
        assert!(change_matrix(&[]).into_string().is_empty());
    }
}
