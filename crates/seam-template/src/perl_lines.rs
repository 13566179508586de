//! The embedded Perl of a template, laid out on the template's own lines.
//!
//! Each piece of Perl is placed on the line where it starts in the template (a piece spanning
//! lines keeps its newlines), and everything else is left out. The extractor then parses the
//! concatenation once, and every line it reports is the template's line: the line map is the
//! identity by construction.

/// The Perl of a template, line by line.
#[derive(Debug, Default)]
pub(crate) struct PerlLines {
    lines: Vec<String>,
}

impl PerlLines {
    /// An empty buffer for a template of `lines` lines.
    pub(crate) fn new(lines: usize) -> Self {
        PerlLines {
            lines: vec![String::new(); lines.max(1)],
        }
    }

    /// Appends `code` starting on 0-based line `line` (each newline in `code` moves to the next
    /// line, exactly as in the template).
    pub(crate) fn push(&mut self, line: usize, code: &str) {
        for (offset, piece) in code.split('\n').enumerate() {
            let at = line + offset;
            if at >= self.lines.len() {
                self.lines.resize(at + 1, String::new());
            }
            let target = &mut self.lines[at];
            if !target.is_empty() && !piece.is_empty() {
                target.push(' ');
            }
            target.push_str(piece.trim_end_matches('\r'));
        }
    }

    /// The Perl source: one line per template line.
    pub(crate) fn source(&self) -> String {
        self.lines.join("\n")
    }
}

/// Line numbers for many offsets in increasing order, in one pass.
#[derive(Debug)]
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    position: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            position: 0,
            line: 0,
        }
    }

    /// 0-based line of `at` (offsets may go backwards: then counted from the start).
    pub(crate) fn line(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        if at < self.position {
            self.position = 0;
            self.line = 0;
        }
        self.line += self.text[self.position..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.position = at;
        self.line
    }
}
