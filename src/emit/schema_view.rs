//! How jsonschema reads a [`Tree`]: the validator is generic over the JSON
//! representation of the instance, so a stack is checked in the same tree it is
//! written from, without a `serde_json::Value` copy.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use serde_json::Value;

use super::tree::{Entries, Item, Members, Number, Tree, Values, View};

/// The representation jsonschema validators built for trees use.
pub(super) struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = Item<'a>;
    type PreparedKey = String;
    type StringBuffer = Tree;

    // Member lookups scan the members, as a pass over them does: prefer passes for
    // small maps.
    const KEYS_PER_LOOKUP: usize = 4;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut Tree, string: &str, f: impl FnOnce(Item<'_>) -> T) -> T {
        buffer.fill_string(string);
        f(buffer.root())
    }
}

impl<'a> Node<'a, TreeJson> for Item<'a> {
    type Object = Members<'a>;
    type Array = Members<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match self.view() {
            View::Object(members) => Some(members),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Members<'a>> {
        match self.view() {
            View::Array(members) => Some(members),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self.view() {
            View::String(text) => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.view() {
            View::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.view() {
            View::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        Item::is_null(*self)
    }

    fn json_type(&self) -> JsonType {
        match self.view() {
            View::Null => JsonType::Null,
            View::Bool(_) => JsonType::Boolean,
            View::Number(_) => JsonType::Number,
            View::String(_) => JsonType::String,
            View::Array(_) => JsonType::Array,
            View::Object(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        equals(*self, expected)
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(to_value(*self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        let tree = std::ptr::from_ref::<Tree>(self.tree) as usize;
        Some(NodeIdentity::tagged(tree, self.index))
    }
}

impl<'a> Object<'a, TreeJson> for Members<'a> {
    type Node = Item<'a>;
    type MemberName = &'a str;
    type MembersIter = Entries<'a>;

    fn len(&self) -> usize {
        Members::len(self)
    }

    fn get(&self, key: &String) -> Option<Item<'a>> {
        Members::get(self, key)
    }

    fn members(&self) -> Entries<'a> {
        self.iter()
    }
}

impl<'a> Array<'a, TreeJson> for Members<'a> {
    type Node = Item<'a>;
    type ElementsIter = Values<'a>;

    fn len(&self) -> usize {
        Members::len(self)
    }

    fn elements(&self) -> Values<'a> {
        Values(self.iter())
    }

    /// Items are compared only with those of the same [`fingerprint`], so that a list
    /// of n items costs n fingerprints rather than n² comparisons.
    fn is_unique(&self) -> bool {
        let mut seen: HashMap<u64, Vec<Item<'a>>> = HashMap::with_capacity(self.len());
        for (_, item) in self.iter() {
            let bucket = seen.entry(fingerprint(item)).or_default();
            if bucket.iter().any(|other| same(*other, item)) {
                return false;
            }
            bucket.push(item);
        }
        true
    }
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Unsigned(n) => Some(n),
            Number::Negative(_) | Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Unsigned(n) => i64::try_from(n).ok(),
            Number::Negative(n) => Some(n),
            Number::Float(_) => None,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn as_f64(&self) -> Option<f64> {
        Some(match *self {
            Number::Unsigned(n) => n as f64,
            Number::Negative(n) => n as f64,
            Number::Float(f) => f,
        })
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(to_number(*self))
    }

    fn is_integer(&self) -> bool {
        match *self {
            Number::Unsigned(_) | Number::Negative(_) => true,
            Number::Float(f) => f.fract() == 0.0,
        }
    }
}

fn to_number(number: Number) -> serde_json::Number {
    match number {
        Number::Unsigned(n) => n.into(),
        Number::Negative(n) => n.into(),
        // Trees hold only finite floats.
        Number::Float(f) => serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into()),
    }
}

/// The tree node as a `serde_json::Value`, for error messages and the like.
pub(super) fn to_value(item: Item<'_>) -> Value {
    match item.view() {
        View::Null => Value::Null,
        View::Bool(b) => Value::Bool(b),
        View::Number(n) => Value::Number(to_number(n)),
        View::String(text) => Value::String(text.to_owned()),
        View::Array(members) => members.iter().map(|(_, item)| to_value(item)).collect(),
        View::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, item)| (key.to_owned(), to_value(item)))
                .collect(),
        ),
    }
}

/// A hash that is equal for items [`same`] finds equal: numbers hash by their value as
/// a float, and an object's members are combined regardless of order.
fn fingerprint(item: Item<'_>) -> u64 {
    let mut hasher = DefaultHasher::new();
    match item.view() {
        View::Null => 0u8.hash(&mut hasher),
        View::Bool(b) => (1u8, b).hash(&mut hasher),
        View::Number(n) => {
            let value = n.as_f64().unwrap_or_default();
            // -0.0 and 0.0 are the same number.
            let value = if value == 0.0 { 0.0f64 } else { value };
            (2u8, value.to_bits()).hash(&mut hasher);
        }
        View::String(text) => (3u8, text).hash(&mut hasher),
        View::Array(members) => {
            (4u8, members.len()).hash(&mut hasher);
            for (_, member) in members.iter() {
                fingerprint(member).hash(&mut hasher);
            }
        }
        View::Object(members) => {
            let combined = members.iter().fold(0u64, |sum, (key, member)| {
                let mut pair = DefaultHasher::new();
                (key, fingerprint(member)).hash(&mut pair);
                sum.wrapping_add(pair.finish())
            });
            (5u8, members.len(), combined).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// JSON equality: numbers compare by value, maps regardless of member order.
fn same(a: Item<'_>, b: Item<'_>) -> bool {
    match (a.view(), b.view()) {
        (View::Null, View::Null) => true,
        (View::Bool(x), View::Bool(y)) => x == y,
        (View::Number(x), View::Number(y)) => same_number(x, y),
        (View::String(x), View::String(y)) => x == y,
        (View::Array(x), View::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|((_, p), (_, q))| same(p, q))
        }
        (View::Object(x), View::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, p)| y.get(key).is_some_and(|q| same(p, q)))
        }
        _ => false,
    }
}

fn same_number(x: Number, y: Number) -> bool {
    match (x, y) {
        (Number::Unsigned(p), Number::Unsigned(q)) => p == q,
        (Number::Negative(p), Number::Negative(q)) => p == q,
        (Number::Unsigned(_), Number::Negative(_)) | (Number::Negative(_), Number::Unsigned(_)) => {
            false
        }
        _ => x.as_f64() == y.as_f64(),
    }
}

fn equals(item: Item<'_>, expected: &Value) -> bool {
    match (item.view(), expected) {
        (View::Null, Value::Null) => true,
        (View::Bool(x), Value::Bool(y)) => x == *y,
        (View::Number(x), Value::Number(y)) => match (x, y.as_u64(), y.as_i64()) {
            (Number::Unsigned(p), Some(q), _) => p == q,
            (Number::Negative(p), _, Some(q)) => p == q,
            _ => x.as_f64() == y.as_f64(),
        },
        (View::String(x), Value::String(y)) => x == y,
        (View::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((_, p), q)| equals(p, q))
        }
        (View::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && y.iter()
                    .all(|(key, q)| x.get(key).is_some_and(|p| equals(p, q)))
        }
        _ => false,
    }
}
