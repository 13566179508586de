//! Scripted git histories replayed through the binary: what `seam check` says about each kind of
//! change a team makes (issue 12). Every `--base` run here also asserts that no new finding sits
//! on a line the change did not add.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// A temporary git repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new(config: &str) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(repo.root()).unwrap();
        repo.write("seam.toml", config);
        repo.git(&["init", "-q", "-b", "main"]);
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

    fn git(&self, args: &[&str]) -> String {
        let output = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=seam",
                "-c",
                "user.email=seam@example.invalid",
            ])
            .args(args)
            .current_dir(self.root())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
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

    /// `seam check ARGS --format json`: the exit code and the report.
    fn check(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let output = self.seam(&all);
        let code = output.status.code().unwrap_or(-1);
        let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{all:?} ({code}): {e}: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (code, report)
    }
}

/// The failing findings as `rule file:line`.
fn failing(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new" && f["severity"] == "error")
        .map(|f| {
            format!(
                "{} {}:{}",
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect()
}

/// A module per letter, each `App::X` in `lib/App/X.pm`; no `depends_on`, so only cycles judge.
fn modules(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| {
            format!("[[module]]\nname = \"{n}\"\npackages = [\"App::{n}\", \"App::{n}::**\"]\n\n")
        })
        .collect()
}

/// `lib/App/NAME.pm` calling `App::T::f()` for each T in `uses`, one call per line from line 3.
fn package(name: &str, uses: &[&str]) -> String {
    let mut text = format!("package App::{name};\nsub f {{ 1 }}\n");
    for target in uses {
        text.push_str(&format!("sub to_{target} {{ App::{target}::f() }}\n"));
    }
    text.push_str("1;\n");
    text
}

#[test]
fn a_tangle_and_new_edges_elsewhere_put_findings_only_on_added_lines() {
    // A..J in a ring (a tangle of ten modules), X and Y outside it
    let ring = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
    let mut names = ring.to_vec();
    names.extend(["X", "Y"]);
    let repo = Repo::new(&modules(&names));
    let mut uses: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (i, name) in ring.iter().enumerate() {
        uses.insert(name, vec![ring[(i + 1) % ring.len()]]);
    }
    uses.insert("X", vec!["Y"]);
    uses.insert("Y", vec![]);
    let write_all = |uses: &std::collections::BTreeMap<&str, Vec<&str>>| {
        for (name, targets) in uses {
            repo.write(&format!("lib/App/{name}.pm"), &package(name, targets));
        }
    };
    write_all(&uses);
    assert_eq!(repo.seam(&["baseline"]).status.code(), Some(0));
    repo.commit("a tangle, baselined");
    let (code, _) = repo.check(&[]);
    assert_eq!(code, 0, "the baseline holds the tangle");

    // each step adds one call at the end of one file (its new line is known) and is checked
    // against the commit before; the baseline is never rewritten, so the baseline-mode run sees
    // the history's accumulated change
    let steps: [(&str, &str, bool); 5] = [
        ("C", "G", true),  // a chord inside the tangle: a new module edge on a cycle
        ("X", "B", false), // into the tangle from outside: no cycle
        ("Y", "A", false), // still outside: X -> B, Y -> A, nothing back
        ("E", "Y", true),  // E -> Y -> A -> ... -> E: Y joins the tangle at this line
        ("B", "C", false), // one more reference on an edge that already was on the cycle
    ];
    let mut new_edges = 0;
    for (from, to, cycle) in steps {
        uses.get_mut(from).unwrap().push(to);
        write_all(&uses);
        repo.commit(&format!("{from} uses {to}"));
        let line = 2 + uses[from].len();
        let file = format!("lib/App/{from}.pm");
        let (code, report) = repo.check(&["--base", "HEAD~1"]);
        let found = failing(&report);
        if cycle {
            new_edges += 1;
            assert_eq!(code, 1, "{from} -> {to}: {found:?}");
            assert_eq!(found, [format!("cycle {file}:{line}")], "{from} -> {to}");
        } else {
            assert_eq!(code, 0, "{from} -> {to}: {found:?}");
        }
        // never a finding on a line this commit did not add
        for finding in &found {
            assert!(
                finding.ends_with(&format!("{file}:{line}")),
                "{from} -> {to}: {finding}"
            );
        }
        // baseline mode: only the module edges the history added are new; nothing went stale
        let (_, report) = repo.check(&[]);
        let found = failing(&report);
        assert!(found.iter().all(|f| f.starts_with("cycle ")), "{found:?}");
        assert!(found.len() >= new_edges, "{found:?}");
        let baselined_files: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "new" && f["severity"] == "error")
            .filter_map(|f| f["file"].as_str())
            .collect();
        assert!(
            baselined_files.iter().all(|f| [
                "lib/App/C.pm",
                "lib/App/E.pm",
                "lib/App/X.pm",
                "lib/App/Y.pm"
            ]
            .contains(f)),
            "only files whose module edges joined a cycle: {baselined_files:?}"
        );
    }
}

const THREE: &str = r#"
[[module]]
name = "billing"
packages = ["App::Billing", "App::Billing::**"]
depends_on = []

[[module]]
name = "catalog"
packages = ["App::Catalog", "App::Catalog::**"]
depends_on = []

[[module]]
name = "scripts"
paths = ["bin/*"]
depends_on = []
"#;

/// billing uses catalog (a `use` and a call), a script uses billing.
fn three() -> Repo {
    let repo = Repo::new(THREE);
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Catalog::Item;\n\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\n1;\n",
    );
    repo.write(
        "lib/App/Catalog/Item.pm",
        "package App::Catalog::Item;\nsub price { 3 }\nsub title { 'x' }\n1;\n",
    );
    repo.write(
        "bin/run.pl",
        "#!/usr/bin/perl\nuse App::Billing::Invoice;\nApp::Billing::Invoice::total();\n",
    );
    assert_eq!(repo.seam(&["baseline"]).status.code(), Some(0));
    repo.commit("three modules, baselined");
    repo
}

#[test]
fn a_pure_rename_is_no_change_with_base_or_baseline() {
    let repo = three();
    repo.git(&[
        "mv",
        "lib/App/Billing/Invoice.pm",
        "lib/App/Billing/Bill.pm",
    ]);
    repo.commit("rename");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{:?}", failing(&report));
    assert_eq!(report["summary"]["fixed"], 0, "{report}");
    // the baseline (keyed without files) still matches the renamed file's violations
    let (code, report) = repo.check(&[]);
    assert_eq!(code, 0, "{:?}", failing(&report));

    // a script is named by its path: with --base the rename is recognised (nothing new, nothing
    // fixed), but the baseline names the old path, so the run says it must be rewritten
    repo.git(&["mv", "bin/run.pl", "bin/go.pl"]);
    repo.commit("rename the script");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(report["summary"]["new"], 0, "{report}");
    assert_eq!(report["fixed"].as_array().unwrap().len(), 0, "{report}");
    assert_eq!(
        code, 1,
        "the baseline's entries for bin/run.pl are stale: {report}"
    );
}

#[test]
fn a_sub_moved_to_another_package_of_its_module_is_no_change() {
    let repo = three();
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Catalog::Item;\n1;\n",
    );
    repo.write(
        "lib/App/Billing/Ledger.pm",
        "package App::Billing::Ledger;\n\n# moved from Invoice\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\n1;\n",
    );
    repo.write(
        "bin/run.pl",
        "#!/usr/bin/perl\nuse App::Billing::Invoice;\nApp::Billing::Ledger::total();\n",
    );
    repo.commit("move total to the ledger");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{:?} {}", failing(&report), report["fixed"]);
    let (code, report) = repo.check(&[]);
    assert_eq!(code, 0, "{:?}", failing(&report));
}

#[test]
fn a_parse_error_that_hides_a_new_violation_fails_the_check() {
    let repo = three();
    // a syntax error early in the file, and a new call to catalog near its end
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Catalog::Item;\nmy $broken = \"abc;\nsub total {\n    return App::Catalog::Item::price(1) + 2;\n}\nsub label { App::Catalog::Item::title() }\n1;\n",
    );
    repo.commit("broken");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 1, "{report}");
    let found = failing(&report);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("unreadable lib/App/Billing/Invoice.pm")),
        "{found:?}"
    );
    let message = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unreadable")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("parses worse than at the base revision"),
        "{message}"
    );
}

#[test]
fn a_branch_behind_main_is_judged_against_where_it_forked() {
    let repo = three();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "lib/App/Billing/Notes.pm",
        "package App::Billing::Notes;\nsub note { 1 }\n1;\n",
    );
    repo.commit("feature work");
    repo.git(&["checkout", "-q", "main"]);
    // main fixes the call
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Catalog::Item;\n\nsub total {\n    return 5;\n}\n1;\n",
    );
    repo.commit("fix on main");
    repo.git(&["checkout", "-q", "feature"]);
    let (code, report) = repo.check(&["--base", "main"]);
    assert_eq!(
        code,
        0,
        "the branch did not add the call: {:?}",
        failing(&report)
    );
    assert_eq!(report["summary"]["new"], 0);
    let (code, report) = repo.check(&["--base", "main", "--base-mode", "tip"]);
    assert_eq!(
        code, 1,
        "against main's tip the old call looks new: {report}"
    );
}

#[test]
fn fixing_debt_under_base_fails_until_the_baseline_is_pruned() {
    let repo = three();
    repo.write(
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::Catalog::Item;\n\nsub total {\n    return 5;\n}\n1;\n",
    );
    repo.commit("fix the call, forget the baseline");
    let output = repo.seam(&["check", "--base", "HEAD~1"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("error[stale_baseline]"), "{text}");
    assert!(text.contains("seam baseline --prune"), "{text}");
    assert_eq!(repo.seam(&["baseline", "--prune"]).status.code(), Some(0));
    repo.commit("prune");
    let (code, report) = repo.check(&["--base", "HEAD~2"]);
    assert_eq!(code, 0, "{:?}", failing(&report));
}

#[test]
fn an_empty_seam_toml_is_an_error_that_says_what_to_write() {
    let repo = three();
    repo.write("seam.toml", "");
    let output = repo.seam(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("seam.toml:1: declares no module"), "{error}");
    assert!(
        error.contains("[[module]]") && error.contains("seam init"),
        "{error}"
    );
}

#[test]
fn a_nul_byte_before_end_makes_the_file_unreadable_and_the_check_fail() {
    let repo = three();
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\nmy $x = \"\0\";\n1;\n__END__\n",
    );
    repo.commit("a binary-looking file");
    for args in [&[][..], &["--base", "HEAD~1"]] {
        let (code, report) = repo.check(args);
        assert_eq!(code, 1, "{args:?}: {report}");
        assert!(
            failing(&report).contains(&"unreadable lib/App/Catalog/Shelf.pm:3".to_string()),
            "{args:?}: {:?}",
            failing(&report)
        );
    }
    // `unreadable = "warn"` reports without failing
    repo.write(
        "seam.toml",
        &format!("[check]\nunreadable = \"warn\"\n{THREE}"),
    );
    let (code, report) = repo.check(&[]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn an_unreadable_directory_fails_the_check_and_warns_in_analyze() {
    use std::os::unix::fs::PermissionsExt;
    let repo = three();
    repo.write(
        "lib/App/Catalog/Secret/Deal.pm",
        "package App::Catalog::Secret::Deal;\nuse App::Billing::Invoice;\n1;\n",
    );
    let secret = repo.root().join("lib/App/Catalog/Secret");
    let mode = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(&secret, 0o000);
    // as root, permissions are not enforced: run seam as `nobody` through setpriv (the tree
    // readable by all but the secret directory, a cache it may write), or skip
    let as_root = std::fs::read_dir(&secret).is_ok();
    let setpriv = std::path::Path::new("/usr/bin/setpriv");
    if as_root && !setpriv.exists() {
        mode(&secret, 0o755);
        eprintln!("skipped: directory permissions are not enforced and setpriv is missing");
        return;
    }
    let cache = repo.dir.path().join("nobody-cache");
    std::fs::create_dir_all(&cache).unwrap();
    mode(repo.dir.path(), 0o755);
    mode(&cache, 0o777);
    let run = |args: &[&str]| -> Output {
        let seam = assert_cmd::cargo::cargo_bin("seam");
        let mut command = if as_root {
            let mut command = std::process::Command::new(setpriv);
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(seam);
            command
        } else {
            std::process::Command::new(seam)
        };
        command
            .current_dir(repo.root())
            .env("SEAM_CACHE_DIR", &cache)
            .args(args)
            .arg("-q")
            .output()
            .unwrap()
    };
    let check = run(&["check", "--format", "json"]);
    let analyze = run(&["analyze"]);
    mode(&secret, 0o755);
    assert_eq!(
        check.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        failing(&report).contains(&"unreadable lib/App/Catalog/Secret/:0".to_string()),
        "{:?}",
        failing(&report)
    );
    let warning = String::from_utf8_lossy(&analyze.stderr);
    assert!(
        warning.contains(
            "warning: 1 files or directories could not be read (lib/App/Catalog/Secret/)"
        ),
        "{warning}"
    );
}

#[test]
fn seam_allow_accepts_a_dependency_in_place_and_the_check_then_passes() {
    let repo = three();
    repo.write(
        "seam.toml",
        &THREE.replace(
            "name = \"billing\"\npackages = [\"App::Billing\", \"App::Billing::**\"]\ndepends_on = []",
            "name = \"billing\"\npackages = [\"App::Billing\", \"App::Billing::**\"]\n# billing stays small\ndepends_on = [] # reviewed",
        ),
    );
    std::fs::remove_file(repo.root().join("seam-baseline.toml")).unwrap();
    let (code, report) = repo.check(&[]);
    assert_eq!(code, 1);
    let fix = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["from_module"] == "billing")
        .unwrap()["fix"]
        .as_str()
        .unwrap();
    assert!(fix.contains("seam allow billing catalog"), "{fix}");
    assert!(fix.contains("# seam: allow(depends_on) REASON"), "{fix}");
    assert!(fix.contains("seam baseline"), "{fix}");
    let output = repo.seam(&["allow", "billing", "catalog", "--kinds", "use,call"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let config = repo.read("seam.toml");
    assert!(
        config.contains("# billing stays small\ndepends_on = [{ module = \"catalog\", kinds = [\"use\", \"call\"] }] # reviewed"),
        "{config}"
    );
    assert_eq!(
        repo.seam(&["allow", "scripts", "billing"]).status.code(),
        Some(0)
    );
    let (code, report) = repo.check(&[]);
    assert_eq!(code, 0, "{:?}", failing(&report));
    let output = repo.seam(&["allow", "billing", "catalogue"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean \"catalog\""));
}

#[test]
fn init_leaves_vendored_trees_out_keeps_excludes_and_turns_cycles_off_in_a_tangle() {
    let ring = ["A", "B", "C", "D", "E", "F"];
    let repo = Repo::new("");
    std::fs::remove_file(repo.root().join("seam.toml")).unwrap();
    for (i, name) in ring.iter().enumerate() {
        repo.write(
            &format!("lib/App/{name}.pm"),
            &package(name, &[ring[(i + 1) % ring.len()]]),
        );
        repo.write(
            &format!("lib/{name}x/Z.pm"),
            &format!("package {name}x::Z;\nsub f {{ 1 }}\n1;\n"),
        );
    }
    repo.write(
        ".deps/lib/perl5/Vendored.pm",
        "package Vendored;\nuse App::A;\n1;\n",
    );
    repo.write("vendor/Other.pm", "package Other;\n1;\n");
    repo.write("gen/Made.pm", "package Made;\n1;\n");
    // a hub that uses every other namespace
    let mut hub = String::from("package App::Hub;\n");
    for name in ring {
        hub.push_str(&format!(
            "sub to_{name} {{ App::{name}::f() + {name}x::Z::f() }}\n"
        ));
    }
    repo.write("lib/App/Hub.pm", &format!("{hub}1;\n"));
    // two extensions of one namespace: a module each, not one for the namespace
    for name in ["Mail", "Chat"] {
        repo.write(
            &format!("extensions/{name}/lib/Ext/{name}.pm"),
            &format!("package Ext::{name};\nuse App::A;\nsub f {{ App::A::f() }}\n1;\n"),
        );
    }
    let output = repo.seam(&["init", "--depth", "2", "--exclude", "gen"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let config = repo.read("seam.toml");
    // vendored trees are skipped by default (no need to list them); the user's exclude is kept
    assert!(config.contains("exclude = [\"gen\"]"), "{config}");
    assert!(
        !config.contains("Vendored") && !config.contains("\"Made\""),
        "{config}"
    );
    assert!(
        config.contains("forbid = false"),
        "six of the modules are one cycle: {config}"
    );
    assert!(config.contains("in one dependency cycle"), "{config}");
    for name in ["Mail", "Chat"] {
        assert!(
            config.contains(&format!(
                "name = \"extensions/{name}\"\n# Path globs (relative to the root) whose scripts and packages this module claims.\npaths = [\"extensions/{name}/**\"]"
            )),
            "{config}"
        );
    }
    assert!(!config.contains("\"Ext::**\""), "{config}");
    assert!(
        config.contains("# NOTE: a hub — it uses 12 of the"),
        "{config}"
    );
    let (code, report) = repo.check(&[]);
    assert_eq!(
        code,
        0,
        "the draft passes unchanged: {:?}",
        failing(&report)
    );
}

#[test]
fn a_new_cycle_under_base_is_cleared_by_an_allow_comment_with_a_reason() {
    let repo = three();
    // catalog -> billing closes a cycle with billing -> catalog
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\n1;\n",
    );
    repo.commit("shelf uses billing");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 1);
    let found = failing(&report);
    assert!(
        found.contains(&"cycle lib/App/Catalog/Shelf.pm:2".to_string()),
        "{found:?}"
    );
    let cycle = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "cycle" && f["status"] == "new")
        .unwrap();
    let fix = cycle["fix"].as_str().unwrap();
    assert!(fix.contains("does not clear a cycle"), "{fix}");
    assert!(fix.contains("# seam: allow(cycle) REASON"), "{fix}");
    // a reasoned comment accepts both the cycle and the undeclared dependency
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\n# seam: allow(cycle, depends_on) shelves show invoices until billing has an API\nuse App::Billing::Invoice;\n1;\n",
    );
    repo.commit("accept it");
    let (code, report) = repo.check(&["--base", "HEAD~2"]);
    assert_eq!(code, 0, "{:?}", failing(&report));
}

#[test]
fn a_nul_byte_after_end_is_data_and_the_code_before_it_is_judged() {
    let repo = three();
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nsub f { 1 }\n1;\n__END__\nbinary \0 data\n",
    );
    repo.commit("data after __END__");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{:?}", failing(&report));
    // a new dependency in such a file is seen: the file is read up to __END__
    repo.write(
        "lib/App/Catalog/Shelf.pm",
        "package App::Catalog::Shelf;\nuse App::Billing::Invoice;\nsub f { 1 }\n1;\n__END__\nbinary \0 data\n",
    );
    repo.commit("a new dependency above binary data");
    let (code, report) = repo.check(&["--base", "HEAD~1"]);
    assert_eq!(code, 1, "{report}");
    // catalog -> billing is undeclared, and closes the billing <-> catalog cycle
    assert_eq!(
        failing(&report),
        [
            "depends_on lib/App/Catalog/Shelf.pm:2",
            "cycle lib/App/Catalog/Shelf.pm:2"
        ],
        "{report}"
    );
}
