//! Facts of unchanged files, reused across runs.
//!
//! A file's facts depend only on its bytes (and the extractor's version and limits), so the cache
//! is keyed by the BLAKE3 hash of the bytes. One cache file per analyzed root, in the cache
//! directory (never inside the analyzed tree), written atomically (temporary file, then rename).
//! A cache that is missing, unreadable, corrupt or written by another build is ignored: it can
//! only cost speed, never change a result.

use seam_perl::{DiagnosticKind, ExtractOptions, FileFacts, SCHEMA_VERSION};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Where the cache lives and what invalidates it.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// Directory for cache files (created when missing).
    pub dir: PathBuf,
    /// Identifies the build that writes the cache: facts from another build are not reused. The
    /// CLI uses a hash of its own executable.
    pub build: String,
}

impl CacheConfig {
    /// The cache file of kind `what` for `root`: one per analyzed root, named by a hash of its
    /// canonical path.
    pub(crate) fn file_for(&self, root: &Path, what: &str, extension: &str) -> PathBuf {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let root_id = blake3::hash(root.to_string_lossy().as_bytes()).to_hex();
        self.dir
            .join(format!("{what}-{}.{extension}", &root_id[..16]))
    }
}

/// The first line of a cache file.
#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq)]
struct Header {
    seam_cache: u32,
    key: String,
}

const CACHE_FORMAT: u32 = 1;

/// Facts by content hash for one root.
pub(crate) struct FactsCache {
    file: Option<PathBuf>,
    key: String,
    entries: HashMap<String, FileFacts>,
}

impl FactsCache {
    /// A cache that holds nothing and saves nothing.
    pub(crate) fn empty() -> Self {
        FactsCache {
            file: None,
            key: String::new(),
            entries: HashMap::new(),
        }
    }

    /// Opens the cache of `root`, or an empty one when there is none usable.
    pub(crate) fn open(config: &CacheConfig, root: &Path, options: &ExtractOptions) -> Self {
        Self::open_kind(config, root, "facts", options)
    }

    /// Opens the cache of kind `what` for `root` (`facts` for the working tree, `trend` for the
    /// files at sampled commits), or an empty one when there is none usable.
    pub(crate) fn open_kind(
        config: &CacheConfig,
        root: &Path,
        what: &str,
        options: &ExtractOptions,
    ) -> Self {
        let file = config.file_for(root, what, "jsonl");
        // everything facts depend on besides the bytes
        let key = format!(
            "schema {SCHEMA_VERSION}; build {}; max {}; timeout {:?}; engine {:?}; fallback {}",
            config.build,
            options.max_file_size,
            options.parse_timeout,
            options.engine,
            options.fallback_error_share
        );
        let entries = read_entries(&file, &key).unwrap_or_default();
        FactsCache {
            file: Some(file),
            key,
            entries,
        }
    }

    /// The cached facts of a file with these bytes, under its current path.
    pub(crate) fn lookup(&self, bytes: &[u8], path: &str) -> Option<FileFacts> {
        if self.entries.is_empty() {
            return None;
        }
        self.lookup_hash(blake3::hash(bytes).to_hex().as_str(), path)
    }

    /// The cached facts of a file whose bytes have this BLAKE3 hash (hex), under `path`.
    pub(crate) fn lookup_hash(&self, hash: &str, path: &str) -> Option<FileFacts> {
        let mut facts = self.entries.get(hash)?.clone();
        facts.path = path.to_string();
        Some(facts)
    }

    /// Whether the cache already holds exactly the facts of this run (a warm run that changed
    /// nothing need not rewrite it).
    fn holds_exactly(&self, facts: &[FileFacts]) -> bool {
        let hashes: std::collections::HashSet<&str> = facts
            .iter()
            .filter(|f| cacheable(f))
            .map(|f| f.hash.as_str())
            .collect();
        hashes.len() == self.entries.len() && hashes.iter().all(|h| self.entries.contains_key(*h))
    }

    /// Writes the facts of this run (and only those: deleted files leave the cache), unless the
    /// cache holds exactly them already.
    pub(crate) fn save(&self, facts: &[FileFacts]) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        if self.holds_exactly(facts) {
            return Ok(());
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temporary = dir.join(format!(".facts-{}.tmp", std::process::id()));
        let written = (|| {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
            let header = Header {
                seam_cache: CACHE_FORMAT,
                key: self.key.clone(),
            };
            serde_json::to_writer(&mut out, &header)?;
            out.write_all(b"\n")?;
            for file in facts.iter().filter(|f| cacheable(f)) {
                serde_json::to_writer(&mut out, file)?;
                out.write_all(b"\n")?;
            }
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })();
        match written {
            Ok(()) => std::fs::rename(&temporary, file),
            Err(e) => {
                let _ = std::fs::remove_file(&temporary);
                Err(e)
            }
        }
    }
}

/// Facts that depend on more than the bytes (a parse that timed out, a read error) are not kept.
fn cacheable(facts: &FileFacts) -> bool {
    !facts.hash.is_empty()
        && !facts.diagnostics.iter().any(|d| {
            matches!(
                d.kind,
                DiagnosticKind::ParseTimeout | DiagnosticKind::ReadError
            )
        })
}

fn read_entries(file: &Path, key: &str) -> Option<HashMap<String, FileFacts>> {
    let mut lines = BufReader::new(std::fs::File::open(file).ok()?).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    if header
        != (Header {
            seam_cache: CACHE_FORMAT,
            key: key.to_string(),
        })
    {
        return None;
    }
    let mut entries = HashMap::new();
    for line in lines {
        // one bad line means the file is not what we wrote: trust none of it
        let facts: FileFacts = serde_json::from_str(&line.ok()?).ok()?;
        entries.insert(facts.hash.clone(), facts);
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract_facts, FactsOptions};

    fn codebase() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("lib")).unwrap();
        std::fs::write(dir.path().join("lib/A.pm"), "package A;\nuse B;\n1;\n").unwrap();
        std::fs::write(dir.path().join("lib/B.pm"), "package B;\n1;\n").unwrap();
        dir
    }

    fn options(cache: &Path, build: &str) -> FactsOptions {
        FactsOptions {
            cache: Some(CacheConfig {
                dir: cache.to_path_buf(),
                build: build.into(),
            }),
            ..FactsOptions::default()
        }
    }

    /// The one cache file in `dir`.
    fn only_file(dir: &Path) -> PathBuf {
        std::fs::read_dir(dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    }

    #[test]
    fn warm_runs_give_the_same_facts_and_see_changes() {
        let code = codebase();
        let cache = tempfile::tempdir().unwrap();
        let cold = extract_facts(code.path(), &FactsOptions::default(), &|_, _| {}).unwrap();
        let first = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let warm = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        assert_eq!(cold, first);
        assert_eq!(cold, warm);
        std::fs::write(code.path().join("lib/B.pm"), "package B;\nuse C;\n1;\n").unwrap();
        let changed = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        assert_eq!(changed[1].refs[0].target, "C");
    }

    #[test]
    fn a_corrupt_or_foreign_cache_is_ignored() {
        let code = codebase();
        let cache = tempfile::tempdir().unwrap();
        let expected = extract_facts(code.path(), &FactsOptions::default(), &|_, _| {}).unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let file = only_file(cache.path());
        // another build wrote it: not reused
        let other = extract_facts(code.path(), &options(cache.path(), "y"), &|_, _| {}).unwrap();
        assert_eq!(other, expected);
        // garbage: not reused, not a crash
        std::fs::write(&file, "{\"seam_cache\":1,\"key\":\"k\"}\nnot json\n").unwrap();
        let after = extract_facts(code.path(), &options(cache.path(), "y"), &|_, _| {}).unwrap();
        assert_eq!(after, expected);
    }

    #[test]
    fn identical_files_share_facts_but_keep_their_paths() {
        let code = codebase();
        std::fs::write(code.path().join("lib/Copy.pm"), "package B;\n1;\n").unwrap();
        let cache = tempfile::tempdir().unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let warm = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let paths: Vec<&str> = warm.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["lib/A.pm", "lib/B.pm", "lib/Copy.pm"]);
    }

    #[test]
    fn an_unchanged_codebase_does_not_rewrite_the_cache() {
        let code = codebase();
        let cache = tempfile::tempdir().unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let file = only_file(cache.path());
        // an old modification time survives only if the file is not rewritten
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let modified = |file: &Path| std::fs::metadata(file).unwrap().modified().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        assert_eq!(modified(&file), old);
        std::fs::write(code.path().join("lib/B.pm"), "package B;\nuse C;\n1;\n").unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        assert_ne!(modified(&file), old);
    }
}
