//! `# seam: ...` comments: the inline suppressions `seam check` honours.
//!
//! Candidates come from a fast text scan for `seam:`; when the file parsed, only those whose `#`
//! starts a `comment` node are kept (so `"# seam: ..."` in a string, a heredoc or POD is not a
//! directive); when it did not, the scan is all there is. The text is kept as written;
//! `seam-rules` parses it, so a malformed directive is reported with its line instead of ignored.

use crate::facts::SeamComment;
use crate::queries::KindName;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// A plain literal: the regex crate searches it with SIMD `memchr`.
static MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new("seam:").expect("valid regex"));

/// Every `# seam:` comment in `source`, in line order, with the byte offset of its `#`.
pub(crate) fn scan(source: &[u8]) -> Vec<(usize, SeamComment)> {
    let mut comments = Vec::new();
    let mut line = 1u32;
    let mut counted_to = 0usize;
    let mut from = 0usize;
    // `seam:` is rare, so look for it and then check that a `#` opens the comment
    while let Some(found) = MARK.find_at(source, from) {
        let at = found.start();
        from = found.end();
        let Some(hash) = comment_start(&source[..at]) else {
            continue;
        };
        line += count_newlines(&source[counted_to..at]);
        counted_to = at;
        let end = source[from..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(source.len(), |n| from + n);
        let line_start = source[..hash]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        comments.push((
            hash,
            SeamComment {
                line,
                text: String::from_utf8_lossy(&source[from..end])
                    .trim()
                    .to_string(),
                trailing: !source[line_start..hash].iter().all(u8::is_ascii_whitespace),
            },
        ));
    }
    comments
}

/// The offset of the `#` that the text before `seam:` ends in (spaces and tabs allowed between).
fn comment_start(before: &[u8]) -> Option<usize> {
    let at = before.iter().rposition(|&b| b != b' ' && b != b'\t')?;
    (before[at] == b'#').then_some(at)
}

/// Keeps the candidates whose `#` opens a comment in the syntax tree.
pub(crate) fn in_comments(
    candidates: Vec<(usize, SeamComment)>,
    tree: &tree_sitter::Tree,
) -> Vec<SeamComment> {
    let root = tree.root_node();
    candidates
        .into_iter()
        .filter(|(at, _)| {
            root.descendant_for_byte_range(*at, *at + 1)
                .is_some_and(|node| node.kind_name() == "comment")
        })
        .map(|(_, comment)| comment)
        .collect()
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
        let found: Vec<SeamComment> = scan(source).into_iter().map(|(_, c)| c).collect();
        assert_eq!(
            found,
            vec![
                SeamComment {
                    line: 2,
                    text: "allow(depends_on) legacy report".into(),
                    trailing: false,
                },
                SeamComment {
                    line: 3,
                    text: "allow(private)".into(),
                    trailing: true,
                },
            ]
        );
    }
}
