//! [`Text`]: the model's string type.
//!
//! Nearly every string a compose file holds is short (variable names and values, label
//! keys, durations, mount targets, port ranges), and the model holds tens of thousands
//! of them for a large project. A `Text` keeps up to 24 bytes in place instead of in a
//! heap allocation of its own (it is a [`CompactString`], as the YAML tree's keys and
//! scalars are, so lowering copies a short scalar without allocating). It is
//! immutable, reads like a `&str` (it dereferences to one) and compares equal to `str`
//! and `String`.
//!
//! The stack model holds it too where a list can be as long as the input (the words of
//! `command` and `entrypoint`): it serializes, and describes itself in a schema, exactly
//! as a `String` does.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

/// An immutable string, kept in place when it is short.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(CompactString);

impl Text {
    pub fn new(text: &str) -> Text {
        Text(CompactString::new(text))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The text as a `String`, copied directly: `ToString` would go through the
    /// formatting machinery (`Display`, then `Formatter::pad`), a few hundred
    /// instructions per call, and translation makes one of these for most values.
    #[allow(clippy::inherent_to_string_shadow_display)]
    pub fn to_string(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// `Text` hashes and orders as `str` does, so maps keyed by `Text` can be searched with
/// a `&str`.
impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(CompactString::from(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::new(text)
    }
}

impl From<&CompactString> for Text {
    fn from(text: &CompactString) -> Text {
        Text(text.clone())
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.into_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        String::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_read_back_as_written() {
        for s in [
            "",
            "a",
            "exactly-twenty-two-by",
            "twenty-three-bytes-long",
            "é日本語テキスト",
            "x".repeat(100).as_str(),
        ] {
            let text = Text::new(s);
            assert_eq!(text.as_str(), s);
            assert_eq!(text, *s);
            assert_eq!(text, Text::new(s));
            assert_ne!(text, Text::new(&format!("{s}!")));
            assert_eq!(String::from(text.clone()), s);
            assert_eq!(Text::from(s.to_owned()), text);
        }
        assert_eq!(std::mem::size_of::<Text>(), 24);
    }

    #[test]
    fn texts_hash_and_order_like_strings() {
        let mut map = indexmap::IndexMap::new();
        map.insert(Text::new("web"), 1);
        map.insert(Text::new("a-rather-long-service-name-for-the-heap"), 2);
        assert_eq!(map.get("web"), Some(&1));
        assert_eq!(map.get("a-rather-long-service-name-for-the-heap"), Some(&2));
        assert!(Text::new("a") < Text::new("b"));
        assert_eq!(
            format!("{}|{:?}", Text::new("x"), Text::new("y")),
            "x|\"y\""
        );
    }
}
