//! compose's `$` grammar, shared by compose files and env files, with no notion of where
//! the text came from: [`expand`] returns the substituted text and every problem as a
//! byte range of the text, and the callers turn ranges into spans and diagnostics.
//!
//! The grammar is compose-go's (`template/template.go`):
//!
//! - `$$` is a literal `$`; `$NAME` and `${NAME}` substitute a variable, where a name is
//!   `[_A-Za-z][_A-Za-z0-9]*` and an unbraced name stops at the first other character;
//! - `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`,
//!   `${NAME:+alternative}` and `${NAME+alternative}`, with the colon meaning "unset or
//!   empty"; the operator is the first one after the name, so `${A-x?y}` defaults to `x?y`;
//! - defaults, alternatives and messages are templates themselves, and the closing brace
//!   is found by counting braces, so `${A:-${B:-x}}` and `${A:-{"json":1}}` work; when the
//!   braces do not balance, the last `}` of the line closes the expression, as compose's
//!   greedy pattern does; an expression never spans lines;
//! - a `$` that starts neither a name nor `{` nor `$` is literal (`a $ b`, `^x$`, `$1`),
//!   while `${` that does not start a valid expression is an error (`${}`, `${ A}`, `${A!}`).
//!
//! One deliberate difference: compose evaluates defaults and alternatives even when it
//! does not use them, and so warns about variables in branches that are never taken
//! (docker/compose#12637). Here branches are evaluated only when taken; untaken branches
//! are still checked for syntax errors, which compose reports too.

use std::ops::Range;

use super::EnvValue;
use crate::source::Span;

/// Expressions nested deeper than this are refused rather than recursed into.
pub(crate) const MAX_NESTING: usize = 64;

/// The longest value substitution may produce; variables that would make it longer are
/// left out and reported.
pub(crate) const MAX_VALUE_LEN: usize = 1024 * 1024;

/// Where [`expand`] reads variables.
pub(crate) trait Lookup {
    fn lookup(&self, name: &str) -> Option<&EnvValue>;

    /// Whether the variable's value must not be substituted (see
    /// [`ProblemKind::Secret`]).
    fn is_secret(&self, _name: &str) -> bool {
        false
    }
}

impl Lookup for super::Environment {
    fn lookup(&self, name: &str) -> Option<&EnvValue> {
        self.get(name)
    }

    fn is_secret(&self, name: &str) -> bool {
        super::Environment::is_secret(self, name)
    }
}

/// The result of expanding one text.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    pub value: String,
    /// Whether the text held any `$` expression (`$$` included).
    pub expanded: bool,
    /// Where the substituted values were written, in order of use, without repeats.
    pub origins: Vec<Span>,
    pub problems: Vec<Problem>,
}

impl Expansion {
    pub(crate) fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| !matches!(p.kind, ProblemKind::Unset { .. }))
    }
}

/// A problem with one `$` expression; `range` is the expression's bytes in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub kind: ProblemKind,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// `${` that does not start a valid expression; `reason` captions the label.
    Malformed { reason: String },
    /// `${NAME?message}` or `${NAME:?message}` whose variable is missing; `empty` when
    /// it is set but empty.
    Required {
        name: String,
        message: String,
        empty: bool,
    },
    /// `$NAME` or `${NAME}` whose variable is not set.
    Unset { name: String },
    /// Substituting this variable would make the value longer than [`MAX_VALUE_LEN`].
    TooLong { name: String },
    /// An expression inside [`MAX_NESTING`] others.
    TooDeep,
    /// A variable marked secret, whose value would be written where it is used.
    Secret { name: String },
}

/// Substitutes every `$` expression of `text`.
pub(crate) fn expand(text: &str, lookup: &dyn Lookup) -> Expansion {
    let mut expander = Expander {
        text,
        lookup,
        expansion: Expansion::default(),
    };
    let mut value = String::with_capacity(text.len());
    expander.segment(0, text.len(), 0, Mode::Eval, &mut value);
    let mut expansion = expander.expansion;
    expansion.value = value;
    expansion
}

/// How a segment is processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Substitute, and warn about unset variables.
    Eval,
    /// Substitute without warnings (the text of a `?` message).
    Quiet,
    /// A branch that is not taken: only look for syntax errors.
    Check,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    /// `-` and `:-`
    Default,
    /// `?` and `:?`
    Required,
    /// `+` and `:+`
    Alternative,
}

struct Expander<'a> {
    text: &'a str,
    lookup: &'a dyn Lookup,
    expansion: Expansion,
}

impl<'a> Expander<'a> {
    fn sub(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or_default()
    }

    fn byte(&self, at: usize, end: usize) -> Option<u8> {
        if at < end {
            self.text.as_bytes().get(at).copied()
        } else {
            None
        }
    }

    /// Expands `text[start..end]` into `out`.
    fn segment(&mut self, start: usize, end: usize, depth: usize, mode: Mode, out: &mut String) {
        let bytes = self.text.as_bytes();
        let mut literal = start;
        let mut at = start;
        while at < end {
            let Some(dollar) = bytes
                .get(at..end)
                .and_then(|rest| rest.iter().position(|&b| b == b'$'))
                .map(|p| at + p)
            else {
                break;
            };
            match self.byte(dollar + 1, end) {
                Some(b'$') => {
                    out.push_str(self.sub(literal..dollar));
                    out.push('$');
                    self.expansion.expanded = true;
                    at = dollar + 2;
                    literal = at;
                }
                Some(b'{') => {
                    out.push_str(self.sub(literal..dollar));
                    self.expansion.expanded = true;
                    at = self.braced(dollar, end, depth, mode, out);
                    literal = at;
                }
                Some(b) if is_name_start(b) => {
                    out.push_str(self.sub(literal..dollar));
                    self.expansion.expanded = true;
                    let name_end = self.name_end(dollar + 1, end);
                    if mode != Mode::Check {
                        self.variable(dollar + 1..name_end, dollar..name_end, mode, out);
                    }
                    at = name_end;
                    literal = at;
                }
                _ => at = dollar + 1,
            }
        }
        out.push_str(self.sub(literal..end));
    }

    fn name_end(&self, start: usize, end: usize) -> usize {
        let mut at = start;
        while self.byte(at, end).is_some_and(is_name_char) {
            at += 1;
        }
        at
    }

    /// Substitutes a plain variable, warning when it is not set.
    fn variable(
        &mut self,
        name: Range<usize>,
        expression: Range<usize>,
        mode: Mode,
        out: &mut String,
    ) {
        let name = self.sub(name);
        let lookup = self.lookup;
        match lookup.lookup(name) {
            Some(value) => self.substitute(name, value, expression, out),
            None if mode == Mode::Eval => self.problem(
                ProblemKind::Unset {
                    name: name.to_owned(),
                },
                expression,
            ),
            None => {}
        }
    }

    fn used(&mut self, origin: Option<Span>) {
        if let Some(origin) = origin {
            if !self.expansion.origins.contains(&origin) {
                self.expansion.origins.push(origin);
            }
        }
    }

    fn problem(&mut self, kind: ProblemKind, range: Range<usize>) {
        self.expansion.problems.push(Problem { kind, range });
    }

    fn malformed(&mut self, reason: impl Into<String>, range: Range<usize>) {
        self.problem(
            ProblemKind::Malformed {
                reason: reason.into(),
            },
            range,
        );
    }

    /// Handles the `${...}` that starts at `dollar`; returns where the text resumes.
    fn braced(
        &mut self,
        dollar: usize,
        end: usize,
        depth: usize,
        mode: Mode,
        out: &mut String,
    ) -> usize {
        let name_start = dollar + 2;
        let name_end = if self.byte(name_start, end).is_some_and(is_name_start) {
            self.name_end(name_start, end)
        } else {
            name_start
        };
        if name_end == name_start {
            let resume = self.expression_end(name_start, end);
            let reason = match self.char_at(name_start, end) {
                None | Some('\n') => "`${` is never closed".to_owned(),
                Some('}') => "the variable name is missing".to_owned(),
                Some(c) if c.is_whitespace() => {
                    "a variable name cannot start with a space".to_owned()
                }
                Some(c) => format!("a variable name cannot start with `{c}`"),
            };
            self.malformed(reason, dollar..resume);
            return resume;
        }
        let (operator, colon, argument_start) = match self.byte(name_end, end) {
            Some(b'}') => {
                if mode != Mode::Check {
                    self.variable(name_start..name_end, dollar..name_end + 1, mode, out);
                }
                return name_end + 1;
            }
            Some(b':') => match self.byte(name_end + 1, end).and_then(operator) {
                Some(op) => (op, true, name_end + 2),
                None => {
                    let resume = self.expression_end(name_end, end);
                    self.malformed("expected `-`, `+` or `?` after `:`", dollar..resume);
                    return resume;
                }
            },
            Some(b) => match operator(b) {
                Some(op) => (op, false, name_end + 1),
                None => {
                    let resume = self.expression_end(name_end, end);
                    let reason = match self.char_at(name_end, end) {
                        Some('\n') => "`${` is never closed".to_owned(),
                        Some(c) if c.is_whitespace() => {
                            "a variable name cannot contain a space".to_owned()
                        }
                        Some(c) => format!(
                            "`{c}` cannot follow a variable name; expected `}}`, `:-`, `-`, `:?`, `?`, `:+` or `+`"
                        ),
                        None => "`${` is never closed".to_owned(),
                    };
                    self.malformed(reason, dollar..resume);
                    return resume;
                }
            },
            None => {
                self.malformed("`${` is never closed", dollar..end);
                return end;
            }
        };
        let Some(close) = self.closing_brace(argument_start, end) else {
            let resume = self.line_end(argument_start, end);
            self.malformed("`${` is never closed", dollar..resume);
            return resume;
        };
        if depth >= MAX_NESTING {
            self.problem(ProblemKind::TooDeep, dollar..close + 1);
            return close + 1;
        }
        let argument = (argument_start, close);
        let expression = dollar..close + 1;
        if mode == Mode::Check {
            self.segment(argument.0, argument.1, depth + 1, Mode::Check, out);
            return close + 1;
        }
        let name = self.sub(name_start..name_end);
        let lookup = self.lookup;
        let found = lookup.lookup(name);
        let present = match found {
            Some(value) => !colon || !value.value.is_empty(),
            None => false,
        };
        match operator {
            Operator::Default if present => {
                self.take(name, found, expression.clone(), out);
                self.skip(argument, depth);
            }
            Operator::Default => self.segment(argument.0, argument.1, depth + 1, mode, out),
            Operator::Alternative if present => {
                self.segment(argument.0, argument.1, depth + 1, mode, out);
            }
            Operator::Alternative => self.skip(argument, depth),
            Operator::Required if present => {
                self.take(name, found, expression.clone(), out);
                self.skip(argument, depth);
            }
            Operator::Required => {
                let mut message = String::new();
                self.segment(argument.0, argument.1, depth + 1, Mode::Quiet, &mut message);
                let kind = ProblemKind::Required {
                    name: name.to_owned(),
                    message,
                    empty: found.is_some(),
                };
                self.problem(kind, expression);
            }
        }
        close + 1
    }

    fn take(
        &mut self,
        name: &str,
        found: Option<&'a EnvValue>,
        expression: Range<usize>,
        out: &mut String,
    ) {
        if let Some(value) = found {
            self.substitute(name, value, expression, out);
        }
    }

    /// Appends a variable's value, unless the result would be longer than
    /// [`MAX_VALUE_LEN`]: then the first such variable is reported and nothing more is
    /// appended, so that no text grows without bound.
    fn substitute(
        &mut self,
        name: &str,
        value: &EnvValue,
        expression: Range<usize>,
        out: &mut String,
    ) {
        if self.lookup.is_secret(name) {
            let name = name.to_owned();
            self.problem(ProblemKind::Secret { name }, expression);
            return;
        }
        if out.len().saturating_add(value.value.len()) > MAX_VALUE_LEN {
            let reported = self
                .expansion
                .problems
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::TooLong { .. }));
            if !reported {
                let name = name.to_owned();
                self.problem(ProblemKind::TooLong { name }, expression);
            }
            return;
        }
        out.push_str(&value.value);
        self.used(value.origin);
    }

    /// Checks a branch that is not taken.
    fn skip(&mut self, (start, end): (usize, usize), depth: usize) {
        let mut ignored = String::new();
        self.segment(start, end, depth + 1, Mode::Check, &mut ignored);
    }

    fn char_at(&self, at: usize, end: usize) -> Option<char> {
        if at >= end {
            return None;
        }
        self.text.get(at..end).and_then(|rest| rest.chars().next())
    }

    /// The `}` that closes an expression whose argument starts at `start`: the one that
    /// balances the braces, or else the last one on the line.
    fn closing_brace(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut depth = 1usize;
        let mut last = None;
        for (at, &b) in bytes.get(start..end)?.iter().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(start + at);
                    }
                    last = Some(start + at);
                }
                b'\n' => break,
                _ => {}
            }
        }
        last
    }

    /// Where a malformed expression ends, to resume after it: after its closing brace
    /// when it has one, else at the end of the line.
    fn expression_end(&self, start: usize, end: usize) -> usize {
        match self.closing_brace(start, end) {
            Some(close) => close + 1,
            None => self.line_end(start, end),
        }
    }

    fn line_end(&self, start: usize, end: usize) -> usize {
        self.text
            .as_bytes()
            .get(start..end)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(end, |p| start + p)
    }
}

fn operator(b: u8) -> Option<Operator> {
    match b {
        b'-' => Some(Operator::Default),
        b'?' => Some(Operator::Required),
        b'+' => Some(Operator::Alternative),
        _ => None,
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests;
