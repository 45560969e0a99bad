//! One warning per unset variable. A project that reads `${REGISTRY}` in every service
//! would otherwise get the same warning thirty times, burying everything else; the
//! first use carries the warning and every other use is a secondary label on it. When
//! the project has no `.env` but an env file sits beside it (`.env.tpl`, `prod.env`),
//! the variables are most likely meant to come from there, and the help says so.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;

/// Merges the `SW203` warnings about one variable into the one at its first use, in the
/// order files were read; the others become its secondary labels.
pub fn group_unset_variables(diagnostics: &mut Diagnostics) {
    if diagnostics
        .iter()
        .filter(|d| d.rule.code == rules::VARIABLE_NOT_SET.code)
        .nth(1)
        .is_none()
    {
        return;
    }
    let mut items = diagnostics.take_items();
    let place = |d: &Diagnostic| d.primary.as_ref().map(|l| (l.span.source, l.span.start));
    let mut unset: Vec<Diagnostic> = Vec::new();
    items.retain(|d| {
        let is_unset = d.rule.code == rules::VARIABLE_NOT_SET.code;
        if is_unset {
            unset.push(d.clone());
        }
        !is_unset
    });
    unset.sort_by_key(|d| (place(d).is_none(), place(d)));
    let mut grouped: Vec<Diagnostic> = Vec::new();
    for diagnostic in unset {
        match grouped.iter_mut().find(|g| g.message == diagnostic.message) {
            Some(first) => {
                if let Some(primary) = diagnostic.primary {
                    if first.primary.as_ref() != Some(&primary)
                        && !first.secondary.iter().any(|l| l.span == primary.span)
                    {
                        first.secondary.push(Label {
                            span: primary.span,
                            text: Some("also used here".to_owned()),
                        });
                    }
                }
            }
            None => grouped.push(diagnostic),
        }
    }
    for diagnostic in &mut grouped {
        if !diagnostic.secondary.is_empty() {
            diagnostic.notes.push(format!(
                "used {} times; each use becomes an empty string",
                diagnostic.secondary.len() + 1
            ));
        }
    }
    for diagnostic in items.into_iter().chain(grouped) {
        diagnostics.push(diagnostic);
    }
}

/// The env files beside a project that has no `.env`, by name: `*.env` and `.env.*`.
pub fn env_file_candidates(names: &[String]) -> Vec<&str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|name| *name != ".env" && (name.ends_with(".env") || name.starts_with(".env.")))
        .collect()
}

/// Adds to each `SW203` warning's help that the project has no `.env` and which env
/// files sit beside the compose file instead.
pub fn hint_env_files(diagnostics: &mut Diagnostics, candidates: &[&str]) {
    if candidates.is_empty() {
        return;
    }
    let files = candidates
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = format!(
        "there is no `.env` beside the compose file, but there is {files}: copy it to `.env` and fill it in, or pass it with `--env-file`"
    );
    for diagnostic in diagnostics.iter_mut() {
        if diagnostic.rule.code == rules::VARIABLE_NOT_SET.code {
            diagnostic.help = Some(match diagnostic.help.take() {
                Some(help) => format!("{help}; {hint}"),
                None => hint.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_beside_the_project_are_candidates() {
        let names: Vec<String> = [".env.tpl", "README.md", "compose.yaml", "prod.env", "env"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(env_file_candidates(&names), [".env.tpl", "prod.env"]);
    }
}
