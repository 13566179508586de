//! The tables a schema file defines: `CREATE [OR REPLACE] [TEMP…] TABLE|VIEW [IF NOT EXISTS]
//! name`, read token by token so that vendor syntax (PL/pgSQL bodies, engine clauses) cannot hide
//! the rest of the file.

use crate::scan::words_with_lines;
use crate::table_name;

/// Words allowed between `CREATE` and `TABLE`/`VIEW`.
const MODIFIERS: [&str; 9] = [
    "or",
    "replace",
    "temp",
    "temporary",
    "unlogged",
    "global",
    "local",
    "materialized",
    "recursive",
];

/// Each table or view `text` creates, with the 1-based line of its `CREATE`, in file order.
/// Linear in the text; never fails (text that is not SQL defines nothing).
pub fn defined_tables(text: &str) -> Vec<(String, u32)> {
    let words = words_with_lines(text);
    let lower = |i: usize| words.get(i).map(|(w, _)| w.to_ascii_lowercase());
    let mut out = Vec::new();
    for (i, (word, line)) in words.iter().enumerate() {
        if !word.eq_ignore_ascii_case("create") {
            continue;
        }
        let mut at = i + 1;
        while lower(at).is_some_and(|w| MODIFIERS.contains(&w.as_str())) {
            at += 1;
        }
        if !matches!(lower(at).as_deref(), Some("table" | "view")) {
            continue;
        }
        at += 1;
        if lower(at).as_deref() == Some("if") {
            at += 3; // IF NOT EXISTS
        }
        if let Some((name, _)) = words.get(at) {
            let name = table_name(name);
            if !name.is_empty() {
                out.push((name, *line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_creates_across_dialects_and_lines() {
        let text = "-- CREATE TABLE commented (x int);\n\
            CREATE TABLE patrons (id int);\n\
            create temporary table if not exists \"Tmp_Loans\" (id int);\n\
            CREATE OR REPLACE VIEW\n  overdue AS SELECT 1;\n\
            CREATE INDEX patrons_i ON patrons (id);\n\
            INSERT INTO patrons VALUES ('CREATE TABLE inside_a_string');\n\
            CREATE TABLE public.fines (id int) ENGINE=InnoDB;\n\
            CREATE FUNCTION f() RETURNS int AS $$ BEGIN CREATE TEMP TABLE scratch (x int); END $$;\n";
        assert_eq!(
            defined_tables(text),
            [
                ("patrons".to_string(), 2),
                ("tmp_loans".to_string(), 3),
                ("overdue".to_string(), 4),
                ("public.fines".to_string(), 8),
                ("scratch".to_string(), 9),
            ]
        );
        assert!(defined_tables("CREATE").is_empty());
        assert!(defined_tables("not sql at all").is_empty());
    }
}
