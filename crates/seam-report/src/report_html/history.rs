//! The report's history section: change coupling between modules, hidden coupling with the
//! commits that show it, churn hotspots and the knowledge map — as `seam analyze` computes them
//! (seam-history), rendered only. Without a history, the section says why.

use super::change_matrix::change_matrix;
use super::sections::{num, section, table};
use crate::numbers::{percent, thousands};
use maud::{html, Markup};
use seam_history::{ChurnHotspot, CoupledPair, HiddenPair, HistoryAnalysis, ModuleKnowledge};

/// How many rows each ranked history table shows (they are filterable and sortable).
const ROWS: usize = 50;

/// What an empty pair table says.
const NONE: &str = "None above the thresholds.";

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
        (change_matrix(&history.coupling.modules))
        (coupling(history))
        h3 { "Hidden coupling (" (history.hidden.len()) ")" }
        p { "Packages that change together with no static edge either way: copy-paste, shared formats, protocol assumptions. The newest commits that changed both are listed to read." }
        (hidden(history))
        h3 { "Churn hotspots" }
        p { "Revisions (analyzed commits that changed the package) × cyclomatic complexity today; the line shows its complexity at the oldest commit read, a quarter, half and three quarters of the way, and today (hover for the figures)." }
        (churn(history))
        h3 { "Knowledge map" }
        p { "The main author's share of the module's changes, the author count, the bus factor (the fewest authors with more than half of the changes) and whether the main author has been inactive for a year." }
        (knowledge(history))
    };
    section("history", "History", body)
}

/// The items as a table (`row` gives each one's cells, from its rank), or `empty` when there is
/// none.
fn ranked<T>(
    id: &str,
    headers: &[&str],
    items: &[T],
    row: impl Fn(usize, &T) -> Markup,
    empty: &str,
) -> Markup {
    if items.is_empty() {
        return html! { p { (empty) } };
    }
    let rows: Vec<Markup> = items.iter().enumerate().map(|(i, t)| row(i, t)).collect();
    table(id, headers, &rows)
}

/// At most [`ROWS`] of `items`.
fn top<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(ROWS)]
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

fn coupling(history: &HistoryAnalysis) -> Markup {
    let headers = [
        "module",
        "module",
        "shared commits",
        "revisions a",
        "revisions b",
        "degree",
    ];
    let row = |_, p: &CoupledPair| {
        html! {
            td { (p.a) } td { (p.b) } (num(p.shared))
            (num(p.revisions_a)) (num(p.revisions_b))
            td class="n" { (percent(p.degree)) }
        }
    };
    let pairs = top(&history.coupling.modules);
    ranked("change-coupling-table", &headers, pairs, row, NONE)
}

fn hidden(history: &HistoryAnalysis) -> Markup {
    let headers = [
        "package",
        "module",
        "package",
        "module",
        "shared commits",
        "degree",
        "commits",
    ];
    let row = |_, h: &HiddenPair| {
        let commits: Vec<&str> = h.commits.iter().map(|id| short(id)).collect();
        html! {
            td { (h.pair.a) } td { (h.module_a.as_deref().unwrap_or("")) }
            td { (h.pair.b) } td { (h.module_b.as_deref().unwrap_or("")) }
            (num(h.pair.shared))
            td class="n" { (percent(h.pair.degree)) }
            td { code { (commits.join(" ")) } }
        }
    };
    ranked(
        "hidden-coupling-table",
        &headers,
        top(&history.hidden),
        row,
        NONE,
    )
}

fn churn(history: &HistoryAnalysis) -> Markup {
    let headers = [
        "#",
        "package",
        "module",
        "revisions",
        "complexity",
        "complexity over time",
        "code lines",
        "score",
    ];
    let row = |i: usize, h: &ChurnHotspot| {
        html! {
            td class="n" { (i + 1) }
            td { (h.name) } td { (h.module.as_deref().unwrap_or("")) }
            (num(h.revisions)) (num(h.complexity))
            td { (sparkline(h)) }
            (num(h.code_lines)) (num(h.score))
        }
    };
    let empty = "No package changed in an analyzed commit.";
    ranked("churn-table", &headers, top(&history.churn), row, empty)
}

/// A small line of the hotspot's complexity at the sampled commits (gaps where it did not
/// exist), with the figures in its title.
fn sparkline(h: &ChurnHotspot) -> Markup {
    let points = &h.complexity_trend;
    let max = points
        .iter()
        .filter_map(|p| p.complexity)
        .max()
        .unwrap_or(0);
    if points.len() < 2 || max == 0 {
        return html! {};
    }
    let (width, height) = (80.0, 18.0);
    let step = width / (points.len() - 1) as f64;
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let c = f64::from(p.complexity?);
            Some(format!(
                "{:.1},{:.1}",
                i as f64 * step,
                height - 1.0 - c / f64::from(max) * (height - 2.0)
            ))
        })
        .collect();
    let title: Vec<String> = points
        .iter()
        .map(|p| {
            let when = if p.commit == "HEAD" {
                "today".to_string()
            } else {
                seam_history::trend::date(p.time)
            };
            match p.complexity {
                Some(c) => format!("{when}: {c}"),
                None => format!("{when}: not there"),
            }
        })
        .collect();
    let title = format!("complexity of {}: {}", h.name, title.join(", "));
    html! {
        svg class="spark" width="80" height="18" viewBox="0 0 80 18" role="img" aria-label=(title) {
            title { (title) }
            polyline fill="none" stroke="currentColor" stroke-width="1.5" points=(coords.join(" ")) {}
        }
    }
}

/// Every module (not only the top rows: the map is per module).
fn knowledge(history: &HistoryAnalysis) -> Markup {
    let headers = [
        "module",
        "commits",
        "lines changed",
        "authors",
        "main author",
        "share",
        "bus factor",
        "inactive",
    ];
    let row = |_, k: &ModuleKnowledge| {
        html! {
            td { (k.module) } (num(k.commits)) (num(k.lines)) (num(k.authors))
            td { (k.main_author) }
            td class="n" title=(format!("of the {}", crate::history_text::basis_words(k))) { (percent(k.main_share)) }
            (num(k.bus_factor))
            td { @if k.main_author_inactive { "inactive for a year" } }
        }
    };
    let empty = "No module changed in an analyzed commit.";
    html! {
        @if let Some(note) = &history.knowledge_note {
            p class="note" { "Shares count commits: " (note) "." }
        } @else {
            p class="note" { "Shares count the lines each author added and deleted in the module's Perl files." }
        }
        (ranked("knowledge-table", &headers, &history.knowledge, row, empty))
    }
}
