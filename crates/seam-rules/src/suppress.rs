//! Inline suppressions: `# seam: allow(RULE[, RULE...]) REASON` on the violating line or the line
//! above it. A reason is required; a comment that is malformed, names an unknown rule or gives no
//! reason suppresses nothing and is itself a finding; one that suppresses nothing is reported.

use crate::config::{did_you_mean, Level};
use crate::report::{Finding, RuleId, Severity, Status};
use crate::rules;
use seam_perl::FileFacts;

/// A well-formed `allow` comment.
struct Allow {
    file: String,
    line: u32,
    /// A comment after code covers its own line only.
    trailing: bool,
    rules: Vec<RuleId>,
    used: bool,
}

/// Marks findings suppressed by comments, and adds findings about the comments themselves.
pub fn apply(findings: &mut Vec<Finding>, facts: &[FileFacts], unused: Level) {
    let mut allows = Vec::new();
    let mut problems = Vec::new();
    for file in facts {
        for comment in &file.seam_comments {
            match parse(&comment.text) {
                Ok(rules) => allows.push(Allow {
                    file: file.path.clone(),
                    line: comment.line,
                    trailing: comment.trailing,
                    rules,
                    used: false,
                }),
                Err(message) => problems.push(Finding::at(
                    RuleId::InvalidSuppression,
                    Severity::Error,
                    &file.path,
                    comment.line,
                    message,
                    "write `# seam: allow(RULE) REASON`, e.g. `# seam: allow(depends_on) reports read invoices until the billing API exists`".into(),
                )),
            }
        }
    }
    for finding in findings.iter_mut() {
        let covering = allows.iter_mut().find(|a| {
            a.file == finding.file
                && (a.line == finding.line || (!a.trailing && a.line + 1 == finding.line))
                && a.rules.contains(&finding.rule)
        });
        if let Some(allow) = covering {
            allow.used = true;
            finding.status = Status::Suppressed;
        }
    }
    let unused_severity = match unused {
        Level::Ignore => None,
        Level::Warn => Some(Severity::Warning),
        Level::Error => Some(Severity::Error),
    };
    if let Some(severity) = unused_severity {
        for allow in allows.iter().filter(|a| !a.used) {
            let names: Vec<&str> = allow.rules.iter().map(|r| r.name()).collect();
            problems.push(Finding::at(
                RuleId::UnusedSuppression,
                severity,
                &allow.file,
                allow.line,
                format!(
                    "`seam: allow({})` suppresses nothing where it applies",
                    names.join(", ")
                ),
                "delete the comment: the violation it allowed is gone".into(),
            ));
        }
    }
    findings.extend(problems);
}

/// The rules of `allow(RULES) REASON`, or why the text is not one.
fn parse(text: &str) -> Result<Vec<RuleId>, String> {
    let Some(rest) = text.strip_prefix("allow") else {
        return Err(format!(
            "`# seam: {text}` is not a seam directive; the only one is `allow(RULE) REASON`"
        ));
    };
    let Some(rest) = rest.trim_start().strip_prefix('(') else {
        return Err("`seam: allow` needs the rules in parentheses: `allow(RULE) REASON`".into());
    };
    let Some((list, reason)) = rest.split_once(')') else {
        return Err("`seam: allow(` is missing its closing parenthesis".into());
    };
    let mut rules = Vec::new();
    for name in list.split(',').map(str::trim) {
        match RuleId::from_name(name).filter(|r| r.rule().suppressible()) {
            Some(rule) => rules.push(rule),
            None => {
                let known: Vec<&str> = rules::suppressible().map(RuleId::name).collect();
                return Err(format!(
                    "`{name}` is not a rule a comment can allow{}; rules: {}",
                    did_you_mean(name, &known),
                    known.join(", ")
                ));
            }
        }
    }
    let reason = reason.trim().trim_start_matches([':', '-', '—']).trim();
    if reason.is_empty() {
        return Err(format!(
            "`seam: allow({list})` gives no reason; a suppression must say why (write it after the parentheses)"
        ));
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_allow_comments() {
        assert_eq!(
            parse("allow(depends_on, private) reports need it").unwrap(),
            [RuleId::DependsOn, RuleId::Private]
        );
        assert!(parse("allow(depends_on)")
            .unwrap_err()
            .contains("no reason"));
        assert!(parse("allow(depends_on) --")
            .unwrap_err()
            .contains("no reason"));
        assert!(parse("allow(depend_on) x")
            .unwrap_err()
            .contains("did you mean \"depends_on\""));
        assert!(parse("ignore this").is_err());
        assert!(parse("allow depends_on x").is_err());
    }
}
