//! The history figures on a scripted git history, each asserted exactly: a hidden coupling
//! planted between two packages with no static edge, a rename, and one commit of each kind the
//! analysis sets aside (large, tests only, outside the graph).

use seam_graph::{resolve, DepGraph, Partition, ResolveOptions};
use seam_history::{
    analyze, read, FileLines, HistoryError, HistoryOptions, KnowledgeBasis, LineCounts, ReadOptions,
};
use seam_perl::Extractor;
use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str], author: &str, day: u32) {
    let date = date_of(day);
    let status = Command::new("git")
        .current_dir(root)
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_NAME", author)
        .env(
            "GIT_AUTHOR_EMAIL",
            format!("{}@example.org", author.to_lowercase()),
        )
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "ci@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// `day` days after 2020-01-01, as git reads dates (seconds since the epoch).
fn date_of(day: u32) -> String {
    format!("{} +0000", 1_577_836_800 + i64::from(day) * 86_400)
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn append(root: &Path, path: &str, text: &str) {
    let old = std::fs::read_to_string(root.join(path)).unwrap();
    write(root, path, &(old + text));
}

fn commit(root: &Path, author: &str, day: u32) {
    git(root, &["add", "-A"], author, day);
    git(
        root,
        &["commit", "-q", "-m", &format!("day {day}")],
        author,
        day,
    );
}

/// Eleven commits: c1 adds four packages (App::A uses App::B; App::C and Other::D are
/// unrelated); c2–c6 change A and C together (Bob); c7 changes A and B; c8 renames D.pm to E.pm;
/// c9 touches only a test; c10 touches five files (large with a limit of four); c11 only a
/// template, two years later.
fn scripted() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"], "Ann", 0);
    write(root, "lib/App/A.pm", "package App::A;\nuse App::B;\nsub f { my $x = shift; if ($x) { return 1 } elsif ($x > 2) { return 2 } 0 }\n1;\n");
    write(root, "lib/App/B.pm", "package App::B;\nsub g { 1 }\n1;\n");
    write(root, "lib/App/C.pm", "package App::C;\nsub h { 1 }\n1;\n");
    write(
        root,
        "lib/Other/D.pm",
        "package Other::D;\nsub d { 1 }\n1;\n",
    );
    commit(root, "Ann", 1);
    for day in 2..=6 {
        append(root, "lib/App/A.pm", &format!("# {day}\n"));
        append(root, "lib/App/C.pm", &format!("# {day}\n"));
        commit(root, "Bob", day);
    }
    append(root, "lib/App/A.pm", "# 7\n");
    append(root, "lib/App/B.pm", "# 7\n");
    commit(root, "Ann", 7);
    git(root, &["mv", "lib/Other/D.pm", "lib/Other/E.pm"], "Ann", 8);
    commit(root, "Ann", 8);
    write(root, "t/a.t", "use App::A;\n");
    commit(root, "Cy", 9);
    for file in [
        "lib/App/A.pm",
        "lib/App/B.pm",
        "lib/App/C.pm",
        "lib/Other/E.pm",
    ] {
        append(root, file, "# 10\n");
    }
    write(root, "README", "read me\n");
    commit(root, "Ann", 10);
    write(root, "templates/x.tt", "[% x %]\n");
    commit(root, "Ann", 800);
    dir
}

fn graph_of(root: &Path) -> DepGraph {
    let mut extractor = Extractor::new(Default::default());
    let mut facts = Vec::new();
    for path in [
        "lib/App/A.pm",
        "lib/App/B.pm",
        "lib/App/C.pm",
        "lib/Other/E.pm",
    ] {
        let source = std::fs::read(root.join(path)).unwrap();
        facts.push(extractor.extract(path, &source));
    }
    resolve(&facts, &ResolveOptions::default()).0
}

/// The scripted history analyzed in namespaces at depth 1, commits of over four files set aside.
fn analyzed(history: &seam_history::History, root: &Path) -> seam_history::HistoryAnalysis {
    let graph = graph_of(root);
    let partition = Partition::namespaces(&graph, 1);
    let options = HistoryOptions {
        max_files_per_commit: 4,
        ..HistoryOptions::default()
    };
    analyze(history, &graph, &partition, &options)
}

#[test]
fn every_figure_of_a_scripted_history() {
    let dir = scripted();
    let root = dir.path();
    let history = read(root, &ReadOptions::default()).unwrap();
    assert_eq!(history.commits.len(), 11);
    // the rename is followed: the first commit's D.pm is today's E.pm
    assert!(history
        .commits
        .last()
        .unwrap()
        .files
        .contains(&"lib/Other/E.pm".to_string()));
    // ... and undone for a commit before it: c8 (index 3) renamed D.pm
    assert_eq!(history.name_at("lib/Other/E.pm", 10), "lib/Other/D.pm");
    assert_eq!(history.name_at("lib/Other/E.pm", 4), "lib/Other/D.pm");
    assert_eq!(history.name_at("lib/Other/E.pm", 3), "lib/Other/E.pm");
    assert_eq!(history.name_at("lib/App/A.pm", 10), "lib/App/A.pm");

    let analysis = analyzed(&history, root);
    let counts = &analysis.commits;
    assert_eq!(
        (
            counts.read,
            counts.analyzed,
            counts.large,
            counts.tests_or_docs_only,
            counts.outside_the_graph
        ),
        (11, 8, 1, 1, 1)
    );
    assert_eq!(counts.authors, 3);
    assert_eq!(counts.perl_files_gone, 0, "the renamed file is not gone");

    // A: c1..c7 (7), C: c1..c6 (6), together in 6: degree 6 / 6.5
    let files = &analysis.coupling.files;
    assert_eq!(files.len(), 1, "{files:?}");
    let pair = &files[0];
    assert_eq!(
        (pair.a.as_str(), pair.b.as_str()),
        ("lib/App/A.pm", "lib/App/C.pm")
    );
    assert_eq!((pair.shared, pair.revisions_a, pair.revisions_b), (6, 7, 6));
    assert!((pair.degree - 6.0 / 6.5).abs() < 1e-12);
    let packages = &analysis.coupling.packages;
    assert_eq!(packages.len(), 1);
    assert_eq!(
        (packages[0].a.as_str(), packages[0].b.as_str()),
        ("App::A", "App::C")
    );
    // App and Other changed together once: below every threshold
    assert!(analysis.coupling.modules.is_empty());

    // A and C have no static edge: hidden, with the three newest shared commits
    assert_eq!(analysis.hidden.len(), 1);
    let hidden = &analysis.hidden[0];
    assert_eq!(hidden.pair.a, "App::A");
    assert_eq!(hidden.module_a.as_deref(), Some("App"));
    let newest: Vec<&str> = history.commits[5..8]
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(hidden.commits, newest, "c6, c5, c4");

    // sum of coupling: A 3 (c1) + 5 (c2-c6) + 1 (c7); C 3 + 5; B 3 + 1; D 3 + 0
    let sums: Vec<(&str, u32, u32)> = analysis
        .coupling
        .sum_of_coupling
        .iter()
        .map(|s| (s.name.as_str(), s.sum, s.revisions))
        .collect();
    assert_eq!(
        sums,
        [
            ("App::A", 9, 7),
            ("App::C", 8, 6),
            ("App::B", 4, 2),
            ("Other::D", 3, 2)
        ]
    );

    // churn: revisions × complexity, A first
    let a = &analysis.churn[0];
    assert_eq!((a.name.as_str(), a.revisions), ("App::A", 7));
    assert!(a.complexity > 1);
    assert_eq!(a.score, 7 * u64::from(a.complexity));

    // knowledge: Bob made 5 of App's 7 commits and left two years before the newest commit
    let app = &analysis.knowledge[0];
    assert_eq!(
        (app.module.as_str(), app.commits, app.authors),
        ("App", 7, 2)
    );
    assert_eq!(app.main_author, "Bob <bob@example.org>");
    assert!((app.main_share - 5.0 / 7.0).abs() < 1e-12);
    assert_eq!(app.bus_factor, 1);
    assert!(app.main_author_inactive);
    let other = &analysis.knowledge[1];
    assert_eq!((other.module.as_str(), other.commits), ("Other", 2));
    assert_eq!(other.main_author, "Ann <ann@example.org>");
    assert!(!other.main_author_inactive);
}

#[test]
fn knowledge_by_lines_changed_when_the_history_has_line_counts() {
    let dir = scripted();
    let root = dir.path();
    let with_lines = ReadOptions {
        lines: true,
        ..ReadOptions::default()
    };
    let history = read(root, &with_lines).unwrap();
    assert_eq!(history.lines, LineCounts::Read);
    // c8 renamed D.pm: its line counts are under today's name, and it changed no line
    let rename = &history.commits[3];
    assert_eq!(
        rename.lines,
        [FileLines {
            file: "lib/Other/E.pm".into(),
            added: 0,
            deleted: 0
        }]
    );
    let first = history.commits.last().unwrap();
    assert_eq!(first.lines.len(), 4, "{:?}", first.lines);
    assert_eq!(
        first.lines[3].file, "lib/Other/E.pm",
        "renamed back in time"
    );

    let analysis = analyzed(&history, root);
    assert_eq!(analysis.knowledge_note, None);
    // App: Ann added A, B and C (4 + 3 + 3 lines) and 2 lines in c7; Bob 2 lines in each of five
    // commits: by lines Ann leads (12 of 22), by commits Bob (5 of 7)
    let app = &analysis.knowledge[0];
    assert_eq!(app.basis, KnowledgeBasis::Lines);
    assert_eq!((app.commits, app.lines), (7, 22));
    assert_eq!(app.main_author, "Ann <ann@example.org>");
    assert!((app.main_share - 12.0 / 22.0).abs() < 1e-12);
    assert_eq!(app.bus_factor, 1);

    // without the blobs, the line counts are unavailable and knowledge counts commits, saying why
    let blob = Command::new("git")
        .current_dir(root)
        .args(["rev-parse", &format!("{}:lib/App/B.pm", first.id)])
        .output()
        .unwrap();
    let blob = String::from_utf8(blob.stdout).unwrap();
    let blob = blob.trim();
    std::fs::remove_file(root.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let history = read(root, &with_lines).unwrap();
    assert!(matches!(history.lines, LineCounts::Unavailable(_)));
    let analysis = analyzed(&history, root);
    let note = analysis.knowledge_note.as_deref().unwrap_or_default();
    assert!(note.starts_with("line counts unavailable"), "{note}");
    assert_eq!(analysis.knowledge[0].basis, KnowledgeBasis::Commits);
    assert_eq!(analysis.knowledge[0].main_author, "Bob <bob@example.org>");
}

#[test]
fn since_limits_the_history_and_first_parent_is_the_default() {
    let dir = scripted();
    let root = dir.path();
    let since = ReadOptions {
        since: Some(format!("{}", 1_577_836_800 + 7 * 86_400)),
        ..ReadOptions::default()
    };
    let history = read(root, &since).unwrap();
    assert_eq!(history.commits.len(), 5, "c7..c11");
}

#[test]
fn no_repository_no_commits_and_shallow_clones_are_errors_that_say_what_to_do() {
    let plain = tempfile::tempdir().unwrap();
    let error = read(plain.path(), &ReadOptions::default()).unwrap_err();
    assert!(matches!(error, HistoryError::NotARepository(_)), "{error}");

    git(plain.path(), &["init", "-q"], "Ann", 0);
    let error = read(plain.path(), &ReadOptions::default()).unwrap_err();
    assert!(matches!(error, HistoryError::NoCommits(_)), "{error}");

    let full = scripted();
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", full.path().display());
    let clone = Command::new("git")
        .args(["clone", "-q", "--depth", "2", &url])
        .arg(shallow.path().join("c"))
        .output()
        .unwrap();
    assert!(
        clone.status.success(),
        "{}",
        String::from_utf8_lossy(&clone.stderr)
    );
    let error = read(&shallow.path().join("c"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(error, HistoryError::Shallow(_)), "{error}");
    assert!(error.to_string().contains("--unshallow"));
}
