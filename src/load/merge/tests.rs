use serde_json::{Value, json};

use super::*;
use crate::source::{SourceId, SourceKind, Sources};

/// Parses `text` as the one document of a file named `name`.
fn parse(sources: &mut Sources, name: &str, text: &str) -> Node {
    let id = sources.add(name, None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let mut documents = crate::yaml::parse(sources.get(id), id, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    documents.remove(0)
}

/// The tree without spans: mappings, lists, strings and nulls; tags as `{"!reset": ..}`.
fn shape(node: &Node) -> Value {
    let value = match &node.kind {
        NodeKind::Map(map) => Value::Object(
            map.entries
                .iter()
                .map(|e| (e.key.text.to_string(), shape(&e.value)))
                .collect(),
        ),
        NodeKind::Seq(items) => Value::Array(items.iter().map(shape).collect()),
        NodeKind::Scalar(scalar) if scalar.is_null() => Value::Null,
        NodeKind::Scalar(scalar) => Value::String(scalar.text.to_string()),
    };
    match node.tag {
        Tag::None => value,
        Tag::Reset => json!({ "!reset": value }),
        Tag::Override => json!({ "!override": value }),
    }
}

struct Merged {
    tree: Option<Node>,
    codes: Vec<&'static str>,
    diagnostics: Diagnostics,
    sources: Sources,
}

fn merged_with(base: &str, over: &str, tags: Tags) -> Merged {
    let mut sources = Sources::new();
    let base = parse(&mut sources, "base.yaml", base);
    let over = parse(&mut sources, "over.yaml", over);
    let mut diagnostics = Diagnostics::new();
    let tree = merge(base, over, &[], tags, &mut diagnostics);
    let codes = diagnostics.iter().map(|d| d.code()).collect();
    Merged {
        tree,
        codes,
        diagnostics,
        sources,
    }
}

/// Asserts that `over` merged over `base` gives `expected`, without diagnostics.
#[track_caller]
fn check(base: &str, over: &str, expected: &str) {
    let merged = merged_with(base, over, Tags::Consume);
    assert!(merged.codes.is_empty(), "{:?}", merged.codes);
    let expected = parse(&mut Sources::new(), "expected.yaml", expected);
    assert_eq!(shape(&merged.tree.unwrap()), shape(&expected));
}

#[test]
fn mappings_merge_recursively_and_scalars_are_replaced() {
    check(
        "services:\n  web:\n    image: a\n    user: u\n",
        "services:\n  web:\n    image: b\n  db:\n    image: c\n",
        "services:\n  web:\n    image: b\n    user: u\n  db:\n    image: c\n",
    );
}

#[test]
fn sequences_append() {
    check(
        "services:\n  web:\n    cap_add: [A]\n    ports: ['80:80']\n",
        "services:\n  web:\n    cap_add: [B]\n    ports: ['443:443']\n",
        "services:\n  web:\n    cap_add: [A, B]\n    ports: ['80:80', '443:443']\n",
    );
}

#[test]
fn null_never_replaces_and_is_replaced() {
    check(
        "services:\n  web:\n    image: a\n    user:\n",
        "services:\n  web:\n    image:\n    user: u\n",
        "services:\n  web:\n    image: a\n    user: u\n",
    );
}

#[test]
fn a_scalar_is_replaced_by_any_value() {
    check("x-a: 1\n", "x-a: {b: 2}\n", "x-a: {b: 2}\n");
}

#[test]
fn command_entrypoint_and_healthcheck_test_are_replaced() {
    check(
        "services:\n  web:\n    command: [a, b]\n    entrypoint: [sh]\n    healthcheck:\n      test: [CMD, a]\n      retries: 3\n",
        "services:\n  web:\n    command: [c]\n    entrypoint:\n    healthcheck:\n      test: [CMD, b]\n",
        "services:\n  web:\n    command: [c]\n    entrypoint:\n    healthcheck:\n      test: [CMD, b]\n      retries: 3\n",
    );
}

#[test]
fn environment_merges_key_by_key_in_both_forms() {
    check(
        "services:\n  web:\n    environment:\n      A: 1\n      B: 2\n",
        "services:\n  web:\n    environment:\n      B: 3\n      C:\n",
        "services:\n  web:\n    environment:\n      A: 1\n      B: 3\n      C:\n",
    );
    check(
        "services:\n  web:\n    environment: [A=1, B=2]\n",
        "services:\n  web:\n    environment: [B=3]\n",
        "services:\n  web:\n    environment: [A=1, B=2, B=3]\n",
    );
    check(
        "services:\n  web:\n    environment: [A=1, B=2, C]\n",
        "services:\n  web:\n    environment:\n      B: 3\n",
        "services:\n  web:\n    environment:\n      A: '1'\n      B: 3\n      C:\n",
    );
    check(
        "services:\n  web:\n    environment:\n      A: 1\n",
        "services:\n  web:\n    environment: [A=x=y, D]\n",
        "services:\n  web:\n    environment:\n      A: x=y\n      D:\n",
    );
}

#[test]
fn labels_and_other_key_value_paths_merge_key_by_key() {
    check(
        "services:\n  web:\n    labels: [a=1]\n    deploy:\n      labels: {b: 1}\n    build:\n      args: {c: 1}\nnetworks:\n  n:\n    labels: {d: 1}\n",
        "services:\n  web:\n    labels: {a: 2}\n    deploy:\n      labels: [b=2]\n    build:\n      args: [c=2]\nnetworks:\n  n:\n    labels: [d=2]\n",
        "services:\n  web:\n    labels: {a: 2}\n    deploy:\n      labels: {b: '2'}\n    build:\n      args: {c: '2'}\nnetworks:\n  n:\n    labels: {d: '2'}\n",
    );
}

#[test]
fn string_or_list_paths_append_as_lists() {
    check(
        "services:\n  web:\n    dns: 1.1.1.1\n    env_file: a.env\n    tmpfs: [/run]\n",
        "services:\n  web:\n    dns: [8.8.8.8]\n    env_file: b.env\n    tmpfs: /tmp\n",
        "services:\n  web:\n    dns: [1.1.1.1, 8.8.8.8]\n    env_file: [a.env, b.env]\n    tmpfs: [/run, /tmp]\n",
    );
}

#[test]
fn extra_hosts_append_without_repeats() {
    check(
        "services:\n  web:\n    extra_hosts:\n      b: 10.0.0.2\n      a: [10.0.0.1, '::1']\n",
        "services:\n  web:\n    extra_hosts: ['a=10.0.0.1', 'c:10.0.0.3', 'a=10.0.0.9']\n",
        "services:\n  web:\n    extra_hosts: ['a=10.0.0.1', 'a=::1', 'b=10.0.0.2', 'c:10.0.0.3', 'a=10.0.0.9']\n",
    );
}

#[test]
fn depends_on_lists_and_mappings_mix() {
    check(
        "services:\n  web:\n    depends_on: [db, cache]\n",
        "services:\n  web:\n    depends_on: [cache, queue]\n",
        "services:\n  web:\n    depends_on: [db, cache, queue]\n",
    );
    check(
        "services:\n  web:\n    depends_on: [db]\n",
        "services:\n  web:\n    depends_on:\n      queue:\n        condition: service_healthy\n",
        "services:\n  web:\n    depends_on:\n      db: {condition: service_started, required: true}\n      queue: {condition: service_healthy}\n",
    );
    check(
        "services:\n  web:\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n",
        "services:\n  web:\n    depends_on: [db]\n",
        "services:\n  web:\n    depends_on:\n      db: {condition: service_started, restart: true, required: true}\n",
    );
}

#[test]
fn service_networks_lists_become_mappings() {
    check(
        "services:\n  web:\n    networks: [front]\n",
        "services:\n  web:\n    networks:\n      back:\n        aliases: [b]\n",
        "services:\n  web:\n    networks:\n      front:\n      back:\n        aliases: [b]\n",
    );
    check(
        "services:\n  web:\n    networks:\n      front:\n        aliases: [a]\n        ipv4_address: 10.0.0.2\n",
        "services:\n  web:\n    networks:\n      front:\n        aliases: [b]\n        ipv4_address: 10.0.0.3\n",
        "services:\n  web:\n    networks:\n      front:\n        aliases: [a, b]\n        ipv4_address: 10.0.0.3\n",
    );
}

#[test]
fn a_build_string_is_its_context() {
    check(
        "services:\n  web:\n    build: ./a\n",
        "services:\n  web:\n    build:\n      dockerfile: D\n",
        "services:\n  web:\n    build:\n      context: ./a\n      dockerfile: D\n",
    );
    check(
        "services:\n  web:\n    build:\n      context: ./a\n      args: [X=1]\n",
        "services:\n  web:\n    build: ./b\n",
        "services:\n  web:\n    build:\n      context: ./b\n      args: [X=1]\n",
    );
    check(
        "services:\n  web:\n    build: ./a\n",
        "services:\n  web:\n    build: ./b\n",
        "services:\n  web:\n    build: ./b\n",
    );
}

#[test]
fn logging_options_merge_only_for_the_same_driver() {
    check(
        "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m}\n",
        "services:\n  web:\n    logging:\n      options: {max-file: '3'}\n",
        "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m, max-file: '3'}\n",
    );
    check(
        "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m}\n",
        "services:\n  web:\n    logging:\n      driver: syslog\n      options: {tag: web}\n",
        "services:\n  web:\n    logging:\n      driver: syslog\n      options: {tag: web}\n",
    );
}

#[test]
fn each_ulimit_is_replaced_whole() {
    check(
        "services:\n  web:\n    ulimits:\n      nofile: {soft: 1, hard: 2}\n      nproc: 10\n",
        "services:\n  web:\n    ulimits:\n      nofile: {soft: 3}\n",
        "services:\n  web:\n    ulimits:\n      nofile: {soft: 3}\n      nproc: 10\n",
    );
}

#[test]
fn ipam_pools_merge_by_subnet() {
    check(
        "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.1\n        - subnet: 10.1.0.0/24\n",
        "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.254\n        - subnet: 10.2.0.0/24\n",
        "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.254\n        - subnet: 10.1.0.0/24\n        - subnet: 10.2.0.0/24\n",
    );
}

#[test]
fn reset_removes_and_override_replaces() {
    check(
        "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: {A: 1, B: 2}\n    volumes: [a:/a]\n",
        "services:\n  web:\n    ports: !reset []\n    environment:\n      A: !reset\n    volumes: !override [b:/b]\n    user: !reset u\n",
        "services:\n  web:\n    image: a\n    environment: {B: 2}\n    volumes: [b:/b]\n",
    );
    check(
        "services:\n  web:\n    cap_add: [A]\n",
        "services:\n  web:\n    cap_add: [!reset B, C]\n    command: !override [x]\n",
        "services:\n  web:\n    cap_add: [A, C]\n    command: [x]\n",
    );
}

#[test]
fn override_merges_nothing_below_it() {
    check(
        "services:\n  web:\n    deploy:\n      resources: {limits: {cpus: '1', memory: 1g}}\n",
        "services:\n  web:\n    deploy: !override\n      resources: {limits: {memory: 2g}}\n",
        "services:\n  web:\n    deploy:\n      resources: {limits: {memory: 2g}}\n",
    );
}

#[test]
fn kept_tags_stay_in_the_result() {
    let merged = merged_with(
        "image: a\nports: ['80:80']\nuser: u\n",
        "ports: !reset []\nuser: !override v\nlabels: {a: !reset}\n",
        Tags::Keep,
    );
    assert_eq!(
        shape(&merged.tree.unwrap()),
        json!({
            "image": "a",
            "ports": {"!reset": []},
            "user": {"!override": "v"},
            "labels": {"a": {"!reset": null}},
        })
    );
}

#[test]
fn strip_tags_applies_them_to_a_lone_tree() {
    let mut sources = Sources::new();
    let node = parse(
        &mut sources,
        "f.yaml",
        "a: !reset 1\nb: !override [x, !reset y]\nc: {d: !reset}\n",
    );
    assert_eq!(
        shape(&strip_tags(node).unwrap()),
        json!({"b": ["x"], "c": {}})
    );
}

#[test]
fn a_mapping_over_a_list_is_an_error_at_both_places() {
    let merged = merged_with(
        "services:\n  web:\n    ports: ['80:80']\n",
        "services:\n  web:\n    ports:\n      http: 80\n",
        Tags::Consume,
    );
    assert_eq!(merged.codes, ["SW220"]);
    let diagnostic = merged.diagnostics.iter().next().unwrap();
    assert_eq!(
        diagnostic.message,
        "cannot merge a mapping into a list at `services.web.ports`"
    );
    let primary = diagnostic.primary.as_ref().unwrap().span;
    assert_eq!(merged.sources.get(primary.source).name, "over.yaml");
    assert_eq!(merged.sources.text(primary), "http: 80");
    let secondary = diagnostic.secondary[0].span;
    assert_eq!(merged.sources.get(secondary.source).name, "base.yaml");
    assert_eq!(merged.sources.text(secondary), "['80:80']");
    // The later value wins, so the rest of the run sees one consistent tree.
    assert_eq!(
        shape(&merged.tree.unwrap()),
        json!({"services": {"web": {"ports": {"http": "80"}}}})
    );
}

#[test]
fn environment_items_that_are_not_strings_do_not_mix_with_a_mapping() {
    let merged = merged_with(
        "services:\n  web:\n    environment: [{A: 1}]\n",
        "services:\n  web:\n    environment: {B: 2}\n",
        Tags::Consume,
    );
    assert_eq!(merged.codes, ["SW220"]);
}

#[test]
fn merged_values_keep_the_span_of_the_file_that_wrote_them() {
    let merged = merged_with(
        "services:\n  web:\n    image: a\n    user: u\n    ports: ['80:80']\n",
        "services:\n  web:\n    image: b\n    ports: ['443:443']\n",
        Tags::Consume,
    );
    let tree = merged.tree.unwrap();
    let web = tree
        .as_map()
        .unwrap()
        .get("services")
        .unwrap()
        .as_map()
        .unwrap();
    let web = web.get("web").unwrap().as_map().unwrap();
    let file = |node: &Node| merged.sources.get(node.span.source).name.clone();
    assert_eq!(file(web.get("image").unwrap()), "over.yaml");
    assert_eq!(file(web.get("user").unwrap()), "base.yaml");
    let ports = web.get("ports").unwrap().as_seq().unwrap();
    assert_eq!(file(&ports[0]), "base.yaml");
    assert_eq!(file(&ports[1]), "over.yaml");
    assert_eq!(merged.sources.text(ports[1].span), "'443:443'");
}

#[test]
fn converted_values_point_at_the_text_they_came_from() {
    let merged = merged_with(
        "services:\n  web:\n    build: ./a\n    environment: [A=1]\n",
        "services:\n  web:\n    build: {dockerfile: D}\n    environment: {B: 2}\n",
        Tags::Consume,
    );
    let tree = merged.tree.unwrap();
    let web = tree
        .as_map()
        .unwrap()
        .get("services")
        .unwrap()
        .as_map()
        .unwrap();
    let web = web.get("web").unwrap().as_map().unwrap();
    let context = web
        .get("build")
        .unwrap()
        .as_map()
        .unwrap()
        .get("context")
        .unwrap();
    assert_eq!(merged.sources.text(context.span), "./a");
    let a = web
        .get("environment")
        .unwrap()
        .as_map()
        .unwrap()
        .get("A")
        .unwrap();
    assert_eq!(merged.sources.text(a.span), "A=1");
    assert_eq!(a.span.source, SourceId::clone(&context.span.source));
}
