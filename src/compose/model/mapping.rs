//! Compose's "list or dictionary" values (`environment`, `labels`, `sysctls`, driver
//! options, ...), which are always read into one ordered map.

use super::{ListOrMap, NameMap};
use crate::source::Span;
use crate::spanned::Spanned;

/// An ordered map of names to optional values. A later entry with the same name
/// replaces an earlier one, in the earlier one's place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub entries: NameMap<MappingEntry>,
    pub form: ListOrMap,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MappingEntry {
    /// The name as written (for the list form, the part before `=`).
    pub key: Span,
    /// `None` when only the name was written (`- KEY`, `KEY:` or `KEY: null`): for
    /// `environment` this means "take the value from the shell that deploys". Numbers
    /// and booleans keep the text they were written with (`1.10` stays `1.10`).
    pub value: Option<Spanned<String>>,
}

impl Mapping {
    pub fn get(&self, name: &str) -> Option<&MappingEntry> {
        self.entries.get(name)
    }

    /// The value of `name`, when it is set and has a value.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.entries
            .get(name)
            .and_then(|e| e.value.as_ref())
            .map(|v| v.value.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &MappingEntry)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
