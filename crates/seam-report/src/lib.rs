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
mod data_text;
mod escape;
pub mod glossary;
mod graph_formats;
mod history_markdown;
mod history_text;
mod numbers;
mod report_html;
mod report_markdown;
mod suggest_markdown;
mod suggest_text;
mod trend_formats;
mod width;

pub use analyze_markdown::analyze_markdown;
pub use analyze_text::analyze_text;
pub use check_github::{check_github, GITHUB_ANNOTATION_CAP};
pub use check_json::check_json;
pub use check_junit::check_junit;
pub use check_markdown::check_markdown;
pub use check_sarif::check_sarif;
pub use check_text::{check_text, check_text_with};
pub use escape::{json_text, visible};
pub use glossary::GLOSSARY;
pub use graph_formats::{graph_dot, graph_graphml, graph_json, graph_mermaid};
pub use history_markdown::history_markdown;
pub use history_text::history_text;
pub use report_html::{
    report_html, ReportInput, ReportMeta, SourceLinks, GENERATOR_MARK, MARKDOWN_MARK,
};
pub use report_markdown::report_markdown;
pub use suggest_markdown::suggest_markdown;
pub use suggest_text::suggest_text;
pub use trend_formats::{trend_csv, trend_json, trend_text};
pub use width::{fit, markdown_footer, middle, text_footer, TERMS, WIDTH};

/// What `seam analyze --format json` prints (`docs/analyze-schema.json` describes it): the
/// static analysis and, when it was read, the history.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct AnalyzeDocument<'a> {
    /// The static analysis.
    #[serde(flatten)]
    pub analysis: &'a seam_graph::Analysis,
    /// Change coupling, hidden coupling, churn and knowledge from the git history (absent when
    /// it was not read: `--no-history`, or no usable history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<&'a seam_history::HistoryAnalysis>,
}

/// The analysis (and history) as pretty JSON (`docs/analyze-schema.json` describes it).
pub fn analyze_json(
    analysis: &seam_graph::Analysis,
    history: Option<&seam_history::HistoryAnalysis>,
) -> String {
    check_json::pretty_json(&AnalyzeDocument { analysis, history })
}

/// The suggestion as pretty JSON (`docs/suggest-schema.json` describes it).
pub fn suggest_json(suggestion: &seam_suggest::Suggestion) -> String {
    check_json::pretty_json(suggestion)
}

/// [`suggest_json`] written to `out` as it is serialized (the same bytes), so that the text of a
/// large suggestion (48 MB at 50,000 packages) is never held whole.
pub fn write_suggest_json(
    out: impl std::io::Write,
    suggestion: &seam_suggest::Suggestion,
) -> std::io::Result<()> {
    check_json::write_pretty_json(out, suggestion)
}
