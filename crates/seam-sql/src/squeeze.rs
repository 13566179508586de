//! Indentation removed before sqlparser reads a text: the same statements, fewer tokens.
//!
//! sqlparser's tokenizer makes one `Whitespace` token of every space, tab and newline, and a
//! heredoc's SQL is mostly indentation (LedgerSMB: 42,000 of its 98,000 bytes of SQL text are
//! whitespace); each token costs the tokenizer and then the parser, which steps over it, and a
//! text is tokenized again for every dialect that fails. [`squeezed`] drops each space or tab
//! that follows another whitespace byte, outside string literals, so that every run of
//! whitespace keeps its first byte and all its newlines.
//!
//! Why every dialect's answer is the same (statements or error, hence tables):
//! - Outside literals, quoted identifiers and comments, whitespace only separates tokens: the
//!   tokenizer ends every token at a whitespace byte and emits each whitespace byte as a token of
//!   its own. A run keeps its first byte, so two tokens stay apart, and a token that must be
//!   followed by whitespace (MySQL's `-- `) still is.
//! - The parser skips whitespace tokens, except where it looks at the token right after another
//!   (`peek_token_no_skip`: placeholders such as `:name`, hyphenated names, optimizer hints in
//!   comments, string literals continued after a newline). Each of those sees a whitespace token
//!   after the same token as before (the run's first byte), and a run keeps every newline.
//! - Inside a `'...'` literal nothing is dropped (a string may name a table: `CREATE TABLE
//!   'x  y'`). The only quote left is `'` (with `''` for a quote inside, in every dialect): a
//!   text that holds another quoting or comment character — `"`, `` ` ``, `[`, `\` (MySQL's
//!   escapes), `$` (PostgreSQL's dollar quotes), `#`, `--`, `/*` — is left as it is.
//!
//! `examples/dialects.rs` checks it on a corpus: each dialect's answer, squeezed and not.

use std::borrow::Cow;

/// `text` without the spaces and tabs that follow another whitespace byte outside `'...'`
/// literals; `text` itself when it holds a quoting or comment character other than `'` (see the
/// module documentation) or nothing to drop.
pub(crate) fn squeezed(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let other_quoting = bytes
        .iter()
        .any(|b| matches!(b, b'"' | b'`' | b'[' | b'\\' | b'$' | b'#'))
        || text.contains("--")
        || text.contains("/*");
    if other_quoting {
        return Cow::Borrowed(text);
    }
    let dropped = |i: usize, in_string: bool| {
        !in_string
            && i > 0
            && matches!(bytes[i], b' ' | b'\t')
            && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r')
    };
    let mut in_string = false;
    let mut out: Option<Vec<u8>> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if dropped(i, in_string) {
            out.get_or_insert_with(|| bytes[..i].to_vec());
            continue;
        }
        if b == b'\'' {
            in_string = !in_string;
        }
        if let Some(out) = &mut out {
            out.push(b);
        }
    }
    match out {
        // only ASCII spaces and tabs were taken out of valid UTF-8
        Some(out) => Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_indentation_outside_strings_only() {
        let text =
            "\n    SELECT a,  b\n\t  FROM t\n    WHERE c = '  two  spaces '  AND d = 'it''s  x'\n";
        assert_eq!(
            squeezed(text),
            "\nSELECT a, b\nFROM t\nWHERE c = '  two  spaces ' AND d = 'it''s  x'\n"
        );
        // nothing to drop: the text itself
        assert!(matches!(squeezed("SELECT a FROM t"), Cow::Borrowed(_)));
        // a run keeps its first byte and every newline
        assert_eq!(squeezed("a \n  \r\n  b"), "a \n\r\nb");
    }

    #[test]
    fn leaves_texts_with_other_quotes_or_comments_alone() {
        for text in [
            "SELECT  \"a  b\" FROM  t",
            "SELECT  `a  b` FROM  t",
            "SELECT  [a  b] FROM  t",
            "SELECT  'it\\'s  x' FROM  t",
            "SELECT  $$a  b$$ FROM  t",
            "SELECT  a FROM  t # it's  a comment",
            "SELECT  a FROM  t -- it's  a comment",
            "SELECT  a FROM  t /* it's  a comment */",
        ] {
            assert_eq!(squeezed(text), text);
        }
    }

    #[test]
    fn every_dialect_answers_the_same_squeezed() {
        // quoted table names with inner spaces, placeholders, newline-continued strings,
        // hyphens, a failing text
        for text in [
            "\n   SELECT a\n     FROM t  JOIN u  ON t.id = u.id\n    WHERE x = ?  AND y = :name\n",
            "CREATE TABLE  'my  table'  (id int)",
            "INSERT INTO  t (a,  b)\n  VALUES ('x  y',\n   'z')",
            "SELECT 'a'\n   'b'  FROM   t",
            "UPDATE  t  SET  a = 1 -  2  WHERE  b  =  3",
            "SELECT  a  FROM  t  seam_perl_variable",
            "WITH  x AS (SELECT  1)  SELECT  *  FROM  x,  y",
        ] {
            assert_ne!(squeezed(text), text, "{text:?} has indentation to drop");
            // errors name other columns: compare parsed or not, and the tables
            let answers = |squeeze| {
                crate::each_dialect(text, squeeze)
                    .into_iter()
                    .map(|(name, answer)| (name, answer.ok()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(answers(true), answers(false), "{text:?}");
        }
    }
}
