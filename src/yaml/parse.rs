//! Builds [`Node`] trees from a stream of events (a [`Sink`]'s calls), one pass, no
//! recursion: from our own scanner where it takes the text, else from saphyr-parser.
//!
//! This is where YAML's own rules are enforced, each with its own diagnostic: duplicate
//! keys, non-string keys, tags, anchors and aliases, and `<<` merge keys. It is also
//! the guard against hostile documents: nesting depth and alias expansion are measured
//! before anything is built, so a "billion laughs" document is refused after a few
//! hundred events rather than expanded.

use compact_str::CompactString;
use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YamlSpan};

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
    let mut found = Diagnostics::new();
    if let Some(documents) = parse_fast(file, source, &mut found) {
        diagnostics.extend(found);
        return documents;
    }
    parse_reference(file, source, diagnostics)
}

/// [`parse`] through our own scanner alone: `None` where it declines the file.
pub fn parse_fast(
    file: &SourceFile,
    source: SourceId,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Node>> {
    let mut builder = Builder::new(file, source, diagnostics);
    super::fast::feed(&file.text, &mut builder).ok()?;
    Some(builder.documents)
}

/// [`parse`] through saphyr-parser alone, the reference the fast path is held to.
pub fn parse_reference(
    file: &SourceFile,
    source: SourceId,
    diagnostics: &mut Diagnostics,
) -> Vec<Node> {
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
    let mut builder = Builder::new(file, source, diagnostics);
    match feed_reference(file, &mut builder) {
        Ok(()) => builder.documents,
        Err(Stop::Fatal(fatal)) => {
            builder.diagnostics.push(*fatal);
            Vec::new()
        }
        Err(Stop::Syntax { at, info }) => {
            let diagnostic = Diagnostic::new(&rules::YAML_SYNTAX, format!("invalid yaml: {info}"));
            let diagnostic = match tab_near(&file.text, at).filter(|_| info.contains("tab")) {
                Some(tab) => diagnostic
                    .at(Span::new(source, tab, tab + 1))
                    .label("a tab")
                    .help("indent with spaces: YAML does not allow tabs in indentation"),
                None => diagnostic
                    .at(Span::new(source, at, at))
                    .label("the parser stopped here")
                    .help("fix the indentation, quoting or brackets at this place"),
            };
            builder.diagnostics.push(diagnostic);
            Vec::new()
        }
    }
}

/// The first tab from the start of the line holding `at` to the end of the next line:
/// the parser reports a tab where it stopped, which can be the end of the line before
/// the tab's, and an editor shows a tab as blanks.
fn tab_near(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut end = start;
    for _ in 0..2 {
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    }
    text[start..end].find('\t').map(|i| start + i)
}

/// What ends a pass over a document's events early.
pub(super) enum Stop {
    /// The tree builder refused the document (too deep, aliases expand too far).
    Fatal(Box<Diagnostic>),
    /// saphyr-parser found the text is not YAML, at this byte offset.
    Syntax { at: usize, info: String },
}

/// Receives a document's events, with byte offsets; both front ends drive one.
///
/// A tag is its handle and suffix, as saphyr-parser resolves them (`!!str` is
/// `tag:yaml.org,2002:` and `str`). An end event's range is empty where the collection
/// has no closing bracket.
pub(super) trait Sink {
    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        quoted: bool,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>>;
    fn seq_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>>;
    fn map_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>>;
    fn seq_end(&mut self, range: (usize, usize));
    fn map_end(&mut self, range: (usize, usize));
    fn alias(&mut self, id: usize, range: (usize, usize)) -> Result<(), Box<Diagnostic>>;
}

/// Runs saphyr-parser over a file and hands its events to `sink`.
pub(super) fn feed_reference(file: &SourceFile, sink: &mut impl Sink) -> Result<(), Stop> {
    let ascii = file.text.is_ascii();
    let offset = |marker: Marker| {
        if ascii {
            marker.index()
        } else {
            file.offset_of(marker.line(), marker.col())
        }
    };
    let range = |span: YamlSpan| (offset(span.start), offset(span.end));
    let mut parser = Parser::new_from_str(&file.text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| Stop::Syntax {
            at: offset(*error.marker()),
            info: error.info().to_owned(),
        })?;
        match event {
            Event::Scalar(text, style, anchor, tag) => sink.scalar(
                text,
                style != ScalarStyle::Plain,
                anchor,
                tag.as_deref()
                    .map(|t| (t.handle.as_str(), t.suffix.as_str())),
                range(span),
            ),
            Event::SequenceStart(anchor, tag) => sink.seq_start(
                anchor,
                tag.as_deref()
                    .map(|t| (t.handle.as_str(), t.suffix.as_str())),
                range(span),
            ),
            Event::MappingStart(anchor, tag) => sink.map_start(
                anchor,
                tag.as_deref()
                    .map(|t| (t.handle.as_str(), t.suffix.as_str())),
                range(span),
            ),
            Event::SequenceEnd => {
                sink.seq_end(range(span));
                Ok(())
            }
            Event::MappingEnd => {
                sink.map_end(range(span));
                Ok(())
            }
            Event::Alias(id) => sink.alias(id, range(span)),
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => Ok(()),
        }
        .map_err(Stop::Fatal)?;
    }
    Ok(())
}

enum KeyState {
    Expecting,
    Have(Key),
    /// A key that cannot be used (not a scalar); its value is dropped.
    Invalid,
}

/// A collection being built. Its children wait in the builder's shared `items` or
/// `entries`, from `first` on, and move into a vector of their exact size when it
/// ends: one allocation per collection, instead of a vector grown by doubling and
/// then shrunk.
enum Frame {
    Seq {
        start: usize,
        tag: Tag,
        anchor: usize,
        first: usize,
    },
    Map {
        start: usize,
        tag: Tag,
        anchor: usize,
        first: usize,
        key: KeyState,
        /// The keys of a map past [`SCAN_KEYS`] entries, with where each was first
        /// written, for finding a repeated key without scanning every entry.
        index: Option<HashMap<CompactString, Span>>,
        /// Values of `<<` keys, in order.
        merges: Vec<Node>,
        merge_keys: Vec<Span>,
    },
}

/// A collection this large that holds everything the shared vector holds takes that
/// vector itself instead of a copy: a copy would put the list in memory three times
/// over (the shared vector's doubled capacity and the copy) for a long flow list.
const TAKE_WHOLE: usize = 4096;

/// The children from `first` on, moved out of the builder's shared vector.
fn take_from<T>(shared: &mut Vec<T>, first: usize) -> Vec<T> {
    if first == 0 && shared.len() >= TAKE_WHOLE {
        let mut whole = std::mem::take(shared);
        // Large blocks are remapped in place rather than copied.
        whole.shrink_to_fit();
        return whole;
    }
    shared.drain(first..).collect()
}

/// Up to this many entries, a map finds a repeated key by comparing with each entry;
/// a larger one keeps an index of its keys.
const SCAN_KEYS: usize = 16;

struct Builder<'a> {
    source: SourceId,
    stack: Vec<Frame>,
    /// The items of the open sequences, innermost last.
    items: Vec<Node>,
    /// The entries of the open maps, innermost last; a repeated key is reported, and
    /// left out, as its entry arrives.
    entries: Vec<Entry>,
    anchors: HashMap<usize, (Node, usize)>,
    documents: Vec<Node>,
    alias_budget: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Sink for Builder<'_> {
    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        quoted: bool,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        let span = self.span(range);
        let (tag, forced_string) = self.tag(tag, span);
        let style = if forced_string || quoted {
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
        Ok(())
    }

    fn seq_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        let span = self.span(range);
        let (tag, _) = self.tag(tag, span);
        let first = self.items.len();
        self.open(Frame::Seq {
            start: range.0,
            tag,
            anchor,
            first,
        })
    }

    fn map_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        let span = self.span(range);
        let (tag, _) = self.tag(tag, span);
        let first = self.entries.len();
        self.open(Frame::Map {
            start: range.0,
            tag,
            anchor,
            first,
            key: KeyState::Expecting,
            index: None,
            merges: Vec::new(),
            merge_keys: Vec::new(),
        })
    }

    fn seq_end(&mut self, range: (usize, usize)) {
        if let Some(Frame::Seq {
            start,
            tag,
            anchor,
            first,
        }) = self.stack.pop()
        {
            let items = take_from(&mut self.items, first);
            let end = collection_end(range, items.last().map(|n| n.span));
            let node = Node {
                span: Span::new(self.source, start, end),
                tag,
                kind: NodeKind::Seq(items),
            };
            self.complete(node, anchor);
        }
    }

    fn map_end(&mut self, range: (usize, usize)) {
        if let Some(Frame::Map {
            start,
            tag,
            anchor,
            first,
            merges,
            merge_keys,
            ..
        }) = self.stack.pop()
        {
            let entries = take_from(&mut self.entries, first);
            let end = collection_end(range, entries.last().map(|e| e.value.span));
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

    fn alias(&mut self, id: usize, range: (usize, usize)) -> Result<(), Box<Diagnostic>> {
        let span = self.span(range);
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
        Ok(())
    }
}

/// Where a collection ends: at its closing bracket for flow style, else after its last
/// item (a block collection's end event sits on the next token, maybe far below).
fn collection_end(end_event: (usize, usize), last_child: Option<Span>) -> usize {
    if end_event.0 != end_event.1 {
        return end_event.1;
    }
    last_child.map_or(end_event.0, |s| s.end as usize)
}

impl<'a> Builder<'a> {
    fn new(file: &SourceFile, source: SourceId, diagnostics: &'a mut Diagnostics) -> Builder<'a> {
        Builder {
            source,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
            documents: Vec::new(),
            alias_budget: file.text.len().clamp(MIN_ALIAS_BUDGET, MAX_ALIAS_BUDGET),
            diagnostics,
        }
    }

    fn span(&self, range: (usize, usize)) -> Span {
        Span::new(self.source, range.0, range.1)
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
    fn tag(&mut self, tag: Option<(&str, &str)>, span: Span) -> (Tag, bool) {
        let Some(tag) = tag else {
            return (Tag::None, false);
        };
        match tag {
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
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                first,
                key,
                index,
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
                    } else if let Some(earlier) = earlier_key(&self.entries[*first..], index, &k) {
                        self.diagnostics.push(duplicate(&k, earlier));
                    } else {
                        self.entries.push(Entry {
                            key: k,
                            value: node,
                        });
                    }
                }
                KeyState::Invalid => {}
            },
        }
    }

    /// Applies `<<` merge keys (explicit keys win, and among merged maps the earlier one
    /// wins) to entries whose keys are already unique.
    fn finish_map(&mut self, entries: Vec<Entry>, merges: Vec<Node>, merge_keys: &[Span]) -> Map {
        let mut map = Map { entries };
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

/// Where `key` was first written, if one of `entries` (the map's so far) has it. Past
/// [`SCAN_KEYS`] entries the map's `index` holds every key, and takes this one.
fn earlier_key(
    entries: &[Entry],
    index: &mut Option<HashMap<CompactString, Span>>,
    key: &Key,
) -> Option<Span> {
    if entries.len() < SCAN_KEYS {
        return entries
            .iter()
            .find(|e| e.key.text == key.text)
            .map(|e| e.key.span);
    }
    let index = index.get_or_insert_with(|| {
        let mut index = HashMap::with_capacity(entries.len() * 2);
        for entry in entries {
            index.insert(entry.key.text.clone(), entry.key.span);
        }
        index
    });
    match index.entry(key.text.clone()) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(key.span);
            None
        }
    }
}
