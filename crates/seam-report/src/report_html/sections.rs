//! The report's sections, each a `<section>` with an id the navigation links to. Every value
//! spliced into `html!` is escaped by maud; the one `PreEscaped` is the module map's SVG.

use super::{dsm, map, Page, ReportMeta};
use crate::check_common::plural;
use crate::numbers::{hotspot_kind, percent, thousands};
use maud::{html, Markup, PreEscaped};
use seam_rules::{CheckReport, Status};
use seam_suggest::Suggestion;
use std::collections::{BTreeMap, BTreeSet};

/// Links to the sections present (history always: it says why when there is none).
pub fn navigation(proposal: bool, rules: bool, trend: bool) -> Markup {
    let mut links = vec![
        ("summary", "Summary"),
        ("map", "Module map"),
        ("dsm", "Matrix"),
        ("hotspots", "Hotspots"),
        ("cycles", "Cycles"),
        ("data", "Data"),
    ];
    if proposal {
        links.push(("proposal", "Proposed boundaries"));
    }
    if rules {
        links.push(("rules", "Rules"));
    }
    links.push(("history", "History"));
    if trend {
        links.push(("trend", "Trend"));
    }
    links.push(("modules", "Modules"));
    html! {
        @for (i, (id, label)) in links.iter().enumerate() {
            @if i > 0 { " " }
            a href={ "#" (id) } { (label) }
        }
    }
}

pub(super) fn section(id: &str, title: &str, body: Markup) -> Markup {
    html! {
        section id=(id) { "\n" h2 { (title) } "\n" (body) "\n" }
        "\n"
    }
}

/// A sortable, filterable table; each row is the markup of its cells.
pub(super) fn table(id: &str, headers: &[&str], rows: &[Markup]) -> Markup {
    html! {
        input type="search" class="filter" data-table=(id) placeholder="Filter" aria-label="Filter table";
        "\n"
        div class="scroll" {
            table class="sortable" id=(id) {
                thead { tr { @for header in headers { th { (header) } } } }
                tbody {
                    "\n"
                    @for row in rows { tr { (row) } "\n" }
                }
            }
        }
    }
}

fn or_none(text: String) -> String {
    if text.is_empty() {
        "none".into()
    } else {
        text
    }
}

pub(super) fn num(n: impl Into<u64>) -> Markup {
    html! { td class="n" { (thousands(n.into())) } }
}

/// Size, coupling, cycles, blind spots, and where and when.
pub fn summary(
    page: &Page<'_>,
    meta: &ReportMeta,
    suggestion: Option<&Suggestion>,
    check: Option<&CheckReport>,
) -> Markup {
    let s = &page.analysis.summary;
    let mut figures = vec![
        ("Files", thousands(s.files as u64)),
        ("Code lines", thousands(s.code_lines)),
        ("Packages", thousands(s.packages as u64)),
        ("Scripts", thousands(s.scripts as u64)),
        (
            "Modules",
            format!("{} ({})", s.modules, crate::numbers::modules_origin(s)),
        ),
        (
            "Cross-module edges",
            format!(
                "{} of {} ({} references)",
                thousands(s.cross_module_edges as u64),
                thousands(s.internal_edges as u64),
                thousands(s.cross_module_references)
            ),
        ),
        ("Propagation cost", percent(s.propagation_cost)),
        (
            "Cycles",
            format!(
                "{} between modules, {} between packages ({} packages)",
                s.module_cycles, s.package_cycles, s.packages_in_cycles
            ),
        ),
        (
            "Blind spots",
            format!(
                "{} dynamic references; {} files with parse errors",
                thousands(s.blind_spots),
                s.files_with_parse_errors
            ),
        ),
    ];
    if let Some(suggestion) = suggestion {
        figures.push((
            "Proposed modules",
            format!(
                "{} (MoJoFM {:.1}% against {})",
                suggestion.proposal.modules.len(),
                suggestion.proposal.comparison.mojo_fm,
                suggestion.reference
            ),
        ));
    }
    if let Some(check) = check {
        figures.push((
            "Rules",
            format!(
                "{} new violations, {} baselined, {} stale",
                check.summary.new, check.summary.baselined, check.summary.stale
            ),
        ));
    }
    let revision = meta.revision.as_deref().unwrap_or("(not in git)");
    let body = html! {
        dl class="figures" {
            @for (label, value) in &figures {
                div { dt { (label) } dd { (value) } }
            }
        }
        p class="meta" {
            (meta.root) " at revision " (revision) ", generated " (meta.generated)
            " by seam " (meta.version) "."
        }
    };
    section("summary", "Summary", body)
}

/// The module map (an SVG drawn by layout-rs) and a note on what it leaves out.
pub fn module_map(page: &Page<'_>) -> Markup {
    let map = map::module_map(page);
    let body = html! {
        p {
            "Every module in layers: each uses only modules to its right, except inside a tangle (a cycle of modules, one box; click it for its members). "
            "An arrow's width grows with the references (log scale). Click a module to open its card."
            span class="js-only" { " Drag to pan, wheel or + / − to zoom; hover a module to see its arrows." }
        }
        p class="map-key" {
            span class="key plain" { "dependency" }
            span class="key cycle" { "inside a tangle" }
            span class="key cut" { "to cut to break the tangle" }
            @if page.check.is_some() {
                span class="key rule" { "breaks a seam.toml rule (dashed)" }
            }
        }
        @if map.svg.is_empty() {
            p { "No module graph to draw." }
        } @else {
            (map_view("map", &map.svg))
        }
        @for tangle in &map.tangles {
            details class="tangle" id=(tangle.id) {
                summary {
                    (tangle.id.replace("tangle-", "Tangle ")) ": " (tangle.modules) " modules; cutting "
                    (tangle.cut_references) " reference" @if tangle.cut_references != 1 { "s" }
                    " (" (tangle.cut_pairs) " module pair" @if tangle.cut_pairs != 1 { "s" } ", drawn leftwards) breaks it"
                }
                (map_view(&tangle.id, &tangle.svg))
            }
        }
    };
    section("map", "Module map", body)
}

/// A map's SVG with its zoom controls (map.js makes them work; without it the SVG scrolls).
fn map_view(id: &str, svg: &str) -> Markup {
    html! {
        div class="mapview" data-map=(id) {
            div class="map-tools js-only" role="toolbar" aria-label="Zoom" {
                button type="button" data-zoom="in" aria-label="Zoom in" { "+" }
                button type="button" data-zoom="out" aria-label="Zoom out" { "−" }
                button type="button" data-zoom="reset" { "Fit" }
            }
            // Safe unescaped: layers.rs escapes every text and attribute value it writes (module
            // names, titles, links); the rest is numbers and our own markup.
            div class="canvas" tabindex="0" aria-label="Map: arrow keys pan, + and − zoom, 0 fits" { (PreEscaped(svg)) }
        }
    }
}

/// The dependency structure matrix, with the key to its marks.
pub fn dsm(page: &Page<'_>) -> Markup {
    let body = html! {
        p {
            "Row uses column (reference counts; hover a mark for the full count). Every module, by layer, users first; inside each tangle in the order that needs the fewest cuts. Marks above the diagonal follow the layering; "
            span class="key cyc" { "tangles" }
            " are blocks on the diagonal, and the "
            span class="key cut" { "marks below the diagonal" }
            " are exactly the references to cut to break them."
            span class="js-only" { " Click a module to see its packages." }
        }
        (dsm::matrix(page))
    };
    section("dsm", "Dependency structure matrix", body)
}

/// The four hotspot rankings in one table.
pub fn hotspots(page: &Page<'_>) -> Markup {
    let rows: Vec<Markup> = page
        .analysis
        .hotspots
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let numbers: Vec<String> = h.numbers.iter().map(|(k, v)| format!("{k} {v}")).collect();
            html! {
                td class="n" { (i + 1) }
                td { (hotspot_kind(h.kind)) }
                td { (h.name) }
                td { (h.module) }
                (num(h.score))
                td { (numbers.join(", ")) }
                td {
                    @if let Some(e) = h.top_edges.first() {
                        (e.from) " → " (e.to) " (" (e.references) " refs) "
                        @if let Some(l) = e.locations.first() {
                            (page.source_link(&l.file, l.line))
                        }
                    }
                }
            }
        })
        .collect();
    let body = html! {
        p { "Where the coupling concentrates, four rankings (see " code { "seam analyze" } ")." }
        (table(
            "hotspot-table",
            &["#", "kind", "package", "module", "score", "numbers", "heaviest edge"],
            &rows
        ))
    };
    section("hotspots", "Hotspots", body)
}

/// Cycles between modules and between packages, with the cheapest edges to cut.
pub fn cycles(page: &Page<'_>) -> Markup {
    let analysis = page.analysis;
    let body = html! {
        @for (title, cycles) in [
            ("Between modules", &analysis.module_cycles),
            ("Between packages", &analysis.package_cycles),
        ] {
            h3 { (title) " (" (cycles.len()) ")" }
            @if cycles.is_empty() {
                p { "None." }
            } @else {
                ol class="cycles" {
                    @for cycle in cycles.iter().take(20) {
                        li {
                            p { (cycle.members.join(", ")) }
                            p {
                                "Cheapest to cut (" (cycle.breakers.len()) " edges, weight "
                                (cycle.cut_weight) "):"
                            }
                            ul {
                                @for breaker in &cycle.breakers {
                                    li {
                                        (breaker.from) " → " (breaker.to) " ("
                                        (breaker.references) " refs): "
                                        @for (k, l) in breaker.locations.iter().take(3).enumerate() {
                                            @if k > 0 { ", " }
                                            (page.source_link(&l.file, l.line))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if cycles.len() > 20 {
                    p class="note" { "… and " (cycles.len() - 20) " more." }
                }
            }
        }
    };
    section("cycles", "Cycles", body)
}

/// The proposed modules, the packages that would move and the extraction order.
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
        format!("stable granularities: {}", granularities.join(", "))
    };
    let omnipresent = &suggestion.graph.omnipresent;
    let rows: Vec<Markup> = proposal
        .modules
        .iter()
        .map(|m| {
            html! {
                td { (m.name) }
                (num(m.packages.len() as u64))
                (num(m.code_lines))
                td class="n" { (format!("{:.2}", m.cohesion)) }
                td class="n" { (format!("{:.2}", m.stability)) }
                (num(m.cut_cost.dependents as u64))
                (num(m.cut_cost.api.len() as u64))
                td { (m.members.join(", ")) }
            }
        })
        .collect();
    let body = html! {
        p {
            (plural(proposal.modules.len(), "module")) " proposed from the coupling at resolution "
            (proposal.resolution) " (" (stable) "). Against " (suggestion.reference) ": MoJoFM "
            (format!("{:.1}", comparison.mojo_fm)) "%, ARI " (format!("{:.3}", comparison.ari))
            "; chance scores " (format!("{:.1}", comparison.random.mojo_fm)) "%, "
            (format!("{:.3}", comparison.random.ari)) "."
            @if !omnipresent.is_empty() {
                " Omnipresent packages set aside as shared: " (omnipresent.join(", ")) "."
            }
        }
        (table(
            "proposal-table",
            &[
                "module",
                "packages",
                "code lines",
                "cohesion",
                "stability",
                "used by",
                "API subs",
                "members",
            ],
            &rows,
        ))
        @if !proposal.moves.is_empty() {
            h3 { "Packages that would move (" (proposal.moves.len()) ")" }
            ul class="moves" {
                @for step in &proposal.moves {
                    li {
                        b { (step.package) } ": " (step.from) " → " (step.to)
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
        h3 { "Extraction order" }
        ol {
            @for step in &proposal.extraction_order {
                li { b { (step.module) } ": " (step.reason) }
            }
        }
    };
    section("proposal", "Proposed boundaries", body)
}

/// The check against seam.toml: counts per rule and the new findings.
pub fn rules(page: &Page<'_>, check: &CheckReport) -> Markup {
    let summary = &check.summary;
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for finding in &check.findings {
        let entry = by_rule.entry(finding.rule.name()).or_default();
        match finding.status {
            Status::New => entry.0 += 1,
            _ => entry.1 += 1,
        }
    }
    let rows: Vec<Markup> = by_rule
        .iter()
        .map(|(rule, (new, old))| {
            html! { td { (rule) } (num(*new as u64)) (num(*old as u64)) }
        })
        .collect();
    let shown: Vec<Markup> = check
        .findings
        .iter()
        .filter(|f| f.status == Status::New)
        .take(200)
        .map(|f| {
            html! {
                td { (f.rule.name()) }
                td { (page.source_link(&f.file, f.line)) }
                td { (f.message) }
                td { (f.fix) }
            }
        })
        .collect();
    let verdict = if check.passed {
        "The check passes"
    } else {
        "The check fails"
    };
    let body = html! {
        p {
            (verdict) ": " (summary.new) " new, " (summary.baselined) " baselined, "
            (summary.suppressed) " suppressed, " (summary.stale) " stale baseline entries, "
            (summary.warnings) " warnings."
        }
        (table("rules-table", &["rule", "new", "baselined or suppressed"], &rows))
        @if !shown.is_empty() {
            h3 { "New findings" }
            (table("findings-table", &["rule", "where", "what", "fix"], &shown))
        }
    };
    section("rules", "Rules and baseline", body)
}

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

/// Per module: members, what others use of it (its de facto interface), what it needs, blind spots.
pub fn modules(page: &Page<'_>) -> Markup {
    let body = html! {
        p { "What each module offers others (the subs and packages used from outside: its de facto interface), what it needs, and where the analysis is blind." }
        @for module in &page.analysis.modules {
            @let members: BTreeSet<&str> = module.members.iter().map(String::as_str).collect();
            @let offered: Vec<String> = module.offers.iter().take(40).map(|u| format!("{} ×{}", u.name, u.count)).collect();
            @let needed: Vec<String> = module.needs.iter().map(|u| format!("{} ({})", u.name, u.count)).collect();
            details class="module" id=(super::module_anchor(&module.name)) {
                summary {
                    b { (module.name) } " — " (plural(members.len(), "member")) ", "
                    (thousands(u64::from(module.code_lines))) " code lines, "
                    (plural(module.blind_spots as usize, "blind spot"))
                }
                p { b { "Members:" } " " (members.iter().copied().collect::<Vec<_>>().join(", ")) }
                p { b { "Offers" } " (" (module.offers.len()) "): " (or_none(offered.join(", "))) }
                p { b { "Needs" } ": " (or_none(needed.join(", "))) }
                p { b { "Data" } ": " (data_footprint(page, &module.name)) }
            }
        }
    };
    section("modules", "Modules", body)
}
