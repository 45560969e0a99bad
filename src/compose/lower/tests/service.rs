//! Service-level behaviour: every key known, casting, unknown keys, types, conflicts.

use super::super::service::SERVICE_KEYS;
use super::{lower_ok, lower_service, lower_text, service_ok};
use crate::compose::model::{
    Command, DependencyCondition, HealthTest, PullPolicy, Restart, Syntax,
};
use crate::diagnostic::Severity;

/// Every service key of the specification, with a valid value.
const EVERY_KEY: &str = r#"services:
  web:
    annotations: {a: b}
    attach: false
    blkio_config:
      weight: 300
      weight_device: [{path: /dev/sda, weight: 400}]
      device_read_bps: [{path: /dev/sda, rate: 12mb}]
      device_read_iops: [{path: /dev/sda, rate: 120}]
      device_write_bps: [{path: /dev/sda, rate: 1024k}]
      device_write_iops: [{path: /dev/sda, rate: 30}]
    build:
      context: ./app
      dockerfile: Dockerfile.prod
      args: [VERSION=1]
      target: prod
      shm_size: 1g
      ulimits: {nofile: 1024}
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    cgroup: private
    cgroup_parent: parent
    command: ["npm", "start"]
    configs: [conf]
    container_name: web-1
    cpu_count: 2
    cpu_percent: 50
    cpu_period: 100000
    cpu_quota: 50000
    cpu_rt_period: 1000000
    cpu_rt_runtime: 950000
    cpu_shares: 512
    cpus: 1.5
    cpuset: "0-1"
    credential_spec: {config: spec}
    depends_on: [db]
    deploy: {replicas: 1}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app/src
    device_cgroup_rules: ["c 1:3 mr"]
    devices: ["/dev/ttyUSB0:/dev/ttyUSB0"]
    dns: 8.8.8.8
    dns_opt: [use-vc]
    dns_search: example.com
    domainname: example.com
    entrypoint: /entrypoint.sh
    env_file: .env
    environment: {A: b}
    expose: [3000]
    extends: {service: base, file: base.yml}
    external_links: [redis_1]
    extra_hosts: ["db:10.0.0.5"]
    gpus: all
    group_add: [mail, 42]
    healthcheck: {test: curl -f http://localhost}
    hostname: web
    image: nginx:1.27
    init: true
    ipc: shareable
    isolation: default
    label_file: ./labels
    labels: {a: b}
    links: ["db:database"]
    logging: {driver: json-file, options: {max-size: 10m}}
    mac_address: "02:42:ac:11:65:43"
    mem_limit: 1g
    mem_reservation: 512m
    mem_swappiness: 60
    memswap_limit: -1
    models: [llm]
    networks: [default]
    oom_kill_disable: false
    oom_score_adj: -500
    pid: host
    pids_limit: 100
    platform: linux/amd64
    ports: ["80:80"]
    post_start: [{command: ./hook.sh}]
    pre_stop: [{command: ./stop.sh, user: root}]
    privileged: false
    profiles: [debug]
    provider: {type: model, options: {model: ai/x, flags: [a, b]}}
    pull_policy: daily
    pull_refresh_after: 1h
    read_only: true
    restart: on-failure:3
    runtime: runc
    scale: 1
    secrets: [key]
    security_opt: ["label:disable"]
    shm_size: 64m
    stdin_open: true
    stop_grace_period: 20s
    stop_signal: SIGINT
    storage_opt: {size: 20G}
    sysctls: [net.core.somaxconn=1024]
    tmpfs: [/run]
    tty: true
    ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}
    use_api_socket: false
    user: "1000:1000"
    userns_mode: host
    uts: host
    volumes: ["data:/data"]
    volumes_from: [db]
    working_dir: /app
  db:
    image: postgres
    network_mode: bridge
configs:
  conf: {file: ./conf.txt}
secrets:
  key: {file: ./key.txt}
volumes:
  data:
models:
  llm: {model: ai/smollm2}
"#;

#[test]
fn every_service_key_is_known_and_lowered() {
    let lowered = lower_text(EVERY_KEY);
    assert!(
        lowered.diagnostics.is_empty(),
        "{:?} {:?}",
        lowered.found(),
        lowered.messages()
    );
    let web = &lowered.project.services["web"];
    let mut written: Vec<_> = web.keys.names().collect();
    written.push("network_mode");
    written.sort_unstable();
    assert_eq!(written, SERVICE_KEYS);
    // Each key's span is the key as written.
    for (key, span) in web.keys.iter() {
        assert_eq!(lowered.text(span), key);
    }
    // A few values that need casting or parsing.
    assert_eq!(
        web.restart.as_ref().unwrap().value,
        Restart::OnFailure(Some(3))
    );
    assert_eq!(web.ulimits.len(), 2);
    assert_eq!(web.ulimits[0].syntax, Syntax::Short);
    assert_eq!(
        (web.ulimits[1].soft.value, web.ulimits[1].hard.value),
        (20000, 40000)
    );
    assert_eq!(web.group_add.len(), 2);
    assert!(matches!(
        web.pull_policy.as_ref().unwrap().value,
        PullPolicy::Refresh(Some(_))
    ));
    assert_eq!(web.provider.as_ref().unwrap().options["flags"].len(), 2);
    assert_eq!(web.links[0].value.alias.as_ref().unwrap().value, "database");
    assert_eq!(
        web.blkio_config.as_ref().unwrap().device_read_bps[0]
            .rate
            .value
            .bytes,
        12 << 20
    );
    assert_eq!(web.develop.as_ref().unwrap().watch.len(), 1);
    assert_eq!(web.extends.as_ref().unwrap().service.value, "base");
}

#[test]
fn strings_are_cast_where_compose_casts_them() {
    let service = service_ok(
        "    privileged: \"true\"\n    init: \"False\"\n    scale: \"2\"\n    oom_score_adj: \"-500\"\n    deploy:\n      replicas: \"2\"\n    healthcheck:\n      retries: \"3\"\n      disable: \"false\"\n",
    );
    assert!(service.privileged.unwrap().value);
    assert!(!service.init.unwrap().value);
    assert_eq!(service.scale.unwrap().value, 2);
    assert_eq!(service.oom_score_adj.unwrap().value, -500);
    assert_eq!(service.deploy.unwrap().replicas.unwrap().value, 2);
    assert_eq!(service.healthcheck.unwrap().retries.unwrap().value, 3);
}

#[test]
fn yaml_1_1_booleans_are_accepted_with_a_warning() {
    let lowered = lower_service("    read_only: yes\n    tty: off\n");
    assert_eq!(lowered.found(), vec![("SW118", "yes"), ("SW118", "off")]);
    assert!(
        lowered
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    let web = &lowered.project.services["web"];
    assert!(web.read_only.as_ref().unwrap().value);
    assert!(!web.tty.as_ref().unwrap().value);
}

#[test]
fn unknown_keys_are_reported_with_suggestions_and_extensions_are_dropped() {
    let lowered = lower_text(
        "x-common: &c\n  a: 1\nservces: {}\nservices:\n  web:\n    image: x\n    imgae: y\n    x-note: ok\n    replica: 2\n    frobnicate: 1\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW110", "servces"),
            ("SW110", "imgae"),
            ("SW110", "replica"),
            ("SW110", "frobnicate"),
        ]
    );
    let help: Vec<_> = lowered
        .diagnostics
        .iter()
        .map(|d| d.help.as_deref().unwrap())
        .collect();
    assert_eq!(help[0], "rename it to `services`");
    assert_eq!(help[1], "rename it to `image`");
    assert_eq!(
        help[3],
        "remove it, or start its name with `x-` to keep it as an extension"
    );
    assert_eq!(lowered.messages()[0], "unknown top-level key `servces`");
    assert_eq!(
        lowered.messages()[1],
        "unknown key `imgae` in service `web`"
    );
    assert!(!lowered.project.services["web"].keys.contains_key("x-note"));
}

#[test]
fn wrong_types_are_reported_with_what_was_expected() {
    let lowered = lower_service(
        "    user: 1000\n    privileged: 1\n    command: {run: x}\n    cap_add: NET_ADMIN\n    deploy: [x]\n    hostname: [a]\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW111", "1000"),
            ("SW111", "1"),
            ("SW111", "{run: x}"),
            ("SW111", "NET_ADMIN"),
            ("SW111", "[x]"),
            ("SW111", "[a]"),
        ]
    );
    assert_eq!(
        lowered.messages(),
        vec![
            "expected a string for `user`, found a number",
            "expected a boolean for `privileged`, found a number",
            "expected a string or a list of strings for `command`, found a mapping",
            "expected a list for `cap_add`, found a string",
            "expected a mapping for `deploy`, found a list",
            "expected a string for `hostname`, found a list",
        ]
    );
    assert_eq!(
        lowered.diagnostics[0].help.as_deref(),
        Some("quote the value: \"1000\"")
    );
}

#[test]
fn a_service_needs_something_to_run() {
    let lowered = lower_text("services:\n  web:\n    ports: [\"80:80\"]\n  empty:\n");
    assert_eq!(lowered.found(), vec![("SW113", "web"), ("SW113", "empty")]);
    assert_eq!(
        lowered.messages()[0],
        "service `web` has neither `image` nor `build`"
    );
    lower_ok("services:\n  built:\n    build: .\n");
}

#[test]
fn version_is_kept_as_written_whatever_its_form() {
    for (text, version) in [
        ("version: 3.8\n", "3.8"),
        ("version: \"2.4\"\n", "2.4"),
        ("version: '3'\n", "3"),
    ] {
        let project = lower_ok(text);
        assert_eq!(project.version.unwrap().value, version);
    }
    assert!(lower_ok("services: {}\n").version.is_none());
}

#[test]
fn commands_keep_their_form() {
    let service = service_ok("    command: npm start\n    entrypoint: [\"/bin/sh\", \"-c\"]\n");
    let Command::Shell(shell) = service.command.unwrap().value else {
        panic!("shell form expected");
    };
    assert_eq!(shell.value, "npm start");
    let Command::Exec(args) = service.entrypoint.unwrap().value else {
        panic!("exec form expected");
    };
    assert_eq!(args.len(), 2);
    let service = service_ok("    command: []\n    entrypoint:\n");
    assert_eq!(service.command.unwrap().value, Command::Exec(Vec::new()));
    assert!(service.entrypoint.is_none());
}

#[test]
fn healthcheck_tests_take_every_form() {
    let test = |body: &str| service_ok(body).healthcheck.unwrap().test.unwrap().value;
    let HealthTest::Shell(shell) = test("    healthcheck:\n      test: curl -f http://x\n") else {
        panic!("shell test expected");
    };
    assert_eq!(shell.value, "curl -f http://x");
    let HealthTest::Cmd(args) = test("    healthcheck:\n      test: [CMD, curl, -f]\n") else {
        panic!("exec test expected");
    };
    assert_eq!(args.len(), 2);
    assert!(matches!(
        test("    healthcheck:\n      test: [CMD-SHELL, \"curl x\"]\n"),
        HealthTest::Shell(_)
    ));
    assert_eq!(
        test("    healthcheck:\n      test: [NONE]\n"),
        HealthTest::None
    );
    let check = service_ok("    healthcheck:\n      disable: true\n")
        .healthcheck
        .unwrap();
    assert!(check.is_disabled());

    let lowered = lower_service(
        "    image: x\n    healthcheck:\n      test: [RUN, x]\n      disable: true\n  other:\n    image: x\n    healthcheck:\n      test: [CMD-SHELL, a, b]\n  third:\n    image: x\n    healthcheck:\n      test: x\n      disable: true\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "RUN"),
            ("SW112", "[CMD-SHELL, a, b]"),
            ("SW116", "true")
        ]
    );
}

#[test]
fn restart_and_pull_policy_values() {
    let service = service_ok("    restart: unless-stopped\n    pull_policy: every_12h\n");
    assert_eq!(service.restart.unwrap().value, Restart::UnlessStopped);
    let PullPolicy::Refresh(Some(every)) = service.pull_policy.unwrap().value else {
        panic!("refresh expected");
    };
    assert_eq!(every.text, "12h");
    let lowered = lower_service("    restart: sometimes\n    pull_policy: if_not_presnt\n");
    assert_eq!(
        lowered.found(),
        vec![("SW112", "sometimes"), ("SW112", "if_not_presnt")]
    );
}

#[test]
fn depends_on_forms() {
    let project = lower_ok(
        "services:\n  db:\n    image: x\n  cache:\n    image: x\n  a:\n    image: x\n    depends_on: [db]\n  b:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n        restart: true\n      cache:\n        condition: service_started\n        required: false\n",
    );
    let a = &project.services["a"].depends_on["db"];
    assert_eq!(
        (a.syntax, a.condition.is_none(), a.is_required()),
        (Syntax::Short, true, true)
    );
    let b = &project.services["b"].depends_on;
    assert_eq!(
        b["db"].condition.as_ref().unwrap().value,
        DependencyCondition::ServiceHealthy
    );
    assert!(!b["cache"].is_required());
    let lowered = lower_text(
        "services:\n  db:\n    image: x\n  a:\n    image: x\n    depends_on:\n      db:\n        required: true\n  b:\n    image: x\n    depends_on: [db, db]\n",
    );
    assert_eq!(lowered.found(), vec![("SW113", "db"), ("SW117", "db")]);
}

#[test]
fn settings_that_contradict_deploy_are_conflicts() {
    let lowered = lower_service(
        "    scale: 2\n    cpus: 1\n    mem_limit: 1g\n    container_name: one\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: \"2\"\n          memory: 1024m\n",
    );
    assert_eq!(
        lowered.found(),
        vec![("SW116", "2"), ("SW116", "1"), ("SW116", "one")]
    );
    assert_eq!(
        lowered.messages()[2],
        "`container_name` names one container but service `web` runs 3"
    );
}

#[test]
fn lists_compose_wants_unique_report_repeats() {
    let lowered = lower_service("    cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]\n");
    assert_eq!(lowered.found(), vec![("SW117", "NET_ADMIN")]);
    assert_eq!(lowered.project.services["web"].cap_add.len(), 2);
}

#[test]
fn ulimit_problems() {
    let lowered = lower_service(
        "    ulimits:\n      NOFILE: 1\n      nproc: {soft: 10}\n      core: {soft: 20, hard: 10}\n      stack: lots\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "NOFILE"),
            ("SW113", "nproc"),
            ("SW112", "{soft: 20, hard: 10}"),
            ("SW112", "lots"),
        ]
    );
}

#[test]
fn null_values_leave_keys_unset() {
    let service = service_ok("    environment:\n    ports:\n    deploy:\n    user:\n");
    assert!(service.environment.is_empty());
    assert!(service.ports.is_empty());
    assert!(service.deploy.is_none());
    assert!(service.user.is_none());
    assert_eq!(service.keys.len(), 5);
}

#[test]
fn odd_values_are_reported_without_panicking() {
    let odd = [
        "",
        "é",
        ":",
        "::",
        "[",
        "]:",
        "é:é:é:é",
        "-",
        "0x",
        "1é",
        "日本:語",
        "\\\\",
        "C:",
        "~",
        "a=",
        "=",
        "${X}",
    ];
    for value in odd {
        let quoted = format!("{value:?}");
        let body = [
            "ports",
            "volumes",
            "expose",
            "dns",
            "extra_hosts",
            "devices",
            "links",
            "volumes_from",
            "tmpfs",
            "cap_add",
            "env_file",
            "secrets",
            "environment",
        ]
        .iter()
        .map(|key| format!("    {key}: [{quoted}]\n"))
        .chain(
            [
                "stop_grace_period",
                "shm_size",
                "cpus",
                "restart",
                "pull_policy",
                "network_mode",
                "user",
                "platform",
                "scale",
                "gpus",
            ]
            .iter()
            .map(|key| format!("    {key}: {quoted}\n")),
        )
        .collect::<String>();
        let lowered = lower_service(&body);
        // Every diagnostic has a location inside the text.
        assert!(lowered.diagnostics.iter().all(|d| d.primary.is_some()));
    }
}
