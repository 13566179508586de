//! Facts for every file of a codebase: in parallel, one parser per worker, reusing cached facts
//! for files whose bytes have not changed.

use crate::cache::stat_index::{Seen, Stat, StatIndex, Time};
use crate::cache::{CacheConfig, FactsCache};
use crate::discover::{discover_all, DiscoverOptions, PathFilter, SourceFile};
use crate::Error;
use rayon::prelude::*;
use seam_graph::{Location, Schema};
use seam_perl::{Diagnostic, DiagnosticKind, ExtractOptions, Extractor, FileFacts};
use seam_template::TemplateSyntax;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How to extract facts from a codebase.
#[derive(Debug, Clone, Default)]
pub struct FactsOptions {
    /// Which files to read.
    pub discover: DiscoverOptions,
    /// Per-file limits.
    pub extract: ExtractOptions,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Reuse facts of unchanged files from an earlier run (`None`: parse everything).
    pub cache: Option<CacheConfig>,
}

/// Extracts the facts of every Perl file under `root`, sorted by path: [`extract_codebase`]
/// without the schema.
pub fn extract_facts(
    root: &Path,
    options: &FactsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<FileFacts>, Error> {
    extract_code(root, options, progress).map(|codebase| codebase.facts)
}

/// What [`extract_codebase`] read.
#[derive(Debug, Clone, Default)]
pub struct Codebase {
    /// Every Perl file's facts, sorted by path.
    pub facts: Vec<FileFacts>,
    /// The tables the `*.sql` files define.
    pub schema: Schema,
    /// Vendored directories skipped by default (relative, trailing `/`).
    pub skipped: Vec<String>,
    /// Why the facts cache could not be used (read or written), when it could not: the results
    /// are complete, only the next run is slower.
    pub cache_note: Option<String>,
}

/// Extracts the facts of every Perl file under `root`, sorted by path, and reads the tables its
/// SQL files define. `progress(done, total)` is
/// called from worker threads as files complete. A directory the walk could not read is a record
/// of its own (its path with a trailing `/`, no facts, a `read_error` diagnostic), so that every
/// view knows code was not seen and a check fails instead of passing.
pub fn extract_codebase(
    root: &Path,
    options: &FactsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Codebase, Error> {
    read_codebase(root, options, progress, true)
}

/// [`extract_codebase`] without reading the SQL files (`schema` stays empty): for what needs the
/// code's facts only (`seam facts`), which would otherwise parse every schema file for nothing.
pub fn extract_code(
    root: &Path,
    options: &FactsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Codebase, Error> {
    read_codebase(root, options, progress, false)
}

fn read_codebase(
    root: &Path,
    options: &FactsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    with_schema: bool,
) -> Result<Codebase, Error> {
    let found = discover_all(root, &options.discover)?;
    if found.files.is_empty() && found.template_files.is_empty() && found.unreadable.is_empty() {
        return Err(Error::NoPerlFiles {
            root: root.to_path_buf(),
            skipped: found.skipped.len(),
        });
    }
    let sql_files = if with_schema {
        found.sql_files
    } else {
        Vec::new()
    };
    let skipped = found.skipped;
    // Perl files and templates in one list: a template carries its syntax
    let mut files: Vec<(SourceFile, Option<TemplateSyntax>)> =
        found.files.into_iter().map(|f| (f, None)).collect();
    files.extend(found.template_files.into_iter().map(|(f, s)| (f, Some(s))));
    files.sort();
    // the schema files are read on a thread of their own while the code is extracted (on a
    // schema-heavy codebase reading them first cost a tenth of the run, on one core)
    let (schema, facts) = std::thread::scope(|scope| {
        let schema = scope.spawn(|| read_schema(&sql_files));
        let facts = extract_all(root, options, &files, progress);
        let schema = schema
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (schema, facts)
    });
    let Extracted {
        mut facts,
        cache_note,
        ..
    } = facts?;
    if !found.unreadable.is_empty() {
        facts.extend(found.unreadable.into_iter().map(|(path, why)| {
            let mut record = FileFacts::empty(path, String::new(), 0);
            record.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::ReadError,
                line: None,
                message: format!("cannot list this directory ({why}): its files were not analyzed"),
            });
            record
        }));
        facts.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(Codebase {
        facts,
        schema,
        skipped,
        cache_note,
    })
}

/// What [`extract_all`] gives.
struct Extracted {
    /// The facts of every file, in the order given.
    facts: Vec<FileFacts>,
    /// Why the cache could not be used, if it could not.
    cache_note: Option<String>,
    /// Files whose bytes were read and hashed (the others' hashes came from the stat index).
    #[cfg_attr(not(test), allow(dead_code))]
    hashed: usize,
}

/// The facts of `files` (through the cache when there is one), and why the cache could not be
/// used, if it could not.
fn extract_all(
    root: &Path,
    options: &FactsOptions,
    files: &[(SourceFile, Option<TemplateSyntax>)],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Extracted, Error> {
    let Some(config) = &options.cache else {
        let facts = extract_sources(files, options, &Caches::none(), progress)?;
        return Ok(Extracted {
            facts: facts.into_iter().map(|(facts, _)| facts).collect(),
            cache_note: None,
            hashed: files.len(),
        });
    };
    // before any file is looked at: what the stat index trusts next time is older than this
    let stamp = Time::now();
    let caches = Caches {
        facts: FactsCache::open(config, root, &options.extract),
        stats: StatIndex::open(config, root),
        used: true,
    };
    let extracted = extract_sources(files, options, &caches, progress)?;
    let seen: Vec<(&str, Seen)> = files
        .iter()
        .zip(&extracted)
        .filter_map(|((file, _), (_, seen))| Some((file.relative.as_str(), (*seen)?)))
        .collect();
    let hashed = seen.iter().filter(|(_, seen)| seen.hashed).count();
    let stats_saved = caches.stats.save(stamp, seen);
    let facts: Vec<FileFacts> = extracted.into_iter().map(|(facts, _)| facts).collect();
    // a cache that cannot be written only costs the next run its speed: say so
    let cache_note = match caches.facts.save(&facts).and(stats_saved) {
        Err(e) => Some(format!(
            "the facts cache in {} could not be written ({e}); results are complete, \
             the next run parses every file again (--no-cache skips the cache)",
            config.dir.display()
        )),
        Ok(()) => caches
            .facts
            .problem()
            .map(|why| format!("the facts cache was not used ({why}); results are complete")),
    };
    Ok(Extracted {
        facts,
        cache_note,
        hashed,
    })
}

/// The facts of earlier runs by content hash, and the content hashes of unchanged files by path.
struct Caches {
    facts: FactsCache,
    stats: StatIndex,
    /// Whether there is a cache at all: without one (`--no-cache`) nothing is looked up or
    /// recorded, so a file's bytes are not hashed for it (its facts carry the extractor's hash).
    used: bool,
}

impl Caches {
    fn none() -> Self {
        Caches {
            facts: FactsCache::empty(),
            stats: StatIndex::empty(),
            used: false,
        }
    }
}

/// Largest SQL file read for table definitions (a data dump is not a schema).
const MAX_SCHEMA_FILE: u64 = 16 * 1024 * 1024;

/// The tables the SQL files define (`CREATE TABLE`/`VIEW`), with where. A file that cannot be
/// read, is too large or is not UTF-8 defines nothing (it is not code: nothing is missed).
fn read_schema(files: &[SourceFile]) -> Schema {
    let mut schema = Schema::new();
    for file in files {
        let small = std::fs::metadata(&file.absolute).is_ok_and(|m| m.len() <= MAX_SCHEMA_FILE);
        let Some(text) = small
            .then(|| std::fs::read(&file.absolute).ok())
            .flatten()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        else {
            continue;
        };
        for (table, line) in seam_sql::defined_tables(&text) {
            schema.entry(table).or_default().push(Location {
                file: file.relative.clone(),
                line,
            });
        }
    }
    schema
}

/// Extracts the facts of the given files in parallel, keeping their order.
pub fn extract_files(
    files: &[SourceFile],
    options: &FactsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<FileFacts>, Error> {
    extract_with_cache(files, options, &Caches::none(), progress)
}

fn extract_with_cache(
    files: &[SourceFile],
    options: &FactsOptions,
    caches: &Caches,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<FileFacts>, Error> {
    let files: Vec<(SourceFile, Option<TemplateSyntax>)> =
        files.iter().map(|f| (f.clone(), None)).collect();
    let facts = extract_sources(&files, options, caches, progress)?;
    Ok(facts.into_iter().map(|(facts, _)| facts).collect())
}

/// Extracts Perl files (`None`) and templates (their syntax) in parallel, keeping their order;
/// with each, how it was seen (its `stat` and hash) when its bytes were hashed or known.
fn extract_sources(
    files: &[(SourceFile, Option<TemplateSyntax>)],
    options: &FactsOptions,
    caches: &Caches,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<(FileFacts, Option<Seen>)>, Error> {
    let pool = thread_pool(options.threads)?;
    let done = AtomicUsize::new(0);
    let total = files.len();
    Ok(pool.install(|| {
        files
            .par_iter()
            .map_init(
                || Worker::new(options),
                |worker, (file, syntax)| {
                    let facts = extract_one(worker, caches, file, *syntax);
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(finished, total);
                    facts
                },
            )
            .collect()
    }))
}

/// Extracts files given as bytes (files at another revision), in parallel. A file whose bytes
/// equal a file in `known` (matched by hash) or in `cache` reuses its facts.
pub(crate) fn extract_blobs(
    blobs: Vec<(String, Vec<u8>)>,
    known: &[FileFacts],
    cache: &FactsCache,
    options: &FactsOptions,
) -> Result<Vec<FileFacts>, Error> {
    let by_hash: HashMap<&str, &FileFacts> = known.iter().map(|f| (f.hash.as_str(), f)).collect();
    let filter = PathFilter::new(&options.discover)?;
    let pool = thread_pool(options.threads)?;
    Ok(pool.install(|| {
        blobs
            .par_iter()
            .map_init(
                || Extractor::new(options.extract.clone()),
                |extractor, (path, bytes)| {
                    let hash = blake3::hash(bytes).to_hex();
                    match by_hash.get(hash.as_str()) {
                        Some(same) => FileFacts {
                            path: path.clone(),
                            ..(*same).clone()
                        },
                        None => cache.lookup_hash(hash.as_str(), path).unwrap_or_else(|| {
                            let syntax = filter.template_of_blob(path, bytes);
                            extract_bytes(extractor, path, bytes, syntax)
                        }),
                    }
                },
            )
            .collect()
    }))
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Threads {
            threads,
            reason: e.to_string(),
        })
}

/// A file's facts: the Perl extractor's, or the template extractor's for a template.
fn extract_bytes(
    extractor: &mut Extractor,
    path: &str,
    bytes: &[u8],
    syntax: Option<TemplateSyntax>,
) -> FileFacts {
    match syntax {
        None => extractor.extract(path, bytes),
        Some(syntax) => seam_template::extract(extractor, path, bytes, syntax),
    }
}

/// What each worker thread keeps across the files it extracts.
struct Worker {
    extractor: Extractor,
    /// The bytes of the file being extracted: one buffer per thread, grown to the largest file
    /// read so far (at most the size cap), so that reading a file allocates nothing.
    buffer: Vec<u8>,
}

impl Worker {
    fn new(options: &FactsOptions) -> Self {
        Worker {
            extractor: Extractor::new(options.extract.clone()),
            buffer: Vec::new(),
        }
    }
}

/// A file's facts: from the facts cache when the stat index knows its hash (the file is not
/// read), else from its bytes (cached facts for that hash, or extracted); and how it was seen
/// (`None` without a cache).
fn extract_one(
    worker: &mut Worker,
    caches: &Caches,
    file: &SourceFile,
    syntax: Option<TemplateSyntax>,
) -> (FileFacts, Option<Seen>) {
    let Worker { extractor, buffer } = worker;
    // a template and a Perl file with the same bytes are read differently
    let cached = |hash: &blake3::Hash| {
        caches
            .facts
            .lookup_raw(hash.as_bytes(), &file.relative)
            .filter(|facts| facts.template.as_ref().map(|t| t.syntax) == syntax)
    };
    let stat = match read_source(extractor, caches, file, buffer) {
        Ok(Source::Known(stat, hash)) => match cached(&hash) {
            Some(facts) => {
                let seen = Seen {
                    stat,
                    hash: *hash.as_bytes(),
                    hashed: false,
                };
                return (facts, Some(seen));
            }
            // the hash is right but its facts are not in the pack: read the file after all
            None => match read_bytes(extractor, file, stat, buffer) {
                Ok(Ok(())) => stat,
                Ok(Err(skipped)) => return (skipped, None),
                Err(e) => return (read_error(file, &e), None),
            },
        },
        Ok(Source::Read(stat)) => stat,
        Ok(Source::Skipped(skipped)) => return (*skipped, None),
        Err(e) => return (read_error(file, &e), None),
    };
    let bytes = &buffer[..];
    if !caches.used {
        // nothing to look up or to record: the bytes are hashed once, by the extractor
        let facts = extract_bytes(extractor, &file.relative, bytes, syntax);
        return (facts, None);
    }
    let hash = blake3::hash(bytes);
    let facts =
        cached(&hash).unwrap_or_else(|| extract_bytes(extractor, &file.relative, bytes, syntax));
    let seen = Seen {
        stat,
        hash: *hash.as_bytes(),
        hashed: true,
    };
    (facts, Some(seen))
}

fn read_error(file: &SourceFile, e: &std::io::Error) -> FileFacts {
    let mut facts = FileFacts::empty(file.relative.clone(), String::new(), 0);
    facts.diagnostics.push(Diagnostic {
        kind: DiagnosticKind::ReadError,
        line: None,
        message: format!("cannot read: {e}"),
    });
    facts
}

/// What [`read_source`] found.
enum Source {
    /// The stat index knows the file's hash: it was not read.
    Known(Stat, blake3::Hash),
    /// The file's `stat` taken before its bytes were read (into the worker's buffer).
    Read(Stat),
    /// The file is over the size cap: its facts.
    Skipped(Box<FileFacts>),
}

/// A source file's content hash when the stat index knows it, else its bytes (read into
/// `buffer`), or its facts when it is over the size cap: the length is checked before anything
/// is read (a sparse 3 GB file costs a `stat`, not 3 GB), and what is not a regular file any more
/// (a FIFO, which would block the read, a socket, a directory) is an error, not opened.
fn read_source(
    extractor: &Extractor,
    caches: &Caches,
    file: &SourceFile,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Source> {
    let metadata = std::fs::metadata(&file.absolute)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if let Some(skipped) = extractor.too_large(&file.relative, metadata.len()) {
        return Ok(Source::Skipped(Box::new(skipped)));
    }
    let stat = Stat::of(&metadata);
    if !caches.facts.is_empty() {
        if let Some(hash) = caches.stats.lookup(&file.relative, &stat) {
            return Ok(Source::Known(stat, blake3::Hash::from(hash)));
        }
    }
    Ok(match read_bytes(extractor, file, stat, buffer)? {
        Ok(()) => Source::Read(stat),
        Err(skipped) => Source::Skipped(Box::new(skipped)),
    })
}

/// Reads the bytes of a regular file not over the size cap whose `stat` was taken into `buffer`
/// (cleared first), or gives its facts when it grew over the cap since.
fn read_bytes(
    extractor: &Extractor,
    file: &SourceFile,
    stat: Stat,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Result<(), FileFacts>> {
    use std::io::Read;
    buffer.clear();
    let mut handle = std::fs::File::open(&file.absolute)?;
    // the file may have grown since: never read more than the cap and one byte
    let cap = extractor.options().max_file_size.saturating_add(1);
    buffer.reserve(stat.size().min(cap) as usize);
    (&mut handle).take(cap).read_to_end(buffer)?;
    match extractor.too_large(&file.relative, buffer.len() as u64) {
        Some(skipped) => Ok(Err(skipped)),
        None => Ok(Ok(())),
    }
}

/// Parses every file without extracting anything: the floor `seam facts` is measured against.
/// Returns the number of files that parsed.
pub fn parse_only(files: &[SourceFile], threads: usize) -> Result<usize, Error> {
    let pool = thread_pool(threads)?;
    Ok(pool.install(|| {
        files
            .par_iter()
            .map_init(
                || Extractor::new(ExtractOptions::default()),
                |extractor, file| {
                    std::fs::read(&file.absolute)
                        .ok()
                        .and_then(|bytes| extractor.parse_only(&bytes))
                        .is_some() as usize
                },
            )
            .sum()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::stat_index;
    use std::path::PathBuf;
    use std::time::Duration;

    /// A codebase, its cache directory, and the files it holds.
    struct Tree {
        code: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    impl Tree {
        fn new() -> Tree {
            let tree = Tree {
                code: tempfile::tempdir().unwrap(),
                cache: tempfile::tempdir().unwrap(),
            };
            std::fs::create_dir_all(tree.code.path().join("lib")).unwrap();
            tree.write("lib/A.pm", "package A;\nuse B;\n1;\n");
            tree.write("lib/B.pm", "package B;\nuse X;\n1;\n");
            tree.write("lib/C.pm", "package C;\n1;\n");
            tree
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.code.path().join(relative)
        }

        fn write(&self, relative: &str, text: &str) {
            std::fs::write(self.path(relative), text).unwrap();
        }

        fn options(&self) -> FactsOptions {
            FactsOptions {
                cache: Some(CacheConfig {
                    dir: self.cache.path().to_path_buf(),
                    build: "x".into(),
                }),
                ..FactsOptions::default()
            }
        }

        /// A warm run: its facts and how many files it read and hashed.
        fn run(&self) -> (Vec<FileFacts>, usize) {
            let found = discover_all(self.code.path(), &self.options().discover).unwrap();
            let files: Vec<_> = found.files.into_iter().map(|f| (f, None)).collect();
            let extracted = extract_all(self.code.path(), &self.options(), &files, &|_, _| {});
            let extracted = extracted.unwrap();
            (extracted.facts, extracted.hashed)
        }

        /// What a run without any cache gives.
        fn cold(&self) -> Vec<FileFacts> {
            extract_facts(self.code.path(), &FactsOptions::default(), &|_, _| {}).unwrap()
        }

        /// As if the last run had started an hour from now: every entry of its stat index is
        /// older than its stamp, so only a changed `stat` makes a file be read again.
        fn age_index(&self) {
            let config = self.options().cache.unwrap();
            let file = config.file_for(self.code.path(), "stat", "index");
            let later = stat_index::Time::now().plus(Duration::from_secs(3600));
            stat_index::restamp(&file, later);
        }
    }

    /// Runs warm after `change` with an aged index, checks the facts equal a cold run's and
    /// returns how many files were read.
    fn read_after(tree: &Tree, change: impl FnOnce(&Tree)) -> usize {
        tree.age_index();
        change(tree);
        let (facts, hashed) = tree.run();
        assert_eq!(facts, tree.cold());
        hashed
    }

    #[test]
    fn unchanged_files_are_not_read_and_every_change_is_seen() {
        let tree = Tree::new();
        let (first, hashed) = tree.run();
        assert_eq!(
            (first, hashed),
            (tree.cold(), 3),
            "the first run reads every file"
        );
        // just written: every entry is racy, so every file is read again
        assert_eq!(tree.run().1, 3);
        assert_eq!(
            read_after(&tree, |_| {}),
            0,
            "nothing changed: nothing read"
        );
        // touched without a change: read again, same facts
        let touched = read_after(&tree, |tree| {
            let file = std::fs::File::options()
                .write(true)
                .open(tree.path("lib/C.pm"));
            let later = std::time::SystemTime::now() + Duration::from_secs(5);
            file.unwrap().set_modified(later).unwrap();
        });
        assert_eq!(touched, 1);
        // the same size and the old modification time, other bytes (`cp -p`, or an edit within
        // the timestamp granularity): the status-change time gives it away
        let edited = read_after(&tree, |tree| {
            let modified = std::fs::metadata(tree.path("lib/B.pm")).unwrap().modified();
            tree.write("lib/B.pm", "package B;\nuse Y;\n1;\n");
            let file = std::fs::File::options()
                .write(true)
                .open(tree.path("lib/B.pm"));
            file.unwrap().set_modified(modified.unwrap()).unwrap();
        });
        assert_eq!(edited, 1);
        assert_eq!(tree.run().0[1].refs[0].target, "Y");
        // replaced by another file of the same size (a rename over it: another inode)
        let replaced = read_after(&tree, |tree| {
            tree.write("other.tmp", "package B;\nuse Z;\n1;\n");
            std::fs::rename(tree.path("other.tmp"), tree.path("lib/B.pm")).unwrap();
        });
        assert_eq!(replaced, 1);
        // renamed: the new path is read, the others are not
        let renamed = read_after(&tree, |tree| {
            std::fs::rename(tree.path("lib/C.pm"), tree.path("lib/D.pm")).unwrap();
        });
        assert_eq!(renamed, 1);
        // deleted: nothing to read, and it is gone from the facts
        let deleted = read_after(&tree, |tree| {
            std::fs::remove_file(tree.path("lib/D.pm")).unwrap();
        });
        assert_eq!(deleted, 0);
        assert_eq!(read_after(&tree, |_| {}), 0);
    }

    #[test]
    fn a_racy_entry_is_read_even_when_its_stat_is_unchanged() {
        let tree = Tree::new();
        tree.run();
        tree.age_index();
        assert_eq!(tree.run().1, 0);
        // the index's stamp no older than the files' last change: each one is read again
        let config = tree.options().cache.unwrap();
        let file = config.file_for(tree.code.path(), "stat", "index");
        stat_index::restamp(&file, stat_index::Time::now());
        let (facts, hashed) = tree.run();
        assert_eq!((facts, hashed), (tree.cold(), 3));
    }

    #[test]
    fn a_known_hash_whose_facts_are_gone_reads_the_file() {
        let tree = Tree::new();
        tree.run();
        tree.age_index();
        // the pack lost (another build wrote it, or it was corrupt): the index alone is no help
        let config = tree.options().cache.unwrap();
        std::fs::remove_file(config.file_for(tree.code.path(), "facts", "pack")).unwrap();
        let (facts, hashed) = tree.run();
        assert_eq!((facts, hashed), (tree.cold(), 3));
    }
}
