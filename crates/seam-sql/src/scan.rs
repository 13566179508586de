//! Table names read off SQL clauses, token by token: the targets of a statement (from the
//! canonical text of a parsed one), and, for text no dialect parses, its FROM and JOIN tables too.
//! Linear in the text; string literals and comments are skipped.

use crate::{table_name, Access};

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// A word or a (possibly quoted, possibly dotted) name, as written (borrowed from the text:
    /// most words are keywords or columns, never copied).
    Word(&'a str),
    /// `(`.
    Open,
    /// `,`.
    Comma,
    /// Anything else (operators, `;`, `)`, literals).
    Other,
}

/// Words that end a name list or cannot be a table name.
const NOT_A_NAME: [&str; 24] = [
    "select",
    "where",
    "set",
    "values",
    "value",
    "as",
    "on",
    "using",
    "join",
    "left",
    "right",
    "inner",
    "outer",
    "cross",
    "natural",
    "group",
    "order",
    "limit",
    "having",
    "union",
    "lateral",
    "only",
    "default",
    "returning",
];

/// `(table, access)` for each table clause of `text`; FROM and JOIN (read) only with `reads`.
pub(crate) fn scan(text: &str, reads: bool) -> Vec<(String, Access)> {
    let tokens = tokens(text);
    // the keyword the token at `i` is (lowercase), "" for any other token: every comparison
    // below is with one of KEYWORDS, so no word needs a lowercase copy
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Word(w)) => keyword(w),
        _ => "",
    };
    // `name AS (` is a CTE: a name the statement defines, not a table
    let ctes: Vec<String> = (0..tokens.len().saturating_sub(2))
        .filter(|&i| word(i + 1) == "as" && tokens.get(i + 2) == Some(&Token::Open))
        .filter_map(|i| match tokens[i] {
            Token::Word(w) => Some(table_name(w)),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = word(i);
        let before = if i > 0 { word(i - 1) } else { "" };
        match w {
            "into" => {
                if let Some((name, next)) = name_at(&tokens, i + 1, false) {
                    found.push((name, Access::Write));
                    i = next;
                    continue;
                }
            }
            // `FOR UPDATE`, `ON UPDATE CASCADE`, `ON DUPLICATE KEY UPDATE` are not targets
            "update" if !matches!(before, "for" | "on" | "key" | "no") => {
                let at = if word(i + 1) == "only" { i + 2 } else { i + 1 };
                if let Some((name, next)) = name_at(&tokens, at, false) {
                    found.push((name, Access::Write));
                    i = next;
                    continue;
                }
            }
            "delete" => {
                let mut at = if word(i + 1) == "from" { i + 2 } else { i + 1 };
                if word(at) == "only" {
                    at += 1;
                }
                if let Some((name, next)) = name_at(&tokens, at, false) {
                    found.push((name, Access::Write));
                    i = next;
                    continue;
                }
            }
            "truncate" => {
                let mut at = i + 1;
                if word(at) == "table" {
                    at += 1;
                }
                if word(at) == "only" {
                    at += 1;
                }
                i = names_list(&tokens, at, Access::Write, &mut found);
                continue;
            }
            "table" | "view"
                if matches!(
                    before,
                    "create"
                        | "alter"
                        | "drop"
                        | "temporary"
                        | "temp"
                        | "unlogged"
                        | "replace"
                        | "materialized"
                        | "global"
                        | "local"
                ) =>
            {
                let mut at = i + 1;
                // IF [NOT] EXISTS, ONLY
                while matches!(word(at), "if" | "not" | "exists" | "only") {
                    at += 1;
                }
                i = names_list(&tokens, at, Access::Ddl, &mut found);
                continue;
            }
            // CREATE [UNIQUE] INDEX [name] ON table
            "on" if (1..=5).any(|back| i >= back && word(i - back) == "index") => {
                if let Some((name, next)) = name_at(&tokens, i + 1, false) {
                    found.push((name, Access::Ddl));
                    i = next;
                    continue;
                }
            }
            "from" if reads && before != "delete" => {
                i = names_list(&tokens, i + 1, Access::Read, &mut found);
                continue;
            }
            "join" if reads => {
                if let Some((name, next)) = name_at(&tokens, i + 1, true) {
                    found.push((name, Access::Read));
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found.retain(|(name, access)| *access != Access::Read || !ctes.contains(name));
    found
}

/// Every word [`scan`] compares a token with, lowercase (a comparison with a word missing here
/// would never hold: add it here first).
const KEYWORDS: [&str; 28] = [
    "as",
    "join",
    "into",
    "update",
    "for",
    "on",
    "key",
    "no",
    "only",
    "delete",
    "from",
    "truncate",
    "table",
    "view",
    "create",
    "alter",
    "drop",
    "temporary",
    "temp",
    "unlogged",
    "replace",
    "materialized",
    "global",
    "local",
    "if",
    "not",
    "exists",
    "index",
];

/// The lowercase keyword of [`KEYWORDS`] that `word` is (ASCII case ignored), else "".
fn keyword(word: &str) -> &'static str {
    KEYWORDS
        .iter()
        .find(|k| word.eq_ignore_ascii_case(k))
        .copied()
        .unwrap_or("")
}

/// Whether `word` is one of `lowercase` (ASCII case ignored).
fn is_one_of(word: &str, lowercase: &[&str]) -> bool {
    lowercase.iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// A comma-separated list of names (each maybe with an alias) from `at`; the index after it.
fn names_list(
    tokens: &[Token],
    mut at: usize,
    access: Access,
    found: &mut Vec<(String, Access)>,
) -> usize {
    loop {
        let Some((name, next)) = name_at(tokens, at, access == Access::Read) else {
            return at;
        };
        found.push((name, access));
        at = next;
        // an alias: `FROM t x`, `FROM t AS x`
        if let Some(Token::Word(w)) = tokens.get(at) {
            if w.eq_ignore_ascii_case("as") {
                at += 2;
            } else if !is_one_of(w, &NOT_A_NAME)
                && !is_one_of(w, &["where", "for", "cascade", "restrict"])
            {
                at += 1;
            }
        }
        if tokens.get(at) == Some(&Token::Comma) {
            at += 1;
        } else {
            return at;
        }
    }
}

/// The table name at `at` and the index after it; not a name: a keyword, a subquery, or (with
/// `reads`) a function call such as `generate_series(…)`.
fn name_at(tokens: &[Token], at: usize, reads: bool) -> Option<(String, usize)> {
    let Some(Token::Word(raw)) = tokens.get(at) else {
        return None;
    };
    if is_one_of(raw, &NOT_A_NAME) {
        return None;
    }
    if reads && tokens.get(at + 1) == Some(&Token::Open) {
        return None;
    }
    Some((table_name(raw), at + 1))
}

/// Words (with dotted and quoted names joined: `"s"."t"` is one word), `(`, `,` and the rest;
/// string literals and comments dropped.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    each_token(text, |token, _| out.push(token));
    out
}

/// The words of `text` with the 1-based line each starts on (string literals and comments
/// dropped, as [`tokens`] does).
pub(crate) fn words_with_lines(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    each_token(text, |token, line| {
        if let Token::Word(word) = token {
            out.push((word.to_string(), line));
        }
    });
    out
}

/// Calls `emit(token, line)` for each token of `text`, in order.
fn each_token<'a>(text: &'a str, mut emit: impl FnMut(Token<'a>, u32)) {
    let chars: Vec<char> = text.chars().collect();
    // the byte offset of each char, and of the end: a word is a slice of `text`
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let mut i = 0;
    let mut line = 1u32;
    let mut counted = 0;
    while i < chars.len() {
        // lines up to the token's start
        line += chars[counted..i].iter().filter(|&&c| c == '\n').count() as u32;
        counted = i;
        let c = chars[i];
        let mut push = |token: Token<'a>| emit(token, line);
        match c {
            c if c.is_whitespace() => i += 1,
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                    } else if chars[i] == '\'' {
                        break;
                    } else {
                        i += 1;
                    }
                }
                i += 1;
                push(Token::Other);
            }
            '(' => {
                push(Token::Open);
                i += 1;
            }
            ',' => {
                push(Token::Comma);
                i += 1;
            }
            c if is_name_start(c) => {
                let start = i;
                loop {
                    match chars.get(i) {
                        Some('"') | Some('`') | Some('[') => {
                            let close = match chars[i] {
                                '[' => ']',
                                q => q,
                            };
                            i += 1;
                            while i < chars.len() && chars[i] != close {
                                i += 1;
                            }
                            i += 1;
                        }
                        Some(&c) if c.is_alphanumeric() || c == '_' || c == '$' => i += 1,
                        _ => {}
                    }
                    // a dot continues the name: `schema.table`
                    if chars.get(i) == Some(&'.')
                        && chars.get(i + 1).is_some_and(|&n| is_name_start(n))
                    {
                        i += 1;
                        continue;
                    }
                    if chars
                        .get(i)
                        .is_some_and(|&n| n.is_alphanumeric() || n == '_' || n == '$')
                    {
                        continue;
                    }
                    break;
                }
                push(Token::Word(
                    &text[offsets[start]..offsets[i.min(chars.len())]],
                ));
            }
            _ => {
                push(Token::Other);
                i += 1;
            }
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '"' || c == '`' || c == '['
}
