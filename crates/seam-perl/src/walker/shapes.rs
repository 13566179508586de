//! The plain shapes the walk does not look under (`Descend`), recognised by their text.
//!
//! Each function reads a node's source text and says whether it has exactly the shape its rule
//! allows; those returning a count give the node's descendant count (itself, its named nodes and
//! its tokens) that text implies, which the walker checks against the tree: a shape the grammar
//! read otherwise (a key parsed as a call, a recovered error) does not match and is looked under.
//! None allows a space where a comment, POD or a heredoc body could stand (the grammar's extras)
//! but between a keyword and what follows it on one line, and none allows `::` or `'` in a name,
//! so every variable under a skipped node is unqualified (a qualified one is a pattern's match).

/// The longest text a plain shape is looked for in: longer ones are looked under unread, so
/// the checks cost a bounded scan per node.
const LONGEST: usize = 160;

/// Where `needle` first occurs in `text` (a plain loop: these texts are short, and building a
/// `memmem` finder costs more than scanning them).
fn find(text: &[u8], needle: &[u8]) -> Option<usize> {
    text.windows(needle.len()).position(|w| w == needle)
}

/// The end of the identifier (`[A-Za-z_][A-Za-z0-9_]*`) that starts at `at`.
fn ident(text: &[u8], at: usize) -> Option<usize> {
    let first = *text.get(at)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = text[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    Some(at + len)
}

/// The end of a plain scalar (`$name`) that starts at `at`.
fn plain_scalar(text: &[u8], at: usize) -> Option<usize> {
    (text.get(at) == Some(&b'$')).then_some(())?;
    ident(text, at + 1)
}

/// The end of the spaces and tabs from `at` (at least one when `required`).
fn blanks(text: &[u8], at: usize, required: bool) -> Option<usize> {
    let len = text[at.min(text.len())..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (!required || len > 0).then_some(at + len)
}

/// `@$x`, `%$x`, `$$x`: a sigil on a plain scalar (the variable, its sigil, the `varname` that
/// holds the scalar, the scalar, its sigil and its name: six nodes).
pub(super) fn plain_deref(text: &[u8]) -> bool {
    matches!(text.first(), Some(b'$' | b'@' | b'%')) && plain_scalar(text, 1) == Some(text.len())
}

/// `"..."` on one line with no `{`, `[`, `'` or `::`: what it interpolates, if anything, is
/// plain variables (`"Hello $name, @list"`): no element, no qualified name (`$Foo::x`,
/// `$Foo'x`), no code block (`@{[ ... ]}`, `${\ ... }`).
pub(super) fn plain_double_quoted(text: &[u8]) -> bool {
    (2..=LONGEST).contains(&text.len())
        && text[0] == b'"'
        && text[text.len() - 1] == b'"'
        && !text
            .iter()
            .any(|b| matches!(b, b'{' | b'[' | b'\'' | b'\n' | b'\r'))
        && find(text, b"::").is_none()
}

/// `$h{key}`, `$x->{key}`, `$a[0]`, `$x->[$i]{key}`...: a plain scalar then one or more
/// subscripts of a word, a number or a plain scalar, each after an optional `->`. The descendant
/// count: the head (variable, sigil, name), per subscript its element node, its `->`, its
/// brackets and what they hold (a word or number: one node; a scalar: three).
pub(super) fn plain_subscripts(text: &[u8]) -> Option<usize> {
    let mut at = plain_scalar(text, 0)?;
    let mut count = 3;
    let mut subscripts = 0;
    while at < text.len() {
        if text[at..].starts_with(b"->") {
            at += 2;
            count += 1;
        }
        let close = match text.get(at)? {
            b'{' => b'}',
            b'[' => b']',
            _ => return None,
        };
        at += 1;
        let inner = if let Some(end) = plain_scalar(text, at) {
            count += 3;
            end
        } else if close == b'}' {
            count += 1;
            ident(text, at)?
        } else {
            count += 1;
            let digits = text[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            (digits > 0).then_some(at + digits)?
        };
        (text.get(inner) == Some(&close)).then_some(())?;
        at = inner + 1;
        count += 3; // the element node and its two brackets
        subscripts += 1;
    }
    (subscripts > 0).then_some(count)
}

/// `my $x`, `our @list`, `state %h`, `my ($a, $b)`: a declarator and plain variables. The
/// descendant count: the declaration, its keyword, three per variable, and the parentheses and
/// commas of a list.
pub(super) fn plain_declaration(text: &[u8]) -> Option<usize> {
    let keyword = ident(text, 0)?;
    if !matches!(&text[..keyword], b"my" | b"our" | b"state") {
        return None;
    }
    let at = blanks(text, keyword, true)?;
    let variable = |at: usize| -> Option<usize> {
        matches!(text.get(at)?, b'$' | b'@' | b'%')
            .then_some(())
            .and_then(|_| ident(text, at + 1))
    };
    if text.get(at) != Some(&b'(') {
        return (variable(at)? == text.len()).then_some(5);
    }
    let mut count = 4; // the declaration, its keyword, the parentheses
    let mut at = blanks(text, at + 1, false)?;
    loop {
        at = variable(at)?;
        count += 3;
        at = blanks(text, at, false)?;
        match text.get(at)? {
            b')' => break,
            b',' => {
                count += 1;
                at = blanks(text, at + 1, false)?;
            }
            _ => return None,
        }
    }
    (at + 1 == text.len()).then_some(count)
}

/// A plain operand spanning `text[at..end]`, and its descendant count: a plain variable
/// (`$x`, `@_`, `%h`: three), plain subscripts (`$self->{dbh}`), a dereference of a plain scalar
/// (`@$x`: six), of plain subscripts in a block (`@{$self->{list}}`: the variable, its sigil, the
/// `varname`, the block, its braces, the statement, and what it holds) or a number (one).
fn plain_operand(text: &[u8], at: usize, end: usize) -> Option<usize> {
    let text = text.get(at..end)?;
    let first = *text.first()?;
    if first.is_ascii_digit() {
        return text.iter().all(u8::is_ascii_digit).then_some(1);
    }
    if !matches!(first, b'$' | b'@' | b'%') {
        return None;
    }
    if ident(text, 1) == Some(text.len()) {
        return Some(3);
    }
    if plain_deref(text) {
        return Some(6);
    }
    if let [_, b'{', inner @ .., b'}'] = text {
        let inner = if plain_scalar(inner, 0) == Some(inner.len()) {
            3
        } else {
            plain_subscripts(inner)?
        };
        return Some(7 + inner);
    }
    plain_subscripts(text)
}

/// Plain operands separated by commas (and blanks) spanning `text`: their count, and the
/// count of their `list_expression` when there are more than one.
fn plain_list(text: &[u8]) -> Option<usize> {
    let mut count = 0;
    let mut items = 0;
    for item in text.split(|b| *b == b',') {
        let start = blanks(item, 0, false)?;
        let stop = item.len() - item.iter().rev().take_while(|b| **b == b' ').count();
        (start < stop).then_some(())?;
        count += plain_operand(item, start, stop)?;
        items += 1;
    }
    if items > 1 {
        count += 1 + (items - 1);
    }
    Some(count)
}

/// `$a, $b`: a `list_expression` of plain operands.
pub(super) fn plain_list_expression(text: &[u8]) -> Option<usize> {
    (text.len() <= LONGEST).then_some(())?;
    text.contains(&b',').then_some(())?;
    plain_list(text)
}

/// `my $x = $y`, `my ($self, $x) = @_`, `$x = 0`, `my $self = shift`, `my %h = ()`: a plain
/// left side (a `my`/`state` declaration, not `our`, whose declared names are a pattern's
/// match) and a plain right side. The count: the assignment, its `=`, both sides.
pub(super) fn plain_assignment(text: &[u8]) -> Option<usize> {
    (text.len() <= LONGEST).then_some(())?;
    let equals = find(text, b" = ")?;
    let left = &text[..equals];
    let left = if left.starts_with(b"our") {
        return None;
    } else if let Some(count) = plain_declaration(left) {
        count
    } else {
        plain_operand(left, 0, left.len())?
    };
    let right = &text[equals + 3..];
    let right = match right {
        b"shift" => 2,
        b"()" => 3,
        _ => plain_operand(right, 0, right.len())?,
    };
    Some(2 + left + right)
}

/// `return $x`: the expression, its keyword and a plain operand.
pub(super) fn plain_return(text: &[u8]) -> Option<usize> {
    let rest = text.strip_prefix(b"return ")?;
    Some(2 + plain_operand(rest, 0, rest.len())?)
}

/// `$x->name`, `$x->name()`, `$self->{dbh}->name($a, $h{key})`: a method call whose invocant
/// and arguments are plain scalars or plain subscripts. The count: the call, the invocant, `->`,
/// the method, the parentheses and the arguments (one, or a `list_expression` of them with its
/// commas).
pub(super) fn plain_method_call(text: &[u8]) -> Option<usize> {
    (text.len() <= LONGEST).then_some(())?;
    let arrow = text.windows(2).rposition(|w| w == b"->")?;
    let mut count = 3 + plain_operand(text, 0, arrow)?;
    let end = ident(text, arrow + 2)?;
    match &text[end..] {
        b"" => return Some(count),
        [b'(', .., b')'] => count += 2,
        _ => return None,
    }
    let arguments = &text[end + 1..text.len() - 1];
    if arguments.is_empty() {
        return Some(count);
    }
    Some(count + plain_list(arguments)?)
}

/// `use Module;`, `no Module;`, `use Module 1.23;`, `use Module qw(a b);` on one line.
pub(super) fn plain_use(text: &[u8]) -> bool {
    plain_use_end(text) == Some(text.len())
}

fn plain_use_end(text: &[u8]) -> Option<usize> {
    let keyword = ident(text, 0)?;
    if !matches!(&text[..keyword], b"use" | b"no") {
        return None;
    }
    let mut at = ident(text, blanks(text, keyword, true)?)?;
    while text[at..].starts_with(b"::") {
        at = ident(text, at + 2)?;
    }
    let mut after = blanks(text, at, false)?;
    if after > at && text.get(after).is_some_and(u8::is_ascii_digit) {
        let len = text[after..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_'))
            .count();
        at = after + len;
        after = blanks(text, at, false)?;
    }
    if after > at && text[after..].starts_with(b"qw") {
        let open = blanks(text, after + 2, false)?;
        let close = match text.get(open)? {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            b'<' => b'>',
            b'/' | b'|' | b'!' => text[open],
            _ => return None,
        };
        let opener = text[open];
        let len = text[open + 1..]
            .iter()
            .take_while(|b| **b != close && **b != opener && !matches!(b, b'\n' | b'\r'))
            .count();
        at = open + 1 + len;
        (text.get(at) == Some(&close)).then_some(())?;
        at += 1;
        after = blanks(text, at, false)?;
    }
    (text.get(after) == Some(&b';')).then_some(after + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_their_counts() {
        assert!(plain_deref(b"@$x") && plain_deref(b"$$self"));
        assert!(!plain_deref(b"@$Foo::x") && !plain_deref(b"@{$x}") && !plain_deref(b"$x"));
        assert!(plain_double_quoted(b"\"a b \\n\""));
        assert!(plain_double_quoted(b"\"a $b @c\"") && !plain_double_quoted(b"\"a\nb\""));
        assert!(!plain_double_quoted(b"\"$Foo::x\"") && !plain_double_quoted(b"\"$Foo'x\""));
        assert!(!plain_double_quoted(b"\"$x{a}\"") && !plain_double_quoted(b"\"${\\ f()}\""));
        assert!(!plain_double_quoted(b"qq{a}") && !plain_double_quoted(b"\"@{[ f() ]}\""));
        assert_eq!(plain_subscripts(b"$h{key}"), Some(7));
        assert_eq!(plain_subscripts(b"$self->{key}"), Some(8));
        assert_eq!(plain_subscripts(b"$a[0]"), Some(7));
        assert_eq!(plain_subscripts(b"$x->[$i]{key}"), Some(14));
        for other in [
            &b"$h{Foo::key}"[..],
            b"$Foo::h{key}",
            b"$h{ key }",
            b"$h{key()}",
            b"$h{'key'}",
            b"$h{$Foo::k}",
            b"$a[-1]",
            b"$x",
            b"$h{key}->method",
        ] {
            assert_eq!(
                plain_subscripts(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
        assert_eq!(plain_declaration(b"my $x"), Some(5));
        assert_eq!(plain_declaration(b"our ($a, @b)"), Some(11));
        assert_eq!(plain_declaration(b"my ($Foo::a)"), None);
        assert_eq!(plain_declaration(b"my\n$x"), None);
        assert_eq!(plain_declaration(b"local $x"), None);
        assert_eq!(plain_method_call(b"$self->name"), Some(6));
        assert_eq!(plain_method_call(b"$self->name()"), Some(8));
        assert_eq!(plain_method_call(b"$self->SUPER::name"), None);
        assert_eq!(plain_method_call(b"$Foo::x->name"), None);
        assert_eq!(plain_method_call(b"$x->name($a)"), Some(11));
        assert_eq!(
            plain_method_call(b"$self->{dbh}->name($a, $h{k})"),
            Some(25)
        );
        assert_eq!(plain_method_call(b"$x->name($a, 'SELECT')"), None);
        assert_eq!(plain_method_call(b"$x->name(Foo::bar())"), None);
        assert_eq!(plain_method_call(b"$x->a->b"), None);
        assert_eq!(plain_assignment(b"my ($self, $x) = @_"), Some(16));
        assert_eq!(plain_assignment(b"my $self = shift"), Some(9));
        assert_eq!(plain_assignment(b"my @y = @{$self->{a}}"), Some(22));
        assert_eq!(plain_assignment(b"$x->{a} = 0"), Some(11));
        assert_eq!(plain_assignment(b"our $x = 1"), None);
        assert_eq!(plain_assignment(b"my $x = $Foo::y"), None);
        assert_eq!(plain_assignment(b"my $x = f()"), None);
        assert_eq!(plain_list_expression(b"$a, 1, @{$x}"), Some(17));
        assert_eq!(plain_list_expression(b"$a"), None);
        assert_eq!(plain_return(b"return $x"), Some(5));
        assert_eq!(plain_return(b"return $x->m"), None);
        assert!(plain_use(b"use strict;") && plain_use(b"use Foo::Bar 1.2;"));
        assert!(plain_use(b"use POSIX qw(floor ceil);") && plain_use(b"no warnings;"));
        for other in [
            &b"use Foo 'bar';"[..],
            b"use Foo ();",
            b"use Foo qw(a\nb);",
            b"use Foo # x\n;",
            b"use Foo (Bar::baz());",
            b"use Foo qw(a) , f();",
        ] {
            assert!(!plain_use(other), "{}", String::from_utf8_lossy(other));
        }
    }
}
