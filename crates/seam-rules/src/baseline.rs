//! The baseline: violations that existed when the team adopted the rules, tolerated until fixed.
//!
//! One TOML inline table per line, sorted by key, keyed without file or line (see
//! [`Finding::key`]), so moving code or renaming files changes nothing and two branches rarely
//! touch the same line. An entry counts its occurrences (`count`, absent for `cycle` entries,
//! which tolerate the module dependency whatever references make it). Entries may carry `reason`,
//! `owner` and `expires`; they survive `seam baseline` rewrites. The baseline can only shrink: an
//! entry with fewer occurrences left than it counts is stale (an error by default), and `--prune`
//! lowers or removes stale entries and adds nothing.
//!
//! Version 1 files (keyed by file, no counts) are still read: their entries lose the file and
//! tolerate any number of occurrences, as they did; `seam baseline --prune` rewrites them as
//! version 2.

use crate::config::{did_you_mean, quoted, Level, LineIndex};
use crate::report::{Finding, Ratchet, RuleId, Severity, Status, ViolationKey};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use toml::value::Datetime;
use toml::Spanned;

/// Version of the baseline file format.
pub const BASELINE_VERSION: u32 = 2;

/// A baseline file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Unreadable.
    #[error("cannot read baseline {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not a baseline.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    version: u32,
    #[serde(default)]
    entries: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    rule: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    symbol: String,
    #[serde(default)]
    kind: String,
    /// Version 1 only.
    file: Option<String>,
    count: Option<u32>,
    reason: Option<String>,
    owner: Option<String>,
    expires: Option<Datetime>,
}

/// A calendar date (for `expires`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A date before any `expires`.
    pub const MIN: Date = Date {
        year: 0,
        month: 1,
        day: 1,
    };

    /// Today in UTC.
    pub fn today() -> Date {
        let days = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400) as i64;
        Date::from_days_since_epoch(days)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One tolerated violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it tolerates.
    pub key: ViolationKey,
    /// How many occurrences it tolerates (`None`: any number — `cycle` entries and entries read
    /// from a version 1 file).
    pub count: Option<u32>,
    /// Why it is tolerated.
    pub reason: Option<String>,
    /// Who will fix it.
    pub owner: Option<String>,
    /// After this date the entry fails the check.
    pub expires: Option<Date>,
    /// 1-based line in the file (0 for entries made in memory).
    pub line: usize,
}

impl Entry {
    /// Its reason, owner and expiry date, when it gives any.
    fn tolerance(&self) -> Option<crate::report::Tolerance> {
        (self.reason.is_some() || self.owner.is_some() || self.expires.is_some()).then(|| {
            crate::report::Tolerance {
                reason: self.reason.clone(),
                owner: self.owner.clone(),
                expires: self.expires.map(|d| d.to_string()),
            }
        })
    }
}

/// A baseline file's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Entries, sorted by key.
    pub entries: Vec<Entry>,
    /// The format version the file was written in (1: read for compatibility).
    pub version: u32,
}

impl Baseline {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(path, &text)
    }

    /// Parses baseline `text` read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let lines = LineIndex::new(text);
        let line_of = |at: usize| lines.line(at);
        let invalid = |at: usize, message: String| BaselineError::Invalid {
            path: path.to_path_buf(),
            line: line_of(at),
            message,
        };
        let raw: RawBaseline = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map_or(0, |s| s.start),
                format!(
                    "{}; regenerate the file with `seam baseline` if it was edited by hand",
                    e.message().trim()
                ),
            )
        })?;
        if raw.version != BASELINE_VERSION && raw.version != 1 {
            return Err(invalid(
                0,
                format!(
                    "baseline version {} is not supported (this seam reads versions 1 and {BASELINE_VERSION}); \
                     regenerate it with `seam baseline`",
                    raw.version
                ),
            ));
        }
        let version = raw.version;
        let mut entries: Vec<Entry> = Vec::with_capacity(raw.entries.len());
        let mut seen: HashMap<ViolationKey, usize> = HashMap::new();
        for spanned in raw.entries {
            let at = spanned.span().start;
            let raw = spanned.into_inner();
            let entry = entry(raw, version).map_err(|message| invalid(at, message))?;
            if let Some(&first) = seen.get(&entry.key) {
                if version == 1 {
                    // version 1 keyed by file: the same violation in two files is one entry now
                    continue;
                }
                return Err(invalid(
                    at,
                    format!(
                        "duplicate entry (first on line {first}); entries are exact and unique"
                    ),
                ));
            }
            let line = line_of(at);
            seen.insert(entry.key.clone(), line);
            entries.push(Entry { line, ..entry });
        }
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Baseline { entries, version })
    }

    /// A baseline of the violations in `findings` that fail or are baselined now (errors, not
    /// suppressed), keeping `reason`, `owner` and `expires` of entries in `previous`.
    pub fn from_findings(findings: &[Finding], previous: Option<&Baseline>) -> Baseline {
        let kept: HashMap<&ViolationKey, &Entry> = previous
            .map(|b| b.entries.iter().map(|e| (&e.key, e)).collect())
            .unwrap_or_default();
        Baseline {
            entries: occurrences(findings)
                .into_iter()
                .map(|(key, n)| {
                    let count = counted(&key, n);
                    match kept.get(&key) {
                        Some(old) => Entry {
                            count,
                            line: 0,
                            ..(*old).clone()
                        },
                        None => Entry {
                            key,
                            count,
                            reason: None,
                            owner: None,
                            expires: None,
                            line: 0,
                        },
                    }
                })
                .collect(),
            version: BASELINE_VERSION,
        }
    }

    /// This baseline without entries whose violation no longer exists in `findings`, and with
    /// counts lowered to the occurrences left; nothing is added. Written as the current version
    /// (a version 1 entry gets its count).
    pub fn pruned(&self, findings: &[Finding]) -> Baseline {
        // the violations an entry can still tolerate: the ones `apply` would match
        let current = occurrences(findings);
        Baseline {
            entries: self
                .entries
                .iter()
                .filter_map(|e| {
                    let left = *current.get(&e.key)?;
                    let count = counted(&e.key, left).map(|n| match e.count {
                        Some(was) => was.min(n),
                        None => n,
                    });
                    Some(Entry { count, ..e.clone() })
                })
                .collect(),
            version: BASELINE_VERSION,
        }
    }

    /// Version 1 `cycle` entries name the packages of the reference that was cut; version 2 keys
    /// cycle debt by module pair. Maps them through `module_of` (an entry whose packages are
    /// gone stays as it is and goes stale).
    pub fn upgrade_cycles(&mut self, module_of: &dyn Fn(&str) -> Option<String>) {
        if self.version != 1 {
            return;
        }
        let mut seen = BTreeSet::new();
        self.entries.retain_mut(|entry| {
            if entry.key.rule == RuleId::Cycle {
                if let (Some(from), Some(to)) =
                    (module_of(&entry.key.from), module_of(&entry.key.to))
                {
                    entry.key.from = from;
                    entry.key.to = to;
                    entry.key.symbol.clear();
                    entry.key.kind.clear();
                }
            }
            seen.insert(entry.key.clone())
        });
        self.entries.sort_by(|a, b| a.key.cmp(&b.key));
    }

    /// A version 1 `cycle` entry accepted a whole cycle (it named the edge reported as its cut);
    /// version 2 keys every edge of a cycle. Adds, for a version 1 baseline, an entry for every
    /// cycle edge among `findings` whose cycle (the modules its cycle edges connect) holds an
    /// edge a `cycle` entry names, so that upgrading seam does not turn accepted cycles into new
    /// findings. Call after [`Baseline::upgrade_cycles`].
    pub fn accept_version_1_cycles(&mut self, findings: &[Finding]) {
        if self.version != 1 {
            return;
        }
        let pairs: BTreeSet<(String, String)> = findings
            .iter()
            .filter(|f| f.rule == RuleId::Cycle)
            .map(|f| (f.from_module.clone(), f.to_module.clone()))
            .collect();
        // the modules of one cycle are connected by its edges
        let mut root: BTreeMap<String, String> = BTreeMap::new();
        fn find(root: &mut BTreeMap<String, String>, m: &str) -> String {
            let mut at = m.to_string();
            while let Some(up) = root.get(&at).filter(|up| **up != at) {
                at = up.clone();
            }
            at
        }
        for (a, b) in &pairs {
            root.entry(a.clone()).or_insert_with(|| a.clone());
            root.entry(b.clone()).or_insert_with(|| b.clone());
            let (ra, rb) = (find(&mut root, a), find(&mut root, b));
            if ra != rb {
                root.insert(ra, rb);
            }
        }
        let accepted: BTreeSet<String> = self
            .entries
            .iter()
            .filter(|e| {
                e.key.rule == RuleId::Cycle
                    && pairs.contains(&(e.key.from.clone(), e.key.to.clone()))
            })
            .map(|e| find(&mut root, &e.key.from))
            .collect();
        let known: BTreeSet<ViolationKey> = self.entries.iter().map(|e| e.key.clone()).collect();
        for (a, b) in &pairs {
            let key = ViolationKey {
                rule: RuleId::Cycle,
                from: a.clone(),
                to: b.clone(),
                symbol: String::new(),
                kind: String::new(),
            };
            if accepted.contains(&find(&mut root, a)) && !known.contains(&key) {
                self.entries.push(Entry {
                    key,
                    count: None,
                    reason: None,
                    owner: None,
                    expires: None,
                    line: 0,
                });
            }
        }
        self.entries.sort_by(|a, b| a.key.cmp(&b.key));
    }

    /// The file's text: a commented header, then one entry per line.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# seam baseline: violations `seam check` tolerates until they are fixed.\n\
             # One entry per line, sorted; keyed by rule, from, to, symbol and kind (never the file or line);\n\
             # `count` is how many occurrences it tolerates (`cycle` entries: the module pair, any number).\n\
             # `seam baseline` rewrites it; `seam baseline --prune` only removes entries that are fixed.\n\
             # Any entry may carry reason = \"...\", owner = \"...\" and expires = YYYY-MM-DD (kept on rewrite;\n\
             # after that date the entry fails the check).\n",
        );
        out.push_str(&format!("version = {BASELINE_VERSION}\nentries = [\n"));
        for entry in &self.entries {
            out.push_str("  ");
            out.push_str(&render_entry(entry));
            out.push_str(",\n");
        }
        out.push_str("]\n");
        out
    }
}

fn entry(raw: RawEntry, version: u32) -> Result<Entry, String> {
    match (version, &raw.file, raw.count) {
        (1, None, _) => return Err("missing field `file` (a version 1 entry has one)".into()),
        (1, _, Some(_)) => return Err("`count` needs `version = 2`".into()),
        (2, Some(_), _) => {
            return Err(
                "version 2 entries have no `file` (violations are keyed without it); \
                 remove it, or rewrite the file with `seam baseline`"
                    .into(),
            )
        }
        (_, _, Some(0)) => return Err("`count` must be at least 1".into()),
        _ => {}
    }
    let Some(rule) = RuleId::from_name(&raw.rule) else {
        let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.name()).collect();
        return Err(format!(
            "unknown rule \"{}\"{}",
            raw.rule,
            did_you_mean(&raw.rule, &known)
        ));
    };
    if !crate::rules::rule(rule).baselinable() {
        return Err(format!(
            "rule \"{}\" is about comments or the baseline itself and cannot be baselined",
            raw.rule
        ));
    }
    if !raw.kind.is_empty() && seam_graph::EdgeKind::from_name(&raw.kind).is_none() {
        let known: Vec<&str> = seam_graph::EdgeKind::ALL.iter().map(|k| k.name()).collect();
        return Err(format!(
            "unknown kind \"{}\"{}",
            raw.kind,
            did_you_mean(&raw.kind, &known)
        ));
    }
    let expires = match raw.expires {
        None => None,
        Some(datetime) => match (datetime.date, datetime.time) {
            (Some(d), None) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => {
                return Err(format!(
                    "expires = {datetime} must be a date: expires = 2027-03-31"
                ))
            }
        },
    };
    let key = ViolationKey {
        rule,
        from: raw.from,
        to: raw.to,
        symbol: raw.symbol,
        kind: raw.kind,
    };
    Ok(Entry {
        count: if rule == RuleId::Cycle {
            None
        } else {
            raw.count
        },
        key,
        reason: raw.reason,
        owner: raw.owner,
        expires,
        line: 0,
    })
}

fn render_entry(entry: &Entry) -> String {
    let key = &entry.key;
    let mut fields = vec![format!("rule = {}", quoted(key.rule.name()))];
    for (name, value) in [
        ("from", &key.from),
        ("to", &key.to),
        ("symbol", &key.symbol),
        ("kind", &key.kind),
    ] {
        if !value.is_empty() {
            fields.push(format!("{name} = {}", quoted(value)));
        }
    }
    if let Some(count) = entry.count {
        fields.push(format!("count = {count}"));
    }
    if let Some(reason) = &entry.reason {
        fields.push(format!("reason = {}", quoted(reason)));
    }
    if let Some(owner) = &entry.owner {
        fields.push(format!("owner = {}", quoted(owner)));
    }
    if let Some(expires) = entry.expires {
        fields.push(format!("expires = {expires}"));
    }
    format!("{{ {} }}", fields.join(", "))
}

/// Rules whose violations a baseline may hold (not the findings about comments or the baseline).
fn is_baselinable(finding: &Finding) -> bool {
    finding.severity == Severity::Error && crate::rules::rule(finding.rule).baselinable()
}

/// Occurrences of each violation a baseline may hold (errors, not suppressed).
fn occurrences(findings: &[Finding]) -> BTreeMap<ViolationKey, u32> {
    let mut counts = BTreeMap::new();
    for finding in findings
        .iter()
        .filter(|f| is_baselinable(f) && f.status != Status::Suppressed)
    {
        *counts.entry(finding.key()).or_default() += 1;
    }
    counts
}

/// The count an entry with `n` occurrences records: none for `cycle` (the module pair is the
/// debt).
fn counted(key: &ViolationKey, n: u32) -> Option<u32> {
    (key.rule != RuleId::Cycle).then_some(n)
}

/// What a leftover occurrence must share with an entry to be code moved inside its modules:
/// rule, referencing module, referenced module, symbol and kind.
type MovedKey = (RuleId, String, String, String, String);

/// Marks baselined findings (up to each entry's count, in file and line order), adds stale and
/// expired entries as findings, and flags new violations that widen an already baselined module
/// pair (the coupling ratchet). A new occurrence and a stale one with the same rule, symbol and
/// kind whose referencing packages are in the same module and whose referenced packages are in
/// the same module (`module_of`) are code moved inside the modules: the entry tolerates it.
pub fn apply(
    findings: &mut Vec<Finding>,
    baseline: &Baseline,
    stale: Level,
    today: Date,
    module_of: &dyn Fn(&str) -> Option<String>,
) {
    let index: HashMap<&ViolationKey, &Entry> =
        baseline.entries.iter().map(|e| (&e.key, e)).collect();
    // entry -> occurrences it tolerates so far
    let mut used: BTreeMap<&ViolationKey, u32> = BTreeMap::new();
    let mut extra = Vec::new();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        (&findings[a].file, findings[a].line).cmp(&(&findings[b].file, findings[b].line))
    });
    for &i in &order {
        let finding = &mut findings[i];
        if finding.status != Status::New || !is_baselinable(finding) {
            continue;
        }
        let key = finding.key();
        let Some((&stored_key, entry)) = index.get_key_value(&key) else {
            continue;
        };
        let n = used.entry(stored_key).or_default();
        if entry.count.is_some_and(|count| *n >= count) {
            continue;
        }
        *n += 1;
        finding.status = Status::Baselined;
        finding.tolerated = entry.tolerance();
        if *n == 1 {
            if let Some(expires) = entry.expires.filter(|&d| d < today) {
                extra.push(expired(finding, entry, expires));
            }
        }
    }
    // code moved inside its module: a leftover new occurrence takes an entry's unused count.
    // The open occurrences by what a moved entry must match, each list in file and line order
    // (one look-up per entry instead of a scan of every open finding).
    let mut open: HashMap<MovedKey, VecDeque<usize>> = HashMap::new();
    for &i in &order {
        let finding = &findings[i];
        if finding.status == Status::New && is_baselinable(finding) {
            let key = (
                finding.rule,
                finding.from_module.clone(),
                finding.to_module.clone(),
                finding.symbol.clone().unwrap_or_default(),
                finding
                    .kind
                    .map(|k| k.name())
                    .unwrap_or_default()
                    .to_string(),
            );
            open.entry(key).or_default().push_back(i);
        }
    }
    for entry in &baseline.entries {
        let key = &entry.key;
        let matched = used.get(key).copied().unwrap_or(0);
        let mut left = match entry.count {
            Some(count) => count.saturating_sub(matched),
            None => u32::from(matched == 0),
        };
        if left == 0 || key.rule == RuleId::Cycle || open.is_empty() {
            continue;
        }
        let (Some(module), Some(to_module)) = (module_of(&key.from), module_of(&key.to)) else {
            continue;
        };
        let moved = (
            key.rule,
            module,
            to_module,
            key.symbol.clone(),
            key.kind.clone(),
        );
        let Some(candidates) = open.get_mut(&moved) else {
            continue;
        };
        while left > 0 {
            let Some(i) = candidates.pop_front() else {
                break;
            };
            findings[i].status = Status::Baselined;
            findings[i].tolerated = entry.tolerance();
            *used.entry(key).or_default() += 1;
            left -= 1;
        }
    }
    ratchet(findings);
    let severity = match stale {
        Level::Ignore => None,
        Level::Warn => Some(Severity::Warning),
        Level::Error => Some(Severity::Error),
    };
    if let Some(severity) = severity {
        for entry in &baseline.entries {
            let matched = used.get(&entry.key).copied().unwrap_or(0);
            let gone = match entry.count {
                None => matched == 0,
                Some(count) => matched < count,
            };
            if gone {
                extra.push(stale_finding(entry, matched, severity));
            }
        }
    }
    findings.extend(extra);
}

/// The stale entries of `baseline` against `findings` (with `--base`, where the baseline file is
/// not what decides what is new, but a change must not leave it stale for the next run on the
/// main branch to find).
pub fn stale_entries(
    findings: &[Finding],
    baseline: &Baseline,
    stale: Level,
    module_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let mut copy: Vec<Finding> = findings
        .iter()
        .map(|f| Finding {
            status: if f.status == Status::Baselined {
                Status::New
            } else {
                f.status
            },
            ..f.clone()
        })
        .collect();
    let before = copy.len();
    apply(&mut copy, baseline, stale, Date::MIN, module_of);
    copy.split_off(before)
        .into_iter()
        .filter(|f| f.rule == RuleId::StaleBaseline)
        .collect()
}

/// Symbols (`Package::sub`, or the package) each module pair's baselined violations use; new
/// violations on such a pair with a symbol outside the set widen frozen coupling.
fn ratchet(findings: &mut [Finding]) {
    let mut frozen: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for finding in findings.iter().filter(|f| f.status == Status::Baselined) {
        if finding.from_module.is_empty() || finding.to_module.is_empty() {
            continue;
        }
        frozen
            .entry((finding.from_module.clone(), finding.to_module.clone()))
            .or_default()
            .insert(used_symbol(finding));
    }
    for finding in findings
        .iter_mut()
        .filter(|f| f.status == Status::New && f.severity == Severity::Error)
    {
        let pair = (finding.from_module.clone(), finding.to_module.clone());
        if let Some(symbols) = frozen.get(&pair) {
            if !symbols.contains(&used_symbol(finding)) {
                finding.ratchet = Some(Ratchet {
                    baselined_symbols: symbols.len(),
                });
            }
        }
    }
}

fn used_symbol(finding: &Finding) -> String {
    match &finding.symbol {
        Some(symbol) => format!("{}::{symbol}", finding.to),
        None => finding.to.clone(),
    }
}

fn expired(finding: &Finding, entry: &Entry, expires: Date) -> Finding {
    let owner = entry
        .owner
        .as_deref()
        .map(|o| format!(" (owner: {o})"))
        .unwrap_or_default();
    Finding {
        from_module: finding.from_module.clone(),
        from: finding.from.clone(),
        to_module: finding.to_module.clone(),
        to: finding.to.clone(),
        symbol: finding.symbol.clone(),
        kind: finding.kind,
        ..Finding::at(
            RuleId::ExpiredBaseline,
            Severity::Error,
            &finding.file,
            finding.line,
            format!(
                "the baseline tolerated this {} violation until {expires}{owner}: {}",
                finding.rule.name(),
                finding.message
            ),
            format!(
                "fix it, or agree a new `expires` for the entry on line {} of the baseline",
                entry.line
            ),
        )
    }
}

fn stale_finding(entry: &Entry, left: u32, severity: Severity) -> Finding {
    let key = &entry.key;
    let symbol = (!key.symbol.is_empty()).then(|| key.symbol.clone());
    let target = match &symbol {
        Some(s) => format!("{}::{s}", key.to),
        None => key.to.clone(),
    };
    let what = if key.to.is_empty() {
        key.from.clone()
    } else {
        format!("{} -> {target}", key.from)
    };
    let (message, prune) = match entry.count {
        Some(count) if left > 0 => (
            format!(
                "baseline entry {} ({what}) tolerates {count} occurrences but {left} remain: \
                 some were fixed",
                key.rule.name()
            ),
            "lower its count",
        ),
        _ => (
            format!(
                "baseline entry {} ({what}) matches no violation any more: it was fixed",
                key.rule.name()
            ),
            "remove it",
        ),
    };
    Finding {
        from: key.from.clone(),
        to: key.to.clone(),
        symbol,
        kind: seam_graph::EdgeKind::from_name(&key.kind),
        ..Finding::at(
            RuleId::StaleBaseline,
            severity,
            "",
            0,
            message,
            format!(
                "run `seam baseline --prune` to {prune} (baseline line {}) and commit the baseline",
                entry.line
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A baseline of 200,000 entries reads in linear time (each entry's line number used to be
    /// counted from the start of the file: 100,000 entries took over ten minutes).
    #[test]
    fn a_huge_baseline_parses_in_linear_time_with_the_right_lines() {
        let n = 200_000;
        let mut text = String::from("version = 2\nentries = [\n");
        for i in 0..n {
            text.push_str(&format!(
                "{{ rule = \"depends_on\", from = \"A{i}\", to = \"B\", kind = \"call\", count = 1 }},\n"
            ));
        }
        text.push_str("]\n");
        let started = std::time::Instant::now();
        let baseline = Baseline::parse(Path::new("seam-baseline.toml"), &text).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(baseline.entries.len(), n);
        let last = baseline
            .entries
            .iter()
            .find(|e| e.key.from == "A199999")
            .unwrap();
        assert_eq!(last.line, n + 2);
        assert!(elapsed.as_secs() < 60, "{elapsed:?}");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_513).to_string(),
            "2026-03-01"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn renders_one_sorted_entry_per_line_and_reads_it_back() {
        let entry = |from: &str, symbol: &str| Entry {
            key: ViolationKey {
                rule: RuleId::DependsOn,
                from: from.into(),
                to: "B::C".into(),
                symbol: symbol.into(),
                kind: "call".into(),
            },
            count: Some(2),
            reason: Some("say \"why\"".into()),
            owner: None,
            expires: Some(Date {
                year: 2027,
                month: 1,
                day: 31,
            }),
            line: 0,
        };
        let baseline = Baseline {
            entries: vec![entry("A", "x"), entry("A", "y")],
            version: BASELINE_VERSION,
        };
        let text = baseline.render();
        assert!(text.contains(
            "  { rule = \"depends_on\", from = \"A\", to = \"B::C\", symbol = \"x\", kind = \"call\", count = 2, reason = \"say \\\"why\\\"\", expires = 2027-01-31 },\n"
        ));
        let read = Baseline::parse(Path::new("b.toml"), &text).unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.entries[0].key, baseline.entries[0].key);
        assert_eq!(read.entries[0].reason, baseline.entries[0].reason);
        assert_eq!(read.entries[0].expires, baseline.entries[0].expires);
        assert_eq!(read.entries[0].count, Some(2));
        assert_eq!(read.entries[1].line, 10);
    }

    #[test]
    fn reads_version_1_files_without_their_file_and_merges_entries_of_two_files() {
        let text = "version = 1\nentries = [\n  { rule = \"depends_on\", from = \"A\", to = \"B\", kind = \"use\", file = \"a.pm\" },\n  { rule = \"depends_on\", from = \"A\", to = \"B\", kind = \"use\", file = \"b.pm\" },\n]\n";
        let read = Baseline::parse(Path::new("b.toml"), text).unwrap();
        assert_eq!(read.version, 1);
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.entries[0].count, None, "any number, as version 1 did");
        assert!(read.render().contains("version = 2\n"));
        let error = Baseline::parse(
            Path::new("b.toml"),
            &text.replace("version = 1", "version = 2"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("version 2 entries have no `file`"),
            "{error}"
        );
    }

    #[test]
    fn rejects_unknown_rules_and_duplicates_with_lines() {
        let text = "version = 1\nentries = [\n  { rule = \"depend_on\", file = \"a\" },\n]\n";
        let error = Baseline::parse(Path::new("b.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("b.toml:3:"), "{error}");
        assert!(error.contains("did you mean \"depends_on\""), "{error}");
        let text = "version = 2\nentries = [\n  { rule = \"cycle\", from = \"a\" },\n  { rule = \"cycle\", from = \"a\" },\n]\n";
        let error = Baseline::parse(Path::new("b.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("b.toml:4: duplicate entry (first on line 3)"),
            "{error}"
        );
    }
}
