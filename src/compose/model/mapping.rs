//! Compose's "list or dictionary" values (`environment`, `labels`, `sysctls`, driver
//! options, ...), which are always read into one ordered map.
//!
//! These maps are small and numerous (a few per service), so the entries are kept in a
//! plain list: looking a name up scans it, which for a few dozen names is faster than
//! hashing, and building one costs a single allocation besides the strings.

use super::{ListOrMap, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// An ordered map of names to optional values, without repeated names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    entries: Vec<MappingEntry>,
    pub form: ListOrMap,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MappingEntry {
    pub name: Text,
    /// The name as written (for the list form, the part before `=`).
    pub key: Span,
    /// `None` when only the name was written (`- KEY`, `KEY:` or `KEY: null`): for
    /// `environment` this means "take the value from the shell that deploys". Numbers
    /// and booleans keep the text they were written with (`1.10` stays `1.10`).
    pub value: Option<Spanned<Text>>,
}

impl Mapping {
    /// A mapping of `entries`, which must not repeat a name.
    pub(crate) fn from_unique(entries: Vec<MappingEntry>, form: ListOrMap) -> Mapping {
        Mapping { entries, form }
    }

    pub fn get(&self, name: &str) -> Option<&MappingEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The value of `name`, when it is set and has a value.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|e| e.value.as_ref())
            .map(|v| v.value.as_str())
    }

    /// Every entry, in written order.
    pub fn entries(&self) -> &[MappingEntry] {
        &self.entries
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &MappingEntry)> {
        self.entries.iter().map(|e| (e.name.as_str(), e))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
