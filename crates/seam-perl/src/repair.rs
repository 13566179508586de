//! Names the grammar cannot read, repaired in the parser's copy of the source.
//!
//! Both repairs replace single bytes *in the parser's copy only*: offsets stay the same, and every
//! name is read back from the original bytes and normalised there.
//!
//! - Perl 4 package separators: `Foo'Bar` means `Foo::Bar`. The grammar reads the `'` as the start
//!   of a string, which swallows the rest of the line (or file). Each `'` that sits between two
//!   identifiers in a name position becomes `_`.
//! - Segments that start with a digit: `App::WS::2::Artist`, `App::Entity::URL::45cat` are valid
//!   package names, but the grammar ends the name at `::` and reads `2` as a number (a version,
//!   a call argument), so the name is cut and the rest becomes an error or a call to `main::Utils`.
//!   The first digit of each such segment becomes `_` (`App::WS::_::Artist`), which the grammar
//!   reads as one name wherever a name can stand.

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

/// Returns the source the parser should see: `source` itself unless it uses old-style separators
/// or digit-led name segments.
pub fn parser_source(source: &[u8]) -> Cow<'_, [u8]> {
    let mut buffer = Vec::new();
    if repair_into(source, &mut buffer) {
        Cow::Owned(buffer)
    } else {
        Cow::Borrowed(source)
    }
}

/// [`parser_source`] into a buffer the caller keeps across files (one per extractor): when
/// `source` needs a repair, it is copied into `buffer` (cleared first), repaired there, and
/// `true` is returned; else `buffer` is left alone and the parser reads `source` itself. Reusing
/// the buffer spares the ~40% of files with a repair an allocation and fresh pages each.
pub fn repair_into(source: &[u8], buffer: &mut Vec<u8>) -> bool {
    let mut repaired = Vec::new();
    old_separators(source, &mut repaired);
    digit_segments(source, &mut repaired);
    if repaired.is_empty() {
        return false;
    }
    buffer.clear();
    buffer.extend_from_slice(source);
    for at in repaired {
        buffer[at] = b'_';
    }
    true
}

/// `Foo::2` (`::` after a word character, then a digit): the digit becomes `_` (its offset is
/// pushed to `repaired`). In code this is always a name (Perl has no other `word::digit`); inside
/// strings, comments and POD the parser's copy changes nothing that is read.
fn digit_segments(source: &[u8], repaired: &mut Vec<usize>) {
    let mut at = 0;
    while let Some(found) = find_separator(&source[at..]) {
        let separator = at + found;
        let digit = separator + 2;
        let after_word = separator > 0 && is_word(source[separator - 1]);
        if after_word && source.get(digit).is_some_and(u8::is_ascii_digit) {
            repaired.push(digit);
        }
        at = separator + 2;
    }
}

/// Offset of the next `::` in `bytes` (`memmem`: every file is scanned whole, before it is
/// parsed).
fn find_separator(bytes: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes, b"::")
}

/// When the `'` at `quote` opens a quote-like operator (`q'`, `qq'`, `qw'`, `qr'`, `qx'`, `m'`:
/// one more `'` closes it; `s'`, `tr'`, `y'`: two more), how many closing `'` follow.
fn quote_operator_delimiters(source: &[u8], quote: usize) -> Option<usize> {
    let start = word_before(source, quote)?;
    // `$q'x` is a variable and `Foo::q'x` a name, not an operator
    if start > 0 && matches!(source[start - 1], b'$' | b'@' | b'%' | b'&' | b':' | b'>') {
        return None;
    }
    match &source[start..quote] {
        b"q" | b"qq" | b"qw" | b"qr" | b"qx" | b"m" => Some(1),
        b"s" | b"tr" | b"y" => Some(2),
        _ => None,
    }
}

/// The offset of the `count`-th unescaped `'` at or after `from`.
fn closing_quote(source: &[u8], from: usize, count: usize) -> Option<usize> {
    let mut found = 0;
    let mut i = from;
    while i < source.len() {
        match source[i] {
            b'\\' => i += 1,
            b'\'' => {
                found += 1;
                if found == count {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Perl 4 separators: each `'` between two identifiers in a name position becomes `_` (its
/// offset is pushed to `repaired`).
fn old_separators(source: &[u8], repaired: &mut Vec<usize>) {
    // the separator rewritten last: in `A'B'c` the second `'` continues the chain of the first
    let mut chained_quote: Option<usize> = None;
    let quotes = memchr::memchr_iter(b'\'', source);
    // the end of a `q'...'`, `qr'...'`, `s'...'...'` quoted with `'`: nothing inside is a name
    let mut quoted_until = 0;
    for quote in quotes {
        if quote < quoted_until {
            continue;
        }
        if let Some(closing) = quote_operator_delimiters(source, quote) {
            quoted_until =
                closing_quote(source, quote + 1, closing).map_or(source.len(), |c| c + 1);
            chained_quote = None;
            continue;
        }
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
            repaired.push(quote);
            chained_quote = Some(quote);
        } else {
            chained_quote = None;
        }
    }
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
        // the closing `'` of a `qr'...'` after a word is no separator
        assert_eq!(
            &*parser_source(b"qr'a|do_it'i; Foo'Bar->x"),
            b"qr'a|do_it'i; Foo_Bar->x"
        );
        assert_eq!(&*parser_source(b"s'a'b'g; A'B;"), b"s'a'b'g; A_B;");
        assert_eq!(&*parser_source(b"print \"don't\""), b"print \"don't\"");
        assert!(matches!(parser_source(b"no quote here"), Cow::Borrowed(_)));
    }

    #[test]
    fn repairs_into_a_reused_buffer() {
        let mut buffer = Vec::new();
        assert!(repair_into(b"package Foo'Bar; use A::2::B;", &mut buffer));
        assert_eq!(buffer, b"package Foo_Bar; use A::_::B;");
        // nothing to repair: the buffer is not touched (the parser reads the source itself)
        assert!(!repair_into(b"package Foo;", &mut buffer));
        assert_eq!(buffer, b"package Foo_Bar; use A::_::B;");
        // a shorter file after a longer one: only its own bytes
        assert!(repair_into(b"A'B;", &mut buffer));
        assert_eq!(buffer, b"A_B;");
    }

    #[test]
    fn rewrites_digit_led_segments() {
        assert_eq!(
            &*parser_source(b"package App::WS::2::Artist;"),
            b"package App::WS::_::Artist;"
        );
        assert_eq!(&*parser_source(b"use A::45cat;"), b"use A::_5cat;");
        assert_eq!(&*parser_source(b"A::2::3::B->new"), b"A::_::_::B->new");
        assert_eq!(&*parser_source(b"$A::2::x"), b"$A::_::x");
        // not a name: `::2` alone, a ternary, a space after the separator
        assert!(matches!(parser_source(b"x ? y : 2"), Cow::Borrowed(_)));
        assert!(matches!(parser_source(b"::2"), Cow::Borrowed(_)));
        assert!(matches!(parser_source(b"Foo:: 2"), Cow::Borrowed(_)));
    }
}
