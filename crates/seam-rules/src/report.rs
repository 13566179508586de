//! What `seam check` found: the versioned record every output format renders
//! (`docs/check-schema.json` describes its JSON form).

use crate::rules::{self, Rule};
use seam_graph::EdgeKind;
use serde::Serialize;

/// Version of the [`CheckReport`] shape.
pub const CHECK_SCHEMA_VERSION: u32 = 2;

/// The rules `seam check` enforces, and the findings about its own inputs.
// Its name is written once, on the variant: serde and strum derive the same snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RuleId {
    /// A module uses another it does not declare in `depends_on` (or through a kind it does not
    /// allow).
    DependsOn,
    /// A module uses a package (or sub) another module keeps private.
    Private,
    /// A module uses a module in a layer above it, or skips a closed layer.
    Layers,
    /// A `[[forbidden]]` pair.
    Forbidden,
    /// Two modules of an `[[independent]]` group know each other.
    Independent,
    /// Code outside the owning module writes a table or data file.
    TableWrite,
    /// Code outside the owning module reads a table or data file (opt-in).
    TableRead,
    /// A module dependency that lies on a cycle between modules.
    Cycle,
    /// A package or script that no module claims.
    Uncovered,
    /// A file seam could not read (unreadable, binary, too large), a directory it could not
    /// list, or (with `--base`) a file that parses worse than at the base revision.
    Unreadable,
    /// A `# seam:` comment that is malformed, names an unknown rule, or gives no reason.
    InvalidSuppression,
    /// A `# seam: allow(...)` comment that suppresses nothing.
    UnusedSuppression,
    /// A baseline entry whose violation no longer exists.
    StaleBaseline,
    /// A baseline entry past its `expires` date.
    ExpiredBaseline,
}

impl RuleId {
    /// Every rule, in the order reports list them: the ids of [`rules::registry`].
    pub const ALL: [RuleId; rules::COUNT] = rules::IDS;

    /// The rule's id as written in `seam.toml`, suppressions, baselines and every output.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<RuleId> {
        name.parse().ok()
    }

    /// The rule's entry in [`rules::registry`]: its texts, whether a comment may suppress it,
    /// when seam.toml enables it.
    pub fn rule(self) -> &'static Rule {
        rules::rule(self)
    }

    /// One sentence: what the rule protects.
    pub fn summary(self) -> &'static str {
        self.rule().summary()
    }

    /// How to fix violations of the rule, in general (each finding also says it specifically).
    pub fn help(self) -> &'static str {
        self.rule().help()
    }
}

/// Whether a finding fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    /// Fails the check unless baselined or suppressed.
    Error,
    /// Reported, never fails the check.
    Warning,
}

/// What became of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not in the baseline (or, with `--base`, not at the base revision): fails the check when
    /// its severity is `error`.
    New,
    /// Tolerated by a baseline entry.
    Baselined,
    /// Tolerated by a `# seam: allow(...)` comment.
    Suppressed,
}

/// One finding: a reference that breaks a rule, or a problem with suppressions, the baseline or
/// module coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// Which rule.
    pub rule: RuleId,
    /// Error or warning.
    pub severity: Severity,
    /// New, baselined or suppressed.
    pub status: Status,
    /// Module of the referencing side (empty when it has none).
    pub from_module: String,
    /// Referencing package, or script path.
    pub from: String,
    /// Module of the referenced side (empty when not a reference).
    pub to_module: String,
    /// Referenced package (empty when not a reference).
    pub to: String,
    /// The sub, method or variable used, when there is one.
    pub symbol: Option<String>,
    /// How the reference is made (absent when not a reference).
    pub kind: Option<EdgeKind>,
    /// File, relative to the analyzed root.
    pub file: String,
    /// 1-based line (0 when the finding has no line, e.g. a stale baseline entry).
    pub line: u32,
    /// The source line, when it could be read.
    pub source: Option<String>,
    /// 1-based column to point at in `source` (the referenced name), when found.
    pub column: Option<u32>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix this one.
    pub fix: String,
    /// Set when a new violation widens a module pair that already has baselined violations: the
    /// coupling ratchet (the pair's baselined symbols before this one).
    pub ratchet: Option<Ratchet>,
    /// For a baselined finding: the baseline entry's `reason`, `owner` and `expires`, when it
    /// gives any (the debt's paper trail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated: Option<Tolerance>,
}

/// A module as seam.toml declares it (what a report's module card shows besides the analysis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DeclaredModule {
    /// Its name.
    pub name: String,
    /// Who to ask.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its layer in `[layers]`, when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// Its `public` package globs (empty: every package is public unless `public_subs` says
    /// otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public: Vec<String>,
    /// The modules it may use (`None`: any).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
}

/// Why, by whom and until when a baseline entry tolerates a violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Tolerance {
    /// Why it is tolerated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who will fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// After this date the entry fails the check (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A new symbol on a module pair whose coupling is frozen by the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Ratchet {
    /// Symbols (and packages) the baseline tolerates between the two modules.
    pub baselined_symbols: usize,
}

impl Finding {
    /// A finding about a place rather than a reference (a comment, coverage, the baseline).
    pub fn at(
        rule: RuleId,
        severity: Severity,
        file: &str,
        line: u32,
        message: String,
        fix: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            status: Status::New,
            from_module: String::new(),
            from: String::new(),
            to_module: String::new(),
            to: String::new(),
            symbol: None,
            kind: None,
            file: file.to_string(),
            line,
            source: None,
            column: None,
            message,
            fix,
            ratchet: None,
            tolerated: None,
        }
    }

    /// The identity of a violation that survives moving code: rule, from, to, symbol and kind —
    /// never the file or the line, so moving code inside a file, renaming the file or moving the
    /// code to another file of the same package changes nothing. A `cycle` finding is keyed by
    /// its module pair (`from` and `to` are module names, no symbol or kind): the debt is the
    /// dependency between the two modules, whatever references make it. Several findings may
    /// share a key (occurrences); baseline entries count them.
    pub fn key(&self) -> ViolationKey {
        if self.rule == RuleId::Cycle {
            return ViolationKey {
                rule: self.rule,
                from: self.from_module.clone(),
                to: self.to_module.clone(),
                symbol: String::new(),
                kind: String::new(),
            };
        }
        ViolationKey {
            rule: self.rule,
            from: self.from.clone(),
            to: self.to.clone(),
            symbol: self.symbol.clone().unwrap_or_default(),
            kind: self.kind.map(|k| k.name().to_string()).unwrap_or_default(),
        }
    }

    /// What the finding is about when moved code is matched with removed code: rule, the two
    /// modules, symbol and kind — the packages left out, so a sub moved to another package of its
    /// module (and the calls to it updated) keeps this identity.
    pub fn module_identity(&self) -> (RuleId, &str, &str, Option<&str>, Option<EdgeKind>) {
        (
            self.rule,
            &self.from_module,
            &self.to_module,
            self.symbol.as_deref(),
            self.kind,
        )
    }

    /// Whether this finding fails the check.
    pub fn fails(&self) -> bool {
        self.severity == Severity::Error && self.status == Status::New
    }
}

/// A violation's identity without its file and line (see [`Finding::key`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, schemars::JsonSchema)]
pub struct ViolationKey {
    /// Rule id.
    pub rule: RuleId,
    /// Referencing package or script (for `cycle`: the referencing module).
    pub from: String,
    /// Referenced package, empty when not a reference (for `cycle`: the referenced module).
    pub to: String,
    /// Symbol (empty when none).
    pub symbol: String,
    /// Reference kind name (empty when not a reference).
    pub kind: String,
}

/// How the check decided what is new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum CheckMode {
    /// Against a committed baseline file (absent: every violation is new).
    Baseline {
        /// The baseline file, relative to the working directory, when one was read.
        file: Option<String>,
    },
    /// Against the violations at a git revision (`--base REV`).
    Base {
        /// The revision as given.
        rev: String,
        /// The commit compared with: the merge base of REV and HEAD (or REV itself with
        /// `--base-mode tip`).
        commit: String,
    },
}

/// Counts for the one-line summary ("2 new, 5 fixed, 118 baselined").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CheckSummary {
    /// New violations that fail the check (not counting stale or expired baseline entries).
    pub new: usize,
    /// Baseline entries whose violation is gone (they fail the check unless configured as
    /// warnings).
    pub stale: usize,
    /// Baseline entries past their `expires` date (they fail the check).
    pub expired: usize,
    /// New warnings (never fail).
    pub warnings: usize,
    /// Violations that existed before and are gone: stale baseline entries, or (with `--base`)
    /// violations at the base revision that this change removed.
    pub fixed: usize,
    /// Violations tolerated by the baseline.
    pub baselined: usize,
    /// Violations tolerated by `# seam: allow` comments.
    pub suppressed: usize,
    /// Packages and scripts no module claims.
    pub uncovered: usize,
    /// Files analyzed.
    pub files: usize,
    /// Modules in seam.toml.
    pub modules: usize,
}

/// A rule as reports describe it (for SARIF rule metadata and JUnit test cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RuleInfo {
    /// Rule id.
    pub id: RuleId,
    /// Whether seam.toml enables it (some rules only exist when configured).
    pub enabled: bool,
    /// What it protects.
    pub summary: String,
    /// How to fix its violations.
    pub help: String,
}

/// A violation at the base revision that this change removed (`--base` only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Fixed {
    /// Its identity.
    pub key: ViolationKey,
    /// How many of its occurrences this change removed.
    pub count: usize,
    /// Where (one of) them was at the base revision.
    pub file: String,
    /// Its line there.
    pub line: u32,
    /// What it was.
    pub message: String,
}

/// Everything `seam check` found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    /// Version of this shape ([`CHECK_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Analyzed root, as given.
    pub root: String,
    /// The seam.toml used, as a path relative to the working directory.
    pub config: String,
    /// Baseline or `--base` comparison.
    #[serde(flatten)]
    pub mode: CheckMode,
    /// Whether the check passed (exit code 0).
    pub passed: bool,
    /// The counts.
    pub summary: CheckSummary,
    /// Every rule, with whether it is enabled.
    pub rules: Vec<RuleInfo>,
    /// Findings sorted by rule, file, line; includes baselined and suppressed ones (their
    /// `status` says so).
    pub findings: Vec<Finding>,
    /// Violations at the base revision this change removed (`--base`).
    pub fixed: Vec<Fixed>,
    /// The modules seam.toml declares, in its order: who owns each, its layer, what it offers.
    #[serde(default)]
    pub modules: Vec<DeclaredModule>,
    /// What a reader must know about how the check was made (an old baseline format read, files
    /// excluded by default), one sentence each.
    pub notes: Vec<String>,
}

impl CheckReport {
    /// Findings that fail the check.
    pub fn failing(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.fails())
    }

    /// Findings to show a person: new errors and warnings (not the baselined or suppressed).
    pub fn shown(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status == Status::New)
    }
}
