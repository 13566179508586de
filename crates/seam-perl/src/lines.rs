//! Line metrics: which lines hold code.

/// Per-line "is code" flags with prefix sums, so any line range's code lines cost O(1).
#[derive(Debug)]
pub struct CodeLines {
    /// `prefix[i]` = code lines among lines `0..i` (0-based).
    prefix: Vec<u32>,
    is_code: Vec<bool>,
}

/// Counts physical lines the way `wc -l` does, plus a final unterminated line.
pub fn count_lines(source: &[u8]) -> u32 {
    let newlines = memchr::memchr_iter(b'\n', source).count();
    let unterminated = !source.is_empty() && source.last() != Some(&b'\n');
    (newlines + usize::from(unterminated)) as u32
}

impl CodeLines {
    /// Starts with every non-blank line counted as code.
    pub fn new(source: &[u8]) -> Self {
        // one flag per line, the last (after the final newline, if any) included
        let mut is_code = Vec::with_capacity(count_lines(source) as usize + 1);
        let mut line_start = 0;
        for newline in memchr::memchr_iter(b'\n', source).chain([source.len()]) {
            let line = &source[line_start..newline];
            is_code.push(line.iter().any(|b| !b.is_ascii_whitespace()));
            line_start = newline + 1;
        }
        CodeLines {
            prefix: Vec::new(),
            is_code,
        }
    }

    /// Marks 0-based lines `first..=last` as not code (POD, data sections).
    pub fn exclude(&mut self, first: usize, last: usize) {
        let last = last.min(self.is_code.len().saturating_sub(1));
        for flag in self.is_code.iter_mut().take(last + 1).skip(first) {
            *flag = false;
        }
    }

    /// Marks a comment's line as not code when nothing but whitespace precedes the comment.
    pub fn exclude_comment(&mut self, source: &[u8], comment_start: usize, line: usize) {
        let line_start = source[..comment_start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if source[line_start..comment_start]
            .iter()
            .all(u8::is_ascii_whitespace)
        {
            self.exclude(line, line);
        }
    }

    /// Freezes the flags into prefix sums.
    pub fn finish(&mut self) {
        self.prefix = Vec::with_capacity(self.is_code.len() + 1);
        let mut total = 0;
        self.prefix.push(0);
        for &code in &self.is_code {
            total += u32::from(code);
            self.prefix.push(total);
        }
    }

    /// Code lines among 0-based lines `first..=last`.
    pub fn count(&self, first: usize, last: usize) -> u32 {
        let end = (last + 1).min(self.prefix.len() - 1);
        let start = first.min(end);
        self.prefix[end] - self.prefix[start]
    }

    /// Code lines in the whole file.
    pub fn total(&self) -> u32 {
        self.prefix.last().copied().unwrap_or(0)
    }
}
