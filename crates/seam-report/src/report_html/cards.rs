//! One card per module, each with its own anchor ([`super::module_anchor`]) that every mention
//! of the module links to: what it offers and who uses each (its de facto interface with its
//! consumers), what it needs and how (inheritance and package variables across the boundary
//! called out), its cycles, its blind spots with file:line, what seam.toml says of it (owner,
//! layer, public API, rule status), its data, and who knows it (history).

use super::overview::module_link;
use super::sections::section;
use super::Page;
use crate::check_common::plural;
use crate::numbers::{percent, thousands};
use maud::{html, Markup};
use seam_graph::role::Role;
use seam_graph::{EdgeKind, ModuleReport, NodeKind};
use seam_history::HistoryAnalysis;
use seam_rules::{RuleId, Status};
use std::collections::BTreeMap;

/// Most offered symbols and blind spots listed on a card (the JSON has them all).
const LISTED: usize = 40;

/// A module's tables and data files: those it alone writes (it owns them), writes with other
/// modules, and only reads; "not analysed" without a data layer.
fn data_footprint(page: &Page<'_>, module: &str) -> Markup {
    let Some(data) = &page.analysis.data else {
        return html! { "not analysed" };
    };
    let Some(footprint) = data.modules.iter().find(|f| f.module == module) else {
        return html! { "no table or data file used" };
    };
    let parts = [
        ("owns (only writer)", &footprint.owns),
        ("writes with other modules", &footprint.shares),
        ("reads", &footprint.reads),
    ];
    html! {
        @for (i, (what, items)) in parts.iter().filter(|(_, items)| !items.is_empty()).enumerate() {
            @if i > 0 { "; " }
            (what) " " (items.join(", "))
        }
        @if footprint.blind_spots > 0 {
            "; " (plural(footprint.blind_spots as usize, "table name")) " held by a variable"
        }
        " (" a href="#data" { "Data" } ")"
    }
}

/// How this module depends on each module it needs: references by kind, and the symbols,
/// inheritance and package variables called out (they bind hardest).
fn needs_by_kind(page: &Page<'_>, module: &ModuleReport) -> Vec<Markup> {
    let graph = &page.analysis.module_graph;
    let Some(from) = graph.index_of(&module.name) else {
        return Vec::new();
    };
    let mut out: Vec<(u32, Markup)> = graph
        .out_edges(from)
        .filter(|(to, _)| graph.node(*to).kind != NodeKind::External)
        .map(|(to, stats)| {
            let kinds: Vec<String> = stats
                .kinds
                .iter()
                .map(|(k, n)| format!("{} {n}", k.name()))
                .collect();
            let binding = stats.kinds.contains_key(&EdgeKind::Parent)
                || stats.kinds.contains_key(&EdgeKind::Variable);
            let symbols: Vec<&str> = stats.symbols.iter().take(8).map(String::as_str).collect();
            let markup = html! {
                (module_link(&graph.node(to).name)) ": " (stats.references) " references ("
                (kinds.join(", ")) ")"
                @if binding { " " span class="flag" { "inheritance or package variables" } }
                @if !symbols.is_empty() {
                    " — " code { (symbols.join(", ")) }
                    @if stats.symbols.len() > symbols.len() { " …" }
                }
            };
            (stats.references, markup)
        })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    out.into_iter().map(|(_, m)| m).collect()
}

/// What seam.toml declares of the module, and how it fares under the rules.
fn declared(page: &Page<'_>, module: &str) -> Markup {
    let Some(check) = page.check else {
        return html! { p { b { "seam.toml" } ": none (" code { "seam init" } " writes one)." } };
    };
    let Some(declared) = check.modules.iter().find(|m| m.name == module) else {
        return html! { p { b { "seam.toml" } ": not a declared module." } };
    };
    let mut new = 0;
    let mut baselined = 0;
    for f in check.findings.iter().filter(|f| f.from_module == module) {
        match f.status {
            Status::New => new += 1,
            Status::Baselined => baselined += 1,
            Status::Suppressed => {}
        }
    }
    let private: Vec<&seam_rules::Finding> = check
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::Private && f.to_module == module)
        .collect();
    html! {
        p {
            b { "Owner" } ": " (declared.owner.as_deref().unwrap_or("not declared"))
            @if let Some(layer) = &declared.layer { "; " b { "layer" } ": " (layer) }
            @if let Some(deps) = &declared.depends_on {
                "; " b { "may use" } ": " @if deps.is_empty() { "nothing" } @else { (deps.join(", ")) }
            }
            @if let Some(description) = &declared.description { br; (description) }
        }
        p {
            b { "Public API" } ": "
            @if declared.public.is_empty() { "every package (no " code { "public" } " list)" }
            @else { code { (declared.public.join(", ")) } }
            "; " b { "rules" } ": " (plural(new, "new violation")) ", " (baselined) " baselined"
            " (" a href="#rules" { "Rules" } ")."
        }
        @if !private.is_empty() {
            p {
                b { "Private code used from outside" } " (" (private.len()) "): "
                @for (i, f) in private.iter().take(10).enumerate() {
                    @if i > 0 { ", " }
                    code { (f.to) @if let Some(s) = &f.symbol { "::" (s) } } " from " (f.from) " "
                    (page.source_link(&f.file, f.line))
                }
                @if private.len() > 10 { " … and " (private.len() - 10) " more" }
            }
        }
    }
}

/// Who knows the module, from the history, when read.
fn knowledge(history: Option<&HistoryAnalysis>, module: &str) -> Option<Markup> {
    let k = history?.knowledge.iter().find(|k| k.module == module)?;
    Some(html! {
        p {
            b { "History" } ": " (plural(k.commits as usize, "commit")) " by "
            (plural(k.authors as usize, "author")) "; " (k.main_author) " made "
            (percent(k.main_share)) "; bus factor " (k.bus_factor) "."
        }
    })
}

/// The cards, in module order, test and vendored modules flagged.
pub fn modules(page: &Page<'_>, history: Option<&HistoryAnalysis>) -> Markup {
    let analysis = page.analysis;
    let mut cycles_of: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, cycle) in analysis.module_cycles.iter().enumerate() {
        for member in &cycle.members {
            cycles_of.entry(member).or_default().push(i);
        }
    }
    let body = html! {
        p { "Per module: what it offers others and who uses each (its de facto interface), what it needs and how, its cycles, where seam is blind, what seam.toml says, its data. A module's name anywhere in the report links here." }
        @for module in &analysis.modules {
            @let needs = needs_by_kind(page, module);
            details class="module" id=(super::module_anchor(&module.name)) {
                summary {
                    b { (module.name) }
                    @if matches!(module.role, Role::Tests | Role::Vendored | Role::SharedKernel) {
                        " " span class="flag" { (module.role.label()) }
                    }
                    " — " (plural(module.members.len(), "member")) ", "
                    (thousands(u64::from(module.code_lines))) " code lines, Ca "
                    (module.coupling.ca) ", Ce " (module.coupling.ce) ", "
                    (plural(module.blind_spots as usize, "blind spot"))
                }
                (declared(page, &module.name))
                p { b { "Members" } ": " (module.members.join(", ")) }
                h4 { "Offers (" (module.offers.len()) ")" }
                @if module.offers.is_empty() {
                    p { "Nothing: no other module uses it." }
                } @else {
                    table class="offers" {
                        thead { tr { th { "sub or package" } th { "references" } th { "used by" } } }
                        tbody {
                            @for used in module.offers.iter().take(LISTED) {
                                tr {
                                    td { code { (used.name) } }
                                    td class="n" { (used.count) }
                                    td {
                                        @for (i, by) in used.by.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            (module_link(by))
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if module.offers.len() > LISTED {
                        p class="note" { "… and " (module.offers.len() - LISTED) " more (" code { "seam analyze --format json" } " lists all)." }
                    }
                }
                h4 { "Needs (" (needs.len()) ")" }
                @if needs.is_empty() { p { "No other module." } }
                @else { ul { @for need in &needs { li { (need) } } } }
                @if let Some(cycles) = cycles_of.get(module.name.as_str()) {
                    p {
                        b { "Cycles" } ": "
                        @for (k, &i) in cycles.iter().enumerate() {
                            @if k > 0 { "; " }
                            @let cycle = &analysis.module_cycles[i];
                            (if i == 0 { "the largest cycle" } else { "a cycle" }) " of " (cycle.members.len()) " modules"
                        }
                        " (" a href="#cycles" { "Cycles" } ")."
                    }
                }
                h4 { "Blind spots (" (module.blind_spots) ")" }
                @if module.blind_spot_sites.is_empty() {
                    p { "None: every reference was resolved." }
                } @else {
                    ul class="sites" {
                        @for site in module.blind_spot_sites.iter().take(LISTED) {
                            li { (page.source_link(&site.location.file, site.location.line)) " " code { (site.what) } }
                        }
                    }
                    @if module.blind_spot_sites.len() > LISTED {
                        p class="note" { "… and " (module.blind_spots as usize - LISTED) " more." }
                    }
                }
                p { b { "Data" } ": " (data_footprint(page, &module.name)) }
                @if let Some(k) = knowledge(history, &module.name) { (k) }
            }
            "\n"
        }
    };
    section("modules", "Modules", body)
}
