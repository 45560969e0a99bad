//! Env file syntax, form by form; the expectations follow compose-go's `dotenv` parser
//! and fixtures, except where the module documentation says otherwise.

use super::*;
use crate::source::{SourceKind, Sources};

struct Parsed {
    vars: Vec<(String, EnvValue)>,
    sources: Sources,
    /// Code, line, column and text of each diagnostic's primary label.
    found: Vec<(&'static str, usize, usize, String)>,
    messages: Vec<String>,
}

impl Parsed {
    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.value.as_str())
    }

    fn origin(&self, name: &str) -> &str {
        let (_, value) = self.vars.iter().find(|(n, _)| n == name).unwrap();
        self.sources.text(value.origin.unwrap())
    }

    fn pairs(&self) -> Vec<(&str, &str)> {
        self.vars
            .iter()
            .map(|(n, v)| (n.as_str(), v.value.as_str()))
            .collect()
    }
}

fn parse_with(text: &str, outer: &[(&str, &str)]) -> Parsed {
    let mut sources = Sources::new();
    let id = sources.add(".env", None, SourceKind::EnvFile, text.to_owned());
    let mut lookup = Environment::new();
    lookup.add_layer(outer.iter().map(|(k, v)| {
        let value = EnvValue {
            value: (*v).to_owned(),
            origin: None,
        };
        ((*k).to_owned(), value)
    }));
    let mut diagnostics = Diagnostics::new();
    let vars = parse(
        &sources.get(id).text,
        id,
        &lookup,
        &Environment::new(),
        &mut diagnostics,
    );
    let file = sources.get(id);
    let found = diagnostics
        .iter()
        .map(|d| {
            let span = d.primary.as_ref().unwrap().span;
            let at = file.line_col(span.start);
            (
                d.rule.code,
                at.line,
                at.column,
                sources.text(span).to_owned(),
            )
        })
        .collect();
    let messages = diagnostics.iter().map(|d| d.message.clone()).collect();
    Parsed {
        vars,
        sources,
        found,
        messages,
    }
}

fn parse_text(text: &str) -> Parsed {
    parse_with(text, &[])
}

fn clean(text: &str) -> Parsed {
    let parsed = parse_text(text);
    assert!(parsed.found.is_empty(), "{text:?}: {:?}", parsed.found);
    parsed
}

#[test]
fn reads_each_statement_form() {
    let cases: &[(&str, &str)] = &[
        ("A=b", "b"),
        ("A=b\n", "b"),
        ("export A=b", "b"),
        ("export\tA=b", "b"),
        ("A = b", "b"),
        ("  A\t=\tb  ", "b"),
        ("A: b", "b"),
        ("A:b", "b"),
        ("A=b=c", "b=c"),
        ("A=b:c", "b:c"),
        ("A=", ""),
        ("A=\nB=x", ""),
        ("A=  ", ""),
        ("A=a b  c  ", "a b  c"),
        ("A=b\r\n", "b"),
        ("A=ü ☃", "ü ☃"),
    ];
    for (text, expected) in cases {
        assert_eq!(clean(text).get("A"), Some(*expected), "{text:?}");
    }
    // `export` alone, or followed by a separator, is a name.
    assert_eq!(clean("export=1").pairs(), vec![("export", "1")]);
    assert_eq!(clean("exporter=1").pairs(), vec![("exporter", "1")]);
}

#[test]
fn comments() {
    let cases: &[(&str, &str)] = &[
        ("# comment\nA=b", "b"),
        ("  # indented comment\nA=b # inline", "b"),
        ("A=b #c #d", "b"),
        // Only a blank before `#` starts a comment, and only in unquoted values.
        ("A=b#c", "b#c"),
        ("A=b\t#c", "b\t#c"),
        ("A=\"b #c\" # d", "b #c"),
        ("A='b #c'", "b #c"),
        // compose-go trims the blanks after `=` first, so this `#` starts the value.
        ("A= # not a comment", "# not a comment"),
    ];
    for (text, expected) in cases {
        assert_eq!(clean(text).get("A"), Some(*expected), "{text:?}");
    }
    assert!(clean("# only\n\n   \n#A=b").vars.is_empty());
}

#[test]
fn single_quotes_are_literal() {
    let cases: &[(&str, &str)] = &[
        ("A='b'", "b"),
        ("A=''", ""),
        ("A='$B ${C} \\n'", "$B ${C} \\n"),
        ("A='it\\'s'", "it's"),
        ("A='line one\nline two'", "line one\nline two"),
        ("A='\"'", "\""),
    ];
    for (text, expected) in cases {
        assert_eq!(clean(text).get("A"), Some(*expected), "{text:?}");
    }
}

#[test]
fn double_quotes_expand_escapes() {
    let cases: &[(&str, &str)] = &[
        (r#"A="b""#, "b"),
        (r#"A="""#, ""),
        (r#"A="a\nb\tc\rd""#, "a\nb\tc\rd"),
        (r#"A="\a\b\f\v""#, "\u{7}\u{8}\u{c}\u{b}"),
        (r#"A="q\"q""#, "q\"q"),
        (r#"A="back\\slash""#, "back\\slash"),
        (r#"A="\\n""#, "\\n"),
        (r#"A="\$HOME""#, "$HOME"),
        (r#"A="$$HOME""#, "$HOME"),
        (r#"A="\0101\0102""#, "AB"),
        (r#"A="\01011""#, "A1"),
        (r#"A="\0377""#, "\u{ff}"),
        // Escapes compose does not know stay as written.
        (r#"A="\0""#, "\\0"),
        (r#"A="\012""#, "\\012"),
        (r#"A="\0400""#, "\\0400"),
        (r#"A="\0128""#, "\\0128"),
        (r#"A="\c\x41\'\u00e9""#, "\\c\\x41\\'\\u00e9"),
        ("A=\"one\ntwo\"", "one\ntwo"),
        ("A=\"crlf\r\nkept\"\r\n", "crlf\r\nkept"),
    ];
    for (text, expected) in cases {
        assert_eq!(clean(text).get("A"), Some(*expected), "{text:?}");
    }
}

#[test]
fn text_after_a_closing_quote_is_another_statement() {
    let parsed = parse_with("A=\"x\" B=y\nC='z'D\n", &[("D", "outer")]);
    assert_eq!(
        parsed.pairs(),
        vec![("A", "x"), ("B", "y"), ("C", "z"), ("D", "outer")]
    );
}

#[test]
fn values_are_interpolated_lookup_first() {
    let outer = [("HOST", "db.example"), ("A", "outer")];
    let parsed = parse_with(
        concat!(
            "URL=postgres://${HOST}:${PORT:-5432}\n",
            "A=inner\n",
            "B=$A\n",
            "C=${INNER}\n",
            "INNER=1\n",
            "D=\"${INNER}2\"\n",
            "E='${INNER}'\n",
            "INNER=3\n",
            "F=$INNER\n",
        ),
        &outer,
    );
    assert_eq!(parsed.get("URL"), Some("postgres://db.example:5432"));
    // The file's own `A` is set, but the lookup comes first.
    assert_eq!(parsed.get("A"), Some("inner"));
    assert_eq!(parsed.get("B"), Some("outer"));
    // Only names set before count.
    assert_eq!(parsed.get("C"), Some(""));
    assert_eq!(parsed.get("D"), Some("12"));
    assert_eq!(parsed.get("E"), Some("${INNER}"));
    assert_eq!(parsed.get("F"), Some("3"));
    assert_eq!(parsed.found, vec![("SW203", 4, 3, "${INNER}".to_owned())]);
}

#[test]
fn bare_names_are_inherited_when_the_lookup_has_them() {
    let parsed = parse_with(
        "PRESENT\nABSENT\nexport ALSO\nLAST",
        &[("PRESENT", "p"), ("ALSO", "a"), ("LAST", "l")],
    );
    assert!(parsed.found.is_empty());
    assert_eq!(
        parsed.pairs(),
        vec![("PRESENT", "p"), ("ALSO", "a"), ("LAST", "l")]
    );
}

#[test]
fn names_hold_letters_digits_and_some_punctuation() {
    let parsed = clean("VAR.WITH.DOTS=1\nVAR-WITH-DASHES=2\nA[0]=3\nÉTÉ=4\n_9=5\n1ST=6\n");
    assert_eq!(
        parsed.pairs(),
        vec![
            ("VAR.WITH.DOTS", "1"),
            ("VAR-WITH-DASHES", "2"),
            ("A[0]", "3"),
            ("ÉTÉ", "4"),
            ("_9", "5"),
            ("1ST", "6"),
        ]
    );
}

#[test]
fn a_name_set_twice_keeps_its_first_place_and_last_value() {
    assert_eq!(clean("A=1\nB=2\nA=3").pairs(), vec![("A", "3"), ("B", "2")]);
}

#[test]
fn origins_are_the_values_as_written() {
    let parsed = clean("A=hello world # comment\nB=\"x y\"\nC=\nD='multi\nline'\n");
    assert_eq!(parsed.origin("A"), "hello world");
    assert_eq!(parsed.origin("B"), "\"x y\"");
    assert_eq!(parsed.origin("C"), "C=");
    assert_eq!(parsed.origin("D"), "'multi\nline'");
}

#[test]
fn errors_are_located_and_reading_goes_on() {
    let parsed = parse_text(concat!(
        "GOOD=1\n",
        "DB HOST=db\n",
        "BAD;NAME=x\n",
        "=orphan\n",
        "OPEN=\"never closed\n",
        "AFTER=2\n",
        "  export  SPACED NAME\n",
        "LAST=3",
    ));
    assert_eq!(
        parsed.found,
        vec![
            ("SW204", 2, 3, " ".to_owned()),
            ("SW204", 3, 4, ";".to_owned()),
            ("SW204", 4, 1, "=".to_owned()),
            ("SW204", 5, 6, "\"".to_owned()),
            ("SW204", 7, 17, " ".to_owned()),
        ]
    );
    assert_eq!(
        parsed.messages,
        vec![
            "variable name `DB HOST` contains a space",
            "unexpected character `;` in a variable name",
            "missing variable name",
            "unterminated quoted value",
            "variable name `SPACED NAME` contains a space",
        ]
    );
    assert_eq!(
        parsed.pairs(),
        vec![("GOOD", "1"), ("AFTER", "2"), ("LAST", "3")]
    );
}

#[test]
fn interpolation_problems_point_into_the_file() {
    let parsed = parse_text(concat!(
        "A=x ${B!}\n",
        "C=\"${D:?needed}\"\n",
        "E=\"tab\\t${F:?}\"\n",
        "G=${UNSET}\n",
    ));
    assert_eq!(
        parsed.found,
        vec![
            ("SW201", 1, 5, "${B!}".to_owned()),
            ("SW202", 2, 4, "${D:?needed}".to_owned()),
            // After an escape only the whole value is known.
            ("SW202", 3, 3, "\"tab\\t${F:?}\"".to_owned()),
            ("SW203", 4, 3, "${UNSET}".to_owned()),
        ]
    );
    // Values with errors are kept as written.
    assert_eq!(parsed.get("A"), Some("x ${B!}"));
    assert_eq!(parsed.get("G"), Some(""));
}

#[test]
fn odd_text_never_panics() {
    let pieces = [
        "A", "=", "\"", "'", "\\", "#", " ", "\n", "\r", "é", "\u{a0}", "$", "{", "}", "export ",
    ];
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        texts = texts
            .iter()
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
    }
    for text in &texts {
        let parsed = parse_text(text);
        for (_, value) in &parsed.vars {
            let origin = value.origin.unwrap();
            assert!(
                text.get(origin.start as usize..origin.end as usize)
                    .is_some(),
                "{text:?}"
            );
        }
    }
}
