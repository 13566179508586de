//! Facts for every file of a codebase: in parallel, one parser per worker, reusing cached facts
//! for files whose bytes have not changed.

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
    let (mut facts, cache_note) = facts?;
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

/// The facts of `files` (through the cache when there is one), and why the cache could not be
/// used, if it could not.
fn extract_all(
    root: &Path,
    options: &FactsOptions,
    files: &[(SourceFile, Option<TemplateSyntax>)],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<FileFacts>, Option<String>), Error> {
    let mut cache_note = None;
    let facts = match &options.cache {
        None => extract_sources(files, options, &FactsCache::empty(), progress)?,
        Some(config) => {
            let cache = FactsCache::open(config, root, &options.extract);
            let facts = extract_sources(files, options, &cache, progress)?;
            // a cache that cannot be written only costs the next run its speed: say so
            cache_note = match cache.save(&facts) {
                Err(e) => Some(format!(
                    "the facts cache in {} could not be written ({e}); results are complete, \
                     the next run parses every file again (--no-cache skips the cache)",
                    config.dir.display()
                )),
                Ok(()) => cache.problem().map(|why| {
                    format!("the facts cache was not used ({why}); results are complete")
                }),
            };
            facts
        }
    };
    Ok((facts, cache_note))
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
    extract_with_cache(files, options, &FactsCache::empty(), progress)
}

fn extract_with_cache(
    files: &[SourceFile],
    options: &FactsOptions,
    cache: &FactsCache,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<FileFacts>, Error> {
    let files: Vec<(SourceFile, Option<TemplateSyntax>)> =
        files.iter().map(|f| (f.clone(), None)).collect();
    extract_sources(&files, options, cache, progress)
}

/// Extracts Perl files (`None`) and templates (their syntax) in parallel, keeping their order.
fn extract_sources(
    files: &[(SourceFile, Option<TemplateSyntax>)],
    options: &FactsOptions,
    cache: &FactsCache,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<FileFacts>, Error> {
    let pool = thread_pool(options.threads)?;
    let done = AtomicUsize::new(0);
    let total = files.len();
    Ok(pool.install(|| {
        files
            .par_iter()
            .map_init(
                || Extractor::new(options.extract.clone()),
                |extractor, (file, syntax)| {
                    let facts = extract_one(extractor, cache, file, *syntax);
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

fn extract_one(
    extractor: &mut Extractor,
    cache: &FactsCache,
    file: &SourceFile,
    syntax: Option<TemplateSyntax>,
) -> FileFacts {
    match read_source(extractor, file) {
        Ok(Ok(bytes)) => cache
            .lookup(&bytes, &file.relative)
            // a template and a Perl file with the same bytes are read differently
            .filter(|facts| facts.template.as_ref().map(|t| t.syntax) == syntax)
            .unwrap_or_else(|| extract_bytes(extractor, &file.relative, &bytes, syntax)),
        Ok(Err(skipped)) => skipped,
        Err(e) => {
            let mut facts = FileFacts::empty(file.relative.clone(), String::new(), 0);
            facts.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::ReadError,
                line: None,
                message: format!("cannot read: {e}"),
            });
            facts
        }
    }
}

/// The bytes of a source file, or its facts when it is over the size cap: the length is
/// checked before anything is read (a sparse 3 GB file costs a `stat`, not 3 GB), and what is
/// not a regular file any more (a FIFO, which would block the read, a socket, a directory) is
/// an error, not opened.
fn read_source(
    extractor: &Extractor,
    file: &SourceFile,
) -> std::io::Result<Result<Vec<u8>, FileFacts>> {
    use std::io::Read;
    let metadata = std::fs::metadata(&file.absolute)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if let Some(skipped) = extractor.too_large(&file.relative, metadata.len()) {
        return Ok(Err(skipped));
    }
    let mut handle = std::fs::File::open(&file.absolute)?;
    // the file may have grown since: never read more than the cap and one byte
    let cap = extractor.options().max_file_size.saturating_add(1);
    let mut bytes = Vec::with_capacity(metadata.len().min(cap) as usize);
    (&mut handle).take(cap).read_to_end(&mut bytes)?;
    if let Some(skipped) = extractor.too_large(&file.relative, bytes.len() as u64) {
        return Ok(Err(skipped));
    }
    Ok(Ok(bytes))
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
