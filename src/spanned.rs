//! A value of a typed model together with where it was written. Both typed models (the
//! compose model and the site model) wrap their leaves in [`Spanned`], so a diagnostic
//! raised long after parsing still points at the exact text.

use crate::source::Span;
use crate::yaml::Node;

#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    /// The value as written (for a key-value pair: the value, not the key).
    pub span: Span,
    /// Where values substituted by interpolation were written (`.env` lines, site
    /// profile values), when the value came through `${...}`.
    pub origins: Option<Box<Vec<Span>>>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned {
            value,
            span,
            origins: None,
        }
    }

    /// A value read from `node`, keeping the node's span and interpolation origins.
    pub fn from_node(value: T, node: &Node) -> Spanned<T> {
        let origins = node.as_scalar().and_then(|s| s.origins.clone());
        Spanned {
            value,
            span: node.span,
            origins,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
            origins: self.origins,
        }
    }

    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned {
            value: &self.value,
            span: self.span,
            origins: self.origins.clone(),
        }
    }

    pub fn origins(&self) -> &[Span] {
        self.origins.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
