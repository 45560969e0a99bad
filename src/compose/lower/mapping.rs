//! Compose's "list or dictionary" values (`environment`, `labels`, `sysctls`, build
//! `args`, ...) and plain option maps (`driver_opts`), read into [`Mapping`]s.

use super::cx::{Cx, Place, sub_span};
use super::scalar::place_key;
use crate::compose::model::{ListOrMap, Mapping, MappingEntry, NameMap, Text, name_map};
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind, ScalarValue};

impl Cx<'_> {
    /// `KEY: value` entries or `- KEY=value` items. A value may be a string, a number or
    /// a boolean (kept as written) or null (no value); `- KEY` has no value either.
    pub(super) fn mapping(&mut self, node: &Node, place: Place<'_>) -> Mapping {
        match &node.kind {
            NodeKind::Map(map) => {
                let mut mapping = Entries::with_capacity(map.len());
                for entry in &map.entries {
                    let value = match &entry.value.kind {
                        NodeKind::Scalar(scalar) => match scalar.value() {
                            ScalarValue::Null => None,
                            _ => Some(Spanned::from_node(Text::new(&scalar.text), &entry.value)),
                        },
                        _ => {
                            self.wrong_type(
                                &entry.value,
                                Place::Key(&entry.key.text),
                                "a string, a number, a boolean or null",
                            );
                            continue;
                        }
                    };
                    if entry.key.text.is_empty() {
                        self.invalid(
                            &entry.value,
                            format!("empty name in {place}"),
                            "write a name before the value",
                        );
                        continue;
                    }
                    mapping.insert(MappingEntry {
                        name: Text::new(&entry.key.text),
                        key: entry.key.span,
                        value,
                    });
                }
                mapping.finish(ListOrMap::Map)
            }
            NodeKind::Seq(items) => {
                let mut mapping = Entries::with_capacity(items.len());
                for item in items {
                    let Some(text) = self.string(item, Place::Item(place_key(place))) else {
                        continue;
                    };
                    let (name, value) = match text.value.split_once('=') {
                        Some((name, value)) => {
                            let at = name.len() + 1;
                            let value = Spanned {
                                value: Text::new(value),
                                span: sub_span(item, at, text.value.len()),
                                origins: text.origins.clone(),
                            };
                            (name, Some(value))
                        }
                        None => (text.value.as_str(), None),
                    };
                    if name.is_empty() {
                        self.invalid(
                            item,
                            format!("empty name in `{}`", text.value),
                            "write it as `NAME=value`",
                        );
                        continue;
                    }
                    mapping.insert(MappingEntry {
                        name: Text::new(name),
                        key: sub_span(item, 0, name.len()),
                        value,
                    });
                }
                mapping.finish(ListOrMap::List)
            }
            NodeKind::Scalar(_) if node.is_null() => Mapping::default(),
            NodeKind::Scalar(_) => {
                self.wrong_type(node, place, "a mapping or a list of `NAME=value` strings");
                Mapping::default()
            }
        }
    }

    /// A service's `environment`: a [`mapping`](Self::mapping) whose names hold no
    /// white space. compose-go refuses `- DEBUG = true` rather than set `DEBUG `.
    pub(super) fn environment(&mut self, node: &Node, place: Place<'_>) -> Mapping {
        let mapping = self.mapping(node, place);
        for (name, entry) in mapping.iter() {
            if name.contains(char::is_whitespace) {
                let shown = name.trim();
                let help = if shown.contains(char::is_whitespace) || shown.is_empty() {
                    "write a name without white space".to_owned()
                } else {
                    format!("remove the white space around `=`: `{shown}=...`")
                };
                self.report(
                    &crate::rules::INVALID_VALUE,
                    entry.key,
                    format!("variable name `{name}` contains white space"),
                )
                .help(help);
            }
        }
        mapping
    }

    /// A mapping of option names to strings or numbers (`driver_opts`, `ipam.options`).
    pub(super) fn options(&mut self, node: &Node, place: Place<'_>) -> Mapping {
        let Some(map) = node.as_map() else {
            if !node.is_null() {
                self.wrong_type(node, place, "a mapping");
            }
            return Mapping::default();
        };
        let mut mapping = Entries::with_capacity(map.len());
        for entry in &map.entries {
            if let Some(value) = self.text(&entry.value, Place::Key(&entry.key.text)) {
                mapping.insert(MappingEntry {
                    name: Text::new(&entry.key.text),
                    key: entry.key.span,
                    value: Some(value),
                });
            } else if entry.value.is_null() {
                self.wrong_type(
                    &entry.value,
                    Place::Key(&entry.key.text),
                    "a string or a number",
                );
            }
        }
        mapping.finish(ListOrMap::Map)
    }
}

/// Entries being collected: a later entry with the same name replaces an earlier one,
/// in the earlier one's place. Large maps get an index while they are built.
struct Entries {
    entries: Vec<MappingEntry>,
    index: Option<NameMap<usize>>,
}

/// Up to this many entries, finding a repeated name by scanning beats hashing.
const SCAN_LIMIT: usize = 32;

impl Entries {
    fn with_capacity(capacity: usize) -> Entries {
        Entries {
            entries: Vec::with_capacity(capacity),
            index: (capacity > SCAN_LIMIT).then(|| name_map(capacity)),
        }
    }

    fn insert(&mut self, entry: MappingEntry) {
        let earlier = match &mut self.index {
            Some(index) => match index.get(&entry.name) {
                Some(&at) => Some(at),
                None => {
                    index.insert(entry.name.clone(), self.entries.len());
                    None
                }
            },
            None => self.entries.iter().position(|e| e.name == entry.name),
        };
        match earlier.and_then(|at| self.entries.get_mut(at)) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
    }

    fn finish(self, form: ListOrMap) -> Mapping {
        Mapping::from_unique(self.entries, form)
    }
}
