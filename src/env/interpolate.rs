//! Interpolation of a compose file's tree, as compose does it before anything else reads
//! the file: every scalar value (never a mapping key; `x-` extension values included)
//! has its `$` expressions substituted from the [`Environment`].
//!
//! A substituted scalar becomes a quoted string, because compose interpolates strings
//! and the typed readers later parse numbers and booleans out of strings where a key
//! wants them. It also remembers where each substituted value was written, so that a
//! later diagnostic about the value can point at the `.env` line that set it.

use std::ops::Range;

use super::Environment;
use super::template::{self, MAX_NESTING, Problem, ProblemKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;
use crate::yaml::{Node, NodeKind, Scalar, Style};

/// How many bytes substitution may add to one document, all values together: a YAML
/// alias repeats a value without repeating its text, so the per-value limit alone does
/// not bound the whole.
pub(crate) const MAX_ADDED_BYTES: usize = 64 * 1024 * 1024;

/// Substitutes variables in every scalar value of `node`.
pub fn interpolate(node: &mut Node, env: &Environment, diagnostics: &mut Diagnostics) {
    let mut budget = Budget {
        left: MAX_ADDED_BYTES,
        exhausted: false,
    };
    interpolate_node(node, env, &mut budget, diagnostics);
}

/// What substitution may still add to the document.
struct Budget {
    left: usize,
    /// Set once the budget ran out; the rest of the document is left as written.
    exhausted: bool,
}

fn interpolate_node(
    node: &mut Node,
    env: &Environment,
    budget: &mut Budget,
    diagnostics: &mut Diagnostics,
) {
    if budget.exhausted {
        return;
    }
    let span = node.span;
    match &mut node.kind {
        NodeKind::Scalar(scalar) => {
            // Most scalars hold no `$`; this check is the whole cost of interpolating them.
            if scalar.text.as_bytes().contains(&b'$') {
                interpolate_scalar(scalar, span, env, budget, diagnostics);
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                interpolate_node(item, env, budget, diagnostics);
            }
        }
        NodeKind::Map(map) => {
            for entry in &mut map.entries {
                interpolate_node(&mut entry.value, env, budget, diagnostics);
            }
        }
    }
}

fn interpolate_scalar(
    scalar: &mut Scalar,
    span: Span,
    env: &Environment,
    budget: &mut Budget,
    diagnostics: &mut Diagnostics,
) {
    let expansion = template::expand(&scalar.text, env);
    if !expansion.expanded {
        return;
    }
    let added = expansion.value.len().saturating_sub(scalar.text.len());
    if added > budget.left {
        budget.exhausted = true;
        diagnostics.push(
            Diagnostic::new(
                &rules::INTERPOLATED_VALUE_TOO_LONG,
                format!(
                    "substituting variables makes this document more than {} MiB longer",
                    MAX_ADDED_BYTES >> 20
                ),
            )
            .at(span)
            .label("substitution stops here")
            .help("keep large data out of variables, and do not repeat them through aliases"),
        );
        return;
    }
    budget.left -= added;
    let locator = Locator::for_scalar(span, scalar);
    for problem in &expansion.problems {
        diagnostics.push(diagnostic(problem, &scalar.text, &locator));
    }
    if !expansion.has_errors() {
        scalar.text = expansion.value.into();
    }
    scalar.style = Style::Quoted;
    if !expansion.origins.is_empty() {
        let origins = scalar.origins.get_or_insert_with(Default::default);
        for origin in expansion.origins {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
}

/// Turns byte ranges of a text into spans of the file the text was read from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Locator {
    /// The text is the file's bytes from `span.start + offset` on, unchanged.
    Exact { span: Span, offset: usize },
    /// The text was transformed (escapes, line folding): only the whole is known.
    Whole(Span),
}

impl Locator {
    /// Decides from the scalar's span and text alone whether its text is a verbatim
    /// copy of the file: a plain or block scalar whose span is as long as its text, or
    /// a flow-quoted one whose span is two quotes longer. Escapes and line folding make
    /// the text shorter than the source, except `\L` and `\P` (one byte longer), whose
    /// results are refused so that equal lengths mean equal bytes.
    pub(crate) fn for_scalar(span: Span, scalar: &Scalar) -> Locator {
        let text = &scalar.text;
        let quoted = scalar.style == Style::Quoted;
        if quoted && text.contains(['\u{2028}', '\u{2029}']) {
            return Locator::Whole(span);
        }
        if span.len() == text.len() {
            return Locator::Exact { span, offset: 0 };
        }
        if quoted && span.len() == text.len() + 2 && !text.contains('\n') {
            Locator::Exact { span, offset: 1 }
        } else {
            Locator::Whole(span)
        }
    }

    pub(crate) fn locate(&self, range: Range<usize>) -> Span {
        match *self {
            Locator::Exact { span, offset } => span.slice(offset + range.start, offset + range.end),
            Locator::Whole(span) => span,
        }
    }
}

/// The diagnostic for one problem of an expanded `text`.
pub(crate) fn diagnostic(problem: &Problem, text: &str, locator: &Locator) -> Diagnostic {
    let at = locator.locate(problem.range.clone());
    let expression = clip(text.get(problem.range.clone()).unwrap_or_default());
    match &problem.kind {
        ProblemKind::Malformed { reason } => Diagnostic::new(
            &rules::INVALID_INTERPOLATION,
            format!("invalid interpolation `{expression}`"),
        )
        .at(at)
        .label(reason.clone())
        .help("write `${NAME}`, `${NAME:-default}`, `${NAME:?message}` or `${NAME:+alternative}`; write `$$` for a literal `$`"),
        ProblemKind::Secret { name } => Diagnostic::new(
            &rules::SECRET_VARIABLE_INTERPOLATED,
            format!("the secret variable `{name}` would be written into the stack"),
        )
        .at(at)
        .label(format!("the site marks `{name}` `secret: true`"))
        .help("give the value to the service as a swarm secret: create it ahead (`docker secret create`), declare it in the site's `secrets` or as an `external` compose secret, and read it from `/run/secrets/`"),
        ProblemKind::TooDeep => Diagnostic::new(
            &rules::INVALID_INTERPOLATION,
            format!("interpolation is nested more than {MAX_NESTING} levels deep"),
        )
        .at(at)
        .label(format!("`{expression}` is inside {MAX_NESTING} other expressions"))
        .help(format!("nest at most {MAX_NESTING} `${{...}}` expressions inside one another")),
        ProblemKind::Required {
            name,
            message,
            empty,
        } => {
            let mut text = format!("required variable `{name}` is missing a value");
            if !message.is_empty() {
                text.push_str(": ");
                text.push_str(message);
            }
            let state = if *empty { "is empty" } else { "is not set" };
            Diagnostic::new(&rules::REQUIRED_VARIABLE_MISSING, text)
                .at(at)
                .label(format!("`{name}` {state}"))
                .help(format!(
                    "set `{name}` in the environment, the site profile's `env` or the `.env` file"
                ))
        }
        ProblemKind::TooLong { name } => Diagnostic::new(
            &rules::INTERPOLATED_VALUE_TOO_LONG,
            format!(
                "substituting `{name}` makes this value longer than {} MiB",
                template::MAX_VALUE_LEN >> 20
            ),
        )
        .at(at)
        .label(format!("`{name}` is not substituted"))
        .help("keep large data out of variables; mount it as a config or secret file"),
        ProblemKind::Unset { name } => Diagnostic::new(
            &rules::VARIABLE_NOT_SET,
            format!("variable `{name}` is not set and becomes an empty string"),
        )
        .at(at)
        .help(format!(
            "set `{name}`, or give a default with `${{{name}:-default}}` (`${{{name}:-}}` for an empty one)"
        )),
    }
}

/// Keeps long expressions readable in a one-line message.
fn clip(text: &str) -> String {
    const MAX: usize = 60;
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() <= MAX && first_line.len() == text.len() {
        return text.to_owned();
    }
    let mut clipped: String = first_line.chars().take(MAX).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::EnvValue;
    use crate::source::{SourceKind, Sources};
    use crate::yaml::{self, ScalarValue};

    struct Run {
        tree: Node,
        sources: Sources,
        diagnostics: Diagnostics,
        env_origin: Span,
    }

    impl Run {
        /// Each diagnostic as its code and the text under its primary label.
        fn found(&self) -> Vec<(&'static str, &str)> {
            self.diagnostics
                .iter()
                .map(|d| {
                    let span = d.primary.as_ref().map(|l| l.span).unwrap();
                    (d.rule.code, self.sources.text(span))
                })
                .collect()
        }

        fn value(&self, path: &[&str]) -> &Scalar {
            let mut node = &self.tree;
            for key in path {
                node = match key.parse::<usize>() {
                    Ok(i) => &node.as_seq().unwrap()[i],
                    Err(_) => node.as_map().unwrap().get(key).unwrap(),
                };
            }
            node.as_scalar().unwrap()
        }
    }

    /// Interpolates `yaml` with `TAG=1.27` (written in an env file), `N=3`, `EMPTY=`.
    fn run(yaml: &str) -> Run {
        let mut sources = Sources::new();
        let env_id = sources.add(".env", None, SourceKind::EnvFile, "TAG=1.27\n".to_owned());
        let env_origin = Span::new(env_id, 4, 8);
        let id = sources.add("compose.yaml", None, SourceKind::Compose, yaml.to_owned());
        let mut diagnostics = Diagnostics::new();
        let mut docs = yaml::parse(sources.get(id), id, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut env = Environment::new();
        let var = |value: &str, origin| EnvValue {
            value: value.to_owned(),
            origin,
        };
        env.add_layer([
            ("TAG".to_owned(), var("1.27", Some(env_origin))),
            ("N".to_owned(), var("3", None)),
            ("EMPTY".to_owned(), var("", None)),
        ]);
        let mut tree = docs.remove(0);
        interpolate(&mut tree, &env, &mut diagnostics);
        Run {
            tree,
            sources,
            diagnostics,
            env_origin,
        }
    }

    #[test]
    fn values_are_substituted_and_keys_are_not() {
        let run = run(concat!(
            "services:\n",
            "  ${TAG}:\n",
            "    image: nginx:${TAG}\n",
            "    command: [echo, \"$$HOME\", '${N}']\n",
            "x-meta:\n",
            "  version: $TAG\n",
        ));
        assert!(run.diagnostics.is_empty());
        let services = run.tree.as_map().unwrap().get("services").unwrap();
        assert!(services.as_map().unwrap().contains_key("${TAG}"));
        assert_eq!(
            run.value(&["services", "${TAG}", "image"]).text,
            "nginx:1.27"
        );
        let command = ["services", "${TAG}", "command"];
        let item = |i: &str| {
            run.value(&[command[0], command[1], command[2], i])
                .text
                .clone()
        };
        assert_eq!(item("1"), "$HOME");
        assert_eq!(item("2"), "3");
        assert_eq!(run.value(&["x-meta", "version"]).text, "1.27");
    }

    #[test]
    fn substituted_scalars_become_strings() {
        let run = run("replicas: ${N}\nempty: ${EMPTY}\nliteral: 5$\nplain: 42\n");
        let replicas = run.value(&["replicas"]);
        assert_eq!(replicas.value(), ScalarValue::Str("3"));
        assert_eq!(run.value(&["empty"]).value(), ScalarValue::Str(""));
        // A `$` that starts no expression leaves the scalar as it was.
        assert_eq!(run.value(&["literal"]).style, Style::Plain);
        assert_eq!(run.value(&["plain"]).value(), ScalarValue::Int(42));
    }

    #[test]
    fn substituted_scalars_remember_where_the_values_were_written() {
        let run = run("image: nginx:${TAG}-$TAG\nreplicas: $N\n");
        let image = run.value(&["image"]);
        assert_eq!(image.origins.as_deref(), Some(&vec![run.env_origin]));
        assert_eq!(run.sources.text(run.env_origin), "1.27");
        // The process environment has no place to point at.
        assert_eq!(run.value(&["replicas"]).origins, None);
    }

    #[test]
    fn problems_point_at_the_expression_when_the_text_is_verbatim() {
        let run = run(concat!(
            "a: x ${MISSING} y\n",
            "b: \"x ${B!} y\"\n",
            "c: 'x ${C:?needed} y'\n",
            "d: |\n  x $D_BLOCK y\n",
            "e: \"tab\\t${E}\"\n",
            "f: folded\n  ${F}\n",
        ));
        assert_eq!(
            run.found(),
            vec![
                ("SW203", "${MISSING}"),
                ("SW201", "${B!}"),
                ("SW202", "${C:?needed}"),
                ("SW203", "$D_BLOCK"),
                // Escapes and folding: only the whole scalar is known.
                ("SW203", "\"tab\\t${E}\""),
                ("SW203", "folded\n  ${F}"),
            ]
        );
    }

    #[test]
    fn diagnostics_name_the_variable_and_carry_the_message() {
        let run = run("a: ${DB_PASSWORD:?set it in .env}\nb: ${EMPTY:?}\nc: $NOPE\nd: ${X:-\n");
        let messages: Vec<(&str, Option<&str>)> = run
            .diagnostics
            .iter()
            .map(|d| {
                let label = d.primary.as_ref().and_then(|l| l.text.as_deref());
                (d.message.as_str(), label)
            })
            .collect();
        assert_eq!(
            messages,
            vec![
                (
                    "required variable `DB_PASSWORD` is missing a value: set it in .env",
                    Some("`DB_PASSWORD` is not set"),
                ),
                (
                    "required variable `EMPTY` is missing a value",
                    Some("`EMPTY` is empty"),
                ),
                (
                    "variable `NOPE` is not set and becomes an empty string",
                    None
                ),
                (
                    "invalid interpolation `${X:-`",
                    Some("`${` is never closed")
                ),
            ]
        );
    }

    #[test]
    fn a_scalar_with_errors_keeps_its_text() {
        let run = run("a: ${NOPE:?} and ${N}\n");
        assert_eq!(run.value(&["a"]).text, "${NOPE:?} and ${N}");
        assert_eq!(run.found(), vec![("SW202", "${NOPE:?}")]);
    }

    #[test]
    fn unverifiable_quoted_text_is_located_as_a_whole() {
        let mut sources = Sources::new();
        let id = sources.add("f", None, SourceKind::Compose, String::new());
        let span = Span::new(id, 0, 10);
        // Same length as the span: verbatim.
        let plain = Scalar::new("0123456789", Style::Plain);
        assert!(matches!(
            Locator::for_scalar(span, &plain),
            Locator::Exact { offset: 0, .. }
        ));
        // Two shorter, on one line: a flow scalar between quotes.
        let quoted = Scalar::new("01234567", Style::Quoted);
        assert!(matches!(
            Locator::for_scalar(span, &quoted),
            Locator::Exact { offset: 1, .. }
        ));
        // Two shorter over lines: a folded block scalar, not a quoted one.
        let folded = Scalar::new("0123\n567", Style::Quoted);
        assert!(matches!(
            Locator::for_scalar(span, &folded),
            Locator::Whole(_)
        ));
        // `\L` escapes lengthen the text, so lengths prove nothing.
        let escaped = Scalar::new("\u{2028}\u{2028}xx", Style::Quoted);
        assert_eq!(escaped.text.len() + 2, span.len());
        assert!(matches!(
            Locator::for_scalar(span, &escaped),
            Locator::Whole(_)
        ));
    }
}
