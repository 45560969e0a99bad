//! A compact, read-only JSON tree that the serialized stack lives in while it is
//! checked and written.
//!
//! `serde_json::Value` allocates for every string, key, list and map, and freeing it
//! again costs as much: together more than half the time of emitting a large stack.
//! Here every node of a tree sits in one vector, every member of a list or map in
//! another and every string in one buffer, and a tree is cleared and refilled for the
//! next service without allocating. The validator reads it through `schema_view`,
//! the writer through [`Item::view`].
//!
//! A service's tree is as large as its longest list, which can be as long as the input
//! (`command: [a, a, ...]`, a word per three input bytes), so it is kept small: a node
//! is 12 bytes (numbers, which would make every node 16, sit in a vector of their own),
//! a list's element is the 4-byte index of its node and a map's entry 12 bytes (every
//! key, a struct field's name too, is a range of `text`).

mod serializer;

use serde::Serialize;

/// A serialized value: nodes in post-order (the root last).
#[derive(Debug, Default)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    /// The elements of each list, contiguous per list.
    elements: Vec<u32>,
    /// The entries of each map, contiguous per map.
    entries: Vec<Member>,
    /// Every string and key.
    text: String,
    /// The numbers, in the order their nodes were added.
    numbers: Vec<Number>,
    /// Elements and entries of the containers being built, innermost last.
    pending_elements: Vec<u32>,
    pending_entries: Vec<Member>,
}

#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    /// An index into `numbers`.
    Number(u32),
    String(Span),
    /// A range of `elements`.
    Array(Span),
    /// A range of `entries`.
    Object(Span),
}

/// A JSON number as serde hands it over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// A range of `text`, `elements` or `entries`.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    end: u32,
}

/// One entry of a map.
#[derive(Clone, Copy, Debug)]
struct Member {
    /// A range of `text`.
    key: Span,
    value: u32,
}

/// A map key as the serializer has it: a struct field's name, or a key already copied
/// into `text`. Both are stored as a range of `text` ([`Tree::member`]).
#[derive(Clone, Copy, Debug, Default)]
enum Key {
    #[default]
    None,
    Field(&'static str),
    Text(Span),
}

impl Tree {
    /// Empties the tree, keeping its memory for the next value.
    pub(super) fn clear(&mut self) {
        self.nodes.clear();
        self.elements.clear();
        self.entries.clear();
        self.text.clear();
        self.numbers.clear();
        self.pending_elements.clear();
        self.pending_entries.clear();
    }

    /// Replaces the content with `value`; its root is then [`Tree::root`].
    pub(super) fn fill(&mut self, value: &impl Serialize) -> Result<(), Error> {
        self.clear();
        value.serialize(&mut *self).map(|_| ())
    }

    /// Replaces the content with one string.
    pub(super) fn fill_string(&mut self, string: &str) {
        self.clear();
        let _ = self.push_string(string);
    }

    /// The value last filled in (`null` for an empty tree).
    pub(super) fn root(&self) -> Item<'_> {
        match self.nodes.last() {
            Some(&node) => Item {
                tree: self,
                index: u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX),
                node,
            },
            None => Item {
                tree: self,
                index: u32::MAX,
                node: Node::Null,
            },
        }
    }

    fn item(&self, index: u32) -> Item<'_> {
        Item {
            tree: self,
            index,
            node: self
                .nodes
                .get(index as usize)
                .copied()
                .unwrap_or(Node::Null),
        }
    }

    fn push(&mut self, node: Node) -> Result<u32, Error> {
        let index = u32::try_from(self.nodes.len()).map_err(|_| Error::too_large())?;
        self.nodes.push(node);
        Ok(index)
    }

    fn push_number(&mut self, number: Number) -> Result<u32, Error> {
        let index = u32::try_from(self.numbers.len()).map_err(|_| Error::too_large())?;
        self.numbers.push(number);
        self.push(Node::Number(index))
    }

    /// A member with `key`, which is copied into `text` unless it is there already.
    fn member(&mut self, key: Key, value: u32) -> Result<Member, Error> {
        let key = match key {
            Key::None => Span::default(),
            Key::Field(name) => self.push_text(name)?,
            Key::Text(span) => span,
        };
        Ok(Member { key, value })
    }

    fn push_text(&mut self, text: &str) -> Result<Span, Error> {
        let start = u32::try_from(self.text.len()).map_err(|_| Error::too_large())?;
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).map_err(|_| Error::too_large())?;
        Ok(Span { start, end })
    }

    fn push_string(&mut self, text: &str) -> Result<u32, Error> {
        let span = self.push_text(text)?;
        self.push(Node::String(span))
    }

    fn text(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// How many elements (of lists) or entries (of maps) are pending: where a container
    /// opened now starts.
    fn pending_len(&self, object: bool) -> usize {
        if object {
            self.pending_entries.len()
        } else {
            self.pending_elements.len()
        }
    }

    /// Adds the next member of the innermost open list (`key` is then `Key::None`) or map.
    fn add_pending(&mut self, object: bool, key: Key, value: u32) -> Result<(), Error> {
        if object {
            let member = self.member(key, value)?;
            self.pending_entries.push(member);
        } else {
            self.pending_elements.push(value);
        }
        Ok(())
    }

    /// Moves the members pending since `start` into place and adds their container.
    fn close(&mut self, start: usize, object: bool) -> Result<u32, Error> {
        let (first, last) = if object {
            let first = self.entries.len();
            self.entries.extend(self.pending_entries.drain(start..));
            (first, self.entries.len())
        } else {
            let first = self.elements.len();
            self.elements.extend(self.pending_elements.drain(start..));
            (first, self.elements.len())
        };
        let span = Span {
            start: u32::try_from(first).map_err(|_| Error::too_large())?,
            end: u32::try_from(last).map_err(|_| Error::too_large())?,
        };
        self.push(if object {
            Node::Object(span)
        } else {
            Node::Array(span)
        })
    }
}

/// A node of a tree; cheap to copy.
#[derive(Clone, Copy, Debug)]
pub(super) struct Item<'t> {
    pub(super) tree: &'t Tree,
    /// Tells nodes of one tree apart (`u32::MAX` for the root of an empty tree).
    pub(super) index: u32,
    node: Node,
}

/// What an [`Item`] holds.
pub(super) enum View<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(&'t str),
    Array(Members<'t>),
    Object(Members<'t>),
}

/// The members of a list (keys empty) or map, in order.
#[derive(Clone, Copy)]
pub(super) struct Members<'t> {
    tree: &'t Tree,
    slots: Slots<'t>,
}

#[derive(Clone, Copy)]
enum Slots<'t> {
    Elements(&'t [u32]),
    Entries(&'t [Member]),
}

impl<'t> Item<'t> {
    pub(super) fn view(self) -> View<'t> {
        let tree = self.tree;
        let range = |span: Span| span.start as usize..span.end as usize;
        let elements = |span: Span| Members {
            tree,
            slots: Slots::Elements(tree.elements.get(range(span)).unwrap_or(&[])),
        };
        let entries = |span: Span| Members {
            tree,
            slots: Slots::Entries(tree.entries.get(range(span)).unwrap_or(&[])),
        };
        match self.node {
            Node::Null => View::Null,
            Node::Bool(b) => View::Bool(b),
            Node::Number(index) => match tree.numbers.get(index as usize) {
                Some(&number) => View::Number(number),
                None => View::Null,
            },
            Node::String(span) => View::String(tree.text(span)),
            Node::Array(span) => View::Array(elements(span)),
            Node::Object(span) => View::Object(entries(span)),
        }
    }

    pub(super) fn is_null(self) -> bool {
        matches!(self.node, Node::Null)
    }
}

impl<'t> Members<'t> {
    pub(super) fn len(&self) -> usize {
        match self.slots {
            Slots::Elements(elements) => elements.len(),
            Slots::Entries(entries) => entries.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `(key, value)` pairs; keys are empty for list elements.
    pub(super) fn iter(&self) -> Entries<'t> {
        Entries {
            tree: self.tree,
            slots: self.slots,
            next: 0,
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<Item<'t>> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// The `(key, value)` pairs of [`Members`].
pub(super) struct Entries<'t> {
    tree: &'t Tree,
    slots: Slots<'t>,
    next: usize,
}

impl<'t> Iterator for Entries<'t> {
    type Item = (&'t str, Item<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        let (key, value) = match self.slots {
            Slots::Elements(elements) => ("", *elements.get(self.next)?),
            Slots::Entries(entries) => {
                let member = entries.get(self.next)?;
                (self.tree.text(member.key), member.value)
            }
        };
        self.next += 1;
        Some((key, self.tree.item(value)))
    }
}

/// The values of [`Members`].
pub(super) struct Values<'t>(pub(super) Entries<'t>);

impl<'t> Iterator for Values<'t> {
    type Item = Item<'t>;

    fn next(&mut self) -> Option<Item<'t>> {
        self.0.next().map(|(_, item)| item)
    }
}

/// Why a value cannot be put in a tree: not JSON (a map with non-string keys, bytes
/// outside a list, a 128-bit number) or more than four billion nodes.
#[derive(Debug)]
pub(super) struct Error(String);

impl Error {
    fn too_large() -> Error {
        Error("the value is too large".to_owned())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of one-letter words costs a node and an element per word: 16 bytes where
    /// it cost 48, for three bytes of input.
    #[test]
    fn nodes_and_entries_stay_small() {
        assert_eq!(std::mem::size_of::<Node>(), 12);
        assert_eq!(std::mem::size_of::<Member>(), 12);
    }

    #[test]
    fn numbers_keys_and_strings_read_back_as_filled() {
        let mut tree = Tree::default();
        let value = serde_json::json!({"a": [1, -2, 2.5, "x", null, true], "long key": {"b": 3}});
        tree.fill(&value).unwrap();
        let View::Object(entries) = tree.root().view() else {
            panic!("an object expected");
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "long key"]);
        let View::Array(items) = entries.get("a").unwrap().view() else {
            panic!("an array expected");
        };
        let seen: Vec<String> = Values(items.iter())
            .map(|item| match item.view() {
                View::Null => "null".to_owned(),
                View::Bool(b) => b.to_string(),
                View::Number(Number::Unsigned(n)) => n.to_string(),
                View::Number(Number::Negative(n)) => n.to_string(),
                View::Number(Number::Float(f)) => f.to_string(),
                View::String(s) => format!("{s:?}"),
                View::Array(_) | View::Object(_) => "container".to_owned(),
            })
            .collect();
        assert_eq!(seen, ["1", "-2", "2.5", "\"x\"", "null", "true"]);
    }
}
