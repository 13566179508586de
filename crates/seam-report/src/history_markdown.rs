//! The history section of `seam analyze --format md`: the same figures as the text, as tables.

use crate::escape::markdown_text as cell;
use crate::numbers::{percent, thousands, TOP};
use seam_history::{CoupledPair, HistoryAnalysis};
use std::fmt::Write;

/// Renders the history section (appended to `seam analyze`'s Markdown).
pub fn history_markdown(history: &HistoryAnalysis) -> String {
    let c = &history.commits;
    let o = &history.options;
    let mut out = format!(
        "\n## History\n\n{} commits read to `{}` (first parent), {} analyzed; set aside: {} with over {} files, {} tests/docs only, {} outside the graph. {} authors. Pairs shown changed together in at least {} commits, each side in at least {}, with a degree of at least {}.\n",
        thousands(c.read as u64),
        history.head.get(..10).unwrap_or(&history.head),
        thousands(c.analyzed as u64),
        c.large,
        o.max_files_per_commit,
        c.tests_or_docs_only,
        c.outside_the_graph,
        c.authors,
        o.min_shared,
        o.min_revs,
        percent(o.min_degree)
    );
    pairs(
        &mut out,
        "Change coupling between modules",
        &history.coupling.modules,
    );
    out.push_str("\n### Hidden coupling\n\nChange together, no static edge either way.\n\n| a | b | shared | degree | commits |\n|---|---|---:|---:|---|\n");
    for h in history.hidden.iter().take(TOP) {
        let commits: Vec<&str> = h
            .commits
            .iter()
            .map(|id| id.get(..10).unwrap_or(id))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&h.pair.a),
            cell(&h.pair.b),
            h.pair.shared,
            percent(h.pair.degree),
            commits.join(" ")
        );
    }
    out.push_str("\n### Knowledge\n\n");
    if let Some(note) = &history.knowledge_note {
        let _ = writeln!(out, "Shares count commits: {note}.\n");
    }
    out.push_str("| module | commits | lines changed | authors | main author | share | bus factor |\n|---|---:|---:|---:|---|---:|---:|\n");
    for k in &history.knowledge {
        let inactive = if k.main_author_inactive {
            " (inactive for a year)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}{} | {} of {} | {} |",
            cell(&k.module),
            k.commits,
            k.lines,
            k.authors,
            cell(&k.main_author),
            inactive,
            percent(k.main_share),
            crate::history_text::basis_words(k),
            k.bus_factor
        );
    }
    out
}

fn pairs(out: &mut String, title: &str, pairs: &[CoupledPair]) {
    let _ = write!(
        out,
        "\n### {title}\n\n| a | b | shared | revisions | degree |\n|---|---|---:|---:|---:|\n"
    );
    for p in pairs.iter().take(TOP) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} / {} | {} |",
            cell(&p.a),
            cell(&p.b),
            p.shared,
            p.revisions_a,
            p.revisions_b,
            percent(p.degree)
        );
    }
}
