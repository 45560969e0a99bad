//! Where each value of a site profile was written, by JSON pointer. The profile is
//! validated and deserialized as JSON, which forgets positions; this map is how a
//! diagnostic about `/nodes/2/hostname`, raised by the schema, a semantic check or a
//! later stage, finds the exact key and value in the file.

use std::collections::BTreeMap;

use crate::source::Span;

/// The key and value spans of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// The key that introduced the value, when it is a mapping entry.
    pub key: Option<Span>,
    /// The value as written.
    pub value: Span,
}

impl Located {
    /// The key when there is one, else the value: where a label about an entry goes.
    pub fn key_or_value(&self) -> Span {
        self.key.unwrap_or(self.value)
    }
}

/// JSON pointer (RFC 6901) → where the value was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteSpans {
    entries: BTreeMap<String, Located>,
}

impl SiteSpans {
    pub fn new() -> SiteSpans {
        SiteSpans::default()
    }

    pub fn insert(&mut self, pointer: String, located: Located) {
        self.entries.entry(pointer).or_insert(located);
    }

    /// Where the value at `pointer` was written; `None` for values the profile does not
    /// write (defaults) and for the embedded default site's absent keys.
    pub fn get(&self, pointer: &str) -> Option<Located> {
        self.entries.get(pointer).copied()
    }

    /// The value's span at `pointer`, or the closest written ancestor's.
    pub fn nearest(&self, pointer: &str) -> Option<Located> {
        let mut current = pointer;
        loop {
            if let Some(located) = self.get(current) {
                return Some(located);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }
}

/// Builds a JSON pointer from path segments, escaping `~` and `/`.
pub fn pointer<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        push_escaped(&mut out, segment.as_ref());
    }
    out
}

/// Appends one escaped segment to a pointer.
pub fn child(parent: &str, segment: &str) -> String {
    let mut out = String::with_capacity(parent.len() + segment.len() + 1);
    out.push_str(parent);
    out.push('/');
    push_escaped(&mut out, segment);
    out
}

fn push_escaped(out: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
}

/// The unescaped segments of a pointer.
pub(super) fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// How a pointer reads in a message: `nodes[2].hostname`, `storage.nfs.shared_data`.
pub fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for segment in segments(pointer) {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_read_back() {
        let p = pointer(&["storage", "local_paths", "/srv/mongo"]);
        assert_eq!(p, "/storage/local_paths/~1srv~1mongo");
        assert_eq!(segments(&p), ["storage", "local_paths", "/srv/mongo"]);
        assert_eq!(display_path("/nodes/2/hostname"), "nodes[2].hostname");
        assert_eq!(display_path(""), "");
    }
}
