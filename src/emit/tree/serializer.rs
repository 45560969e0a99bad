//! Filling a [`Tree`] from any `Serialize` value, as `serde_json::to_value` fills a
//! `Value`: the same shapes for structs, maps, enums and options, so the schema
//! sees what serde_json would show it.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Error, Key, Node, Number, Span, Tree};

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
        self.push_number(number)
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
        self.push_number(Number::Unsigned(v))
    }

    fn serialize_f32(self, v: f32) -> Result<u32, Error> {
        self.serialize_f64(f64::from(v))
    }

    /// Like JSON, a number that is not finite becomes `null`.
    fn serialize_f64(self, v: f64) -> Result<u32, Error> {
        if v.is_finite() {
            self.push_number(Number::Float(v))
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
        let start = self.pending_len(false);
        for byte in v {
            let value = self.serialize_u64(u64::from(*byte))?;
            self.add_pending(false, Key::None, value)?;
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
        let start = self.pending_len(true);
        let value = value.serialize(&mut *self)?;
        self.add_pending(true, Key::Field(variant), value)?;
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
pub(in crate::emit) struct Container<'a> {
    tree: &'a mut Tree,
    start: usize,
    object: bool,
    /// The key of a map entry whose value comes next.
    key: Key,
}

impl<'a> Container<'a> {
    fn open(tree: &'a mut Tree, object: bool) -> Container<'a> {
        let start = tree.pending_len(object);
        Container {
            tree,
            start,
            object,
            key: Key::None,
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, key: Key, value: &T) -> Result<(), Error> {
        let value = value.serialize(&mut *self.tree)?;
        self.tree.add_pending(self.object, key, value)
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
pub(in crate::emit) struct Variant<'a> {
    outer: usize,
    key: &'static str,
    inner: Container<'a>,
}

impl<'a> Variant<'a> {
    fn open(tree: &'a mut Tree, variant: &'static str, object: bool) -> Result<Variant<'a>, Error> {
        let outer = tree.pending_len(true);
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
        tree.add_pending(true, Key::Field(key), value)?;
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

/// Methods of [`KeySerializer`] for values that cannot be map keys.
macro_rules! refuse {
    ($($method:ident($($argument:ty)?)),* $(,)?) => {
        $(
            fn $method(self $(, _: $argument)?) -> Result<Span, Error> {
                Err(Self::refuse())
            }
        )*
    };
}

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

    refuse! {
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<Span, Error> {
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
