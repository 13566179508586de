//! `seam analyze --format text`: an overview an architect can read in one screen.

use crate::escape::visible;
use crate::numbers::{hotspot_kind, percent, thousands, TOP};
use seam_graph::{top_hotspots, Analysis, Cycle, Hotspot};
use std::fmt::Write;

/// Renders the overview.
pub fn analyze_text(analysis: &Analysis, root: &str) -> String {
    let mut out = String::new();
    let s = &analysis.summary;
    let _ = writeln!(out, "seam analyze {}", visible(root));
    let _ = writeln!(
        out,
        "  size      {} files ({} in the graph), {} lines, {} code lines, {} subs",
        thousands(s.files as u64),
        thousands(s.files_in_graph as u64),
        thousands(s.lines),
        thousands(s.code_lines),
        thousands(s.subs)
    );
    let _ = writeln!(
        out,
        "  structure {} packages, {} scripts, {} modules ({}), {} external modules",
        s.packages,
        s.scripts,
        s.modules,
        crate::numbers::modules_origin(s),
        s.external_modules
    );
    let _ = writeln!(
        out,
        "  coupling  {} internal edges, {} of them across modules ({} references); propagation cost {}",
        s.internal_edges,
        s.cross_module_edges,
        thousands(s.cross_module_references),
        percent(s.propagation_cost)
    );
    let _ = writeln!(
        out,
        "  cycles    {} between packages ({} packages in them), {} between modules",
        s.package_cycles, s.packages_in_cycles, s.module_cycles
    );
    let _ = writeln!(
        out,
        "  blind     {} dynamic references the graph cannot follow; {} files with parse errors",
        s.blind_spots, s.files_with_parse_errors
    );

    let _ = writeln!(out, "\nModules (largest first)");
    let _ = writeln!(
        out,
        "  {:<32} {:>5} {:>7} {:>4} {:>4} {:>6} {:>7} {:>5}",
        "module", "pkgs", "code", "Ca", "Ce", "I", "reach", "blind"
    );
    let mut modules: Vec<_> = analysis.modules.iter().collect();
    modules.sort_by(|a, b| {
        b.code_lines
            .cmp(&a.code_lines)
            .then_with(|| a.name.cmp(&b.name))
    });
    for module in modules.iter().take(2 * TOP) {
        let _ = writeln!(
            out,
            "  {:<32} {:>5} {:>7} {:>4} {:>4} {:>6.2} {:>7} {:>5}",
            visible(&module.name),
            module.members.len(),
            thousands(u64::from(module.code_lines)),
            module.coupling.ca,
            module.coupling.ce,
            module.coupling.instability,
            percent(module.propagation_cost),
            module.blind_spots
        );
    }
    if modules.len() > 2 * TOP {
        let _ = writeln!(
            out,
            "  ... {} more (--format json lists all)",
            modules.len() - 2 * TOP
        );
    }

    let _ = writeln!(out, "\nTop hotspots");
    for (rank, hotspot) in top_hotspots(&analysis.hotspots, TOP)
        .into_iter()
        .enumerate()
    {
        hotspot_text(&mut out, rank + 1, hotspot);
    }
    if analysis.hotspots.is_empty() {
        let _ = writeln!(out, "  none");
    }

    cycles_text(&mut out, "Module cycles", &analysis.module_cycles);
    cycles_text(&mut out, "Package cycles", &analysis.package_cycles);

    let mut blind: Vec<_> = analysis
        .packages
        .iter()
        .filter(|p| p.node.blind_spots > 0)
        .collect();
    blind.sort_by(|a, b| {
        b.node
            .blind_spots
            .cmp(&a.node.blind_spots)
            .then_with(|| a.name.cmp(&b.name))
    });
    let _ = writeln!(
        out,
        "\nBlind spots (dynamic code the graph cannot see through)"
    );
    if blind.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for package in blind.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {:<48} {}",
            visible(&package.name),
            package.node.blind_spots
        );
    }
    let off_path = &analysis.resolution.packages_off_their_path;
    if !off_path.is_empty() {
        let _ = writeln!(
            out,
            "\nPackages not at their library path ({}; `use` cannot find them alone)",
            off_path.len()
        );
        for (name, files) in off_path.iter().take(TOP) {
            let _ = writeln!(out, "  {}: {}", visible(name), visible(&files.join(", ")));
        }
    }
    if !analysis.resolution.duplicate_packages.is_empty() {
        let _ = writeln!(out, "\nPackages declared in several files");
        for (name, files) in &analysis.resolution.duplicate_packages {
            let _ = writeln!(out, "  {}: {}", visible(name), visible(&files.join(", ")));
        }
    }
    out.push_str(&crate::data_text::data_text(analysis.data.as_ref()));
    out
}

fn hotspot_text(out: &mut String, rank: usize, hotspot: &Hotspot) {
    let numbers: Vec<String> = hotspot
        .numbers
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let kind = hotspot_kind(hotspot.kind);
    let _ = writeln!(
        out,
        "  {rank:>2}. {} [{kind}] score {} ({})",
        visible(&hotspot.name),
        thousands(hotspot.score),
        numbers.join(", ")
    );
    for edge in &hotspot.top_edges {
        let at = edge
            .locations
            .first()
            .map(|l| l.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      {} -> {}  {} refs  {}",
            visible(&edge.from),
            visible(&edge.to),
            edge.references,
            visible(&at)
        );
    }
}

fn cycles_text(out: &mut String, title: &str, cycles: &[Cycle]) {
    let _ = writeln!(out, "\n{title} ({})", cycles.len());
    if cycles.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (i, cycle) in cycles.iter().take(TOP).enumerate() {
        let members = if cycle.members.len() <= 6 {
            cycle.members.join(", ")
        } else {
            format!(
                "{}, ... ({} in all)",
                cycle.members[..5].join(", "),
                cycle.members.len()
            )
        };
        let _ = writeln!(out, "  {:>2}. {}", i + 1, visible(&members));
        let _ = writeln!(
            out,
            "      cut {} edge(s), weight {}:",
            cycle.breakers.len(),
            cycle.cut_weight
        );
        for breaker in cycle.breakers.iter().take(5) {
            let at = breaker
                .locations
                .iter()
                .take(2)
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "        {} -> {}  {} refs  {}",
                visible(&breaker.from),
                visible(&breaker.to),
                breaker.references,
                visible(&at)
            );
        }
    }
}
