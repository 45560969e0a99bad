//! The raw YAML tree: what a file says, with the span of every key and value, before
//! anything compose-specific happens to it. Anchors, aliases and `<<` merge keys are
//! already resolved, so a node copied from an anchor keeps the span where the anchor's
//! text was written. Scalars keep their text and style; their type (string, number,
//! boolean, null) is decided by whoever reads them, because compose decides by the key.

use compact_str::CompactString;

use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub tag: Tag,
    pub kind: NodeKind,
}

/// The compose merge tags; YAML's own core tags are folded into the scalar style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    None,
    /// `!reset`: remove the value inherited from earlier files.
    Reset,
    /// `!override`: replace the inherited value instead of merging with it.
    Override,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Map),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: may be a null, a boolean or a number.
    Plain,
    /// Quoted or a block scalar (or tagged `!!str`): always a string.
    Quoted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// Short texts (most keys and values) are held inline, without an allocation.
    pub text: CompactString,
    pub style: Style,
    /// Where the values substituted into this scalar by interpolation were written
    /// (lines of `.env` files or of a site profile), so diagnostics can point there too.
    pub origins: Option<Box<Vec<Span>>>,
}

/// What a scalar means under YAML 1.2's core schema, which compose follows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalarValue<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Scalar {
    pub fn new(text: impl Into<CompactString>, style: Style) -> Scalar {
        Scalar {
            text: text.into(),
            style,
            origins: None,
        }
    }

    pub fn value(&self) -> ScalarValue<'_> {
        if self.style == Style::Quoted {
            return ScalarValue::Str(&self.text);
        }
        resolve_plain(&self.text)
    }

    pub fn is_null(&self) -> bool {
        self.value() == ScalarValue::Null
    }
}

fn resolve_plain(text: &str) -> ScalarValue<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
        "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ScalarValue::Str(text);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return ScalarValue::Int(n);
        }
    } else if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(n) = i64::from_str_radix(oct, 8) {
            return ScalarValue::Int(n);
        }
    } else if is_decimal_int(text) {
        if let Ok(n) = text.parse::<i64>() {
            return ScalarValue::Int(n);
        }
    } else if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return ScalarValue::Float(f);
        }
    }
    ScalarValue::Str(text)
}

fn is_decimal_int(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == s.len()
}

/// A mapping key. Compose keys are always strings.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub text: CompactString,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Key,
    pub value: Node,
}

/// A mapping, in the order its keys were written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    pub entries: Vec<Entry>,
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries
            .iter_mut()
            .find(|e| e.key.text == key)
            .map(|e| &mut e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.text == key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let index = self.entries.iter().position(|e| e.key.text == key)?;
        Some(self.entries.remove(index))
    }

    /// Replaces the value of `key` in place, or appends the entry.
    pub fn insert(&mut self, key: Key, value: Node) {
        match self.entries.iter_mut().find(|e| e.key.text == key.text) {
            Some(entry) => *entry = Entry { key, value },
            None => self.entries.push(Entry { key, value }),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Node)> {
        self.entries.iter().map(|e| (&e.key, &e.value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Node {
    pub fn scalar(text: impl Into<CompactString>, style: Style, span: Span) -> Node {
        Node {
            span,
            tag: Tag::None,
            kind: NodeKind::Scalar(Scalar::new(text, style)),
        }
    }

    pub fn map(map: Map, span: Span) -> Node {
        Node {
            span,
            tag: Tag::None,
            kind: NodeKind::Map(map),
        }
    }

    pub fn seq(items: Vec<Node>, span: Span) -> Node {
        Node {
            span,
            tag: Tag::None,
            kind: NodeKind::Seq(items),
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.kind {
            NodeKind::Map(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.kind {
            NodeKind::Map(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The text of a scalar that is not null, whatever its type.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()
            .filter(|s| !s.is_null())
            .map(|s| s.text.as_str())
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// How the node reads in a message: "a mapping", "a list", "a number", ...
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Map(_) => "a mapping",
            NodeKind::Seq(_) => "a list",
            NodeKind::Scalar(scalar) => match scalar.value() {
                ScalarValue::Null => "null",
                ScalarValue::Bool(_) => "a boolean",
                ScalarValue::Int(_) | ScalarValue::Float(_) => "a number",
                ScalarValue::Str(_) => "a string",
            },
        }
    }

    /// The number of nodes in this tree, itself included.
    pub fn size(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar(_) => 1,
            NodeKind::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeKind::Map(map) => 1 + map.entries.iter().map(|e| e.value.size()).sum::<usize>(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> ScalarValue<'_> {
        resolve_plain(text)
    }

    #[test]
    fn plain_scalars_follow_the_yaml_core_schema() {
        assert_eq!(plain(""), ScalarValue::Null);
        assert_eq!(plain("~"), ScalarValue::Null);
        assert_eq!(plain("true"), ScalarValue::Bool(true));
        assert_eq!(plain("yes"), ScalarValue::Str("yes"));
        assert_eq!(plain("42"), ScalarValue::Int(42));
        assert_eq!(plain("-7"), ScalarValue::Int(-7));
        assert_eq!(plain("0x1f"), ScalarValue::Int(31));
        assert_eq!(plain("0o17"), ScalarValue::Int(15));
        assert_eq!(plain("0.5"), ScalarValue::Float(0.5));
        assert_eq!(plain("1e3"), ScalarValue::Float(1000.0));
        assert_eq!(plain("3.8"), ScalarValue::Float(3.8));
        // Not sexagesimal: YAML 1.2 reads these as strings.
        assert_eq!(plain("22:22"), ScalarValue::Str("22:22"));
        assert_eq!(plain("1.2.3"), ScalarValue::Str("1.2.3"));
        assert_eq!(plain("e3"), ScalarValue::Str("e3"));
        assert_eq!(plain("."), ScalarValue::Str("."));
    }

    #[test]
    fn quoted_scalars_are_strings() {
        let scalar = Scalar::new("42", Style::Quoted);
        assert_eq!(scalar.value(), ScalarValue::Str("42"));
    }
}
