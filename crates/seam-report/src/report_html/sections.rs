//! The report's sections, each a `<section>` with an id the navigation links to. Every value
//! spliced into `html!` is escaped by maud; the one `PreEscaped` is the module map's SVG.

use super::{dsm, map, Page};
use crate::check_common::plural;
use crate::numbers::thousands;
use maud::{html, Markup, PreEscaped};

/// Links to the sections present (history always: it says why when there is none).
pub fn navigation(proposal: bool, rules: bool, trend: bool) -> Markup {
    let mut links = vec![("summary", "Overview")];
    if proposal {
        links.push(("proposal", "Proposed boundaries"));
    }
    links.extend([
        ("map", "Module map"),
        ("dsm", "Matrix"),
        ("hotspots", "Hotspots"),
        ("cycles", "Cycles"),
        ("data", "Data"),
    ]);
    if rules {
        links.push(("rules", "Rules"));
    }
    links.push(("history", "History"));
    if trend {
        links.push(("trend", "Trend"));
    }
    links.push(("modules", "Modules"));
    links.push(("glossary", "Glossary"));
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
    let headers: Vec<Markup> = headers.iter().map(|h| html! { (h) }).collect();
    table_with(id, &headers, rows, "")
}

/// [`table`] with headers of any markup and a legend line under it (none when empty). Each
/// header is a button (keyboard-reachable sorting); the filter says how many rows it shows.
pub(super) fn table_with(id: &str, headers: &[Markup], rows: &[Markup], legend: &str) -> Markup {
    html! {
        div class="table-tools" {
            input type="search" class="filter" data-table=(id) placeholder="Filter rows" aria-label="Filter table rows";
            " " span class="count" data-count-of=(id) aria-live="polite" { (rows.len()) " rows" }
        }
        "\n"
        div class="scroll" {
            table class="sortable" id=(id) {
                thead { tr { @for header in headers { th scope="col" { button type="button" class="sort" { (header) } } } } }
                tbody {
                    "\n"
                    @for row in rows { tr { (row) } "\n" }
                }
            }
        }
        @if !legend.is_empty() { p class="legend" { (legend) } }
    }
}

pub(super) fn num(n: impl Into<u64>) -> Markup {
    html! { td class="n" { (thousands(n.into())) } }
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
                                "Cheapest to cut (" (plural(cycle.breakers.len(), "dependency")) ", weight "
                                (cycle.cut_weight) "):"
                            }
                            ul {
                                @for breaker in &cycle.breakers {
                                    li {
                                        (breaker.from) " → " (breaker.to) " ("
                                        (plural(breaker.references as usize, "reference")) "): "
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
