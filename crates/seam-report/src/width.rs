//! Text that fits a terminal: every line of seam's text outputs within [`WIDTH`] columns, names
//! shortened in the middle, cut lists that say how much they left out, and the footer that points
//! to the glossary. The one place these decisions live; the text renderers call it.

use crate::numbers::thousands;
use std::borrow::Cow;
use std::fmt::Write;

/// The widest line a text output writes, in characters.
pub const WIDTH: usize = 100;

/// The footer of every text and Markdown output: where each figure and word is explained.
pub const TERMS: &str = "Terms and formulas: `seam glossary` (docs/glossary.md)";

/// How many columns `text` takes (one per character).
pub fn columns(text: &str) -> usize {
    text.chars().count()
}

/// `name` in at most `max` columns: unchanged when it fits, else its start and end with `…` in
/// the middle (`LibSys::Circ…::LateFees`), so both the namespace and the last segment stay
/// readable. The end gets the larger half.
pub fn middle(name: &str, max: usize) -> Cow<'_, str> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= max {
        return Cow::Borrowed(name);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let keep = max - 1;
    let head = keep / 2;
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    Cow::Owned(out)
}

/// `name` shortened with [`middle`] and padded to exactly `width` columns (a table cell).
pub fn cell(name: &str, width: usize) -> String {
    let name = middle(name, width);
    let pad = width.saturating_sub(columns(&name));
    format!("{name}{}", " ".repeat(pad))
}

/// The words that end every cut list: `… and 12 more (--format json lists all)`.
pub fn more(left_out: usize) -> String {
    format!(
        "… and {} more (--format json lists all)",
        thousands(left_out as u64)
    )
}

/// The line that ends a cut list of `total` items of which `shown` were written, indented by
/// `indent`; nothing when nothing was left out.
pub fn more_line(out: &mut String, indent: &str, total: usize, shown: usize) {
    if total > shown {
        let _ = writeln!(out, "{indent}{}", more(total - shown));
    }
}

/// `items` joined with `, ` after `lead`: at most `max` of them, then [`more`] for the rest. Each
/// item is expected [`visible`](crate::visible) already; a line that runs long wraps in [`fit`].
pub fn inline_list(lead: &str, items: &[String], max: usize) -> String {
    let mut line = lead.to_string();
    line.push_str(
        &items
            .iter()
            .take(max)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
    );
    if items.len() > max {
        if max > 0 {
            line.push_str(", ");
        }
        line.push_str(&more(items.len() - max));
    }
    line
}

/// Writes `text` after `lead`, wrapped at spaces to [`WIDTH`] columns, continuation lines
/// indented by `indent`; a word longer than a line is cut.
pub fn wrapped(out: &mut String, lead: &str, indent: &str, text: &str) {
    let mut line = lead.to_string();
    let mut width = columns(lead);
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let needed = word.len() + usize::from(!empty);
            if width + needed <= WIDTH {
                if !empty {
                    line.push(' ');
                }
                line.extend(&word);
                width += needed;
                empty = false;
                break;
            }
            if empty {
                // a word wider than the line: cut it
                let fits = WIDTH.saturating_sub(width).max(1);
                let rest = word.split_off(fits.min(word.len()));
                line.extend(&word);
                let _ = writeln!(out, "{line}");
                line = indent.to_string();
                width = columns(indent);
                word = rest;
                if word.is_empty() {
                    break;
                }
                continue;
            }
            let _ = writeln!(out, "{line}");
            line = indent.to_string();
            width = columns(indent);
            empty = true;
        }
    }
    let _ = writeln!(out, "{line}");
}

/// `text` with every line over [`WIDTH`] columns wrapped at spaces, each continuation indented
/// four columns past the line's own indentation; a single word wider than the room left is
/// shortened with [`middle`]. Lines that fit are unchanged. The last guard of every text output:
/// renderers lay out their tables to fit, and prose that happens to run long wraps here.
pub fn fit(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if columns(body) <= WIDTH {
            out.push_str(line);
            continue;
        }
        let indent_len = body.len() - body.trim_start_matches(' ').len();
        // an indentation that leaves no room is not kept
        let continuation = " ".repeat(indent_len.min(WIDTH / 2) + 4);
        let mut rest: String = body.to_string();
        let mut first = true;
        loop {
            let lead = if first { "" } else { continuation.as_str() };
            let room = WIDTH - columns(lead);
            let chars: Vec<char> = rest.chars().collect();
            if chars.len() <= room {
                let _ = writeln!(out, "{lead}{rest}");
                break;
            }
            // break at the last space that leaves something on this line, keeping the spacing
            // inside it (aligned labels stay aligned)
            let start = if first { indent_len.min(room) } else { 0 };
            match (start + 1..=room).rev().find(|&i| chars[i] == ' ') {
                Some(at) => {
                    let head: String = chars[..at].iter().collect();
                    let _ = writeln!(out, "{lead}{}", head.trim_end());
                    rest = chars[at..]
                        .iter()
                        .collect::<String>()
                        .trim_start()
                        .to_string();
                }
                None => {
                    // one word wider than the room: shortened in the middle
                    let end = chars[start..]
                        .iter()
                        .position(|&c| c == ' ')
                        .map_or(chars.len(), |p| p + start);
                    let word: String = chars[start..end].iter().collect();
                    let head: String = chars[..start].iter().collect();
                    let word = middle(&word, room - columns(&head));
                    let _ = writeln!(out, "{lead}{head}{word}");
                    rest = chars[end..]
                        .iter()
                        .collect::<String>()
                        .trim_start()
                        .to_string();
                }
            }
            first = false;
            if rest.is_empty() {
                break;
            }
        }
    }
    out
}

/// The footer of a text output (the command line appends it to what it prints): a blank line,
/// then [`TERMS`].
pub fn text_footer() -> String {
    format!("\n{TERMS}\n")
}

/// The footer of a Markdown output: a rule, then [`TERMS`].
pub fn markdown_footer() -> String {
    format!("\n---\n\n{TERMS}\n")
}

/// A table's legend, `Columns: …`, wrapped to [`WIDTH`] under `indent`: every text table ends
/// with one.
pub fn legend(out: &mut String, indent: &str, text: &str) {
    wrapped(
        out,
        &format!("{indent}Columns: "),
        &format!("{indent}  "),
        text,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_keeps_both_ends_and_the_width() {
        assert_eq!(middle("LibSys::Util", 20), "LibSys::Util");
        let long = "LibSys::Circulation::Policies::LateFees";
        let short = middle(long, 20);
        assert_eq!(columns(&short), 20, "{short}");
        assert!(
            short.starts_with("LibSys::") && short.ends_with("LateFees"),
            "{short}"
        );
        assert!(short.contains('…'));
        assert_eq!(middle("abc", 0), "");
        assert_eq!(columns(&middle("ééééééé", 4)), 4);
        assert_eq!(cell("ab", 4), "ab  ");
    }

    #[test]
    fn fit_wraps_only_long_lines_and_keeps_every_word() {
        let long = format!("  lead {}\n", "word ".repeat(40));
        let text = format!("short\n{long}{}\n", "x".repeat(300));
        let fitted = fit(&text);
        assert!(fitted.lines().all(|l| columns(l) <= WIDTH), "{fitted}");
        assert!(fitted.starts_with("short\n  lead word"), "{fitted}");
        let aligned = format!("  graph      {}\n", "many words ".repeat(12));
        assert!(
            fit(&aligned).starts_with("  graph      many words"),
            "{}",
            fit(&aligned)
        );
        assert_eq!(fitted.matches("word").count(), 40);
        assert!(fitted.lines().nth(2).unwrap().starts_with("      word"));
        assert!(fitted.contains('…'), "the 300-column word is shortened");
    }

    #[test]
    fn inline_lists_say_how_many_they_left_out() {
        let items: Vec<String> = (0..50).map(|i| format!("Package::Number{i}")).collect();
        let line = inline_list("  members: ", &items, 6);
        assert!(
            line.ends_with("Number5, … and 44 more (--format json lists all)"),
            "{line}"
        );
        let line = inline_list("  members: ", &items[..2], 6);
        assert_eq!(line, "  members: Package::Number0, Package::Number1");
    }

    #[test]
    fn wrapped_text_stays_within_the_width() {
        let mut out = String::new();
        let long = format!("{} {}", "word ".repeat(60), "z".repeat(250));
        wrapped(&mut out, "  = fix: ", "    ", &long);
        assert!(out.lines().all(|l| columns(l) <= WIDTH), "{out}");
        assert!(out.lines().count() > 3);
    }
}
