//! The glossary (docs/glossary.md, built in): what every figure and word seam prints means.
//! `seam glossary` prints it; the HTML report shows it as a section and explains each headline
//! figure from it on hover.

/// docs/glossary.md, as written.
pub const GLOSSARY: &str = include_str!("../../../docs/glossary.md");

/// One row of the glossary's tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as printed (`Ca (afferent coupling)`).
    pub term: String,
    /// What it means in plain words.
    pub plain: String,
    /// How it is computed.
    pub how: String,
    /// Which way is better (`↑`, `↓`, `—` with a comment).
    pub better: String,
    /// The section it is in (`## …`).
    pub section: String,
}

/// Every row of every four-column table of the glossary, in order (Markdown code spans and
/// bold marks taken out).
pub fn terms() -> Vec<Term> {
    let mut section = String::new();
    let mut terms = Vec::new();
    for line in GLOSSARY.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.trim().to_string();
            continue;
        }
        let Some(row) = line.strip_prefix('|').and_then(|l| l.strip_suffix('|')) else {
            continue;
        };
        let cells: Vec<String> = row.split('|').map(|c| plain_text(c.trim())).collect();
        if cells.len() != 4 || cells[0] == "term" || cells[0].starts_with("---") {
            continue;
        }
        let mut cells = cells.into_iter();
        let mut next = || cells.next().unwrap_or_default();
        terms.push(Term {
            term: next(),
            plain: next(),
            how: next(),
            better: next(),
            section: section.clone(),
        });
    }
    terms
}

/// The glossary's entry whose term is `name` or starts with `name` followed by a space or `/`
/// (`Ca` finds `Ca (afferent coupling)`), case-insensitively.
pub fn lookup<'t>(terms: &'t [Term], name: &str) -> Option<&'t Term> {
    let name = name.to_lowercase();
    terms.iter().find(|t| {
        let term = t.term.to_lowercase();
        term == name
            || term
                .strip_prefix(&name)
                .is_some_and(|rest| rest.starts_with([' ', '/']))
    })
}

/// Markdown inline marks taken out: `code`, **bold**, *emphasis*.
fn plain_text(cell: &str) -> String {
    cell.replace("**", "")
        .replace('`', "")
        .replace(" *", " ")
        .replace("* ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_headline_figure_the_report_explains_is_in_the_glossary() {
        let terms = terms();
        assert!(terms.len() > 30, "{}", terms.len());
        for name in [
            "propagation cost",
            "Ca",
            "Ce",
            "I",
            "needs",
            "impact",
            "blind",
            "module",
        ] {
            let term = lookup(&terms, name).unwrap_or_else(|| panic!("{name}"));
            assert!(!term.plain.is_empty(), "{name}");
        }
        assert!(lookup(&terms, "no such figure").is_none());
    }
}
