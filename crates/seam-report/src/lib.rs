//! Every output format of seam. Renderers take an [`Analysis`](seam_graph::Analysis), a
//! [`DepGraph`](seam_graph::DepGraph) or a [`CheckReport`](seam_rules::CheckReport) and return a
//! `String`; they compute nothing and never reorder what the analysis or the check sorted, so
//! output is deterministic.

mod analyze_markdown;
mod analyze_text;
mod check_common;
mod check_github;
mod check_json;
mod check_junit;
mod check_markdown;
mod check_sarif;
mod check_text;
mod escape;
mod graph_formats;
mod numbers;
mod report_html;
mod report_markdown;
mod suggest_markdown;
mod suggest_text;

pub use analyze_markdown::analyze_markdown;
pub use analyze_text::analyze_text;
pub use check_github::{check_github, GITHUB_ANNOTATION_CAP};
pub use check_json::check_json;
pub use check_junit::check_junit;
pub use check_markdown::check_markdown;
pub use check_sarif::check_sarif;
pub use check_text::{check_text, check_text_with};
pub use escape::{json_text, visible};
pub use graph_formats::{graph_dot, graph_graphml, graph_json, graph_mermaid};
pub use report_html::{
    report_html, ReportInput, ReportMeta, SourceLinks, GENERATOR_MARK, MARKDOWN_MARK,
};
pub use report_markdown::report_markdown;
pub use suggest_markdown::suggest_markdown;
pub use suggest_text::suggest_text;

/// The analysis as pretty JSON (`docs/analyze-schema.json` describes it).
pub fn analyze_json(analysis: &seam_graph::Analysis) -> String {
    check_json::pretty_json(analysis)
}

/// The suggestion as pretty JSON (`docs/suggest-schema.json` describes it).
pub fn suggest_json(suggestion: &seam_suggest::Suggestion) -> String {
    check_json::pretty_json(suggestion)
}
