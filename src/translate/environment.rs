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

use crate::compose::{FileVariable, Mapping, MappingEntry, Service};
use crate::diagnostic::Diagnostic;
use crate::env::Environment;
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
    let mut files: Vec<&[FileVariable]> = Vec::new();
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
        files.push(variables);
    }
    let (vars, unresolved) = resolve(&files, &service.environment, cx.env());
    for (entry, from_file) in unresolved {
        let name = &entry.name;
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
            diagnostic = diagnostic.also(origin, "compose does not use this value either");
        }
        cx.report(diagnostic);
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

/// An `environment` entry nothing sets, and where an env file had set it.
type Unresolved<'m> = (&'m MappingEntry, Option<Span>);

/// The service's variables with compose's precedence: the env files in order (a later
/// one wins), then `environment`, whose entries without a value take the variable from
/// `env`. Also the entries nothing sets, each with where an env file had set it (compose
/// passes such a variable to nobody, not even with the file's value).
fn resolve<'m>(
    files: &[&[FileVariable]],
    environment: &'m Mapping,
    env: &Environment,
) -> (BTreeMap<String, Value>, Vec<Unresolved<'m>>) {
    let mut vars: BTreeMap<String, Value> = BTreeMap::new();
    for variables in files {
        insert_all(&mut vars, variables);
    }
    let mut unresolved = Vec::new();
    for (name, entry) in environment.iter() {
        let text = match &entry.value {
            Some(value) => value.value.to_string(),
            None => match env.get(name) {
                Some(value) => value.value.clone(),
                None => {
                    let from_file = vars.remove(name).and_then(|v| v.origin);
                    unresolved.push((entry, from_file));
                    continue;
                }
            },
        };
        vars.insert(name.to_owned(), Value { text, origin: None });
    }
    (vars, unresolved)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{ListOrMap, Text};
    use crate::env::EnvValue;
    use crate::source::{SourceKind, Sources};
    use crate::spanned::Spanned;

    #[test]
    fn environment_beats_later_files_which_beat_earlier_ones() {
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, "0123456789".to_owned());
        let span = Span::new(id, 1, 2);
        let var = |name: &str, value: &str| FileVariable {
            name: Text::new(name),
            value: Text::new(value),
            origin: Some(span),
        };
        let first = [var("A", "first"), var("B", "first"), var("GONE", "file")];
        let second = [var("B", "second"), var("C", "second")];
        let entry = |name: &str, value: Option<&str>| MappingEntry {
            name: Text::new(name),
            key: span,
            value: value.map(|v| Spanned::new(Text::new(v), span)),
        };
        let environment = Mapping::from_unique(
            vec![
                entry("C", Some("environment")),
                entry("SHELL_VAR", None),
                entry("GONE", None),
            ],
            ListOrMap::Map,
        );
        let mut env = Environment::new();
        env.add_layer([(
            "SHELL_VAR".to_owned(),
            EnvValue {
                value: "shell".to_owned(),
                origin: None,
            },
        )]);
        let (vars, unresolved) = resolve(&[&first, &second], &environment, &env);
        let vars: Vec<(&str, &str)> = vars
            .iter()
            .map(|(k, v)| (k.as_str(), v.text.as_str()))
            .collect();
        assert_eq!(
            vars,
            [
                ("A", "first"),
                ("B", "second"),
                ("C", "environment"),
                ("SHELL_VAR", "shell")
            ]
        );
        assert_eq!(unresolved.len(), 1);
        assert_eq!(unresolved[0].0.name, "GONE");
        assert_eq!(unresolved[0].1, Some(span));
    }
}
