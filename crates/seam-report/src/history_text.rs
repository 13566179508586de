//! The history section of `seam analyze` (text): what the history holds, the strongest change
//! coupling, hidden coupling, churn hotspots and the modules at risk of lost knowledge.

use crate::escape::visible;
use crate::numbers::{percent, thousands, TOP};
use crate::width::{fit, more_line};
use seam_history::{CoupledPair, HistoryAnalysis};
use std::fmt::Write;

/// Renders the history section (appended to `seam analyze`'s overview), every line within
/// [`WIDTH`](crate::WIDTH) columns.
pub fn history_text(history: &HistoryAnalysis) -> String {
    fit(&section(history))
}

fn section(history: &HistoryAnalysis) -> String {
    let mut out = String::new();
    let c = &history.commits;
    let _ = writeln!(out, "\nhistory (first-parent to {})", short(&history.head));
    let _ = writeln!(
        out,
        "  commits   {} read, {} analyzed; set aside: {} with over {} files, {} tests/docs only, \
         {} outside the graph",
        thousands(c.read as u64),
        thousands(c.analyzed as u64),
        c.large,
        history.options.max_files_per_commit,
        c.tests_or_docs_only,
        c.outside_the_graph
    );
    let _ = writeln!(
        out,
        "  authors   {}; {} Perl files changed then are gone or excluded now",
        c.authors, c.perl_files_gone
    );
    let o = &history.options;
    let _ = writeln!(
        out,
        "  pairs shown changed together in >= {} commits, each side in >= {}, degree >= {}",
        o.min_shared,
        o.min_revs,
        percent(o.min_degree)
    );
    pairs(
        &mut out,
        "change coupling, modules",
        &history.coupling.modules,
    );
    pairs(
        &mut out,
        "change coupling, packages",
        &history.coupling.packages,
    );
    let _ = writeln!(
        out,
        "\nhidden coupling: change together, no static edge either way ({})",
        history.hidden.len()
    );
    for h in history.hidden.iter().take(TOP) {
        let p = &h.pair;
        let _ = writeln!(
            out,
            "  {} ~ {}  {} shared, degree {}  e.g. {}",
            visible(&p.a),
            visible(&p.b),
            p.shared,
            percent(p.degree),
            h.commits
                .iter()
                .map(|id| short(id))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    more_line(&mut out, "  ", history.hidden.len(), TOP);
    let _ = writeln!(out, "\nchurn hotspots: revisions x complexity");
    for h in history.churn.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {:>8}  {}  {} revisions, complexity {}{}",
            thousands(h.score),
            visible(&h.name),
            h.revisions,
            h.complexity,
            complexity_then(h)
        );
    }
    more_line(&mut out, "  ", history.churn.len(), TOP);
    let at_risk: Vec<_> = history
        .knowledge
        .iter()
        .filter(|k| k.bus_factor == 1 || k.main_author_inactive)
        .collect();
    let _ = writeln!(
        out,
        "\nknowledge: {} of {} modules have a bus factor of 1 or an inactive main author",
        at_risk.len(),
        history.knowledge.len()
    );
    if let Some(note) = &history.knowledge_note {
        let _ = writeln!(out, "  (by commits: {note})");
    }
    for k in at_risk.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {}  {} commits, main author {} ({} of the {}{}), bus factor {}",
            visible(&k.module),
            k.commits,
            visible(&k.main_author),
            percent(k.main_share),
            basis_words(k),
            if k.main_author_inactive {
                ", inactive for a year"
            } else {
                ""
            },
            k.bus_factor
        );
    }
    more_line(&mut out, "  ", at_risk.len(), TOP);
    out
}

/// ` (was 481 on 2009-05-02)`: the oldest sampled complexity, when known.
pub(crate) fn complexity_then(h: &seam_history::ChurnHotspot) -> String {
    match h.complexity_then() {
        Some((time, then)) => format!(" (was {then} on {})", seam_history::trend::date(time)),
        None => String::new(),
    }
}

/// What a module's main share is a share of: "12 lines changed" or "7 commits".
pub(crate) fn basis_words(k: &seam_history::ModuleKnowledge) -> String {
    match k.basis {
        seam_history::KnowledgeBasis::Lines => format!("{} lines changed", k.lines),
        seam_history::KnowledgeBasis::Commits => format!("{} commits", k.commits),
    }
}

fn pairs(out: &mut String, title: &str, pairs: &[CoupledPair]) {
    let _ = writeln!(out, "\n{title} ({})", pairs.len());
    for p in pairs.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {} ~ {}  {} shared of {}/{}, degree {}",
            visible(&p.a),
            visible(&p.b),
            p.shared,
            p.revisions_a,
            p.revisions_b,
            percent(p.degree)
        );
    }
    more_line(out, "  ", pairs.len(), TOP);
}

/// A commit id as people quote it.
fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}
