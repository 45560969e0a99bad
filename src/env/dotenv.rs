//! Env files (`.env`, `--env-file`, a service's `env_file`) in compose-go's syntax
//! (`dotenv/parser.go`), because a project's `.env` must mean here what it means to
//! `docker compose`:
//!
//! - one `NAME=value` or `NAME: value` per statement, with an optional `export ` before
//!   the name and blanks around the separator; names hold letters, digits and
//!   `_ . - [ ]`;
//! - a bare `NAME` takes the variable from the lookup, and sets nothing when it is not
//!   there;
//! - `#` starts a comment at the start of a statement, and ` #` ends an unquoted value;
//! - an unquoted value is the rest of the line, right-trimmed; a single-quoted value is
//!   literal except for `\'`; a double-quoted value expands `\a \b \f \n \r \t \v \" \\`,
//!   `\$` and `\0NNN` (octal); quoted values may span lines, and what follows the closing
//!   quote on its line is read as another statement, as compose does;
//! - unquoted and double-quoted values are interpolated, looking a variable up first in
//!   the lookup and then among the names the file set before.
//!
//! Unlike compose, which stops at the first bad line, every bad line is reported (at
//! the offending character) and reading resumes on the next line. Two more differences
//! concern lines compose reads as nonsense: a bare name on the last line without a line
//! break is read like any bare name (compose sets a variable with an empty name to it),
//! and a line without a name (`=value`) is an error (compose sets the empty name).

use indexmap::IndexMap;

use super::interpolate::{self, Locator};
use super::template::{self, Lookup};
use super::{EnvValue, Environment};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{SourceId, Span};

/// Reads the variables of an env file's `text`, in the order they were first set, each
/// with its last value and the span of that value. Bare names and interpolation look a
/// variable up in `lookup` first, then among the file's earlier lines, then in `below`
/// (the files read before this one, which its own lines shadow).
pub(crate) fn parse(
    text: &str,
    source: SourceId,
    lookup: &Environment,
    below: &Environment,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, EnvValue)> {
    let mut parser = Parser {
        text,
        source,
        lookup,
        below,
        vars: IndexMap::new(),
        diagnostics,
    };
    let mut at = 0;
    loop {
        at = parser.statement_start(at);
        if at >= text.len() {
            break;
        }
        at = parser.statement(at);
    }
    parser.vars.into_iter().collect()
}

/// The lookup of interpolation inside a file: the outer environment, then the names
/// the file set before, then the files read before it.
struct FileLookup<'a> {
    outer: &'a Environment,
    earlier: &'a IndexMap<String, EnvValue>,
    below: &'a Environment,
}

impl Lookup for FileLookup<'_> {
    fn lookup(&self, name: &str) -> Option<&EnvValue> {
        self.outer
            .get(name)
            .or_else(|| self.earlier.get(name))
            .or_else(|| self.below.get(name))
    }
}

struct Parser<'a> {
    text: &'a str,
    source: SourceId,
    lookup: &'a Environment,
    below: &'a Environment,
    vars: IndexMap<String, EnvValue>,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> Parser<'a> {
    fn rest(&self, at: usize) -> &'a str {
        self.text.get(at..).unwrap_or_default()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end)
    }

    /// The index of the line break that ends the line holding `at`, or the text's end.
    fn line_end(&self, at: usize) -> usize {
        self.rest(at).find('\n').map_or(self.text.len(), |i| at + i)
    }

    /// Skips blanks, line breaks and comment lines.
    fn statement_start(&self, mut at: usize) -> usize {
        loop {
            let rest = self.rest(at);
            at += rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if self.rest(at).starts_with('#') {
                at = self.line_end(at);
            } else {
                return at;
            }
        }
    }

    /// `export` followed by blanks and a name: where the name starts.
    fn after_export(&self, at: usize) -> Option<usize> {
        let after = self.rest(at).strip_prefix("export")?;
        let name = after.trim_start_matches(is_blank);
        let blanks = after.len() - name.len();
        let starts_name = !name.is_empty() && !name.starts_with(['\n', '=', ':']);
        (blanks > 0 && starts_name).then(|| at + "export".len() + blanks)
    }

    /// Reads the statement at `start`; returns where reading resumes.
    fn statement(&mut self, start: usize) -> usize {
        let key_start = self.after_export(start).unwrap_or(start);
        let mut separator = None;
        for (i, c) in self.rest(key_start).char_indices() {
            let at = key_start + i;
            if is_blank(c) || is_name_char(c) {
                continue;
            }
            if matches!(c, '=' | ':' | '\n') {
                separator = Some((at, c));
                break;
            }
            self.error(
                format!("unexpected character `{}` in a variable name", shown(c)),
                self.span(at, at + c.len_utf8()),
                "not allowed in a variable name",
                "variable names hold letters, digits, `_`, `.`, `-`, `[` and `]`; write one `NAME=value` per line",
            );
            return self.line_end(at);
        }
        // A bare name on the last line reads like one followed by a line break.
        let (key_end, separator) = separator.unwrap_or((self.text.len(), '\n'));
        let key = self
            .text
            .get(key_start..key_end)
            .unwrap_or_default()
            .trim_end();
        if let Some((i, space)) = key.char_indices().find(|(_, c)| c.is_whitespace()) {
            let at = key_start + i;
            self.error(
                format!("variable name `{key}` contains a space"),
                self.span(at, at + space.len_utf8()),
                "a space is not allowed in a variable name",
                "remove the space or write `_` instead",
            );
            return self.line_end(key_start);
        }
        if key.is_empty() {
            self.error(
                "missing variable name".to_owned(),
                self.span(key_end, key_end + separator.len_utf8()),
                "a name must come before this",
                "write the variable's name before the value, as in `NAME=value`",
            );
            return self.line_end(key_end);
        }
        if separator == '\n' {
            let found = self
                .lookup
                .get(key)
                .or_else(|| self.vars.get(key))
                .or_else(|| self.below.get(key))
                .cloned();
            if let Some(value) = found {
                self.vars.insert(key.to_owned(), value);
            }
            return key_end;
        }
        let value_start = key_end + 1;
        let value_start = value_start + self.rest(value_start).len()
            - self.rest(value_start).trim_start_matches(is_blank).len();
        let statement = self.span(key_start, value_start);
        match self.rest(value_start).chars().next() {
            Some(quote @ ('"' | '\'')) => self.quoted(key, value_start, quote),
            _ => self.unquoted(key, value_start, statement),
        }
    }

    fn unquoted(&mut self, key: &str, start: usize, statement: Span) -> usize {
        let end = self.line_end(start);
        let line = self.text.get(start..end).unwrap_or_default();
        let raw = line.find(" #").map_or(line, |i| &line[..i]).trim_end();
        let span = self.span(start, start + raw.len());
        let value = self.expand(raw, Locator::Exact { span, offset: 0 });
        let origin = if raw.is_empty() { statement } else { span };
        self.set(key, value, origin);
        end
    }

    fn quoted(&mut self, key: &str, open: usize, quote: char) -> usize {
        let body_start = open + 1;
        let mut raw = String::new();
        let mut escaped = false;
        let mut close = None;
        for (i, c) in self.rest(body_start).char_indices() {
            if escaped {
                escaped = false;
                // An escaped quote loses its backslash; other escapes are kept for later.
                if c != quote {
                    raw.push('\\');
                }
                raw.push(c);
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                close = Some(body_start + i);
                break;
            } else {
                raw.push(c);
            }
        }
        let Some(close) = close else {
            self.error(
                "unterminated quoted value".to_owned(),
                self.span(open, body_start),
                "this quote is never closed",
                "close the quote with the same character; a quoted value may span lines",
            );
            return self.line_end(open);
        };
        let origin = self.span(open, close + 1);
        let value = if quote == '"' {
            let body = self.text.get(body_start..close).unwrap_or_default();
            let locator = if body.contains('\\') {
                Locator::Whole(origin)
            } else {
                Locator::Exact {
                    span: self.span(body_start, close),
                    offset: 0,
                }
            };
            self.expand(&unescape(&raw), locator)
        } else {
            raw
        };
        self.set(key, value, origin);
        close + 1
    }

    /// Interpolates a value; on errors the value is kept as written.
    fn expand(&mut self, raw: &str, locator: Locator) -> String {
        if !raw.contains('$') {
            return raw.to_owned();
        }
        let lookup = FileLookup {
            outer: self.lookup,
            earlier: &self.vars,
            below: self.below,
        };
        let expansion = template::expand(raw, &lookup);
        for problem in &expansion.problems {
            self.diagnostics
                .push(interpolate::diagnostic(problem, raw, &locator));
        }
        if expansion.has_errors() {
            raw.to_owned()
        } else {
            expansion.value
        }
    }

    fn set(&mut self, key: &str, value: String, origin: Span) {
        let value = EnvValue {
            value,
            origin: Some(origin),
        };
        self.vars.insert(key.to_owned(), value);
    }

    fn error(&mut self, message: String, at: Span, label: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(&rules::ENV_FILE_SYNTAX, message)
                .at(at)
                .label(label)
                .help(help),
        );
    }
}

/// The blanks compose-go allows around names and separators (no line break).
fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

/// A character as a message shows it: control characters escaped.
fn shown(c: char) -> String {
    if c.is_control() {
        c.escape_debug().to_string()
    } else {
        c.to_string()
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || matches!(c, '_' | '.' | '-' | '[' | ']')
}

/// Expands the escapes of a double-quoted value. `\$` becomes `$$`, which the
/// interpolation that follows turns into a literal `$`. Unknown escapes stay as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i..];
        let consumed = match escape.as_bytes().get(1) {
            Some(b'a') => push(&mut out, "\u{7}"),
            Some(b'b') => push(&mut out, "\u{8}"),
            Some(b'f') => push(&mut out, "\u{c}"),
            Some(b'n') => push(&mut out, "\n"),
            Some(b'r') => push(&mut out, "\r"),
            Some(b't') => push(&mut out, "\t"),
            Some(b'v') => push(&mut out, "\u{b}"),
            Some(b'"') => push(&mut out, "\""),
            Some(b'\\') => push(&mut out, "\\"),
            Some(b'$') => push(&mut out, "$$"),
            Some(b'0') => {
                let digits = escape
                    .bytes()
                    .skip(2)
                    .take(3)
                    .take_while(u8::is_ascii_digit)
                    .count();
                let written = escape.get(..2 + digits).unwrap_or(escape);
                match octal(escape.get(2..2 + digits).unwrap_or_default()) {
                    Some(c) => out.push(c),
                    None => out.push_str(written),
                }
                written.len()
            }
            _ => {
                out.push('\\');
                1
            }
        };
        rest = escape.get(consumed..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn push(out: &mut String, text: &str) -> usize {
    out.push_str(text);
    2
}

/// Three octal digits worth at most 255, as the character with that code point.
fn octal(digits: &str) -> Option<char> {
    if digits.len() != 3 {
        return None;
    }
    u8::from_str_radix(digits, 8).ok().map(char::from)
}

#[cfg(test)]
mod tests;
