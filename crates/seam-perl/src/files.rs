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

/// Whether `first_line` is a shebang that runs perl (`#!/usr/bin/perl -w`, `#!/usr/bin/env perl`).
pub fn is_perl_shebang(first_line: &[u8]) -> bool {
    first_line.starts_with(b"#!") && {
        let line = &first_line[2..];
        line.windows(4).enumerate().any(|(i, w)| {
            w == b"perl" && (i == 0 || !line[i - 1].is_ascii_alphanumeric() && line[i - 1] != b'_')
        })
    }
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
    }
}
