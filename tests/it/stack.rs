//! Stacks written by `emit` as docker sees them: a stack that uses every field of the
//! swarm model must load in `docker stack config` without a word of warning, deploy
//! (against a recording fake engine) without "Ignoring ..." and turn into the specs
//! it says; and the version swarmc writes must be the lowest docker accepts.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration as Std;

use serde_json::{Value, json};
use swarmc::diagnostic::Diagnostics;
use swarmc::swarm::{
    BindOptions, Config, Cpus, CredentialSpec, Deploy, DiscreteResourceSpec, Duration,
    EndpointMode, FailureAction, FileReference, GenericResource, Healthcheck, Ipam, IpamPool,
    Isolation, Limits, Logging, Memory, Mode, Mount, Network, Placement, Port, PortMode,
    Preference, Propagation, Protocol, Reservations, Resources, RestartCondition, RestartPolicy,
    Secret, Service, ServiceNetwork, Stack, TemplateDriver, TmpfsOptions, Ulimit, UpdateConfig,
    UpdateOrder, Version, Volume, VolumeOptions,
};

use crate::docker::{capture, capture_tool, docker_available, stack_config};
use crate::support::{snapshot_settings, yaml_as_json};

fn map<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn strings<T: for<'a> From<&'a str>, const N: usize>(items: [&str; N]) -> Vec<T> {
    items.into_iter().map(T::from).collect()
}

fn secs(n: u64) -> Option<Duration> {
    Some(Duration::from_std(Std::from_secs(n)))
}

fn reference(source: &str) -> FileReference {
    FileReference {
        source: source.to_owned(),
        target: None,
        uid: None,
        gid: None,
        mode: None,
    }
}

/// Environment values that a careless emitter would let YAML or docker change.
fn tricky_environment() -> BTreeMap<String, Option<String>> {
    map([
        ("BRACED", "${NOT_A_VARIABLE}"),
        ("COLON", "a: b"),
        ("DOLLAR", "$HOME"),
        ("EMPTY", ""),
        ("FLOAT", "1e3"),
        ("HASH", "a #b"),
        ("IP", "10.0.0.1"),
        ("NEWLINE", "one\ntwo"),
        ("NULL", "null"),
        ("OCTAL", "0777"),
        ("QUOTES", "it's \"quoted\""),
        ("SEXAGESIMAL", "22:22"),
        ("SPACES", "  padded  "),
        ("TIMESTAMP", "2001-12-14"),
        ("UNICODE", "é 日本"),
        ("YES", "yes"),
    ])
    .into_iter()
    .map(|(k, v)| (k, Some(v)))
    .collect()
}

fn web() -> Service {
    Service {
        image: "nginx:1.27".to_owned(),
        command: strings(["nginx", "-g", "daemon off;"]),
        entrypoint: strings(["/docker-entrypoint.sh"]),
        working_dir: Some("/srv".to_owned()),
        user: Some("101:101".to_owned()),
        hostname: Some("web-{{.Task.Slot}}".to_owned()),
        environment: tricky_environment(),
        labels: map([("com.example.tier", "front"), ("on", "off")]),
        ports: vec![
            Port {
                target: 80,
                published: Some(8080),
                protocol: Some(Protocol::Tcp),
                mode: Some(PortMode::Ingress),
            },
            Port {
                target: 53,
                published: Some(5353),
                protocol: Some(Protocol::Udp),
                mode: Some(PortMode::Host),
            },
            Port {
                target: 9000,
                published: None,
                protocol: Some(Protocol::Sctp),
                mode: None,
            },
        ],
        volumes: vec![
            Mount::Volume {
                source: Some("data".to_owned()),
                target: "/data".to_owned(),
                read_only: true,
                volume: Some(VolumeOptions {
                    nocopy: true,
                    subpath: Some("site".to_owned()),
                }),
            },
            Mount::Volume {
                source: None,
                target: "/cache".to_owned(),
                read_only: false,
                volume: None,
            },
            Mount::Bind {
                source: "/var/log".to_owned(),
                target: "/host-logs".to_owned(),
                read_only: true,
                bind: Some(BindOptions {
                    propagation: Some(Propagation::Rslave),
                }),
            },
            Mount::Tmpfs {
                target: "/run/scratch".to_owned(),
                read_only: false,
                tmpfs: Some(TmpfsOptions {
                    size: Some(64 << 20),
                }),
            },
        ],
        secrets: vec![
            FileReference {
                source: "db_password".to_owned(),
                target: Some("db".to_owned()),
                uid: Some("101".to_owned()),
                gid: Some("101".to_owned()),
                mode: Some(0o440),
            },
            reference("api_key"),
            reference("vault_token"),
        ],
        configs: vec![
            FileReference {
                source: "nginx_conf".to_owned(),
                target: Some("/etc/nginx/nginx.conf".to_owned()),
                uid: None,
                gid: None,
                mode: Some(0o444),
            },
            reference("shared_conf"),
        ],
        networks: [
            (
                "front".to_owned(),
                ServiceNetwork {
                    aliases: strings(["www"]),
                    driver_opts: map([("com.example.opt", "1")]),
                },
            ),
            ("back".to_owned(), ServiceNetwork::default()),
            ("outside".to_owned(), ServiceNetwork::default()),
        ]
        .into(),
        healthcheck: Some(Healthcheck {
            test: strings(["CMD-SHELL", "curl -f http://localhost/ || exit 1"]),
            interval: secs(30),
            timeout: secs(5),
            retries: Some(3),
            start_period: secs(10),
            start_interval: secs(2),
        }),
        deploy: Some(Deploy {
            mode: Some(Mode::Replicated),
            replicas: Some(3),
            endpoint_mode: Some(EndpointMode::Vip),
            labels: map([("com.example.owner", "web-team")]),
            placement: Some(Placement {
                constraints: strings(["node.role == worker", "node.labels.zone != dmz"]),
                preferences: vec![Preference {
                    spread: "node.labels.zone".to_owned(),
                }],
                max_replicas_per_node: Some(2),
            }),
            resources: Some(Resources {
                limits: Some(Limits {
                    cpus: Some(Cpus::from_nanos(1_500_000_000)),
                    memory: Some(Memory::from_bytes(512 << 20)),
                    pids: Some(200),
                }),
                reservations: Some(Reservations {
                    cpus: Some(Cpus::from_nanos(250_000_000)),
                    memory: Some(Memory::from_bytes(128 << 20)),
                    generic_resources: vec![GenericResource {
                        discrete_resource_spec: DiscreteResourceSpec {
                            kind: "gpu".to_owned(),
                            value: 1,
                        },
                    }],
                }),
            }),
            restart_policy: Some(RestartPolicy {
                condition: Some(RestartCondition::OnFailure),
                delay: secs(5),
                max_attempts: Some(3),
                window: secs(120),
            }),
            update_config: Some(UpdateConfig {
                parallelism: Some(2),
                delay: secs(10),
                failure_action: Some(FailureAction::Rollback),
                monitor: secs(30),
                max_failure_ratio: Some(0.25),
                order: Some(UpdateOrder::StartFirst),
            }),
            rollback_config: Some(UpdateConfig {
                parallelism: Some(1),
                delay: Some(Duration::from_std(Std::from_millis(500))),
                failure_action: Some(FailureAction::Pause),
                monitor: secs(5),
                max_failure_ratio: Some(0.1),
                order: Some(UpdateOrder::StopFirst),
            }),
        }),
        logging: Some(Logging {
            driver: Some("json-file".to_owned()),
            options: map([("max-file", "3"), ("max-size", "10m")]),
        }),
        init: Some(true),
        read_only: true,
        tty: true,
        stdin_open: true,
        stop_signal: Some("SIGQUIT".to_owned()),
        stop_grace_period: secs(90),
        cap_add: strings(["NET_ADMIN"]),
        cap_drop: strings(["MKNOD"]),
        sysctls: map([("net.core.somaxconn", "1024")]),
        ulimits: [
            (
                "nofile".to_owned(),
                Ulimit::Pair {
                    soft: 1024,
                    hard: 2048,
                },
            ),
            ("nproc".to_owned(), Ulimit::Single(512)),
        ]
        .into(),
        dns: strings(["10.0.0.2"]),
        dns_search: strings(["example.internal"]),
        extra_hosts: strings(["db.local:10.0.0.5"]),
        isolation: Some(Isolation::Default),
        credential_spec: None,
    }
}

/// Every field of the model, every enum value somewhere, and the objects they use.
fn kitchen_sink() -> Stack {
    let mut stack = Stack::default();
    stack.services.insert("web".to_owned(), web());
    stack.services.insert(
        "worker".to_owned(),
        Service {
            image: "busybox:1.36".to_owned(),
            command: strings(["sleep", "infinity"]),
            deploy: Some(Deploy {
                mode: Some(Mode::Global),
                endpoint_mode: Some(EndpointMode::Dnsrr),
                restart_policy: Some(RestartPolicy {
                    condition: Some(RestartCondition::Any),
                    ..RestartPolicy::default()
                }),
                update_config: Some(UpdateConfig {
                    failure_action: Some(FailureAction::Continue),
                    ..UpdateConfig::default()
                }),
                ..Deploy::default()
            }),
            init: Some(false),
            ..Service::default()
        },
    );
    stack.services.insert(
        "job".to_owned(),
        Service {
            image: "busybox:1.36".to_owned(),
            command: strings(["true"]),
            deploy: Some(Deploy {
                mode: Some(Mode::ReplicatedJob),
                replicas: Some(2),
                restart_policy: Some(RestartPolicy {
                    condition: Some(RestartCondition::None),
                    ..RestartPolicy::default()
                }),
                ..Deploy::default()
            }),
            ..Service::default()
        },
    );
    stack.services.insert(
        "migrate".to_owned(),
        Service {
            image: "busybox:1.36".to_owned(),
            deploy: Some(Deploy {
                mode: Some(Mode::GlobalJob),
                ..Deploy::default()
            }),
            ..Service::default()
        },
    );
    stack.services.insert(
        "win".to_owned(),
        Service {
            image: "mcr.microsoft.com/windows/nanoserver:ltsc2022".to_owned(),
            isolation: Some(Isolation::Process),
            credential_spec: Some(CredentialSpec::Config("cred_spec".to_owned())),
            configs: vec![reference("cred_spec")],
            ..Service::default()
        },
    );
    stack.services.insert(
        "win-file".to_owned(),
        Service {
            image: "mcr.microsoft.com/windows/nanoserver:ltsc2022".to_owned(),
            isolation: Some(Isolation::Hyperv),
            credential_spec: Some(CredentialSpec::File("spec.json".to_owned())),
            ..Service::default()
        },
    );
    stack.services.insert(
        "win-registry".to_owned(),
        Service {
            image: "mcr.microsoft.com/windows/nanoserver:ltsc2022".to_owned(),
            credential_spec: Some(CredentialSpec::Registry("spec".to_owned())),
            ..Service::default()
        },
    );
    stack.networks.insert(
        "front".to_owned(),
        Network {
            driver: Some("overlay".to_owned()),
            driver_opts: map([("com.docker.network.driver.mtu", "1400")]),
            ipam: Some(Ipam {
                driver: Some("default".to_owned()),
                config: vec![
                    IpamPool {
                        subnet: "10.20.0.0/24".parse().expect("subnet"),
                    },
                    IpamPool {
                        subnet: "fd00:20::/64".parse().expect("subnet"),
                    },
                ],
            }),
            attachable: true,
            labels: map([("com.example.net", "front")]),
            ..Network::default()
        },
    );
    stack.networks.insert(
        "back".to_owned(),
        Network {
            name: Some("shop-back".to_owned()),
            internal: true,
            ..Network::default()
        },
    );
    stack.networks.insert(
        "outside".to_owned(),
        Network {
            name: Some("edge".to_owned()),
            external: true,
            ..Network::default()
        },
    );
    stack.volumes.insert(
        "data".to_owned(),
        Volume {
            driver: Some("local".to_owned()),
            driver_opts: map([
                ("device", ":/export"),
                ("o", "addr=10.0.0.1,rw,nfsvers=4.1"),
                ("type", "nfs"),
            ]),
            labels: map([("com.example.backup", "daily")]),
            ..Volume::default()
        },
    );
    stack.volumes.insert(
        "shared".to_owned(),
        Volume {
            name: Some("shared-data".to_owned()),
            external: true,
            ..Volume::default()
        },
    );
    stack.secrets.insert(
        "db_password".to_owned(),
        Secret {
            file: Some("db_password.txt".to_owned()),
            template_driver: Some(TemplateDriver::Golang),
            labels: map([("com.example.rotated", "2024-01-01")]),
            ..Secret::default()
        },
    );
    stack.secrets.insert(
        "api_key".to_owned(),
        Secret {
            name: Some("prod-api-key".to_owned()),
            external: true,
            ..Secret::default()
        },
    );
    stack.secrets.insert(
        "vault_token".to_owned(),
        Secret {
            driver: Some("vault".to_owned()),
            driver_opts: map([("path", "secret/shop")]),
            ..Secret::default()
        },
    );
    stack.configs.insert(
        "nginx_conf".to_owned(),
        Config {
            name: Some("nginx-conf-v1".to_owned()),
            file: Some("nginx.conf".to_owned()),
            template_driver: Some(TemplateDriver::Golang),
            labels: map([("com.example.app", "web")]),
            ..Config::default()
        },
    );
    stack.configs.insert(
        "shared_conf".to_owned(),
        Config {
            name: Some("shared-conf".to_owned()),
            external: true,
            ..Config::default()
        },
    );
    stack.configs.insert(
        "cred_spec".to_owned(),
        Config {
            file: Some("cred.json".to_owned()),
            ..Config::default()
        },
    );
    stack
}

fn emit(stack: &Stack) -> String {
    let mut diagnostics = Diagnostics::new();
    let text = swarmc::emit::emit_validated(stack, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    text.expect("the stack is emitted")
}

/// Writes the stack and the files its secrets and configs read into `dir`.
fn write_stack(dir: &Path, text: &str) -> std::path::PathBuf {
    for (name, content) in [
        ("db_password.txt", "s3cret\n"),
        ("nginx.conf", "events {}\n"),
        ("cred.json", "{}\n"),
    ] {
        std::fs::write(dir.join(name), content).expect("write");
    }
    let path = dir.join("stack.yaml");
    std::fs::write(&path, text).expect("write the stack");
    path
}

/// Every key of a YAML tree, as a dotted path (list items as `[]`).
fn key_paths(value: &Value) -> std::collections::BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let path = format!("{prefix}.{key}");
                    walk(value, &path, out);
                    out.insert(path);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(value, "", &mut out);
    out
}

#[test]
fn kitchen_sink_needs_the_newest_version_and_is_deterministic() {
    let stack = kitchen_sink();
    assert_eq!(Version::required_by(&stack), Version::V3_13);
    let text = emit(&stack);
    assert!(text.starts_with("version: \"3.13\"\n"), "{text}");
    assert_eq!(text, emit(&stack));
    assert!(text.contains("DOLLAR: $$HOME\n"), "{text}");
    snapshot_settings().bind(|| insta::assert_snapshot!("stack__kitchen_sink", text));
}

#[test]
fn kitchen_sink_loads_in_docker_stack_config_without_warnings() {
    let test = "kitchen_sink_loads_in_docker_stack_config_without_warnings";
    if !docker_available(test) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let text = emit(&kitchen_sink());
    let path = write_stack(dir.path(), &text);
    let outcome = stack_config(&path);
    assert!(outcome.success, "{}", outcome.stderr);
    assert_eq!(outcome.stderr, "", "docker printed a warning");

    // docker's view of the values after its own parsing and interpolation.
    let loaded = yaml_as_json(&outcome.stdout);
    let dropped: Vec<String> = key_paths(&yaml_as_json(&text))
        .difference(&key_paths(&loaded))
        .cloned()
        .collect();
    assert!(dropped.is_empty(), "docker's loader dropped {dropped:#?}");
    assert_eq!(loaded["version"], "3.13");
    let environment: BTreeMap<String, Option<String>> =
        serde_json::from_value(loaded["services"]["web"]["environment"].clone())
            .expect("environment is a map of strings");
    assert_eq!(environment, tricky_environment());
    assert_eq!(loaded["services"]["web"]["labels"]["on"], "off");
    assert_eq!(
        loaded["secrets"]["db_password"]["labels"]["com.example.rotated"],
        "2024-01-01"
    );
}

fn specs<'a>(captured: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    captured["specs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |s| s["kind"] == kind)
        .map(|s| &s["body"])
}

fn spec<'a>(captured: &'a Value, kind: &'a str, name: &str) -> &'a Value {
    specs(captured, kind)
        .find(|body| body["Name"] == name)
        .unwrap_or_else(|| panic!("no {kind} named {name} in {captured:#}"))
}

#[test]
fn kitchen_sink_deploys_to_the_specs_it_describes() {
    let test = "kitchen_sink_deploys_to_the_specs_it_describes";
    if !docker_available(test) {
        return;
    }
    let Some(tool) = capture_tool(test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_stack(dir.path(), &emit(&kitchen_sink()));
    let captured = capture(&tool, &path);
    let output = captured["output"].as_str().unwrap_or_default();
    assert_eq!(captured["rc"], 0, "{output}");
    assert!(!output.contains("Ignoring"), "{output}");

    let web = spec(&captured, "service_create", "st_web");
    let task = &web["TaskTemplate"];
    let container = &task["ContainerSpec"];
    assert_eq!(container["Image"], "nginx:1.27");
    assert_eq!(container["Command"], json!(["/docker-entrypoint.sh"]));
    assert_eq!(container["Args"], json!(["nginx", "-g", "daemon off;"]));
    assert_eq!(container["Hostname"], "web-{{.Task.Slot}}");
    assert_eq!(container["User"], "101:101");
    assert_eq!(container["Dir"], "/srv");
    let env: Vec<String> = tricky_environment()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", v.unwrap_or_default()))
        .collect();
    assert_eq!(container["Env"], json!(env));
    assert_eq!(container["Labels"]["on"], "off");
    assert_eq!(container["Init"], true);
    assert_eq!(container["ReadOnly"], true);
    assert_eq!(container["TTY"], true);
    assert_eq!(container["OpenStdin"], true);
    assert_eq!(container["StopSignal"], "SIGQUIT");
    assert_eq!(container["StopGracePeriod"], 90_000_000_000_u64);
    assert_eq!(container["CapabilityAdd"], json!(["CAP_NET_ADMIN"]));
    assert_eq!(container["CapabilityDrop"], json!(["CAP_MKNOD"]));
    assert_eq!(container["Sysctls"]["net.core.somaxconn"], "1024");
    assert_eq!(container["DNSConfig"]["Nameservers"], json!(["10.0.0.2"]));
    assert_eq!(
        container["DNSConfig"]["Search"],
        json!(["example.internal"])
    );
    assert_eq!(container["Hosts"], json!(["10.0.0.5 db.local"]));
    assert_eq!(container["Isolation"], "default");
    let ulimits = container["Ulimits"].as_array().expect("ulimits");
    assert!(ulimits.contains(&json!({"Name": "nofile", "Soft": 1024, "Hard": 2048})));
    assert!(ulimits.contains(&json!({"Name": "nproc", "Soft": 512, "Hard": 512})));

    let health = &container["Healthcheck"];
    assert_eq!(
        health["Test"],
        json!(["CMD-SHELL", "curl -f http://localhost/ || exit 1"])
    );
    assert_eq!(health["Interval"], 30_000_000_000_u64);
    assert_eq!(health["Timeout"], 5_000_000_000_u64);
    assert_eq!(health["Retries"], 3);
    assert_eq!(health["StartPeriod"], 10_000_000_000_u64);
    assert_eq!(health["StartInterval"], 2_000_000_000_u64);

    let mounts = container["Mounts"].as_array().expect("mounts");
    assert_eq!(mounts.len(), 4, "{mounts:#?}");
    let mount = |target: &str| {
        mounts
            .iter()
            .find(|m| m["Target"] == target)
            .unwrap_or_else(|| panic!("no mount at {target}"))
    };
    assert_eq!(mount("/data")["Type"], "volume");
    assert_eq!(mount("/data")["Source"], "st_data");
    assert_eq!(mount("/data")["ReadOnly"], true);
    assert_eq!(mount("/data")["VolumeOptions"]["NoCopy"], true);
    assert_eq!(mount("/data")["VolumeOptions"]["Subpath"], "site");
    assert_eq!(
        mount("/data")["VolumeOptions"]["DriverConfig"]["Options"]["type"],
        "nfs"
    );
    assert_eq!(mount("/cache")["Type"], "volume");
    assert_eq!(mount("/host-logs")["Type"], "bind");
    assert_eq!(mount("/host-logs")["Source"], "/var/log");
    assert_eq!(mount("/host-logs")["BindOptions"]["Propagation"], "rslave");
    assert_eq!(mount("/run/scratch")["Type"], "tmpfs");
    assert_eq!(mount("/run/scratch")["TmpfsOptions"]["SizeBytes"], 64 << 20);

    let secrets = container["Secrets"].as_array().expect("secrets");
    let db = secrets
        .iter()
        .find(|s| s["SecretName"] == "st_db_password")
        .expect("db secret");
    assert_eq!(
        db["File"],
        json!({"Name": "db", "UID": "101", "GID": "101", "Mode": 0o440})
    );
    assert!(secrets.iter().any(|s| s["SecretName"] == "prod-api-key"));
    assert!(secrets.iter().any(|s| s["SecretName"] == "st_vault_token"));
    let configs = container["Configs"].as_array().expect("configs");
    let nginx = configs
        .iter()
        .find(|c| c["ConfigName"] == "nginx-conf-v1")
        .expect("nginx config");
    assert_eq!(nginx["File"]["Name"], "/etc/nginx/nginx.conf");
    assert_eq!(nginx["File"]["Mode"], 0o444);
    assert!(configs.iter().any(|c| c["ConfigName"] == "shared-conf"));

    let resources = &task["Resources"];
    assert_eq!(resources["Limits"]["NanoCPUs"], 1_500_000_000_u64);
    assert_eq!(resources["Limits"]["MemoryBytes"], 512_u64 << 20);
    assert_eq!(resources["Limits"]["Pids"], 200);
    assert_eq!(resources["Reservations"]["NanoCPUs"], 250_000_000_u64);
    assert_eq!(resources["Reservations"]["MemoryBytes"], 128_u64 << 20);
    assert_eq!(
        resources["Reservations"]["GenericResources"],
        json!([{"DiscreteResourceSpec": {"Kind": "gpu", "Value": 1}}])
    );
    let placement = &task["Placement"];
    assert_eq!(
        placement["Constraints"],
        json!(["node.role == worker", "node.labels.zone != dmz"])
    );
    assert_eq!(
        placement["Preferences"],
        json!([{"Spread": {"SpreadDescriptor": "node.labels.zone"}}])
    );
    assert_eq!(placement["MaxReplicas"], 2);
    let restart = &task["RestartPolicy"];
    assert_eq!(restart["Condition"], "on-failure");
    assert_eq!(restart["Delay"], 5_000_000_000_u64);
    assert_eq!(restart["MaxAttempts"], 3);
    assert_eq!(restart["Window"], 120_000_000_000_u64);
    assert_eq!(task["LogDriver"]["Name"], "json-file");
    assert_eq!(task["LogDriver"]["Options"]["max-size"], "10m");
    let networks = task["Networks"].as_array().expect("networks");
    let front = networks
        .iter()
        .find(|n| n["Target"] == "st_front")
        .expect("front attachment");
    assert_eq!(front["Aliases"], json!(["www", "web"]));
    assert_eq!(front["DriverOpts"]["com.example.opt"], "1");
    assert!(networks.iter().any(|n| n["Target"] == "shop-back"));
    assert!(networks.iter().any(|n| n["Target"] == "edge"));

    assert_eq!(web["Mode"], json!({"Replicated": {"Replicas": 3}}));
    assert_eq!(web["Labels"]["com.example.owner"], "web-team");
    assert_eq!(web["EndpointSpec"]["Mode"], "vip");
    assert_eq!(
        web["EndpointSpec"]["Ports"],
        // docker sorts them by published port.
        json!([
            {"Protocol": "sctp", "TargetPort": 9000},
            {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 5353, "PublishMode": "host"},
            {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
        ])
    );
    let update = &web["UpdateConfig"];
    assert_eq!(update["Parallelism"], 2);
    assert_eq!(update["Delay"], 10_000_000_000_u64);
    assert_eq!(update["FailureAction"], "rollback");
    assert_eq!(update["Monitor"], 30_000_000_000_u64);
    assert_eq!(update["MaxFailureRatio"], 0.25);
    assert_eq!(update["Order"], "start-first");
    let rollback = &web["RollbackConfig"];
    assert_eq!(rollback["Delay"], 500_000_000);
    assert_eq!(rollback["FailureAction"], "pause");
    assert_eq!(rollback["Order"], "stop-first");

    let worker = spec(&captured, "service_create", "st_worker");
    assert_eq!(worker["Mode"], json!({"Global": {}}));
    assert_eq!(worker["EndpointSpec"]["Mode"], "dnsrr");
    assert_eq!(worker["TaskTemplate"]["ContainerSpec"]["Init"], false);
    let job = spec(&captured, "service_create", "st_job");
    assert_eq!(
        job["Mode"],
        json!({"ReplicatedJob": {"MaxConcurrent": 2, "TotalCompletions": 2}})
    );
    let migrate = spec(&captured, "service_create", "st_migrate");
    assert_eq!(migrate["Mode"], json!({"GlobalJob": {}}));
    let win = spec(&captured, "service_create", "st_win");
    assert_eq!(win["TaskTemplate"]["ContainerSpec"]["Isolation"], "process");
    assert!(
        win["TaskTemplate"]["ContainerSpec"]["Privileges"]["CredentialSpec"]["Config"].is_string()
    );
    let registry = spec(&captured, "service_create", "st_win-registry");
    assert_eq!(
        registry["TaskTemplate"]["ContainerSpec"]["Privileges"]["CredentialSpec"]["Registry"],
        "spec"
    );

    let front = spec(&captured, "network_create", "st_front");
    assert_eq!(front["Driver"], "overlay");
    assert_eq!(front["Attachable"], true);
    assert_eq!(front["Options"]["com.docker.network.driver.mtu"], "1400");
    assert_eq!(front["Labels"]["com.example.net"], "front");
    assert_eq!(
        front["IPAM"],
        json!({"Driver": "default", "Config": [{"Subnet": "10.20.0.0/24"}, {"Subnet": "fd00:20::/64"}], "Options": null})
    );
    assert_eq!(
        spec(&captured, "network_create", "shop-back")["Internal"],
        true
    );
    assert!(specs(&captured, "network_create").all(|n| n["Name"] != "edge"));

    let db = spec(&captured, "secret_create", "st_db_password");
    assert_eq!(db["Data"], "czNjcmV0Cg==");
    assert_eq!(db["Templating"]["Name"], "golang");
    let vault = spec(&captured, "secret_create", "st_vault_token");
    assert_eq!(
        vault["Driver"],
        json!({"Name": "vault", "Options": {"path": "secret/shop"}})
    );
    let nginx = spec(&captured, "config_create", "nginx-conf-v1");
    assert_eq!(nginx["Templating"]["Name"], "golang");
    assert!(specs(&captured, "secret_create").all(|s| s["Name"] != "prod-api-key"));
}

fn single(edit: impl FnOnce(&mut Stack, &mut Service)) -> Stack {
    let mut stack = Stack::default();
    let mut service = Service {
        image: "busybox".to_owned(),
        ..Service::default()
    };
    edit(&mut stack, &mut service);
    stack.services.insert("app".to_owned(), service);
    stack
}

/// One stack per version step, each using the feature that step introduced.
fn one_feature_per_version() -> Vec<(Version, Stack)> {
    let deploy = |edit: fn(&mut Deploy)| {
        single(move |_, s| {
            let mut d = Deploy::default();
            edit(&mut d);
            s.deploy = Some(d);
        })
    };
    vec![
        (
            Version::V3_1,
            single(|stack, s| {
                stack.secrets.insert(
                    "token".to_owned(),
                    Secret {
                        file: Some("db_password.txt".to_owned()),
                        ..Secret::default()
                    },
                );
                s.secrets.push(reference("token"));
            }),
        ),
        (
            Version::V3_2,
            single(|_, s| {
                s.ports.push(Port {
                    target: 80,
                    published: Some(80),
                    protocol: None,
                    mode: None,
                });
            }),
        ),
        (
            Version::V3_3,
            deploy(|d| {
                d.placement = Some(Placement {
                    preferences: vec![Preference {
                        spread: "node.labels.zone".to_owned(),
                    }],
                    ..Placement::default()
                });
            }),
        ),
        (
            Version::V3_4,
            deploy(|d| {
                d.update_config = Some(UpdateConfig {
                    order: Some(UpdateOrder::StartFirst),
                    ..UpdateConfig::default()
                });
            }),
        ),
        (
            Version::V3_5,
            single(|_, s| s.isolation = Some(Isolation::Default)),
        ),
        (
            Version::V3_6,
            single(|_, s| {
                s.volumes.push(Mount::Tmpfs {
                    target: "/tmp".to_owned(),
                    read_only: false,
                    tmpfs: Some(TmpfsOptions {
                        size: Some(1 << 20),
                    }),
                });
            }),
        ),
        (Version::V3_7, single(|_, s| s.init = Some(true))),
        (
            Version::V3_8,
            deploy(|d| {
                d.placement = Some(Placement {
                    max_replicas_per_node: Some(1),
                    ..Placement::default()
                });
            }),
        ),
        (
            Version::V3_9,
            deploy(|d| {
                d.resources = Some(Resources {
                    limits: Some(Limits {
                        pids: Some(10),
                        ..Limits::default()
                    }),
                    ..Resources::default()
                });
            }),
        ),
        (
            Version::V3_12,
            single(|_, s| {
                s.healthcheck = Some(Healthcheck {
                    test: strings(["CMD", "true"]),
                    start_interval: secs(1),
                    ..Healthcheck::default()
                });
            }),
        ),
        (
            Version::V3_13,
            single(|stack, s| {
                stack
                    .networks
                    .insert("front".to_owned(), Network::default());
                s.networks.insert(
                    "front".to_owned(),
                    ServiceNetwork {
                        driver_opts: map([("com.example.opt", "1")]),
                        ..ServiceNetwork::default()
                    },
                );
            }),
        ),
    ]
}

#[test]
fn the_emitted_version_is_the_lowest_docker_accepts() {
    let test = "the_emitted_version_is_the_lowest_docker_accepts";
    let cases = one_feature_per_version();
    for (expected, stack) in &cases {
        assert_eq!(Version::required_by(stack), *expected);
    }
    if !docker_available(test) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (expected, stack) in cases {
        let text = emit(&stack);
        let header = format!("version: \"{expected}\"\n");
        assert!(text.starts_with(&header), "{text}");
        let accepted = stack_config(&write_stack(dir.path(), &text));
        assert!(accepted.success, "{expected}: {}\n{text}", accepted.stderr);

        let previous = expected.previous().expect("a lower version");
        let lowered = text.replacen(&header, &format!("version: \"{previous}\"\n"), 1);
        let rejected = stack_config(&write_stack(dir.path(), &lowered));
        assert!(
            !rejected.success,
            "docker accepts {previous} for a feature swarmc says needs {expected}:\n{lowered}"
        );
    }
}

#[test]
fn schema_stack_prints_the_committed_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = crate::support::Swarmc::new(dir.path())
        .args(["schema", "stack"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let committed =
        std::fs::read_to_string(crate::support::manifest_dir().join("schemas/stack.schema.json"))
            .expect("the schema is committed");
    assert_eq!(run.stdout, committed);
}
