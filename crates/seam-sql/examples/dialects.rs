//! Which SQL texts fail which sqlparser dialects, and why: the measurement behind the order and
//! the pre-filter of `seam_sql::tables` (docs/performance.md, "fifth pass: SQL").
//!
//!     cargo run --release -p seam-sql --example dialects -- TEXTS [--verbose]
//!
//! TEXTS: SQL texts separated by NUL bytes, as `seam_sql` parses them (sprintf placeholders
//! filled). Prints, per outcome pattern (which dialects parse), the count of texts, and for each
//! failing dialect the first words of its error; how many texts some dialect answers differently
//! once whitespace is squeezed (must be 0); how many texts `seam_sql` starts at MySQL because
//! PostgreSQL reads their `?` placeholder as an operator (`placeholder.rs`), and how many of
//! those PostgreSQL parses all the same (must be 0: the chain's answer would change); with
//! `--verbose`, every failing text.

use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: dialects TEXTS [--verbose]");
        std::process::exit(2);
    };
    let verbose = args.iter().any(|a| a == "--verbose");
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let mut patterns: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut disagree = 0;
    let mut squeeze_differs = 0;
    let mut skipped = 0;
    let mut skipped_but_parsed = 0;
    let mut texts = 0;
    for text in bytes.split(|&b| b == 0).filter(|t| !t.is_empty()) {
        let text = String::from_utf8_lossy(text);
        texts += 1;
        let answers = seam_sql::each_dialect(&text, false);
        // squeezing whitespace (squeeze.rs) must change no dialect's answer
        let ok = |answers: Vec<(&str, Result<Option<seam_sql::SqlTables>, String>)>| {
            answers.into_iter().map(|(_, a)| a.ok()).collect::<Vec<_>>()
        };
        if ok(seam_sql::each_dialect(&text, true)) != ok(answers.clone()) {
            squeeze_differs += 1;
            println!("SQUEEZE CHANGES AN ANSWER {text:?}");
        }
        // a text that skips PostgreSQL must be one PostgreSQL fails on (squeezed, as parsed)
        if seam_sql::skips_postgresql(&text, true) {
            skipped += 1;
            let squeezed = seam_sql::each_dialect(&text, true);
            if squeezed[0].1.is_ok() {
                skipped_but_parsed += 1;
                println!("POSTGRESQL SKIPPED BUT PARSES {text:?}");
            }
        }
        let pattern: String = answers
            .iter()
            .map(|(name, answer)| {
                let mark = if answer.is_ok() { "+" } else { "-" };
                format!("{mark}{name} ")
            })
            .collect();
        *patterns.entry(pattern.trim_end().to_string()).or_default() += 1;
        let parsed: Vec<_> = answers
            .iter()
            .filter_map(|(_, a)| a.as_ref().ok())
            .collect();
        if parsed.windows(2).any(|w| w[0] != w[1]) {
            disagree += 1;
            if verbose {
                println!("DISAGREE {:?}\n{answers:?}\n", text);
            }
        }
        for (name, answer) in &answers {
            if let Err(e) = answer {
                let short: String = e
                    .split(|c: char| c.is_ascii_digit())
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(70)
                    .collect();
                *errors.entry(format!("{name}: {short}")).or_default() += 1;
                if verbose {
                    println!("FAIL {name}: {e}\n  {:?}\n", text);
                }
            }
        }
    }
    println!(
        "{texts} texts; dialects disagreeing on the tables: {disagree}; \
         answers changed by squeezing whitespace: {squeeze_differs}; \
         PostgreSQL skipped: {skipped}, of which it parses: {skipped_but_parsed}"
    );
    for (pattern, count) in &patterns {
        println!("{count:6}  {pattern}");
    }
    println!("errors:");
    for (error, count) in &errors {
        println!("{count:6}  {error}");
    }
}
