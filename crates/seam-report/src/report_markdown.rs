//! `seam report --format md`: the same sections as the HTML report, as Markdown that renders on
//! GitHub and GitLab, built from the analysis, suggestion and check renderers.

use crate::report_html::ReportInput;

/// The report as Markdown.
pub fn report_markdown(input: &ReportInput<'_>) -> String {
    let meta = input.meta;
    let mut out = format!(
        "# seam report: {}\n\nRevision {}, generated {} by seam {}.\n\n",
        crate::escape::markdown_text(&meta.root),
        crate::escape::markdown_text(meta.revision.as_deref().unwrap_or("(not in git)")),
        meta.generated,
        meta.version
    );
    out.push_str(&crate::analyze_markdown(input.analysis, &meta.root));
    if let Some(suggestion) = input.suggestion {
        out.push('\n');
        out.push_str(&crate::suggest_markdown(suggestion, &meta.root));
    }
    if let Some(check) = input.check {
        out.push('\n');
        out.push_str(&crate::check_markdown(check));
    }
    out
}
