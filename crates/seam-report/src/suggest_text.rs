//! `seam suggest` for a terminal: the profile, the proposal, its cost, moves and order.

use crate::check_common::plural;
use crate::escape::visible;
use crate::numbers::{percent, share, thousands, TOP};
use crate::width::{cell, fit, inline_list, legend, more, more_line};
use seam_suggest::role::Role;
use seam_suggest::{Proposal, ProposedModule, StepKind, Suggestion};
use std::fmt::Write;

/// The suggestion as text, every line within [`WIDTH`](crate::WIDTH) columns.
pub fn suggest_text(suggestion: &Suggestion, root: &str) -> String {
    fit(&text(suggestion, root))
}

fn text(suggestion: &Suggestion, root: &str) -> String {
    let mut out = format!("seam suggest {}\n", visible(root));
    overview(&mut out, suggestion);
    let proposal = &suggestion.proposal;
    modules(&mut out, proposal);
    merges(&mut out, proposal);
    moves(&mut out, proposal);
    ambiguous(&mut out, proposal);
    order(&mut out, proposal);
    out
}

fn overview(out: &mut String, suggestion: &Suggestion) {
    let graph = &suggestion.graph;
    let proposal = &suggestion.proposal;
    let weights: Vec<String> = graph
        .kind_weights
        .iter()
        .filter(|(_, w)| *w != 1.0)
        .map(|(k, w)| format!("{} {w}", k.name()))
        .collect();
    let _ = writeln!(
        out,
        "  graph      {} ({} isolated), {}; weights {}, other kinds 1",
        plural(graph.packages, "package"),
        thousands(graph.isolated as u64),
        plural(graph.edges, "coupled pair"),
        weights.join(", ")
    );
    if !graph.omnipresent.is_empty() {
        let _ = writeln!(
            out,
            "  shared     {} (used by a quarter or more of the packages: set aside as one module)",
            visible(&graph.omnipresent.join(", "))
        );
    }
    for note in &suggestion.notes {
        let _ = writeln!(out, "  note       {}", visible(note));
    }
    if suggestion.granularities.is_empty() {
        let _ = writeln!(
            out,
            "  stable granularities: none (the partition changes at every step of the {}-point resolution sweep)",
            suggestion.profile.len()
        );
    } else {
        let _ = writeln!(
            out,
            "  stable granularities (resolution sweep of {} points):",
            suggestion.profile.len()
        );
    }
    for granularity in &suggestion.granularities {
        let marker = if granularity.resolution == proposal.resolution {
            "*"
        } else {
            " "
        };
        let _ = writeln!(
            out,
            "           {marker} {:>11} at resolution {} (stable from {} to {}, {}){}",
            plural(granularity.modules, "module"),
            granularity.resolution,
            granularity.from,
            granularity.to,
            plural(granularity.points, "point"),
            granularity
                .seeds
                .as_ref()
                .map(|s| format!("; across {}", seeds(s)))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "  seeds      base seed {} (--seed); at the detailed resolution, across {}; the proposal is their consensus",
        graph.seed,
        seeds(&suggestion.stability)
    );
    let sizes: Vec<String> = proposal
        .sizes
        .iter()
        .take(12)
        .map(|s| s.to_string())
        .collect();
    let singles = proposal.sizes.iter().filter(|&&s| s == 1).count();
    let _ = writeln!(
        out,
        "  proposal   {}{} at resolution {}; sizes {}{}; the largest holds {} of the packages",
        plural(proposal.modules.len(), "module"),
        if singles > 0 {
            format!(" ({singles} of one package)")
        } else {
            String::new()
        },
        proposal.resolution,
        sizes.join(" "),
        if proposal.sizes.len() > 12 {
            format!(" {}", more(proposal.sizes.len() - 12))
        } else {
            String::new()
        },
        percent(proposal.largest_share)
    );
    quality(out, suggestion);
    let comparison = &proposal.comparison;
    let _ = writeln!(
        out,
        "  vs {}: MoJoFM {:.1}%, ARI {:.3} (how alike: 100% and 1 = the same modules); chance \
         (same sizes): MoJoFM {:.1}%, ARI {:.3}",
        visible(&suggestion.reference),
        comparison.mojo_fm,
        comparison.ari,
        comparison.random.mojo_fm,
        comparison.random.ari
    );
    for split in &comparison.namespaces {
        let _ = writeln!(
            out,
            "  vs namespaces at depth {} ({}): MoJoFM {:.1}%, ARI {:.3}; chance {:.1}%, {:.3}; the split itself: TurboMQ {:.2}, ICP {:.3}",
            split.depth,
            crate::check_common::plural(split.modules, "module"),
            split.proposal.mojo_fm,
            split.proposal.ari,
            split.random.mojo_fm,
            split.random.ari,
            split.metrics.turbo_mq,
            split.metrics.icp
        );
    }
    if let Some(history) = &comparison.history {
        let _ = writeln!(
            out,
            "  vs history (newest fifth: {} commits, {} co-change pairs{}): kept together (higher is better)",
            history.commits,
            history.pairs,
            if history.history_layer {
                ", held out of the history layer"
            } else {
                ""
            }
        );
        for fit in [&history.proposal, &history.namespace_cut, &history.random] {
            let _ = writeln!(
                out,
                "    {} pairs {:>6}  commits {:>6}",
                cell(&visible(&fit.partition), 62),
                share(fit.containment),
                share(fit.locality)
            );
        }
        legend(
            out,
            "    ",
            "pairs: co-change containment, the share of package pairs changed by one commit \
             that stay in one module; commits: commit locality, the share of commits inside one \
             module. Higher is better",
        );
    }
}

/// The decomposition quality of the proposal and of the reference, each figure named in words
/// with its better direction (docs/glossary.md).
fn quality(out: &mut String, suggestion: &Suggestion) {
    let proposal = &suggestion.proposal;
    let (m, r) = (&proposal.metrics, &proposal.reference_metrics);
    let _ = writeln!(out, "  quality of the cut");
    let _ = writeln!(
        out,
        "    {:<8} {:>10} {:>10}  better, and what it measures",
        "figure", "proposal", "reference"
    );
    let rows = [
        (
            "TurboMQ",
            format!("{:.2}", m.turbo_mq),
            format!("{:.2}", r.turbo_mq),
            "higher: coupling kept inside modules, summed over modules",
        ),
        (
            "SM",
            format!("{:.3}", m.structural_modularity),
            format!("{:.3}", r.structural_modularity),
            "higher: structural modularity, cohesion minus coupling",
        ),
        (
            "ICP",
            format!("{:.3}", m.icp),
            format!("{:.3}", r.icp),
            "lower: share of the coupling weight that crosses modules",
        ),
        (
            "IFN",
            format!("{:.2}", m.ifn),
            format!("{:.2}", r.ifn),
            "lower: packages per module that other modules call",
        ),
        (
            "NED",
            format!("{:.2}", m.ned),
            format!("{:.2}", r.ned),
            "lower: share of packages in too small or too large modules",
        ),
    ];
    for (name, proposed, reference, meaning) in rows {
        let _ = writeln!(
            out,
            "    {name:<8} {proposed:>10} {reference:>10}  {meaning}"
        );
    }
    legend(
        out,
        "    ",
        &format!(
            "proposal: the proposed modules; reference: {}",
            visible(&suggestion.reference)
        ),
    );
}

fn modules(out: &mut String, proposal: &Proposal) {
    let _ = writeln!(out, "\nProposed modules (largest first)");
    let _ = writeln!(
        out,
        "  {:<34} {:>5} {:>7} {:>8} {:>7} {:>7} {:>6}",
        "module", "pkgs", "code", "cohesion", "in", "out", "stable"
    );
    for module in proposal.modules.iter().take(3 * TOP) {
        let name = match module.role {
            Role::SharedKernel => format!("{} ({})", visible(&module.name), module.role.label()),
            _ => visible(&module.name).into_owned(),
        };
        let _ = writeln!(
            out,
            "  {} {:>5} {:>7} {:>8.2} {:>7.1} {:>7.1} {:>6.2}",
            cell(&name, 34),
            module.packages.len(),
            thousands(u64::from(module.code_lines)),
            module.cohesion,
            module.coupling_in,
            module.coupling_out,
            module.stability
        );
        let _ = writeln!(out, "{}", list("      members: ", &module.members, 6));
        if !module.templates.is_empty() {
            let _ = writeln!(out, "{}", list("      templates: ", &module.templates, 6));
        }
        cut_cost(out, module);
    }
    more_line(out, "  ", proposal.modules.len(), 3 * TOP);
    legend(
        out,
        "  ",
        "pkgs packages and scripts; code code lines; cohesion: share of its coupling weight \
         that stays inside (higher is better); in, out: weighted coupling from and to other \
         modules (lower is better); stable: how often its packages keep their module across \
         seeds, 0..1 (higher is better). Under each: its members, the templates and components placed with it (they go with \
         the code they call), and the cost of cutting it out",
    );
}

fn cut_cost(out: &mut String, module: &ProposedModule) {
    let cut = &module.cut_cost;
    if cut.dependents == 0 {
        let _ = writeln!(out, "      cut: nothing outside uses it");
    } else {
        let api: Vec<String> = cut
            .api
            .iter()
            .map(|s| format!("{} ×{}", s.symbol, s.references))
            .collect();
        let lead = format!(
            "      cut: used by {} (packages and scripts) through {}: ",
            cut.dependents,
            plural(cut.api.len(), "symbol"),
        );
        let _ = writeln!(out, "{}", list(&lead, &api, 5));
    }
    if !cut.inheritance.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            list("           inheritance across: ", &cut.inheritance, 3)
        );
    }
    if !cut.shared_globals.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            list("           shared globals: ", &cut.shared_globals, 4)
        );
    }
    if !cut.shared_data.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            list("           data to sync: ", &cut.shared_data, 3)
        );
    }
    if cut.blind_spots > 0 {
        let _ = writeln!(out, "           blind spots inside: {}", cut.blind_spots);
    }
}

/// A titled list with its count: the first `3 × TOP` items, then how many more.
fn section<T>(out: &mut String, title: &str, items: &[T], each: impl Fn(&mut String, &T)) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", items.len());
    for item in items.iter().take(3 * TOP) {
        each(out, item);
    }
    more_line(out, "  ", items.len(), 3 * TOP);
}

fn merges(out: &mut String, proposal: &Proposal) {
    section(
        out,
        "Namespaces merged into a module named after another",
        &proposal.merges,
        |out, merge| {
            let _ = writeln!(
                out,
                "  {} ({} of {} packages) -> {}",
                visible(&merge.namespace),
                merge.packages,
                merge.of,
                visible(&merge.into)
            );
        },
    );
}

fn moves(out: &mut String, proposal: &Proposal) {
    section(
        out,
        "Relocations: packages pulled away from their namespace siblings",
        &proposal.moves,
        |out, step| {
            let _ = writeln!(
                out,
                "  {}: {} -> {} (stability {:.2})",
                visible(&step.package),
                visible(&step.from),
                visible(&step.to),
                step.stability
            );
            for pull in &step.pulled_by {
                let location = pull
                    .location
                    .as_ref()
                    .map(|l| format!("  {l}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "      {} {}  weight {} ({}){}",
                    pull.direction,
                    visible(&pull.package),
                    pull.weight,
                    pull.kinds,
                    visible(&location)
                );
            }
        },
    );
}

fn ambiguous(out: &mut String, proposal: &Proposal) {
    if proposal.ambiguous.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nBoundary-ambiguous packages (their module changes with the seed; {})",
        proposal.ambiguous.len()
    );
    for package in proposal.ambiguous.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {} in {} (stability {:.2})",
            visible(&package.package),
            visible(&package.module),
            package.stability
        );
    }
    more_line(out, "  ", proposal.ambiguous.len(), TOP);
}

fn order(out: &mut String, proposal: &Proposal) {
    let _ = writeln!(
        out,
        "\nExtraction order (strangler fig: least entangled modules worth a step first, small modules grouped, the shared kernel last; tests and vendored code are not extracted)"
    );
    for step in proposal.extraction_order.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {:>2}. {} — {}",
            step.rank,
            visible(&step.module),
            visible(&step.reason)
        );
        if step.kind == StepKind::SmallModules {
            let names: Vec<String> = step
                .modules
                .iter()
                .map(|m| visible(m).into_owned())
                .collect();
            let _ = writeln!(out, "{}", inline_list("      ", &names, TOP));
        }
    }
    more_line(out, "  ", proposal.extraction_order.len(), TOP);
}

/// How runs with different seeds agree, in words.
fn seeds(stability: &seam_suggest::seeds::SeedStability) -> String {
    format!(
        "{}: mean pairwise ARI {:.2}, {} modules",
        plural(stability.runs, "seed"),
        stability.mean_ari,
        if stability.modules_min == stability.modules_max {
            stability.modules_min.to_string()
        } else {
            format!("{}–{}", stability.modules_min, stability.modules_max)
        }
    )
}

/// `lead` and at most `n` items (made [`visible`]), with a count of the rest.
fn list(lead: &str, items: &[String], n: usize) -> String {
    let items: Vec<String> = items.iter().map(|i| visible(i).into_owned()).collect();
    inline_list(lead, &items, n)
}
