//! The one way lowering reads a mapping whose keys compose defines: each known key is
//! handed to the caller with its static name, unknown keys are reported with a
//! did-you-mean, `x-` extensions are skipped, and the keys written are recorded.

use super::cx::{Cx, Place};
use crate::compose::model::Keys;
use crate::yaml::Node;

/// One entry of a mapping, with the key resolved to its static name.
pub(super) struct Field<'n> {
    pub(super) name: &'static str,
    pub(super) value: &'n Node,
}

impl Field<'_> {
    /// The place of this field's value, for messages.
    pub(super) fn place(&self) -> Place<'static> {
        Place::Key(self.name)
    }
}

impl Cx<'_> {
    /// Reads `node` as a mapping whose allowed keys are `known` (sorted). Returns the keys
    /// written, or `None` after reporting when `node` is not a mapping.
    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node,
        place: Place<'_>,
        known: &'static [&'static str],
        mut each: impl FnMut(&mut Self, Field<'n>),
    ) -> Option<Keys> {
        let Some(map) = node.as_map() else {
            self.wrong_type(node, place, "a mapping");
            return None;
        };
        let mut keys = Keys::with_capacity(map.len());
        for entry in &map.entries {
            let text = entry.key.text.as_str();
            match known.binary_search(&text).ok().and_then(|i| known.get(i)) {
                Some(&name) => {
                    keys.insert(name, entry.key.span);
                    each(
                        self,
                        Field {
                            name,
                            value: &entry.value,
                        },
                    );
                }
                None if text.starts_with("x-") => {}
                None => self.unknown_key(&entry.key, place, known),
            }
        }
        Some(keys)
    }
}

#[cfg(test)]
pub(super) fn assert_sorted(table: &[&str]) {
    for pair in table.windows(2) {
        assert!(
            pair[0] < pair[1],
            "`{}` must come before `{}`",
            pair[1],
            pair[0]
        );
    }
}
