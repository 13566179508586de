//! Escaping shared by the renderers whose output embeds names and messages taken from code.

/// Escapes XML text and attribute values (and drops the control characters XML 1.0 forbids, so
/// hostile input cannot make the document malformed).
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
            c => out.push(c),
        }
    }
    out
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
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_drops_the_controls_xml_forbids() {
        assert_eq!(xml("a\u{1}\u{1b}b\tc\u{fffe}\u{ffff}"), "ab\tc");
    }

    #[test]
    fn markdown_text_cannot_break_a_table_or_inject_html() {
        assert_eq!(
            markdown_text("a|b <script>`x`*_[y]\n"),
            "a\\|b &lt;script&gt;\\`x\\`\\*\\_\\[y\\] "
        );
    }
}
