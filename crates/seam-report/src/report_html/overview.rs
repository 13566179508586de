//! The first screen: verdicts in plain words computed from the analysis (the tangle and what
//! breaks it, where coupling concentrates, where to start, shared data, the rules, what seam
//! could not see), the headline figures each explained on hover and linked to the glossary, and
//! the sortable, filterable table of every module.

use super::sections::{num, section};
use super::{module_anchor, Page, ReportMeta};
use crate::check_common::plural;
use crate::glossary::{self, Term};
use crate::numbers::{percent, thousands};
use maud::{html, Markup};
use seam_graph::role::Role;
use seam_graph::{Analysis, HotspotKind};
use seam_rules::CheckReport;
use seam_suggest::Suggestion;
use std::collections::{BTreeMap, BTreeSet};

/// A link to a module's card.
pub(super) fn module_link(name: &str) -> Markup {
    html! { a href={ "#" (module_anchor(name)) } { (name) } }
}

/// Whether a module is tests or vendored code (flagged, and left out of rankings).
pub(super) fn set_aside(analysis: &Analysis) -> BTreeSet<&str> {
    analysis
        .modules
        .iter()
        .filter(|m| matches!(m.role, Role::Tests | Role::Vendored))
        .map(|m| m.name.as_str())
        .collect()
}

/// The id of a glossary entry (`#term-…`).
pub(super) fn term_anchor(term: &str) -> String {
    let slug: String = term
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("term-{}", slug.trim_matches('-'))
}

/// A figure's label, explained on hover by the glossary and linked to its entry.
fn explained(terms: &[Term], label: &str, term: &str) -> Markup {
    match glossary::lookup(terms, term) {
        Some(entry) => html! {
            a class="term" href={ "#" (term_anchor(&entry.term)) } title=(entry.plain) { (label) }
        },
        None => html! { (label) },
    }
}

/// The verdicts, most important first; each one sentence or two, with links to the evidence.
fn verdicts(
    analysis: &Analysis,
    suggestion: Option<&Suggestion>,
    check: Option<&CheckReport>,
) -> Vec<Markup> {
    let s = &analysis.summary;
    let aside = set_aside(analysis);
    let mut verdicts = Vec::new();
    match analysis.module_cycles.first() {
        Some(tangle) => {
            // the glossary's tangle: a quarter of the modules or more, and at least 5
            let word = if tangle.members.len() >= 5 && tangle.members.len() * 4 >= s.modules {
                "one tangle"
            } else {
                "a cycle"
            };
            let references = tangle.cut_references;
            let shown: Vec<&seam_graph::Breaker> = tangle.breakers.iter().take(5).collect();
            verdicts.push(html! {
                b { (tangle.members.len()) " of " (s.modules) " modules form " (word) }
                ": each can reach every other through dependencies, so none can be extracted alone. "
                "Cutting " (plural(tangle.breakers.len(), "module dependency")) " ("
                (plural(references as usize, "reference")) ") breaks it: "
                @for (i, b) in shown.iter().enumerate() {
                    @if i > 0 { ", " }
                    (module_link(&b.from)) " → " (module_link(&b.to)) " (" (b.references) ")"
                }
                @if tangle.breakers.len() > shown.len() {
                    " and " (tangle.breakers.len() - shown.len()) " more"
                }
                " (" a href="#cycles" { "Cycles" } ")."
                @if analysis.module_cycles.len() > 1 {
                    " " (analysis.module_cycles.len() - 1) " other "
                    (if analysis.module_cycles.len() == 2 { "cycle" } else { "cycles" }) " besides."
                }
            });
        }
        None => verdicts.push(html! {
            b { "No cycles between modules" } ": the modules are layered; each can be extracted after what it uses."
        }),
    }
    verdicts.push(html! {
        "A change to a package reaches " b { (percent(s.propagation_cost)) } " of the code on average "
        "through the dependencies (propagation cost; lower means changes stay local)."
    });
    let top = analysis
        .hotspots
        .iter()
        .find(|h| h.kind == HotspotKind::CrossModule && !aside.contains(h.module.as_str()));
    if let Some(top) = top {
        verdicts.push(html! {
            "Coupling across modules concentrates in " b { (top.name) } " (" (module_link(&top.module)) "): "
            (top.numbers.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "))
            " (" a href="#hotspots" { "Hotspots" } ")."
        });
    }
    if let Some(suggestion) = suggestion {
        let first = suggestion.proposal.extraction_order.iter().find(|step| {
            step.kind == seam_suggest::StepKind::Module && !aside.contains(step.module.as_str())
        });
        if let Some(step) = first {
            verdicts.push(html! {
                "Start with " b { (step.module) } ": " (step.reason) " (" a href="#proposal" { "Proposed boundaries" } ")."
            });
        }
    }
    if let Some(data) = &analysis.data {
        let shared: Vec<&str> = data
            .items
            .iter()
            .filter(|i| i.shared_write)
            .map(|i| i.name.as_str())
            .collect();
        if !shared.is_empty() {
            verdicts.push(html! {
                b {
                    (shared.len()) (if shared.len() == 1 { " table or file" } else { " tables or files" })
                    " written by more than one module"
                }
                ": extracting any of those modules needs a data sync ("
                (shared.iter().take(5).copied().collect::<Vec<_>>().join(", "))
                @if shared.len() > 5 { ", …" }
                "; " a href="#data" { "Data" } ")."
            });
        }
    }
    if let Some(check) = check {
        let c = &check.summary;
        verdicts.push(html! {
            @if check.passed { b { "The check passes" } } @else { b { "The check fails" } }
            ": " (plural(c.new, "new violation")) ", " (plural(c.baselined, "baselined violation"))
            " (known debt), " (c.stale) " stale baseline entries (" a href="#rules" { "Rules" } ")."
        });
    }
    let blind_modules = analysis
        .modules
        .iter()
        .filter(|m| m.blind_spots > 0)
        .count();
    if s.blind_spots > 0 || s.files_with_parse_errors > 0 {
        verdicts.push(html! {
            "seam cannot follow " (plural(s.blind_spots as usize, "dynamic reference"))
            " in " (plural(blind_modules, "module"))
            @if s.files_with_parse_errors > 0 {
                " and " (plural(s.files_with_parse_errors, "file")) " did not parse cleanly"
            }
            ": the graph may miss dependencies there (each module card lists them)."
        });
    }
    if !aside.is_empty() {
        verdicts.push(html! {
            (plural(aside.len(), "module")) " hold only tests or vendored code: flagged, and left out of the rankings and the extraction order."
        });
    }
    verdicts
}

/// The first screen.
pub fn overview(
    page: &Page<'_>,
    meta: &ReportMeta,
    suggestion: Option<&Suggestion>,
    check: Option<&CheckReport>,
) -> Markup {
    let analysis = page.analysis;
    let s = &analysis.summary;
    let terms = glossary::terms();
    let figures: Vec<(Markup, String)> = vec![
        (html! { "Code lines" }, thousands(s.code_lines)),
        (
            explained(&terms, "Packages", "package"),
            thousands(s.packages as u64),
        ),
        (
            explained(&terms, "Scripts", "script"),
            thousands(s.scripts as u64),
        ),
        (
            explained(&terms, "Modules", "module"),
            format!("{} ({})", s.modules, crate::numbers::modules_origin(s)),
        ),
        (
            explained(&terms, "Propagation cost", "propagation cost"),
            percent(s.propagation_cost),
        ),
        (
            explained(&terms, "Cycles", "cycle"),
            format!(
                "{} between modules; {} packages in {} package cycles",
                s.module_cycles, s.packages_in_cycles, s.package_cycles
            ),
        ),
        (
            explained(&terms, "Cross-module edges", "internal edges"),
            format!(
                "{} of {} ({} references)",
                thousands(s.cross_module_edges as u64),
                thousands(s.internal_edges as u64),
                thousands(s.cross_module_references)
            ),
        ),
        (
            explained(&terms, "Blind spots", "blind"),
            format!(
                "{}; {} files with parse errors",
                thousands(s.blind_spots),
                s.files_with_parse_errors
            ),
        ),
    ];
    let revision = meta.revision.as_deref().unwrap_or("(not in git)");
    let body = html! {
        ul class="verdicts" {
            @for verdict in verdicts(analysis, suggestion, check) { li { (verdict) } "\n" }
        }
        dl class="figures" {
            @for (label, value) in &figures {
                div { dt { (label) } dd { (value) } }
            }
        }
        p class="meta" {
            (meta.root) " at revision " (revision) ", generated " (meta.generated)
            " by seam " (meta.version) ". Hover a figure for its meaning; the "
            a href="#glossary" { "glossary" } " explains every word."
        }
        h3 { "Every module" }
        (module_table(page, &terms))
    };
    section("summary", "Overview", body)
}

/// Every module with its figures, sortable and filterable; names link to the cards.
fn module_table(page: &Page<'_>, terms: &[Term]) -> Markup {
    let analysis = page.analysis;
    let mut in_cycle: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, cycle) in analysis.module_cycles.iter().enumerate() {
        for member in &cycle.members {
            in_cycle.insert(member, i + 1);
        }
    }
    let owners: BTreeMap<&str, &str> = page
        .check
        .map(|c| {
            c.modules
                .iter()
                .filter_map(|m| Some((m.name.as_str(), m.owner.as_deref()?)))
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<Markup> = analysis
        .modules
        .iter()
        .map(|m| {
            html! {
                td { (module_link(&m.name)) }
                td { (m.role.label()) }
                (num(m.members.len() as u64))
                (num(m.code_lines))
                (num(m.coupling.ca))
                (num(m.coupling.ce))
                td class="n" { (format!("{:.2}", m.coupling.instability)) }
                td class="n" { (percent(m.propagation_cost)) }
                td class="n" { (percent(m.impact)) }
                td {
                    @match in_cycle.get(m.name.as_str()) {
                        Some(1) => "largest",
                        Some(n) => { "cycle " (n) },
                        None => "",
                    }
                }
                (num(m.blind_spots))
                td { (owners.get(m.name.as_str()).copied().unwrap_or("")) }
            }
        })
        .collect();
    let headers = [
        ("module", "module"),
        ("role", "role"),
        ("members", "pkgs"),
        ("code lines", "code lines"),
        ("Ca", "Ca"),
        ("Ce", "Ce"),
        ("I", "I"),
        ("needs", "needs"),
        ("impact", "impact"),
        ("cycle", "cycle"),
        ("blind", "blind"),
        ("owner", "owner"),
    ];
    let explained_headers: Vec<Markup> = headers
        .iter()
        .map(|(label, term)| match glossary::lookup(terms, term) {
            Some(entry) => html! { abbr title=(entry.plain) { (label) } },
            None => html! { (label) },
        })
        .collect();
    super::sections::table_with(
        "module-table",
        &explained_headers,
        &rows,
        "Needs: share of the system its packages reach through dependencies. Impact: share that reaches it (what a change to it can affect). Cycle: the module cycle it is in (largest: the biggest one).",
    )
}

/// The glossary as a section: every term, its meaning, how it is computed, which way is better.
pub fn glossary_section() -> Markup {
    let terms = glossary::terms();
    let mut sections: Vec<(&str, Vec<&Term>)> = Vec::new();
    for term in &terms {
        match sections.last_mut() {
            Some((title, list)) if *title == term.section => list.push(term),
            _ => sections.push((&term.section, vec![term])),
        }
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchor = |term: &str| {
        let base = term_anchor(term);
        let n = used.entry(base.clone()).or_default();
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    };
    let anchors: Vec<Vec<String>> = sections
        .iter()
        .map(|(_, list)| list.iter().map(|t| anchor(&t.term)).collect())
        .collect();
    let body = html! {
        p { "What every figure and word in this report means (the same text as " code { "seam glossary" } ")." }
        details {
            summary { "Show the glossary (" (terms.len()) " terms)" }
            @for ((title, list), ids) in sections.iter().zip(&anchors) {
                h3 { (title) }
                dl class="glossary" {
                    @for (term, id) in list.iter().zip(ids) {
                        div id=(id) {
                            dt { (term.term) }
                            dd { (term.plain) ". " span class="how" { (term.how) } " Better: " (term.better) }
                        }
                    }
                }
            }
        }
    };
    section("glossary", "Glossary", body)
}
