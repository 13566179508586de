//! Texts the PostgreSQL dialect cannot parse because of a DBI `?` placeholder: skipping that
//! dialect for them changes no answer and saves a tokenization and a failed parse.
//!
//! PostgreSQL is tried first (`DIALECTS` in lib.rs), and its tokenizer reads `?` as the jsonb
//! operator `Token::Question`, never as a placeholder; Perl's DBI code writes `WHERE id = ?`,
//! so most statements with a placeholder fail that dialect (LedgerSMB: 273 of its 293 PostgreSQL
//! failures are `Expected: an expression, found: ?`) and are parsed again by MySQL. When
//! [`postgresql_fails`] says so, `parsed` starts at MySQL: the answer is the one the chain gave,
//! because PostgreSQL would have failed.
//!
//! **The class.** A text (as sqlparser receives it: placeholders filled, whitespace squeezed)
//! such that
//! 1. it holds none of `"` `` ` `` `[` `{` `\` `$` `#` `|` `--` `/*`, nor the word `operator`
//!    (any case), and no `;` but at its end (one statement; only `'...'` literals, no other
//!    quoting, no comment, no COPY data: the tokens are plain);
//! 2. it has a `?`, outside `'...'` literals, not followed by `|` `&` `-` `#`, whose previous
//!    non-whitespace byte is `(`, `,` or a lone `=` (the byte before the `=` is a letter, digit,
//!    `_`, `)`, `'` or whitespace).
//!
//! **Why PostgreSQL fails on it** (sqlparser 0.64, `src/tokenizer.rs` and `src/parser/mod.rs`,
//! read for this; an upgrade must read them again — `examples/dialects.rs` measures it too):
//! - Tokens. Outside literals, with none of the characters of 1, the PostgreSQL tokenizer emits
//!   `(` as `LParen`, `,` as `Comma`, a `=` not followed by `>` or `=` and not glued to an
//!   operator character before it as `Eq`, and `?` not followed by `| & - #` as
//!   `Token::Question` (the branch for dialects with geometric types: `?` is never a
//!   `Placeholder` there). Whitespace between them is whitespace tokens, which the parser
//!   skips. So the parser meets `Question` right after `LParen`, `Comma` or `Eq`.
//! - Consumers. A successful parse consumes every token. In the parser, `Token::Question` is
//!   named in one place only: the binary-operator table of `parse_infix` (with its precedence in
//!   `PostgreSqlDialect::get_next_precedence`); `PostgreSqlDialect` overrides neither
//!   `parse_prefix`, `parse_infix` nor `parse_statement`. `parse_infix` is reached only after
//!   a complete expression, and no expression ends with `(`, `,` or `=` (a `(` is consumed with
//!   its `)`, a `,` separates list items, `=` is itself an infix operator awaiting its right
//!   operand). Every other `next_token`/`advance_token` site matches the token against named
//!   kinds (`Word`, literals, `Number`, `Placeholder`, ...) with an error or a `prev_token` for
//!   anything else, except these, which take any token: operator names after `OPERATOR (`
//!   (`parse_operator_name`, `parse_pg_operator_ident_parts`: excluded, the word `operator`),
//!   after `USING` in `ORDER BY` and after `WITH` in `EXCLUDE` (not `(`, `,` or `=`), ODBC
//!   escapes after `{` (excluded), and `parse_identifiers`, which skips tokens up to `=`/`;`
//!   for `SHOW` and `|> DROP` (a statement does not start with `SHOW` here — `looks_like_sql`
//!   — and `|` is excluded). The skip-whitespace loops (`next_token_no_skip`) take only
//!   whitespace. So no parse of the text succeeds: PostgreSQL fails, and the chain's answer is
//!   the next dialect's.
//!
//! Measured (`examples/dialects.rs`): on the dev corpus no text of the class is parsed by
//! PostgreSQL.

/// Whether PostgreSQL's dialect certainly fails on `text` (the text sqlparser receives): it is
/// in the class of the module documentation.
pub(crate) fn postgresql_fails(text: &str) -> bool {
    // most texts without a placeholder are answered by the first, cheapest test
    text.contains('?') && has_question_after_operand_start(text.as_bytes()) && plain_tokens(text)
}

/// Condition 1: no other quoting, comment, brace, pipe, `OPERATOR`, or inner `;` (one pass over
/// the bytes: this runs on every SQL text parsed).
fn plain_tokens(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let rest = &bytes[i + 1..];
        let plain = match b {
            b'"' | b'`' | b'[' | b'{' | b'\\' | b'$' | b'#' | b'|' => false,
            b'-' => rest.first() != Some(&b'-'),
            b'/' => rest.first() != Some(&b'*'),
            // a statement's end: only more `;` and whitespace may follow
            b';' => rest.iter().all(|&b| b == b';' || b.is_ascii_whitespace()),
            b'o' | b'O' => !starts_with_ignore_case(rest, b"perator"),
            _ => true,
        };
        if !plain {
            return false;
        }
    }
    true
}

/// Whether `bytes` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Condition 2: a `?` outside `'...'` literals that PostgreSQL tokenizes as `Question`, right
/// after `(`, `,` or a lone `=` (whitespace between).
fn has_question_after_operand_start(bytes: &[u8]) -> bool {
    let mut in_string = false;
    // the last non-whitespace byte outside literals, and where it is
    let mut previous: Option<(usize, u8)> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\'' {
            // `''` inside a literal toggles twice: still inside
            in_string = !in_string;
            previous = Some((i, b));
            continue;
        }
        if in_string || b.is_ascii_whitespace() {
            continue;
        }
        if b == b'?' && question_token(bytes.get(i + 1)) {
            let opens_operand = match previous {
                Some((_, b'(' | b',')) => true,
                Some((at, b'=')) => lone_equals(bytes, at),
                _ => false,
            };
            if opens_operand {
                return true;
            }
        }
        previous = Some((i, b));
    }
    false
}

/// Whether a `?` followed by `next` is PostgreSQL's `Token::Question` (not `?|`, `?&`, `?-`,
/// `?#`, `?-|`, `?||`).
fn question_token(next: Option<&u8>) -> bool {
    !matches!(next, Some(b'|' | b'&' | b'-' | b'#'))
}

/// Whether the `=` at `at` is a token of its own (`Eq`): not glued to an operator character
/// before it (`<=`, `!=`, `:=`, `@=`...) and not `==`/`=>` (the byte after it is checked by the
/// caller: the `?` follows it, after whitespace at most).
fn lone_equals(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1);
    if matches!(next, Some(b'=' | b'>')) {
        return false;
    }
    match at.checked_sub(1).map(|i| bytes[i]) {
        None => true,
        Some(b) => b.is_ascii_alphanumeric() || b.is_ascii_whitespace() || b"_)'".contains(&b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_where_an_operand_starts() {
        for text in [
            "SELECT a FROM t WHERE id = ?",
            "SELECT a FROM t WHERE id=? AND b = 'x'",
            "INSERT INTO t (a, b) VALUES (?, ?)",
            "INSERT INTO t (a, b) VALUES (1,?)",
            "UPDATE t SET a = ? WHERE b = 1;",
            "SELECT f(?) FROM t",
            "SELECT a FROM t WHERE 'x' = ?",
        ] {
            assert!(postgresql_fails(text), "{text:?}");
        }
    }

    #[test]
    fn not_when_the_question_mark_may_be_read() {
        for text in [
            // an operator, or no placeholder
            "SELECT a FROM t WHERE doc ? 'key'",
            "SELECT a FROM t WHERE doc ?| array['a']",
            "SELECT a FROM t WHERE id = 1",
            // inside a literal
            "SELECT a FROM t WHERE b = '?'",
            "SELECT a FROM t WHERE b = 'it''s (?'",
            // glued operators
            "SELECT a FROM t WHERE b <= ?",
            "SELECT a FROM t WHERE b != ?",
            "SELECT a FROM t WHERE b == ?",
            "SELECT a FROM t WHERE b = ?- 1",
            // other quoting, comments, several statements, OPERATOR
            "SELECT \"a\" FROM t WHERE b = ?",
            "SELECT a FROM t WHERE b = ? -- c",
            "SELECT a FROM t WHERE b = ?; DELETE FROM u",
            "SELECT a FROM t WHERE b OPERATOR(?) c",
            "SELECT a FROM t WHERE b = $1 OR c = ?",
            "SELECT {d ?} FROM t WHERE b = ?",
        ] {
            assert!(!postgresql_fails(text), "{text:?}");
        }
    }

    #[test]
    fn postgresql_fails_on_the_class_and_mysql_answers() {
        for text in [
            "SELECT a FROM t WHERE id = ?",
            "INSERT INTO t (a, b) VALUES (?, ?)",
            "UPDATE t SET a = ? WHERE b IN (?, ?)",
            "DELETE FROM t WHERE f(?) = 1",
            "SELECT a FROM ONLY t WHERE b = ?",
        ] {
            assert!(postgresql_fails(text));
            let answers = crate::each_dialect(text, false);
            assert_eq!(answers[0].0, "postgresql");
            assert!(answers[0].1.is_err(), "{text:?}: {answers:?}");
            assert!(answers[1].1.is_ok(), "{text:?}: {answers:?}");
        }
    }
}
