//! A compact, read-only JSON tree that the serialized stack lives in while it is
//! checked and written.
//!
//! `serde_json::Value` allocates for every string, key, list and map, and freeing it
//! again costs as much: together more than half the time of emitting a large stack.
//! Here every node of a tree sits in one vector, every member of a list or map in
//! another and every string in one buffer, and a tree is cleared and refilled for the
//! next service without allocating. The validator reads it through `schema_view`,
//! the writer through [`Item::view`].

use serde::Serialize;
use serde::ser::{self, Impossible};

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

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

/// Serializing into a tree returns the index of the value's node.
impl<'a> ser::Serializer for &'a mut Tree {
    type Ok = u32;
    type Error = Error;
    type SerializeSeq = Container<'a>;
    type SerializeTuple = Container<'a>;
    type SerializeTupleStruct = Container<'a>;
    type SerializeTupleVariant = Variant<'a>;
    type SerializeMap = Container<'a>;
    type SerializeStruct = Container<'a>;
    type SerializeStructVariant = Variant<'a>;

    fn serialize_bool(self, v: bool) -> Result<u32, Error> {
        self.push(Node::Bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<u32, Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<u32, Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<u32, Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<u32, Error> {
        let number = match u64::try_from(v) {
            Ok(unsigned) => Number::Unsigned(unsigned),
            Err(_) => Number::Negative(v),
        };
        self.push(Node::Number(number))
    }

    fn serialize_u8(self, v: u8) -> Result<u32, Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<u32, Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<u32, Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<u32, Error> {
        self.push(Node::Number(Number::Unsigned(v)))
    }

    fn serialize_f32(self, v: f32) -> Result<u32, Error> {
        self.serialize_f64(f64::from(v))
    }

    /// Like JSON, a number that is not finite becomes `null`.
    fn serialize_f64(self, v: f64) -> Result<u32, Error> {
        if v.is_finite() {
            self.push(Node::Number(Number::Float(v)))
        } else {
            self.push(Node::Null)
        }
    }

    fn serialize_char(self, v: char) -> Result<u32, Error> {
        self.push_string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<u32, Error> {
        self.push_string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<u32, Error> {
        let start = self.pending.len();
        for byte in v {
            let value = self.serialize_u64(u64::from(*byte))?;
            self.pending.push(Member {
                key: Key::None,
                value,
            });
        }
        self.close(start, false)
    }

    fn serialize_none(self) -> Result<u32, Error> {
        self.push(Node::Null)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<u32, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<u32, Error> {
        self.push(Node::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<u32, Error> {
        self.push(Node::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<u32, Error> {
        self.push_string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<u32, Error> {
        value.serialize(self)
    }

    /// `{variant: value}`, as serde_json writes an externally tagged variant.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<u32, Error> {
        let start = self.pending.len();
        let value = value.serialize(&mut *self)?;
        self.pending.push(Member {
            key: Key::Field(variant),
            value,
        });
        self.close(start, true)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Container<'a>, Error> {
        Ok(Container::open(self, false))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Container<'a>, Error> {
        Ok(Container::open(self, false))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Container<'a>, Error> {
        Ok(Container::open(self, false))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a>, Error> {
        Variant::open(self, variant, false)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Container<'a>, Error> {
        Ok(Container::open(self, true))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Container<'a>, Error> {
        Ok(Container::open(self, true))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a>, Error> {
        Variant::open(self, variant, true)
    }
}

/// A list or map being filled.
pub(super) struct Container<'a> {
    tree: &'a mut Tree,
    start: usize,
    object: bool,
    /// The key of a map entry whose value comes next.
    key: Key,
}

impl<'a> Container<'a> {
    fn open(tree: &'a mut Tree, object: bool) -> Container<'a> {
        let start = tree.pending.len();
        Container {
            tree,
            start,
            object,
            key: Key::None,
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, key: Key, value: &T) -> Result<(), Error> {
        let value = value.serialize(&mut *self.tree)?;
        self.tree.pending.push(Member { key, value });
        Ok(())
    }

    fn close(self) -> Result<u32, Error> {
        self.tree.close(self.start, self.object)
    }
}

impl ser::SerializeSeq for Container<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(Key::None, value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Container<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(Key::None, value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Container<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(Key::None, value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

impl ser::SerializeMap for Container<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Key::Text(key.serialize(KeySerializer(self.tree))?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.key);
        self.element(key, value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

impl ser::SerializeStruct for Container<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.element(Key::Field(key), value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

/// `{variant: [...]}` or `{variant: {...}}`, as serde_json writes them.
pub(super) struct Variant<'a> {
    outer: usize,
    key: &'static str,
    inner: Container<'a>,
}

impl<'a> Variant<'a> {
    fn open(tree: &'a mut Tree, variant: &'static str, object: bool) -> Result<Variant<'a>, Error> {
        let outer = tree.pending.len();
        Ok(Variant {
            outer,
            key: variant,
            inner: Container::open(tree, object),
        })
    }

    fn close(self) -> Result<u32, Error> {
        let Variant { outer, key, inner } = self;
        let tree = inner.tree;
        let value = tree.close(inner.start, inner.object)?;
        tree.pending.push(Member {
            key: Key::Field(key),
            value,
        });
        tree.close(outer, true)
    }
}

impl ser::SerializeTupleVariant for Variant<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.element(Key::None, value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Variant<'_> {
    type Ok = u32;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.element(Key::Field(key), value)
    }

    fn end(self) -> Result<u32, Error> {
        self.close()
    }
}

/// Map keys must be strings (or unit variants, which serialize as their names).
struct KeySerializer<'a>(&'a mut Tree);

impl KeySerializer<'_> {
    fn refuse() -> Error {
        Error("a map key is not a string".to_owned())
    }
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = Span;
    type Error = Error;
    type SerializeSeq = Impossible<Span, Error>;
    type SerializeTuple = Impossible<Span, Error>;
    type SerializeTupleStruct = Impossible<Span, Error>;
    type SerializeTupleVariant = Impossible<Span, Error>;
    type SerializeMap = Impossible<Span, Error>;
    type SerializeStruct = Impossible<Span, Error>;
    type SerializeStructVariant = Impossible<Span, Error>;

    fn serialize_str(self, v: &str) -> Result<Span, Error> {
        self.0.push_text(v)
    }

    fn serialize_char(self, v: char) -> Result<Span, Error> {
        self.0.push_text(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Span, Error> {
        self.0.push_text(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Span, Error> {
        value.serialize(self)
    }

    fn serialize_bool(self, _v: bool) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_i8(self, _v: i8) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_i16(self, _v: i16) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_i32(self, _v: i32) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_i64(self, _v: i64) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_u8(self, _v: u8) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_u16(self, _v: u16) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_u32(self, _v: u32) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_u64(self, _v: u64) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_f32(self, _v: f32) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_f64(self, _v: f64) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_none(self) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_unit(self) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Span, Error> {
        Err(Self::refuse())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Self::refuse())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Self::refuse())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Self::refuse())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Self::refuse())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Self::refuse())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(Self::refuse())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Self::refuse())
    }
}
