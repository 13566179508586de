//! From a [`History`] and today's graph to the history figures: change coupling at file, package
//! and module level, hidden coupling, churn hotspots and knowledge per module.

use crate::{Commit, History, LineCounts};
use seam_graph::{DepGraph, ModuleId, NodeId, NodeKind, Partition};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Thresholds, with code-maat's defaults for the coupling filters.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HistoryOptions {
    /// Commits touching more files than this are skipped (mass reformatting, vendor drops).
    pub max_files_per_commit: usize,
    /// A pair is reported only if both sides changed in at least this many analyzed commits.
    pub min_revs: u32,
    /// ... and they changed together in at least this many.
    pub min_shared: u32,
    /// ... and their degree of coupling is at least this.
    pub min_degree: f64,
    /// How many entries the ranked lists (churn, sum of coupling) keep.
    pub top: usize,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            max_files_per_commit: 50,
            min_revs: 5,
            min_shared: 5,
            min_degree: 0.3,
            top: 30,
        }
    }
}

/// What the history holds and what was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CommitCounts {
    /// Commits read (under the analyzed root).
    pub read: usize,
    /// Commits the figures are computed from.
    pub analyzed: usize,
    /// Skipped: more than `max_files_per_commit` files.
    pub large: usize,
    /// Skipped: only tests or documentation.
    pub tests_or_docs_only: usize,
    /// Skipped: no file of today's graph (templates, SQL, deleted code only).
    pub outside_the_graph: usize,
    /// Distinct authors (after `.mailmap`).
    pub authors: usize,
    /// Perl files (`.pm`, `.pl`, `.cgi`) the history changed that are not in today's tree
    /// (deleted, or excluded from the analysis).
    pub perl_files_gone: usize,
    /// Author time of the oldest commit read (seconds since the epoch).
    pub first_time: Option<i64>,
    /// Author time of the newest commit read.
    pub last_time: Option<i64>,
}

/// Two entities that change together.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CoupledPair {
    /// One side (file path, package or module name); `a < b`.
    pub a: String,
    /// The other side.
    pub b: String,
    /// Analyzed commits that changed both.
    pub shared: u32,
    /// Analyzed commits that changed `a`.
    pub revisions_a: u32,
    /// Analyzed commits that changed `b`.
    pub revisions_b: u32,
    /// `shared / ((revisions_a + revisions_b) / 2)`, in 0..=1 (code-maat's degree).
    pub degree: f64,
}

/// An entity's sum of coupling: over the commits that changed it, how many other entities
/// changed with it (code-maat's `soc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EntitySum {
    /// Package name.
    pub name: String,
    /// The sum.
    pub sum: u32,
    /// Analyzed commits that changed it.
    pub revisions: u32,
}

/// Change coupling at each level, pairs above the thresholds, strongest first.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Coupling {
    /// File pairs.
    pub files: Vec<CoupledPair>,
    /// Package (and script) pairs declared in different files.
    pub packages: Vec<CoupledPair>,
    /// Module pairs.
    pub modules: Vec<CoupledPair>,
    /// Packages with the highest sum of coupling.
    pub sum_of_coupling: Vec<EntitySum>,
}

/// A co-changing package pair with no static edge between them, either way.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HiddenPair {
    /// The pair and its figures.
    #[serde(flatten)]
    pub pair: CoupledPair,
    /// `a`'s module.
    pub module_a: Option<String>,
    /// `b`'s module.
    pub module_b: Option<String>,
    /// The newest commits that changed both (at most three), to look at.
    pub commits: Vec<String>,
}

/// A package that is both complex and often changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ChurnHotspot {
    /// Package or script.
    pub name: String,
    /// Its module.
    pub module: Option<String>,
    /// Analyzed commits that changed one of its files.
    pub revisions: u32,
    /// Sum of its subs' cyclomatic complexity today.
    pub complexity: u32,
    /// Its code lines today.
    pub code_lines: u32,
    /// `revisions × complexity`.
    pub score: u64,
    /// Its complexity at commits spread over the period read (oldest first, today last), as
    /// the code was then: is it getting worse? Filled in by the caller that can read old file
    /// contents (empty from [`analyze`]).
    pub complexity_trend: Vec<ComplexityPoint>,
}

impl ChurnHotspot {
    /// Its complexity at the oldest sample where it existed, and when: `(time, then)`, to put
    /// next to today's; `None` without a trend.
    pub fn complexity_then(&self) -> Option<(i64, u32)> {
        self.complexity_trend
            .iter()
            .filter(|p| p.commit != "HEAD")
            .find_map(|p| Some((p.time, p.complexity?)))
    }
}

/// A package's complexity at one commit of the past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ComplexityPoint {
    /// The commit (full id), or `HEAD` for today's code.
    pub commit: String,
    /// Its author time, seconds since the epoch.
    pub time: i64,
    /// The sum of the package's subs' cyclomatic complexity in its files at that commit;
    /// `None` when none of its files existed then (or could not be read).
    pub complexity: Option<u32>,
}

/// The commits (indices into [`History::commits`], oldest first) a churn hotspot's complexity
/// is sampled at: the oldest commit read and those a quarter, half and three quarters of the
/// way to the newest (each once).
pub fn complexity_samples(history: &History) -> Vec<usize> {
    let n = history.commits.len();
    if n == 0 {
        return Vec::new();
    }
    let mut samples: Vec<usize> = [n - 1, n * 3 / 4, n / 2, n / 4]
        .into_iter()
        .filter(|&i| i > 0)
        .collect();
    samples.dedup();
    samples
}

/// What an author's part in a module is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KnowledgeBasis {
    /// Lines added plus lines deleted in the module's Perl files (code-maat's ownership by
    /// churned lines).
    Lines,
    /// Commits that changed the module: when the history has no line counts (a partial clone,
    /// or only extension-less scripts changed).
    Commits,
}

/// Who knows a module: each author's part in the changes to it, by lines changed when the
/// history has line counts, else by commits.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleKnowledge {
    /// Module name.
    pub module: String,
    /// Analyzed commits that changed the module.
    pub commits: u32,
    /// Lines added plus deleted in the module's Perl files by those commits (0 without line
    /// counts).
    pub lines: u64,
    /// What `main_share` and `bus_factor` are measured in.
    pub basis: KnowledgeBasis,
    /// Distinct authors of those commits.
    pub authors: u32,
    /// The author of most of the module's changes (ties: the name first in order).
    pub main_author: String,
    /// The main author's share of the module's changes (lines or commits), 0..=1.
    pub main_share: f64,
    /// The fewest authors whose changes (lines or commits) make up more than half of the
    /// module's.
    pub bus_factor: u32,
    /// The main author's newest commit anywhere in the history read.
    pub main_author_last_time: i64,
    /// The main author has not committed for a year before the newest commit.
    pub main_author_inactive: bool,
}

/// Everything the history says, next to today's graph.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HistoryAnalysis {
    /// The commit the history ends at.
    pub head: String,
    /// The thresholds used.
    pub options: HistoryOptions,
    /// What was read and what was set aside.
    pub commits: CommitCounts,
    /// Change coupling.
    pub coupling: Coupling,
    /// Co-changing packages with no static edge between them, strongest first.
    pub hidden: Vec<HiddenPair>,
    /// Revisions × complexity, highest first.
    pub churn: Vec<ChurnHotspot>,
    /// One entry per module the history changed, by module name.
    pub knowledge: Vec<ModuleKnowledge>,
    /// Why knowledge counts commits rather than lines, when the history has no line counts.
    pub knowledge_note: Option<String>,
    /// Why the churn hotspots have no complexity trend, when their old contents could not be
    /// read.
    pub churn_note: Option<String>,
}

const YEAR: i64 = 365 * 24 * 3600;

/// Computes the history figures for `graph`, with modules from `partition`.
pub fn analyze(
    history: &History,
    graph: &DepGraph,
    partition: &Partition,
    options: &HistoryOptions,
) -> HistoryAnalysis {
    let index = FileIndex::new(graph);
    let mut counts = CommitCounts {
        read: history.commits.len(),
        analyzed: 0,
        large: 0,
        tests_or_docs_only: 0,
        outside_the_graph: 0,
        authors: 0,
        perl_files_gone: 0,
        first_time: history.commits.iter().map(|c| c.time).min(),
        last_time: history.commits.iter().map(|c| c.time).max(),
    };
    let mut gone = BTreeSet::new();
    let mut last_seen: BTreeMap<&str, i64> = BTreeMap::new();
    let mut files = Counter::default();
    let mut packages = Counter::default();
    let mut modules = Counter::default();
    // per module and author: commits, lines
    let mut module_authors: BTreeMap<ModuleId, BTreeMap<&str, (u32, u64)>> = BTreeMap::new();
    let mut package_commits: HashMap<(NodeId, NodeId), Vec<&str>> = HashMap::new();
    for commit in &history.commits {
        let seen = last_seen.entry(&commit.author).or_insert(commit.time);
        *seen = (*seen).max(commit.time);
        for file in &commit.files {
            if is_perl_file(file) && !index.knows(file) {
                gone.insert(file.as_str());
            }
        }
        let (in_graph, nodes) = match index.classify(commit, options.max_files_per_commit) {
            Use::Large => {
                counts.large += 1;
                continue;
            }
            Use::TestsOrDocs => {
                counts.tests_or_docs_only += 1;
                continue;
            }
            Use::Outside => {
                counts.outside_the_graph += 1;
                continue;
            }
            Use::Analyzed { files, nodes } => (files, nodes),
        };
        counts.analyzed += 1;
        let touched: BTreeSet<ModuleId> = nodes
            .iter()
            .filter_map(|&n| partition.module_of(n))
            .collect();
        files.add(in_graph.iter().copied());
        for (i, &a) in nodes.iter().enumerate() {
            for &b in &nodes[i + 1..] {
                let commits = package_commits.entry((a, b)).or_default();
                if commits.len() < 3 {
                    commits.push(&commit.id);
                }
            }
        }
        packages.add(nodes.iter().copied());
        let mut lines: BTreeMap<ModuleId, u64> = BTreeMap::new();
        for changed in &commit.lines {
            let in_modules: BTreeSet<ModuleId> = index
                .nodes(&changed.file)
                .iter()
                .filter_map(|&n| partition.module_of(n))
                .collect();
            for module in in_modules {
                *lines.entry(module).or_default() +=
                    u64::from(changed.added) + u64::from(changed.deleted);
            }
        }
        for &module in &touched {
            let part = module_authors
                .entry(module)
                .or_default()
                .entry(&commit.author)
                .or_default();
            part.0 += 1;
            part.1 += lines.get(&module).copied().unwrap_or(0);
        }
        modules.add(touched.into_iter());
    }
    counts.authors = last_seen.len();
    counts.perl_files_gone = gone.len();

    let node_name = |n: &NodeId| graph.node(*n).name.clone();
    let module_name = |m: &ModuleId| partition.name(*m).to_string();
    let package_pairs = packages.pairs(options, node_name);
    let shares_a_file = |a: NodeId, b: NodeId| {
        let files_b = &graph.node(b).files;
        graph.node(a).files.iter().any(|f| files_b.contains(f))
    };
    let mut package_level = Vec::new();
    let mut hidden = Vec::new();
    for (a, b, pair) in package_pairs {
        if shares_a_file(a, b) {
            continue;
        }
        let linked = graph.edges.contains_key(&(a, b)) || graph.edges.contains_key(&(b, a));
        if !linked {
            hidden.push(HiddenPair {
                pair: pair.clone(),
                module_a: partition.module_of(a).map(|m| module_name(&m)),
                module_b: partition.module_of(b).map(|m| module_name(&m)),
                commits: package_commits[&(a, b)]
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
            });
        }
        package_level.push(pair);
    }
    let mut sum_of_coupling: Vec<EntitySum> = packages
        .sums()
        .map(|(node, sum, revisions)| EntitySum {
            name: node_name(&node),
            sum,
            revisions,
        })
        .collect();
    sum_of_coupling.sort_by(|x, y| y.sum.cmp(&x.sum).then_with(|| x.name.cmp(&y.name)));
    sum_of_coupling.truncate(options.top);

    let mut churn: Vec<ChurnHotspot> = packages
        .revisions
        .iter()
        .map(|(&node, &revisions)| {
            let n = graph.node(node);
            ChurnHotspot {
                name: n.name.clone(),
                module: partition.module_of(node).map(|m| module_name(&m)),
                revisions,
                complexity: n.complexity,
                code_lines: n.code_lines,
                score: u64::from(revisions) * u64::from(n.complexity),
                complexity_trend: Vec::new(),
            }
        })
        .filter(|h| h.score > 0)
        .collect();
    churn.sort_by(|x, y| y.score.cmp(&x.score).then_with(|| x.name.cmp(&y.name)));
    churn.truncate(options.top);

    let newest = counts.last_time.unwrap_or(0);
    let mut knowledge: Vec<ModuleKnowledge> = module_authors
        .iter()
        .map(|(module, authors)| knowledge_of(&module_name(module), authors, &last_seen, newest))
        .collect();
    knowledge.sort_by(|x, y| x.module.cmp(&y.module));

    HistoryAnalysis {
        head: history.head.clone(),
        options: options.clone(),
        commits: counts,
        coupling: Coupling {
            files: files
                .pairs(options, |f: &&str| f.to_string())
                .map(|(_, _, p)| p)
                .collect(),
            packages: package_level,
            modules: modules
                .pairs(options, module_name)
                .map(|(_, _, p)| p)
                .collect(),
            sum_of_coupling,
        },
        hidden,
        churn,
        knowledge,
        churn_note: None,
        knowledge_note: match &history.lines {
            LineCounts::Read => None,
            LineCounts::NotRead => Some("--line-counts measures by lines changed".to_string()),
            LineCounts::Unavailable(why) => Some(format!(
                "line counts unavailable ({}); `git log --numstat` needs every changed file's contents",
                why.lines().next().unwrap_or_default()
            )),
        },
    }
}

/// A module's knowledge from each author's (commits, lines) in it.
fn knowledge_of(
    module: &str,
    authors: &BTreeMap<&str, (u32, u64)>,
    last_seen: &BTreeMap<&str, i64>,
    newest: i64,
) -> ModuleKnowledge {
    let commits: u32 = authors.values().map(|p| p.0).sum();
    let lines: u64 = authors.values().map(|p| p.1).sum();
    let basis = if lines > 0 {
        KnowledgeBasis::Lines
    } else {
        KnowledgeBasis::Commits
    };
    let weight = |part: &(u32, u64)| match basis {
        KnowledgeBasis::Lines => part.1,
        KnowledgeBasis::Commits => u64::from(part.0),
    };
    let total = match basis {
        KnowledgeBasis::Lines => lines,
        KnowledgeBasis::Commits => u64::from(commits),
    };
    let mut ranked: Vec<(&str, u64)> = authors.iter().map(|(&a, p)| (a, weight(p))).collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    let (main, main_weight) = ranked[0];
    let mut covered = 0;
    let mut bus_factor = 0;
    for (_, n) in &ranked {
        covered += n;
        bus_factor += 1;
        if 2 * covered > total {
            break;
        }
    }
    let main_author_last_time = last_seen[main];
    ModuleKnowledge {
        module: module.to_string(),
        commits,
        lines,
        basis,
        authors: ranked.len() as u32,
        main_author: main.to_string(),
        main_share: main_weight as f64 / total as f64,
        bus_factor,
        main_author_last_time,
        main_author_inactive: newest - main_author_last_time > YEAR,
    }
}

/// The graph nodes (packages and scripts) declared in each file.
struct FileIndex<'g>(HashMap<&'g str, Vec<NodeId>>);

/// What a commit is to the analysis.
enum Use<'c> {
    /// More files than the limit.
    Large,
    /// Only tests or documentation.
    TestsOrDocs,
    /// No file of the graph.
    Outside,
    /// Counted: its files in the graph, and their nodes (sorted, each once).
    Analyzed {
        files: Vec<&'c str>,
        nodes: Vec<NodeId>,
    },
}

impl<'g> FileIndex<'g> {
    fn new(graph: &'g DepGraph) -> Self {
        let mut nodes_of_file: HashMap<&str, Vec<NodeId>> = HashMap::new();
        for (id, node) in graph.iter_nodes() {
            if matches!(
                node.kind,
                NodeKind::Package | NodeKind::Script | NodeKind::Template
            ) {
                for file in &node.files {
                    nodes_of_file.entry(file.as_str()).or_default().push(id);
                }
            }
        }
        FileIndex(nodes_of_file)
    }

    fn knows(&self, file: &str) -> bool {
        self.0.contains_key(file)
    }

    /// The nodes declared in `file` (none when it is not in the graph).
    fn nodes(&self, file: &str) -> &[NodeId] {
        self.0.get(file).map_or(&[], Vec::as_slice)
    }

    fn classify<'c>(&self, commit: &'c Commit, max_files: usize) -> Use<'c> {
        if commit.files.len() > max_files {
            return Use::Large;
        }
        if commit.files.iter().all(|f| is_test_or_doc(f)) {
            return Use::TestsOrDocs;
        }
        let files: Vec<&str> = commit
            .files
            .iter()
            .map(String::as_str)
            .filter(|f| self.knows(f))
            .collect();
        if files.is_empty() {
            return Use::Outside;
        }
        let nodes: BTreeSet<NodeId> = files
            .iter()
            .flat_map(|f| self.0[f].iter().copied())
            .collect();
        Use::Analyzed {
            files,
            nodes: nodes.into_iter().collect(),
        }
    }
}

/// The graph nodes each analyzed commit changed (commits with at most `max_files` files, not
/// only tests or docs, touching the graph), newest first: the co-change evidence
/// `seam suggest` clusters and evaluates with.
pub fn change_sets(history: &History, graph: &DepGraph, max_files: usize) -> Vec<Vec<NodeId>> {
    let index = FileIndex::new(graph);
    history
        .commits
        .iter()
        .filter_map(|commit| match index.classify(commit, max_files) {
            Use::Analyzed { nodes, .. } => Some(nodes),
            _ => None,
        })
        .collect()
}

/// Revisions per entity and shared revisions per pair of entities.
struct Counter<T> {
    revisions: BTreeMap<T, u32>,
    shared: BTreeMap<(T, T), u32>,
    sums: BTreeMap<T, u32>,
}

impl<T> Default for Counter<T> {
    fn default() -> Self {
        Counter {
            revisions: BTreeMap::new(),
            shared: BTreeMap::new(),
            sums: BTreeMap::new(),
        }
    }
}

impl<T: Ord + Copy> Counter<T> {
    /// Counts one commit that changed `entities` (each once).
    fn add(&mut self, entities: impl Iterator<Item = T>) {
        let entities: BTreeSet<T> = entities.collect();
        let Some(others) = (entities.len() as u32).checked_sub(1) else {
            return;
        };
        for &a in &entities {
            *self.revisions.entry(a).or_default() += 1;
            *self.sums.entry(a).or_default() += others;
            for &b in entities.range((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)) {
                *self.shared.entry((a, b)).or_default() += 1;
            }
        }
    }

    /// Pairs above the thresholds, strongest first (shared, then degree, then names).
    fn pairs(
        &self,
        options: &HistoryOptions,
        name: impl Fn(&T) -> String,
    ) -> impl Iterator<Item = (T, T, CoupledPair)> {
        let mut pairs: Vec<(T, T, CoupledPair)> = self
            .shared
            .iter()
            .filter_map(|(&(a, b), &shared)| {
                let (ra, rb) = (self.revisions[&a], self.revisions[&b]);
                let degree = f64::from(shared) / ((f64::from(ra) + f64::from(rb)) / 2.0);
                let keep = ra >= options.min_revs
                    && rb >= options.min_revs
                    && shared >= options.min_shared
                    && degree >= options.min_degree;
                let (na, nb) = (name(&a), name(&b));
                let (a, b, na, nb, ra, rb) = if na <= nb {
                    (a, b, na, nb, ra, rb)
                } else {
                    (b, a, nb, na, rb, ra)
                };
                keep.then(|| {
                    let pair = CoupledPair {
                        a: na,
                        b: nb,
                        shared,
                        revisions_a: ra,
                        revisions_b: rb,
                        degree,
                    };
                    (a, b, pair)
                })
            })
            .collect();
        pairs.sort_by(|(_, _, x), (_, _, y)| {
            y.shared
                .cmp(&x.shared)
                .then_with(|| y.degree.total_cmp(&x.degree))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        pairs.into_iter()
    }

    /// Each entity with its sum of coupling and revisions.
    fn sums(&self) -> impl Iterator<Item = (T, u32, u32)> + '_ {
        self.sums
            .iter()
            .map(|(&e, &sum)| (e, sum, self.revisions[&e]))
    }
}

fn is_perl_file(path: &str) -> bool {
    [".pm", ".pl", ".cgi"].iter().any(|ext| path.ends_with(ext))
}

/// Tests (as the graph defines them) and documentation: what a commit may touch without saying
/// anything about the design.
fn is_test_or_doc(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    seam_graph::is_test_file(path)
        || path.ends_with(".pod")
        || path.ends_with(".md")
        || path.starts_with("doc/")
        || path.starts_with("docs/")
        || name.starts_with("README")
        || matches!(name, "Changes" | "CHANGES" | "ChangeLog" | "NEWS")
}

/// The churn hotspots as `seam analyze` ranks hotspots: kind `churn`, the score relative to the
/// top one, the numbers behind it (no edges: it is not about coupling).
pub fn churn_hotspots(history: &HistoryAnalysis) -> Vec<seam_graph::Hotspot> {
    let top = history.churn.first().map_or(1, |h| h.score.max(1));
    history
        .churn
        .iter()
        .take(seam_graph::HOTSPOTS_PER_KIND)
        .map(|h| seam_graph::Hotspot {
            kind: seam_graph::HotspotKind::Churn,
            name: h.name.clone(),
            module: h.module.clone().unwrap_or_default(),
            score: h.score,
            relative: h.score as f64 / top as f64,
            numbers: [
                ("revisions".to_string(), u64::from(h.revisions)),
                ("complexity".to_string(), u64::from(h.complexity)),
                ("code_lines".to_string(), u64::from(h.code_lines)),
            ]
            .into(),
            top_edges: Vec::new(),
        })
        .collect()
}
