//! Golden-output rules for every text the binary prints: every line of stdout and stderr fits
//! 100 columns (characters, not bytes), every table has its legend, every text output ends with
//! the line that names the glossary, and every cut list says how much it left out. Run on the
//! example monolith (with its scripted history, so the history section and `seam trend` print)
//! and on one dev-corpus root when the machine has one.

mod common;

use common::{example_with_history, seam, workspace};
use std::path::Path;

/// The widest line any text output may have.
const WIDTH: usize = 100;

/// The glossary footer every text output ends with.
const FOOTER: &str = "Terms and formulas: `seam glossary` (docs/glossary.md)";

/// What a run printed.
struct Run {
    what: String,
    stdout: String,
    stderr: String,
}

/// Runs `seam ARGS` in `dir` (exit 0 or 1) and keeps what it printed.
fn run(dir: &Path, args: &[&str]) -> Run {
    let output = seam().current_dir(dir).args(args).output().unwrap();
    let what = format!("seam {}", args.join(" "));
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Run {
        what,
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Every line of stdout and stderr within [`WIDTH`] characters.
fn assert_fits(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        for line in text.lines() {
            assert!(
                line.chars().count() <= WIDTH,
                "{} ({stream}): a line of {} columns:\n{line}",
                run.what,
                line.chars().count()
            );
        }
    }
}

/// A table's header: no digits, and at least three gaps of two or more spaces between its words
/// (the columns); data rows have numbers, prose has single spaces.
fn is_header(line: &str) -> bool {
    let body = line.trim();
    !body.is_empty()
        && !body.chars().any(|c| c.is_ascii_digit())
        && body
            .split("  ")
            .filter(|part| !part.trim().is_empty())
            .count()
            >= 4
}

/// Every table (a header, its rows, up to the next blank line) has a `Columns:` legend line.
fn assert_legends(run: &Run) -> usize {
    let lines: Vec<&str> = run.stdout.lines().collect();
    let mut tables = 0;
    for (i, line) in lines.iter().enumerate() {
        if !is_header(line) {
            continue;
        }
        tables += 1;
        let block = lines[i + 1..].iter().take_while(|l| !l.trim().is_empty());
        let legend = block
            .clone()
            .any(|l| l.trim_start().starts_with("Columns: "));
        assert!(
            legend,
            "{}: the table under `{line}` has no `Columns:` legend",
            run.what
        );
    }
    tables
}

/// The text output ends with the glossary line.
fn assert_footer(run: &Run) {
    assert_eq!(
        run.stdout.lines().last(),
        Some(FOOTER),
        "{}: no glossary footer",
        run.what
    );
}

/// Cut lists say how many they left out, in one wording.
fn assert_cut_lists(run: &Run) {
    let lines: Vec<&str> = run.stdout.lines().collect();
    for (i, &line) in lines.iter().enumerate() {
        if line.contains(" more") && line.contains('…') {
            // a long line may wrap between the count and the hint
            let next = lines.get(i + 1).map_or("", |l| l.trim_start());
            let joined = format!("{line} {next}");
            assert!(
                line.contains("… and ") && joined.contains(" more (--format json lists all)"),
                "{}: a cut list that does not say how to see it all:\n{line}",
                run.what
            );
        }
        assert!(
            !line.contains("... "),
            "{}: `...` instead of a counted cut:\n{line}",
            run.what
        );
    }
}

/// The text outputs of every command on `root` (in `dir`), with `history` when it is a git
/// repository with history and `rules` when it has a seam.toml.
fn text_outputs(dir: &Path, root: &str, history: bool, rules: bool) -> Vec<Run> {
    let mut runs = vec![
        run(dir, &["analyze", root]),
        run(dir, &["analyze", root, "--modules", "namespace", "--tests"]),
        run(dir, &["suggest", root]),
    ];
    if rules {
        runs.push(run(dir, &["check", root]));
        runs.push(run(dir, &["check", root, "--verbose"]));
    }
    if history {
        runs.push(run(dir, &["trend", root, "--samples", "4"]));
    }
    runs
}

fn assert_rules(runs: &[Run]) -> usize {
    let mut tables = 0;
    for run in runs {
        assert_fits(run);
        assert_footer(run);
        assert_cut_lists(run);
        tables += assert_legends(run);
    }
    tables
}

#[test]
fn the_example_fits_100_columns_with_legends_and_the_glossary_footer() {
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    let runs = text_outputs(&repo, ".", true, true);
    let tables = assert_rules(&runs);
    // the modules table (twice), the proposed modules, the quality of the cut and the trend
    assert!(tables >= 5, "{tables} tables found");
    assert!(
        runs[0].stdout.contains("\nhistory (first-parent"),
        "no history section"
    );

    // the messages of the commands that write files, and every command's --help
    let mut messages = vec![
        run(&repo, &["init", "--force"]),
        run(&repo, &["baseline"]),
        run(&repo, &["report", ".", "-o", "report.html"]),
        run(&repo, &["report", ".", "--format", "md", "-o", "report.md"]),
        run(&repo, &["--help"]),
    ];
    for command in [
        "analyze", "graph", "facts", "init", "check", "baseline", "allow", "suggest", "report",
        "trend", "glossary",
    ] {
        messages.push(run(&repo, &[command, "--help"]));
    }
    for message in &messages {
        assert_fits(message);
    }
    assert!(
        messages[4].stdout.contains("seam glossary"),
        "--help names the glossary"
    );

    // the Markdown outputs end with the glossary line too
    let markdown = std::fs::read_to_string(repo.join("report.md")).unwrap();
    assert!(markdown.trim_end().ends_with(FOOTER), "report.md");
    let md = run(&repo, &["analyze", ".", "--format", "md"]);
    assert!(
        md.stdout.trim_end().ends_with(FOOTER),
        "analyze --format md"
    );
    let html = std::fs::read_to_string(repo.join("report.html")).unwrap();
    assert!(
        html.contains("seam glossary"),
        "the HTML report names the glossary"
    );
    // `seam report .` is titled by the directory's name, never "."
    assert!(
        html.contains("<title>seam report: repo</title>"),
        "report title"
    );
    assert!(
        markdown.contains("# seam report: repo\n"),
        "report.md title"
    );
}

#[test]
fn the_checks_can_fail() {
    let wide = Run {
        what: "sample".into(),
        stdout: format!("{}\n", "x".repeat(101)),
        stderr: String::new(),
    };
    assert!(std::panic::catch_unwind(|| assert_fits(&wide)).is_err());
    let table = Run {
        what: "sample".into(),
        stdout: "  module   pkgs   code   Ca\n  a   1   2   3\n".into(),
        stderr: String::new(),
    };
    assert!(std::panic::catch_unwind(|| assert_legends(&table)).is_err());
    let cut = Run {
        what: "sample".into(),
        stdout: "  ... 3 more\n".into(),
        stderr: String::new(),
    };
    assert!(std::panic::catch_unwind(|| assert_cut_lists(&cut)).is_err());
    assert!(std::panic::catch_unwind(|| assert_footer(&cut)).is_err());
}

/// The first dev-corpus root this machine has (the CI machine has none).
fn corpus_root() -> Option<&'static str> {
    ["/root/.cache/seam-dev-corpus/sympa", "/usr/share/lintian"]
        .into_iter()
        .find(|root| Path::new(root).is_dir())
}

#[test]
fn a_real_codebase_fits_100_columns_with_legends() {
    let Some(root) = corpus_root() else {
        common::skip(
            "no dev-corpus root on this machine (sympa, lintian): only the example was checked",
        );
        return;
    };
    let history = Path::new(root).join(".git").exists();
    let runs = text_outputs(&workspace(), root, history, false);
    let tables = assert_rules(&runs);
    assert!(tables >= 4, "{root}: {tables} tables found");
    // a real codebase has more than one screen holds: the lists say what they cut
    assert!(
        runs.iter()
            .any(|r| r.stdout.contains("more (--format json lists all)")),
        "{root}: no list was cut"
    );
}

#[test]
fn the_glossary_is_the_documents_text() {
    let run = run(&workspace(), &["glossary"]);
    let doc = std::fs::read_to_string(workspace().join("docs/glossary.md")).unwrap();
    assert_eq!(run.stdout, doc);
    for term in [
        "Ca (afferent coupling)",
        "instability",
        "needs",
        "impact",
        "blind spot",
        "propagation cost",
        "tangle",
        "TurboMQ",
        "MoJoFM",
        "ARI",
        "NED",
        "IFN",
        "ICP",
        "resolution",
        "cohesion",
        "co-change containment",
        "commit locality",
        "change coupling degree",
        "bus factor",
        "shared write",
        "owner proposal",
    ] {
        assert!(doc.contains(term), "the glossary lacks {term}");
    }
}
