//! `seam suggest` as Markdown, for a design document.

use crate::escape::markdown_text as cell;
use crate::numbers::{percent, share, thousands};
use seam_suggest::Suggestion;
use std::fmt::Write;

/// The suggestion as GitHub/GitLab Markdown.
pub fn suggest_markdown(suggestion: &Suggestion, root: &str) -> String {
    let proposal = &suggestion.proposal;
    let mut out = format!(
        "# Proposed modules for {}\n\n{} modules at resolution {} over {} packages; the largest holds {} of them. Compared with {}: MoJoFM {:.1}%, ARI {:.3} (chance: {:.1}%, {:.3}).\n\n",
        cell(root),
        proposal.modules.len(),
        proposal.resolution,
        thousands(suggestion.graph.packages as u64),
        percent(proposal.largest_share),
        cell(&suggestion.reference),
        proposal.comparison.mojo_fm,
        proposal.comparison.ari,
        proposal.comparison.random.mojo_fm,
        proposal.comparison.random.ari
    );
    if let Some(history) = &proposal.comparison.history {
        let _ = write!(
            out,
            "## Against the version history\n\nWhat changed together in the newest fifth of the history — {} commits, {} co-change pairs{} — kept inside one module:\n\n| partition | modules | co-change pairs | commits |\n|---|---:|---:|---:|\n",
            history.commits,
            history.pairs,
            if history.history_layer {
                ", held out of the history layer the proposal was clustered with"
            } else {
                ""
            }
        );
        for fit in [&history.proposal, &history.namespace_cut, &history.random] {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&fit.partition),
                fit.modules,
                share(fit.containment),
                share(fit.locality)
            );
        }
        out.push('\n');
    }
    out.push_str("## Stable granularities\n\n| modules | resolution | stable from | to | ARI across seeds | modules across seeds |\n|---:|---:|---:|---:|---:|---:|\n");
    for g in &suggestion.granularities {
        let (ari, spread) = g
            .seeds
            .as_ref()
            .map_or((String::new(), String::new()), |s| {
                (
                    format!("{:.2}", s.mean_ari),
                    format!("{}–{}", s.modules_min, s.modules_max),
                )
            });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {ari} | {spread} |",
            g.modules, g.resolution, g.from, g.to
        );
    }
    let stability = &suggestion.stability;
    let _ = writeln!(
        out,
        "\nBase seed {}; at the detailed resolution {} runs agree with a mean pairwise ARI of {:.2} ({}–{} modules); the proposal is their consensus.",
        suggestion.graph.seed,
        stability.runs,
        stability.mean_ari,
        stability.modules_min,
        stability.modules_max
    );
    for note in &suggestion.notes {
        let _ = writeln!(out, "\n> {}", cell(note));
    }
    let (m, r) = (&proposal.metrics, &proposal.reference_metrics);
    let _ = write!(
        out,
        "\n## Metrics\n\n| metric | proposal | reference | better |\n|---|---:|---:|---|\n| TurboMQ | {:.2} | {:.2} | higher |\n| SM | {:.3} | {:.3} | higher |\n| ICP | {:.3} | {:.3} | lower |\n| IFN | {:.2} | {:.2} | lower |\n| NED | {:.2} | {:.2} | lower |\n\nModule sizes: {}.\n",
        m.turbo_mq, r.turbo_mq, m.structural_modularity, r.structural_modularity, m.icp, r.icp, m.ifn, r.ifn, m.ned, r.ned,
        proposal.sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
    );
    out.push_str("\n## Modules\n\n| module | role | packages | code lines | cohesion | stability | used by | API | members | templates |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for module in &proposal.modules {
        let role = module.role.label();
        let _ = writeln!(
            out,
            "| {} | {role} | {} | {} | {:.2} | {:.2} | {} | {} | {} | {} |",
            cell(&module.name),
            module.packages.len(),
            thousands(u64::from(module.code_lines)),
            module.cohesion,
            module.stability,
            module.cut_cost.dependents,
            module.cut_cost.api.len(),
            cell(&module.members.join(", ")),
            cell(&module.templates.join(", "))
        );
    }
    if !proposal.merges.is_empty() {
        out.push_str("\n## Namespaces merged into another module\n\n| namespace | packages | into |\n|---|---:|---|\n");
        for merge in &proposal.merges {
            let _ = writeln!(
                out,
                "| {} | {} of {} | {} |",
                cell(&merge.namespace),
                merge.packages,
                merge.of,
                cell(&merge.into)
            );
        }
    }
    if !proposal.moves.is_empty() {
        out.push_str(
            "\n## Relocations: packages pulled away from their namespace siblings\n\n| package | from | to | pulled by |\n|---|---|---|---|\n",
        );
        for step in &proposal.moves {
            let pulls: Vec<String> = step
                .pulled_by
                .iter()
                .map(|p| {
                    let at = p
                        .location
                        .as_ref()
                        .map(|l| format!(" at {l}"))
                        .unwrap_or_default();
                    format!("{} {} ({}){at}", p.direction, p.package, p.kinds)
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&step.package),
                cell(&step.from),
                cell(&step.to),
                cell(&pulls.join("; "))
            );
        }
    }
    out.push_str("\n## Extraction order\n\n");
    for step in &proposal.extraction_order {
        let _ = write!(
            out,
            "{}. **{}**: {}",
            step.rank,
            cell(&step.module),
            cell(&step.reason)
        );
        if step.kind == seam_suggest::StepKind::SmallModules {
            let names: Vec<String> = step.modules.iter().map(|m| cell(m)).collect();
            let _ = write!(out, " ({})", names.join(", "));
        }
        out.push('\n');
    }
    out
}
