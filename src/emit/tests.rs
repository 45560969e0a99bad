use serde_json::{Value, json};

use super::scalar::is_plain_safe;
use super::*;
use crate::diagnostic::Diagnostics;
use crate::source::{SourceKind, Sources};
use crate::swarm::{Mount, Port, Service, Stack};
use crate::yaml::{self, Node, NodeKind, ScalarValue};

/// Writes a JSON value through the tree, as `emit` writes a stack.
fn write(value: &Value) -> String {
    let mut tree = Tree::default();
    tree.fill(value).expect("JSON fits a tree");
    let mut out = String::new();
    writer::write(&mut out, tree.root());
    out
}

/// Parses emitted text with swarmc's own reader and rebuilds the value it holds.
fn read_back(text: &str) -> Value {
    let mut sources = Sources::new();
    let id = sources.add("out.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let mut documents = yaml::parse(sources.get(id), id, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{text}\n{diagnostics:?}");
    assert_eq!(documents.len(), 1, "{text}");
    to_value(&documents.remove(0))
}

fn to_value(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Map(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.text.to_string(), to_value(value)))
                .collect(),
        ),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_value).collect()),
        NodeKind::Scalar(scalar) => match scalar.value() {
            ScalarValue::Null => Value::Null,
            ScalarValue::Bool(b) => Value::Bool(b),
            ScalarValue::Int(n) => json!(n),
            ScalarValue::Float(f) => json!(f),
            ScalarValue::Str(s) => Value::String(s.to_owned()),
        },
    }
}

/// What docker sees after its interpolation: every `$$` in a string value is `$`.
fn unescape_dollars(value: &mut Value) {
    match value {
        Value::String(text) => *text = text.replace("$$", "$"),
        Value::Array(items) => items.iter_mut().for_each(unescape_dollars),
        Value::Object(map) => map.values_mut().for_each(unescape_dollars),
        _ => {}
    }
}

fn round_trip(value: &Value) -> Value {
    let mut back = read_back(&write(value));
    unescape_dollars(&mut back);
    back
}

/// Strings that a careless emitter writes as something else, or as broken YAML.
const TRICKY: &[&str] = &[
    "",
    " ",
    "  lead",
    "trail ",
    "\t",
    "a\tb",
    "yes",
    "Yes",
    "no",
    "on",
    "OFF",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "1",
    "-1",
    "+1",
    "0777",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1e3",
    "1E-3",
    ".5",
    "1.",
    "1.2.3",
    "3.13",
    "10.0.0.1",
    ".inf",
    "-.Inf",
    ".NaN",
    "22:22",
    "190:20:30.15",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5",
    "<<",
    "=",
    "-",
    "--",
    "---",
    "--- x",
    "...",
    "- x",
    "-x",
    "--config=a",
    "?",
    "? x",
    "?x",
    ":",
    ":x",
    "a:",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#x",
    "&a",
    "*a",
    "!tag",
    "|",
    ">",
    "'",
    "\"",
    "%x",
    "@x",
    "`x",
    "[a]",
    "{a}",
    "a,b",
    "a, b",
    "{{ .Service.Name }}",
    "$",
    "$$",
    "$HOME",
    "${HOME}",
    "a$",
    "line\nbreak",
    "\n",
    "cr\r",
    "nul\0",
    "bell\u{7}",
    "del\u{7f}",
    "nel\u{85}",
    "ls\u{2028}",
    "bom\u{feff}",
    "é",
    "日本語",
    "emoji 🎉",
    "\\",
    "\\n",
    "a\"b",
    "it's",
    "C:\\path",
    "/run/secrets/x",
    "node.role == manager",
    "node.labels.zone != a",
    "CMD-SHELL",
    "curl -f http://localhost/ || exit 1",
    "addr=10.0.0.1,rw,nfsvers=4.1",
    ":/export",
    "10.0.0.0/24",
    "512M",
    "1m30s",
    "0.5",
];

#[test]
fn layout_is_block_style_with_two_space_indentation() {
    let value = json!({
        "version": "3.8",
        "services": {
            "web": {
                "image": "nginx:1.27",
                "command": ["nginx", "-g", "daemon off;"],
                "ports": [{"target": 80, "published": 8080}],
                "environment": {},
                "networks": {"front": {}},
                "entrypoint": [],
                "deploy": {"replicas": 2, "update_config": {"max_failure_ratio": 0.5}},
                "read_only": true
            }
        },
        "x": [[1, 2], [{"a": null}]]
    });
    let expected = "\
version: \"3.8\"
services:
  web:
    image: nginx:1.27
    command:
      - nginx
      - -g
      - daemon off;
    ports:
      - target: 80
        published: 8080
    environment: {}
    networks:
      front: {}
    entrypoint: []
    deploy:
      replicas: 2
      update_config:
        max_failure_ratio: 0.5
    read_only: true
x:
  - - 1
    - 2
  - - a: null
";
    assert_eq!(write(&value), expected);
}

#[test]
fn dollars_are_doubled_in_values_but_not_in_keys() {
    let text = write(&json!({"A$B": "$HOME and ${X}", "list": ["$"]}));
    assert_eq!(text, "A$B: $$HOME and $${X}\nlist:\n  - $$\n");
}

#[test]
fn tricky_strings_round_trip_as_values_keys_and_items() {
    for &text in TRICKY {
        let as_value = json!({"key": text});
        assert_eq!(
            round_trip(&as_value),
            as_value,
            "value {text:?}: {}",
            write(&as_value)
        );
        let as_item = json!({"list": [text, {"k": text}]});
        assert_eq!(
            round_trip(&as_item),
            as_item,
            "item {text:?}: {}",
            write(&as_item)
        );
        if !text.is_empty() {
            let as_key = json!({ text: 1, "next": {text: [text]} });
            let back = read_back(&write(&as_key));
            let mut expected = as_key.clone();
            expected["next"][text] = json!([text.replace('$', "$$")]);
            assert_eq!(back, expected, "key {text:?}: {}", write(&as_key));
        }
    }
}

#[test]
fn quoting_is_used_only_when_needed() {
    for plain in [
        "nginx:1.27",
        "a:b",
        "a#b",
        "-x",
        "--config=a",
        "512M",
        "1m30s",
        "10.0.0.0/24",
        "/run/secrets/x",
        "node.role == manager",
        "é",
        "a,b",
        "x{{y}}",
    ] {
        assert!(is_plain_safe(plain), "{plain:?} should be plain");
        assert_eq!(write(&json!(plain)), format!("{plain}\n"));
    }
    assert_eq!(write(&json!("0.5")), "\"0.5\"\n");
    assert_eq!(write(&json!("{{x}}y")), "\"{{x}}y\"\n");
    assert_eq!(write(&json!("yes")), "\"yes\"\n");
    assert_eq!(
        write(&json!("a\"b\\c\nd\u{7}\u{2028}")),
        "\"a\\\"b\\\\c\\nd\\x07\\u2028\"\n"
    );
}

#[test]
fn keys_longer_than_yaml_allows_for_implicit_keys_are_explicit() {
    let key = "k".repeat(1100);
    let value = json!({ key.clone(): {"a": "b"}, "list": [{ key.clone(): 1 }] });
    let text = write(&value);
    assert!(text.starts_with("? kkk"), "{text}");
    assert_eq!(round_trip(&value), value);
}

#[test]
fn output_is_deterministic() {
    let value = json!({"b": {"z": 1, "a": [1, "x"]}, "a": "$"});
    assert_eq!(write(&value), write(&value));
}

/// A small deterministic generator (xorshift), so that failures reproduce.
struct Strings(u64);

impl Strings {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.next_u64() % items.len() as u64).unwrap_or(0)]
    }

    /// A string of up to eight pieces, each a character YAML cares about or a
    /// fragment that means something in one of its schemas.
    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "e",
            "x",
            "o",
            "b",
            "T",
            "y",
            "n",
            "0",
            "1",
            "7",
            "9",
            ".",
            ":",
            "-",
            "+",
            "_",
            " ",
            "\t",
            "\n",
            "\r",
            "#",
            "\"",
            "'",
            "\\",
            "$",
            "{",
            "}",
            "[",
            "]",
            ",",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            "~",
            "=",
            "<",
            "/",
            "é",
            "\u{85}",
            "\u{2028}",
            "\u{feff}",
            "\0",
            "\u{7f}",
            "yes",
            "on",
            "null",
            "true",
            "0x",
            "0o",
            "1e3",
            ".inf",
            "2001-12-14",
            "22:",
            "---",
            "...",
            "${A}",
            ": ",
            " #",
        ];
        let len = self.next_u64() % 9;
        (0..len).map(|_| *self.pick(PIECES)).collect()
    }
}

/// The implicit types of YAML 1.1 (yaml.org/type) and 1.2 (core schema), written
/// from the specifications rather than from the emitter.
const OTHER_TYPES: &[&str] = &[
    r"^(?:~|null|Null|NULL)?$",
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?)$",
    r"^(?:<<|=)$",
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
];

#[test]
fn generated_strings_round_trip_and_are_plain_only_when_no_yaml_reads_them_otherwise() {
    let other_type = jsonschema::validator_for(&json!({
        "anyOf": OTHER_TYPES.iter().map(|p| json!({"pattern": p})).collect::<Vec<_>>()
    }))
    .expect("the patterns compile");
    let mut strings = Strings(0x5eed_cafe_f00d_d00d);
    let (mut plain, mut quoted) = (0, 0);
    for _ in 0..20_000 {
        let text = strings.string();
        let value = json!({"v": text, "l": [text]});
        let emitted = write(&value);
        assert_eq!(
            round_trip(&value),
            value,
            "{text:?} was written as {emitted:?}"
        );
        if emitted.starts_with("v: \"") {
            quoted += 1;
        } else {
            plain += 1;
        }
        if is_plain_safe(&text) {
            assert!(
                !other_type.is_valid(&json!(text)),
                "{text:?} is written plain but YAML reads it as another type"
            );
        }
        if !text.is_empty() && !text.contains('$') {
            let as_key = json!({ text.clone(): text });
            assert_eq!(
                round_trip(&as_key),
                as_key,
                "key {text:?}: {}",
                write(&as_key)
            );
        }
    }
    // Both paths are exercised, not just quoting.
    assert!(
        plain > 2_000 && quoted > 2_000,
        "{plain} plain, {quoted} quoted"
    );
}

fn service(image: &str) -> Service {
    Service {
        image: image.to_owned(),
        ..Service::default()
    }
}

#[test]
fn emit_writes_the_lowest_version_first() {
    let mut stack = Stack::default();
    stack.services.insert("web".to_owned(), service("nginx"));
    let mut diagnostics = Diagnostics::new();
    let text = emit(&stack, &mut diagnostics).expect("valid stack");
    assert!(diagnostics.is_empty());
    assert_eq!(
        text,
        "version: \"3.0\"\nservices:\n  web:\n    image: nginx\n"
    );
}

#[test]
fn a_stack_that_breaks_the_schema_is_sw901_and_not_written() {
    let mut stack = Stack::default();
    let mut web = service("nginx");
    web.ports.push(Port {
        target: 0,
        published: None,
        protocol: None,
        mode: None,
    });
    web.volumes.push(Mount::Tmpfs {
        target: "relative".to_owned(),
        read_only: false,
        tmpfs: None,
    });
    stack.services.insert("web.1".to_owned(), web);
    let mut diagnostics = Diagnostics::new();
    assert_eq!(emit_validated(&stack, &mut diagnostics), None);
    let messages: Vec<String> = diagnostics
        .iter()
        .inspect(|d| assert_eq!(d.code(), "SW901"))
        .map(|d| d.message.clone())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/services/web.1`: value does not match")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/services/web.1/ports/0/target`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/services/web.1/volumes/0")),
        "{messages:#?}"
    );
}

#[test]
fn a_run_that_does_not_validate_writes_without_checking() {
    let mut stack = Stack::default();
    stack
        .services
        .insert("web".to_owned(), service("bad image"));
    let mut diagnostics = Diagnostics::new();
    let text = emit_with(&stack, false, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        text.as_deref(),
        Some("version: \"3.0\"\nservices:\n  web:\n    image: bad image\n")
    );
}

#[test]
fn checking_changes_nothing_in_a_valid_stack() {
    let mut stack = Stack::default();
    for i in 0..PARALLEL_FROM + 3 {
        stack
            .services
            .insert(format!("s{i:04}"), service(&format!("app:{i}")));
    }
    let mut checked = Diagnostics::new();
    let mut unchecked = Diagnostics::new();
    let text = emit_validated(&stack, &mut checked).expect("valid stack");
    assert_eq!(emit_with(&stack, false, &mut unchecked), Some(text));
    assert!(checked.is_empty() && unchecked.is_empty());
}

#[test]
fn many_violations_are_summarized() {
    let mut stack = Stack::default();
    for i in 0..30 {
        stack.services.insert(format!("s{i}"), service("bad image"));
    }
    let mut diagnostics = Diagnostics::new();
    assert_eq!(emit_validated(&stack, &mut diagnostics), None);
    assert_eq!(diagnostics.len(), 11);
    let last = diagnostics.iter().last().map(|d| d.message.clone());
    assert_eq!(
        last.as_deref(),
        Some("the emitted stack breaks its schema in 20 more places")
    );
}

#[test]
fn checking_in_parts_covers_everything_the_root_schema_says_about_services() {
    let schema: Value = serde_json::from_str(validate::SCHEMA).expect("the schema is JSON");
    let services = &schema["properties"]["services"];
    let mut keywords: Vec<&str> = services
        .as_object()
        .expect("services has a schema")
        .keys()
        .map(String::as_str)
        .collect();
    keywords.sort_unstable();
    assert_eq!(keywords, ["additionalProperties", "propertyNames", "type"]);
    assert_eq!(
        services["additionalProperties"],
        json!({"$ref": validate::SERVICE})
    );
    assert_eq!(
        validate::SERVICE_NAME,
        "#/properties/services/propertyNames"
    );
    assert!(
        schema["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("services")))
    );
}

#[test]
fn the_whole_document_breaks_the_schema_where_a_part_does() {
    let schema: Value = serde_json::from_str(validate::SCHEMA).expect("the schema is JSON");
    let whole = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut stack = Stack::default();
    stack.services.insert("web".to_owned(), service("nginx"));
    let file = crate::swarm::StackFile::new(&stack);
    assert!(whole.is_valid(&serde_json::to_value(&file).expect("serializes")));
    for (name, image) in [("web.1", "nginx"), ("web", "bad image")] {
        let mut stack = Stack::default();
        stack.services.insert(name.to_owned(), service(image));
        let file = crate::swarm::StackFile::new(&stack);
        assert!(!whole.is_valid(&serde_json::to_value(&file).expect("serializes")));
        let mut diagnostics = Diagnostics::new();
        assert_eq!(emit_validated(&stack, &mut diagnostics), None);
    }
}

#[test]
fn an_empty_stack_has_an_empty_services_map() {
    let mut diagnostics = Diagnostics::new();
    let text = emit(&Stack::default(), &mut diagnostics);
    assert_eq!(text.as_deref(), Some("version: \"3.0\"\nservices: {}\n"));
}

#[test]
fn large_stacks_written_in_parallel_read_as_if_written_in_order() {
    let mut stack = Stack::default();
    for i in 0..PARALLEL_FROM + 101 {
        stack
            .services
            .insert(format!("s{i:04}"), service(&format!("app:{i}")));
    }
    let mut diagnostics = Diagnostics::new();
    let text = emit(&stack, &mut diagnostics).expect("valid stack");
    let services: Vec<(&String, &Service)> = stack.services.iter().collect();
    let mut checker = validate::Checker::new().expect("the schema compiles");
    let mut in_order = String::from("version: \"3.0\"\nservices:\n");
    write_run(&services, &mut checker, &mut in_order).expect("serializes");
    assert_eq!(text, in_order);
}

#[test]
fn violations_found_in_parallel_are_reported_in_order() {
    let mut stack = Stack::default();
    let bad = [
        7, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 590,
    ];
    for i in 0..PARALLEL_FROM + 101 {
        let image = if bad.contains(&i) { "bad image" } else { "app" };
        stack.services.insert(format!("s{i:04}"), service(image));
    }
    let mut diagnostics = Diagnostics::new();
    assert_eq!(emit_validated(&stack, &mut diagnostics), None);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 11, "{messages:#?}");
    assert!(
        messages[0].contains("`/services/s0007/image`"),
        "{messages:#?}"
    );
    assert!(
        messages[9].contains("`/services/s0308/image`"),
        "{messages:#?}"
    );
    assert_eq!(
        messages[10],
        "the emitted stack breaks its schema in 3 more places"
    );
}

/// A service that touches every kind of serde value the model produces: internally
/// tagged, externally tagged and untagged enums, options, floats, maps and lists.
fn varied_service() -> Service {
    use crate::swarm::{
        CredentialSpec, Deploy, Duration, Healthcheck, Mode, TmpfsOptions, Ulimit, UpdateConfig,
        VolumeOptions,
    };
    let mut web = service("nginx:1");
    web.command = vec!["a".into(), "$b".into()];
    web.environment.insert("K".to_owned(), Some("v".to_owned()));
    web.ports.push(Port {
        target: 80,
        published: Some(8080),
        protocol: None,
        mode: None,
    });
    web.volumes.push(Mount::Volume {
        source: Some("data".to_owned()),
        target: "/data".to_owned(),
        read_only: true,
        volume: Some(VolumeOptions {
            nocopy: true,
            subpath: None,
        }),
    });
    web.volumes.push(Mount::Tmpfs {
        target: "/t".to_owned(),
        read_only: false,
        tmpfs: Some(TmpfsOptions { size: Some(1) }),
    });
    web.ulimits
        .insert("nofile".to_owned(), Ulimit::Pair { soft: 1, hard: 2 });
    web.ulimits.insert("nproc".to_owned(), Ulimit::Single(-1));
    web.credential_spec = Some(CredentialSpec::Registry("r".to_owned()));
    web.healthcheck = Some(Healthcheck {
        test: vec!["NONE".to_owned()],
        interval: Some(Duration::from_std(std::time::Duration::from_millis(1500))),
        ..Healthcheck::default()
    });
    web.deploy = Some(Deploy {
        mode: Some(Mode::ReplicatedJob),
        update_config: Some(UpdateConfig {
            max_failure_ratio: Some(0.5),
            ..UpdateConfig::default()
        }),
        ..Deploy::default()
    });
    web.init = Some(false);
    web
}

#[test]
fn a_tree_holds_what_serde_json_would() {
    let mut stack = Stack::default();
    stack.services.insert("web".to_owned(), varied_service());
    stack
        .networks
        .insert("n".to_owned(), crate::swarm::Network::default());
    let file = crate::swarm::StackFile::new(&stack);
    let mut tree = Tree::default();
    tree.fill(&file).expect("fits");
    let expected = serde_json::to_value(&file).expect("serializes");
    assert_eq!(schema_view::to_value(tree.root()), expected);
    // Refilling reuses the tree.
    tree.fill(&json!({"a": [1, -2, 0.5, null, true, "x", {}, []]}))
        .expect("fits");
    assert_eq!(
        schema_view::to_value(tree.root()),
        json!({"a": [1, -2, 0.5, null, true, "x", {}, []]})
    );
    assert!(
        tree.fill(&std::collections::BTreeMap::from([(1, 2)]))
            .is_err()
    );
}

#[test]
fn validating_a_tree_agrees_with_validating_serde_json() {
    let schema: Value = serde_json::from_str(validate::SCHEMA).expect("the schema is JSON");
    let on_values = jsonschema::validator_for(&schema).expect("compiles");
    let on_trees = jsonschema::options_for::<schema_view::TreeJson>()
        .build(&schema)
        .expect("compiles");
    let mut stacks = Vec::new();
    let mut stack = Stack::default();
    stack.services.insert("web".to_owned(), varied_service());
    stacks.push(stack.clone());
    let mut duplicate_ports = stack.clone();
    if let Some(web) = duplicate_ports.services.get_mut("web") {
        let port = web.ports[0].clone();
        web.ports.push(port);
    }
    stacks.push(duplicate_ports);
    let mut bad_name = stack.clone();
    bad_name.services.insert("-web".to_owned(), service("x"));
    stacks.push(bad_name);
    let mut bad_mount = stack.clone();
    if let Some(web) = bad_mount.services.get_mut("web") {
        web.volumes.push(Mount::Bind {
            source: String::new(),
            target: "x".to_owned(),
            read_only: false,
            bind: None,
        });
    }
    stacks.push(bad_mount);
    let mut bad_secret = stack;
    bad_secret
        .secrets
        .insert("s".to_owned(), crate::swarm::Secret::default());
    stacks.push(bad_secret);
    let mut tree = Tree::default();
    for (i, stack) in stacks.iter().enumerate() {
        let file = crate::swarm::StackFile::new(stack);
        let value = serde_json::to_value(&file).expect("serializes");
        tree.fill(&file).expect("fits");
        let expected: Vec<String> = on_values
            .iter_errors(&value)
            .map(|e| format!("{} {}", e.instance_path(), e.masked()))
            .collect();
        let found: Vec<String> = on_trees
            .iter_errors(tree.root())
            .map(|e| format!("{} {}", e.instance_path(), e.masked()))
            .collect();
        assert_eq!(found, expected, "stack {i}");
        assert_eq!(on_trees.is_valid(tree.root()), i == 0, "stack {i}");
    }
}

#[test]
fn unique_items_are_found_by_json_equality() {
    use jsonschema::json::{Array, Node as _};
    let unique = |value: Value| {
        let mut tree = Tree::default();
        tree.fill(&value).expect("fits");
        tree.root().as_array().expect("an array").is_unique()
    };
    assert!(unique(
        serde_json::json!([1, 2, "1", [1, 2], [2, 1], {"a": 1}, {"a": 2}])
    ));
    assert!(!unique(serde_json::json!([1, 2, 1.0])));
    assert!(!unique(serde_json::json!([0, -0.0])));
    assert!(!unique(
        serde_json::json!([{"a": 1, "b": [2]}, 3, {"b": [2], "a": 1}])
    ));
    assert!(!unique(serde_json::json!([null, true, null])));
    let many: Vec<Value> = (0..20_000)
        .map(|n| serde_json::json!({"target": n % 15_000, "protocol": "tcp"}))
        .collect();
    assert!(unique(Value::Array(many[..10_000].to_vec())));
    assert!(!unique(Value::Array(many)));
}
