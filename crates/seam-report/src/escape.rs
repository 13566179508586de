//! Escaping shared by the renderers whose output embeds names and messages taken from code.
//!
//! Everything seam prints comes from files anyone can name and write (in CI: a pull request).
//! Human-readable outputs pass every such string through [`visible`]; machine formats keep exact
//! values under their own escaping (JSON strings, SARIF, [`xml`], the GitHub renderer's `%0A`).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal or CI log as itself: C0 controls (line breaks and tabs
/// included), DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates
/// that reorder what a reader sees (Trojan Source).
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}'
        )
}

/// Untrusted text made visible for a terminal, a CI log or a plain-text report: control
/// characters and bidirectional controls are written as escapes (`\n`, `\t`, `\x1b`,
/// `\u{202e}`), and a backslash is doubled whenever something was escaped, so the escaped text
/// reads back unambiguously — the way git quotes unusual paths. Text with nothing to escape is
/// returned as it is. Nothing that comes out can start a new line, so no line of output can begin
/// with what a name says (a GitHub runner executes lines that start with `::`).
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes XML text and attribute values: tab, line ends, C1 controls, DEL and bidirectional
/// controls as character references (the value stays exact, and no raw line break or escape
/// sequence reaches a log), and drops what XML 1.0 forbids (other C0 controls, U+FFFE/U+FFFF),
/// so hostile input cannot make the document malformed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no place for C0 controls (but tab and line ends) nor U+FFFE/U+FFFF
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c if hidden(c) => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JSON text with every raw control and bidirectional character left in its strings written as a
/// `\uXXXX` escape: the same values, but nothing a terminal or log would act on. (serde_json
/// escapes C0 controls itself, and leaves C1 controls, DEL and bidi marks raw.) Outside strings
/// JSON has only spaces and line ends, which stay.
pub fn json_text(json: String) -> String {
    // a byte scan first: text without a byte that can start a hidden character (most of it) is
    // returned without decoding a char
    if let Cow::Owned(escaped) = json_fragment(&json) {
        return escaped;
    }
    json
}

/// A JSON text, or one string fragment of it as serde_json writes it (its own escapes done), with
/// the escapes of [`json_text`]; borrowed when nothing is escaped (checked by a byte scan first).
pub(crate) fn json_fragment(fragment: &str) -> Cow<'_, str> {
    if !may_hold_hidden(fragment.as_bytes()) || !fragment.chars().any(|c| hidden(c) && c != '\n') {
        return Cow::Borrowed(fragment);
    }
    let mut out = String::with_capacity(fragment.len() + 16);
    for c in fragment.chars() {
        match c {
            c if hidden(c) && c != '\n' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether some byte of `bytes` [`may_start_hidden`]: 32 bytes at a time, with no early exit
/// inside a block, so that the test compiles to vector instructions (every byte of `seam facts`'
/// output passes through here).
fn may_hold_hidden(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    blocks.by_ref().any(|block| {
        block
            .iter()
            .fold(false, |any, &b| any | may_start_hidden(b))
    }) || blocks.remainder().iter().any(|&b| may_start_hidden(b))
}

/// Whether `byte` may be the first byte of a [`hidden`] character other than `\n` in UTF-8: a
/// control below 0x20, DEL, or the lead byte of U+0080..U+00BF (0xC2: the C1 controls),
/// U+0600..U+063F (0xD8: U+061C) or U+2000..U+2FFF (0xE2: the bidirectional controls).
fn may_start_hidden(byte: u8) -> bool {
    // `&` and `|`, not `&&` and `||`: no branch, so that `may_hold_hidden` vectorizes
    (byte < 0x20) & (byte != b'\n')
        | (byte == 0x7f)
        | (byte == 0xc2)
        | (byte == 0xd8)
        | (byte == 0xe2)
}

/// Escapes text for a Markdown table cell outside code spans: HTML specials become entities,
/// Markdown punctuation and `|` are backslash-escaped, line breaks become spaces. What comes out
/// renders as the literal text on GitHub and GitLab and cannot end the cell or inject HTML.
pub fn markdown_text(text: &str) -> String {
    let html = html_escape::encode_double_quoted_attribute(text);
    let mut out = String::with_capacity(html.len());
    for c in html.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if hidden(c) => out.push_str(&visible(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_shows_controls_and_bidi_and_never_breaks_a_line() {
        assert_eq!(visible("lib/App/Foo.pm"), "lib/App/Foo.pm");
        assert_eq!(visible("a\\b"), "a\\b", "nothing to escape: as it is");
        assert_eq!(
            visible("x\n::error file=f,line=1::FORGED\n.pm"),
            "x\\n::error file=f,line=1::FORGED\\n.pm"
        );
        assert_eq!(visible("e\u{1b}[31mred\r\t"), "e\\x1b[31mred\\r\\t");
        assert_eq!(visible("\u{7f}\u{85}"), "\\x7f\\x85");
        assert_eq!(visible("a\u{202e}b\\c"), "a\\u{202e}b\\\\c");
        assert_eq!(visible("\u{2066}\u{200f}"), "\\u{2066}\\u{200f}");
    }

    #[test]
    fn xml_drops_the_controls_xml_forbids_and_references_the_rest() {
        assert_eq!(xml("a\u{1}\u{1b}b\tc\u{fffe}\u{ffff}"), "ab&#x9;c");
        assert_eq!(xml("x\n::y\u{85}\u{202e}"), "x&#xA;::y&#x85;&#x202E;");
    }

    #[test]
    fn json_text_escapes_what_serde_leaves_raw() {
        let json = serde_json::to_string_pretty(&["a\u{85}\u{9b}2J\u{202e}", "\u{1b}\n"]).unwrap();
        let escaped = json_text(json.clone());
        assert!(
            !escaped.chars().any(|c| hidden(c) && c != '\n'),
            "{escaped}"
        );
        let back: Vec<String> = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, ["a\u{85}\u{9b}2J\u{202e}", "\u{1b}\n"]);
        assert_eq!(json_text("{\n  \"a\": 1\n}".into()), "{\n  \"a\": 1\n}");
    }

    #[test]
    fn json_text_byte_scan_sees_every_hidden_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if hidden(c) && c != '\n' {
                let mut utf8 = [0; 4];
                let first = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(may_start_hidden(first), "{:x}", c as u32);
            }
        }
    }

    #[test]
    fn markdown_text_cannot_break_a_table_or_inject_html() {
        assert_eq!(
            markdown_text("a|b <script>`x`*_[y]\n"),
            "a\\|b &lt;script&gt;\\`x\\`\\*\\_\\[y\\] "
        );
    }
}
