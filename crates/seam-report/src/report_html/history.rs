//! The report's history section: change coupling between modules, hidden coupling with the
//! commits that show it, churn hotspots and the knowledge map — as `seam analyze` computes them
//! (seam-history), rendered only. Without a history, the section says why.

use super::sections::{num, section, table};
use crate::numbers::{percent, thousands};
use maud::{html, Markup};
use seam_history::HistoryAnalysis;

/// How many rows each history table shows (they are filterable and sortable).
const ROWS: usize = 50;

/// The history section, or a note on why there is none.
pub fn history(history: Option<&HistoryAnalysis>, note: Option<&str>) -> Markup {
    let Some(history) = history else {
        let body = html! {
            p class="note" {
                "No history: " (note.unwrap_or("not read."))
            }
        };
        return section("history", "History", body);
    };
    let c = &history.commits;
    let o = &history.options;
    let body = html! {
        p {
            (thousands(c.read as u64)) " commits read to " code { (short(&history.head)) }
            ", " (thousands(c.analyzed as u64)) " analyzed (set aside: " (c.large)
            " with over " (o.max_files_per_commit) " files, " (c.tests_or_docs_only)
            " tests or docs only, " (c.outside_the_graph) " outside the graph); "
            (c.authors) " authors. Pairs changed together in at least " (o.min_shared)
            " commits, each side in at least " (o.min_revs) ", with a degree (shared ÷ mean revisions) of at least "
            (percent(o.min_degree)) "."
        }
        h3 { "Change coupling between modules (" (history.coupling.modules.len()) ")" }
        (coupling(history))
        h3 { "Hidden coupling (" (history.hidden.len()) ")" }
        p { "Packages that change together with no static edge either way: copy-paste, shared formats, protocol assumptions. The newest commits that changed both are listed to read." }
        (hidden(history))
        h3 { "Churn hotspots" }
        p { "Revisions (analyzed commits that changed the package) × cyclomatic complexity today." }
        (churn(history))
        h3 { "Knowledge map" }
        p { "By commits: the main author's share, the author count, the bus factor (the fewest authors with more than half of the module's commits) and whether the main author has been inactive for a year." }
        (knowledge(history))
    };
    section("history", "History", body)
}

/// The table, or `empty` when it has no row.
fn table_or(id: &str, headers: &[&str], rows: &[Markup], empty: &str) -> Markup {
    if rows.is_empty() {
        html! { p { (empty) } }
    } else {
        table(id, headers, rows)
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

fn coupling(history: &HistoryAnalysis) -> Markup {
    let rows: Vec<Markup> = history
        .coupling
        .modules
        .iter()
        .take(ROWS)
        .map(|p| {
            html! {
                td { (p.a) } td { (p.b) } (num(p.shared))
                (num(p.revisions_a)) (num(p.revisions_b))
                td class="n" { (percent(p.degree)) }
            }
        })
        .collect();
    table_or(
        "change-coupling-table",
        &[
            "module",
            "module",
            "shared commits",
            "revisions a",
            "revisions b",
            "degree",
        ],
        &rows,
        "None above the thresholds.",
    )
}

fn hidden(history: &HistoryAnalysis) -> Markup {
    let rows: Vec<Markup> = history
        .hidden
        .iter()
        .take(ROWS)
        .map(|h| {
            let commits: Vec<&str> = h.commits.iter().map(|id| short(id)).collect();
            html! {
                td { (h.pair.a) } td { (h.module_a.as_deref().unwrap_or("")) }
                td { (h.pair.b) } td { (h.module_b.as_deref().unwrap_or("")) }
                (num(h.pair.shared))
                td class="n" { (percent(h.pair.degree)) }
                td { code { (commits.join(" ")) } }
            }
        })
        .collect();
    table_or(
        "hidden-coupling-table",
        &[
            "package",
            "module",
            "package",
            "module",
            "shared commits",
            "degree",
            "commits",
        ],
        &rows,
        "None above the thresholds.",
    )
}

fn churn(history: &HistoryAnalysis) -> Markup {
    let rows: Vec<Markup> = history
        .churn
        .iter()
        .take(ROWS)
        .enumerate()
        .map(|(i, h)| {
            html! {
                td class="n" { (i + 1) }
                td { (h.name) } td { (h.module.as_deref().unwrap_or("")) }
                (num(h.revisions)) (num(h.complexity)) (num(h.code_lines)) (num(h.score))
            }
        })
        .collect();
    table_or(
        "churn-table",
        &[
            "#",
            "package",
            "module",
            "revisions",
            "complexity",
            "code lines",
            "score",
        ],
        &rows,
        "No package changed in an analyzed commit.",
    )
}

fn knowledge(history: &HistoryAnalysis) -> Markup {
    let rows: Vec<Markup> = history
        .knowledge
        .iter()
        .map(|k| {
            html! {
                td { (k.module) } (num(k.commits)) (num(k.authors))
                td { (k.main_author) }
                td class="n" { (percent(k.main_share)) }
                (num(k.bus_factor))
                td { @if k.main_author_inactive { "inactive for a year" } }
            }
        })
        .collect();
    table_or(
        "knowledge-table",
        &[
            "module",
            "commits",
            "authors",
            "main author",
            "share",
            "bus factor",
            "inactive",
        ],
        &rows,
        "No module changed in an analyzed commit.",
    )
}
