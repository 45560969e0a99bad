//! Our own YAML scanner for the shapes compose files are written in, about ten times
//! faster than saphyr-parser, which stays the reference: this scanner hands the tree
//! builder exactly the events, texts and byte ranges saphyr-parser would, or declines
//! the file, and [`super::parse`] then parses it with saphyr-parser from the start.
//! Correctness never depends on this file: whatever it is not sure of it declines, and
//! a differential test (`tests.rs`, `fuzz/fuzz_targets/yaml_differential.rs`) holds the
//! two to the same events, trees, spans and diagnostics.
//!
//! What it handles, in one document (an optional `---` first):
//! - block mappings whose keys are plain or quoted scalars on one line, with values on
//!   the same line or indented below, and empty values;
//! - block sequences, indented or at their key's indentation, whose items are scalars,
//!   flow collections, nested blocks, or compact mappings (`- a: 1`);
//! - flow sequences and mappings written on one line, nested, with plain, quoted and
//!   aliased items;
//! - plain scalars on one line; single-quoted and double-quoted scalars on one line
//!   (with the common escapes); literal and folded block scalars with any chomping
//!   indicator and lines no more indented than the first;
//! - comments, anchors and aliases (not on keys), and the tags `!name` and `!!name`.
//!
//! It declines, before building anything further, at: a second document, directives,
//! `...`, tabs outside quoted scalars and comments, carriage returns, control and
//! special Unicode characters, plain or quoted scalars over several lines, flow
//! collections over several lines, complex keys (`?`), keys with properties or that are
//! collections or aliases, compact nested sequences (`- - a`), empty sequence items,
//! indentation indicators, block scalars without content or with leading blank lines or
//! more-indented folded lines, escapes other than the common ones, verbatim and
//! prefixed tags, and any syntax error. Nesting deeper than the builder allows is
//! declined too, so that the reference reports it.

use std::borrow::Cow;
use std::collections::HashMap;

use super::parse::Sink;

/// The scanner gave up on the file; nothing it built should be used.
#[derive(Debug)]
pub(super) struct Declined;

type Result<T> = std::result::Result<T, Declined>;

/// Deepest nesting this scanner follows; the builder's own limit is above it, so a
/// deeper document goes to the reference, which reports it.
const MAX_DEPTH: usize = super::parse::MAX_DEPTH - 4;
/// saphyr-parser stops treating a scalar as a possible key beyond 1024 characters.
const MAX_KEY_LEN: usize = 1000;

/// Parses `text` into `sink`, or declines.
pub(super) fn feed(text: &str, sink: &mut impl Sink) -> Result<()> {
    precheck(text.as_bytes())?;
    let mut scanner = Scanner {
        s: text.as_bytes(),
        text,
        pos: 0,
        line_start: 0,
        anchors: HashMap::new(),
        next_anchor: 1,
        depth: 0,
        markers_ok: true,
        sink,
    };
    scanner.document()
}

/// Bytes that need a closer look: control characters, carriage returns, and the first
/// bytes of the Unicode characters YAML treats specially (C1 controls and NEL, line and
/// paragraph separators, byte-order marks and non-characters).
const fn special_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
}

static SPECIAL: [bool; 256] = special_bytes();

/// Declines a file with any character whose handling differs between YAML readers.
fn precheck(s: &[u8]) -> Result<()> {
    for (i, &b) in s.iter().enumerate() {
        if !SPECIAL[b as usize] {
            continue;
        }
        let next = s.get(i + 1).copied().unwrap_or(0);
        let third = s.get(i + 2).copied().unwrap_or(0);
        let declined = match b {
            0xc2 => (0x80..=0x9f).contains(&next),
            0xe2 => next == 0x80 && (third == 0xa8 || third == 0xa9),
            0xef => (next == 0xbb && third == 0xbf) || (next == 0xbf && third >= 0xbe),
            _ => true,
        };
        if declined {
            return Err(Declined);
        }
    }
    Ok(())
}

/// An anchor and a tag written before a node, and where the first of them starts.
#[derive(Clone, Copy, Default)]
struct Props<'a> {
    start: usize,
    end: usize,
    anchor: usize,
    tag: Option<(&'a str, &'a str)>,
}

impl Props<'_> {
    fn is_empty(&self) -> bool {
        self.anchor == 0 && self.tag.is_none()
    }
}

/// A scalar read before it is known whether it is a key.
struct ScalarTok<'a> {
    text: Cow<'a, str>,
    quoted: bool,
    start: usize,
    end: usize,
}

struct Scanner<'a, 's, S> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    line_start: usize,
    anchors: HashMap<&'a str, usize>,
    next_anchor: usize,
    depth: usize,
    /// Whether a line may start with `---`, `...` or `%` (before the document's content).
    markers_ok: bool,
    sink: &'s mut S,
}

fn is_blank_or_end(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | 0)
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a, S: Sink> Scanner<'a, '_, S> {
    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }

    fn peek_at(&self, i: usize) -> u8 {
        self.s.get(i).copied().unwrap_or(0)
    }

    fn col(&self) -> usize {
        self.pos - self.line_start
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn skip_spaces(&mut self) -> Result<()> {
        while self.peek() == b' ' {
            self.pos += 1;
        }
        if self.peek() == b'\t' {
            return Err(Declined);
        }
        Ok(())
    }

    /// Whether the rest of the line is blank or a comment (spaces skipped first).
    fn line_is_done(&mut self) -> Result<bool> {
        self.skip_spaces()?;
        Ok(match self.peek() {
            b'\n' | 0 => true,
            b'#' => self.pos == self.line_start || self.peek_at(self.pos - 1) == b' ',
            _ => false,
        })
    }

    /// Skips the rest of the line (blank or a comment, else declines) and its break.
    fn finish_line(&mut self) -> Result<()> {
        if !self.line_is_done()? {
            return Err(Declined);
        }
        match memchr_newline(&self.s[self.pos..]) {
            Some(i) => {
                self.pos += i + 1;
                self.line_start = self.pos;
            }
            None => {
                self.pos = self.s.len();
                self.line_start = self.pos;
            }
        }
        Ok(())
    }

    /// From the start of a line, skips blank and comment lines; stops at the first
    /// character of the next line with content and returns its column, or `None` at the
    /// end of the text.
    fn next_content_line(&mut self) -> Result<Option<usize>> {
        loop {
            debug_assert_eq!(self.pos, self.line_start);
            if self.at_end() {
                return Ok(None);
            }
            self.skip_spaces()?;
            match self.peek() {
                b'\n' => {
                    self.pos += 1;
                    self.line_start = self.pos;
                }
                0 if self.at_end() => return Ok(None),
                b'#' => self.finish_line()?,
                b => {
                    if self.pos == self.line_start && !self.markers_ok {
                        let rest = &self.s[self.pos..];
                        let marker = rest.starts_with(b"---") || rest.starts_with(b"...");
                        if b == b'%' || (marker && is_blank_or_end(self.peek_at(self.pos + 3))) {
                            return Err(Declined);
                        }
                    }
                    return Ok(Some(self.col()));
                }
            }
        }
    }

    /// Finishes the line a node ended on and moves to the next line with content.
    fn next_line(&mut self) -> Result<Option<usize>> {
        self.finish_line()?;
        self.next_content_line()
    }

    fn document(&mut self) -> Result<()> {
        let Some(col) = self.next_content_line()? else {
            return Err(Declined);
        };
        self.markers_ok = false;
        let rest = &self.s[self.pos..];
        if col == 0 && rest.starts_with(b"---") && is_blank_or_end(self.peek_at(self.pos + 3)) {
            self.pos += 3;
            if self.next_line()?.is_none() {
                return Err(Declined);
            }
        } else if col == 0 && (rest.starts_with(b"...") || rest.starts_with(b"%")) {
            return Err(Declined);
        }
        self.block_node(-1, Props::default())?;
        if !self.at_end() {
            return Err(Declined);
        }
        Ok(())
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Declined);
        }
        Ok(())
    }

    fn ok<T>(&self, r: std::result::Result<T, Box<crate::diagnostic::Diagnostic>>) -> Result<T> {
        r.map_err(|_| Declined)
    }

    /// A node that starts a line, at a column above `parent`; `props` were written on
    /// the line before. Returns at the next line with content.
    fn block_node(&mut self, parent: isize, props: Props<'a>) -> Result<()> {
        let col = self.col();
        if self.peek() == b'-' && is_blank_or_end(self.peek_at(self.pos + 1)) {
            let start = if props.is_empty() {
                self.pos
            } else {
                props.start
            };
            return self.block_seq(col, start, props, false);
        }
        self.line_value(parent, props, true)
    }

    /// A node written on the current line, after `- `, `key: ` or at a line's start.
    /// `parent` is the column of the collection holding it; `allow_key` says whether it
    /// may be the first key of a compact mapping. Returns at the next line with content.
    fn line_value(&mut self, parent: isize, outer: Props<'a>, allow_key: bool) -> Result<()> {
        let own = self.props()?;
        if !own.is_empty() && !outer.is_empty() {
            return Err(Declined);
        }
        let props = if own.is_empty() { outer } else { own };
        if !own.is_empty() && self.line_is_done()? {
            // Properties alone on their line: the node is below, or empty.
            self.finish_line()?;
            return match self.next_content_line()? {
                Some(col) if col as isize > parent => self.block_node(parent, props),
                Some(col)
                    if col as isize == parent
                        && self.peek() == b'-'
                        && is_blank_or_end(self.peek_at(self.pos + 1)) =>
                {
                    Err(Declined)
                }
                _ => {
                    let r = self.sink.scalar(
                        Cow::Borrowed(""),
                        false,
                        props.anchor,
                        props.tag,
                        (props.start, props.end),
                    );
                    self.ok(r)
                }
            };
        }
        let start = if props.is_empty() {
            self.pos
        } else {
            props.start
        };
        match self.peek() {
            b'*' => {
                if !props.is_empty() {
                    return Err(Declined);
                }
                self.alias()?;
                self.not_a_key()?;
                self.next_line().map(drop)
            }
            b'[' | b'{' => {
                self.flow_collection(start, props)?;
                self.not_a_key()?;
                self.next_line().map(drop)
            }
            b'|' | b'>' => self.block_scalar(parent, start, props),
            b'-' if is_blank_or_end(self.peek_at(self.pos + 1)) => Err(Declined),
            _ => {
                let scalar = self.inline_scalar()?;
                self.skip_spaces()?;
                if self.peek() == b':' && is_blank_or_end(self.peek_at(self.pos + 1)) {
                    // Properties on the key's own line would be the key's.
                    if !allow_key || !own.is_empty() {
                        return Err(Declined);
                    }
                    let col = scalar.start - self.line_start;
                    let start = if outer.is_empty() {
                        scalar.start
                    } else {
                        outer.start
                    };
                    return self.block_map(col, start, outer, scalar);
                }
                let r = self.sink.scalar(
                    scalar.text,
                    scalar.quoted,
                    props.anchor,
                    props.tag,
                    (start, scalar.end),
                );
                self.ok(r)?;
                self.next_line().map(drop)
            }
        }
    }

    /// Declines a flow collection or alias used as a key.
    fn not_a_key(&mut self) -> Result<()> {
        self.skip_spaces()?;
        if self.peek() == b':' {
            return Err(Declined);
        }
        Ok(())
    }

    /// A plain or quoted scalar on the current line, in block context.
    fn inline_scalar(&mut self) -> Result<ScalarTok<'a>> {
        match self.peek() {
            b'"' => self.double_quoted(),
            b'\'' => self.single_quoted(),
            _ => self.plain(false),
        }
    }

    /// An anchor and a tag, in either order, each followed by a space or the line's end.
    fn props(&mut self) -> Result<Props<'a>> {
        let mut props = Props {
            start: self.pos,
            end: self.pos,
            ..Props::default()
        };
        loop {
            match self.peek() {
                b'&' if props.anchor == 0 => {
                    let name = self.name(self.pos + 1)?;
                    let id = self.next_anchor;
                    self.next_anchor += 1;
                    self.anchors.insert(name, id);
                    props.anchor = id;
                }
                b'!' if props.tag.is_none() => {
                    let (handle, suffix_at) = if self.peek_at(self.pos + 1) == b'!' {
                        ("tag:yaml.org,2002:", self.pos + 2)
                    } else {
                        ("!", self.pos + 1)
                    };
                    let end = self.s[suffix_at..]
                        .iter()
                        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
                        .map_or(self.s.len(), |i| suffix_at + i);
                    if end == suffix_at || !is_blank_or_end(self.peek_at(end)) {
                        return Err(Declined);
                    }
                    props.tag = Some((handle, &self.text[suffix_at..end]));
                    self.pos = end;
                }
                b'&' | b'!' => return Err(Declined),
                _ => return Ok(props),
            }
            props.end = self.pos;
            self.skip_spaces()?;
        }
    }

    /// An anchor or alias name starting at `at`; moves past it.
    fn name(&mut self, at: usize) -> Result<&'a str> {
        let end = self.s[at..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
            .map_or(self.s.len(), |i| at + i);
        let next = self.peek_at(end);
        if end == at || !(is_blank_or_end(next) || matches!(next, b',' | b']' | b'}')) {
            return Err(Declined);
        }
        self.pos = end;
        Ok(&self.text[at..end])
    }

    fn alias(&mut self) -> Result<()> {
        let start = self.pos;
        let name = self.name(start + 1)?;
        let Some(&id) = self.anchors.get(name) else {
            return Err(Declined);
        };
        let r = self.sink.alias(id, (start, self.pos));
        self.ok(r)
    }

    /// A plain scalar on one line; `flow` says whether flow indicators end it.
    fn plain(&mut self, flow: bool) -> Result<ScalarTok<'a>> {
        let start = self.pos;
        let first = self.peek();
        let ok_start = match first {
            b'-' => {
                !is_blank_or_end(self.peek_at(start + 1))
                    && !is_flow_indicator(self.peek_at(start + 1))
            }
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' | b'\t' | b'\n' | 0 => false,
            _ => true,
        };
        if !ok_start {
            return Err(Declined);
        }
        let mut i = start + 1;
        let mut end = i;
        while i < self.s.len() {
            match self.s[i] {
                b'\n' => break,
                b' ' => {
                    if self.peek_at(i + 1) == b'#' {
                        break;
                    }
                    i += 1;
                    continue;
                }
                b'\t' => return Err(Declined),
                b':' => {
                    let next = self.peek_at(i + 1);
                    if is_blank_or_end(next) || (flow && is_flow_indicator(next)) {
                        break;
                    }
                }
                b if flow && is_flow_indicator(b) => break,
                _ => {}
            }
            i += 1;
            end = i;
        }
        self.pos = end;
        Ok(ScalarTok {
            text: Cow::Borrowed(&self.text[start..end]),
            quoted: false,
            start,
            end,
        })
    }

    fn single_quoted(&mut self) -> Result<ScalarTok<'a>> {
        let start = self.pos;
        let mut i = start + 1;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            match self.peek_at(i) {
                b'\'' if self.peek_at(i + 1) == b'\'' => {
                    let buf = owned.get_or_insert_with(String::new);
                    buf.push_str(&self.text[run..=i]);
                    i += 2;
                    run = i;
                }
                b'\'' => break,
                b'\n' | 0 => return Err(Declined),
                _ => i += 1,
            }
        }
        let text = match owned {
            Some(mut buf) => {
                buf.push_str(&self.text[run..i]);
                Cow::Owned(buf)
            }
            None => Cow::Borrowed(&self.text[start + 1..i]),
        };
        self.pos = i + 1;
        Ok(ScalarTok {
            text,
            quoted: true,
            start,
            end: self.token_tail(self.pos)?,
        })
    }

    fn double_quoted(&mut self) -> Result<ScalarTok<'a>> {
        let start = self.pos;
        let mut i = start + 1;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            match self.peek_at(i) {
                b'\\' => {
                    let escaped = match self.peek_at(i + 1) {
                        b'\\' => '\\',
                        b'"' => '"',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'0' => '\0',
                        b'a' => '\x07',
                        b'b' => '\x08',
                        b'e' => '\x1b',
                        b'f' => '\x0c',
                        b'v' => '\x0b',
                        b' ' => ' ',
                        _ => return Err(Declined),
                    };
                    let buf = owned.get_or_insert_with(String::new);
                    buf.push_str(&self.text[run..i]);
                    buf.push(escaped);
                    i += 2;
                    run = i;
                }
                b'"' => break,
                b'\n' | 0 => return Err(Declined),
                _ => i += 1,
            }
        }
        let text = match owned {
            Some(mut buf) => {
                buf.push_str(&self.text[run..i]);
                Cow::Owned(buf)
            }
            None => Cow::Borrowed(&self.text[start + 1..i]),
        };
        self.pos = i + 1;
        Ok(ScalarTok {
            text,
            quoted: true,
            start,
            end: self.token_tail(self.pos)?,
        })
    }

    /// A block mapping at column `col` whose first key has been read; `start` is where
    /// its node starts. Returns at the next line with content after it.
    fn block_map(
        &mut self,
        col: usize,
        start: usize,
        props: Props<'a>,
        first: ScalarTok<'a>,
    ) -> Result<()> {
        self.enter()?;
        let r = self
            .sink
            .map_start(props.anchor, props.tag, (start, first.start));
        self.ok(r)?;
        let mut key = first;
        loop {
            if key.end - key.start > MAX_KEY_LEN {
                return Err(Declined);
            }
            let r = self
                .sink
                .scalar(key.text, key.quoted, 0, None, (key.start, key.end));
            self.ok(r)?;
            // At the `:`.
            let colon = self.pos;
            self.pos += 1;
            let next = if self.line_is_done()? {
                match self.next_line()? {
                    Some(c) if c > col => {
                        self.block_node(col as isize, Props::default())?;
                        self.current_col()
                    }
                    Some(c)
                        if c == col
                            && self.peek() == b'-'
                            && is_blank_or_end(self.peek_at(self.pos + 1)) =>
                    {
                        self.block_seq(col, 0, Props::default(), true)?;
                        self.current_col()
                    }
                    other => {
                        let r = self
                            .sink
                            .scalar(Cow::Borrowed(""), false, 0, None, (colon, colon));
                        self.ok(r)?;
                        other
                    }
                }
            } else {
                self.line_value(col as isize, Props::default(), false)?;
                self.current_col()
            };
            match next {
                Some(c) if c == col => {
                    if self.peek() == b'-' && is_blank_or_end(self.peek_at(self.pos + 1)) {
                        return Err(Declined);
                    }
                    key = self.inline_scalar()?;
                    self.skip_spaces()?;
                    if !(self.peek() == b':' && is_blank_or_end(self.peek_at(self.pos + 1))) {
                        return Err(Declined);
                    }
                }
                Some(c) if c > col => return Err(Declined),
                _ => break,
            }
        }
        self.sink.map_end((self.pos, self.pos));
        self.depth -= 1;
        Ok(())
    }

    /// The column of the line the scanner stands at, or `None` at the end.
    fn current_col(&self) -> Option<usize> {
        (!self.at_end()).then(|| self.col())
    }

    /// A block sequence whose first `-` is at column `col` (at the scanner's position);
    /// `indentless` when it sits at its key's column. Returns at the next line with
    /// content after it.
    fn block_seq(
        &mut self,
        col: usize,
        start: usize,
        props: Props<'a>,
        indentless: bool,
    ) -> Result<()> {
        self.enter()?;
        let first_dash = self.pos;
        let mut first = true;
        loop {
            // At the `-`.
            self.pos += 1;
            let done = self.line_is_done()?;
            if first {
                // An indentless sequence starts where its first entry's content does.
                let range = if indentless {
                    let start = if done {
                        let rest = &self.s[self.pos..];
                        self.pos + memchr_newline(rest).unwrap_or(rest.len())
                    } else {
                        self.pos
                    };
                    (start, start)
                } else {
                    (start, first_dash)
                };
                let r = self.sink.seq_start(props.anchor, props.tag, range);
                self.ok(r)?;
                first = false;
            }
            let next = if done {
                match self.next_line()? {
                    Some(c) if c > col => {
                        self.block_node(col as isize, Props::default())?;
                        self.current_col()
                    }
                    _ => return Err(Declined),
                }
            } else {
                if self.peek() == b'-' && is_blank_or_end(self.peek_at(self.pos + 1)) {
                    return Err(Declined);
                }
                self.line_value(col as isize, Props::default(), true)?;
                self.current_col()
            };
            let dash = self.peek() == b'-' && is_blank_or_end(self.peek_at(self.pos + 1));
            match next {
                Some(c) if c == col && dash => {}
                Some(c) if c == col && indentless => break,
                Some(c) if c >= col => return Err(Declined),
                _ => break,
            }
        }
        self.sink.seq_end((self.pos, self.pos));
        self.depth -= 1;
        Ok(())
    }

    /// A literal (`|`) or folded (`>`) block scalar; `parent` is the column of the
    /// collection holding it. Returns at the next line with content after it.
    fn block_scalar(&mut self, parent: isize, start: usize, props: Props<'a>) -> Result<()> {
        let literal = self.peek() == b'|';
        self.pos += 1;
        let chomp = match self.peek() {
            b'-' => Some(false),
            b'+' => Some(true),
            _ => None,
        };
        if chomp.is_some() {
            self.pos += 1;
        }
        if !is_blank_or_end(self.peek()) || self.at_end() {
            return Err(Declined);
        }
        self.finish_line()?;
        // The first content line sets the indentation; leading blank lines decline.
        let first = self.pos;
        let indent = self.s[first..].iter().take_while(|&&b| b == b' ').count();
        let content = first + indent;
        if parent < 0
            || indent as isize <= parent
            || matches!(self.peek_at(content), b'\n' | b'\t' | b'#' | 0)
        {
            return Err(Declined);
        }
        let mut text = String::new();
        let mut breaks = 0usize; // line breaks after the last content line
        let mut line = first;
        let mut have_content = false;
        let end;
        loop {
            // `line` is the start of a line inside or after the scalar.
            let spaces = self.s[line..].iter().take_while(|&&b| b == b' ').count();
            let at = line + spaces;
            let b = self.peek_at(at);
            if at >= self.s.len() {
                // The text ends; saphyr-parser adds a line break after trailing spaces.
                if spaces > 0 {
                    return Err(Declined);
                }
                end = at;
                break;
            }
            if b == b'\n' {
                if spaces > indent {
                    return Err(Declined);
                }
                breaks += 1;
                line = at + 1;
                continue;
            }
            if spaces < indent {
                end = at;
                break;
            }
            // A content line.
            if b == b'\t' || (spaces > indent && !literal) {
                return Err(Declined);
            }
            let content_start = line + indent;
            let line_end = match memchr_newline(&self.s[content_start..]) {
                Some(i) => content_start + i,
                None => return Err(Declined),
            };
            if have_content {
                if literal {
                    text.extend(std::iter::repeat_n('\n', breaks + 1));
                } else if breaks == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', breaks));
                }
            }
            text.push_str(&self.text[content_start..line_end]);
            have_content = true;
            breaks = 0;
            line = line_end + 1;
        }
        match chomp {
            Some(false) => {}
            None => text.push('\n'),
            Some(true) => text.extend(std::iter::repeat_n('\n', breaks + 1)),
        }
        let token_start = if props.is_empty() { content } else { start };
        let r = self.sink.scalar(
            Cow::Owned(text),
            true,
            props.anchor,
            props.tag,
            (token_start, end),
        );
        self.ok(r)?;
        // Stand at the start of the line the scalar ended before.
        self.pos = memchr::memrchr(b'\n', &self.s[..end]).map_or(0, |i| i + 1);
        self.line_start = self.pos;
        self.next_content_line().map(drop)
    }

    /// A flow collection on one line, at `[` or `{`; `start` is where its node starts.
    fn flow_collection(&mut self, start: usize, props: Props<'a>) -> Result<()> {
        self.enter()?;
        let seq = self.peek() == b'[';
        let open = (start, self.pos + 1);
        let r = if seq {
            self.sink.seq_start(props.anchor, props.tag, open)
        } else {
            self.sink.map_start(props.anchor, props.tag, open)
        };
        self.ok(r)?;
        self.pos += 1;
        let close = if seq { b']' } else { b'}' };
        self.flow_spaces()?;
        // A mapping closed after a trailing comma ends, for saphyr-parser, at the comma.
        let mut after_comma = None;
        while self.peek() != close {
            after_comma = None;
            if seq {
                self.flow_item()?;
                self.flow_spaces()?;
                if self.peek() == b':' {
                    return Err(Declined);
                }
            } else {
                let key = match self.peek() {
                    b'"' => self.double_quoted()?,
                    b'\'' => self.single_quoted()?,
                    _ => self.plain(true)?,
                };
                if key.end - key.start > MAX_KEY_LEN {
                    return Err(Declined);
                }
                self.flow_spaces()?;
                if self.peek() != b':' || self.peek_at(self.pos + 1) != b' ' {
                    return Err(Declined);
                }
                let r = self
                    .sink
                    .scalar(key.text, key.quoted, 0, None, (key.start, key.end));
                self.ok(r)?;
                self.pos += 1;
                self.flow_spaces()?;
                if matches!(self.peek(), b',' | b'}') {
                    return Err(Declined);
                }
                self.flow_item()?;
                self.flow_spaces()?;
            }
            match self.peek() {
                b',' => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.flow_spaces()?;
                    after_comma = Some((comma, self.pos));
                }
                b if b == close => {}
                _ => return Err(Declined),
            }
        }
        // The closing bracket's range takes in the blanks and comment after it.
        let close_at = self.pos;
        self.pos += 1;
        let after = self.token_tail(self.pos)?;
        let end = match after_comma {
            Some(comma) if !seq => comma,
            _ => (close_at, after),
        };
        if seq {
            self.sink.seq_end(end);
        } else {
            self.sink.map_end(end);
        }
        self.depth -= 1;
        Ok(())
    }

    /// Where a quoted scalar's or a closing bracket's range ends, for saphyr-parser: past
    /// the blanks after it and a comment that follows them, to the end of the line.
    fn token_tail(&self, from: usize) -> Result<usize> {
        let mut after = from;
        while self.peek_at(after) == b' ' {
            after += 1;
        }
        match self.peek_at(after) {
            b'\t' => Err(Declined),
            b'#' if after == from => Err(Declined),
            b'#' => Ok(after + memchr_newline(&self.s[after..]).unwrap_or(self.s.len() - after)),
            _ => Ok(after),
        }
    }

    /// Spaces inside a flow collection; a line break, tab or comment declines.
    fn flow_spaces(&mut self) -> Result<()> {
        self.skip_spaces()?;
        if matches!(self.peek(), b'\n' | b'#' | 0) {
            return Err(Declined);
        }
        Ok(())
    }

    /// One item of a flow collection, without properties.
    fn flow_item(&mut self) -> Result<()> {
        match self.peek() {
            b'[' | b'{' => self.flow_collection(self.pos, Props::default()),
            b'*' => self.alias(),
            b'&' | b'!' => Err(Declined),
            b => {
                let scalar = match b {
                    b'"' => self.double_quoted()?,
                    b'\'' => self.single_quoted()?,
                    _ => self.plain(true)?,
                };
                let r = self.sink.scalar(
                    scalar.text,
                    scalar.quoted,
                    0,
                    None,
                    (scalar.start, scalar.end),
                );
                self.ok(r)
            }
        }
    }
}

fn memchr_newline(s: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', s)
}
