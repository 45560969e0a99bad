//! Builds [`Node`] trees from saphyr-parser's event stream: one pass, no recursion.
//!
//! This is where YAML's own rules are enforced, each with its own diagnostic: duplicate
//! keys, non-string keys, tags, anchors and aliases, and `<<` merge keys. It is also
//! the guard against hostile documents: nesting depth and alias expansion are measured
//! before anything is built, so a "billion laughs" document is refused after a few
//! hundred events rather than expanded.

use compact_str::CompactString;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YamlSpan, Tag as YamlTag};

use super::node::{Entry, Key, Map, Node, NodeKind, Scalar, Style, Tag};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{SourceFile, SourceId, Span};

/// The deepest nesting of collections a document may have.
pub const MAX_DEPTH: usize = 64;
/// What expanding a node costs in the alias budget: one per node, and one per
/// [`BYTES_PER_NODE`] bytes of text, so that an alias of a long string counts for what
/// copying it costs.
fn weight(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(scalar) => 1 + scalar.text.len() / BYTES_PER_NODE,
        NodeKind::Seq(items) => 1 + items.iter().map(weight).sum::<usize>(),
        NodeKind::Map(map) => {
            1 + map
                .entries
                .iter()
                .map(|e| 1 + e.key.text.len() / BYTES_PER_NODE + weight(&e.value))
                .sum::<usize>()
        }
    }
}

/// Text copied by an alias counts as one node per this many bytes.
const BYTES_PER_NODE: usize = 32;
/// Alias expansion may create this many nodes at least ...
const MIN_ALIAS_BUDGET: usize = 100_000;
/// ... or one per byte of the file, but never more than this.
const MAX_ALIAS_BUDGET: usize = 2_000_000;

/// Parses every document of a file. Returns no documents if the file is not valid YAML
/// (the reason is in `diagnostics`); never panics.
pub fn parse(file: &SourceFile, source: SourceId, diagnostics: &mut Diagnostics) -> Vec<Node> {
    let mut repaired: Option<SourceFile> = None;
    for _ in 0..MAX_FLOW_END_REPAIRS {
        let text = repaired.as_ref().unwrap_or(file);
        let mut found = Diagnostics::new();
        let documents = parse_once(text, source, &mut found);
        match flow_end_to_repair(text, &found) {
            Some(newline) => {
                let mut bytes = text.text.clone().into_bytes();
                // `\n` (and a `\r` before it) become spaces: same length, same offsets.
                bytes[newline] = b' ';
                if newline > 0 && bytes[newline - 1] == b'\r' {
                    bytes[newline - 1] = b' ';
                }
                match String::from_utf8(bytes) {
                    Ok(fixed) => repaired = Some(file.with_text(fixed)),
                    Err(_) => {
                        diagnostics.extend(found);
                        return documents;
                    }
                }
            }
            None => {
                diagnostics.extend(found);
                return documents;
            }
        }
    }
    parse_once(repaired.as_ref().unwrap_or(file), source, diagnostics)
}

/// How many closing brackets one document may have at its key's indentation.
const MAX_FLOW_END_REPAIRS: usize = 64;

/// docker's YAML reader (go-yaml) accepts a flow collection closed by a `]` or `}` at the
/// indentation of the key that holds it, which YAML forbids and saphyr refuses:
///
/// ```yaml
/// command: [
///   --wait_timeout=28800,
/// ]
/// ```
///
/// When the only error is that, at a line that starts with the closing bracket, this
/// returns the offset of the line break before it: joined to the line above, the bracket
/// means the same, since white space inside a flow collection carries nothing.
fn flow_end_to_repair(file: &SourceFile, found: &Diagnostics) -> Option<usize> {
    let error = found
        .iter()
        .find(|d| d.rule == &rules::YAML_SYNTAX && d.message.contains("invalid indentation"))?;
    let at = error.primary.as_ref()?.span.start as usize;
    let text = file.text.as_bytes();
    let line_start = text[..at.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let first = text[line_start..]
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .map(|i| line_start + i)?;
    (matches!(text.get(first), Some(b']' | b'}')) && line_start > 0).then(|| line_start - 1)
}

fn parse_once(file: &SourceFile, source: SourceId, diagnostics: &mut Diagnostics) -> Vec<Node> {
    let mut builder = Builder {
        file,
        source,
        ascii: file.text.is_ascii(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        documents: Vec::new(),
        alias_budget: file.text.len().clamp(MIN_ALIAS_BUDGET, MAX_ALIAS_BUDGET),
        diagnostics,
    };
    let mut parser = Parser::new_from_str(&file.text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => {
                if let Err(fatal) = builder.event(event, span) {
                    builder.diagnostics.push(*fatal);
                    return Vec::new();
                }
            }
            Err(error) => {
                let at = builder.offset(*error.marker());
                let span = Span::new(source, at, at);
                builder.diagnostics.push(
                    Diagnostic::new(
                        &rules::YAML_SYNTAX,
                        format!("invalid yaml: {}", error.info()),
                    )
                    .at(span)
                    .label("the parser stopped here")
                    .help("fix the indentation, quoting or brackets at this place"),
                );
                return Vec::new();
            }
        }
    }
    builder.documents
}

enum KeyState {
    Expecting,
    Have(Key),
    /// A key that cannot be used (not a scalar); its value is dropped.
    Invalid,
}

enum Frame {
    Seq {
        start: usize,
        tag: Tag,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        tag: Tag,
        anchor: usize,
        entries: Vec<Entry>,
        key: KeyState,
        /// Values of `<<` keys, in order.
        merges: Vec<Node>,
        merge_keys: Vec<Span>,
    },
}

struct Builder<'a> {
    file: &'a SourceFile,
    source: SourceId,
    ascii: bool,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    documents: Vec<Node>,
    alias_budget: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Builder<'_> {
    fn offset(&self, marker: Marker) -> usize {
        if self.ascii {
            marker.index()
        } else {
            self.file.offset_of(marker.line(), marker.col())
        }
    }

    fn span(&self, span: YamlSpan) -> Span {
        Span::new(self.source, self.offset(span.start), self.offset(span.end))
    }

    fn event(&mut self, event: Event<'_>, yaml_span: YamlSpan) -> Result<(), Box<Diagnostic>> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let span = self.span(yaml_span);
                let (tag, forced_string) = self.tag(tag.as_deref(), span);
                let style = if forced_string || style != ScalarStyle::Plain {
                    Style::Quoted
                } else {
                    Style::Plain
                };
                let node = Node {
                    span,
                    tag,
                    kind: NodeKind::Scalar(Scalar::new(text, style)),
                };
                self.complete(node, anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                let span = self.span(yaml_span);
                let (tag, _) = self.tag(tag.as_deref(), span);
                self.open(Frame::Seq {
                    start: span.start as usize,
                    tag,
                    anchor,
                    items: Vec::new(),
                })?;
            }
            Event::MappingStart(anchor, tag) => {
                let span = self.span(yaml_span);
                let (tag, _) = self.tag(tag.as_deref(), span);
                self.open(Frame::Map {
                    start: span.start as usize,
                    tag,
                    anchor,
                    entries: Vec::new(),
                    key: KeyState::Expecting,
                    merges: Vec::new(),
                    merge_keys: Vec::new(),
                })?;
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    tag,
                    anchor,
                    items,
                }) = self.stack.pop()
                {
                    let end = self.collection_end(yaml_span, items.last().map(|n| n.span));
                    let node = Node {
                        span: Span::new(self.source, start, end),
                        tag,
                        kind: NodeKind::Seq(items),
                    };
                    self.complete(node, anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    tag,
                    anchor,
                    entries,
                    merges,
                    merge_keys,
                    ..
                }) = self.stack.pop()
                {
                    let end = self.collection_end(yaml_span, entries.last().map(|e| e.value.span));
                    let span = Span::new(self.source, start, end);
                    let map = self.finish_map(entries, merges, &merge_keys);
                    self.complete(
                        Node {
                            span,
                            tag,
                            kind: NodeKind::Map(map),
                        },
                        anchor,
                    );
                }
            }
            Event::Alias(id) => {
                let span = self.span(yaml_span);
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(Box::new(
                        Diagnostic::new(&rules::YAML_SYNTAX, "invalid yaml: unknown anchor")
                            .at(span)
                            .help("define the anchor with `&name` before using it with `*name`"),
                    ));
                };
                if *size > self.alias_budget {
                    return Err(Box::new(
                        Diagnostic::new(
                            &rules::YAML_TOO_COMPLEX,
                            "aliases in this document expand to too much data",
                        )
                        .at(span)
                        .label("expanding this alias exceeds the limit")
                        .help("write the repeated data out, or nest anchors less deeply"),
                    ));
                }
                self.alias_budget -= size;
                let node = node.clone();
                self.complete(node, 0);
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
        Ok(())
    }

    /// Where a collection ends: at its closing bracket for flow style, else after its
    /// last item (a block collection's end event sits on the next token, maybe far below).
    fn collection_end(&self, end_event: YamlSpan, last_child: Option<Span>) -> usize {
        let end = self.span(end_event);
        if !end.is_empty() {
            return end.end as usize;
        }
        last_child.map_or(end.start as usize, |s| s.end as usize)
    }

    fn open(&mut self, frame: Frame) -> Result<(), Box<Diagnostic>> {
        let start = match &frame {
            Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
        };
        self.stack.push(frame);
        if self.stack.len() > MAX_DEPTH {
            return Err(Box::new(
                Diagnostic::new(
                    &rules::YAML_TOO_COMPLEX,
                    format!("this document nests deeper than {MAX_DEPTH} levels"),
                )
                .at(Span::new(self.source, start, start + 1))
                .label("too deep")
                .help("flatten the document"),
            ));
        }
        Ok(())
    }

    /// Interprets a tag: returns the compose merge tag, and whether the scalar is forced
    /// to be a string (`!!str`).
    fn tag(&mut self, tag: Option<&YamlTag>, span: Span) -> (Tag, bool) {
        let Some(tag) = tag else {
            return (Tag::None, false);
        };
        match (tag.handle.as_str(), tag.suffix.as_str()) {
            ("!", "reset") => (Tag::Reset, false),
            ("!", "override") => (Tag::Override, false),
            ("tag:yaml.org,2002:", "str") => (Tag::None, true),
            ("tag:yaml.org,2002:", "int" | "float" | "bool" | "null" | "map" | "seq") => {
                (Tag::None, false)
            }
            (handle, suffix) => {
                let written = if handle == "tag:yaml.org,2002:" {
                    format!("!!{suffix}")
                } else {
                    format!("{handle}{suffix}")
                };
                let mut diagnostic =
                    Diagnostic::new(&rules::YAML_UNKNOWN_TAG, format!("unknown tag `{written}`"))
                        .at(span.slice(0, written.len()));
                if let Some(suggestion) =
                    crate::suggest::did_you_mean(&written, &["!reset", "!override"])
                {
                    diagnostic = diagnostic.help(format!("did you mean `{suggestion}`?"));
                } else {
                    diagnostic = diagnostic.help("compose knows the tags `!reset` and `!override`");
                }
                self.diagnostics.push(diagnostic);
                (Tag::None, false)
            }
        }
    }

    /// Hands a finished node to its parent (or makes it a document).
    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = weight(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                merges,
                merge_keys,
                ..
            }) => match std::mem::replace(key, KeyState::Expecting) {
                KeyState::Expecting => {
                    *key = match node.kind {
                        NodeKind::Scalar(scalar) => {
                            if scalar.style == Style::Plain && scalar.text == "<<" {
                                merge_keys.push(node.span);
                            }
                            KeyState::Have(Key {
                                text: scalar.text,
                                span: node.span,
                            })
                        }
                        _ => {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    &rules::YAML_SYNTAX,
                                    "mapping keys must be strings",
                                )
                                .at(node.span)
                                .help("compose only uses plain string keys"),
                            );
                            KeyState::Invalid
                        }
                    };
                }
                KeyState::Have(k) => {
                    if merge_keys.last() == Some(&k.span) {
                        merges.push(node);
                    } else {
                        entries.push(Entry {
                            key: k,
                            value: node,
                        });
                    }
                }
                KeyState::Invalid => {}
            },
        }
    }

    /// Reports duplicate keys and applies `<<` merge keys: explicit keys win, and among
    /// merged maps the earlier one wins.
    fn finish_map(&mut self, entries: Vec<Entry>, merges: Vec<Node>, merge_keys: &[Span]) -> Map {
        let mut map = if has_duplicate_keys(&entries) {
            self.without_duplicates(entries)
        } else {
            // Nearly every map: keep the entries where they are, without the room the
            // vector grew for.
            let mut entries = entries;
            entries.shrink_to_fit();
            Map { entries }
        };
        if let [first, rest @ ..] = merge_keys {
            for extra in rest {
                let key = Key {
                    text: "<<".into(),
                    span: *extra,
                };
                self.diagnostics.push(
                    duplicate(&key, *first).help("merge several anchors with `<<: [*a, *b]`"),
                );
            }
        }
        let Some(merge) = merges.into_iter().next() else {
            return map;
        };
        let sources: Vec<Node> = match merge.kind {
            NodeKind::Map(_) => vec![merge],
            NodeKind::Seq(items) => items,
            NodeKind::Scalar(_) => {
                self.push_bad_merge(merge.span);
                return map;
            }
        };
        for source in sources {
            let NodeKind::Map(source_map) = source.kind else {
                self.push_bad_merge(source.span);
                continue;
            };
            for entry in source_map.entries {
                if !map.contains_key(&entry.key.text) {
                    map.entries.push(entry);
                }
            }
        }
        map
    }

    /// The entries without the repeated keys, each reported; the first one counts.
    fn without_duplicates(&mut self, entries: Vec<Entry>) -> Map {
        let mut map = Map {
            entries: Vec::with_capacity(entries.len()),
        };
        let mut seen: HashMap<CompactString, Span> = HashMap::with_capacity(entries.len());
        for entry in entries {
            if let Some(&first) = seen.get(&entry.key.text) {
                self.diagnostics.push(duplicate(&entry.key, first));
                continue;
            }
            seen.insert(entry.key.text.clone(), entry.key.span);
            map.entries.push(entry);
        }
        map
    }

    fn push_bad_merge(&mut self, span: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                &rules::YAML_SYNTAX,
                "a `<<` merge key needs a mapping or a list of mappings",
            )
            .at(span)
            .help("point `<<` at an anchored mapping, as in `<<: *defaults`"),
        );
    }
}

fn duplicate(key: &Key, first: Span) -> Diagnostic {
    Diagnostic::new(
        &rules::DUPLICATE_KEY,
        format!("duplicate key `{}`", key.text),
    )
    .at(key.span)
    .label("defined again here")
    .also(first, "first defined here")
    .help("keep one of the two entries")
}

/// Whether two entries share a key: by pairs for small maps, by a set for larger ones.
fn has_duplicate_keys(entries: &[Entry]) -> bool {
    if entries.len() <= 8 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, e)| entries[..i].iter().any(|f| f.key.text == e.key.text));
    }
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    entries.iter().any(|e| !seen.insert(e.key.text.as_str()))
}
