//! What a package is to the proposal, by where it is declared: application code (clustered and
//! ranked), the shared kernel (omnipresent packages, one module, extracted last), tests or
//! vendored third-party code (kept out of the clustering and the extraction order, each in one
//! labelled module of its own).

use serde::Serialize;

/// A package's or a proposed module's role.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    schemars::JsonSchema
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The application's own code: clustered, named, ranked for extraction.
    Application,
    /// Used by a large share of the packages: proposed as one module, extracted last.
    SharedKernel,
    /// Declared only in test files or test directories (`t/`, `xt/`, `test/`, `tests/`).
    Tests,
    /// Declared only in vendored or bundled code (`inc/`, `local/`, `vendor/`, `extlib/`,
    /// `fatlib/`, `third_party/`, or a hidden directory such as `.github/`).
    Vendored,
}

impl Role {
    /// The role in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Application => "application",
            Role::SharedKernel => "shared kernel",
            Role::Tests => "tests",
            Role::Vendored => "vendored",
        }
    }
}

/// Directories of tests.
const TEST_DIRS: &[&str] = &["t", "xt", "test", "tests"];

/// Directories of vendored or bundled code (besides hidden ones).
const VENDORED_DIRS: &[&str] = &[
    "inc",
    "local",
    "vendor",
    "vendored",
    "extlib",
    "fatlib",
    "third_party",
    "thirdparty",
    "3rdparty",
    "bundle",
];

/// The role of a package declared in `files` (root-relative paths): tests or vendored only when
/// every file is; application otherwise (the shared kernel is decided by use, not by path).
pub fn of_files(files: &[String]) -> Role {
    let of_file = |path: &str| {
        let dirs: Vec<&str> = path.split('/').collect();
        let dirs = &dirs[..dirs.len().saturating_sub(1)];
        if dirs
            .iter()
            .any(|d| VENDORED_DIRS.contains(d) || (d.starts_with('.') && *d != "." && *d != ".."))
        {
            Role::Vendored
        } else if crate::is_test_file(path) || dirs.iter().any(|d| TEST_DIRS.contains(d)) {
            Role::Tests
        } else {
            Role::Application
        }
    };
    let mut roles = files.iter().map(|f| of_file(f));
    match roles.next() {
        Some(first) if roles.all(|r| r == first) => first,
        _ => Role::Application,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(paths: &[&str]) -> Role {
        of_files(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn tests_and_vendored_code_are_told_by_their_directories() {
        assert_eq!(role(&["lib/App/Model.pm"]), Role::Application);
        assert_eq!(role(&["t/lib/App/Test.pm"]), Role::Tests);
        assert_eq!(role(&["xt/lib/Helper.pm"]), Role::Tests);
        assert_eq!(role(&["tests/Helper.pm"]), Role::Tests);
        assert_eq!(role(&["inc/Module/Install.pm"]), Role::Vendored);
        assert_eq!(
            role(&[".github/actions/local/lib/perl5/JSON/PP.pm"]),
            Role::Vendored
        );
        assert_eq!(role(&["vendor/Foo.pm"]), Role::Vendored);
        // a package that is also declared in the application is the application's
        assert_eq!(role(&["lib/App/X.pm", "t/lib/App/X.pm"]), Role::Application);
        assert_eq!(role(&[]), Role::Application);
        // a file named like a directory is not one
        assert_eq!(role(&["lib/App/t.pm"]), Role::Application);
    }
}
