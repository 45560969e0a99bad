//! The grammar, case by case. The expected values were worked out from compose-go's
//! `template` package and its documented behaviour; laziness is this crate's own choice.

use super::*;
use crate::env::Environment;
use crate::source::{SourceKind, Sources};

/// `FOO=first` (written at a known place), `BAR` set but empty, and nothing else.
fn env() -> Environment {
    let mut sources = Sources::new();
    let id = sources.add(".env", None, SourceKind::EnvFile, "FOO=first\n".to_owned());
    let mut env = Environment::new();
    env.add_layer([
        (
            "FOO".to_owned(),
            EnvValue {
                value: "first".to_owned(),
                origin: Some(Span::new(id, 4, 9)),
            },
        ),
        (
            "BAR".to_owned(),
            EnvValue {
                value: String::new(),
                origin: None,
            },
        ),
        (
            "lower".to_owned(),
            EnvValue {
                value: "low".to_owned(),
                origin: None,
            },
        ),
    ]);
    env
}

fn value(text: &str) -> String {
    let expansion = expand(text, &env());
    assert!(
        !expansion.has_errors(),
        "{text:?} gave errors: {:?}",
        expansion.problems
    );
    expansion.value
}

fn problems(text: &str) -> Vec<ProblemKind> {
    expand(text, &env())
        .problems
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

fn unset(name: &str) -> ProblemKind {
    ProblemKind::Unset {
        name: name.to_owned(),
    }
}

#[test]
fn substitutes_every_form() {
    let cases: &[(&str, &str)] = &[
        ("foo", "foo"),
        ("This $FOO var", "This first var"),
        ("This ${FOO} var", "This first var"),
        ("$lower ${lower}", "low low"),
        // An unbraced name stops at the first character that cannot be in a name.
        ("$FOO-bar", "first-bar"),
        ("$FOO.bar/${FOO}baz", "first.bar/firstbaz"),
        ("$FOObar", ""),
        ("é${FOO}ü", "éfirstü"),
        // Defaults: with the colon when unset or empty, without only when unset.
        ("ok ${missing:-def}", "ok def"),
        ("ok ${missing-def}", "ok def"),
        ("ok ${BAR:-def}", "ok def"),
        ("ok ${BAR-def}", "ok "),
        ("ok ${FOO:-def}", "ok first"),
        ("ok ${FOO-def}", "ok first"),
        ("ok ${missing:-}", "ok "),
        ("ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric"),
        // Alternatives: with the colon when set and not empty, without when set.
        ("ok ${UNSET:+presence}", "ok "),
        ("ok ${UNSET+presence}", "ok "),
        ("ok ${FOO:+presence}", "ok presence"),
        ("ok ${FOO+presence}", "ok presence"),
        ("ok ${BAR+presence}", "ok presence"),
        ("ok ${BAR:+presence}", "ok "),
        // Required values that are there.
        ("ok ${FOO:?err}", "ok first"),
        ("ok ${FOO?err}", "ok first"),
        ("ok ${BAR?err}", "ok "),
    ];
    for (text, expected) in cases {
        assert_eq!(value(text), *expected, "{text:?}");
    }
}

#[test]
fn dollars_that_start_no_expression_are_literal() {
    for text in [
        "a $ string",
        "^REGEX$",
        "$}",
        "$",
        "$1",
        "cost: 5$",
        "$-x",
        "$é",
    ] {
        let expansion = expand(text, &env());
        assert_eq!(expansion.value, text);
        assert!(!expansion.expanded, "{text:?}");
        assert!(expansion.problems.is_empty(), "{text:?}");
    }
}

#[test]
fn double_dollar_is_a_literal_dollar() {
    assert_eq!(value("$${foo}"), "${foo}");
    assert_eq!(value("$$FOO $$$FOO"), "$FOO $first");
    assert_eq!(value("echo $$$$"), "echo $$");
    assert!(expand("$$", &env()).expanded);
}

#[test]
fn the_first_operator_after_the_name_applies() {
    let cases: &[(&str, &str)] = &[
        ("${UNSET-myerror?msg}", "myerror?msg"),
        ("${FOO?bar-baz}", "first"),
        ("${UNSET-va:-lu:?e}", "va:-lu:?e"),
        ("${UNSET+va-lu?e}", ""),
        ("${FOO+va-lu?e}", "va-lu?e"),
        ("${UNSET:-a-b}", "a-b"),
        // Operators in the surrounding text do not matter.
        ("-ok ${BAR:-defaultValue}", "-ok defaultValue"),
        ("+ok ${UNSET:-${BAR-defaultValue}}", "+ok "),
        (":-ok ${UNSET-defaultValue}", ":-ok defaultValue"),
        (":?ok ${BAR-defaultValue}", ":?ok "),
        ("?ok ${BAR:-defaultValue}", "?ok defaultValue"),
    ];
    for (text, expected) in cases {
        assert_eq!(value(text), *expected, "{text:?}");
    }
    assert_eq!(
        problems("${UNSET?bar-baz}"),
        vec![ProblemKind::Required {
            name: "UNSET".to_owned(),
            message: "bar-baz".to_owned(),
            empty: false,
        }]
    );
}

#[test]
fn nested_expressions_are_expanded() {
    let cases: &[(&str, &str)] = &[
        ("ok ${UNSET-$FOO}", "ok first"),
        ("ok ${UNSET-${FOO}}", "ok first"),
        ("ok ${UNSET-${FOO} ${FOO}}", "ok first first"),
        ("ok ${BAR:-$FOO}", "ok first"),
        ("ok ${BAR:-${FOO}}", "ok first"),
        ("ok ${BAR+$FOO}", "ok first"),
        ("ok ${BAR+$FOO ${FOO:+second}}", "ok first second"),
        ("${A:-${B:-${C:-deep}}}", "deep"),
        ("${A:-${B:-x}}-${FOO}", "x-first"),
        // Braces balance, so JSON works in defaults.
        (r#"ok ${missing:-{"json":1}}"#, r#"ok {"json":1}"#),
        (
            r#"ok ${missing-{"json":{"a":[1]}}}"#,
            r#"ok {"json":{"a":[1]}}"#,
        ),
        (r#"${FOO:-{"json":1}}"#, "first"),
        // Unbalanced: the last `}` of the line closes, as compose's greedy pattern does.
        ("${missing:-{}", "{"),
        ("${missing:-{} and }", "{} and "),
    ];
    for (text, expected) in cases {
        assert_eq!(value(text), *expected, "{text:?}");
    }
}

#[test]
fn untaken_branches_are_not_evaluated() {
    let cases: &[(&str, &str)] = &[
        ("${FOO:-${NOPE}}", "first"),
        ("${A:+${A},}B", "B"),
        ("${FOO-${NOPE:?never}}", "first"),
        ("${UNSET:+${NOPE:?never}}", ""),
        ("${FOO:?${NOPE}}", "first"),
    ];
    for (text, expected) in cases {
        let expansion = expand(text, &env());
        assert_eq!(expansion.value, *expected, "{text:?}");
        assert!(
            expansion.problems.is_empty(),
            "{text:?}: {:?}",
            expansion.problems
        );
    }
    // Syntax errors are errors wherever they are.
    assert_eq!(problems("${FOO:-${}}").len(), 1);
}

#[test]
fn unset_variables_warn_and_become_empty() {
    let expansion = expand("This ${missing} and $other var", &env());
    assert_eq!(expansion.value, "This  and  var");
    assert!(!expansion.has_errors());
    assert_eq!(
        expansion.problems,
        vec![
            Problem {
                kind: unset("missing"),
                range: 5..15,
            },
            Problem {
                kind: unset("other"),
                range: 20..26,
            },
        ]
    );
    // Set but empty is not a warning.
    assert!(problems("This ${BAR} var").is_empty());
    // Neither is a variable with a default or an alternative.
    assert!(problems("${missing:-x}${missing+x}${missing-}").is_empty());
    // A default's own variables are warned about when the default is used.
    assert_eq!(problems("${missing:-$other}"), vec![unset("other")]);
}

#[test]
fn required_variables_report_the_message() {
    let required = |name: &str, message: &str, empty: bool| ProblemKind::Required {
        name: name.to_owned(),
        message: message.to_owned(),
        empty,
    };
    let cases: &[(&str, ProblemKind)] = &[
        (
            "not ok ${UNSET:?Mandatory Variable Unset}",
            required("UNSET", "Mandatory Variable Unset", false),
        ),
        (
            "not ok ${BAR:?Mandatory Variable Empty}",
            required("BAR", "Mandatory Variable Empty", true),
        ),
        ("not ok ${UNSET:?}", required("UNSET", "", false)),
        ("not ok ${UNSET?}", required("UNSET", "", false)),
        (
            "not ok ${UNSET?Mandatory Variable ${FOO}}",
            required("UNSET", "Mandatory Variable first", false),
        ),
        // The message's own unset variables do not add warnings.
        ("${UNSET:?need $NOPE}", required("UNSET", "need ", false)),
    ];
    for (text, expected) in cases {
        let expansion = expand(text, &env());
        assert!(expansion.has_errors());
        assert_eq!(expansion.problems.len(), 1, "{text:?}");
        assert_eq!(&expansion.problems[0].kind, expected, "{text:?}");
        assert_eq!(expansion.problems[0].range.start, text.find('$').unwrap());
        assert_eq!(expansion.problems[0].range.end, text.len());
    }
}

#[test]
fn malformed_expressions_are_errors() {
    let cases: &[(&str, Range<usize>, &str)] = &[
        ("${", 0..2, "never closed"),
        ("${}", 0..3, "name is missing"),
        ("${ }", 0..4, "cannot start with a space"),
        ("${ foo}", 0..7, "cannot start with a space"),
        ("${foo }", 0..7, "cannot contain a space"),
        ("${foo!}", 0..7, "`!` cannot follow"),
        ("${foo:}", 0..7, "after `:`"),
        ("${foo:=x}", 0..9, "after `:`"),
        ("${foo/x/y}", 0..10, "`/` cannot follow"),
        ("${5}", 0..4, "cannot start with `5`"),
        ("${FOO", 0..5, "never closed"),
        ("a ${FOO:-x", 2..10, "never closed"),
        ("${FOO:-a\nb}", 0..8, "never closed"),
        ("${FOO\n}", 0..5, "never closed"),
        ("${foo[bar]}", 0..11, "`[` cannot follow"),
    ];
    for (text, range, reason) in cases {
        let expansion = expand(text, &env());
        assert!(expansion.has_errors(), "{text:?}");
        let problem = &expansion.problems[0];
        assert_eq!(&problem.range, range, "{text:?}");
        match &problem.kind {
            ProblemKind::Malformed { reason: got } => {
                assert!(got.contains(reason), "{text:?}: {got}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn every_problem_of_a_text_is_reported() {
    let kinds = problems("${a!} $x ${UNSET:?} ${}");
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert!(matches!(kinds[0], ProblemKind::Malformed { .. }));
    assert_eq!(kinds[1], unset("x"));
    assert!(matches!(kinds[2], ProblemKind::Required { .. }));
    assert!(matches!(kinds[3], ProblemKind::Malformed { .. }));
}

#[test]
fn origins_name_the_variables_used() {
    let expansion = expand("$FOO ${FOO} ${BAR:-x} ${missing:-$FOO}", &env());
    assert_eq!(expansion.origins.len(), 1);
    assert_eq!(expansion.origins[0].start, 4);
    // A variable whose value is not used adds no origin.
    assert!(expand("${FOO:+x}", &env()).origins.is_empty());
    assert!(expand("${missing:-x}", &env()).origins.is_empty());
}

#[test]
fn deep_nesting_is_refused_without_overflowing() {
    let depth = 10_000;
    let text = format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
    let expansion = expand(&text, &env());
    assert!(expansion.has_errors());
    let ok = format!(
        "{}x{}",
        "${A:-".repeat(MAX_NESTING),
        "}".repeat(MAX_NESTING)
    );
    assert_eq!(expand(&ok, &env()).value, "x");
}

#[test]
fn arbitrary_text_never_panics() {
    let pieces = [
        "$", "{", "}", ":", "-", "+", "?", "A", "é", "\n", " ", "$$", "${", "😀", "_1",
    ];
    // Every string of exactly four pieces (shorter ones are prefixes of them).
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        texts = texts
            .iter()
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
    }
    for text in &texts {
        let expansion = expand(text, &env());
        for problem in &expansion.problems {
            assert!(text.get(problem.range.clone()).is_some(), "{text:?}");
        }
    }
}
