//! Perl 4 package separators: `Foo'Bar` means `Foo::Bar`.
//!
//! The grammar reads the `'` as the start of a string, which swallows the rest of the line (or
//! file). Before parsing, each `'` that sits between two identifiers in a name position is
//! replaced by `_` *in the parser's copy only*: offsets stay the same, and every name is read back
//! from the original bytes and normalised there.

use std::borrow::Cow;

/// Words after which `'` opens a quoted string rather than separating a package name.
const QUOTING_WORDS: &[&[u8]] = &[
    b"q", b"qq", b"qw", b"qr", b"qx", b"m", b"s", b"tr", b"y", b"print", b"printf", b"say",
    b"return", b"split", b"join", b"die", b"warn", b"eq", b"ne", b"lt", b"gt", b"le", b"ge",
    b"cmp", b"x", b"and", b"or", b"not", b"if", b"unless",
];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The identifier ending just before `end` (start offset), if there is one.
fn word_before(source: &[u8], end: usize) -> Option<usize> {
    let start = source[..end]
        .iter()
        .rposition(|&b| !is_word(b))
        .map_or(0, |i| i + 1);
    let first = *source.get(start)?;
    (start < end && (first.is_ascii_alphabetic() || first == b'_')).then_some(start)
}

/// The identifier starting at `start` (end offset), if there is one.
fn word_after(source: &[u8], start: usize) -> Option<usize> {
    let first = *source.get(start)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    Some(
        source[start..]
            .iter()
            .position(|&b| !is_word(b))
            .map_or(source.len(), |i| start + i),
    )
}

/// Returns the source the parser should see: `source` itself unless it uses old-style separators.
pub fn parser_source(source: &[u8]) -> Cow<'_, [u8]> {
    let mut rewritten: Option<Vec<u8>> = None;
    // the separator rewritten last: in `A'B'c` the second `'` continues the chain of the first
    let mut chained_quote: Option<usize> = None;
    let quotes = source
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\'')
        .map(|(i, _)| i);
    for quote in quotes {
        let (Some(first_start), Some(second_end)) =
            (word_before(source, quote), word_after(source, quote + 1))
        else {
            chained_quote = None;
            continue;
        };
        let first = &source[first_start..quote];
        let before = first_start.checked_sub(1).map(|i| source[i]);
        let after = source.get(second_end).copied();
        let chained = before == Some(b'\'') && chained_quote == Some(first_start - 1);
        let name_position = chained
            || !matches!(before, Some(b) if is_word(b) || b == b'\'' || b == b'"' || b == b'\\');
        // `'B'` closes a string unless another name follows (`A'B'c`)
        let continues = source
            .get(second_end + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        let not_a_string = after.is_some() && (after != Some(b'\'') || continues);
        if name_position && not_a_string && !QUOTING_WORDS.contains(&first) {
            rewritten.get_or_insert_with(|| source.to_vec())[quote] = b'_';
            chained_quote = Some(quote);
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
