//! The report's sections, each a `<section>` with an id the navigation links to.

use super::{dsm, esc, map, Page, ReportMeta};
use crate::check_common::plural;
use crate::numbers::{hotspot_kind, percent, thousands};
use seam_rules::{CheckReport, Status};
use seam_suggest::Suggestion;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Links to the sections present.
pub fn navigation(proposal: bool, rules: bool) -> String {
    let mut links = vec![
        ("summary", "Summary"),
        ("map", "Module map"),
        ("dsm", "Matrix"),
        ("hotspots", "Hotspots"),
        ("cycles", "Cycles"),
    ];
    if proposal {
        links.push(("proposal", "Proposed boundaries"));
    }
    if rules {
        links.push(("rules", "Rules"));
    }
    links.push(("modules", "Modules"));
    links
        .iter()
        .map(|(id, label)| format!("<a href=\"#{id}\">{label}</a>"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn section(id: &str, title: &str, body: &str) -> String {
    format!("<section id=\"{id}\">\n<h2>{title}</h2>\n{body}\n</section>\n")
}

/// A sortable, filterable table.
fn table(id: &str, headers: &[&str], rows: &[String]) -> String {
    let mut out = format!(
        "<input type=\"search\" class=\"filter\" data-table=\"{id}\" placeholder=\"Filter\" aria-label=\"Filter table\">\n<div class=\"scroll\"><table class=\"sortable\" id=\"{id}\"><thead><tr>"
    );
    for header in headers {
        let _ = write!(out, "<th>{header}</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        let _ = writeln!(out, "<tr>{row}</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

fn or_none(text: String) -> String {
    if text.is_empty() {
        "none".into()
    } else {
        text
    }
}

fn num(n: impl Into<u64>) -> String {
    format!("<td class=\"n\">{}</td>", thousands(n.into()))
}

/// Size, coupling, cycles, blind spots, and where and when.
pub fn summary(
    page: &Page<'_>,
    meta: &ReportMeta,
    suggestion: Option<&Suggestion>,
    check: Option<&CheckReport>,
) -> String {
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
    let mut body = String::from("<dl class=\"figures\">");
    for (label, value) in figures {
        let _ = write!(body, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(&value));
    }
    body.push_str("</dl>");
    let _ = write!(
        body,
        "<p class=\"meta\">{} at revision {}, generated {} by seam {}.</p>",
        esc(&meta.root),
        esc(meta.revision.as_deref().unwrap_or("(not in git)")),
        esc(&meta.generated),
        esc(&meta.version)
    );
    section("summary", "Summary", &body)
}

pub fn module_map(page: &Page<'_>) -> String {
    let (svg, note) = map::module_map(page.analysis);
    let mut body = String::from(
        "<p>Modules and their dependencies; an arrow's width grows with the coupling (log scale).</p>",
    );
    if !note.is_empty() {
        let _ = write!(body, "<p class=\"note\">{}</p>", esc(&note));
    }
    if svg.is_empty() {
        body.push_str("<p>No module graph to draw.</p>");
    } else {
        let _ = write!(body, "<div class=\"map scroll\">{svg}</div>");
    }
    section("map", "Module map", &body)
}

pub fn dsm(page: &Page<'_>) -> String {
    let body = format!(
        "<p>Row uses column (reference counts). Modules are in dependency order, users first: marks above the diagonal follow the layering, <span class=\"key up\">marks below</span> go against it, and <span class=\"key cyc\">cycles</span> are blocks on the diagonal.<span class=\"js-only\"> Click a module to see its packages.</span></p>{}",
        dsm::matrix(page)
    );
    section("dsm", "Dependency structure matrix", &body)
}

pub fn hotspots(page: &Page<'_>) -> String {
    let rows: Vec<String> = page
        .analysis
        .hotspots
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let numbers: Vec<String> = h.numbers.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let edge = h
                .top_edges
                .first()
                .map(|e| {
                    let at = e
                        .locations
                        .first()
                        .map(|l| page.source_link(&l.file, l.line))
                        .unwrap_or_default();
                    format!(
                        "{} → {} ({} refs) {at}",
                        esc(&e.from),
                        esc(&e.to),
                        e.references
                    )
                })
                .unwrap_or_default();
            format!(
                "<td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{edge}</td>",
                i + 1,
                hotspot_kind(h.kind),
                esc(&h.name),
                esc(&h.module),
                num(h.score),
                esc(&numbers.join(", "))
            )
        })
        .collect();
    let body =
        format!(
        "<p>Where the coupling concentrates, four rankings (see <code>seam analyze</code>).</p>{}",
        table(
            "hotspot-table",
            &["#", "kind", "package", "module", "score", "numbers", "heaviest edge"],
            &rows
        )
    );
    section("hotspots", "Hotspots", &body)
}

pub fn cycles(page: &Page<'_>) -> String {
    let analysis = page.analysis;
    let mut body = String::new();
    for (title, cycles) in [
        ("Between modules", &analysis.module_cycles),
        ("Between packages", &analysis.package_cycles),
    ] {
        let _ = write!(body, "<h3>{title} ({})</h3>", cycles.len());
        if cycles.is_empty() {
            body.push_str("<p>None.</p>");
            continue;
        }
        body.push_str("<ol class=\"cycles\">");
        for cycle in cycles.iter().take(20) {
            let _ = write!(
                body,
                "<li><p>{}</p><p>Cheapest to cut ({} edges, weight {}):</p><ul>",
                esc(&cycle.members.join(", ")),
                cycle.breakers.len(),
                cycle.cut_weight
            );
            for breaker in &cycle.breakers {
                let at: Vec<String> = breaker
                    .locations
                    .iter()
                    .take(3)
                    .map(|l| page.source_link(&l.file, l.line))
                    .collect();
                let _ = write!(
                    body,
                    "<li>{} → {} ({} refs): {}</li>",
                    esc(&breaker.from),
                    esc(&breaker.to),
                    breaker.references,
                    at.join(", ")
                );
            }
            body.push_str("</ul></li>");
        }
        body.push_str("</ol>");
        if cycles.len() > 20 {
            let _ = write!(
                body,
                "<p class=\"note\">… and {} more.</p>",
                cycles.len() - 20
            );
        }
    }
    section("cycles", "Cycles", &body)
}

pub fn proposal(page: &Page<'_>, suggestion: &Suggestion) -> String {
    let proposal = &suggestion.proposal;
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
    let omnipresent = if suggestion.graph.omnipresent.is_empty() {
        String::new()
    } else {
        format!(
            " Omnipresent packages set aside as shared: {}.",
            esc(&suggestion.graph.omnipresent.join(", "))
        )
    };
    let mut body = format!(
        "<p>{} proposed from the coupling at resolution {} ({stable}). Against {}: MoJoFM {:.1}%, ARI {:.3}; chance scores {:.1}%, {:.3}.{omnipresent}</p>",
        plural(proposal.modules.len(), "module"),
        proposal.resolution,
        esc(&suggestion.reference),
        proposal.comparison.mojo_fm,
        proposal.comparison.ari,
        proposal.comparison.random.mojo_fm,
        proposal.comparison.random.ari,
    );
    let rows: Vec<String> = proposal
        .modules
        .iter()
        .map(|m| {
            format!(
                "<td>{}</td>{}{}<td class=\"n\">{:.2}</td><td class=\"n\">{:.2}</td>{}{}<td>{}</td>",
                esc(&m.name),
                num(m.packages.len() as u64),
                num(m.code_lines),
                m.cohesion,
                m.stability,
                num(m.cut_cost.dependents as u64),
                num(m.cut_cost.api.len() as u64),
                esc(&m.members.join(", "))
            )
        })
        .collect();
    body.push_str(&table(
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
    ));
    if !proposal.moves.is_empty() {
        let _ = write!(
            body,
            "<h3>Packages that would move ({})</h3><ul class=\"moves\">",
            proposal.moves.len()
        );
        for step in &proposal.moves {
            let pulls: Vec<String> = step
                .pulled_by
                .iter()
                .map(|p| {
                    let at = p
                        .location
                        .as_ref()
                        .map(|l| page.source_link(&l.file, l.line))
                        .unwrap_or_default();
                    format!(
                        "{} {} ({}) {at}",
                        esc(&p.direction),
                        esc(&p.package),
                        esc(&p.kinds)
                    )
                })
                .collect();
            let _ = write!(
                body,
                "<li><b>{}</b>: {} → {} (stability {:.2})<br>{}</li>",
                esc(&step.package),
                esc(&step.from),
                esc(&step.to),
                step.stability,
                pulls.join("<br>")
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("<h3>Extraction order</h3><ol>");
    for step in &proposal.extraction_order {
        let _ = write!(
            body,
            "<li><b>{}</b>: {}</li>",
            esc(&step.module),
            esc(&step.reason)
        );
    }
    body.push_str("</ol>");
    section("proposal", "Proposed boundaries", &body)
}

pub fn rules(page: &Page<'_>, check: &CheckReport) -> String {
    let summary = &check.summary;
    let mut body =
        format!(
        "<p>{}: {} new, {} baselined, {} suppressed, {} stale baseline entries, {} warnings.</p>",
        if check.passed { "The check passes" } else { "The check fails" },
        summary.new,
        summary.baselined,
        summary.suppressed,
        summary.stale,
        summary.warnings
    );
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for finding in &check.findings {
        let entry = by_rule.entry(finding.rule.name()).or_default();
        match finding.status {
            Status::New => entry.0 += 1,
            _ => entry.1 += 1,
        }
    }
    let rows: Vec<String> = by_rule
        .iter()
        .map(|(rule, (new, old))| {
            format!("<td>{rule}</td>{}{}", num(*new as u64), num(*old as u64))
        })
        .collect();
    body.push_str(&table(
        "rules-table",
        &["rule", "new", "baselined or suppressed"],
        &rows,
    ));
    let shown: Vec<String> = check
        .findings
        .iter()
        .filter(|f| f.status == Status::New)
        .take(200)
        .map(|f| {
            format!(
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                f.rule.name(),
                page.source_link(&f.file, f.line),
                esc(&f.message),
                esc(&f.fix)
            )
        })
        .collect();
    if !shown.is_empty() {
        body.push_str("<h3>New findings</h3>");
        body.push_str(&table(
            "findings-table",
            &["rule", "where", "what", "fix"],
            &shown,
        ));
    }
    section("rules", "Rules and baseline", &body)
}

/// Per module: members, what others use of it (its de facto interface), what it needs, blind spots.
pub fn modules(page: &Page<'_>) -> String {
    let mut body = String::from("<p>What each module offers others (the subs and packages used from outside: its de facto interface), what it needs, and where the analysis is blind.</p>");
    for module in &page.analysis.modules {
        let members: BTreeSet<&str> = module.members.iter().map(String::as_str).collect();
        let (offered, needed) = (&module.offers, &module.needs);
        let _ = write!(
            body,
            "<details class=\"module\"><summary><b>{}</b> — {}, {} code lines, {}</summary><p><b>Members:</b> {}</p><p><b>Offers</b> ({}): {}</p><p><b>Needs</b>: {}</p></details>",
            esc(&module.name),
            plural(members.len(), "member"),
            thousands(u64::from(module.code_lines)),
            plural(module.blind_spots as usize, "blind spot"),
            esc(&members.iter().copied().collect::<Vec<_>>().join(", ")),
            offered.len(),
            or_none(esc(&offered.iter().take(40).map(|u| format!("{} ×{}", u.name, u.count)).collect::<Vec<_>>().join(", "))),
            or_none(esc(&needed.iter().map(|u| format!("{} ({})", u.name, u.count)).collect::<Vec<_>>().join(", ")))
        );
    }
    section("modules", "Modules", &body)
}
