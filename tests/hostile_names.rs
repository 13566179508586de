//! Names from the analyzed code never steer the terminal or the CI runner: a tree whose file
//! names carry newlines, `::` workflow commands, ESC sequences, bidirectional overrides, quotes and
//! markup goes through every command and format; no output holds a raw control character (but
//! line ends) and no line starts with `::` unless seam wrote a workflow command itself.

mod common;

use common::{seam, tree, write};
use std::path::Path;

/// File names a pull request can contain.
const HOSTILE: [&str; 5] = [
    "lib/Evil/x\n::error file=forged.pm,line=1::FORGED ANNOTATION\n.pm",
    "lib/Evil/e\u{1b}[31mred\u{1b}]0;title\u{7}.pm",
    "lib/Evil/b\u{202e}di\u{2066}.pm",
    "lib/Evil/q\"<script>alert(1)</script>'.pm",
    "lib/Evil/c\r\u{85}\u{9b}2J.pm",
];

/// A codebase whose hostile files break a rule, so that findings name them.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tree(&[
        (
            "lib/App/Core.pm",
            "package App::Core;\nsub f { 1 }\nsub g { App::Util::h() }\n1;\n",
        ),
        ("lib/App/Util.pm", "package App::Util;\nsub h { 1 }\n1;\n"),
        (
            "seam.toml",
            "[[module]]\nname = \"evil\"\npackages = [\"Evil::**\"]\ndepends_on = []\n\n[[module]]\nname = \"app\"\npackages = [\"App::**\"]\n",
        ),
    ]);
    for (i, name) in HOSTILE.iter().enumerate() {
        let text = format!(
            "package Evil::P{i};\nuse App::Core;\nsub run {{ App::Core::f(); eval \"require Evil::\u{1b}[2J$i\" }}\n1;\n"
        );
        write(dir.path(), name, &text);
    }
    dir
}

/// What may be written by seam itself at the start of a line in the `github` format.
const OWN_COMMANDS: [&str; 3] = ["::error file=lib/Evil/", "::warning file=", "::notice "];

/// Runs `seam ARGS` and checks everything it printed (stdout and stderr).
fn assert_tame(args: &[&str], root: &Path, machine: bool) {
    let output = seam().args(args).arg(root).output().unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert_tame_text(&format!("{args:?} {stream}"), &text, machine);
    }
}

fn assert_tame_text(what: &str, text: &str, machine: bool) {
    for (n, line) in text.lines().enumerate() {
        let own = OWN_COMMANDS.iter().any(|c| line.starts_with(c));
        assert!(
            !line.starts_with("::") || own,
            "{what} line {}: a line starts with `::`: {line:?}",
            n + 1
        );
        assert!(
            !line.contains("FORGED ANNOTATION") || !line.starts_with("::error file=forged"),
            "{what}: forged annotation {line:?}"
        );
        for c in line.chars() {
            // machine formats keep exact values (JSON leaves bidi marks as they are); never a
            // raw control character
            let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            assert!(
                !(c.is_control() && c != '\t') && (machine || !bidi),
                "{what} line {}: raw {c:?} in {line:?}",
                n + 1
            );
        }
    }
}

#[test]
fn every_command_and_format_shows_hostile_names_escaped() {
    let dir = hostile_tree();
    let root = dir.path();
    let human = [
        vec!["analyze", "-q", "--no-cache"],
        vec!["analyze", "-q", "--format", "md"],
        vec!["suggest", "-q", "--seeds", "1"],
        vec!["suggest", "-q", "--seeds", "1", "--format", "md"],
        vec!["check", "-q"],
        vec!["check", "-q", "--verbose"],
        vec!["check", "-q", "--format", "markdown"],
        vec!["check", "-q", "--format", "junit"],
        vec!["graph", "-q", "--format", "mermaid"],
        vec!["graph", "-q", "--level", "file", "--format", "mermaid"],
    ];
    for args in &human {
        assert_tame(args, root, false);
    }
    let machine = [
        vec!["analyze", "-q", "--format", "json"],
        vec!["suggest", "-q", "--seeds", "1", "--format", "json"],
        vec!["check", "-q", "--format", "json"],
        vec!["check", "-q", "--format", "sarif"],
        // workflow commands: the file property keeps the exact path (escaped as the runner
        // requires), the message is made visible
        vec!["check", "-q", "--format", "github"],
        vec!["facts", "--format", "jsonl"],
        vec!["facts", "--format", "json"],
        vec!["graph", "-q", "--format", "json"],
        vec!["graph", "-q", "--format", "dot"],
        vec!["graph", "-q", "--format", "graphml"],
        vec!["graph", "-q", "--level", "file", "--format", "dot"],
        vec!["graph", "-q", "--level", "file", "--format", "graphml"],
    ];
    for args in &machine {
        assert_tame(args, root, true);
    }
    // the check does see the hostile files: they break depends_on (--verbose: every occurrence)
    let check = seam()
        .args(["check", "-q", "--verbose"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("lib/Evil/x\\n::error file=forged.pm,line=1::FORGED ANNOTATION\\n.pm"),
        "{text}"
    );
    assert!(text.contains("lib/Evil/e\\x1b[31mred"), "{text}");
    assert!(text.contains("lib/Evil/b\\u{202e}di"), "{text}");
    // the baseline file records the hostile findings; the check then passes, quietly
    assert_tame(&["baseline", "-q"], root, false);
    let baseline = std::fs::read_to_string(root.join("seam-baseline.toml")).unwrap();
    assert_tame_text("seam-baseline.toml", &baseline, true);
    assert_tame(&["check", "-q"], root, false);
    // reports written to files: the Markdown one is read by people
    let report = root.join("report.md");
    seam()
        .args(["report", "-q", "--no-suggest"])
        .arg(root)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    assert_tame_text(
        "report.md",
        &std::fs::read_to_string(&report).unwrap(),
        false,
    );
}

#[test]
fn errors_that_name_a_hostile_path_show_it_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone\n::error file=x::FORGED\u{1b}[2J");
    let output = seam()
        .args(["analyze", "-q"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("gone\\n::error file=x::FORGED\\x1b[2J"),
        "{stderr}"
    );
    assert_tame_text("error", &stderr, false);
}
