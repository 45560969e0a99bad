//! What loading a project may cost in all. Each limit on its own (a file's size, the
//! files of a run, the depth of an `include` or `extends` chain) lets their product
//! grow: a 64 MiB file included with a thousand sets of variables or extended from a
//! thousand documents, or a large service extended by ten thousand others. The text
//! loaded for included projects, the text of the files `extends` names and the YAML
//! nodes copied from `extends` bases are counted over the whole run (a file each time
//! it is parsed, since one read once is parsed again for each set of variables and
//! each document), and the `include` or `extends` that takes any of them past its
//! limit is an `SW035` error where it is written; nothing more of that kind is loaded
//! after it.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;
use crate::yaml::{Node, NodeKind};

/// The most text loaded for included projects in one run (their compose and env
/// files), counted each time it is parsed.
pub(super) const MAX_INCLUDED_BYTES: usize = 256 << 20;

/// The most YAML nodes copied from `extends` bases in one run.
pub(super) const MAX_EXTENDED_NODES: usize = 250_000;

/// The most text of files named by `extends` parsed in one run, counted each time it
/// is parsed: each document of a project resolves its own `extends`, so a file that
/// many documents name is parsed for each of them.
pub(super) const MAX_EXTENDS_FILE_BYTES: usize = 256 << 20;

/// The most text of services' `env_file` and `label_file` files parsed in one run,
/// counted each time one is parsed: a file's `${...}` see the values of the service
/// that names it, so each service parses the files it names.
pub(super) const MAX_SERVICE_FILE_BYTES: usize = 256 << 20;

/// The work counted so far.
#[derive(Debug, Default)]
pub(super) struct Work {
    /// The text of every compose and env file parsed so far, included or not.
    parsed_bytes: usize,
    included_bytes: usize,
    extended_nodes: usize,
    extends_file_bytes: usize,
    service_file_bytes: usize,
    /// Set once a limit is passed and reported.
    exhausted: bool,
}

impl Work {
    /// Whether a limit was passed already: nothing more is included or extended.
    pub(super) fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// The text loaded for included projects so far.
    pub(super) fn included_bytes(&self) -> usize {
        self.included_bytes
    }

    /// Counts a file of `bytes` parsed (each time it is parsed).
    pub(super) fn parsed(&mut self, bytes: usize) {
        self.parsed_bytes = self.parsed_bytes.saturating_add(bytes);
    }

    /// The text parsed so far.
    pub(super) fn parsed_bytes(&self) -> usize {
        self.parsed_bytes
    }

    /// Whether `pending` more bytes of included text would pass the limit.
    pub(super) fn include_passes(&self, pending: usize) -> bool {
        self.included_bytes.saturating_add(pending) > MAX_INCLUDED_BYTES
    }

    /// Counts `bytes` of included text loaded by the `include` at `at`; false, after
    /// reporting it, when they take the run past [`MAX_INCLUDED_BYTES`].
    pub(super) fn include(
        &mut self,
        bytes: usize,
        at: Option<Span>,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if within(&mut self.included_bytes, bytes, MAX_INCLUDED_BYTES) {
            return true;
        }
        self.refuse(
            format!(
                "this `include` takes the text loaded for included projects to {} bytes, past the limit of {MAX_INCLUDED_BYTES}",
                self.included_bytes
            ),
            LOADING_HELP,
            at,
            diagnostics,
        )
    }

    /// Counts the nodes of `base`, copied by the `extends` at `at`; false, after
    /// reporting it, when they take the run past [`MAX_EXTENDED_NODES`].
    pub(super) fn extend(&mut self, base: &Node, at: Span, diagnostics: &mut Diagnostics) -> bool {
        if within(
            &mut self.extended_nodes,
            node_count(base),
            MAX_EXTENDED_NODES,
        ) {
            return true;
        }
        self.refuse(
            format!(
                "this `extends` takes the nodes copied from extended services to {}, past the limit of {MAX_EXTENDED_NODES}",
                self.extended_nodes
            ),
            LOADING_HELP,
            Some(at),
            diagnostics,
        )
    }

    /// Counts `bytes` of a file parsed for the `extends` at `at`; false, after
    /// reporting it, when they take the run past [`MAX_EXTENDS_FILE_BYTES`].
    pub(super) fn extends_file(
        &mut self,
        bytes: usize,
        at: Span,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if within(&mut self.extends_file_bytes, bytes, MAX_EXTENDS_FILE_BYTES) {
            return true;
        }
        self.refuse(
            format!(
                "this `extends` takes the text parsed for files it names to {} bytes, past the limit of {MAX_EXTENDS_FILE_BYTES}",
                self.extends_file_bytes
            ),
            LOADING_HELP,
            Some(at),
            diagnostics,
        )
    }

    /// Counts `bytes` of a service's env or label file parsed for the service that
    /// names it at `at`; false, after reporting it, when they take the run past
    /// [`MAX_SERVICE_FILE_BYTES`].
    pub(super) fn service_file(
        &mut self,
        bytes: usize,
        at: Span,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if within(&mut self.service_file_bytes, bytes, MAX_SERVICE_FILE_BYTES) {
            return true;
        }
        self.refuse(
            format!(
                "this file takes the text parsed for services' env and label files to {} bytes, past the limit of {MAX_SERVICE_FILE_BYTES}",
                self.service_file_bytes
            ),
            "name a smaller file from fewer services, or split the project into several stacks",
            Some(at),
            diagnostics,
        )
    }
    /// Reports, once, that the count `message` names passed its limit at `at`; false.
    fn refuse(
        &mut self,
        message: String,
        help: &str,
        at: Option<Span>,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if !self.exhausted {
            diagnostics.push(
                Diagnostic::new(&rules::LOAD_WORK_EXCEEDED, message)
                    .at_opt(at)
                    .help(help),
            );
        }
        self.exhausted = true;
        false
    }
}

/// What a refused `include` or `extends` advises.
const LOADING_HELP: &str =
    "share settings through a smaller base, or split the project into several stacks";

/// Adds `amount` to `total`; whether it stays within `limit`.
fn within(total: &mut usize, amount: usize, limit: usize) -> bool {
    *total = total.saturating_add(amount);
    *total <= limit
}

/// How many nodes `node` holds, itself included (a mapping's keys not counted).
fn node_count(node: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        count += 1;
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => stack.extend(items),
            NodeKind::Map(map) => stack.extend(map.iter().map(|(_, v)| v)),
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, Sources};

    #[test]
    fn counts_copied_nodes_and_reports_the_extends_past_the_limit_once() {
        let mut sources = Sources::new();
        let text = "a: [1, 2, {b: 3}]\n";
        let id = sources.add("c.yaml", None, SourceKind::Compose, text.to_owned());
        let mut diagnostics = Diagnostics::new();
        let node = crate::yaml::parse(sources.get(id), id, &mut diagnostics).remove(0);
        assert_eq!(node_count(&node), 6);
        let mut work = Work::default();
        let at = Span::new(id, 0, 1);
        for _ in 0..MAX_EXTENDED_NODES / 6 {
            assert!(work.extend(&node, at, &mut diagnostics));
        }
        assert!(!work.extend(&node, at, &mut diagnostics));
        assert!(!work.extend(&node, at, &mut diagnostics));
        assert!(work.exhausted());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics.iter().next().unwrap().rule.code, "SW035");
    }

    #[test]
    fn counts_included_text_and_reports_the_include_past_the_limit_once() {
        let mut sources = Sources::new();
        let id = sources.add("c.yaml", None, SourceKind::Compose, "a: 1\n".to_owned());
        let at = Some(Span::new(id, 0, 1));
        let mut diagnostics = Diagnostics::new();
        let mut work = Work::default();
        let file = 40 << 20;
        for _ in 0..MAX_INCLUDED_BYTES / file {
            assert!(!work.include_passes(file));
            assert!(work.include(file, at, &mut diagnostics));
        }
        assert!(work.include_passes(file));
        assert!(!work.include(file, at, &mut diagnostics));
        assert!(!work.include(file, at, &mut diagnostics));
        assert!(work.exhausted());
        let found: Vec<_> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            found,
            [format!(
                "this `include` takes the text loaded for included projects to {} bytes, past the limit of {MAX_INCLUDED_BYTES}",
                (MAX_INCLUDED_BYTES / file + 1) * file
            )]
        );
    }
}
