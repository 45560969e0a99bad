//! Secrets and configs (top-level declarations and a service's references to them) and
//! `env_file` entries: the things a service reads from files on the deploying machine.

use super::{HostPath, Keys, Mapping, Syntax, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// A top-level secret.
#[derive(Clone, Debug, PartialEq)]
pub struct Secret {
    pub key: Spanned<Text>,
    pub keys: Keys,
    pub name: Option<Spanned<Text>>,
    pub file: Option<Spanned<HostPath>>,
    /// The name of a variable whose value is the secret.
    pub environment: Option<Spanned<Text>>,
    pub external: Option<Spanned<bool>>,
    pub labels: Mapping,
    pub driver: Option<Spanned<Text>>,
    pub driver_opts: Mapping,
    pub template_driver: Option<Spanned<Text>>,
}

/// A top-level config.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub key: Spanned<Text>,
    pub keys: Keys,
    pub name: Option<Spanned<Text>>,
    pub file: Option<Spanned<HostPath>>,
    pub environment: Option<Spanned<Text>>,
    /// The config's text, written inline.
    pub content: Option<Spanned<Text>>,
    pub external: Option<Spanned<bool>>,
    pub labels: Mapping,
    pub template_driver: Option<Spanned<Text>>,
}

impl Secret {
    pub fn is_external(&self) -> bool {
        self.external.as_ref().is_some_and(|e| e.value)
    }
}

impl Config {
    pub fn is_external(&self) -> bool {
        self.external.as_ref().is_some_and(|e| e.value)
    }
}

/// A service's use of a secret or config (`secrets: [db]` or the long form).
#[derive(Clone, Debug, PartialEq)]
pub struct FileRef {
    pub span: Span,
    pub syntax: Syntax,
    pub keys: Keys,
    /// The top-level key it refers to; checked to be declared.
    pub source: Spanned<Text>,
    /// `None` means compose's default (`/run/secrets/<source>` or `/<source>`).
    pub target: Option<Spanned<Text>>,
    pub uid: Option<Spanned<Text>>,
    pub gid: Option<Spanned<Text>>,
    /// File mode, read as octal when written as a string or with a leading `0`.
    pub mode: Option<Spanned<u32>>,
}

/// One `env_file` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvFile {
    pub span: Span,
    pub syntax: Syntax,
    pub keys: Keys,
    pub path: Spanned<HostPath>,
    /// `None` means required.
    pub required: Option<Spanned<bool>>,
    pub format: Option<Spanned<Text>>,
    /// The file's variables, in written order, filled in by `load` once the project
    /// is lowered; `None` when the file was not read (an optional file that does not
    /// exist, or one whose reading was reported).
    pub variables: Option<Vec<FileVariable>>,
}

/// One `label_file` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelFile {
    pub path: Spanned<HostPath>,
    /// The file's labels, as for [`EnvFile::variables`].
    pub labels: Option<Vec<FileVariable>>,
}

/// A variable read from an env file or a label file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileVariable {
    pub name: Text,
    pub value: Text,
    /// Where the value was written in the file; `None` when a bare name took its
    /// value from the environment swarmc runs in.
    pub origin: Option<Span>,
}

impl EnvFile {
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_none_or(|r| r.value)
    }
}
