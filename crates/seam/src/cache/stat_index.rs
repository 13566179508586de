//! Which files have not changed since a run hashed them, from their `stat` alone.
//!
//! Like git's index: per file, the path, size, modification and status-change times (ns) and
//! inode seen when its bytes were hashed, and that content hash. A warm run whose file still
//! shows the same `stat` takes the hash from here and neither reads nor hashes the file.
//!
//! The racy case (git's "racy clean"): a file changed within the timestamp granularity of the
//! `stat` recorded for it keeps the same times, and, at the same size and inode, looks unchanged.
//! So every index carries its stamp — the time the run that wrote it started looking at files,
//! before any `stat` — and an entry is trusted only when the file's last change (the later of its
//! modification and status-change times) is older than the stamp by more than
//! [`RACY_MARGIN`] (coarse file-system clocks and 1–2 s timestamps); any other entry is hashed
//! again, and the next index, with a later stamp, makes it trustworthy. The status-change time
//! cannot be set back by a program (`touch -d`, `cp -p` set the modification time only), so an
//! edit that restores the old modification time is seen too. The `stat` is taken before the
//! file is read: a write between the two leaves an entry whose times are older than the bytes
//! hashed, which the next run sees as a change.
//!
//! The file (`stat-ROOT.index`, beside the facts pack): `SEAMSTAT`, the format (u32), the stamp
//! (i64 seconds, u32 ns), the entry count (u32), then per entry, sorted by path: the path (u32
//! length, UTF-8), size (u64), modification time (i64 s, u32 ns), status-change time (i64 s, u32
//! ns), inode (u64), content hash (32 bytes); last, a BLAKE3 checksum of everything before it.
//! Written atomically (a temporary file, then rename); a missing, truncated or altered index is
//! empty: every file is read and hashed, as without one.

use super::{checksummed_body, write_checksummed, write_u32, Hash, Reader};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const MAGIC: &[u8; 8] = b"SEAMSTAT";
const FORMAT: u32 = 1;
/// How much older than the index's stamp a file's last change must be for its entry to be
/// trusted: the coarsest common timestamp granularity (2 s, FAT) plus a kernel clock tick.
pub(crate) const RACY_MARGIN: Duration = Duration::from_millis(2100);
/// Bytes of an entry after its path: size, two times, inode, hash.
const ENTRY_TAIL: usize = 8 + 12 + 12 + 8 + 32;

/// A point in time as the file system gives it: seconds and nanoseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Time {
    seconds: i64,
    nanos: u32,
}

impl Time {
    /// Now, by the system clock.
    pub(crate) fn now() -> Time {
        Time::of(SystemTime::now())
    }

    fn of(time: SystemTime) -> Time {
        match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => Time {
                seconds: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos(),
            },
            // before the epoch: as seconds (rounded down) and nanoseconds after them
            Err(before) => {
                let before = before.duration();
                let mut seconds = -i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                let mut nanos = before.subsec_nanos();
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Time { seconds, nanos }
            }
        }
    }

    fn minus(self, duration: Duration) -> Time {
        let nanos = i64::from(self.nanos) - i64::from(duration.subsec_nanos());
        let seconds = self
            .seconds
            .saturating_sub(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        if nanos < 0 {
            Time {
                seconds: seconds.saturating_sub(1),
                nanos: (nanos + 1_000_000_000) as u32,
            }
        } else {
            Time {
                seconds,
                nanos: nanos as u32,
            }
        }
    }

    fn write(self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(&self.seconds.to_le_bytes())?;
        out.write_all(&self.nanos.to_le_bytes())
    }

    fn read(bytes: &[u8]) -> Option<Time> {
        let seconds = i64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
        let nanos = u32::from_le_bytes(bytes.get(8..12)?.try_into().ok()?);
        (nanos < 1_000_000_000).then_some(Time { seconds, nanos })
    }
}

/// What `stat` says about a file: enough to tell that it has not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stat {
    size: u64,
    modified: Time,
    changed: Time,
    inode: u64,
}

impl Stat {
    /// The `stat` of a file from its metadata.
    #[cfg(unix)]
    pub(crate) fn of(metadata: &std::fs::Metadata) -> Stat {
        use std::os::unix::fs::MetadataExt;
        let time = |seconds: i64, nanos: i64| Time {
            seconds,
            nanos: u32::try_from(nanos).unwrap_or(0).min(999_999_999),
        };
        Stat {
            size: metadata.size(),
            modified: time(metadata.mtime(), metadata.mtime_nsec()),
            changed: time(metadata.ctime(), metadata.ctime_nsec()),
            inode: metadata.ino(),
        }
    }

    /// The `stat` of a file from its metadata (no inode or status-change time here: the
    /// modification time stands for both).
    #[cfg(not(unix))]
    pub(crate) fn of(metadata: &std::fs::Metadata) -> Stat {
        let modified = metadata.modified().map(Time::of).unwrap_or(Time {
            seconds: i64::MAX,
            nanos: 0,
        });
        Stat {
            size: metadata.len(),
            modified,
            changed: modified,
            inode: 0,
        }
    }

    /// The file's size in bytes.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// When the file last changed, by either of its times.
    fn last_change(&self) -> Time {
        self.modified.max(self.changed)
    }

    fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(&self.size.to_le_bytes())?;
        self.modified.write(out)?;
        self.changed.write(out)?;
        out.write_all(&self.inode.to_le_bytes())
    }

    fn read(bytes: &[u8]) -> Option<Stat> {
        Some(Stat {
            size: u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?),
            modified: Time::read(bytes.get(8..20)?)?,
            changed: Time::read(bytes.get(20..32)?)?,
            inode: u64::from_le_bytes(bytes.get(32..40)?.try_into().ok()?),
        })
    }
}

/// One file as a run saw it: its `stat` (taken before its bytes were read) and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Its `stat`.
    pub(crate) stat: Stat,
    /// The hash of its bytes.
    pub(crate) hash: Hash,
    /// Whether this run read and hashed it (not taken from the index).
    pub(crate) hashed: bool,
}

/// The content hashes of unchanged files, by path, as the last run recorded them.
pub(crate) struct StatIndex {
    file: Option<PathBuf>,
    /// The index as read (empty when there is none usable).
    data: Vec<u8>,
    /// When the run that wrote it started looking at files, less [`RACY_MARGIN`]: entries whose
    /// file changed at or after it are not trusted.
    trusted_before: Time,
    /// Each entry: the range of its path in `data` and the offset of the rest, sorted by path.
    entries: Vec<(std::ops::Range<usize>, usize)>,
}

impl StatIndex {
    /// An index that knows nothing and saves nothing.
    pub(crate) fn empty() -> Self {
        StatIndex {
            file: None,
            data: Vec::new(),
            trusted_before: Time {
                seconds: i64::MIN,
                nanos: 0,
            },
            entries: Vec::new(),
        }
    }

    /// The index of `root` in the cache directory, or an empty one when there is none usable.
    pub(crate) fn open(config: &super::CacheConfig, root: &Path) -> Self {
        let file = config.file_for(root, "stat", "index");
        let data = std::fs::read(&file).unwrap_or_default();
        let mut index = StatIndex::empty();
        if let Some((stamp, entries)) = read_entries(&data) {
            index.trusted_before = stamp.minus(RACY_MARGIN);
            index.entries = entries;
            index.data = data;
        }
        index.file = Some(file);
        index
    }

    /// The content hash of the file at `path` when its `stat` is the recorded one and the entry
    /// is not racy; `None` when it must be read and hashed.
    pub(crate) fn lookup(&self, path: &str, stat: &Stat) -> Option<Hash> {
        let at = self
            .entries
            .binary_search_by(|(name, _)| self.data[name.clone()].cmp(path.as_bytes()))
            .ok()?;
        let rest = &self.data[self.entries[at].1..][..ENTRY_TAIL];
        let recorded = Stat::read(rest)?;
        if recorded != *stat || recorded.last_change() >= self.trusted_before {
            return None;
        }
        rest[40..].try_into().ok()
    }

    /// Writes what this run saw (each file's path and [`Seen`]) with the run's `stamp` (taken
    /// before any file was looked at), unless nothing would change: no file was hashed and no
    /// entry is dropped.
    pub(crate) fn save(&self, stamp: Time, mut seen: Vec<(&str, Seen)>) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        if seen.len() == self.entries.len() && !seen.iter().any(|(_, s)| s.hashed) {
            return Ok(());
        }
        seen.sort_unstable_by(|a, b| a.0.cmp(b.0));
        seen.dedup_by(|a, b| a.0 == b.0);
        write_checksummed(file, ".stat-", |out| {
            out.write_all(MAGIC)?;
            out.write_all(&FORMAT.to_le_bytes())?;
            stamp.write(out)?;
            write_u32(out, seen.len())?;
            for (path, entry) in &seen {
                write_u32(out, path.len())?;
                out.write_all(path.as_bytes())?;
                entry.stat.write(out)?;
                out.write_all(&entry.hash)?;
            }
            Ok(())
        })
    }
}

/// The stamp and entries of an index; `None` when it is not one (wrong magic or format,
/// truncated, checksum mismatch, paths out of order).
#[allow(clippy::type_complexity)]
fn read_entries(data: &[u8]) -> Option<(Time, Vec<(std::ops::Range<usize>, usize)>)> {
    let body = checksummed_body(data)?;
    let mut reader = Reader { body, at: 0 };
    if &body[reader.take(MAGIC.len())?] != MAGIC || reader.u32()? != FORMAT as usize {
        return None;
    }
    let stamp = Time::read(&body[reader.take(12)?])?;
    let count = reader.u32()?;
    let mut entries: Vec<(std::ops::Range<usize>, usize)> =
        Vec::with_capacity(count.min(body.len() / ENTRY_TAIL));
    for _ in 0..count {
        let len = reader.u32()?;
        let path = reader.take(len)?;
        if let Some((last, _)) = entries.last() {
            if body[last.clone()] >= body[path.clone()] {
                return None;
            }
        }
        let rest = reader.take(ENTRY_TAIL)?;
        entries.push((path, rest.start));
    }
    (reader.at == body.len()).then_some((stamp, entries))
}

/// Rewrites the stamp of the index file `file` (and its checksum): as if the run that wrote it
/// had started at `stamp`.
#[cfg(test)]
pub(crate) fn restamp(file: &Path, stamp: Time) {
    let mut data = std::fs::read(file).unwrap();
    let body = data.len() - super::CHECKSUM;
    data.truncate(body);
    let mut bytes = Vec::new();
    stamp.write(&mut bytes).unwrap();
    data[12..24].copy_from_slice(&bytes);
    let checksum = blake3::hash(&data);
    data.extend_from_slice(checksum.as_bytes());
    std::fs::write(file, data).unwrap();
}

#[cfg(test)]
impl Time {
    /// `duration` after this time.
    pub(crate) fn plus(self, duration: Duration) -> Time {
        Time::of(SystemTime::UNIX_EPOCH + Duration::new(self.seconds as u64, self.nanos) + duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::CacheConfig;

    fn config(dir: &Path) -> CacheConfig {
        CacheConfig {
            dir: dir.to_path_buf(),
            build: "x".into(),
        }
    }

    fn stat(size: u64, seconds: i64, inode: u64) -> Stat {
        let time = Time { seconds, nanos: 5 };
        Stat {
            size,
            modified: time,
            changed: time,
            inode,
        }
    }

    fn seen(stat: Stat, hash: u8) -> Seen {
        Seen {
            stat,
            hash: [hash; 32],
            hashed: true,
        }
    }

    /// An index saved with `stamp` holding `entries`, opened again.
    fn saved(dir: &Path, stamp: Time, entries: Vec<(&str, Seen)>) -> StatIndex {
        let root = Path::new("/some/root");
        StatIndex::open(&config(dir), root)
            .save(stamp, entries)
            .unwrap();
        StatIndex::open(&config(dir), root)
    }

    #[test]
    fn an_entry_is_trusted_only_when_its_stat_is_the_same_and_older_than_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let old = stat(10, 1_000, 7);
        let index = saved(
            dir.path(),
            Time {
                seconds: 2_000,
                nanos: 0,
            },
            vec![("b.pm", seen(old, 2)), ("a.pm", seen(old, 1))],
        );
        assert_eq!(index.lookup("a.pm", &old), Some([1; 32]));
        assert_eq!(index.lookup("b.pm", &old), Some([2; 32]));
        assert_eq!(index.lookup("c.pm", &old), None, "not in the index");
        // any field of the stat that differs: read the file
        assert_eq!(index.lookup("a.pm", &stat(11, 1_000, 7)), None, "size");
        assert_eq!(index.lookup("a.pm", &stat(10, 1_001, 7)), None, "times");
        assert_eq!(index.lookup("a.pm", &stat(10, 1_000, 8)), None, "inode");
        let mut changed = old;
        changed.changed.nanos += 1;
        assert_eq!(index.lookup("a.pm", &changed), None, "status-change time");
    }

    #[test]
    fn a_racy_entry_is_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        // the file changed in the same second the run started: its bytes may have changed after
        // they were hashed without changing its stat
        let racy = stat(10, 1_000, 7);
        for (stamp, trusted) in [
            (
                Time {
                    seconds: 1_000,
                    nanos: 0,
                },
                false,
            ),
            (
                Time {
                    seconds: 1_000,
                    nanos: 5,
                },
                false,
            ),
            (
                Time {
                    seconds: 1_002,
                    nanos: 0,
                },
                false,
            ),
            (
                Time {
                    seconds: 1_002,
                    nanos: 100_000_005,
                },
                false,
            ),
            (
                Time {
                    seconds: 1_002,
                    nanos: 100_000_006,
                },
                true,
            ),
            (
                Time {
                    seconds: 5_000,
                    nanos: 0,
                },
                true,
            ),
        ] {
            let index = saved(dir.path(), stamp, vec![("a.pm", seen(racy, 1))]);
            assert_eq!(
                index.lookup("a.pm", &racy).is_some(),
                trusted,
                "stamp {stamp:?}"
            );
        }
        // the later of the two times counts: a modification time set back changes nothing
        let mut backdated = stat(10, 1_000, 7);
        backdated.changed = Time {
            seconds: 4_999,
            nanos: 0,
        };
        let index = saved(
            dir.path(),
            Time {
                seconds: 5_000,
                nanos: 0,
            },
            vec![("a.pm", seen(backdated, 1))],
        );
        assert_eq!(index.lookup("a.pm", &backdated), None);
    }

    #[test]
    fn a_truncated_or_altered_index_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let old = stat(10, 1_000, 7);
        let index = saved(
            dir.path(),
            Time {
                seconds: 2_000,
                nanos: 0,
            },
            vec![("a.pm", seen(old, 1)), ("lib/b.pm", seen(old, 2))],
        );
        let file = index.file.clone().unwrap();
        let data = std::fs::read(&file).unwrap();
        let root = Path::new("/some/root");
        for len in 0..data.len() {
            std::fs::write(&file, &data[..len]).unwrap();
            let opened = StatIndex::open(&config(dir.path()), root);
            assert!(opened.entries.is_empty(), "truncated to {len} bytes");
        }
        for at in 0..data.len() {
            let mut flipped = data.clone();
            flipped[at] ^= 0x04;
            std::fs::write(&file, &flipped).unwrap();
            let opened = StatIndex::open(&config(dir.path()), root);
            assert!(
                opened.lookup("a.pm", &old).is_none(),
                "a bit flipped at {at}"
            );
        }
        std::fs::write(&file, &data).unwrap();
        assert!(StatIndex::open(&config(dir.path()), root)
            .lookup("a.pm", &old)
            .is_some());
    }

    #[test]
    fn nothing_hashed_and_nothing_dropped_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let old = stat(10, 1_000, 7);
        let stamp = Time {
            seconds: 2_000,
            nanos: 0,
        };
        let index = saved(dir.path(), stamp, vec![("a.pm", seen(old, 1))]);
        let file = index.file.clone().unwrap();
        std::fs::remove_file(&file).unwrap();
        let known = Seen {
            hashed: false,
            ..seen(old, 1)
        };
        index.save(stamp, vec![("a.pm", known)]).unwrap();
        assert!(!file.exists(), "unchanged: not written");
        index.save(stamp, vec![]).unwrap();
        assert!(file.exists(), "an entry dropped: written");
    }
}
