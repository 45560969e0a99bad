//! Secrets, configs, `env_file`, `build` and `devices`: keys that name files or devices.

use std::path::PathBuf;

use super::{lower_ok, lower_service, lower_text, service_ok};
use crate::compose::model::{BuildContext, PathAnchor, Syntax};

#[test]
fn secrets_and_configs_declarations() {
    let project = lower_ok(
        r#"secrets:
  db_password:
    file: ./secrets/db.txt
  api_key:
    environment: API_KEY
  vault:
    external: true
    name: prod_vault
  plugin:
    driver: vault
    driver_opts: {path: x}
configs:
  nginx:
    file: /etc/nginx.conf
    template_driver: golang
  inline:
    content: |
      hello
    labels: [a=b]
"#,
    );
    let db = &project.secrets["db_password"];
    let file = db.file.as_ref().unwrap();
    assert_eq!(file.value.path, PathBuf::from("/project/secrets/db.txt"));
    assert_eq!(file.value.anchor, PathAnchor::Relative);
    assert_eq!(
        project.secrets["api_key"]
            .environment
            .as_ref()
            .unwrap()
            .value,
        "API_KEY"
    );
    assert!(project.secrets["vault"].is_external());
    assert_eq!(
        project.configs["inline"].content.as_ref().unwrap().value,
        "hello\n"
    );
    assert_eq!(project.configs["inline"].labels.value("a"), Some("b"));
}

#[test]
fn secrets_and_configs_need_a_source() {
    let lowered =
        lower_text("secrets:\n  a:\n    labels: {x: y}\nconfigs:\n  b:\n    name: b\n  c:\n");
    assert_eq!(
        lowered.found(),
        vec![("SW113", "a"), ("SW113", "b"), ("SW113", "c")]
    );
}

#[test]
fn service_references_to_secrets_take_both_forms() {
    let lowered = lower_text(
        r#"services:
  web:
    image: x
    secrets:
      - db
      - source: db
        target: /run/secrets/password
        uid: "103"
        gid: "103"
        mode: 0440
      - source: db
        target: other
        mode: "0400"
    configs:
      - target: /etc/x
secrets:
  db:
    file: ./db.txt
"#,
    );
    assert_eq!(lowered.found(), vec![("SW113", "target: /etc/x")]);
    let secrets = &lowered.project.services["web"].secrets;
    assert_eq!(secrets[0].syntax, Syntax::Short);
    assert_eq!(secrets[1].mode.as_ref().unwrap().value, 0o440);
    assert_eq!(secrets[1].uid.as_ref().unwrap().value, "103");
    assert_eq!(secrets[2].mode.as_ref().unwrap().value, 0o400);
    let lowered = lower_text(
        "services:\n  web:\n    image: x\n    secrets:\n      - source: db\n        uid: 103\n        mode: 0999\nsecrets:\n  db:\n    file: ./db\n",
    );
    assert_eq!(lowered.found(), vec![("SW111", "103"), ("SW112", "0999")]);
}

#[test]
fn env_files_in_every_form() {
    let service = service_ok("    env_file: .env\n");
    assert_eq!(
        service.env_file[0].path.value.path,
        PathBuf::from("/project/.env")
    );
    assert!(service.env_file[0].is_required());
    let service = service_ok(
        "    env_file:\n      - ./common.env\n      - path: ./local.env\n        required: false\n      - path: /etc/app.env\n        format: raw\n",
    );
    let files = &service.env_file;
    assert_eq!(files.len(), 3);
    assert_eq!(files[1].syntax, Syntax::Long);
    assert!(!files[1].is_required());
    assert_eq!(files[2].format.as_ref().unwrap().value, "raw");
    let lowered = lower_service(
        "    env_file:\n      - required: true\n      - path: x\n        requird: false\n",
    );
    assert_eq!(
        lowered.found(),
        vec![("SW113", "required: true"), ("SW110", "requird")]
    );
}

#[test]
fn build_short_and_long_forms() {
    let service = service_ok("    build: ./app\n");
    let build = service.build.unwrap();
    assert_eq!(build.syntax, Syntax::Short);
    let BuildContext::Path(path) = build.context.unwrap().value else {
        panic!("path context expected");
    };
    assert_eq!(path.path, PathBuf::from("/project/app"));
    let service = service_ok(
        "    build:\n      context: https://github.com/docker/app.git#main\n      args:\n        VERSION: 1\n      cache_from: [app:cache]\n      extra_hosts: [\"db:10.0.0.1\"]\n      secrets: [token]\n      tags: [app:1]\n      platforms: [linux/amd64]\n      no_cache: true\n      pull: \"true\"\nsecrets:\n  token:\n    environment: TOKEN\n",
    );
    let build = service.build.unwrap();
    assert!(matches!(build.context.unwrap().value, BuildContext::Url(_)));
    assert_eq!(build.args.value("VERSION"), Some("1"));
    assert_eq!(build.secrets[0].source.value, "token");
    assert!(build.pull.unwrap().value);
    let lowered = lower_service(
        "    build:\n      context: .\n      dockerfile: a\n      dockerfile_inline: FROM x\n      dockerfil: b\n",
    );
    assert_eq!(
        lowered.found(),
        vec![("SW116", "FROM x"), ("SW110", "dockerfil")]
    );
}

#[test]
fn devices_in_every_form() {
    let service = service_ok(
        "    devices:\n      - /dev/ttyUSB0\n      - /dev/sda:/dev/xvda:rwm\n      - nvidia.com/gpu=all\n      - source: /dev/fuse\n        permissions: rw\n",
    );
    let devices = &service.devices;
    assert_eq!(devices.len(), 4);
    assert!(devices[0].target.is_none());
    assert_eq!(devices[1].target.as_ref().unwrap().value, "/dev/xvda");
    assert_eq!(devices[1].permissions.as_ref().unwrap().value, "rwm");
    assert_eq!(devices[2].source.value, "nvidia.com/gpu=all");
    assert_eq!(devices[3].syntax, Syntax::Long);
    let lowered =
        lower_service("    devices:\n      - /a:/b:rwx\n      - /a:/b:c:d\n      - target: /x\n");
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "rwx"),
            ("SW112", "/a:/b:c:d"),
            ("SW113", "target: /x")
        ]
    );
}

#[test]
fn external_volumes_cannot_carry_creation_settings() {
    let lowered = lower_text(
        "volumes:\n  data:\n    external: true\n    driver: local\n  named:\n    external:\n      name: real\n    labels: [a=b]\n",
    );
    assert_eq!(
        lowered.found(),
        vec![("SW116", "driver"), ("SW116", "labels")]
    );
    assert_eq!(
        lowered.messages()[0],
        "external volume `data` cannot set `driver`"
    );
}
