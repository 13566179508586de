//! Every output format of seam. Renderers take an [`Analysis`](seam_graph::Analysis) or a
//! [`DepGraph`](seam_graph::DepGraph) and return a `String`; they compute nothing and never
//! reorder what the analysis sorted, so output is deterministic.

mod analyze_markdown;
mod analyze_text;
mod graph_formats;
mod numbers;

pub use analyze_markdown::analyze_markdown;
pub use analyze_text::analyze_text;
pub use graph_formats::{graph_dot, graph_graphml, graph_json, graph_mermaid};

/// The analysis as pretty JSON (`docs/analyze-schema.json` describes it).
pub fn analyze_json(analysis: &seam_graph::Analysis) -> String {
    let mut json = serde_json::to_string_pretty(analysis)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}
