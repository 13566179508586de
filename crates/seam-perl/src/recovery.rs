//! Line-based recovery of `package`, `use`, `no` and `require` statements.
//!
//! Used inside parse-error regions (where the grammar may have lost statements) and for files that
//! are mostly errors or timed out. Everything it finds is marked `inferred`.

use crate::literal::normalise_package;
use regex::Regex;
use std::sync::OnceLock;

/// A statement recovered from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// `package Name;` (`block` for `package Name {`).
    Package { name: String, block: bool },
    /// `use Module ...` (`no` when `negated`).
    Use { module: String, negated: bool },
    /// `require Module;`
    Require { module: String },
    /// A parent named in `use parent`/`use base` on the same line.
    Parent { name: String },
}

/// A recovered statement with its 0-based line and byte offset in the scanned text.
#[derive(Debug, Clone)]
pub struct RecoveredAt {
    /// What was found.
    pub statement: Recovered,
    /// 0-based line relative to the start of the scanned text.
    pub line: usize,
    /// Byte offset relative to the start of the scanned text.
    pub offset: usize,
}

struct Patterns {
    package: Regex,
    include: Regex,
    require: Regex,
    quoted: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        package: Regex::new(r"^\s*package\s+([A-Za-z_][\w:']*)\s*(?:[\d.v_]+\s*)?([;{])")
            .expect("valid regex"),
        include: Regex::new(r"^\s*(use|no)\s+([A-Za-z_][\w:']*)").expect("valid regex"),
        require: Regex::new(r"(?:^|[;{}]\s*)\s*require\s+([A-Za-z_][\w:']*)\s*;")
            .expect("valid regex"),
        quoted: Regex::new(r#"qw\s*[(\[{/]([^)\]}/]*)|['"]([A-Za-z_][\w:']*)['"]"#)
            .expect("valid regex"),
    })
}

/// `v5` in `use v5.20;` is a version, not a module.
fn is_version_word(word: &str) -> bool {
    word.strip_prefix('v')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Scans `text` line by line, skipping POD and stopping at `__END__`/`__DATA__`.
pub fn scan(text: &str) -> Vec<RecoveredAt> {
    let patterns = patterns();
    let mut found = Vec::new();
    let mut in_pod = false;
    let mut offset = 0;
    for (line_index, line) in text.split('\n').enumerate() {
        let line_offset = offset;
        offset += line.len() + 1;
        if line.starts_with('=') && line[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            in_pod = !line.starts_with("=cut");
            continue;
        }
        if in_pod || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with("__END__") || line.starts_with("__DATA__") {
            break;
        }
        let mut push = |statement| {
            found.push(RecoveredAt {
                statement,
                line: line_index,
                offset: line_offset,
            })
        };
        if let Some(c) = patterns.package.captures(line) {
            push(Recovered::Package {
                name: normalise_package(&c[1]),
                block: &c[2] == "{",
            });
        } else if let Some(c) = patterns
            .include
            .captures(line)
            .filter(|c| !is_version_word(&c[2]))
        {
            let module = normalise_package(&c[2]);
            if module == "parent" || module == "base" {
                for q in patterns
                    .quoted
                    .captures_iter(&line[c.get(0).map_or(0, |m| m.end())..])
                {
                    let names = q.get(1).or_else(|| q.get(2)).map_or("", |m| m.as_str());
                    for name in names.split_whitespace().filter(|n| !n.starts_with('-')) {
                        push(Recovered::Parent {
                            name: normalise_package(name),
                        });
                    }
                }
            }
            push(Recovered::Use {
                module,
                negated: &c[1] == "no",
            });
        } else {
            for c in patterns.require.captures_iter(line) {
                push(Recovered::Require {
                    module: normalise_package(&c[1]),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_statements_outside_pod() {
        let found =
            scan("package A;\nuse B qw(x);\n=pod\nuse C;\n=cut\nrequire D;\n__END__\nuse E;\n");
        let statements: Vec<_> = found
            .iter()
            .map(|f| (f.line, f.statement.clone()))
            .collect();
        assert_eq!(
            statements,
            vec![
                (
                    0,
                    Recovered::Package {
                        name: "A".into(),
                        block: false
                    }
                ),
                (
                    1,
                    Recovered::Use {
                        module: "B".into(),
                        negated: false
                    }
                ),
                (5, Recovered::Require { module: "D".into() }),
            ]
        );
    }
}
