//! `seam analyze --format text`: an overview an architect can read in one screen.

use crate::escape::visible;
use crate::numbers::{hotspot_kind, percent, thousands, TOP};
use crate::width::{cell, fit, inline_list, legend, more_line};
use seam_graph::{Analysis, Cycle, Hotspot, HotspotKind};

use std::fmt::Write;

/// Hotspots shown per ranking.
const HOTSPOTS_SHOWN: usize = 3;

/// Breaking edges shown per cycle.
const BREAKERS_SHOWN: usize = 5;

/// Renders the overview, every line within [`WIDTH`](crate::WIDTH) columns.
pub fn analyze_text(analysis: &Analysis, root: &str) -> String {
    fit(&overview(analysis, root))
}

fn overview(analysis: &Analysis, root: &str) -> String {
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
        "  {:<32} {:>5} {:>7} {:>4} {:>4} {:>6} {:>7} {:>7} {:>5}",
        "module", "pkgs", "code", "Ca", "Ce", "I", "needs", "impact", "blind"
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
            "  {} {:>5} {:>7} {:>4} {:>4} {:>6.2} {:>7} {:>7} {:>5}",
            cell(&visible(&module.name), 32),
            module.members.len(),
            thousands(u64::from(module.code_lines)),
            module.coupling.ca,
            module.coupling.ce,
            module.coupling.instability,
            percent(module.propagation_cost),
            percent(module.impact),
            module.blind_spots
        );
    }
    more_line(&mut out, "  ", modules.len(), 2 * TOP);
    legend(
        &mut out,
        "  ",
        "pkgs packages and scripts; code code lines; Ca modules using it; Ce modules it uses; \
         I = Ce/(Ca+Ce), 0 only used, 1 only using; needs: share of all packages its packages \
         depend on (what it needs); impact: share that depends on it, itself included (what a \
         change can affect); blind: dynamic references seam cannot follow. Lower is better for \
         Ce, needs, impact and blind",
    );

    let _ = writeln!(
        out,
        "\nTop hotspots, by ranking (each ranking has its own score; --format json lists {} each)",
        seam_graph::HOTSPOTS_PER_KIND
    );
    for &kind in HotspotKind::all() {
        let ranked: Vec<&Hotspot> = analysis
            .hotspots
            .iter()
            .filter(|h| h.kind == kind)
            .collect();
        if ranked.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  {} — score: {}; {}",
            hotspot_kind(kind),
            kind.score_formula(),
            kind.meaning()
        );
        for (rank, hotspot) in ranked.iter().take(HOTSPOTS_SHOWN).enumerate() {
            hotspot_text(&mut out, rank + 1, hotspot);
        }
        more_line(&mut out, "       ", ranked.len(), HOTSPOTS_SHOWN);
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
            "  {} {}",
            cell(&visible(&package.name), 60),
            package.node.blind_spots
        );
    }
    more_line(&mut out, "  ", blind.len(), TOP);
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
        more_line(&mut out, "  ", off_path.len(), TOP);
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
    let _ = writeln!(
        out,
        "  {rank:>3}. {} score {} ({})",
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
        let members: Vec<String> = cycle
            .members
            .iter()
            .map(|m| visible(m).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "{}",
            inline_list(&format!("  {:>2}. ", i + 1), &members, 6)
        );
        let _ = writeln!(
            out,
            "      cut {} edge(s), weight {}:",
            cycle.breakers.len(),
            cycle.cut_weight
        );
        for breaker in cycle.breakers.iter().take(BREAKERS_SHOWN) {
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
        more_line(out, "        ", cycle.breakers.len(), BREAKERS_SHOWN);
    }
    more_line(out, "  ", cycles.len(), TOP);
}
