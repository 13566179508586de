//! `seam report`: the HTML report opens in a real browser (headless Chromium) without errors,
//! every section renders, and hostile names in the analyzed code cannot inject markup or script.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the test leaves its reports and screenshots for a person to look at.
fn artifacts() -> PathBuf {
    let dir = workspace().join("target/report-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn report(root: &Path, output: &Path, extra: &[&str]) {
    let result = Command::cargo_bin("seam")
        .unwrap()
        .current_dir(workspace())
        .args(["report", "-q", "--no-cache"])
        .arg(root)
        .arg("-o")
        .arg(output)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Chromium, when the machine has it. Without it the browser tests skip with a message on the
/// terminal, unless `SEAM_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs Chromium): then they
/// fail. `SEAM_SKIP_BROWSER=1` skips them anyway (not together with `SEAM_REQUIRE_BROWSER`).
fn chromium() -> Option<PathBuf> {
    let required = std::env::var_os("SEAM_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty());
    let found = if std::env::var_os("SEAM_SKIP_BROWSER").is_some() {
        None
    } else {
        std::env::var_os("SEAM_CHROMIUM")
            .map(PathBuf::from)
            .into_iter()
            .chain(["chromium", "chromium-browser", "google-chrome"].map(PathBuf::from))
            .find(|candidate| {
                std::process::Command::new(candidate)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
    };
    if found.is_none() {
        assert!(
            !required,
            "no Chromium (or SEAM_SKIP_BROWSER is set), and SEAM_REQUIRE_BROWSER is set: install \
             Debian's `chromium` (.ci/run does) or name the binary in SEAM_CHROMIUM"
        );
        common::skip(
            "no Chromium found, the report was not opened in a browser (install Debian's \
             `chromium`, or name the binary in SEAM_CHROMIUM; SEAM_REQUIRE_BROWSER=1 makes this a \
             failure)",
        );
    }
    found
}

fn headless(browser: &Path, args: &[&str], page: &Path) -> Output {
    let profile = tempfile::tempdir().unwrap();
    std::process::Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--log-level=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

/// The `<html ...>` start tag (where the report's script records errors).
fn html_tag(page: &str) -> &str {
    let start = page.find("<html").unwrap_or(0);
    let end = page[start..].find('>').map_or(page.len(), |e| start + e);
    &page[start..end]
}

/// Whether any start tag carries an `on...=` attribute (the script's own text has none).
/// Double-quoted attribute values are skipped: escaped text inside them is not an attribute.
fn event_attribute(page: &str) -> bool {
    page.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        let mut outside = String::new();
        let mut quoted = false;
        for c in tag.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                outside.push(c);
            }
        }
        outside.split_whitespace().skip(1).any(|attribute| {
            attribute.to_ascii_lowercase().starts_with("on") && attribute.contains('=')
        })
    })
}

/// The page as Chromium built it, after checking that the report's script ran without errors and
/// nothing was refused or failed to load.
fn rendered(browser: &Path, output: &Path) -> String {
    let html = std::fs::read_to_string(output).unwrap();
    assert_eq!(html.matches("<script").count(), 1, "one inline script");
    assert!(
        !html.contains(" src=\"http") && !html.contains(" href=\"http"),
        "nothing loaded"
    );
    let dom = headless(browser, &["--dump-dom"], output);
    let page = String::from_utf8_lossy(&dom.stdout).into_owned();
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(
        page.contains("data-ready=\"true\""),
        "the script ran: {log}"
    );
    assert!(
        !html_tag(&page).contains("data-js-errors"),
        "JavaScript errors: {}",
        html_tag(&page)
    );
    for problem in ["Uncaught", "Failed to load resource", "Refused to"] {
        assert!(!log.contains(problem), "{problem}: {log}");
    }
    page
}

/// The text of `<section id="ID">`.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn the_example_report_renders_in_chromium_without_errors() {
    let output = artifacts().join("example.html");
    report(&workspace().join("examples/library-monolith"), &output, &[]);
    let html = std::fs::read_to_string(&output).unwrap();
    // the first screen's verdicts, from the analysis
    let overview = section(&html, "summary");
    assert!(
        overview.contains("<b>3 of 13 modules form a cycle</b>"),
        "{overview}"
    );
    assert!(overview.contains("The check passes"), "{overview}");
    assert!(overview.contains("<table class=\"sortable\" id=\"module-table\">"));
    // the debt, with its paper trail
    let rules = section(&html, "rules");
    assert!(
        rules.contains("Baselined violations: the known debt (81)"),
        "{rules}"
    );
    assert!(rules.contains("aging buckets belong in Journals (README smell 4)"));
    assert!(rules.contains("@serials-team"));
    assert!(!rules.contains("New violations"), "none: no heading");
    // a module card: its anchor, who uses what it offers, its blind spots with file:line
    let cards = section(&html, "modules");
    let patron = &cards[cards.find("id=\"module-patron\"").expect("patron's card")..];
    let patron = &patron[..patron.find("</details>").unwrap()];
    assert!(
        patron.contains("<code>LibSys::Patron::Member::load</code>"),
        "{patron}"
    );
    assert!(
        patron.contains("<a href=\"#module-billing\">billing</a>"),
        "{patron}"
    );
    assert!(
        patron.contains("lib/LibSys/Patron/Member.pm:25"),
        "{patron}"
    );
    assert!(
        patron.contains("<b>Owner</b>: @circulation-team"),
        "{patron}"
    );
    // one tab per hotspot ranking, each with what its score is
    assert!(section(&html, "hotspots").contains("Score: <b>modules in × modules out</b>"));
    let Some(browser) = chromium() else { return };
    let page = rendered(&browser, &output);
    for section in [
        "summary", "map", "dsm", "hotspots", "cycles", "proposal", "rules", "history", "modules",
        "glossary",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{section}\">")),
            "section {section}"
        );
    }
    assert!(page.contains("<svg"), "the module map is drawn");
    assert!(page.contains("LibSys::Catalog::LateFeeCalculator"));
    let screenshot = artifacts().join("example.png");
    let shot = headless(
        &browser,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1400,2400",
        ],
        &output,
    );
    assert!(
        screenshot.exists(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
}

#[test]
fn history_and_trend_sections_with_a_history_and_a_note_without() {
    let dir = common::example_with_history();
    let repo = dir.path().join("repo");
    let output = artifacts().join("example-history.html");
    report(&repo, &output, &["--trend-samples", "3"]);
    let html = std::fs::read_to_string(&output).unwrap();
    let history = section(&html, "history");
    for expected in [
        "Change coupling between modules",
        "Hidden coupling (1)",
        "LibSys::Billing::Invoice",
        "LibSys::Notify::Email",
        "Churn hotspots",
        "LibSys::FlatFile",
        "Knowledge map",
        "Dana Fix &lt;dana@libsys.example&gt;",
    ] {
        assert!(history.contains(expected), "{expected}: {history}");
    }
    let trend = section(&html, "trend");
    assert_eq!(trend.matches("<svg class=\"chart\"").count(), 4, "{trend}");
    assert!(trend.contains("Violations of today"));
    assert_eq!(trend.matches("<circle").count(), 12, "3 points on 4 charts");
    assert!(section(&html, "hotspots").contains("churn"));
    // the churn hotspot's complexity over time, as a labelled line
    assert!(history.contains("aria-label=\"complexity of LibSys::FlatFile: 2020-01-02: 58,"));
    // every module card says what data it touches
    let modules = section(&html, "modules");
    assert!(
        modules.contains("<b>Data</b>: owns (only writer) invoice_lines, invoices, payments; writes with other modules fines"),
        "{modules}"
    );
    let markdown = dir.path().join("report.md");
    report(&repo, &markdown, &["--trend-samples", "2"]);
    let text = std::fs::read_to_string(&markdown).unwrap();
    assert!(text.contains("## History") && text.contains("### Hidden coupling"));
    assert!(text.contains("## Trend") && text.contains("seam trend (modules:"));
    if let Some(browser) = chromium() {
        let page = rendered(&browser, &output);
        assert!(page.contains("<section id=\"trend\">"));
    }

    // no git: the section says why, and the trend asked for says so too
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(plain.join("lib")).unwrap();
    std::fs::write(plain.join("lib/A.pm"), "package A;\nuse B;\n1;\n").unwrap();
    std::fs::write(plain.join("lib/B.pm"), "package B;\n1;\n").unwrap();
    let without = dir.path().join("plain.html");
    report(&plain, &without, &["--no-suggest"]);
    let html = std::fs::read_to_string(&without).unwrap();
    assert!(
        section(&html, "history").contains("No history:")
            && section(&html, "history").contains("not in a git repository"),
        "{html}"
    );
    assert!(!html.contains("<section id=\"trend\">"), "not asked for");
    report(&plain, &without, &["--no-suggest", "--trend-samples", "3"]);
    let html = std::fs::read_to_string(&without).unwrap();
    assert!(section(&html, "trend").contains("No trend:"));
    report(&repo, &without, &["--no-suggest", "--no-history"]);
    let html = std::fs::read_to_string(&without).unwrap();
    assert!(section(&html, "history").contains("No history: not read (--no-history)."));
}

#[test]
fn hostile_names_cannot_inject_markup_or_script() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    let files = [
        (
            "lib/<img src=x onerror=alert(1)>.pm",
            "package Evil;\nuse Other;\nsub f { Other::g() }\n1;\n",
        ),
        (
            "lib/Other.pm",
            "package Other;\nuse Evil;\nsub g { Evil::f() }\n1;\n",
        ),
        ("\"><svg onload=alert(2)>/run.pl", "use Evil;\nEvil::f();\n"),
        (
            "cgi-bin/x'onmouseover='alert(3).pl",
            "use Other;\nOther::g();\n",
        ),
        (
            "a\" onmouseover=\"alert(5)/run.pl",
            "use Other;\nOther::g();\n",
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = dir.path().join("report.html");
    report(&root, &output, &[]);
    let html = std::fs::read_to_string(&output).unwrap();
    for raw in ["<img src=x", "<svg onload", "onerror=alert(1)>"] {
        assert!(!html.contains(raw), "unescaped {raw}");
    }
    assert!(
        !event_attribute(&html),
        "an event handler attribute in the markup"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "shown, escaped"
    );
    assert_eq!(html.matches("<script").count(), 1);
    // a template may only make web (or file) links, whatever the path holds
    let refused = Command::cargo_bin("seam")
        .unwrap()
        .args([
            "report",
            "-q",
            "--source-url",
            "javascript:alert(4)//{path}",
            "-o",
        ])
        .arg(dir.path().join("web.html"))
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let Some(browser) = chromium() else { return };
    let dom = headless(&browser, &["--dump-dom"], &output);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"true\""));
    assert!(
        !html_tag(&dom).contains("data-js-errors"),
        "{}",
        html_tag(&dom)
    );
    assert!(!dom.contains("<img"), "no element was injected");
    assert!(
        !event_attribute(&dom),
        "no event handler attribute was injected"
    );
}

#[test]
fn markdown_report_and_output_rules() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = dir.path().join("report.md");
    report(
        &workspace().join("examples/library-monolith"),
        &markdown,
        &["--format", "md"],
    );
    let text = std::fs::read_to_string(&markdown).unwrap();
    assert!(text.starts_with("<!-- generated by seam report -->\n# seam report"));
    assert!(text.contains("Proposed modules"));
    assert!(text.contains("seam check"));

    let foreign = dir.path().join("notes.html");
    // mentioning seam report does not make a file a report
    std::fs::write(&foreign, "my notes: we run seam report weekly").unwrap();
    let refused = Command::cargo_bin("seam")
        .unwrap()
        .current_dir(workspace())
        .args(["report", "-q", "examples/library-monolith", "-o"])
        .arg(&foreign)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "my notes: we run seam report weekly"
    );
}

/// A dense module graph (every module using most others) once made the layout search run for
/// minutes; the report must come back quickly, the tangle drawn as one node that opens.
#[test]
fn a_dense_module_graph_still_gives_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    let modules = 40;
    for m in 0..modules {
        let mut source = format!("package M{m:02}::Core;\n");
        for other in (0..modules).filter(|o| *o != m && (o + m) % 5 != 0) {
            source.push_str(&format!("sub call{other} {{ M{other:02}::Core::run() }}\n"));
        }
        source.push_str("sub run { 1 }\n1;\n");
        let path = root.join(format!("lib/M{m:02}/Core.pm"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, source).unwrap();
    }
    let output = dir.path().join("dense.html");
    let started = std::time::Instant::now();
    report(&root, &output, &["--no-suggest", "--depth", "1"]);
    let html = std::fs::read_to_string(&output).unwrap();
    assert!(
        html.contains("<details class=\"tangle\" id=\"tangle-1\">"),
        "the tangle is one node with its own map"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// Node.js with the walkthrough's packages (`npm ci --prefix tests/browser`), when the machine
/// has them; like [`chromium`], missing is a skip with a message unless `SEAM_REQUIRE_BROWSER`.
fn walkthrough() -> Option<PathBuf> {
    let script = workspace().join("tests/browser/report.mjs");
    let modules = workspace().join("tests/browser/node_modules/playwright-core");
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if node && modules.exists() {
        return Some(script);
    }
    assert!(
        std::env::var_os("SEAM_REQUIRE_BROWSER").is_none(),
        "SEAM_REQUIRE_BROWSER is set but Node.js or tests/browser/node_modules is missing: \
         install nodejs and npm, then `npm ci --prefix tests/browser` (.ci/run does)"
    );
    common::skip(
        "the browser walkthrough needs Node.js and `npm ci --prefix tests/browser` \
         (SEAM_REQUIRE_BROWSER=1 makes this a failure)",
    );
    None
}

/// Runs the walkthrough (tests/browser/report.mjs) on a report: sorting, filtering, search,
/// tabs, cards, print to PDF, screenshots, axe-core. Returns what it measured.
fn walk(
    browser: &Path,
    script: &Path,
    report: &Path,
    shots: &Path,
    extra: &[&str],
) -> serde_json::Value {
    let output = std::process::Command::new("node")
        .arg(script)
        .arg(report)
        .arg(shots)
        .args(extra)
        .env("SEAM_CHROMIUM", browser)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the walkthrough failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap()
}

/// A codebase of 250 modules (two packages each) with a 100-module tangle: the size at which
/// the report's visuals broke down.
fn large_codebase(root: &Path) {
    const MODULES: usize = 250;
    for m in 0..MODULES {
        for p in 0..2 {
            let dir = root.join(format!("lib/App/M{m:03}"));
            std::fs::create_dir_all(&dir).unwrap();
            let mut text = format!("package App::M{m:03}::P{p};\nuse strict;\n");
            // each module uses the next three (a layered chain) ...
            for next in (m + 1..MODULES).take(3) {
                text.push_str(&format!("use App::M{next:03}::P0;\n"));
            }
            // ... and the first hundred close a loop: one tangle
            if m < 100 && p == 1 {
                text.push_str(&format!("use App::M{:03}::P0;\n", (m + 97) % 100));
            }
            text.push_str(&format!(
                "sub run{p} {{ my $x = App::M{:03}::P0::run0(); return $x }}\n1;\n",
                (m + 1).min(MODULES - 1)
            ));
            std::fs::write(dir.join(format!("P{p}.pm")), text).unwrap();
        }
    }
}

#[test]
fn a_reader_can_sort_search_open_print_and_the_report_is_accessible() {
    let Some(browser) = chromium() else { return };
    let Some(script) = walkthrough() else { return };
    // the example, with its seam.toml (rules), history and data
    let output = artifacts().join("walk-example.html");
    report(&workspace().join("examples/library-monolith"), &output, &[]);
    let example = walk(
        &browser,
        &script,
        &output,
        &artifacts().join("example"),
        &[],
    );
    let verdicts = example["verdicts"].to_string();
    assert!(verdicts.contains("modules form a cycle"), "{verdicts}");
    assert!(verdicts.contains("The check passes"), "{verdicts}");
    assert!(
        verdicts.contains("written by more than one module"),
        "{verdicts}"
    );

    // 250 modules with a 100-module tangle
    let dir = tempfile::tempdir().unwrap();
    large_codebase(dir.path());
    let large = artifacts().join("walk-large.html");
    report(dir.path(), &large, &["--depth", "2"]);
    // axe's colour-contrast rule takes minutes on a page this size: the example's checks it
    let measured = walk(
        &browser,
        &script,
        &large,
        &artifacts().join("large"),
        &["--quick-axe"],
    );
    let verdicts = measured["verdicts"].to_string();
    assert!(
        verdicts.contains("100 of 250 modules form one tangle"),
        "{verdicts}"
    );
    eprintln!(
        "large report: {} bytes, load event after {} ms",
        measured["bytes"], measured["load_ms"]
    );

    // a real application from the dev corpus, when this machine has it
    let corpus = std::env::var_os("SEAM_DEV_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/seam-dev-corpus"))
        })
        .map(|c| c.join("ledgersmb"));
    match corpus.filter(|c| c.is_dir()) {
        Some(root) => {
            let real = artifacts().join("walk-ledgersmb.html");
            report(&root, &real, &["--no-history"]);
            let measured = walk(
                &browser,
                &script,
                &real,
                &artifacts().join("ledgersmb"),
                &["--quick-axe"],
            );
            eprintln!(
                "LedgerSMB report: {} bytes, load event after {} ms",
                measured["bytes"], measured["load_ms"]
            );
        }
        None => common::skip("the dev-corpus walkthrough: no $SEAM_DEV_CORPUS/ledgersmb here"),
    }
}
