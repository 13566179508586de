//! `seam report --format md`: the report as Markdown that renders on GitHub and GitLab, built
//! from the analysis, suggestion and check renderers (no matrix or map: those need HTML).

use crate::report_html::ReportInput;

/// The report as Markdown.
pub fn report_markdown(input: &ReportInput<'_>) -> String {
    let meta = input.meta;
    let mut out = format!(
        "{}\n# seam report: {}\n\nRevision {}, generated {} by seam {}.\n\n",
        crate::report_html::MARKDOWN_MARK,
        crate::escape::markdown_text(&meta.root),
        crate::escape::markdown_text(meta.revision.as_deref().unwrap_or("(not in git)")),
        meta.generated,
        meta.version
    );
    out.push_str(&demoted(&crate::analyze_markdown(
        input.analysis,
        &meta.root,
    )));
    if let Some(suggestion) = input.suggestion {
        out.push('\n');
        out.push_str(&demoted(&crate::suggest_markdown(suggestion, &meta.root)));
    }
    if let Some(check) = input.check {
        out.push('\n');
        out.push_str(&demoted(&crate::check_markdown(check)));
    }
    match input.history {
        Some(history) => out.push_str(&demoted(&crate::history_markdown(history))),
        None => out.push_str(&format!(
            "\n## History\n\nNo history: {}\n",
            crate::escape::markdown_text(input.history_note.unwrap_or("not read."))
        )),
    }
    if let Some(trend) = input.trend {
        out.push_str("\n## Trend\n\n```text\n");
        for line in crate::trend_text(trend).lines() {
            out.push_str(&crate::visible(line));
            out.push('\n');
        }
        out.push_str("```\n");
    } else if let Some(note) = input.trend_note {
        out.push_str(&format!(
            "\n## Trend\n\nNo trend: {}\n",
            crate::escape::markdown_text(note)
        ));
    }
    out.push_str(&crate::markdown_footer());
    out
}

/// Every heading one level down, under the report's own title.
fn demoted(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            if line.starts_with('#') {
                format!("#{line}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}
