//! [`Text`]: the model's string type.
//!
//! Nearly every string a compose file holds is short (variable names and values, label
//! keys, durations, mount targets, port ranges), and the model holds tens of thousands
//! of them for a large project. Storing up to 22 bytes in place instead of in a heap
//! allocation of their own removes most of the allocations lowering makes. A `Text`
//! reads like a `&str` (it dereferences to one) and compares equal to `str` and
//! `String`.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// The longest string kept in place.
const INLINE: usize = 22;

/// An immutable string, kept in place when it is short.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Text {
    pub fn new(text: &str) -> Text {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            if let Some(prefix) = bytes.get_mut(..text.len()) {
                prefix.copy_from_slice(text.as_bytes());
            }
            Text(Repr::Inline {
                len: u8::try_from(text.len()).unwrap_or(0),
                bytes,
            })
        } else {
            Text(Repr::Heap(text.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes were copied from a `str`, so they are valid UTF-8; checking
            // them again is cheap for 22 bytes and keeps the crate free of `unsafe`.
            Repr::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            Repr::Heap(text) => text,
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::new("")
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
        if text.len() <= INLINE {
            Text::new(&text)
        } else {
            Text(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::new(text)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        match text.0 {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => text.as_str().to_owned(),
        }
    }
}

/// Equal texts have the same representation (a string is kept in place exactly when
/// it is short), so comparing needs no decoding.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        match (&self.0, &other.0) {
            (Repr::Inline { len: a, bytes: x }, Repr::Inline { len: b, bytes: y }) => {
                a == b && x == y
            }
            (Repr::Heap(x), Repr::Heap(y)) => x == y,
            _ => false,
        }
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)) == Some(other.as_bytes()),
            Repr::Heap(text) => **text == *other,
        }
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self == *other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *other == *self
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *other == **self
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashes as `str` does, so maps keyed by `Text` can be searched with a `&str`.
impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
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
