//! Hotspots: one tab per ranking (scores of different rankings are not comparable), each with
//! what its score is and why a high one matters; the rank is the package's place in its ranking
//! (as `seam analyze` prints it). Tests and vendored code are flagged.

use super::overview::{module_link, set_aside};
use super::sections::{num, section, table};
use super::Page;
use crate::check_common::plural;
use crate::numbers::hotspot_kind;
use maud::{html, Markup};
use seam_graph::HotspotKind;

/// The hotspots section (churn, from the history, has its own place in History).
pub fn hotspots(page: &Page<'_>) -> Markup {
    let analysis = page.analysis;
    let aside = set_aside(analysis);
    let kinds: Vec<HotspotKind> = HotspotKind::all()
        .iter()
        .copied()
        .filter(|&k| analysis.hotspots.iter().any(|h| h.kind == k))
        .collect();
    let body = html! {
        p { "Where the coupling concentrates, one ranking per tab (the same as " code { "seam analyze" } "). Scores compare only within a ranking." }
        @if kinds.is_empty() {
            p { "No hotspots: no package stands out." }
        } @else {
            div class="tabs" role="tablist" aria-label="Hotspot rankings" {
                @for (i, kind) in kinds.iter().enumerate() {
                    button type="button" role="tab" id={ "tab-" (hotspot_kind(*kind)) }
                        aria-controls={ "panel-" (hotspot_kind(*kind)) }
                        aria-selected=(if i == 0 { "true" } else { "false" }) { (hotspot_kind(*kind).replace('_', " ")) }
                }
            }
            @for kind in &kinds {
                @let name = hotspot_kind(*kind);
                @let rows: Vec<Markup> = analysis.hotspots.iter().filter(|h| h.kind == *kind).enumerate().map(|(i, h)| {
                    let numbers: Vec<String> = h.numbers.iter().map(|(k, v)| format!("{k} {v}")).collect();
                    html! {
                        td class="n" { (i + 1) }
                        td { (h.name) @if aside.contains(h.module.as_str()) { " " span class="flag" { "tests or vendored" } } }
                        td { (module_link(&h.module)) }
                        (num(h.score))
                        td { (numbers.join(", ")) }
                        td {
                            @if let Some(e) = h.top_edges.first() {
                                (e.from) " → " (e.to) " (" (plural(e.references as usize, "reference")) ") "
                                @if let Some(l) = e.locations.first() {
                                    (page.source_link(&l.file, l.line))
                                }
                            }
                        }
                    }
                }).collect();
                div class="tab-panel" role="tabpanel" id={ "panel-" (name) } aria-labelledby={ "tab-" (name) } {
                    h3 { (name.replace('_', " ")) }
                    p { "Score: " b { (kind.score_formula()) } ". A high score: " (kind.meaning()) "." }
                    (table(&format!("hotspots-{name}"), &["rank", "package", "module", "score", "numbers", "heaviest edge"], &rows))
                }
            }
        }
    };
    section("hotspots", "Hotspots", body)
}
