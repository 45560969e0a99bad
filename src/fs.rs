//! The seam between swarmc's stages and the file system. Stages that must read more
//! files (`extends`, `include`, `env_file`, secret files) do it through [`FileSystem`],
//! so the same pipeline runs on disk in the binary and on in-memory files in tests and
//! fuzzing.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::read::MAX_FILE_SIZE;

/// The path that stands for standard input in `-f -`.
pub const STDIN: &str = "-";

pub trait FileSystem {
    /// Reads a whole file. A directory is an error of kind `IsADirectory` or `Other`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether a file other than a directory exists at `path`. A pipe or a device
    /// counts, so that an optional file such as `.env` that is one is reported when
    /// [`FileSystem::read`] refuses it, rather than silently skipped.
    fn is_file(&self, path: &Path) -> bool;

    /// The size of the regular file at `path`, or `None` when there is none; reads no
    /// content where the file system can tell without.
    fn file_size(&self, path: &Path) -> Option<u64> {
        if !self.is_file(path) {
            return None;
        }
        self.read(path).ok().map(|bytes| bytes.len() as u64)
    }

    /// The names of the regular files directly in `dir`, sorted; empty when it cannot be
    /// read. Only for hints (an env file beside the compose file), so it reads no more
    /// than [`MAX_LISTED`] entries.
    fn file_names(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}

/// How many directory entries [`FileSystem::file_names`] looks at.
pub const MAX_LISTED: usize = 1_000;

/// The real file system; standard input is read once, up front, by the caller.
///
/// It remembers every path a stage asked about, so that the run can refuse to write
/// its output over any of them (see [`RealFs::touched`]).
#[derive(Debug, Default)]
pub struct RealFs {
    pub stdin: Option<Vec<u8>>,
    touched: RefCell<Vec<PathBuf>>,
}

impl RealFs {
    /// Every path this file system was asked to read, test or measure, in order.
    pub fn touched(&self) -> Vec<PathBuf> {
        self.touched.borrow().clone()
    }

    fn touch(&self, path: &Path) {
        if path != Path::new(STDIN) {
            self.touched.borrow_mut().push(path.to_path_buf());
        }
    }
}

/// Whether `metadata` is a file swarmc reads: a regular one, not a directory, pipe,
/// socket or device (reading a pipe would wait forever for a writer).
fn not_regular(metadata: &std::fs::Metadata) -> Option<io::Error> {
    if metadata.is_dir() {
        Some(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ))
    } else if !metadata.is_file() {
        Some(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a pipe, socket or device)",
        ))
    } else {
        None
    }
}

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if path == Path::new(STDIN) {
            return self.stdin.clone().ok_or_else(|| {
                io::Error::new(io::ErrorKind::NotFound, "standard input was not read")
            });
        }
        self.touch(path);
        // The type is checked before opening, because opening a pipe blocks until a
        // writer comes; the open itself does not wait either, in case the file was
        // replaced in between, and the opened file is checked again.
        if let Some(error) = not_regular(&std::fs::metadata(path)?) {
            return Err(error);
        }
        let file = open_nonblocking(path)?;
        let metadata = file.metadata()?;
        if let Some(error) = not_regular(&metadata) {
            return Err(error);
        }
        // Room for the whole file and the one byte that would make it too large, so
        // that reading never copies the text into a larger buffer.
        let size = metadata.len().min(MAX_FILE_SIZE as u64);
        read_bounded_into(
            file,
            Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1),
        )
    }

    fn is_file(&self, path: &Path) -> bool {
        self.touch(path);
        std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
    }

    fn file_size(&self, path: &Path) -> Option<u64> {
        self.touch(path);
        std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
    }

    fn file_names(&self, dir: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .take(MAX_LISTED)
            .filter_map(|entry| {
                let entry = entry.ok()?;
                entry.file_type().ok()?.is_file().then_some(())?;
                entry.file_name().into_string().ok()
            })
            .collect();
        names.sort();
        names
    }
}

/// Opens a file for reading without waiting for a writer, should it be a pipe.
fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads at most one byte more than [`MAX_FILE_SIZE`], so that `/dev/zero` or a huge
/// file is found too large without being read whole.
pub fn read_bounded(reader: impl io::Read) -> io::Result<Vec<u8>> {
    read_bounded_into(reader, Vec::new())
}

fn read_bounded_into(reader: impl io::Read, mut bytes: Vec<u8>) -> io::Result<Vec<u8>> {
    reader
        .take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Files held in memory, for tests and fuzzing.
#[derive(Debug, Default, Clone)]
pub struct MemoryFs {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFs {
    pub fn new() -> MemoryFs {
        MemoryFs::default()
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), content.into());
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file or directory"))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    fn file_names(&self, dir: &Path) -> Vec<String> {
        self.files
            .keys()
            .filter(|path| path.parent() == Some(dir))
            .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
            .take(MAX_LISTED)
            .collect()
    }
}

/// Joins `path` onto `base` unless it is absolute, and removes `.` and `..` lexically,
/// so that names in messages look like what the user wrote.
pub fn resolve(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    normalize(&joined)
}

/// Removes `.` components and folds `..` lexically (without touching the disk).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` (both absolute or both relative), using `..` as needed.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<_> = path.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_folds_dots() {
        assert_eq!(
            resolve(Path::new("a/b"), Path::new("../c/./d")),
            PathBuf::from("a/c/d")
        );
        assert_eq!(
            resolve(Path::new("/x"), Path::new("/abs")),
            PathBuf::from("/abs")
        );
        assert_eq!(normalize(Path::new("../a")), PathBuf::from("../a"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
    }

    #[test]
    fn relative_to_walks_up_and_down() {
        assert_eq!(
            relative_to(Path::new("/p/data"), Path::new("/p")),
            PathBuf::from("data")
        );
        assert_eq!(
            relative_to(Path::new("/p/data"), Path::new("/p/out")),
            PathBuf::from("../data")
        );
        assert_eq!(
            relative_to(Path::new("/p"), Path::new("/p")),
            PathBuf::from(".")
        );
    }
}
