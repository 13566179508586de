//! Facts of unchanged files, reused across runs.
//!
//! A file's facts depend only on its bytes (and the extractor's version and limits), so the cache
//! is keyed by the BLAKE3 hash of the bytes. One pack file per analyzed root, in the cache
//! directory (never inside the analyzed tree), written atomically (a temporary file of its own,
//! then rename: concurrent runs never see each other's half-written files; the last rename wins).
//!
//! The pack (`facts-ROOT.pack`): `SEAMPACK`, the format (u32), the key (what facts depend on
//! besides the bytes: length u32 + UTF-8), the record count (u32), then per record the content
//! hash (32 bytes), the payload length (u32) and the payload (the facts in the binary encoding of
//! [`codec`]), and last a BLAKE3 checksum of everything before it (32 bytes). Opening reads the
//! file once and indexes the records without decoding them; a record is decoded when a file with
//! its hash is looked up (on the worker threads, in parallel). A cache that is missing,
//! unreadable, truncated, altered (checksum), or written by another build is ignored: it can only
//! cost speed, never change a result.
//!
//! Beside the pack, the [`stat_index`] says which files have not changed since the last run
//! (their `stat`), so that a warm run reads and hashes only the files that did.

mod codec;
pub(crate) mod stat_index;

use seam_perl::{DiagnosticKind, ExtractOptions, FileFacts, SCHEMA_VERSION};
use std::collections::HashMap;
use std::io::Write;
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

const MAGIC: &[u8; 8] = b"SEAMPACK";
/// The pack's layout and record encoding: 3 is the binary payload of [`codec`] (2 was JSON).
const CACHE_FORMAT: u32 = 3;
const CHECKSUM: usize = 32;
/// Records encoded at once when saving.
const SAVE_CHUNK: usize = 4096;

/// A content hash, raw.
pub(crate) type Hash = [u8; 32];

/// Facts by content hash for one root.
pub(crate) struct FactsCache {
    file: Option<PathBuf>,
    key: String,
    /// The pack as read (empty when there is none usable).
    pack: Vec<u8>,
    /// Each record's payload, by content hash: a range of `pack`.
    index: HashMap<Hash, std::ops::Range<usize>>,
    /// Why the pack could not be read, when it exists but could not (not when it is stale).
    problem: Option<String>,
}

impl FactsCache {
    /// A cache that holds nothing and saves nothing.
    pub(crate) fn empty() -> Self {
        FactsCache {
            file: None,
            key: String::new(),
            pack: Vec::new(),
            index: HashMap::new(),
            problem: None,
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
        let file = config.file_for(root, what, "pack");
        // everything facts depend on besides the bytes
        let key = format!(
            "schema {SCHEMA_VERSION}; build {}; max {}; timeout {:?}; engine {:?}; fallback {}",
            config.build,
            options.max_file_size,
            options.parse_timeout,
            options.engine,
            options.fallback_error_share
        );
        let (pack, problem) = match std::fs::read(&file) {
            Ok(pack) => (pack, None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => (
                Vec::new(),
                Some(format!("cannot read {}: {e}", file.display())),
            ),
        };
        let index = read_index(&pack, &key).unwrap_or_default();
        FactsCache {
            file: Some(file),
            key,
            pack: if index.is_empty() { Vec::new() } else { pack },
            index,
            problem,
        }
    }

    /// Why the existing cache could not be read, if it could not.
    pub(crate) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Whether the cache holds no facts at all (then looking a file up is pointless).
    pub(crate) fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The cached facts of a file whose bytes have this BLAKE3 hash (hex), under `path`.
    pub(crate) fn lookup_hash(&self, hash: &str, path: &str) -> Option<FileFacts> {
        if self.index.is_empty() {
            return None;
        }
        self.lookup_raw(blake3::Hash::from_hex(hash).ok()?.as_bytes(), path)
    }

    /// The cached facts of a file whose bytes have this hash (raw), under `path`.
    pub(crate) fn lookup_raw(&self, hash: &Hash, path: &str) -> Option<FileFacts> {
        let range = self.index.get(hash)?.clone();
        // the checksum held: a record that does not decode was written by a different shape of
        // facts under the same key (cannot happen with the schema in the key): a miss
        let mut facts: FileFacts = codec::decode(&self.pack[range]).ok()?;
        facts.path = path.to_string();
        Some(facts)
    }

    /// Whether the cache already holds exactly the facts of this run (a warm run that changed
    /// nothing need not rewrite it).
    fn holds_exactly(&self, facts: &[FileFacts]) -> bool {
        let hashes: std::collections::HashSet<Hash> = facts
            .iter()
            .filter(|f| cacheable(f))
            .filter_map(|f| blake3::Hash::from_hex(&f.hash).ok())
            .map(|h| *h.as_bytes())
            .collect();
        hashes.len() == self.index.len() && hashes.iter().all(|h| self.index.contains_key(h))
    }

    /// Writes the facts of this run (and only those: deleted files leave the cache), unless the
    /// cache holds exactly them already. A record the pack holds already is copied as it is, not
    /// encoded again (same hash, same key: same facts).
    pub(crate) fn save(&self, facts: &[FileFacts]) -> std::io::Result<()> {
        use rayon::prelude::*;
        let Some(file) = &self.file else {
            return Ok(());
        };
        if self.holds_exactly(facts) {
            return Ok(());
        }
        // one record per distinct content (identical files share facts), encoded in parallel
        let mut seen = std::collections::HashSet::new();
        let unique: Vec<(Hash, &FileFacts)> = facts
            .iter()
            .filter(|f| cacheable(f))
            .filter_map(|f| Some((*blake3::Hash::from_hex(&f.hash).ok()?.as_bytes(), f)))
            .filter(|(hash, _)| seen.insert(*hash))
            .collect();
        write_checksummed(file, ".facts-", |out| {
            out.write_all(MAGIC)?;
            out.write_all(&CACHE_FORMAT.to_le_bytes())?;
            write_u32(out, self.key.len())?;
            out.write_all(self.key.as_bytes())?;
            write_u32(out, unique.len())?;
            // encoded in parallel a chunk at a time and written as they come: the whole pack is
            // never held in memory at once
            for chunk in unique.chunks(SAVE_CHUNK) {
                let payloads: Vec<Option<Vec<u8>>> = chunk
                    .par_iter()
                    .map(|(hash, f)| {
                        if self.index.contains_key(hash) {
                            return Ok(None);
                        }
                        let mut payload = Vec::new();
                        codec::encode_into(*f, &mut payload)?;
                        Ok(Some(payload))
                    })
                    .collect::<Result<_, codec::Error>>()
                    .map_err(std::io::Error::other)?;
                for ((hash, _), payload) in chunk.iter().zip(&payloads) {
                    let payload = match payload {
                        Some(encoded) => encoded.as_slice(),
                        None => &self.pack[self.index[hash].clone()],
                    };
                    out.write_all(hash)?;
                    write_u32(out, payload.len())?;
                    out.write_all(payload)?;
                }
            }
            Ok(())
        })
    }
}

/// What the cache files are written through: buffered, checksummed as they go.
pub(crate) type CacheWriter<'a> = std::io::BufWriter<ChecksummedWriter<&'a std::fs::File>>;

/// Writes `file` atomically: `write` fills a temporary file of this run's own in the same
/// directory (concurrent writers never share one; `prefix` names its kind), then the BLAKE3
/// checksum of all it wrote is appended, the data synced, and the file renamed over `file`.
pub(crate) fn write_checksummed(
    file: &Path,
    prefix: &str,
    write: impl FnOnce(&mut CacheWriter<'_>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temporary = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let mut out = std::io::BufWriter::with_capacity(
        1 << 16,
        ChecksummedWriter {
            inner: temporary.as_file(),
            hasher: blake3::Hasher::new(),
        },
    );
    write(&mut out)?;
    let writer = out.into_inner().map_err(|e| e.into_error())?;
    let checksum = writer.hasher.finalize();
    let mut handle = writer.inner;
    handle.write_all(checksum.as_bytes())?;
    handle.sync_all()?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// A writer that hashes what passes through it.
pub(crate) struct ChecksummedWriter<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for ChecksummedWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write_u32(out: &mut impl Write, n: usize) -> std::io::Result<()> {
    let n = u32::try_from(n).map_err(|_| std::io::Error::other("cache record too large"))?;
    out.write_all(&n.to_le_bytes())
}

/// Facts that depend on more than the bytes (a parse that timed out, a read error, a file over
/// the size cap that was never read) are not kept.
fn cacheable(facts: &FileFacts) -> bool {
    !facts.hash.is_empty()
        && !facts.diagnostics.iter().any(|d| {
            matches!(
                d.kind,
                DiagnosticKind::ParseTimeout | DiagnosticKind::ReadError
            )
        })
}

/// The records of a pack written under `key`, by hash; `None` when the pack is not one (wrong
/// magic, format or key, truncated, checksum mismatch).
fn read_index(pack: &[u8], key: &str) -> Option<HashMap<Hash, std::ops::Range<usize>>> {
    let body = checksummed_body(pack)?;
    let mut reader = Reader { body, at: 0 };
    if &body[reader.take(MAGIC.len())?] != MAGIC || reader.u32()? != CACHE_FORMAT as usize {
        return None;
    }
    let key_len = reader.u32()?;
    if &body[reader.take(key_len)?] != key.as_bytes() {
        return None;
    }
    let count = reader.u32()?;
    let mut index = HashMap::with_capacity(count.min(body.len() / 40));
    for _ in 0..count {
        let hash: Hash = body[reader.take(32)?].try_into().ok()?;
        let len = reader.u32()?;
        index.insert(hash, reader.take(len)?);
    }
    (reader.at == body.len()).then_some(index)
}

/// What precedes a cache file's checksum, when the checksum holds.
fn checksummed_body(file: &[u8]) -> Option<&[u8]> {
    let body_len = file.len().checked_sub(CHECKSUM)?;
    let (body, checksum) = file.split_at(body_len);
    (blake3::hash(body).as_bytes() == checksum).then_some(body)
}

/// Reads a cache file's fields in order, never past its end.
struct Reader<'a> {
    body: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// The range of the next `n` bytes.
    fn take(&mut self, n: usize) -> Option<std::ops::Range<usize>> {
        let range = self.at..self.at.checked_add(n)?;
        self.body.get(range.clone())?;
        self.at = range.end;
        Some(range)
    }

    fn u32(&mut self) -> Option<usize> {
        let range = self.take(4)?;
        Some(u32::from_le_bytes(self.body[range].try_into().ok()?) as usize)
    }
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

    /// The one facts pack in `dir`.
    fn only_file(dir: &Path) -> PathBuf {
        let packs: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "pack"))
            .collect();
        assert_eq!(packs.len(), 1, "{packs:?}");
        packs[0].clone()
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

    /// Cold facts, and the pack a warm run leaves.
    fn filled() -> (
        tempfile::TempDir,
        tempfile::TempDir,
        Vec<FileFacts>,
        Vec<u8>,
    ) {
        let code = codebase();
        let cache = tempfile::tempdir().unwrap();
        let cold = extract_facts(code.path(), &FactsOptions::default(), &|_, _| {}).unwrap();
        extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        let pack = std::fs::read(only_file(cache.path())).unwrap();
        (code, cache, cold, pack)
    }

    #[test]
    fn a_truncated_pack_is_a_miss() {
        let (code, cache, cold, pack) = filled();
        let file = only_file(cache.path());
        let config = options(cache.path(), "x").cache.unwrap();
        let full = FactsCache::open(&config, code.path(), &ExtractOptions::default());
        assert_eq!(full.index.len(), 2, "the pack is read whole");
        for len in [
            0,
            1,
            8,
            12,
            40,
            pack.len() / 2,
            pack.len() - 33,
            pack.len() - 1,
        ] {
            std::fs::write(&file, &pack[..len]).unwrap();
            let opened = FactsCache::open(&config, code.path(), &ExtractOptions::default());
            assert!(
                opened.index.is_empty(),
                "truncated to {len} bytes: not used"
            );
            let facts = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {});
            assert_eq!(facts.unwrap(), cold, "truncated to {len} bytes");
        }
    }

    #[test]
    fn a_bit_flip_anywhere_is_a_miss() {
        let (code, cache, _, pack) = filled();
        let file = only_file(cache.path());
        let config = options(cache.path(), "x").cache.unwrap();
        for at in (0..pack.len()).step_by(7) {
            let mut flipped = pack.clone();
            flipped[at] ^= 0x10;
            std::fs::write(&file, &flipped).unwrap();
            let opened = FactsCache::open(&config, code.path(), &ExtractOptions::default());
            assert!(
                opened.index.is_empty(),
                "a bit flipped at byte {at}: not used"
            );
        }
    }

    #[test]
    fn concurrent_writers_leave_a_usable_pack() {
        let code = codebase();
        let cache = tempfile::tempdir().unwrap();
        let cold = extract_facts(code.path(), &FactsOptions::default(), &|_, _| {}).unwrap();
        let runs: Vec<Vec<FileFacts>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..10)
                .map(|i| {
                    let (code, cache) = (code.path(), cache.path());
                    scope.spawn(move || {
                        // every other run changes a file: writers disagree on the content
                        if i % 2 == 1 {
                            let text = format!("package B;\nuse C{i};\n1;\n");
                            std::fs::write(code.join(format!("lib/V{i}.pm")), text).unwrap();
                        }
                        extract_facts(code, &options(cache, "x"), &|_, _| {}).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(runs.iter().all(|facts| facts.len() >= cold.len()));
        // one pack and one stat index, no temporary files left, and a later run reads them and
        // agrees with a cold one
        let mut names: Vec<String> = std::fs::read_dir(cache.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].starts_with("facts-") && names[0].ends_with(".pack"));
        assert!(names[1].starts_with("stat-") && names[1].ends_with(".index"));
        let config = options(cache.path(), "x").cache.unwrap();
        let opened = FactsCache::open(&config, code.path(), &ExtractOptions::default());
        assert!(!opened.index.is_empty());
        let now_cold = extract_facts(code.path(), &FactsOptions::default(), &|_, _| {}).unwrap();
        let warm = extract_facts(code.path(), &options(cache.path(), "x"), &|_, _| {}).unwrap();
        assert_eq!(warm, now_cold);
    }

    #[test]
    fn an_unwritable_cache_still_answers_and_says_so() {
        let code = codebase();
        let expected = crate::extract_codebase(code.path(), &FactsOptions::default(), &|_, _| {});
        let expected = expected.unwrap();
        assert_eq!(expected.cache_note, None);
        // a cache "directory" that is a file: neither readable nor writable as one
        let blocker = tempfile::NamedTempFile::new().unwrap();
        let got = crate::extract_codebase(code.path(), &options(blocker.path(), "x"), &|_, _| {});
        let got = got.unwrap();
        assert_eq!(got.facts, expected.facts);
        let note = got.cache_note.expect("a note");
        assert!(note.contains("could not be written"), "{note}");
        assert!(note.contains("results are complete"), "{note}");
    }
}
