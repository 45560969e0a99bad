//! Names a service uses must be declared; names must be valid.

use super::{lower_ok, lower_text};

#[test]
fn declared_references_are_accepted() {
    lower_ok(
        r#"services:
  web:
    image: x
    networks: [front, default]
    volumes: [data:/data]
    secrets: [key]
    configs: [conf]
    depends_on: [db]
    models: [llm]
    build:
      context: .
      secrets: [key]
  db:
    image: y
    volumes_from: [web]
networks:
  front:
volumes:
  data:
secrets:
  key:
    file: ./key.txt
configs:
  conf:
    content: hello
models:
  llm:
    model: ai/smollm2
"#,
    );
}

#[test]
fn every_undefined_reference_is_reported_with_a_suggestion() {
    let lowered = lower_text(
        r#"services:
  web:
    image: x
    networks: [frontend]
    volumes: ["dta:/data"]
    secrets: [nope]
    configs:
      - source: conf2
    depends_on:
      db2:
        condition: service_started
      optional:
        condition: service_started
        required: false
    volumes_from: [other]
  db:
    image: y
networks:
  front:
volumes:
  data:
configs:
  conf:
    file: ./c
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW114", "frontend"),
            ("SW114", "dta"),
            ("SW114", "nope"),
            ("SW114", "conf2"),
            ("SW114", "db2"),
            ("SW114", "other"),
        ]
    );
    assert_eq!(
        lowered.messages(),
        vec![
            "undefined network `frontend`",
            "undefined volume `dta`",
            "undefined secret `nope`",
            "undefined config `conf2`",
            "undefined service `db2`",
            "undefined service `other`",
        ]
    );
    let help: Vec<_> = lowered
        .diagnostics
        .iter()
        .map(|d| d.help.as_deref().unwrap())
        .collect();
    assert_eq!(
        help[0],
        "use `front`, or declare `frontend` under the top-level `networks` key"
    );
    assert_eq!(help[2], "declare `nope` under the top-level `secrets` key");
    assert_eq!(
        help[4],
        "use `db`, or declare `db2` under the top-level `services` key"
    );
}

#[test]
fn invalid_names_are_reported() {
    let lowered = lower_text(
        "name: My Project\nservices:\n  \"web server\":\n    image: x\nvolumes:\n  \"data/1\":\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW115", "My Project"),
            ("SW115", "\"web server\""),
            ("SW115", "\"data/1\""),
        ]
    );
    assert_eq!(lowered.messages()[1], "invalid service name `web server`");
}

#[test]
fn sections_must_be_mappings() {
    let lowered = lower_text("networks: [front]\nservices: web\n");
    assert_eq!(
        lowered.found(),
        vec![("SW111", "[front]"), ("SW111", "web")]
    );
    assert_eq!(
        lowered.messages(),
        vec![
            "expected a mapping for `networks`, found a list",
            "expected a mapping for `services`, found a string",
        ]
    );
}
