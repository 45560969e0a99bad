//! Top-level named volumes.

use super::{Keys, Mapping, Text};
use crate::spanned::Spanned;

/// A top-level volume. `volumes: {data: }` (null) is a volume with every default.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// The key under `volumes`, with its span.
    pub key: Spanned<Text>,
    pub keys: Keys,
    /// `name:`, or the deprecated `external: {name: ...}`.
    pub name: Option<Spanned<Text>>,
    pub driver: Option<Spanned<Text>>,
    pub driver_opts: Mapping,
    /// `true` also when written as `external: {name: ...}`.
    pub external: Option<Spanned<bool>>,
    pub labels: Mapping,
}

impl Volume {
    pub fn is_external(&self) -> bool {
        self.external.as_ref().is_some_and(|e| e.value)
    }
}
