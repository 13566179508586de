//! Which files are Perl.

/// Extensions of Perl files.
const PERL_EXTENSIONS: &[&str] = &[".pm", ".pl", ".cgi", ".t", ".psgi", ".pm.in", ".pl.in"];

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

/// Whether `first_line` is a shebang that runs perl (`#!/usr/bin/perl -w`, `#!/usr/bin/env perl`,
/// `#!perl`), or a build placeholder that the build replaces with perl's path (`#!@PERL@`,
/// `#!@@PERL@@`, `#! @PERL_PATH@ -w` in a `.in` template).
pub fn is_perl_shebang(first_line: &[u8]) -> bool {
    let Some(line) = first_line.strip_prefix(b"#!") else {
        return false;
    };
    let runs_perl = line.windows(4).enumerate().any(|(i, w)| {
        w == b"perl" && (i == 0 || !line[i - 1].is_ascii_alphanumeric() && line[i - 1] != b'_')
    });
    runs_perl || is_perl_placeholder(line)
}

/// `@PERL@`, `@@PERL@@`, `@PERL_PATH@`: an autoconf/Makefile substitution naming perl, as the
/// first word of a shebang.
fn is_perl_placeholder(line: &[u8]) -> bool {
    let Some(word) = line.split(|b| b.is_ascii_whitespace()).find(|w| !w.is_empty()) else {
        return false;
    };
    let inner = word
        .strip_prefix(b"@")
        .and_then(|w| w.strip_suffix(b"@"))
        .map(|w| w.strip_prefix(b"@").unwrap_or(w))
        .map(|w| w.strip_suffix(b"@").unwrap_or(w));
    inner.is_some_and(|name| {
        !name.is_empty()
            && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            && name.to_ascii_uppercase().windows(4).any(|w| w == b"PERL")
    })
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
        assert_eq!(classify_name("sympa.pl.in"), NameVerdict::Perl);
        assert_eq!(classify_name("wwsympa.fcgi.in"), NameVerdict::CheckShebang);
    }
}
