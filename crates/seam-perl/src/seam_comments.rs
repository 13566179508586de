//! `# seam: ...` comments: the inline suppressions `seam check` honours.
//!
//! A line scan rather than a tree query: the directive is plain text in a comment, and the scan
//! also works on files that did not parse. The text is kept as written; `seam-rules` parses it, so
//! a malformed directive can be reported with its line instead of silently ignored.

use crate::facts::SeamComment;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// A plain literal: the regex crate searches it with SIMD `memchr`.
static MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new("seam:").expect("valid regex"));

/// Every `# seam:` comment in `source`, in line order.
pub(crate) fn scan(source: &[u8]) -> Vec<SeamComment> {
    let mut comments = Vec::new();
    let mut line = 1u32;
    let mut counted_to = 0usize;
    let mut from = 0usize;
    // `seam:` is rare, so look for it and then check that a `#` opens the comment
    while let Some(found) = MARK.find_at(source, from) {
        let at = found.start();
        from = found.end();
        if !opens_comment(&source[..at]) {
            continue;
        }
        line += count_newlines(&source[counted_to..at]);
        counted_to = at;
        let end = source[from..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(source.len(), |n| from + n);
        comments.push(SeamComment {
            line,
            text: String::from_utf8_lossy(&source[from..end])
                .trim()
                .to_string(),
        });
    }
    comments
}

/// Whether the text before `seam:` on its line ends in `#` (spaces and tabs allowed between).
fn opens_comment(before: &[u8]) -> bool {
    before
        .iter()
        .rev()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_some_and(|&b| b == b'#')
}

fn count_newlines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_with_their_lines() {
        let source = b"use strict;\n# seam: allow(depends_on) legacy report\nuse Foo; #seam:allow(private)\n# seaming\n";
        let found = scan(source);
        assert_eq!(
            found,
            vec![
                SeamComment {
                    line: 2,
                    text: "allow(depends_on) legacy report".into()
                },
                SeamComment {
                    line: 3,
                    text: "allow(private)".into()
                },
            ]
        );
    }
}
