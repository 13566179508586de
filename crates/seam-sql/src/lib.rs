//! Which tables a piece of SQL reads, writes or defines — the data half of seam's graph.
//!
//! The input is the text of a Perl string that may hold SQL, with every interpolated Perl
//! expression already replaced by [`VARIABLE`] (the extractor does that). [`tables`] says
//! whether the text is SQL at all (a leading statement keyword, after whitespace and comments)
//! and, if so, which tables it touches and how:
//!
//! 1. parsed with `sqlparser`, dialects tried in turn (PostgreSQL — skipped for the texts whose
//!    DBI `?` placeholder it reads as an operator and so cannot parse, see `placeholder.rs` —
//!    MySQL, SQLite, generic): every
//!    relation the statement names, minus CTE names; the targets of INSERT, UPDATE, DELETE,
//!    REPLACE, MERGE and TRUNCATE are `write`, of CREATE, ALTER, DROP and CREATE INDEX `ddl`; the
//!    rest `read` (`SELECT … FOR UPDATE` reads). Confidence `exact`.
//! 2. when no dialect parses it (vendor syntax, a fragment), a scan of its FROM / JOIN / INTO /
//!    UPDATE / TABLE clauses. Confidence `inferred`.
//!
//! A table name that is an interpolated variable is not a table: its access goes to
//! [`SqlTables::dynamic`], a data blind spot. Table names are lowercased, quotes stripped, a
//! schema kept (`schema.table`).
//!
//! Invariants: a pure function of its input; never panics; bounded — text over [`MAX_PARSED`]
//! bytes is only scanned, and the scan is linear.

mod placeholder;
mod scan;
mod schema;
mod squeeze;

pub use schema::defined_tables;

use serde::Serialize;
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Tokenizer;
use std::collections::BTreeMap;

/// What stands for an interpolated Perl expression in the text: an identifier no real schema
/// uses, so that the SQL around it still parses (`WHERE id = $id`, `FROM $table`).
pub const VARIABLE: &str = "seam_perl_variable";

/// Longer texts are not parsed, only scanned (a 5 MB generated statement must not stall
/// extraction).
pub const MAX_PARSED: usize = 64 * 1024;

/// How a statement uses a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// FROM, JOIN, subqueries, CTE bodies.
    Read,
    /// INSERT, UPDATE, DELETE, REPLACE, MERGE, TRUNCATE targets.
    Write,
    /// CREATE, ALTER, DROP, CREATE INDEX.
    Ddl,
}

/// How sure the answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A dialect parsed the statement.
    Exact,
    /// No dialect parsed it: read off its clauses.
    Inferred,
}

/// The tables one SQL text touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlTables {
    /// Each table once per access, sorted.
    pub tables: Vec<(String, Access)>,
    /// Parsed or scanned.
    pub confidence: Confidence,
    /// The access of each table position held by an interpolated variable (tables seam cannot
    /// name), each access once, sorted.
    pub dynamic: Vec<Access>,
}

/// The first keyword of SQL statements seam looks for.
const LEADING: [&str; 11] = [
    "select", "with", "insert", "update", "delete", "replace", "merge", "create", "alter", "drop",
    "truncate",
];

/// Whether `text` starts with an SQL statement keyword (after whitespace, comments and an
/// opening parenthesis): the cheap test that lets a caller skip building most strings.
pub fn starts_with_keyword(text: &str) -> bool {
    let rest = skip_comments(text);
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    LEADING.iter().any(|k| rest[..end].eq_ignore_ascii_case(k))
}

/// Whether `text` reads as SQL: its first word (after whitespace, `--` and `/* */` comments and
/// an opening parenthesis) is a statement keyword, and more follows.
pub fn looks_like_sql(text: &str) -> bool {
    let rest = skip_comments(text);
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let Some(word) = LEADING.iter().find(|k| rest[..end].eq_ignore_ascii_case(k)) else {
        return false;
    };
    // "Select a file" or "update" alone is prose, not SQL: a statement has a second clause.
    // The words after the first, up to 4,096, compared ignoring ASCII case (no copy: this runs
    // on every string that starts with a keyword)
    let words = || {
        rest[end..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '*'))
            .filter(|w| !w.is_empty())
            .take(4096)
    };
    let has = |keyword: &str| words().any(|w| w.eq_ignore_ascii_case(keyword));
    let first = words().next().unwrap_or("");
    match *word {
        "select" => has("from") || first == "*" || first.starts_with(|c: char| c.is_ascii_digit()),
        "with" => has("as") && (has("select") || has("insert") || has("update") || has("delete")),
        "insert" | "replace" => has("into"),
        "update" => has("set"),
        "delete" => has("from"),
        "merge" => first.eq_ignore_ascii_case("into"),
        "create" | "alter" | "drop" => words().take(4).any(|w| {
            [
                "table",
                "index",
                "view",
                "sequence",
                "unique",
                "temporary",
                "temp",
            ]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
        }),
        "truncate" => !first.is_empty(),
        _ => false,
    }
}

/// `text` with each `sprintf` conversion (`%s`, `%-10s`, `%1$s`, `%d`, `%u`) replaced by
/// [`VARIABLE`]; `%%` and a `%` in any other position stay.
fn fill_format_placeholders(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        // %[index$][flags][width][.precision]conversion
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || b"$-+ 0#.".contains(&bytes[j])) {
            j += 1;
        }
        if j < bytes.len() && matches!(bytes[j], b's' | b'd' | b'u' | b'i') {
            out.push_str(&text[copied..i]);
            out.push_str(VARIABLE);
            copied = j + 1;
            i = j + 1;
        } else {
            i = j.max(i + 1);
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn skip_comments(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(rest) = trimmed.strip_prefix("--") {
            text = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = trimmed.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return trimmed;
        }
    }
}

/// The tables `text` touches, or `None` when it does not look like SQL. `sprintf` placeholders
/// (`%s`, `%1$s`, `%d`) stand for values filled in later, like interpolated variables.
///
/// A pure function of `text`; the answers for SQL are remembered per thread (up to
/// [`MEMO_BYTES`] of text, then forgotten all at once), since a codebase repeats its statements
/// and sqlparser costs ~100,000 instructions a statement, more when dialects fail in turn.
pub fn tables(text: &str) -> Option<SqlTables> {
    if !looks_like_sql(text) {
        return None;
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(known) = memo.tables.get(text) {
            return Some(known.clone());
        }
        let found = sql_tables(text);
        if memo.bytes + text.len() > MEMO_BYTES {
            memo.tables.clear();
            memo.bytes = 0;
        }
        memo.bytes += text.len();
        memo.tables.insert(text.to_string(), found.clone());
        Some(found)
    })
}

/// How much SQL text (summed lengths) a thread's memo of [`tables`] holds at most.
pub const MEMO_BYTES: usize = 4 << 20;

/// The answers [`tables`] gave on this thread, by text.
#[derive(Default)]
struct Memo {
    tables: std::collections::HashMap<String, SqlTables>,
    bytes: usize,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// [`tables`] for text that looks like SQL, computed.
fn sql_tables(text: &str) -> SqlTables {
    let filled;
    let text = if text.contains('%') {
        filled = fill_format_placeholders(text);
        filled.as_str()
    } else {
        text
    };
    if text.len() <= MAX_PARSED {
        if let Some(parsed) = parsed(text) {
            return parsed;
        }
    }
    finish(scan::scan(text, true), Confidence::Inferred)
}

/// The dialects tried, in order: the first that parses a text gives its tables.
const DIALECTS: [&dyn Dialect; 4] = [
    &PostgreSqlDialect {},
    &MySqlDialect {},
    &SQLiteDialect {},
    &GenericDialect {},
];

fn parsed(text: &str) -> Option<SqlTables> {
    // the same answers with fewer whitespace tokens (squeeze.rs)
    let text = squeeze::squeezed(text);
    // PostgreSQL is first: a text it certainly fails on starts at the next (placeholder.rs)
    let first = usize::from(placeholder::postgresql_fails(&text));
    let statements = DIALECTS[first..]
        .iter()
        .find_map(|dialect| parse(*dialect, &text))?;
    statements_tables(&statements)
}

/// `Parser::parse_sql(dialect, text).ok()`, with the token buffer allocated once at about the
/// size it ends up: `parse_sql` tokenizes into an empty `Vec`, which grows (and moves) ~6 times
/// for a statement. The same calls otherwise: `Parser::try_with_sql` is `Tokenizer::new` (which
/// unescapes by default, as the parser's default options ask) and `tokenize_with_location`,
/// whose buffer starts empty, then `with_tokens_with_locations`.
fn parse(dialect: &dyn Dialect, text: &str) -> Option<Vec<sqlparser::ast::Statement>> {
    // a squeezed statement has about one token (a word, a symbol, one whitespace byte) for
    // every 3 bytes
    let mut tokens = Vec::with_capacity(text.len() / 3 + 16);
    Tokenizer::new(dialect, text)
        .tokenize_with_location_into_buf(&mut tokens)
        .ok()?;
    Parser::new(dialect)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .ok()
}

/// For measuring, not for use: each dialect's answer for `text` (sprintf placeholders not
/// filled; whitespace squeezed as [`tables`] does it, with `squeeze`): its tokenizer's error,
/// else its parser's error, else the tables of its statements (`None` for no statement).
/// `examples/dialects.rs` reads a corpus with it.
#[doc(hidden)]
pub fn each_dialect(
    text: &str,
    squeeze: bool,
) -> Vec<(&'static str, Result<Option<SqlTables>, String>)> {
    const NAMES: [&str; 4] = ["postgresql", "mysql", "sqlite", "generic"];
    let text = if squeeze {
        squeeze::squeezed(text)
    } else {
        text.into()
    };
    let text = text.as_ref();
    NAMES
        .iter()
        .zip(DIALECTS)
        .map(|(name, dialect)| {
            let answer = match Parser::new(dialect).try_with_sql(text) {
                Err(e) => Err(format!("tokenizer: {e}")),
                Ok(mut parser) => match parser.parse_statements() {
                    Err(e) => Err(format!("parser: {e}")),
                    Ok(statements) => Ok(statements_tables(&statements)),
                },
            };
            (*name, answer)
        })
        .collect()
}

/// For measuring, not for use: whether [`tables`] skips the PostgreSQL dialect for `text`
/// (sprintf placeholders filled; whitespace squeezed first with `squeeze`, as [`tables`] does):
/// `examples/dialects.rs` checks that PostgreSQL fails on every such text of a corpus.
#[doc(hidden)]
pub fn skips_postgresql(text: &str, squeeze: bool) -> bool {
    if squeeze {
        placeholder::postgresql_fails(&squeeze::squeezed(text))
    } else {
        placeholder::postgresql_fails(text)
    }
}

/// The tables of parsed statements; `None` for none.
fn statements_tables(statements: &[sqlparser::ast::Statement]) -> Option<SqlTables> {
    if statements.is_empty() {
        return None;
    }
    let mut uses = Vec::new();
    for statement in statements {
        let Names {
            mut relations,
            ctes,
            functions,
        } = Names::of(statement);
        for name in ctes {
            relations.remove(&name);
        }
        for name in functions {
            if let Some(count) = relations.get_mut(&name) {
                *count = count.saturating_sub(1);
            }
        }
        relations.retain(|_, count| *count > 0);
        // the targets, read off the statement's canonical text; the rest is read
        for (name, access) in scan::scan(&statement.to_string(), false) {
            if access == Access::Read {
                continue;
            }
            if let Some(count) = relations.get_mut(&name) {
                *count = count.saturating_sub(1);
            }
            uses.push((name, access));
        }
        for (name, count) in relations {
            if count > 0 {
                uses.push((name, Access::Read));
            }
        }
    }
    Some(finish(uses, Confidence::Exact))
}

/// What one walk over a statement collects (lowercased names). One visitor type on purpose:
/// sqlparser's `Visit` is generic over the visitor, so every visitor type compiles a copy of the
/// whole AST walk (three of them made seam-sql a 40-second build).
#[derive(Default)]
struct Names {
    /// Every relation the statement names, CTE references included, with how often.
    relations: BTreeMap<String, usize>,
    /// The names its WITH clauses define.
    ctes: Vec<String>,
    /// The table-valued functions it calls in FROM (`FROM session_check(?)`): relations by
    /// syntax, functions in fact.
    functions: Vec<String>,
}

impl Names {
    fn of(statement: &sqlparser::ast::Statement) -> Names {
        use sqlparser::ast::Visit;
        let mut names = Names::default();
        let _ = statement.visit(&mut names);
        names
    }
}

impl sqlparser::ast::Visitor for Names {
    type Break = ();

    fn pre_visit_relation(
        &mut self,
        relation: &sqlparser::ast::ObjectName,
    ) -> std::ops::ControlFlow<()> {
        *self
            .relations
            .entry(table_name(&relation.to_string()))
            .or_default() += 1;
        std::ops::ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &sqlparser::ast::Query) -> std::ops::ControlFlow<()> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctes.push(table_name(&cte.alias.name.to_string()));
            }
        }
        std::ops::ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(
        &mut self,
        factor: &sqlparser::ast::TableFactor,
    ) -> std::ops::ControlFlow<()> {
        if let sqlparser::ast::TableFactor::Table {
            name,
            args: Some(_),
            ..
        } = factor
        {
            self.functions.push(table_name(&name.to_string()));
        }
        std::ops::ControlFlow::Continue(())
    }
}

/// A table name as seam records it: quotes stripped, lowercased, schema kept.
pub fn table_name(raw: &str) -> String {
    raw.split('.')
        .map(|part| {
            part.trim()
                .trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A name that stands for one filled in later: an interpolated variable, or a template
/// placeholder such as `__TABLE__`.
fn is_placeholder(part: &str) -> bool {
    part.contains(VARIABLE) || (part.len() > 4 && part.starts_with("__") && part.ends_with("__"))
}

fn finish(uses: Vec<(String, Access)>, confidence: Confidence) -> SqlTables {
    let mut dynamic = Vec::new();
    let mut tables: Vec<(String, Access)> = uses
        .into_iter()
        .filter(|(name, access)| {
            let variable = name.is_empty() || name.split('.').any(is_placeholder);
            if variable {
                dynamic.push(*access);
            }
            !variable
        })
        .collect();
    tables.sort();
    tables.dedup();
    dynamic.sort();
    dynamic.dedup();
    SqlTables {
        tables,
        confidence,
        dynamic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_answers_are_the_computed_ones_and_the_memo_stays_bounded() {
        let text = "SELECT a FROM t JOIN u ON t.id = u.id WHERE x = seam_perl_variable";
        let first = tables(text).unwrap();
        assert_eq!(first, sql_tables(text));
        assert_eq!(tables(text).unwrap(), first);
        assert!(MEMO.with(|m| m.borrow().tables.contains_key(text)));
        // texts past the bound: the memo is emptied, never grows past it
        let long = format!("SELECT a FROM t WHERE b = '{}'", "x".repeat(MEMO_BYTES / 3));
        for i in 0..4 {
            let text = format!("{long} AND c = {i}");
            assert_eq!(tables(&text).unwrap(), sql_tables(&text));
            MEMO.with(|m| assert!(m.borrow().bytes <= MEMO_BYTES));
        }
        assert!(!MEMO.with(|m| m.borrow().tables.contains_key(text)));
    }
}
