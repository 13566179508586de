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
    // the keyword each token is (lowercase), "" for any other token, looked up once per token:
    // every comparison below is with one of KEYWORDS, so no word needs a lowercase copy
    let keywords: Vec<&'static str> = tokens
        .iter()
        .map(|token| match token {
            Token::Word(w) => keyword(w),
            _ => "",
        })
        .collect();
    let word = |i: usize| keywords.get(i).copied().unwrap_or("");
    // `name AS (` is a CTE: a name the statement defines, not a table (they only filter the
    // reads, found with `reads` alone)
    let ctes: Vec<String> = if reads {
        (0..tokens.len().saturating_sub(2))
            .filter(|&i| word(i + 1) == "as" && tokens.get(i + 2) == Some(&Token::Open))
            .filter_map(|i| match tokens[i] {
                Token::Word(w) => Some(table_name(w)),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
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

/// Every word [`scan`] compares a token with, lowercase, by length: `KEYWORDS[n]` holds the
/// words of `n` bytes (a comparison with a word missing here would never hold: add it here first,
/// in the list of its length).
const KEYWORDS: [&[&str]; 13] = [
    &[],
    &[],
    &["as", "on", "no", "if"],
    &["for", "key", "not"],
    &["join", "into", "only", "from", "view", "drop", "temp"],
    &["table", "alter", "local", "index"],
    &["update", "delete", "create", "global", "exists"],
    &["replace"],
    &["truncate", "unlogged"],
    &["temporary"],
    &[],
    &[],
    &["materialized"],
];

/// The lowercase keyword of [`KEYWORDS`] that `word` is (ASCII case ignored), else "": compared
/// only with the keywords of its length.
fn keyword(word: &str) -> &'static str {
    KEYWORDS
        .get(word.len())
        .and_then(|same_length| same_length.iter().find(|k| word.eq_ignore_ascii_case(k)))
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
///
/// Walks `text` by byte offset, decoding a `char` only where one is looked at: every byte the
/// rules below compare with is ASCII, so a step over an ASCII character is one byte and a step
/// over any other is its UTF-8 length, and `i` stays on a character boundary.
fn each_token<'a>(text: &'a str, mut emit: impl FnMut(Token<'a>, u32)) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    // the character at byte offset `i` (a boundary), if any; an ASCII byte is its character
    let at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    };
    // the offset of the character after the one at `i`
    let after = |i: usize| match bytes.get(i) {
        Some(&b) if !b.is_ascii() => i + at(i).map_or(1, char::len_utf8),
        _ => i + 1,
    };
    let mut i = 0;
    let mut line = 1u32;
    let mut counted = 0;
    while i < len {
        // lines up to the token's start
        line += bytes[counted..i].iter().filter(|&&b| b == b'\n').count() as u32;
        counted = i;
        let c = at(i).unwrap_or('\0');
        let mut push = |token: Token<'a>| emit(token, line);
        match c {
            c if c.is_whitespace() => i = after(i),
            '-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < len && bytes[i] != b'\n' {
                    i = after(i);
                }
            }
            '/' if bytes.get(i + 1) == Some(&b'*') => {
                // to the byte after the closing `*/`, or the end (unterminated)
                i = text[i + 2..].find("*/").map_or(len, |end| i + 2 + end + 2);
            }
            '\'' => {
                i += 1;
                while i < len {
                    if bytes[i] == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                    } else if bytes[i] == b'\'' {
                        break;
                    } else {
                        i = after(i);
                    }
                }
                // past the closing quote (or the end)
                i = (i + 1).min(len);
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
                let name_part = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
                loop {
                    match at(i) {
                        Some(open @ ('"' | '`' | '[')) => {
                            let close = if open == '[' { b']' } else { open as u8 };
                            // to the byte after the closing quote, or the end (unterminated)
                            i = bytes[i + 1..]
                                .iter()
                                .position(|&b| b == close)
                                .map_or(len, |end| i + 1 + end + 1);
                        }
                        Some(c) if name_part(c) => i = after(i),
                        _ => {}
                    }
                    // a dot continues the name: `schema.table`
                    if bytes.get(i) == Some(&b'.') && at(i + 1).is_some_and(is_name_start) {
                        i += 1;
                        continue;
                    }
                    if at(i).is_some_and(name_part) {
                        continue;
                    }
                    break;
                }
                push(Token::Word(&text[start..i]));
            }
            _ => {
                push(Token::Other);
                i = after(i);
            }
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '"' || c == '`' || c == '['
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as it was before it walked bytes (one `char` per index, over a collected
    /// `Vec<char>`): the reference [`each_token`] must agree with.
    fn each_token_by_chars(text: &str) -> Vec<(Token<'_>, u32)> {
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let (mut i, mut line, mut counted) = (0, 1u32, 0);
        while i < chars.len() {
            line += chars[counted..i].iter().filter(|&&c| c == '\n').count() as u32;
            counted = i;
            match chars[i] {
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
                    out.push((Token::Other, line));
                }
                '(' => {
                    out.push((Token::Open, line));
                    i += 1;
                }
                ',' => {
                    out.push((Token::Comma, line));
                    i += 1;
                }
                c if is_name_start(c) => {
                    let start = i;
                    loop {
                        match chars.get(i) {
                            Some('"') | Some('`') | Some('[') => {
                                let close = if chars[i] == '[' { ']' } else { chars[i] };
                                i += 1;
                                while i < chars.len() && chars[i] != close {
                                    i += 1;
                                }
                                i += 1;
                            }
                            Some(&c) if c.is_alphanumeric() || c == '_' || c == '$' => i += 1,
                            _ => {}
                        }
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
                    let word = &text[offsets[start]..offsets[i.min(chars.len())]];
                    out.push((Token::Word(word), line));
                }
                _ => {
                    out.push((Token::Other, line));
                    i += 1;
                }
            }
        }
        out
    }

    fn by_bytes(text: &str) -> Vec<(Token<'_>, u32)> {
        let mut out = Vec::new();
        each_token(text, |token, line| out.push((token, line)));
        out
    }

    #[test]
    fn each_keyword_is_listed_under_its_length_and_found() {
        for (length, same_length) in KEYWORDS.iter().enumerate() {
            for k in *same_length {
                assert_eq!(k.len(), length, "{k}");
                assert_eq!(keyword(k), *k);
                assert_eq!(keyword(&k.to_uppercase()), *k);
            }
        }
        assert_eq!(keyword("intO"), "into");
        assert_eq!(keyword("tables"), "");
        assert_eq!(keyword("a_very_long_column_name"), "");
    }

    #[test]
    fn walking_bytes_gives_the_tokens_walking_chars_gave() {
        for text in [
            "SELECT a, b FROM \"s\".\"t\" JOIN `u` ON [x].y = 'it''s'\n-- c\n/* d */ (z)",
            "INSERT INTO tätä (é, ü) VALUES ('ö\u{2028}x', 1)\u{a0}\u{3000}WHERE",
            "unterminated 'string",
            "unterminated /* comment *",
            "/*/",
            "/*",
            "a -- comment without newline",
            "name.\"unterminated",
            "[unterminated",
            "a.b.c. .d ..e $x x$y _z 9a",
            "'é''ü' 'ö' /* é */ -- é\nü",
            "",
        ] {
            assert_eq!(by_bytes(text), each_token_by_chars(text), "{text:?}");
        }
        // every short string over an alphabet of the characters the rules look at
        let alphabet = [
            "a", "Z", "é", "1", "_", "$", ".", "\"", "`", "[", "]", "'", "-", "/", "*", "(", ",",
            " ", "\n", "\u{a0}", "ü", ";",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next() % 12 {
                text.push_str(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            assert_eq!(by_bytes(&text), each_token_by_chars(&text), "{text:?}");
        }
    }
}
