//! [`Keys`]: which keys one mapping wrote, and where.

use crate::source::Span;

/// The keys written in one mapping, in written order, each with the span of the key.
/// Only keys the compose specification defines are recorded (unknown keys are errors
/// and `x-` extensions are dropped), so the names are static. A mapping has a few
/// dozen keys at most, so a list searched in order is all this needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    entries: Vec<(&'static str, Span)>,
}

impl Keys {
    pub fn new() -> Keys {
        Keys::default()
    }

    pub fn with_capacity(capacity: usize) -> Keys {
        Keys {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Records `name` at `span`, replacing an earlier record of the same key.
    pub fn insert(&mut self, name: &'static str, span: Span) {
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = span,
            None => self.entries.push((name, span)),
        }
    }

    /// The span of key `name`, when it was written.
    pub fn get(&self, name: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, span)| *span)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every key with its span, in written order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Span)> + '_ {
        self.entries.iter().copied()
    }

    /// Every key, in written order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(name, _)| *name)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
