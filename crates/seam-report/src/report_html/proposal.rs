//! The proposed boundaries in the order an architect reads them: the verdict and the extraction
//! order first, then the modules (with their roles), then what the proposal changes — whole
//! namespaces merged, and the few real relocations grouped per destination module, each with
//! the references that pulled it.

use super::sections::{num, section, table};
use super::Page;
use crate::check_common::plural;
use maud::{html, Markup};
use seam_suggest::{Move, Suggestion};
use std::collections::BTreeMap;

/// The proposal section.
pub fn proposal(page: &Page<'_>, suggestion: &Suggestion) -> Markup {
    let proposal = &suggestion.proposal;
    let comparison = &proposal.comparison;
    let granularities: Vec<String> = suggestion
        .granularities
        .iter()
        .map(|g| plural(g.modules, "module"))
        .collect();
    let stable = if granularities.is_empty() {
        "no granularity is stable over a range of resolutions".to_string()
    } else {
        format!(
            "granularities stable over a range of resolutions: {}",
            granularities.join(", ")
        )
    };
    let omnipresent = &suggestion.graph.omnipresent;
    let rows: Vec<Markup> = proposal
        .modules
        .iter()
        .map(|m| {
            html! {
                td { (m.name) }
                td { (m.role.label()) }
                (num(m.packages.len() as u64))
                (num(m.code_lines))
                td class="n" { (format!("{:.2}", m.cohesion)) }
                td class="n" { (format!("{:.2}", m.stability)) }
                (num(m.cut_cost.dependents as u64))
                (num(m.cut_cost.api.len() as u64))
                td { (m.members.join(", ")) }
                td { (m.templates.join(", ")) }
            }
        })
        .collect();
    let mut moves_to: BTreeMap<&str, Vec<&Move>> = BTreeMap::new();
    for step in &proposal.moves {
        moves_to.entry(step.to.as_str()).or_default().push(step);
    }
    let body = html! {
        p {
            b { (plural(proposal.modules.len(), "module")) " proposed" } " from the coupling (" (stable) "). "
            "Agreement with today's " (suggestion.reference) " (MoJoFM, 100% = the same grouping): "
            b { (format!("{:.1}%", comparison.mojo_fm)) } "; a random grouping of the same sizes scores "
            (format!("{:.1}%", comparison.random.mojo_fm)) ". Adjusted Rand index "
            (format!("{:.3}", comparison.ari)) " (1 = the same, 0 = chance)."
            @if !omnipresent.is_empty() {
                " Used almost everywhere, set aside as the shared kernel: " (omnipresent.join(", ")) "."
            }
        }
        h3 { "Extraction order" }
        @if proposal.extraction_order.is_empty() {
            p { "No application module to extract." }
        } @else {
            p { "Least entangled modules worth a step of their own first (strangler fig), the small modules grouped after them, the shared kernel last; tests and vendored code are not in it." }
            ol class="order" {
                @for step in &proposal.extraction_order {
                    li {
                        b { (step.module) } ": " (step.reason)
                        @if step.kind == seam_suggest::StepKind::SmallModules {
                            " (" (step.modules.join(", ")) ")"
                        }
                    }
                }
            }
        }
        h3 { "Modules" }
        (table(
            "proposal-table",
            &["module", "role", "packages", "code lines", "cohesion", "stability", "used by", "API subs", "members", "templates"],
            &rows,
        ))
        p class="legend" {
            "Cohesion: share of its packages' coupling that stays inside (higher is better). Stability: how often the module comes out the same across seeds (1 = always). Used by: modules that would call it after extraction. API subs: subs they call."
        }
        @if !proposal.merges.is_empty() {
            h3 { "Namespaces that would join another module (" (proposal.merges.len()) ")" }
            ul class="merges" {
                @for merge in &proposal.merges {
                    li { b { (merge.namespace) } ": " (merge.packages) " of its " (merge.of) " packages → " (merge.into) }
                }
            }
        }
        @if !proposal.moves.is_empty() {
            h3 { "Packages pulled away from their namespace (" (proposal.moves.len()) ")" }
            p { "The real relocations: a package the proposal places away from most of its siblings, grouped by the module it would join, with the references that pull it." }
            @for (to, steps) in &moves_to {
                details class="moves" {
                    summary { b { (to) } " would take " (plural(steps.len(), "package")) }
                    ul class="moves" {
                        @for step in steps {
                            li {
                                b { (step.package) } " from " (step.from)
                                " (stability " (format!("{:.2}", step.stability)) ")"
                                br;
                                @for (k, p) in step.pulled_by.iter().enumerate() {
                                    @if k > 0 { br; }
                                    (p.direction) " " (p.package) " (" (p.kinds) ") "
                                    @if let Some(l) = &p.location {
                                        (page.source_link(&l.file, l.line))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    section("proposal", "Proposed boundaries", body)
}
