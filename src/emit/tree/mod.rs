//! A compact, read-only JSON tree that the serialized stack lives in while it is
//! checked and written.
//!
//! `serde_json::Value` allocates for every string, key, list and map, and freeing it
//! again costs as much: together more than half the time of emitting a large stack.
//! Here every node of a tree sits in one vector, every member of a list or map in
//! another and every string in one buffer, and a tree is cleared and refilled for the
//! next service without allocating. The validator reads it through `schema_view`,
//! the writer through [`Item::view`].

mod serializer;

use serde::Serialize;

/// A serialized value: nodes in post-order (the root last).
#[derive(Debug, Default)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    /// The members of each list or map, contiguous per container.
    members: Vec<Member>,
    text: String,
    /// Members of the containers being built, innermost last.
    pending: Vec<Member>,
}

#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(Span),
    Array(Span),
    Object(Span),
}

/// A JSON number as serde hands it over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// A range of `text` or of `members`.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    end: u32,
}

/// One element of a list (no key) or entry of a map.
#[derive(Clone, Copy, Debug)]
struct Member {
    key: Key,
    value: u32,
}

/// A map key: a struct field's name is kept as is, other keys are copied into `text`.
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
        self.members.clear();
        self.text.clear();
        self.pending.clear();
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

    fn key(&self, key: Key) -> &str {
        match key {
            Key::None => "",
            Key::Field(name) => name,
            Key::Text(span) => self.text(span),
        }
    }

    /// Moves the members pending since `start` into place and adds their container.
    fn close(&mut self, start: usize, object: bool) -> Result<u32, Error> {
        let first = u32::try_from(self.members.len()).map_err(|_| Error::too_large())?;
        self.members.extend(self.pending.drain(start..));
        let last = u32::try_from(self.members.len()).map_err(|_| Error::too_large())?;
        let span = Span {
            start: first,
            end: last,
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
    members: &'t [Member],
}

impl<'t> Item<'t> {
    pub(super) fn view(self) -> View<'t> {
        let tree = self.tree;
        let members = |span: Span| Members {
            tree,
            members: tree
                .members
                .get(span.start as usize..span.end as usize)
                .unwrap_or(&[]),
        };
        match self.node {
            Node::Null => View::Null,
            Node::Bool(b) => View::Bool(b),
            Node::Number(n) => View::Number(n),
            Node::String(span) => View::String(tree.text(span)),
            Node::Array(span) => View::Array(members(span)),
            Node::Object(span) => View::Object(members(span)),
        }
    }

    pub(super) fn is_null(self) -> bool {
        matches!(self.node, Node::Null)
    }
}

impl<'t> Members<'t> {
    pub(super) fn len(&self) -> usize {
        self.members.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// `(key, value)` pairs; keys are empty for list elements.
    pub(super) fn iter(&self) -> Entries<'t> {
        Entries {
            tree: self.tree,
            members: self.members.iter(),
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<Item<'t>> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// The `(key, value)` pairs of [`Members`].
pub(super) struct Entries<'t> {
    tree: &'t Tree,
    members: std::slice::Iter<'t, Member>,
}

impl<'t> Iterator for Entries<'t> {
    type Item = (&'t str, Item<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        let member = self.members.next()?;
        Some((self.tree.key(member.key), self.tree.item(member.value)))
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
