//! `seam check`, `seam baseline` and `seam init` end to end, through the binary, in temporary git
//! repositories: the workflow a team runs in CI.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temporary repository with a small three-module codebase and its seam.toml.
struct Repo {
    dir: tempfile::TempDir,
}

const CONFIG: &str = r#"
[[module]]
name = "billing"
packages = ["App::Billing", "App::Billing::**"]
owner = "@billing-team"
depends_on = ["util"]

[[module]]
name = "catalog"
packages = ["App::Catalog", "App::Catalog::**"]
depends_on = ["util"]

[[module]]
name = "util"
packages = ["App::Util"]
depends_on = []
"#;

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(repo.root()).unwrap();
        repo.write("seam.toml", CONFIG);
        repo.write(
            "lib/App/Util.pm",
            "package App::Util;\nsub trim { my $s = shift; $s =~ s/^\\s+//; $s }\n1;\n",
        );
        repo.write(
            "lib/App/Billing/Invoice.pm",
            "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\n1;\n",
        );
        repo.write(
            "lib/App/Catalog/Item.pm",
            "package App::Catalog::Item;\nuse App::Util;\n\nsub price { return App::Util::trim(' 3') }\nsub title { 'x' }\n1;\n",
        );
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit("initial");
        repo
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap()
    }

    fn git(&self, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=seam",
                "-c",
                "user.email=seam@example.invalid",
            ])
            .args(args)
            .current_dir(self.root())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn seam(&self, args: &[&str]) -> Output {
        Command::cargo_bin("seam")
            .unwrap()
            .current_dir(self.root())
            .env("SEAM_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(args)
            .arg("-q")
            .output()
            .unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[test]
fn a_baseline_tolerates_old_violations_and_a_new_cross_module_use_fails_naming_file_and_line() {
    let repo = Repo::new();
    let before = repo.seam(&["check"]);
    assert_eq!(code(&before), 1, "{}", stdout(&before));
    assert!(stdout(&before).contains("error[depends_on]"));

    let written = repo.seam(&["baseline"]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let baseline = repo.read("seam-baseline.toml");
    assert!(baseline.contains(
        r#"{ rule = "depends_on", from = "App::Billing::Invoice", to = "App::Catalog::Item", kind = "use", count = 1 },"#
    ), "{baseline}");
    assert!(
        !baseline.contains("line =") && !baseline.contains("file ="),
        "entries are keyed without files or lines"
    );
    let passing = repo.seam(&["check"]);
    assert_eq!(code(&passing), 0, "{}", stdout(&passing));
    assert!(stdout(&passing).contains("0 new, 0 fixed, 2 baselined"));
    repo.commit("adopt seam");

    // moving code inside a file changes nothing
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\n\n# totals\nuse App::Util;\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\n1;\n",
    );
    assert_eq!(code(&repo.seam(&["check"])), 0);

    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\n1;\n",
    );
    let failing = repo.seam(&["check"]);
    assert_eq!(code(&failing), 1);
    let text = stdout(&failing);
    assert!(text.contains("--> lib/App/Catalog/Shelf.pm:2:5"), "{text}");
    assert!(text.contains("2 | use App::Billing::Invoice;"), "{text}");
    assert!(
        text.contains("add \"billing\" to depends_on of module \"catalog\""),
        "{text}"
    );
    // the new edge also closes a cycle between the two modules: both of its edges are on it
    assert!(text.contains("error[cycle]: catalog -> billing"), "{text}");
    assert!(text.contains("catalog -> billing -> catalog"), "{text}");
    assert!(text.contains("4 new, 0 fixed, 2 baselined"), "{text}");
}

#[test]
fn a_fixed_violation_fails_as_stale_until_pruned_and_prune_adds_nothing() {
    let repo = Repo::new();
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    // fix the call, and add a new violation that prune must not absorb
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\n\nsub total { 2 }\n1;\n",
    );
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\n1;\n",
    );
    let stale = repo.seam(&["check"]);
    assert_eq!(code(&stale), 1);
    assert!(
        stdout(&stale).contains("error[stale_baseline]"),
        "{}",
        stdout(&stale)
    );
    assert!(stdout(&stale).contains("seam baseline --prune"));
    assert!(
        stdout(&stale).contains("check failed: 3 new violations, 1 stale baseline entry"),
        "{}",
        stdout(&stale)
    );

    let pruned = repo.seam(&["baseline", "--prune"]);
    assert_eq!(code(&pruned), 0);
    assert!(
        stderr(&pruned).contains("1 entries (0 added, 1 removed)"),
        "{}",
        stderr(&pruned)
    );
    let after = repo.seam(&["check"]);
    assert_eq!(code(&after), 1, "the new violation is still new");
    assert!(!stdout(&after).contains("stale_baseline"));
    assert!(stdout(&after).contains("lib/App/Catalog/Shelf.pm:2"));
}

#[test]
fn stale_entries_can_be_configured_as_warnings() {
    let repo = Repo::new();
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    repo.write(
        "seam.toml",
        &format!("[check]\nstale_baseline = \"warn\"\n{CONFIG}"),
    );
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\nsub total { 2 }\n1;\n",
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("warning[stale_baseline]"));
}

#[test]
fn an_expired_entry_fails_and_reason_owner_expires_survive_a_rewrite() {
    let repo = Repo::new();
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    let baseline = repo.read("seam-baseline.toml").replace(
        r#"kind = "use", count = 1 }"#,
        r#"kind = "use", count = 1, reason = "until the price API", owner = "@billing-team", expires = 2020-01-31 }"#,
    );
    repo.write("seam-baseline.toml", &baseline);
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.contains("error[expired_baseline]"), "{text}");
    assert!(
        text.contains("until 2020-01-31 (owner: @billing-team)"),
        "{text}"
    );

    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    assert!(repo.read("seam-baseline.toml").contains(
        r#"reason = "until the price API", owner = "@billing-team", expires = 2020-01-31 }"#
    ));
}

#[test]
fn base_mode_flags_exactly_the_new_edge_and_the_removed_one() {
    let repo = Repo::new();
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\n1;\n",
    );
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\nsub total { 2 }\n1;\n",
    );
    repo.commit("change");
    let output = repo.seam(&["check", "--base", "HEAD~1", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["mode"], "base");
    let new: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new" && f["severity"] == "error")
        .map(|f| {
            format!(
                "{} {}:{} {} -> {}",
                f["rule"], f["file"], f["line"], f["from"], f["to"]
            )
        })
        .collect();
    assert!(
        new.iter().all(|n| n.contains("Shelf.pm")),
        "only the new edge is new: {new:?}"
    );
    assert!(new.iter().any(|n| n.contains("\"depends_on\"")), "{new:?}");
    let fixed = report["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert_eq!(fixed[0]["key"]["symbol"], "price");
    // the working tree was not touched
    assert!(repo.read("lib/App/Catalog/Shelf.pm").contains("Shelf"));

    let text = repo.seam(&["check", "--base", "HEAD~1"]);
    assert!(stdout(&text).contains("1 fixed"), "{}", stdout(&text));
    assert_eq!(code(&repo.seam(&["check", "--base", "HEAD"])), 0);
}

#[test]
fn base_mode_fails_safe_on_an_unknown_revision_and_outside_git() {
    let repo = Repo::new();
    let output = repo.seam(&["check", "--base", "no-such-branch"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("`no-such-branch` is not a commit"),
        "{}",
        stderr(&output)
    );

    std::fs::remove_dir_all(repo.root().join(".git")).unwrap();
    let output = repo.seam(&["check", "--base", "HEAD"]);
    assert_eq!(code(&output), 2, "{}", stdout(&output));
}

#[test]
fn suppressions_need_a_reason_and_unused_ones_are_reported() {
    let repo = Repo::new();
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\n# seam: allow(depends_on) invoices show the item price until the price API exists\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2; # seam: allow(depends_on)\n}\n# seam: allow(layers) nothing here\n1;\n",
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.contains("error[invalid_suppression]"), "{text}");
    assert!(text.contains("gives no reason"), "{text}");
    assert!(
        text.contains("lib/App/Billing/Invoice.pm:7"),
        "the unsuppressed call: {text}"
    );
    assert!(
        !text.contains("lib/App/Billing/Invoice.pm:4:"),
        "the use is suppressed: {text}"
    );
    assert!(text.contains("warning[unused_suppression]"), "{text}");
    assert!(text.contains("1 suppressed"), "{text}");
}

#[test]
fn a_new_symbol_on_a_baselined_pair_is_a_ratchet_violation() {
    let repo = Repo::new();
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\nsub label { App::Catalog::Item::title() }\n1;\n",
    );
    let output = repo.seam(&["check", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let new: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["symbol"], "title");
    assert_eq!(new[0]["ratchet"]["baselined_symbols"], 2);
}

#[test]
fn every_format_renders_and_sarif_is_valid_sarif_2_1_0() {
    let repo = Repo::new();
    // the OASIS schema with SARIF 2.1.0 Errata 01's fix to its `language` pattern (see
    // crates/seam-report/tests/check_formats.rs)
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../seam-report/tests/data/sarif-schema-2.1.0.json"),
    )
    .unwrap()
    .replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sarif = repo.seam(&["check", "--format", "sarif"]);
    assert_eq!(code(&sarif), 1);
    let document: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let result = &document["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "lib/App/Billing/Invoice.pm"
    );
    assert!(result["partialFingerprints"].is_object());

    let github = stdout(&repo.seam(&["check", "--format", "github"]));
    assert!(
        github.contains("::error file=lib/App/Billing/Invoice.pm,line=3"),
        "{github}"
    );
    let junit = stdout(&repo.seam(&["check", "--format", "junit"]));
    assert!(junit.starts_with("<?xml"));
    assert!(junit.contains("<testcase name=\"depends_on\""), "{junit}");
    assert!(junit.contains("<failure"), "{junit}");
    let markdown = stdout(&repo.seam(&["check", "--format", "markdown"]));
    assert!(markdown.contains("seam check: failed"), "{markdown}");
    let json = stdout(&repo.seam(&["check", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["schema_version"], 2);
    assert_eq!(report["passed"], false);
}

#[test]
fn the_github_format_appends_a_markdown_step_summary() {
    let repo = Repo::new();
    let summary = repo.dir.path().join("summary.md");
    let output = Command::cargo_bin("seam")
        .unwrap()
        .current_dir(repo.root())
        .env("SEAM_CACHE_DIR", repo.dir.path().join("cache"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "-q", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(std::fs::read_to_string(summary)
        .unwrap()
        .contains("seam check: failed"));
}

#[test]
fn config_errors_name_the_line_and_suggest_the_key() {
    let repo = Repo::new();
    repo.write(
        "seam.toml",
        "[[module]]\nname = \"billing\"\npackages = [\"App::Billing::**\"]\ndependson = []\n",
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 2);
    let error = stderr(&output);
    assert!(error.contains("seam.toml:4:"), "{error}");
    assert!(error.contains("did you mean \"depends_on\""), "{error}");

    repo.write(
        "seam.toml",
        "[[module]]\nname = \"billing\"\npackages = [\"App::Billing::**\"]\ndepends_on = [\"utill\"]\n\n[[module]]\nname = \"util\"\npackages = [\"App::Util\"]\n",
    );
    let error = stderr(&repo.seam(&["check"]));
    assert!(
        error.contains("seam.toml:4: no module is named \"utill\" (did you mean \"util\"?)"),
        "{error}"
    );

    std::fs::remove_file(repo.root().join("seam.toml")).unwrap();
    let output = repo.seam(&["check", "lib"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("seam init"), "{}", stderr(&output));
}

#[test]
fn a_corrupt_baseline_is_an_error_not_a_pass() {
    let repo = Repo::new();
    repo.write(
        "seam-baseline.toml",
        "version = 1\nentries = [ { rule = \"depends_on\" ",
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("seam-baseline.toml:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_runs_from_a_subdirectory_with_the_config_above() {
    let repo = Repo::new();
    let output = Command::cargo_bin("seam")
        .unwrap()
        .current_dir(repo.root().join("lib/App"))
        .env("SEAM_CACHE_DIR", repo.dir.path().join("cache"))
        .args(["check", "-q"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("lib/App/Billing/Invoice.pm:3"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn init_writes_a_commented_config_that_checks_and_never_overwrites() {
    let repo = Repo::new();
    std::fs::remove_file(repo.root().join("seam.toml")).unwrap();
    let output = repo.seam(&["init"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let config = repo.read("seam.toml");
    assert!(config.contains("name = \"App::Billing\""), "{config}");
    assert!(
        config.contains("depends_on = [\"App::Catalog\", \"App::Util\"]"),
        "{config}"
    );
    // today's dependencies are declared, so the check passes
    let check = repo.seam(&["check"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));

    repo.write("seam.toml", "# mine\n");
    let again = repo.seam(&["init"]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("--force"));
    assert_eq!(repo.read("seam.toml"), "# mine\n");
    assert_eq!(code(&repo.seam(&["init", "--force"])), 0);
    assert!(repo.read("seam.toml").contains("[[module]]"));
}

#[test]
fn concurrent_checks_share_the_cache_without_corrupting_it() {
    let repo = Repo::new();
    let expected = stdout(&repo.seam(&["check", "--no-cache", "--format", "json"]));
    let runs: Vec<std::process::Child> = (0..4)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("seam"))
                .current_dir(repo.root())
                .env("SEAM_CACHE_DIR", repo.dir.path().join("cache"))
                .args(["check", "-q", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert_eq!(code(&output), 1);
        assert_eq!(stdout(&output), expected);
    }
    // the cache left behind is whole: a warm run gives the same answer
    assert_eq!(stdout(&repo.seam(&["check", "--format", "json"])), expected);
    let leftovers: Vec<_> = std::fs::read_dir(repo.dir.path().join("cache"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn removing_references_moves_no_cycle_finding_and_only_asks_for_a_prune() {
    let repo = Repo::new();
    // catalog -> billing (four calls) and billing -> catalog (one use, one call): a cycle whose
    // cheapest edge is billing -> catalog
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nsub a { App::Billing::Invoice::total() }\nsub b { App::Billing::Invoice::total() }\nsub c { App::Billing::Invoice::total() }\nsub d { App::Billing::Invoice::total() }\n1;\n",
    );
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    repo.commit("baseline");
    // delete three of the four: catalog -> billing is now the cheaper edge, but cycle debt is
    // keyed by module pair, so nothing new is reported; the baseline's count of four calls is
    // stale until pruned
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nsub a { App::Billing::Invoice::total() }\n1;\n",
    );
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--base", "HEAD", "--format", "json"],
    ] {
        let output = repo.seam(args);
        assert_eq!(code(&output), 1, "{}", stdout(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let failing: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "new" && f["severity"] == "error")
            .collect();
        assert!(
            !failing.is_empty() && failing.iter().all(|f| f["rule"] == "stale_baseline"),
            "{args:?}: {failing:?}"
        );
        assert!(failing[0]["fix"]
            .as_str()
            .unwrap()
            .contains("seam baseline --prune"));
    }
    assert_eq!(code(&repo.seam(&["baseline", "--prune"])), 0);
    assert!(repo
        .read("seam-baseline.toml")
        .contains("symbol = \"total\", kind = \"call\", count = 1"));
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let output = repo.seam(&["check", "--base", "HEAD"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn prune_removes_entries_whose_violation_is_now_suppressed() {
    let repo = Repo::new();
    assert_eq!(code(&repo.seam(&["baseline"])), 0);
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\n# seam: allow(depends_on) until the price API exists\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\n1;\n",
    );
    assert_eq!(code(&repo.seam(&["check"])), 1, "the entry went stale");
    assert_eq!(code(&repo.seam(&["baseline", "--prune"])), 0);
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn base_mode_reads_files_with_any_name_and_counts_nothing_twice() {
    let repo = Repo::new();
    repo.write(
        "lib/App/Catalog/odd\nname.pm",
        "package App::Catalog::Odd;\n1;\n",
    );
    repo.write(
        "lib/App/Catalog/P2.pm",
        "package App::Catalog::P2;\nuse App::Billing::Invoice;\n1;\n",
    );
    repo.commit("odd names");
    repo.write(
        "lib/App/Catalog/odd\nname.pm",
        "package App::Catalog::Odd;\n2;\n",
    );
    repo.write("lib/App/Catalog/P2.pm", "package App::Catalog::P2;\n1;\n");
    let output = repo.seam(&["check", "--base", "HEAD", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["summary"]["new"], 0, "{report}");
    assert!(
        report["summary"]["fixed"].as_u64().unwrap() >= 1,
        "{report}"
    );
}

#[test]
fn init_names_every_script_directory_uniquely_and_escapes_odd_names() {
    let repo = Repo::new();
    std::fs::remove_file(repo.root().join("seam.toml")).unwrap();
    for dir in [".", "scripts", "we\"ird[1]"] {
        repo.write(
            &format!("{dir}/run.pl"),
            "#!/usr/bin/perl\nuse App::Util;\nApp::Util::trim('x');\n",
        );
    }
    assert_eq!(code(&repo.seam(&["init"])), 0);
    let check = repo.seam(&["check", "--format", "json"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
    let report: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(report["summary"]["uncovered"], 0, "{report}");
}

#[test]
fn a_version_1_baseline_still_holds_with_a_note_and_prune_rewrites_it_as_version_2() {
    let repo = Repo::new();
    repo.write(
        "seam-baseline.toml",
        "version = 1\nentries = [\n  { rule = \"depends_on\", from = \"App::Billing::Invoice\", to = \"App::Catalog::Item\", kind = \"use\", file = \"lib/App/Billing/Invoice.pm\", reason = \"until the price API\" },\n  { rule = \"depends_on\", from = \"App::Billing::Invoice\", to = \"App::Catalog::Item\", symbol = \"price\", kind = \"call\", file = \"lib/App/Billing/Invoice.pm\" },\n]\n",
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("seam-baseline.toml is a version 1 baseline"),
        "{text}"
    );
    assert!(
        text.contains("`seam baseline --prune` rewrites it"),
        "{text}"
    );
    assert_eq!(code(&repo.seam(&["baseline", "--prune"])), 0);
    let baseline = repo.read("seam-baseline.toml");
    assert!(baseline.contains("version = 2\n"), "{baseline}");
    assert!(
        baseline.contains(r#"kind = "use", count = 1, reason = "until the price API" }"#),
        "{baseline}"
    );
    let output = repo.seam(&["check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(!stdout(&output).contains("version 1"));
}

/// `--base` on a change to sub bodies only (the same packages, subs, `@ISA`: the base graph is
/// today's with the two files re-resolved) gives exactly what a full resolution of the base
/// gives (`SEAM_TEST_FULL_BASE`, debug builds), and the new and fixed uses it should.
#[test]
fn base_mode_on_changed_bodies_matches_the_full_resolution() {
    let repo = Repo::new();
    // catalog now calls into billing (new), billing no longer calls catalog's price (fixed)
    repo.write(
        "lib/App/Catalog/Item.pm",
        "package App::Catalog::Item;\nuse App::Util;\n\nsub price { return App::Billing::Invoice::total() + JSON::PP->new }\nsub title { 'x' }\n1;\n",
    );
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Util;\nuse App::Catalog::Item;\n\nsub total {\n    return 2;\n}\n1;\n",
    );
    let json = |full: bool| {
        let mut command = Command::cargo_bin("seam").unwrap();
        command
            .current_dir(repo.root())
            .env("SEAM_CACHE_DIR", repo.dir.path().join("cache"))
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "--base", "HEAD", "--format", "json", "-q"]);
        if full {
            command.env("SEAM_TEST_FULL_BASE", "1");
        }
        command.output().unwrap()
    };
    let (fast, full) = (json(false), json(true));
    assert_eq!(code(&fast), 1, "{}", stderr(&fast));
    assert_eq!(stdout(&fast), stdout(&full));
    let report: serde_json::Value = serde_json::from_str(&stdout(&fast)).unwrap();
    let new: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new")
        .map(|f| format!("{} {}:{}", f["rule"], f["file"], f["line"]))
        .collect();
    // the new use breaks depends_on and closes a cycle billing -> catalog -> billing
    assert_eq!(
        new,
        [
            "\"depends_on\" \"lib/App/Catalog/Item.pm\":4",
            "\"cycle\" \"lib/App/Catalog/Item.pm\":4"
        ],
        "{report}"
    );
    let fixed = report["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert_eq!(fixed[0]["key"]["symbol"], "price");
    // a change that adds a package resolves the base in full: the same answer either way
    repo.write(
        "lib/App/Util.pm",
        "package App::Util;\nsub trim { 1 }\npackage App::Util::More;\n1;\n",
    );
    let (fast, full) = (json(false), json(true));
    assert_eq!(stdout(&fast), stdout(&full));
}
