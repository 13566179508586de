//! One rule, one place: every rule `seam check` reports has a file here that says what it
//! protects, how to fix it, whether a `# seam: allow(...)` comment may suppress it and when
//! seam.toml turns it on, with a doc comment explaining it. [`registry`] lists them once, in the
//! order reports list them; [`RuleId::ALL`], [`RuleId::summary`], [`RuleId::help`], the rules a
//! comment may allow and [`RuleInfo::enabled`](crate::RuleInfo::enabled) all read from it.
//!
//! The boundary rules judge each crossing reference here ([`Rule::judge`]); the rules that judge
//! something else stay where that something is: `cycles.rs`, coverage in `evaluate.rs`,
//! `suppress.rs` and `baseline.rs`.
//!
//! Invariant: every [`RuleId`] has exactly one entry, and the entry of a rule sits at the index of
//! its variant (checked when this crate compiles, and by `tests/registry.rs`).

use crate::config::{Config, Level};
use crate::evaluate::{Judging, Verdict};
use crate::report::RuleId;

/// A rule as seam describes, configures and applies it: one `const RULE` per file.
pub struct Rule {
    id: RuleId,
    summary: &'static str,
    help: &'static str,
    /// Whether a `# seam: allow(RULE) REASON` comment may suppress its findings.
    suppressible: bool,
    /// How seriously its findings are taken when seam.toml does not say.
    default_level: Level,
    /// Whether its findings can be recorded in the baseline as tolerated debt.
    baselinable: bool,
    /// Whether seam.toml makes the rule do anything.
    enabled: fn(&Config) -> bool,
    /// What the rule says of one reference crossing a module boundary.
    judge: fn(&Judging<'_>) -> Vec<Verdict>,
}

impl Rule {
    /// A rule with its id and texts that a comment may suppress, fails the check, may be
    /// baselined, is always enabled and judges no crossing; each rule file overrides the rest.
    const fn new(id: RuleId, summary: &'static str, help: &'static str) -> Rule {
        Rule {
            id,
            summary,
            help,
            suppressible: true,
            default_level: Level::Error,
            baselinable: true,
            enabled: |_| true,
            judge: |_| Vec::new(),
        }
    }

    /// The rule's id (its name in seam.toml, suppressions, baselines and every output).
    pub fn id(&self) -> RuleId {
        self.id
    }

    /// One sentence: what the rule protects.
    pub fn summary(&self) -> &'static str {
        self.summary
    }

    /// How to fix violations of the rule, in general (each finding also says it specifically).
    pub fn help(&self) -> &'static str {
        self.help
    }

    /// Whether a `# seam: allow(RULE) REASON` comment may suppress its findings.
    pub fn suppressible(&self) -> bool {
        self.suppressible
    }

    /// Whether seam.toml makes the rule do anything (some rules only exist when configured).
    pub fn enabled(&self, config: &Config) -> bool {
        (self.enabled)(config)
    }

    /// How seriously its findings are taken when seam.toml does not say (`[check]` sets it for
    /// the configurable ones; the boundary rules fail the check, except for `warn_kinds`).
    pub fn default_level(&self) -> Level {
        self.default_level
    }

    /// Whether its findings can be recorded in the baseline as tolerated debt (not the findings
    /// about suppressions and the baseline itself).
    pub fn baselinable(&self) -> bool {
        self.baselinable
    }

    /// What the rule says of one reference crossing a module boundary (nothing, for rules that
    /// judge something else: cycles, coverage, suppressions, the baseline).
    pub fn judge(&self, judging: &Judging<'_>) -> Vec<Verdict> {
        (self.judge)(judging)
    }
}

/// Declares the rule modules and builds the registry and the id list from one list of files.
macro_rules! registry {
    ($($file:ident),+ $(,)?) => {
        $(pub mod $file;)+

        /// How many rules there are.
        pub const COUNT: usize = [$(stringify!($file)),+].len();

        /// Every rule, in the order reports list them.
        static REGISTRY: [Rule; COUNT] = [$($file::RULE),+];

        /// Every rule's id, in registry order ([`RuleId::ALL`]).
        pub(crate) const IDS: [RuleId; COUNT] = [$($file::RULE.id),+];
    };
}

registry![
    depends_on,
    private,
    layers,
    forbidden,
    independent,
    table_write,
    table_read,
    cycle,
    uncovered,
    unreadable,
    invalid_suppression,
    unused_suppression,
    stale_baseline,
    expired_baseline,
];

// The entry of a rule sits at the index of its `RuleId` variant, so [`rule`] is a lookup by index.
const _: () = {
    let mut i = 0;
    while i < COUNT {
        assert!(IDS[i] as usize == i, "registry order must follow RuleId");
        i += 1;
    }
};

/// Every rule, in the order reports list them (the order of [`RuleId`]'s variants).
pub fn registry() -> &'static [Rule] {
    &REGISTRY
}

/// The rule `id` names.
pub fn rule(id: RuleId) -> &'static Rule {
    // cannot fail: the assertion above keeps the registry in variant order, and
    // tests/registry.rs checks that every variant is registered
    &REGISTRY[id as usize]
}

/// Each rule with its summary, one per line, for `seam check --help`.
pub fn help_table() -> String {
    let width = REGISTRY
        .iter()
        .map(|r| r.id().name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in REGISTRY.iter() {
        out.push_str(&format!(
            "  {:<width$}  {}\n",
            rule.id().name(),
            rule.summary()
        ));
    }
    let suppressible: Vec<&str> = suppressible().map(RuleId::name).collect();
    out.push_str(&format!(
        "A `# seam: allow(RULE) REASON` comment may allow: {}.\n",
        suppressible.join(", ")
    ));
    out
}

/// The rules a `# seam: allow(...)` comment may suppress, in registry order.
pub fn suppressible() -> impl Iterator<Item = RuleId> {
    REGISTRY.iter().filter(|r| r.suppressible()).map(|r| r.id())
}
