//! Reading a hand-written stack file the way `docker stack deploy` reads it: a
//! stack file is a compose file, so it runs through the same pipeline as a project,
//! except that `docker stack deploy` reads no `.env` next to it.

use std::io;
use std::path::{Path, PathBuf};

use crate::fs::FileSystem;

/// A file system in which the stack's directory has no `.env`.
pub struct WithoutDotenv<'a> {
    pub inner: &'a dyn FileSystem,
    /// The `.env` file to hide.
    pub hidden: PathBuf,
}

impl FileSystem for WithoutDotenv<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if path == self.hidden {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "docker stack deploy reads no .env",
            ));
        }
        self.inner.read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path != self.hidden && self.inner.is_file(path)
    }

    fn file_size(&self, path: &Path) -> Option<u64> {
        if path == self.hidden {
            return None;
        }
        self.inner.file_size(path)
    }
}
