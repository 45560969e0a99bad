//! `environment`, `env_file` and `label_file`: the containers' variables and labels,
//! complete in the stack, so that nothing depends on the files or the shell at deploy.
//!
//! Input: `env_file: app.env` plus `environment: {MODE: production, TOKEN: null}`.
//! Output: one sorted `environment` map, with compose's precedence: `environment` over
//! the env files, a later env file over an earlier one. An entry written without a
//! value takes the value of the variable compose would use (process, site, `.env`);
//! when there is none, compose passes nothing, so the entry is left out (even if an
//! env file sets it) and reported. Label files are inlined into the container labels
//! the same way, under `labels`.

use std::collections::BTreeMap;

use crate::compose::{FileVariable, Service};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::Span;
use crate::swarm;

use super::Cx;

/// Where a variable's value came from, for diagnostics.
struct Value {
    text: String,
    /// Where it was written in an env file.
    origin: Option<Span>,
}

pub(super) fn environment(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let mut vars: BTreeMap<String, Value> = BTreeMap::new();
    for file in &service.env_file {
        let Some(variables) = &file.variables else {
            continue;
        };
        inline_report(
            cx,
            &file.path.value.written,
            file.path.span,
            "environment",
            variables.len(),
        );
        insert_all(&mut vars, variables);
    }
    for (name, entry) in service.environment.iter() {
        match &entry.value {
            Some(value) => {
                vars.insert(
                    name.to_owned(),
                    Value {
                        text: value.value.to_string(),
                        origin: None,
                    },
                );
            }
            None => match cx.env().get(name) {
                Some(value) => {
                    vars.insert(
                        name.to_owned(),
                        Value {
                            text: value.value.clone(),
                            origin: None,
                        },
                    );
                }
                None => {
                    let from_file = vars.remove(name).and_then(|v| v.origin);
                    let mut diagnostic = Diagnostic::new(
                        &rules::ENVIRONMENT_UNRESOLVED,
                        format!("`{name}` has no value and is not set when compiling"),
                    )
                    .at(entry.key)
                    .label("left out")
                    .help(format!(
                        "set `{name}` when compiling (shell, `.env`, site profile), give it a value here, or remove it"
                    ));
                    if let Some(origin) = from_file {
                        diagnostic =
                            diagnostic.also(origin, "compose does not use this value either");
                    }
                    cx.report(diagnostic);
                }
            },
        }
    }
    out.environment = vars.into_iter().map(|(k, v)| (k, v.text)).collect();

    // Labels from files, below the ones written in `labels`.
    let mut labels: BTreeMap<String, Value> = BTreeMap::new();
    for file in &service.label_file {
        let Some(variables) = &file.labels else {
            continue;
        };
        inline_report(
            cx,
            &file.path.value.written,
            file.path.span,
            "labels",
            variables.len(),
        );
        insert_all(&mut labels, variables);
    }
    // The container pass, which runs later, writes `labels` over these.
    out.labels
        .extend(labels.into_iter().map(|(name, value)| (name, value.text)));
}

fn insert_all(into: &mut BTreeMap<String, Value>, variables: &[FileVariable]) {
    for variable in variables {
        into.insert(
            variable.name.to_string(),
            Value {
                text: variable.value.to_string(),
                origin: variable.origin,
            },
        );
    }
}

fn inline_report(cx: &mut Cx<'_>, written: &str, span: Span, into: &str, count: usize) {
    let (noun, verb) = match (into, count) {
        ("labels", 1) => ("label", "is"),
        ("labels", _) => ("labels", "are"),
        (_, 1) => ("variable", "is"),
        _ => ("variables", "are"),
    };
    cx.report(
        Diagnostic::new(
            &rules::ENV_FILE_INLINED,
            format!("the {count} {noun} of `{written}` {verb} written into `{into}`"),
        )
        .at(span)
        .help(if into == "labels" {
            "nothing to do; the stack no longer needs the file"
        } else {
            "nothing to do; keep secrets out of env files and use swarm secrets for them"
        }),
    );
}
