//! `seam analyze --format md`: the overview as Markdown tables that render on GitHub/GitLab.

use crate::numbers::{hotspot_kind, percent, thousands, TOP};
use seam_graph::{top_hotspots, Analysis, Cycle, Location};
use std::fmt::Write;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    crate::escape::markdown_text(text)
}

/// An edge as a table cell: `from → to (N refs, file:line)`, every part escaped.
fn edge_cell(from: &str, to: &str, references: u32, locations: &[Location]) -> String {
    let at = locations.first().map(|l| l.to_string()).unwrap_or_default();
    format!(
        "{} → {} ({references} refs, {})",
        cell(from),
        cell(to),
        cell(&at)
    )
}

/// Renders the overview.
pub fn analyze_markdown(analysis: &Analysis, root: &str) -> String {
    let mut out = String::new();
    let s = &analysis.summary;
    let _ = writeln!(out, "# seam analyze: {}\n", cell(root));
    let _ = writeln!(out, "| | |\n|---|---|");
    let rows = [
        (
            "files",
            format!(
                "{} ({} in the graph)",
                thousands(s.files as u64),
                thousands(s.files_in_graph as u64)
            ),
        ),
        (
            "lines / code lines",
            format!("{} / {}", thousands(s.lines), thousands(s.code_lines)),
        ),
        (
            "packages / scripts / subs",
            format!("{} / {} / {}", s.packages, s.scripts, thousands(s.subs)),
        ),
        (
            "modules",
            format!("{} ({})", s.modules, crate::numbers::modules_origin(s)),
        ),
        (
            "internal edges / cross-module",
            format!(
                "{} / {} ({} references)",
                s.internal_edges,
                s.cross_module_edges,
                thousands(s.cross_module_references)
            ),
        ),
        ("external modules", s.external_modules.to_string()),
        ("propagation cost", percent(s.propagation_cost)),
        (
            "cycles (packages / modules)",
            format!(
                "{} ({} packages) / {}",
                s.package_cycles, s.packages_in_cycles, s.module_cycles
            ),
        ),
        ("blind spots", s.blind_spots.to_string()),
        (
            "files with parse errors",
            s.files_with_parse_errors.to_string(),
        ),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "| {name} | {value} |");
    }

    let _ = writeln!(out, "\n## Modules\n\n| module | packages | code lines | Ca | Ce | instability | reach | blind spots |\n|---|---|---|---|---|---|---|---|");
    let mut modules: Vec<_> = analysis.modules.iter().collect();
    modules.sort_by(|a, b| {
        b.code_lines
            .cmp(&a.code_lines)
            .then_with(|| a.name.cmp(&b.name))
    });
    for m in modules {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.2} | {} | {} |",
            cell(&m.name),
            m.members.len(),
            thousands(u64::from(m.code_lines)),
            m.coupling.ca,
            m.coupling.ce,
            m.coupling.instability,
            percent(m.propagation_cost),
            m.blind_spots
        );
    }

    let _ = writeln!(out, "\n## Top hotspots\n\n| # | package | kind | score | numbers | heaviest edge |\n|---|---|---|---|---|---|");
    for (rank, h) in top_hotspots(&analysis.hotspots, TOP)
        .into_iter()
        .enumerate()
    {
        let kind = hotspot_kind(h.kind);
        let numbers: Vec<String> = h.numbers.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let edge = h
            .top_edges
            .first()
            .map(|e| edge_cell(&e.from, &e.to, e.references, &e.locations))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {kind} | {} | {} | {edge} |",
            rank + 1,
            cell(&h.name),
            thousands(h.score),
            numbers.join(", ")
        );
    }
    cycles_markdown(&mut out, "Module cycles", &analysis.module_cycles);
    cycles_markdown(&mut out, "Package cycles", &analysis.package_cycles);
    out.push_str(&crate::data_text::data_markdown(analysis.data.as_ref()));
    out
}

fn cycles_markdown(out: &mut String, title: &str, cycles: &[Cycle]) {
    let _ = writeln!(out, "\n## {title} ({})\n", cycles.len());
    if cycles.is_empty() {
        let _ = writeln!(out, "None.");
        return;
    }
    let _ = writeln!(out, "| # | members | cheapest cut |\n|---|---|---|");
    for (i, cycle) in cycles.iter().take(TOP).enumerate() {
        let members: Vec<String> = cycle.members.iter().take(8).map(|m| cell(m)).collect();
        let more = if cycle.members.len() > 8 {
            format!(" … ({} in all)", cycle.members.len())
        } else {
            String::new()
        };
        let cut: Vec<String> = cycle
            .breakers
            .iter()
            .take(5)
            .map(|b| edge_cell(&b.from, &b.to, b.references, &b.locations))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {}{more} | {} |",
            i + 1,
            members.join(", "),
            cut.join("<br>")
        );
    }
}
