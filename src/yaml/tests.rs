use super::*;
use crate::diagnostic::Diagnostics;
use crate::source::{SourceKind, Sources};

fn parse_text(text: &str) -> (Vec<Node>, Vec<(String, String)>, Sources) {
    let mut sources = Sources::new();
    let id = sources.add("t.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let docs = parse(sources.get(id), id, &mut diagnostics);
    let found = diagnostics
        .iter()
        .map(|d| {
            let at = d
                .primary
                .as_ref()
                .map(|l| sources.text(l.span).to_owned())
                .unwrap_or_default();
            (d.rule.code.to_owned(), at)
        })
        .collect();
    (docs, found, sources)
}

fn root(text: &str) -> Node {
    let (mut docs, diagnostics, _) = parse_text(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    docs.remove(0)
}

#[test]
fn keys_and_values_carry_their_spans() {
    let text = "services:\n  web:\n    image: \"nginx:1\"\n";
    let (docs, _, sources) = parse_text(text);
    let web = docs[0]
        .as_map()
        .unwrap()
        .get("services")
        .unwrap()
        .as_map()
        .unwrap()
        .entry("web")
        .unwrap();
    assert_eq!(sources.text(web.key.span), "web");
    let image = web.value.as_map().unwrap().get("image").unwrap();
    assert_eq!(sources.text(image.span), "\"nginx:1\"");
    assert_eq!(image.as_scalar().unwrap().text, "nginx:1");
    assert_eq!(image.as_scalar().unwrap().style, Style::Quoted);
}

#[test]
fn spans_are_byte_offsets_after_multibyte_text() {
    let text = "a: \"é\"\nb: x\n";
    let (docs, _, sources) = parse_text(text);
    let b = docs[0].as_map().unwrap().get("b").unwrap();
    assert_eq!(sources.text(b.span), "x");
}

#[test]
fn merge_keys_copy_entries_that_are_not_written_explicitly() {
    let node = root("x: &base\n  image: a\n  user: u\ny:\n  <<: *base\n  image: b\n");
    let y = node.as_map().unwrap().get("y").unwrap().as_map().unwrap();
    assert_eq!(y.get("image").unwrap().as_str(), Some("b"));
    assert_eq!(y.get("user").unwrap().as_str(), Some("u"));
    assert!(!y.contains_key("<<"));
}

#[test]
fn merge_key_lists_prefer_the_earlier_map() {
    let node = root("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n");
    let c = node.as_map().unwrap().get("c").unwrap().as_map().unwrap();
    assert_eq!(c.get("k").unwrap().as_str(), Some("1"));
    assert_eq!(c.get("j").unwrap().as_str(), Some("3"));
}

#[test]
fn quoted_merge_key_is_an_ordinary_key() {
    let node = root("\"<<\": 1\n");
    assert!(node.as_map().unwrap().contains_key("<<"));
}

#[test]
fn duplicate_keys_are_reported_at_the_second_occurrence() {
    let (_, diagnostics, _) = parse_text("a: 1\nb: 2\na: 3\n");
    assert_eq!(diagnostics, vec![("SW102".to_owned(), "a".to_owned())]);
}

#[test]
fn duplicate_keys_are_found_in_large_maps_too() {
    let mut text: String = (0..20).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("k7: again\n");
    let (_, diagnostics, _) = parse_text(&text);
    assert_eq!(diagnostics, vec![("SW102".to_owned(), "k7".to_owned())]);
}

#[test]
fn compose_tags_are_kept_and_core_tags_type_scalars() {
    let node = root("a: !reset []\nb: !override {x: 1}\nc: !!str 12\n");
    let map = node.as_map().unwrap();
    assert_eq!(map.get("a").unwrap().tag, Tag::Reset);
    assert_eq!(map.get("b").unwrap().tag, Tag::Override);
    assert_eq!(
        map.get("c").unwrap().as_scalar().unwrap().value(),
        ScalarValue::Str("12")
    );
}

#[test]
fn unknown_tags_are_reported() {
    let (_, diagnostics, _) = parse_text("a: !rest []\n");
    assert_eq!(diagnostics[0].0, "SW104");
}

#[test]
fn syntax_errors_are_located_and_produce_no_document() {
    let (docs, diagnostics, _) = parse_text("a:\n\tb: 1\n");
    assert!(docs.is_empty());
    assert_eq!(diagnostics[0].0, "SW101");
}

#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..12 {
        let prev = level - 1;
        let items = vec![format!("*l{prev}"); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    let (docs, diagnostics, _) = parse_text(&text);
    assert!(docs.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].0, "SW103");
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let (docs, diagnostics, _) = parse_text(&text);
    assert!(docs.is_empty());
    assert_eq!(diagnostics[0].0, "SW103");
}

#[test]
fn every_document_of_a_stream_is_returned() {
    let (docs, diagnostics, _) = parse_text("a: 1\n---\nb: 2\n");
    assert!(diagnostics.is_empty());
    assert_eq!(docs.len(), 2);
}

#[test]
fn comments_only_is_no_document() {
    let (docs, diagnostics, _) = parse_text("# nothing\n");
    assert!(diagnostics.is_empty());
    assert!(docs.is_empty());
}

#[test]
fn a_flow_collection_closed_at_its_keys_indentation_is_read_as_docker_reads_it() {
    let text = "command: [\n  --wait,\n]\nlabels: {\n  a: \"1\"\n}\nscript: |\n  x\n  ]\n";
    let (docs, diagnostics, sources) = parse_text(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let map = docs[0].as_map().unwrap();
    let command = map.get("command").unwrap();
    assert_eq!(sources.text(command.span), "[\n  --wait,\n]");
    assert_eq!(map.get("labels").unwrap().as_map().unwrap().len(), 1);
    // A block scalar's own `]` line is content, not a bracket to move.
    let NodeKind::Scalar(script) = &map.get("script").unwrap().kind else {
        panic!("script is a scalar");
    };
    assert_eq!(script.text, "x\n]\n");
}

#[test]
fn other_bad_indentation_is_still_an_error_at_its_place() {
    let (_, diagnostics, _) = parse_text("a:\n  b: 1\n c: 2\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].0, "SW101");
}
