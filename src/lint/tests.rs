//! Each rule's edge cases, on compose texts lowered in memory. The fixtures under
//! `tests/fixtures/lint/` show each rule through the binary, with sites and env files.

use std::path::PathBuf;

use super::{Cx, RULES};
use crate::compose::lower;
use crate::diagnostic::Diagnostics;
use crate::rules::{self, Rule};
use crate::source::{SourceKind, Sources};
use crate::yaml;

/// `(code, text under the primary label)` of what `rule` finds in `text`.
fn found(rule: &Rule, text: &str) -> Vec<(&'static str, String)> {
    let mut sources = Sources::new();
    let id = sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let tree = yaml::parse(sources.get(id), id, &mut diagnostics)
        .into_iter()
        .next()
        .expect("one document");
    let project = lower(&tree, &|_| PathBuf::from("/project"), &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "the test text does not lower: {:?}",
        diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let cx = Cx {
        project: &project,
        site: None,
        sources: &sources,
    };
    let mut findings = Diagnostics::new();
    let lint = RULES
        .iter()
        .find(|r| r.rule == rule)
        .expect("the rule is in the table");
    (lint.check)(&cx, &mut findings);
    findings.sort();
    findings
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map_or("", |l| sources.text(l.span));
            (d.code(), at.to_owned())
        })
        .collect()
}

/// The texts under the primary labels of what `rule` finds.
fn at(rule: &Rule, text: &str) -> Vec<String> {
    found(rule, text).into_iter().map(|(_, at)| at).collect()
}

#[test]
fn the_table_runs_every_lint_rule_in_code_order_and_the_registry_lists_them() {
    for pair in RULES.windows(2) {
        assert!(pair[0].rule.code < pair[1].rule.code);
    }
    for lint in RULES {
        assert!(lint.rule.code.starts_with("SW6"), "{}", lint.rule.code);
        assert!(
            rules::ALL.contains(&lint.rule),
            "{} is not in ALL",
            lint.rule.code
        );
    }
    let lint_rules = rules::ALL.iter().filter(|r| r.code.starts_with("SW6"));
    assert_eq!(lint_rules.count(), RULES.len());
}

#[test]
fn the_docker_socket_is_found_as_a_file_a_directory_or_a_pipe() {
    let text = "services:
  a:
    image: x:1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - /run/user/1000/docker.sock:/docker.sock
      - /var/run:/host/run
      - type: npipe
        source: \\\\.\\pipe\\docker_engine
        target: \\\\.\\pipe\\docker_engine
      - /var/lib/app:/data
      - ./docker.sock.d:/d
";
    assert_eq!(
        at(&super::DOCKER_SOCKET_MOUNTED, text),
        [
            "/var/run/docker.sock",
            "/run/user/1000/docker.sock",
            "/var/run",
            "\\\\.\\pipe\\docker_engine"
        ]
    );
}

#[test]
fn capabilities_are_reported_one_by_one() {
    let text = "services:
  a:
    image: x:1
    cap_add: [NET_BIND_SERVICE, CAP_SYS_ADMIN, net_admin]
    cap_drop: [ALL]
";
    assert_eq!(
        at(&super::DANGEROUS_CAPABILITY, text),
        ["CAP_SYS_ADMIN", "net_admin"]
    );
}

#[test]
fn the_host_network_is_found_by_mode_and_by_external_name() {
    let text = "services:
  a:
    image: x:1
    network_mode: host
  b:
    image: x:1
    networks: [hostnet, back]
  c:
    image: x:1
    network_mode: bridge
networks:
  hostnet:
    external: true
    name: host
  back: {}
";
    assert_eq!(at(&super::HOST_NETWORK_EXPOSED, text), ["host", "hostnet"]);
}

#[test]
fn system_directories_are_reported_whole_and_writable_paths_inside_them() {
    let text = "services:
  a:
    image: x:1
    volumes:
      - /:/rootfs:ro
      - /etc/localtime:/etc/localtime:ro
      - /etc/nginx:/etc/nginx
      - /proc:/host/proc:ro
      - /var/run/docker.sock:/var/run/docker.sock
      - /srv/data:/data
";
    assert_eq!(
        at(&super::SENSITIVE_HOST_PATH_MOUNTED, text),
        ["/", "/etc/nginx", "/proc"]
    );
}

#[test]
fn literal_secrets_are_reported_at_their_names() {
    let text = "services:
  a:
    image: x:1
    environment:
      POSTGRES_PASSWORD: example
      POSTGRES_PASSWORD_FILE: /run/secrets/db
      MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"
      API_TOKEN: ''
      SESSION_SECRET: pa$$word
      LOG_LEVEL: debug
  b:
    image: x:1
    environment:
      - GITHUB_TOKEN=ghp_x
      - REDIS_PASSWORD
";
    assert_eq!(
        at(&super::PLAINTEXT_SECRET_IN_ENVIRONMENT, text),
        ["POSTGRES_PASSWORD", "SESSION_SECRET", "GITHUB_TOKEN"]
    );
}

#[test]
fn images_need_a_tag_other_than_latest_or_a_digest() {
    let text = "services:
  a:
    image: nginx
  b:
    image: nginx:latest
  c:
    image: nginx:1.27
  d:
    image: nginx@sha256:0123
  e:
    image: registry.lab:5000/app
  f:
    image: nginx:latest@sha256:0123
";
    assert_eq!(
        at(&super::IMAGE_UNPINNED, text),
        ["nginx", "nginx:latest", "registry.lab:5000/app"]
    );
}

#[test]
fn services_meant_to_exit_and_decided_healthchecks_are_not_reported() {
    let text = "services:
  web: { image: 'x:1' }
  checked: { image: 'x:1', healthcheck: { test: [CMD, 'true'] } }
  disabled: { image: 'x:1', healthcheck: { disable: true } }
  tuned: { image: 'x:1', healthcheck: { interval: 10s } }
  job: { image: 'x:1', deploy: { mode: replicated-job } }
  once: { image: 'x:1', restart: 'no' }
  none: { image: 'x:1', deploy: { restart_policy: { condition: none } } }
";
    assert_eq!(at(&super::HEALTHCHECK_MISSING, text), ["web"]);
}

#[test]
fn limits_in_deploy_or_in_legacy_keys_satisfy_the_resource_rule() {
    let text = "services:
  bare: { image: 'x:1' }
  reserved:
    image: 'x:1'
    deploy: { resources: { reservations: { memory: 64M } } }
  limited:
    image: 'x:1'
    deploy: { resources: { limits: { memory: 64M } } }
  legacy: { image: 'x:1', mem_limit: 64m }
  pids_only:
    image: 'x:1'
    deploy: { resources: { limits: { pids: 100 } } }
";
    assert_eq!(
        at(&super::RESOURCE_LIMITS_MISSING, text),
        ["bare", "reservations", "pids_only"]
    );
}

#[test]
fn update_settings_matter_from_two_replicas_of_a_replicated_service() {
    let text = "services:
  one: { image: 'x:1', deploy: { replicas: 1 } }
  three: { image: 'x:1', deploy: { replicas: 3 } }
  scaled: { image: 'x:1', scale: 2 }
  global: { image: 'x:1', deploy: { mode: global } }
  half:
    image: 'x:1'
    deploy: { replicas: 2, update_config: { order: start-first } }
  both:
    image: 'x:1'
    deploy: { replicas: 2, update_config: {}, rollback_config: {} }
";
    let found = found(&super::UPDATE_CONFIG_MISSING, text);
    assert_eq!(
        found.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
        ["3", "2", "2"]
    );
}

#[test]
fn restarts_are_unbounded_on_failure_without_attempts_or_at_once_forever() {
    let text = "services:
  always: { image: 'x:1', restart: always }
  forever: { image: 'x:1', restart: on-failure }
  three: { image: 'x:1', restart: 'on-failure:3' }
  policy:
    image: 'x:1'
    deploy: { restart_policy: { condition: on-failure } }
  zero:
    image: 'x:1'
    deploy: { restart_policy: { condition: on-failure, max_attempts: 0 } }
  bounded:
    image: 'x:1'
    deploy: { restart_policy: { condition: on-failure, max_attempts: 5 } }
  tight:
    image: 'x:1'
    deploy: { restart_policy: { condition: any, delay: 0s } }
  paced:
    image: 'x:1'
    deploy: { restart_policy: { condition: any, delay: 5s } }
";
    assert_eq!(
        at(&super::RESTART_UNBOUNDED, text),
        ["on-failure", "on-failure", "0", "0s"]
    );
}

#[test]
fn servers_behind_a_virtual_ip_need_a_mitigation() {
    let text = "services:
  db:
    image: postgres:16.4
  dnsrr: { image: 'postgres:16.4', deploy: { endpoint_mode: dnsrr } }
  keepalive:
    image: 'mysql:8.4'
    sysctls: { net.ipv4.tcp_keepalive_time: 600 }
  late:
    image: 'mysql:8.4'
    sysctls: { net.ipv4.tcp_keepalive_time: 7200 }
  custom:
    image: 'example/queue:1'
    expose: ['5672']
  console: { image: 'mongo-express:1.0', ports: ['8081:8081'] }
  web: { image: 'nginx:1.27', ports: ['80:80'] }
";
    assert_eq!(
        at(&super::IDLE_CONNECTIONS_UNPROTECTED, text),
        ["postgres:16.4", "'mysql:8.4'", "'5672'"]
    );
}

#[test]
fn the_version_key_is_reported_with_its_value() {
    assert_eq!(
        at(
            &super::VERSION_OBSOLETE,
            "version: '3.8'\nservices:\n  a: { image: 'x:1' }\n"
        ),
        ["version: '3.8'"]
    );
    assert!(
        at(
            &super::VERSION_OBSOLETE,
            "services:\n  a: { image: 'x:1' }\n"
        )
        .is_empty()
    );
}
