//! Which files are Perl.

/// Extensions of Perl files.
const PERL_EXTENSIONS: &[&str] = &[
    ".pm", ".pl", ".cgi", ".fcgi", ".t", ".psgi", ".pm.in", ".pl.in",
];

/// Files above this size are not opened just to look for a shebang.
const MAX_SHEBANG_PROBE: u64 = 4_000_000;

/// What the file name alone says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameVerdict {
    /// A Perl extension.
    Perl,
    /// No extension (or `.in`): Perl if its first line is a perl shebang.
    CheckShebang,
    /// Something else.
    NotPerl,
}

/// Classifies a file by its name (`bin/tool` needs a look at its first line).
pub fn classify_name(file_name: &str) -> NameVerdict {
    if PERL_EXTENSIONS.iter().any(|ext| file_name.ends_with(ext)) {
        NameVerdict::Perl
    } else if !file_name.contains('.') || file_name.ends_with(".in") {
        NameVerdict::CheckShebang
    } else {
        NameVerdict::NotPerl
    }
}

/// Programs that run a Perl file given to them in a shebang: PSGI servers (`#!/usr/bin/plackup`
/// on a `.psgi` app).
const PERL_RUNNERS: &[&[u8]] = &[
    b"plackup",
    b"starman",
    b"starlet",
    b"twiggy",
    b"hypnotoad",
    b"morbo",
];

/// Whether `first_line` is a shebang that runs perl (`#!/usr/bin/perl -w`, `#!/usr/bin/env perl`,
/// `#!perl`, a PSGI server such as `#!/usr/bin/plackup`), or a build placeholder that the build
/// replaces with perl's path (`#!@PERL@`, `#!@@PERL@@`, `#!--PERL--`, `#! @PERL_PATH@ -w` in a
/// `.in` template).
pub fn is_perl_shebang(first_line: &[u8]) -> bool {
    let Some(line) = first_line.strip_prefix(b"#!") else {
        return false;
    };
    let runs_perl = line.windows(4).enumerate().any(|(i, w)| {
        w == b"perl" && (i == 0 || !line[i - 1].is_ascii_alphanumeric() && line[i - 1] != b'_')
    });
    let mut words = line
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let interpreter = match words.next() {
        // `#!/usr/bin/env plackup`
        Some(env) if env.ends_with(b"/env") => words.next(),
        first => first,
    };
    runs_perl
        || interpreter.is_some_and(|word| {
            let program = word.rsplit(|&b| b == b'/').next().unwrap_or(word);
            PERL_RUNNERS.contains(&program) || is_perl_placeholder(word)
        })
}

/// `@PERL@`, `@@PERL@@`, `--PERL--`, `@PERL_PATH@`: an autoconf/Makefile substitution naming
/// perl (a name holding `PERL` between `@` or `-` delimiters).
fn is_perl_placeholder(word: &[u8]) -> bool {
    let is_delimiter = |b: &u8| matches!(b, b'@' | b'-');
    let start = word
        .iter()
        .position(|b| !is_delimiter(b))
        .unwrap_or(word.len());
    let end = word
        .iter()
        .rposition(|b| !is_delimiter(b))
        .map_or(0, |i| i + 1);
    let name = &word[start..end.max(start)];
    start > 0
        && end < word.len()
        && !name.is_empty()
        && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && name.to_ascii_uppercase().windows(4).any(|w| w == b"PERL")
}

/// Whether a file with no Perl extension should be probed for a shebang, given its size.
pub fn worth_probing(size: u64) -> bool {
    size <= MAX_SHEBANG_PROBE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shebangs() {
        assert_eq!(classify_name("Foo.pm"), NameVerdict::Perl);
        assert_eq!(classify_name("x.pm.in"), NameVerdict::Perl);
        assert_eq!(classify_name("tool"), NameVerdict::CheckShebang);
        assert_eq!(classify_name("README.md"), NameVerdict::NotPerl);
        assert!(is_perl_shebang(b"#!/usr/bin/perl -w"));
        assert!(is_perl_shebang(b"#!/usr/bin/env perl"));
        assert!(!is_perl_shebang(b"#!/bin/sh"));
        assert!(!is_perl_shebang(b"#!/usr/bin/superperlx"));
        assert!(is_perl_shebang(b"#!perl -w"));
        assert!(is_perl_shebang(b"#!@PERL@"));
        assert!(is_perl_shebang(b"#!@@PERL@@ -w"));
        assert!(is_perl_shebang(b"#! @PERL_PATH@"));
        assert!(!is_perl_shebang(b"#!@SHELL@"));
        assert!(!is_perl_shebang(b"#!@PERL"));
        assert!(is_perl_shebang(b"#!--PERL--"));
        assert!(is_perl_shebang(b"#!/usr/bin/plackup"));
        assert!(is_perl_shebang(b"#!/usr/bin/env starman --port 80"));
        assert!(!is_perl_shebang(b"#!/usr/bin/env python3"));
        assert!(!is_perl_shebang(b"#!--SHELL--"));
        assert_eq!(classify_name("sympa.pl.in"), NameVerdict::Perl);
        assert_eq!(classify_name("wwsympa.fcgi.in"), NameVerdict::CheckShebang);
    }
}
