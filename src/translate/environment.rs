//! `environment`, `env_file` and `label_file`: the containers' variables and labels,
//! in the stack, so that nothing depends on the files at deploy, and nothing of the
//! machine that compiles lands in the stack.
//!
//! Input: `env_file: app.env` plus `environment: {MODE: production, TOKEN: null}`.
//! Output: one sorted `environment` map, with compose's precedence: `environment` over
//! the env files, a later env file over an earlier one. An entry written without a
//! value takes the value of the project (`.env`, `--env-file`, the site's `env`); one
//! that only the process environment sets, or nothing, is written without a value, for
//! `docker stack deploy` to fill from the deployer's environment, and reported. An
//! empty value is reported too, because docker's loader replaces it with the
//! deployer's variable. Label files are inlined into the container labels the same
//! way, under `labels`.

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
    /// `None` for an entry left for the deployer's environment.
    text: Option<String>,
    /// Where it was written: an env file's line, a value in `environment`, or the
    /// `.env` or site line an entry without a value took.
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
    let (vars, deferred) = resolve(&files, &service.environment, cx.env());
    for deferred in deferred {
        report_deferred(cx, &deferred);
    }
    for (name, value) in &vars {
        if value.text.as_deref() == Some("")
            && let Some(origin) = value.origin
        {
            cx.report(
                Diagnostic::new(
                    &rules::ENVIRONMENT_EMPTY_REPLACED,
                    format!("`{name}` is empty, and `docker stack deploy` replaces an empty value with the deployer's `{name}`"),
                )
                .at(origin)
                .label("empty in the stack")
                .help(format!(
                    "remove `{name}` if the service does not need it, or make sure no deployer sets it"
                )),
            );
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
    out.labels.extend(
        labels
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.text?))),
    );
}

/// An `environment` entry without a value that the project does not set: whether the
/// process environment sets it, and where an env file had set it.
struct Deferred<'m> {
    entry: &'m MappingEntry,
    set_when_compiling: bool,
    from_file: Option<Span>,
}

fn report_deferred(cx: &mut Cx<'_>, deferred: &Deferred<'_>) {
    let name = &deferred.entry.name;
    let mut diagnostic = if deferred.set_when_compiling {
        Diagnostic::new(
            &rules::ENVIRONMENT_FROM_DEPLOYER,
            format!(
                "`{name}` is set only in the environment swarmc runs in, so the stack leaves it to the deployer's environment"
            ),
        )
        .at(deferred.entry.key)
        .label("written without a value")
        .help(format!(
            "nothing to do if the deployer sets `{name}`; to fix its value, set it in `.env`, an `--env-file` or the site profile's `env`"
        ))
    } else {
        Diagnostic::new(
            &rules::ENVIRONMENT_UNRESOLVED,
            format!("`{name}` has no value and the project does not set it"),
        )
        .at(deferred.entry.key)
        .label("written without a value, for the deployer's environment")
        .help(format!(
            "set `{name}` in `.env`, an `--env-file` or the site profile, give it a value here, or remove it"
        ))
    };
    if let Some(origin) = deferred.from_file {
        diagnostic = diagnostic.also(origin, "compose does not use this value either");
    }
    cx.report(diagnostic);
}

/// The service's variables with compose's precedence: the env files in order (a later
/// one wins), then `environment`, whose entries without a value take the variable from
/// the project's part of `env`. Also the entries left for the deployer, each with where
/// an env file had set it (compose passes such a variable without the file's value).
fn resolve<'m>(
    files: &[&[FileVariable]],
    environment: &'m Mapping,
    env: &Environment,
) -> (BTreeMap<String, Value>, Vec<Deferred<'m>>) {
    // Collected in precedence order, lowest first, and sorted once at the end: building
    // the map from the list keeps the last value written for a name, as inserting
    // them one by one would, without a tree search for each of them.
    let mut vars: Vec<(String, Value)> =
        Vec::with_capacity(files.iter().map(|f| f.len()).sum::<usize>() + environment.len());
    for variables in files {
        vars.extend(variables.iter().map(file_value));
    }
    let mut deferred = Vec::new();
    for (name, entry) in environment.iter() {
        // Only an entry without a value looks its variable up.
        let set = match &entry.value {
            Some(_) => None,
            None => env.get(name),
        };
        let value = match (&entry.value, set) {
            (Some(value), _) => Value {
                text: Some(value.value.to_string()),
                origin: Some(value.span),
            },
            (None, Some(value)) if !value.is_from_process() => Value {
                text: Some(value.value.clone()),
                origin: Some(entry.key),
            },
            (None, set) => {
                // The env files' value, the last one written (`environment` names each
                // variable once).
                let from_file = vars
                    .iter()
                    .rev()
                    .find(|(written, _)| written == name)
                    .and_then(|(_, v)| v.origin);
                deferred.push(Deferred {
                    entry,
                    set_when_compiling: set.is_some(),
                    from_file,
                });
                Value {
                    text: None,
                    origin: None,
                }
            }
        };
        vars.push((name.to_owned(), value));
    }
    (vars.into_iter().collect(), deferred)
}

fn insert_all(into: &mut BTreeMap<String, Value>, variables: &[FileVariable]) {
    into.extend(variables.iter().map(file_value));
}

fn file_value(variable: &FileVariable) -> (String, Value) {
    (
        variable.name.to_string(),
        Value {
            text: Some(variable.value.to_string()),
            origin: variable.origin,
        },
    )
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
    fn environment_beats_later_files_and_only_project_values_fill_entries() {
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, "0123456789".to_owned());
        let span = Span::new(id, 1, 2);
        let dotenv_line = Span::new(id, 3, 4);
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
                entry("DOTENV_VAR", None),
                entry("GONE", None),
            ],
            ListOrMap::Map,
        );
        let mut env = Environment::new();
        env.add_layer([
            (
                "SHELL_VAR".to_owned(),
                EnvValue {
                    value: "shell".to_owned(),
                    origin: None,
                },
            ),
            (
                "DOTENV_VAR".to_owned(),
                EnvValue {
                    value: "dotenv".to_owned(),
                    origin: Some(dotenv_line),
                },
            ),
        ]);
        let (vars, deferred) = resolve(&[&first, &second], &environment, &env);
        let vars: Vec<(&str, Option<&str>)> = vars
            .iter()
            .map(|(k, v)| (k.as_str(), v.text.as_deref()))
            .collect();
        assert_eq!(
            vars,
            [
                ("A", Some("first")),
                ("B", Some("second")),
                ("C", Some("environment")),
                ("DOTENV_VAR", Some("dotenv")),
                ("GONE", None),
                ("SHELL_VAR", None),
            ]
        );
        let deferred: Vec<_> = deferred
            .iter()
            .map(|d| (d.entry.name.as_str(), d.set_when_compiling, d.from_file))
            .collect();
        assert_eq!(
            deferred,
            [("SHELL_VAR", true, None), ("GONE", false, Some(span))]
        );
    }
}
