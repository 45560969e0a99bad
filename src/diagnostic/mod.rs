//! The one shape every user-facing problem takes, from a YAML syntax error to a task
//! that no node can run. Stages push [`Diagnostic`]s into a [`Diagnostics`] sink and
//! carry on, so that one run reports every problem it can find; only the renderers in
//! `report` turn them into text.

mod diagnostics;

pub use diagnostics::{Diagnostics, Hidden, KEPT_PER_RULE};

use crate::rules::Rule;
use crate::source::Span;

/// How much a diagnostic matters. The order is significant: `Error` is the greatest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A highlighted piece of source with an optional caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

/// One problem, decision or note, tied to the rule that defines it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// A short lowercase phrase; user values in backticks; no trailing period.
    pub message: String,
    /// The offending key or value; `None` only when no source location exists.
    pub primary: Option<Label>,
    /// Other places that explain the problem, possibly in other files.
    pub secondary: Vec<Label>,
    /// What to do about it, in the imperative.
    pub help: Option<String>,
    /// Background facts about swarm.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity and no location yet.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Places the primary label on `span`.
    #[must_use]
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.primary = Some(Label { span, text: None });
        self
    }

    /// Places the primary label on `span`, when there is one.
    #[must_use]
    pub fn at_opt(self, span: Option<Span>) -> Diagnostic {
        match span {
            Some(span) => self.at(span),
            None => self,
        }
    }

    /// Captions the primary label.
    #[must_use]
    pub fn label(mut self, text: impl Into<String>) -> Diagnostic {
        if let Some(primary) = &mut self.primary {
            primary.text = Some(text.into());
        }
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn also(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: Some(text.into()),
        });
        self
    }

    #[must_use]
    pub fn help(mut self, text: impl Into<String>) -> Diagnostic {
        self.help = Some(text.into());
        self
    }

    #[must_use]
    pub fn note(mut self, text: impl Into<String>) -> Diagnostic {
        self.notes.push(text.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

impl Diagnostic {
    /// Places the primary label on a typed value and, when the value was interpolated,
    /// adds a secondary label at each place its variables were set.
    #[must_use]
    pub fn at_value<T>(mut self, value: &crate::spanned::Spanned<T>) -> Diagnostic {
        self = self.at(value.span);
        for origin in value.origins() {
            self = self.also(*origin, "the value comes from here");
        }
        self
    }
}
