//! `seam report`: one self-contained HTML file (inline CSS, JavaScript and SVG; nothing loaded
//! from anywhere) with the analysis, the proposed boundaries and, when a seam.toml exists, the
//! rules. Static HTML carries every number; JavaScript only adds sorting, filtering, search and
//! expanding. The markup is written with maud's `html!`, which escapes every spliced value: a
//! string from the analyzed code cannot reach the page unescaped by a forgotten call. The only
//! `PreEscaped` splices are our own CSS and JavaScript and the module map's SVG (see
//! [`sections::module_map`]).

mod cards;
mod change_matrix;
mod data;
mod dsm;
mod history;
mod hotspots;
mod layers;
mod map;
mod overview;
mod proposal;
mod rules;
mod sections;
mod trend_chart;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use seam_graph::Analysis;
use seam_history::trend::Trend;
use seam_history::HistoryAnalysis;
use seam_rules::CheckReport;
use seam_suggest::Suggestion;

/// Where and when a report was made.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    /// The analyzed root as a reader knows it: its directory's name (`seam report .` in a
    /// clone of `app` says `app`).
    pub root: String,
    /// Its git revision, when it is in a repository.
    pub revision: Option<String>,
    /// When (UTC, ISO 8601).
    pub generated: String,
    /// seam's version.
    pub version: String,
}

/// How source locations become links.
#[derive(Debug, Clone, Default)]
pub struct SourceLinks {
    /// A URL template with `{path}` and `{line}` (a repository web UI); `None`: relative links.
    pub template: Option<String>,
    /// The analyzed root relative to the report's directory (for relative links), `/`-separated.
    pub root_from_report: String,
}

/// Everything a report shows.
pub struct ReportInput<'a> {
    /// The analysis.
    pub analysis: &'a Analysis,
    /// The proposal, when it could be made.
    pub suggestion: Option<&'a Suggestion>,
    /// The check against seam.toml, when there is one.
    pub check: Option<&'a CheckReport>,
    /// Change coupling, hidden coupling, churn and knowledge from the git history, when read.
    pub history: Option<&'a HistoryAnalysis>,
    /// Why there is no history (shown in its place).
    pub history_note: Option<&'a str>,
    /// The structure at sampled commits (`seam report --trend-samples N`), when asked for.
    pub trend: Option<&'a Trend>,
    /// Why the trend asked for could not be made (shown in its place).
    pub trend_note: Option<&'a str>,
    /// Where and when.
    pub meta: &'a ReportMeta,
    /// How to link to source.
    pub links: &'a SourceLinks,
}

/// What the section renderers share.
pub(crate) struct Page<'a> {
    pub analysis: &'a Analysis,
    pub links: &'a SourceLinks,
    /// The check against seam.toml, when there is one (rule-breaking edges, owners).
    pub check: Option<&'a CheckReport>,
}

/// The id of a module's card: every mention of the module (map, matrix, tables) links to
/// `#` and this. Letters, digits, `-` and `_` are kept, every other byte becomes `.XX`, so two
/// module names never share an id and the id needs no escaping in a URL.
pub(crate) fn module_anchor(module: &str) -> String {
    let mut id = String::from("module-");
    for b in module.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => id.push(b as char),
            _ => id.push_str(&format!(".{b:02X}")),
        }
    }
    id
}

impl Page<'_> {
    /// A link to `file:line` showing that text.
    pub fn source_link(&self, file: &str, line: u32) -> Markup {
        let label = if line > 0 {
            format!("{file}:{line}")
        } else {
            file.to_string()
        };
        let href = match &self.links.template {
            Some(template) => template
                .replace("{path}", &url_path(file))
                .replace("{line}", &line.to_string()),
            None => {
                let base = if self.links.root_from_report.is_empty() {
                    String::new()
                } else {
                    format!("{}/", url_path(&self.links.root_from_report))
                };
                let anchor = if line > 0 {
                    format!("#L{line}")
                } else {
                    String::new()
                };
                format!("{base}{}{anchor}", url_path(file))
            }
        };
        // escaping keeps the URL inside its attribute; url_path keeps it one URL
        html! { a href=(href) { (label) } }
    }
}

/// A relative path percent-encoded segment by segment (so `<`, `"`, `#`, `?` and spaces in file
/// names cannot end the URL or the attribute).
fn url_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

const CSS: &str = concat!(
    include_str!("../../assets/report.css"),
    include_str!("../../assets/map.css")
);
/// The page's one inline script: the report's behaviour (sorting, filtering, search, expanding)
/// and the module map's and matrix's (pan, zoom, expanding tangles), kept in separate files.
const JS: &str = concat!(
    include_str!("../../assets/report.js"),
    "\n",
    include_str!("../../assets/map.js")
);

/// What the first lines of a report hold, so that `seam report` replaces its own reports and
/// nothing else.
pub const GENERATOR_MARK: &str = "<meta name=\"generator\" content=\"seam report\">";

/// The first line of a Markdown report, for the same purpose.
pub const MARKDOWN_MARK: &str = "<!-- generated by seam report -->";

/// Whether the trend section is shown: when it was asked for (made, or with a note on why not).
fn trend_shown(input: &ReportInput<'_>) -> bool {
    input.trend.is_some() || input.trend_note.is_some()
}

/// The report as one self-contained HTML document.
pub fn report_html(input: &ReportInput<'_>) -> String {
    let page = Page {
        analysis: input.analysis,
        links: input.links,
        check: input.check,
    };
    let meta = input.meta;
    // the "\n"s only keep the file readable and diffable line by line
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n" meta charset="utf-8";
                "\n" meta name="generator" content="seam report";
                "\n" meta name="viewport" content="width=device-width, initial-scale=1";
                "\n" meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
                "\n" title { "seam report: " (meta.root) }
                // unescaped: our own stylesheet (assets/report.css), nothing from the analyzed code
                "\n" style { "\n" (PreEscaped(CSS)) }
                "\n"
            }
            "\n"
            body {
                "\n"
                header {
                    a class="skip" href="#summary" { "Skip to the overview" }
                    h1 { "seam report " span class="root" { (meta.root) } }
                    "\n" nav { (sections::navigation(input.suggestion.is_some(), input.check.is_some(), trend_shown(input))) }
                    "\n" input type="search" id="search" placeholder="Search packages, modules, files…" aria-label="Search the report";
                    " " span id="search-count" aria-live="polite" {}
                    "\n"
                }
                "\n"
                main {
                    "\n"
                    (overview::overview(&page, meta, input.suggestion, input.check))
                    @if let Some(suggestion) = input.suggestion {
                        (proposal::proposal(&page, suggestion))
                    }
                    (sections::module_map(&page))
                    (sections::dsm(&page))
                    (hotspots::hotspots(&page))
                    (sections::cycles(&page))
                    (data::data(&page))
                    @if let Some(check) = input.check {
                        (rules::rules(&page, check))
                    }
                    (history::history(input.history, input.history_note))
                    @if trend_shown(input) {
                        (trend_chart::trend(input.trend, input.trend_note))
                    }
                    (cards::modules(&page, input.history))
                    (overview::glossary_section())
                }
                "\n"
                footer { "Generated by seam " (meta.version) " on " (meta.generated) ". seam reads Perl statically; it never runs it. What each figure means: " code { "seam glossary" } " (docs/glossary.md in seam's repository)." }
                // unescaped: our own script (assets/report.js), nothing from the analyzed code
                "\n" script { "\n" (PreEscaped(JS)) }
                "\n"
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::module_anchor;

    #[test]
    fn module_anchors_are_distinct_and_url_safe() {
        assert_eq!(
            module_anchor("LibSys::Catalog"),
            "module-LibSys.3A.3ACatalog"
        );
        assert_eq!(module_anchor("bin/"), "module-bin.2F");
        assert_ne!(module_anchor("a.b"), module_anchor("a.2Eb"));
        assert_eq!(module_anchor("é"), "module-.C3.A9");
    }
}
