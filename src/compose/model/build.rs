//! `build`: how to build the image. Swarm never builds, but translation needs the
//! details to explain that and to suggest an image name.

use super::{ByteSize, ExtraHost, FileRef, HostPath, Keys, Mapping, Syntax, Text, Ulimit};
use crate::source::Span;
use crate::spanned::Spanned;

/// Where the build context is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BuildContext {
    Path(HostPath),
    /// A Git repository or an HTTP(S) tarball, as written.
    Url(Text),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    pub span: Span,
    /// `build: ./dir` is [`Syntax::Short`].
    pub syntax: Syntax,
    pub keys: Keys,
    /// `None` means compose's default, the project directory.
    pub context: Option<Spanned<BuildContext>>,
    /// Relative to the context.
    pub dockerfile: Option<Spanned<Text>>,
    pub dockerfile_inline: Option<Spanned<Text>>,
    pub args: Mapping,
    pub ssh: Mapping,
    pub labels: Mapping,
    pub cache_from: Vec<Spanned<Text>>,
    pub cache_to: Vec<Spanned<Text>>,
    pub no_cache: Option<Spanned<bool>>,
    pub additional_contexts: Mapping,
    pub network: Option<Spanned<Text>>,
    pub pull: Option<Spanned<bool>>,
    pub target: Option<Spanned<Text>>,
    pub shm_size: Option<Spanned<ByteSize>>,
    pub extra_hosts: Vec<ExtraHost>,
    pub isolation: Option<Spanned<Text>>,
    pub privileged: Option<Spanned<bool>>,
    pub secrets: Vec<FileRef>,
    pub tags: Vec<Spanned<Text>>,
    pub ulimits: Vec<Ulimit>,
    pub platforms: Vec<Spanned<Text>>,
    pub entitlements: Vec<Spanned<Text>>,
}
