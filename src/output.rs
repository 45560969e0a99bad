//! Writing the files a run produces (`-o`, `--report-file`) without ever destroying
//! one the user owns: a run never writes over one of its own inputs, replaces a file
//! atomically (readers see the old file or the whole new one), writes through a
//! symbolic link to its target, keeps the mode and group of the file it replaces,
//! gives a new file the mode the umask allows (as `docker stack config > FILE` would),
//! and removes the temporary files a killed run left behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The name of every temporary file starts with this, then the writer's process id
/// and a dash.
const TEMP_PREFIX: &str = ".swarmc-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file older than this is stale whoever wrote it: writing one takes a
/// fraction of a second.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// The first of `inputs` that is the same file as `output` (the same device and inode,
/// so a relative path, a `..` detour, a hard link or a symbolic link all count), or
/// `None` when `output` does not exist yet or is none of them.
pub(crate) fn overwritten_input<'a>(output: &Path, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    let target = std::fs::metadata(output).ok()?;
    inputs
        .iter()
        .find(|input| std::fs::metadata(input).is_ok_and(|m| same_file(&m, &target)))
        .map(PathBuf::as_path)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Writes through a temporary file in the same directory and renames it over `path`,
/// so readers see either the old file or the complete new one, never a partial file.
/// A symbolic link at `path` is followed: its target is replaced and the link stays.
/// A device, FIFO or socket there (`-o /dev/null`, `-o /dev/stdout`) is written to as
/// the shell's `>` would, never replaced: renaming over `/dev/null` would put a
/// regular file where every program expects the null device.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = follow_links(path)?;
    if let Ok(metadata) = std::fs::metadata(&path) {
        let kind = metadata.file_type();
        if !kind.is_file() && !kind.is_dir() {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(&path)?
                .write_all(bytes);
        }
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    remove_stale_temporaries(dir);
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666, which the kernel narrows by the umask.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    if let Ok(metadata) = std::fs::metadata(&path) {
        // Keep the group and the permissions of the file being replaced, where the
        // user may set them (the group only to one of theirs); the mode last, since
        // changing the owner can clear set-id bits.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::fchown(file.as_file(), None, Some(metadata.gid()));
        }
        let _ = file.as_file().set_permissions(metadata.permissions());
    }
    file.as_file().sync_all()?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// The file a chain of symbolic links at `path` ends at (which may not exist yet);
/// `path` itself when it is no link.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // The kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// Removes the temporary files that runs killed before renaming them left in `dir`:
/// only files named as swarmc names them, owned by this user, and written by a
/// process that no longer runs or long enough ago that none still could be writing.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if !metadata.is_file() || !owned_by_us(&metadata) {
            continue;
        }
        let old = metadata
            .modified()
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old || writer_is_gone(middle) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn owned_by_us(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner of a file this process creates, compared without a system call.
    std::fs::metadata("/proc/self").is_ok_and(|me| me.uid() == metadata.uid())
}

#[cfg(not(unix))]
fn owned_by_us(_: &std::fs::Metadata) -> bool {
    true
}

/// Whether the process that named a temporary file `.swarmc-PID-…` has exited, as far
/// as `/proc` tells (without `/proc`, only age makes a file stale).
fn writer_is_gone(middle: &str) -> bool {
    let Some((pid, _)) = middle.split_once('-') else {
        return false;
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if pid == std::process::id().to_string() {
        return false;
    }
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_to_and_stays_a_fifo() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "`mkfifo` failed");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_atomically(&fifo, b"services: {}\n").unwrap();
        assert_eq!(reader.join().unwrap(), "services: {}\n");
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left beside it");
    }

    #[test]
    fn only_temporaries_of_exited_writers_are_stale() {
        assert!(!writer_is_gone("abc123"));
        assert!(!writer_is_gone(&format!("{}-x", std::process::id())));
        assert!(!writer_is_gone("1-x"), "pid 1 always runs");
        if Path::new("/proc/self").exists() {
            // Above the largest pid Linux hands out.
            assert!(writer_is_gone("4194305-abc"));
        }
    }
}
