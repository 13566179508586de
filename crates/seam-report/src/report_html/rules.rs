//! The check against seam.toml: the verdict, counts per rule, new findings (only when there
//! are), warnings, and the debt: every baselined violation with its entry's owner, reason and
//! expiry, and stale entries.

use super::overview::module_link;
use super::sections::{num, section, table};
use super::Page;
use maud::{html, Markup};
use seam_rules::{CheckReport, Finding, RuleId, Severity, Status};
use std::collections::BTreeMap;

/// Most rows of each list (the JSON output of `seam check` has them all).
const ROWS: usize = 300;

fn finding_row(page: &Page<'_>, f: &Finding) -> Markup {
    html! {
        td { (f.rule.name()) }
        td { (page.source_link(&f.file, f.line)) }
        td { (f.message) }
        td { (f.fix) }
    }
}

fn capped(count: usize) -> Markup {
    html! {
        @if count > ROWS {
            p class="note" { "… and " (count - ROWS) " more (" code { "seam check --format json" } " lists all)." }
        }
    }
}

/// The rules section.
pub fn rules(page: &Page<'_>, check: &CheckReport) -> Markup {
    let summary = &check.summary;
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for finding in &check.findings {
        let entry = by_rule.entry(finding.rule.name()).or_default();
        match finding.status {
            Status::New => entry.0 += 1,
            _ => entry.1 += 1,
        }
    }
    let counts: Vec<Markup> = by_rule
        .iter()
        .map(|(rule, (new, old))| html! { td { (rule) } (num(*new as u64)) (num(*old as u64)) })
        .collect();
    let about_baseline =
        |f: &&Finding| matches!(f.rule, RuleId::StaleBaseline | RuleId::ExpiredBaseline);
    let new: Vec<&Finding> = check
        .findings
        .iter()
        .filter(|f| f.status == Status::New && f.severity == Severity::Error)
        .filter(|f| !about_baseline(f))
        .collect();
    let warnings: Vec<&Finding> = check
        .findings
        .iter()
        .filter(|f| f.status == Status::New && f.severity == Severity::Warning)
        .filter(|f| !about_baseline(f))
        .collect();
    let stale: Vec<&Finding> = check.findings.iter().filter(about_baseline).collect();
    let debt: Vec<&Finding> = check
        .findings
        .iter()
        .filter(|f| f.status == Status::Baselined)
        .collect();
    let rows = |list: &[&Finding]| -> Vec<Markup> {
        list.iter()
            .take(ROWS)
            .map(|f| finding_row(page, f))
            .collect()
    };
    let debt_rows: Vec<Markup> = debt
        .iter()
        .take(ROWS)
        .map(|f| {
            let t = f.tolerated.as_ref();
            html! {
                td { (f.rule.name()) }
                td { @if !f.from_module.is_empty() { (module_link(&f.from_module)) } " → " @if !f.to_module.is_empty() { (module_link(&f.to_module)) } }
                td { (page.source_link(&f.file, f.line)) }
                td { (f.to) @if let Some(s) = &f.symbol { "::" (s) } }
                td { (t.and_then(|t| t.owner.as_deref()).unwrap_or("—")) }
                td { (t.and_then(|t| t.reason.as_deref()).unwrap_or("—")) }
                td { (t.and_then(|t| t.expires.as_deref()).unwrap_or("—")) }
            }
        })
        .collect();
    let verdict = if check.passed {
        "The check passes"
    } else {
        "The check fails"
    };
    let body = html! {
        p {
            b { (verdict) } ": " (summary.new) " new, " (summary.baselined) " baselined, "
            (summary.suppressed) " suppressed, " (summary.stale) " stale baseline entries, "
            (summary.warnings) " warnings."
        }
        (table("rules-table", &["rule", "new", "baselined or suppressed"], &counts))
        @if !new.is_empty() {
            h3 { "New violations (" (new.len()) ")" }
            (table("findings-table", &["rule", "where", "what", "fix"], &rows(&new)))
            (capped(new.len()))
        }
        @if !warnings.is_empty() {
            h3 { "Warnings (" (warnings.len()) ")" }
            p { "Reported; they never fail the check." }
            (table("warnings-table", &["rule", "where", "what", "fix"], &rows(&warnings)))
            (capped(warnings.len()))
        }
        h3 { "Baselined violations: the known debt (" (debt.len()) ")" }
        @if debt.is_empty() {
            p { "None." }
        } @else {
            p { "Tolerated by the baseline: each entry may say who will fix it, why it is tolerated and until when (" code { "owner" } ", " code { "reason" } ", " code { "expires" } " in the baseline file)." }
            (table("debt-table", &["rule", "modules", "where", "uses", "owner", "reason", "expires"], &debt_rows))
            (capped(debt.len()))
        }
        @if !stale.is_empty() {
            h3 { "Stale and expired baseline entries (" (stale.len()) ")" }
            (table("stale-table", &["rule", "where", "what", "fix"], &rows(&stale)))
            (capped(stale.len()))
        }
    };
    section("rules", "Rules and baseline", body)
}
