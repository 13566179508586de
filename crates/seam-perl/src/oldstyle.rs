//! Perl 4 package separators: `Foo'Bar` means `Foo::Bar`.
//!
//! The grammar reads the `'` as the start of a string, which swallows the rest of the line (or
//! file). Before parsing, each `'` that sits between two identifiers in a name position is
//! replaced by `_` *in the parser's copy only*: offsets stay the same, and every name is read back
//! from the original bytes and normalised there.

use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Words after which `'` opens a quoted string rather than separating a package name.
const QUOTING_WORDS: &[&[u8]] = &[
    b"q", b"qq", b"qw", b"qr", b"qx", b"m", b"s", b"tr", b"y", b"print", b"printf", b"say",
    b"return", b"split", b"join", b"die", b"warn", b"eq", b"ne", b"lt", b"gt", b"le", b"ge",
    b"cmp", b"x", b"and", b"or", b"not", b"if", b"unless",
];

fn candidate() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // identifier ' identifier, not followed by another quote (that would be a real string)
    RE.get_or_init(|| {
        Regex::new(r"([A-Za-z_][A-Za-z0-9_]*)'([A-Za-z_][A-Za-z0-9_]*)").expect("valid regex")
    })
}

/// Returns the source the parser should see: `source` itself unless it uses old-style separators.
pub fn parser_source(source: &[u8]) -> Cow<'_, [u8]> {
    let mut rewritten: Option<Vec<u8>> = None;
    // the separator rewritten last: `A'B'c` is a chain, its second `'` follows the first
    let mut chained_quote = None;
    let mut at = 0;
    while let Some(caps) = candidate().captures_at(source, at) {
        let (Some(first), Some(second)) = (caps.get(1), caps.get(2)) else {
            break;
        };
        // overlapping search: `B` in `A'B'c` is the second name of one pair and the first of the next
        at = second.start();
        let before_at = first.start().checked_sub(1);
        let before = before_at.map(|i| source[i]);
        let after = source.get(second.end()).copied();
        let chained = before_at.is_some() && before_at == chained_quote;
        let name_position = chained
            || !matches!(before, Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b == b'"' || b == b'\\');
        // `'B'` closes a string unless another name follows (`A'B'c`)
        let continues = source
            .get(second.end() + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        let not_a_string = after.is_some() && (after != Some(b'\'') || continues);
        if name_position && not_a_string && !QUOTING_WORDS.contains(&first.as_bytes()) {
            let buffer = rewritten.get_or_insert_with(|| source.to_vec());
            buffer[first.end()] = b'_';
            chained_quote = Some(first.end());
        } else {
            chained_quote = None;
        }
    }
    rewritten.map_or(Cow::Borrowed(source), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_names_but_not_strings() {
        assert_eq!(&*parser_source(b"package Foo'Bar;"), b"package Foo_Bar;");
        assert_eq!(&*parser_source(b"Foo'Bar->new"), b"Foo_Bar->new");
        assert_eq!(&*parser_source(b"A'B'c(1)"), b"A_B_c(1)");
        assert_eq!(&*parser_source(b"$A'B'c;"), b"$A_B_c;");
        assert_eq!(&*parser_source(b"print 'x'"), b"print 'x'");
        assert_eq!(&*parser_source(b"q'a'"), b"q'a'");
        assert_eq!(&*parser_source(b"print \"don't\""), b"print \"don't\"");
        assert!(matches!(parser_source(b"no quote here"), Cow::Borrowed(_)));
    }
}
