//! The state lowering carries (the diagnostics sink and the base directories) and the
//! few diagnostic shapes every reader shares, so that all messages read the same way.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::{self, Rule};
use crate::source::{SourceId, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{Key, Node};

pub(super) struct Cx<'a> {
    diagnostics: &'a mut Diagnostics,
    bases: &'a dyn Fn(SourceId) -> PathBuf,
    /// The base directory asked for last; paths come in runs from the same file.
    base: Option<(SourceId, PathBuf)>,
    /// How many more ports the stack may publish (see [`MAX_PORTS`]); `None` once an
    /// entry went past the limit, after which every entry is left out.
    pub(super) ports_left: Option<usize>,
}

/// The most ports a stack publishes, all services together, counting each port of a
/// range: docker expands ranges into single ports, and so does this compiler.
pub(crate) const MAX_PORTS: usize = 10_000;

/// Where a value sits, for messages: "`deploy`", "service `web`", "an item of `ports`".
#[derive(Clone, Copy, Debug)]
pub(super) enum Place<'a> {
    Top,
    Service(&'a str),
    Key(&'a str),
    Item(&'a str),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Top => f.write_str("the top level"),
            Place::Service(name) => write!(f, "service `{name}`"),
            Place::Key(key) => write!(f, "`{key}`"),
            Place::Item(key) => write!(f, "an item of `{key}`"),
        }
    }
}

impl<'a> Cx<'a> {
    pub(super) fn new(
        bases: &'a dyn Fn(SourceId) -> PathBuf,
        diagnostics: &'a mut Diagnostics,
    ) -> Cx<'a> {
        Cx {
            diagnostics,
            bases,
            base: None,
            ports_left: Some(MAX_PORTS),
        }
    }

    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The directory relative paths written in `source` are relative to.
    pub(super) fn base(&mut self, source: SourceId) -> &Path {
        let stale = self.base.as_ref().is_none_or(|(id, _)| *id != source);
        if stale {
            self.base = Some((source, (self.bases)(source)));
        }
        self.base
            .as_ref()
            .map_or(Path::new("/"), |(_, dir)| dir.as_path())
    }

    /// `expected a list for `ports`, found a mapping`, at the value.
    pub(super) fn wrong_type(&mut self, node: &Node, place: Place<'_>, expected: &str) {
        let found = node.describe();
        self.push(
            at_node(
                Diagnostic::new(
                    &rules::INVALID_TYPE,
                    format!("expected {expected} for {place}, found {found}"),
                ),
                node,
            )
            .help(format!("write {expected} here")),
        );
    }

    /// A string field written as a number or boolean, which compose refuses.
    pub(super) fn unquoted(&mut self, node: &Node, place: Place<'_>) {
        let text = node.as_scalar().map_or("", |s| s.text.as_str());
        let found = node.describe();
        self.push(
            at_node(
                Diagnostic::new(
                    &rules::INVALID_TYPE,
                    format!("expected a string for {place}, found {found}"),
                ),
                node,
            )
            .help(format!("quote the value: \"{text}\"")),
        );
    }

    pub(super) fn unknown_key(&mut self, key: &Key, place: Place<'_>, known: &[&str]) {
        let message = match place {
            Place::Top => format!("unknown top-level key `{}`", key.text),
            _ => format!("unknown key `{}` in {place}", key.text),
        };
        let help = match did_you_mean(&key.text, known) {
            Some(suggestion) => format!("rename it to `{suggestion}`"),
            None => "remove it, or start its name with `x-` to keep it as an extension".to_owned(),
        };
        self.push(
            Diagnostic::new(&rules::UNKNOWN_KEY, message)
                .at(key.span)
                .help(help),
        );
    }

    /// A value of the right type whose content compose refuses.
    pub(super) fn invalid(&mut self, node: &Node, message: String, help: impl Into<String>) {
        self.push(at_node(Diagnostic::new(&rules::INVALID_VALUE, message), node).help(help));
    }

    /// Like [`Cx::invalid`], pointing at part of a scalar (see [`sub_span`]).
    pub(super) fn invalid_part(
        &mut self,
        node: &Node,
        range: (usize, usize),
        message: String,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::new(&rules::INVALID_VALUE, message)
            .at(sub_span(node, range.0, range.1))
            .help(help);
        self.push(with_origins(diagnostic, node));
    }

    /// An enumerated value that is not one of `allowed`.
    pub(super) fn not_one_of(
        &mut self,
        node: &Node,
        place: Place<'_>,
        text: &str,
        allowed: &[&str],
    ) {
        let list = ticked(allowed);
        let help = match did_you_mean(text, allowed) {
            Some(suggestion) => format!("use `{suggestion}` (one of {list})"),
            None => format!("use one of {list}"),
        };
        self.invalid(node, format!("invalid value `{text}` for {place}"), help);
    }

    pub(super) fn missing(&mut self, span: Span, message: String, help: impl Into<String>) {
        self.push(
            Diagnostic::new(&rules::MISSING_REQUIRED_KEY, message)
                .at(span)
                .help(help),
        );
    }

    pub(super) fn report(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
    ) -> Report<'_, 'a> {
        Report {
            cx: self,
            diagnostic: Some(Diagnostic::new(rule, message).at(span)),
        }
    }
}

/// A diagnostic being built that is pushed when dropped, for the less common shapes.
pub(super) struct Report<'r, 'a> {
    cx: &'r mut Cx<'a>,
    diagnostic: Option<Diagnostic>,
}

impl Report<'_, '_> {
    pub(super) fn help(mut self, text: impl Into<String>) -> Self {
        self.diagnostic = self.diagnostic.take().map(|d| d.help(text));
        self
    }

    pub(super) fn also(mut self, span: Span, text: impl Into<String>) -> Self {
        self.diagnostic = self.diagnostic.take().map(|d| d.also(span, text));
        self
    }
}

impl Drop for Report<'_, '_> {
    fn drop(&mut self) {
        if let Some(diagnostic) = self.diagnostic.take() {
            self.cx.push(diagnostic);
        }
    }
}

/// Places the primary label on `node` and, when its value was interpolated, adds a
/// secondary label where each variable was set.
pub(super) fn at_node(diagnostic: Diagnostic, node: &Node) -> Diagnostic {
    with_origins(diagnostic.at(node.span), node)
}

fn with_origins(mut diagnostic: Diagnostic, node: &Node) -> Diagnostic {
    if let Some(origins) = node.as_scalar().and_then(|s| s.origins.as_deref()) {
        for origin in origins {
            diagnostic = diagnostic.also(*origin, "the value comes from here");
        }
    }
    diagnostic
}

/// The span of bytes `from..to` of a scalar's text, when the text maps onto the source
/// one to one (plain, or quoted without escapes, and not interpolated); otherwise the
/// whole scalar.
pub(super) fn sub_span(node: &Node, from: usize, to: usize) -> Span {
    let Some(scalar) = node.as_scalar() else {
        return node.span;
    };
    if scalar.origins.is_some() {
        return node.span;
    }
    let len = scalar.text.len();
    if len == 0 {
        return node.span;
    }
    if node.span.len() == len {
        node.span.slice(from, to)
    } else if node.span.len() == len + 2 {
        node.span.slice(from + 1, to + 1)
    } else {
        node.span
    }
}

/// "`a`, `b` or `c`".
pub(super) fn ticked(values: &[&str]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == values.len() { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(value);
        out.push('`');
    }
    out
}

impl Cx<'_> {
    /// An entry written twice in a list compose wants unique.
    pub(super) fn duplicate(&mut self, span: Span, value: &str, first: Span, list: &str) {
        self.report(
            &rules::DUPLICATE_ENTRY,
            span,
            format!("`{value}` appears twice in `{list}`"),
        )
        .also(first, "first written here")
        .help("remove one of the two entries");
    }
}

/// `value`, spanned by bytes `range` of the scalar `node` (see [`sub_span`]).
pub(super) fn part_of<T>(
    node: &Node,
    value: T,
    range: (usize, usize),
) -> crate::spanned::Spanned<T> {
    crate::spanned::Spanned {
        value,
        span: sub_span(node, range.0, range.1),
        origins: node.as_scalar().and_then(|s| s.origins.clone()),
    }
}
