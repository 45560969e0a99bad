//! Lowering tests, one file per syntax family. Each test lowers a small compose text
//! and checks the model, or the diagnostics as (code, text under the primary label).

mod compose_go;
mod corpus;
mod deploy;
mod environment;
mod files;
mod keys;
mod networks;
mod perf;
mod ports;
mod references;
mod service;
mod units;
mod volumes;

use std::path::PathBuf;

use crate::compose::model::Project;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{SourceKind, Sources};
use crate::yaml;

/// The base directory every test file is in.
pub(super) const BASE: &str = "/project";

pub(super) struct Lowered {
    pub(super) project: Project,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) sources: Sources,
}

impl Lowered {
    /// `(code, text under the primary label)` of every diagnostic, in order.
    pub(super) fn found(&self) -> Vec<(&'static str, &str)> {
        self.diagnostics
            .iter()
            .map(|d| {
                let at = d.primary.as_ref().map_or("", |l| self.sources.text(l.span));
                (d.code(), at)
            })
            .collect()
    }

    pub(super) fn messages(&self) -> Vec<&str> {
        self.diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect()
    }

    /// The source text of a span.
    pub(super) fn text(&self, span: crate::source::Span) -> &str {
        self.sources.text(span)
    }
}

pub(super) fn lower_text(text: &str) -> Lowered {
    let mut sources = Sources::new();
    let id = sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let documents = yaml::parse(sources.get(id), id, &mut diagnostics);
    assert!(diagnostics.is_empty(), "the test text is not valid YAML");
    let tree = documents.into_iter().next().expect("one document");
    let bases = |_| PathBuf::from(BASE);
    let project = super::lower(&tree, &bases, &mut diagnostics);
    diagnostics.sort();
    Lowered {
        project,
        diagnostics: diagnostics.into_vec(),
        sources,
    }
}

/// Lowers `text`, which must produce no diagnostics.
pub(super) fn lower_ok(text: &str) -> Project {
    let lowered = lower_text(text);
    assert!(
        lowered.diagnostics.is_empty(),
        "unexpected diagnostics: {:?}\n{:?}",
        lowered.found(),
        lowered.messages()
    );
    lowered.project
}

/// A project with one service `web` whose body is `body` (indented by the caller by
/// four spaces), with `image` set unless the body sets it.
pub(super) fn service_text(body: &str) -> String {
    let image = if body.contains("image:") || body.contains("build:") {
        ""
    } else {
        "    image: nginx\n"
    };
    format!("services:\n  web:\n{image}{body}")
}

pub(super) fn lower_service(body: &str) -> Lowered {
    lower_text(&service_text(body))
}

pub(super) fn service_ok(body: &str) -> crate::compose::model::Service {
    let mut project = lower_ok(&service_text(body));
    project.services.swap_remove("web").expect("service web")
}
