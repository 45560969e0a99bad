//! Where each part of the stack came from. The swarm model carries no spans (it is what
//! docker reads), so translation records, for the parts later stages talk about
//! (services, constraints, ports, networks, mounts, secrets), the span of the compose or
//! site text they were made from. `check` uses it to put its findings on the line that
//! caused them.

use indexmap::IndexMap;

use crate::source::Span;

/// A part of the stack: a service or a top-level object, optionally narrowed to one of
/// its fields and to one item of a list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// `services`, `networks`, `volumes`, `secrets` or `configs`.
    pub section: &'static str,
    /// The key in that section.
    pub name: String,
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

impl Origin {
    pub fn service(name: &str) -> Origin {
        Origin {
            section: "services",
            name: name.to_owned(),
            field: "",
            index: None,
        }
    }

    pub fn object(section: &'static str, name: &str) -> Origin {
        Origin {
            section,
            name: name.to_owned(),
            field: "",
            index: None,
        }
    }

    /// A field of this object.
    #[must_use]
    pub fn field(mut self, field: &'static str) -> Origin {
        self.field = field;
        self
    }

    /// An item of a list field.
    #[must_use]
    pub fn item(mut self, index: usize) -> Origin {
        self.index = Some(index);
        self
    }
}

/// The provenance table.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    spans: IndexMap<Origin, Span>,
}

impl Origins {
    /// Records where `origin` was written; the first record wins.
    pub fn record(&mut self, origin: Origin, span: Span) {
        self.spans.entry(origin).or_insert(span);
    }

    /// Records where `origin` was written, replacing an earlier record: for a value the
    /// site profile decides over the compose file's.
    pub fn replace(&mut self, origin: Origin, span: Span) {
        self.spans.insert(origin, span);
    }

    /// Where exactly `origin` was written, if it was recorded.
    pub fn get_exact(&self, origin: &Origin) -> Option<Span> {
        self.spans.get(origin).copied()
    }

    /// Where `origin` was written, or else where the closest enclosing part was: the
    /// field without its item, then the object itself.
    pub fn get(&self, origin: &Origin) -> Option<Span> {
        if let Some(span) = self.spans.get(origin) {
            return Some(*span);
        }
        let mut wider = origin.clone();
        if wider.index.take().is_some() {
            if let Some(span) = self.spans.get(&wider) {
                return Some(*span);
            }
        }
        wider.field = "";
        self.spans.get(&wider).copied()
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
        origins.record(constraints.clone().item(1), Span::new(id, 5, 7));
        assert_eq!(
            origins.get(&constraints.clone().item(1)),
            Some(Span::new(id, 5, 7))
        );
        assert_eq!(origins.get(&constraints.item(0)), Some(Span::new(id, 0, 3)));
        assert_eq!(origins.get(&Origin::service("db")), None);
    }
}
