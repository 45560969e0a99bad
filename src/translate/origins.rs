//! Where each part of the stack came from. The swarm model carries no spans (it is what
//! docker reads), so translation records, for the parts later stages talk about
//! (services, constraints, ports, networks, mounts, secrets), the span of the compose or
//! site text they were made from. `check` uses it to put its findings on the line that
//! caused them.
//!
//! A project records dozens of origins per service, so the table stores each object
//! name once and keys its records by the name's number: a record costs no allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::IndexSet;

use crate::compose::NameHasher;
use crate::source::Span;

type Fast = BuildHasherDefault<NameHasher>;

/// A part of the stack: a service or a top-level object, optionally narrowed to one of
/// its fields and to one item of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin<'a> {
    /// `services`, `networks`, `volumes`, `secrets` or `configs`.
    pub section: &'static str,
    /// The key in that section.
    pub name: &'a str,
    /// A field path inside the object, such as `deploy.placement.constraints`; empty
    /// for the object itself. Service passes record `deploy`, `deploy.mode`,
    /// `deploy.replicas`, `deploy.endpoint_mode`, `deploy.restart_policy`,
    /// `deploy.placement.constraints` and `deploy.placement.preferences` (by item),
    /// `deploy.placement.max_replicas_per_node`, `deploy.resources.limits.cpus`,
    /// `.memory` and `.pids`, `deploy.resources.reservations.cpus` and `.memory`, and
    /// `deploy.resources.reservations.generic_resources` (by item); a field made from a
    /// service-level key (`cpus`, `scale`, `restart`, `platform`) points at that key's
    /// value.
    pub field: &'static str,
    /// The item of a list field.
    pub index: Option<usize>,
}

impl<'a> Origin<'a> {
    pub fn service(name: &'a str) -> Origin<'a> {
        Origin::object("services", name)
    }

    pub fn object(section: &'static str, name: &'a str) -> Origin<'a> {
        Origin {
            section,
            name,
            field: "",
            index: None,
        }
    }

    /// A field of this object.
    #[must_use]
    pub fn field(mut self, field: &'static str) -> Origin<'a> {
        self.field = field;
        self
    }

    /// An item of a list field.
    #[must_use]
    pub fn item(mut self, index: usize) -> Origin<'a> {
        self.index = Some(index);
        self
    }
}

/// The provenance table.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// Every object name recorded, once; a record refers to its name by position.
    names: IndexSet<Box<str>, Fast>,
    spans: HashMap<Key, Span, Fast>,
    /// The name interned last: a pass records several origins of one service in a row,
    /// so most records find their name here without hashing it.
    last: Option<usize>,
}

/// An [`Origin`] with its name replaced by the name's position in [`Origins::names`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    section: &'static str,
    name: usize,
    field: &'static str,
    index: Option<usize>,
}

/// Hashes the name's number, the item and the lengths of the section and the field,
/// not their text: the fields of one object have few lengths in common, so equal
/// hashes still compare few strings, and a record costs no pass over its field's text.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.name);
        state.write_usize(self.section.len() << 32 | self.field.len());
        state.write_usize(self.index.map_or(0, |i| i + 1));
    }
}

impl Origins {
    /// Records where `origin` was written; the first record wins.
    pub fn record(&mut self, origin: Origin<'_>, span: Span) {
        let key = self.intern(origin);
        self.spans.entry(key).or_insert(span);
    }

    /// Records where `origin` was written, replacing an earlier record: for a value the
    /// site profile decides over the compose file's.
    pub fn replace(&mut self, origin: Origin<'_>, span: Span) {
        let key = self.intern(origin);
        self.spans.insert(key, span);
    }

    /// Where exactly `origin` was written, if it was recorded.
    pub fn get_exact(&self, origin: &Origin<'_>) -> Option<Span> {
        self.spans.get(&self.key(origin)?).copied()
    }

    /// Where `origin` was written, or else where the closest enclosing part was: the
    /// field without its item, then the object itself.
    pub fn get(&self, origin: &Origin<'_>) -> Option<Span> {
        let mut key = self.key(origin)?;
        if let Some(span) = self.spans.get(&key) {
            return Some(*span);
        }
        if key.index.take().is_some() {
            if let Some(span) = self.spans.get(&key) {
                return Some(*span);
            }
        }
        key.field = "";
        self.spans.get(&key).copied()
    }

    fn intern(&mut self, origin: Origin<'_>) -> Key {
        let last = self
            .last
            .filter(|&i| self.names.get_index(i).is_some_and(|n| **n == *origin.name));
        let name = match last.or_else(|| self.names.get_index_of(origin.name)) {
            Some(index) => index,
            None => self.names.insert_full(origin.name.into()).0,
        };
        self.last = Some(name);
        Key {
            section: origin.section,
            name,
            field: origin.field,
            index: origin.index,
        }
    }

    fn key(&self, origin: &Origin<'_>) -> Option<Key> {
        Some(Key {
            section: origin.section,
            name: self.names.get_index_of(origin.name)?,
            field: origin.field,
            index: origin.index,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, Sources};

    #[test]
    fn lookups_fall_back_to_the_enclosing_part() {
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, "0123456789".to_owned());
        let mut origins = Origins::default();
        origins.record(Origin::service("web"), Span::new(id, 0, 3));
        let constraints = Origin::service("web").field("deploy.placement.constraints");
        origins.record(constraints.item(1), Span::new(id, 5, 7));
        assert_eq!(origins.get(&constraints.item(1)), Some(Span::new(id, 5, 7)));
        assert_eq!(origins.get(&constraints.item(0)), Some(Span::new(id, 0, 3)));
        assert_eq!(origins.get(&Origin::service("db")), None);
    }
}
