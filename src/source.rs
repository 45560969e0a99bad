//! Every text swarmc reads (compose files, `.env` files, site profiles, files named by
//! `extends` and `include`) is kept here for the whole run, so that a diagnostic raised
//! in any stage can point at the exact bytes that caused it, in the file that holds them.
//!
//! Stages refer to text by [`Span`] (a [`SourceId`] plus a byte range) and never copy
//! file names or line numbers around; those are computed when a diagnostic is rendered.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub source: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(source: SourceId, start: usize, end: usize) -> Span {
        Span {
            source,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The empty span at the start of this one.
    pub fn start_point(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }

    /// The smallest span that covers both (they must be in the same file).
    pub fn to(self, other: Span) -> Span {
        if self.source != other.source {
            return self;
        }
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// A sub-range, given in bytes relative to the start of this span.
    pub fn slice(self, from: usize, to: usize) -> Span {
        let start = self.start.saturating_add(clamp_u32(from)).min(self.end);
        let end = self
            .start
            .saturating_add(clamp_u32(to))
            .min(self.end)
            .max(start);
        Span {
            source: self.source,
            start,
            end,
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a source file is, which decides how it is parsed and how it is named in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Compose,
    EnvFile,
    Site,
    /// A file whose content is only measured or hashed (secret and config files).
    Opaque,
    /// swarmc's own configuration, `swarmc.toml`.
    Settings,
    /// JSON printed by the docker CLI (`swarmc site import`).
    DockerOutput,
}

/// One file's text, with its line table.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown to users: the path as it was given or derived, never made absolute.
    pub name: String,
    /// Where it was read from (`None` for standard input and embedded texts).
    pub path: Option<PathBuf>,
    pub kind: SourceKind,
    pub text: String,
    line_starts: Vec<u32>,
    /// Within lines longer than [`COLUMN_STRIDE`], every [`COLUMN_STRIDE`] bytes: the
    /// byte offset and the characters before it on its line, so that a column is
    /// counted from the nearest of them rather than from the start of a long line (a
    /// document on one line would otherwise cost a scan of the line per diagnostic).
    columns: Vec<(u32, u32)>,
}

/// How far apart the column checkpoints of a long line are, in bytes.
const COLUMN_STRIDE: usize = 4096;

/// The column checkpoints of `text` (see [`SourceFile`]): linear in the text.
fn column_checkpoints(text: &str, line_starts: &[u32]) -> Vec<(u32, u32)> {
    let mut columns = Vec::new();
    let ends = line_starts
        .iter()
        .skip(1)
        .map(|&s| s as usize)
        .chain([text.len()]);
    for (start, end) in line_starts.iter().map(|&s| s as usize).zip(ends) {
        let (mut at, mut chars) = (start, 0usize);
        while end - at > COLUMN_STRIDE {
            let mut next = at + COLUMN_STRIDE;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            at = next;
            columns.push((clamp_u32(at), clamp_u32(chars)));
        }
    }
    columns
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    fn new(name: String, path: Option<PathBuf>, kind: SourceKind, text: String) -> SourceFile {
        // Lines average a few dozen bytes: room for one per 32 saves regrowing.
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| clamp_u32(i + 1)));
        let columns = column_checkpoints(&text, &line_starts);
        SourceFile {
            name,
            path,
            kind,
            text,
            line_starts,
            columns,
        }
    }

    /// The same file with another text of the same length, for a parser that must read
    /// a repaired copy while every offset keeps meaning the same place in the original.
    pub(crate) fn with_text(&self, text: String) -> SourceFile {
        SourceFile::new(self.name.clone(), self.path.clone(), self.kind, text)
    }

    /// The line holding a byte offset: its 0-based number and the byte range of its
    /// text, without the line break.
    pub fn line_bounds(&self, offset: usize) -> (usize, usize, usize) {
        let (line, start, end) = self.line_window(offset, offset, 0, 0);
        let text = &self.text.as_bytes()[start..end];
        let trimmed = text
            .strip_suffix(b"\n")
            .map_or(text, |t| t.strip_suffix(b"\r").unwrap_or(t));
        (line, start, start + trimmed.len())
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(clamp_u32(self.text.len()));
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_idx] as usize;
        let nearest = self.columns.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match nearest.checked_sub(1).map(|i| self.columns[i]) {
            Some((at, chars)) if at as usize >= line_start => (at as usize, chars as usize),
            _ => (line_start, 0),
        };
        let column = before + self.text[from..offset as usize].chars().count() + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// The whole lines around a byte range, `before` lines above and `after` below: the
    /// 0-based number of the first line and the byte range they cover. Lets a renderer
    /// look at a few lines of a large file without scanning it from the start.
    pub fn line_window(
        &self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> (usize, usize, usize) {
        let line_of = |offset: usize| {
            let offset = clamp_u32(offset.min(self.text.len()));
            match self.line_starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        let first = line_of(start).saturating_sub(before);
        let last = (line_of(end) + after).min(self.line_starts.len() - 1);
        let from = self.line_starts[first] as usize;
        let to = self
            .line_starts
            .get(last + 1)
            .map_or(self.text.len(), |&e| e as usize);
        (first, from, to)
    }

    /// The byte offset of a 1-based line and a 0-based character column.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start as usize..];
        let within = rest
            .char_indices()
            .nth(char_col)
            .map_or(rest.len(), |(i, _)| i);
        start as usize + within
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    pub fn directory(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// All files of one run. Files are only ever added, so a [`SourceId`] stays valid.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// Files under this directory are named relative to it.
    base: Option<PathBuf>,
    /// Values that must never be shown, in every form they may be written in
    /// ([`crate::secret_forms`]): a report masks them in every text it prints.
    secrets: Vec<String>,
    /// Where secret values are written in these files, whatever their encoding there
    /// (a block scalar, escapes, a quoted `.env` value): masked whole in reports.
    secret_spans: Vec<Span>,
}

/// Secret values shorter than this are not masked: masking every `1` or `db` of a
/// report would make it unreadable, and a value that short protects nothing.
pub const MIN_SECRET_LEN: usize = 4;

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Sources whose files are named relative to `base` (the working directory).
    pub fn with_base(base: PathBuf) -> Sources {
        Sources {
            files: Vec::new(),
            base: Some(base),
            secrets: Vec::new(),
            secret_spans: Vec::new(),
        }
    }

    /// How a path is named in messages: relative to the base directory when inside it.
    pub fn display_name(&self, path: &Path) -> String {
        if path == Path::new("-") {
            return "<stdin>".to_owned();
        }
        match self
            .base
            .as_deref()
            .and_then(|base| path.strip_prefix(base).ok())
        {
            Some(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
            _ => path.display().to_string(),
        }
    }

    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: Option<PathBuf>,
        kind: SourceKind,
        text: String,
    ) -> SourceId {
        let id = SourceId(clamp_u32(self.files.len()));
        self.files
            .push(SourceFile::new(name.into(), path, kind, text));
        id
    }

    /// Records a value that must never be shown (a site variable marked `secret: true`,
    /// a variable a compose secret is created from).
    /// Every form the value may be written in is masked ([`crate::secret_forms`]).
    pub fn keep_secret(&mut self, value: &str) {
        if value.chars().count() < MIN_SECRET_LEN {
            return;
        }
        let mut added = false;
        for form in crate::secret_forms::forms(value) {
            if !self.secrets.contains(&form) {
                self.secrets.push(form);
                added = true;
            }
        }
        if added {
            // Longest first, so that a secret inside another is masked as part of it.
            self.secrets
                .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
    }

    /// Records where a secret value of at least [`MIN_SECRET_LEN`] characters is
    /// written in one of these files, as written there (quotes and escapes included):
    /// reports show that place masked whole, whatever the encoding.
    pub fn keep_secret_at(&mut self, span: Span) {
        if span.end > span.start && !self.secret_spans.contains(&span) {
            self.secret_spans.push(span);
        }
    }

    /// The values that must never be shown, longest first.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// A copy whose texts have every secret value replaced by as many `*` as it has
    /// bytes, so that every span still points at the same place, and whose opaque files
    /// (the contents of secrets and configs) are masked whole. `None` when there is
    /// nothing to mask.
    pub fn redacted(&self) -> Option<Sources> {
        let shows = |f: &SourceFile| {
            f.kind == SourceKind::Opaque || self.secrets.iter().any(|s| f.text.contains(s.as_str()))
        };
        if self.secret_spans.is_empty() && !self.files.iter().any(shows) {
            return None;
        }
        let masked = |id: usize, f: &SourceFile| {
            if f.kind == SourceKind::Opaque {
                return f
                    .text
                    .bytes()
                    .map(|b| if b == b'\n' { '\n' } else { '*' })
                    .collect();
            }
            let mut text = self.secrets.iter().fold(f.text.clone(), |text, secret| {
                text.replace(secret.as_str(), &"*".repeat(secret.len()))
            });
            for span in self
                .secret_spans
                .iter()
                .filter(|s| s.source.0 as usize == id)
            {
                text = mask_range(&text, span.start as usize, span.end as usize);
            }
            text
        };
        let files = self
            .files
            .iter()
            .enumerate()
            .map(|(id, f)| SourceFile::new(f.name.clone(), f.path.clone(), f.kind, masked(id, f)))
            .collect();
        Some(Sources {
            files,
            base: self.base.clone(),
            secrets: self.secrets.clone(),
            secret_spans: self.secret_spans.clone(),
        })
    }

    /// How many files were read (copies read with another base directory included).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The source already read from this path, if any.
    pub fn find(&self, path: &Path) -> Option<SourceId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| SourceId(clamp_u32(i)))
    }

    pub fn text(&self, span: Span) -> &str {
        let file = self.get(span.source);
        file.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (SourceId(clamp_u32(i)), f))
    }
}

/// `text` with the bytes from `start` to `end` replaced by `*`, line breaks kept, so
/// that every span still points at the same place; a range that is not on character
/// boundaries is widened to them.
fn mask_range(text: &str, start: usize, end: usize) -> String {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // A block scalar's span runs on to the next key's indentation.
    end = start + text[start..end].trim_end().len();
    let middle: String = text[start..end]
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            _ => "*".repeat(c.len_utf8()),
        })
        .collect();
    format!("{}{middle}{}", &text[..start], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, "ab\nçd: x\n".to_owned());
        let file = sources.get(id);
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // `d` follows a two-byte character.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.offset_of(2, 1), 5);
        assert_eq!(file.line_text(2), "çd: x");
    }

    #[test]
    fn columns_on_long_lines_count_characters_from_checkpoints() {
        // Lines longer than the stride, of one-, two- and three-byte characters, with
        // the stride falling inside characters.
        let mut text = String::new();
        for (i, piece) in ["a", "é", "€", "aé€"].iter().enumerate() {
            text.push_str(&piece.repeat(3 * COLUMN_STRIDE / piece.len() + i));
            text.push('\n');
        }
        text.push_str(&"ü".repeat(COLUMN_STRIDE));
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, text.clone());
        let file = sources.get(id);
        assert!(!file.columns.is_empty());
        let (mut line, mut column) = (1, 1);
        for (offset, c) in text.char_indices() {
            let offset = clamp_u32(offset);
            assert_eq!(
                file.line_col(offset),
                LineCol { line, column },
                "at {offset}"
            );
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        let end = clamp_u32(text.len());
        assert_eq!(file.line_col(end), LineCol { line, column });
    }

    #[test]
    fn a_secret_is_masked_where_it_is_written_whatever_its_encoding() {
        let mut sources = Sources::new();
        let text = "a:\n  v: |-\n    one\n    two\n  b: 1\n".to_owned();
        let id = sources.add("s.yaml", None, SourceKind::Site, text);
        // A block scalar's span runs on to the indentation of the next key.
        sources.keep_secret_at(Span::new(id, 8, 29));
        let redacted = sources.redacted().unwrap();
        assert_eq!(
            redacted.get(id).text,
            "a:\n  v: **\n*******\n*******\n  b: 1\n"
        );
    }
}
