//! What translation needs to know about files on the deploying machine, gathered before
//! it runs. Swarm secrets and configs are immutable, so a stack names each file-backed
//! one after a hash of its content: a changed file becomes a new object that the
//! services roll over to on the next deploy, instead of a deploy that fails with `only
//! updates to Labels are allowed`. Passes do no I/O, so the driver reads the files
//! through the [`FileSystem`] trait and hands passes only these facts: whether each
//! file could be read and the hash of what it holds, never the content itself.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::compose::{PathAnchor, Project};
use crate::fs::FileSystem;
use crate::site::Site;

/// How many hex digits of the SHA-256 of a file's content go into an object's name.
pub const HASH_LEN: usize = 10;

/// What reading one file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileFact {
    /// The file was read; the first [`HASH_LEN`] lowercase hex digits of the SHA-256 of
    /// its content.
    Hashed(String),
    /// No file at that path.
    Missing,
    /// Something is there but could not be read (a directory, no permission): why.
    Unreadable(String),
}

/// Facts about the files secrets and configs are made from, by absolute path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileFacts {
    files: BTreeMap<PathBuf, FileFact>,
}

impl FileFacts {
    /// Reads every file a secret or config of `project` is made from, and the files the
    /// site gives for its secrets, keeping only the hash of each.
    pub fn gather(project: &Project, site: &Site, fs: &dyn FileSystem) -> FileFacts {
        let mut facts = FileFacts::default();
        let project_files = project
            .secrets
            .values()
            .filter_map(|s| s.file.as_ref())
            .chain(project.configs.values().filter_map(|c| c.file.as_ref()))
            .filter(|file| file.value.anchor != PathAnchor::Home)
            .map(|file| file.value.path.clone());
        let site_files = site
            .secrets
            .values()
            .filter_map(|s| s.file.as_deref())
            .map(|file| site.resolve(file));
        for path in project_files.chain(site_files) {
            if let std::collections::btree_map::Entry::Vacant(entry) = facts.files.entry(path) {
                let fact = read_fact(fs, entry.key());
                entry.insert(fact);
            }
        }
        facts
    }

    /// The fact about the file at `path`, when it was gathered.
    pub fn get(&self, path: &Path) -> Option<&FileFact> {
        self.files.get(path)
    }

    /// Records a fact, for tests.
    #[cfg(test)]
    pub fn insert(&mut self, path: impl Into<PathBuf>, fact: FileFact) {
        self.files.insert(path.into(), fact);
    }
}

fn read_fact(fs: &dyn FileSystem, path: &Path) -> FileFact {
    match fs.read(path) {
        Ok(content) => FileFact::Hashed(short_hash(&content)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => FileFact::Missing,
        Err(error) if error.kind() == io::ErrorKind::IsADirectory => {
            FileFact::Unreadable("it is a directory".to_owned())
        }
        Err(error) => FileFact::Unreadable(error.to_string()),
    }
}

/// The first [`HASH_LEN`] hex digits of the SHA-256 of `content`.
pub fn short_hash(content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let mut out = String::with_capacity(HASH_LEN);
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
        if out.len() >= HASH_LEN {
            break;
        }
    }
    out.truncate(HASH_LEN);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    #[test]
    fn hashes_are_short_sha256_prefixes() {
        // sha256("") = e3b0c44298fc1c149afbf4c8996fb924...
        assert_eq!(short_hash(b""), "e3b0c44298");
        assert_eq!(short_hash(b"abc"), "ba7816bf8f");
    }

    #[test]
    fn missing_files_and_directories_are_told_apart() {
        let mut fs = MemoryFs::new();
        fs.insert("/p/s.txt", "x");
        assert!(matches!(
            read_fact(&fs, Path::new("/p/s.txt")),
            FileFact::Hashed(_)
        ));
        assert_eq!(read_fact(&fs, Path::new("/p/nope")), FileFact::Missing);
    }
}
