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

/// Every YAML file under `dir`, recursively.
fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// The text and variants of it a line off: each line removed, indented one space more
/// or less, or cut after its first `: `.
fn variants(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = vec![text.to_owned()];
    if text.len() > 3000 {
        return out;
    }
    for i in 0..lines.len() {
        let join = |line: &str| {
            let mut s = String::with_capacity(text.len() + 1);
            lines[..i].iter().for_each(|l| s.push_str(l));
            s.push_str(line);
            lines[i + 1..].iter().for_each(|l| s.push_str(l));
            s
        };
        out.push(join(""));
        out.push(join(&format!(" {}", lines[i])));
        if let Some(rest) = lines[i].strip_prefix(' ') {
            out.push(join(rest));
        }
        if let Some(at) = lines[i].find(": ") {
            out.push(join(&format!("{}\n", &lines[i][..at + 1])));
        }
    }
    out
}

fn assert_front_ends_agree(texts: impl IntoIterator<Item = (String, String)>) -> (usize, usize) {
    let (mut taken, mut all) = (0, 0);
    for (name, text) in texts {
        for variant in variants(&text) {
            all += 1;
            match differential(&variant) {
                Ok(true) => taken += 1,
                Ok(false) => {}
                Err(difference) => panic!("{name}: {difference}\n--- text:\n{variant}"),
            }
        }
    }
    (taken, all)
}

#[test]
fn fast_front_end_agrees_with_the_reference_on_every_fixture_and_seed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures",
        "fuzz/seeds",
        "profiles",
        "../shared/corpus",
    ] {
        yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "only {} files found", files.len());
    let texts = files.iter().filter_map(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        Some((path.display().to_string(), text))
    });
    let (taken, all) = assert_front_ends_agree(texts);
    // Most compose files are in the shapes the fast front end reads.
    assert!(
        taken * 3 > all,
        "the fast front end took only {taken} of {all} texts"
    );
}

#[test]
fn fast_front_end_agrees_with_the_reference_on_each_construct() {
    let cases = [
        "a: 1\n",
        "a: 1",
        "---\na: 1\n",
        "# c\n---\n# d\na: 1\n",
        "a:\n  b: c\n  d:\n    - e\n    - f: g\n      h: i\n",
        "a:\n- b\n- c\nd: e\n",
        "a:\n- b:\n  - c\n",
        "a: [b, 'c', \"d\", [e], {f: g}]\n",
        "a: {b: c, 'd': [e, f], \"g\": h,}\n",
        "a: []\nb: {}\n",
        "a: \"x\\ty\\\"z\\\\\"\nb: 'it''s'\n",
        "a: |\n  one\n  two\n\nb: 1\n",
        "a: |-\n  one\n\n  two\n\n\nb: 1\n",
        "a: |+\n  one\n\n\nb: 1\n",
        "a: >\n  one\n  two\n\n  three\nb: 1\n",
        "a: >-\n  one\n  two\n",
        "- |\n  x\n- y\n",
        "a: &x\n  b: c\nd: *x\ne:\n  <<: *x\n  f: g\n",
        "a: &x 1\nb: *x\nc: [*x, *x]\n",
        "a: &x\nb: *x\n",
        "a: !reset []\nb: !override\n  c: d\nc: !!str 1\nd: !custom x\ne: !reset\n",
        "a: b # comment\n# whole line\nc: d#e\n",
        "a:\nb:\n",
        "key with spaces: value with: colon-less\n",
        "a: b: c\n",
        "a: 1\na: 2\n",
        "x: :80\n",
        "a:\n  - b\n   - c\n",
        "a:\n  b: 1\n c: 2\n",
        "- a\n-\n- b\n",
        "a: -1\nb: -x\nc: - x\n",
        "a: 'unterminated\n",
        "a: [1, 2\n",
        "a: \"\\u00e9\"\n",
        "é: ü\nb: \"ö\"\n",
        "a:\n    - x\n    - y\n",
        "  a: 1\n  b: 2\n",
        "a: 1\n  b: 2\n",
        "- - a\n",
        "a: plain\n  continued\n",
        "a:\n  - b # c\n  # d\n  - e\n",
        "a: |\n  x\n   more\n  y\n",
        "a: >\n  x\n   more\n",
        "a:\n  b: |\n    x\n  c: 1\n",
        "a: |\n  x\n# c\nb: 1\n",
        "a: |\n  x\n\n",
        "a: |\n  x\n  ",
        "a: \"b\" # c\n",
        "a: x\n...\n",
        "a: x\n---\nb: y\n",
        "{a: 1}\n",
        "[a, b]\n",
        "plain\n",
        "a: &anchor\n  - x\n",
        "a:\n  &x b: c\n",
        "a: [b: c]\n",
        "a: {b}\n",
        "a: {b: }\n",
        "a: {\"b\":c}\n",
        "a: [a:b, c]\n",
        "a: x\tz\n",
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
    ];
    let texts = cases
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("case {i}"), (*text).to_owned()));
    let (taken, _) = assert_front_ends_agree(texts);
    assert!(taken > 100, "the fast front end took only {taken} texts");
}

#[test]
fn fast_front_end_takes_the_shapes_compose_files_use() {
    let text = "services:\n  web:\n    image: \"nginx:1\"\n    ports:\n      - \"80:80\"\n      - target: 443\n        published: 443\n    command: [\"a\", \"b\"]\n    environment:\n      A: 1\n    healthcheck:\n      test: |\n        curl -f localhost\n    deploy: &d\n      replicas: 2\n  db:\n    deploy: *d\n";
    assert_eq!(differential(text), Ok(true));
}

#[test]
fn fast_front_end_agrees_with_the_reference_on_generated_projects() {
    let mut text =
        String::from("x-defaults: &defaults\n  restart: always\n  labels: [a=1]\nservices:\n");
    for i in 0..10 {
        text.push_str(&format!(
            "  svc{i}:\n    <<: *defaults\n    image: \"registry.example.com/app{i}:1.{i}\"\n    \
             environment:\n      VAR_{i}: 'value {i}'\n      EMPTY_{i}:\n    ports:\n      - \"{p}:80\"\n      \
             - target: {i}\n        published: {p}\n    command: [\"sh\", \"-c\", 'echo {i}']\n    \
             healthcheck:\n      test: |\n        curl -f http://localhost:{i}/ || exit 1\n      \
             interval: {i}s # every so often\n    deploy: {{replicas: {i}, labels: {{tier: t{i}}}}}\n",
            p = 10000 + i
        ));
        if i % 7 == 0 {
            text.push_str(&format!(
                "    networks:\n    - net{i}\n    volumes: !reset []\n"
            ));
        }
    }
    text.push_str("networks:\n  net0:\n    driver: overlay\nvolumes:\n  data: {}\n");
    assert_eq!(differential(&text), Ok(true));
    let (taken, all) = assert_front_ends_agree([("generated".to_owned(), text)]);
    assert!(
        taken * 3 > all,
        "the fast front end took only {taken} of {all} variants"
    );
}

#[test]
fn a_tab_in_indentation_is_pointed_at_itself() {
    // The parser stops at the tab, or at the end of the line before it.
    for text in [
        "services:\n  web:\n\timage: nginx\n",
        "services:\n  web:\n    image: nginx:1.25\n\tports: []\n",
    ] {
        let (_, found, _) = parse_text(text);
        assert_eq!(found, [("SW101".to_owned(), "\t".to_owned())], "{text:?}");
    }
}
