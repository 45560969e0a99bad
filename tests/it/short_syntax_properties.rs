//! Generated short syntax and interpolation (volumes, ports, `environment` lists,
//! `extra_hosts`, `tmpfs`, file modes, sizes, `dns`, with variables from `.env`): any
//! input swarmc can be given is either compiled or refused with a located finding,
//! never an internal error (`SW9xx`), whose stack schema violation would mean a check
//! missing before it.

use std::path::PathBuf;

use proptest::prelude::*;
use swarmc::compile::{CompileOptions, compile};
use swarmc::fs::MemoryFs;

/// Short text from characters that carry meaning in compose's short syntaxes and in
/// interpolation, with letters and digits to make plausible names and numbers.
fn fragment() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        ":",
        "/",
        ".",
        ",",
        "=",
        "-",
        "$",
        "$$",
        "{",
        "}",
        "${V}",
        "${W:-a:b}",
        "${V:?no}",
        "$${X:-c:d}",
        "${UNSET}",
        "[",
        "]",
        "::1",
        " ",
        "@",
        "ro",
        "rw",
        "z",
        "nocopy",
        "rshared",
        "host-gateway",
        "0",
        "1",
        "7",
        "8",
        "9",
        "80",
        "0777",
        "0o644",
        "1.5",
        "64m",
        "k",
        "udp",
        "tcp",
        "a",
        "b",
        "data",
        "~",
        "\\",
        "127.0.0.1",
        "10.0.0.1",
        "tmp",
        "size=",
        "mode=",
        "uid=",
        "\"",
        "'",
    ]);
    prop::collection::vec(pieces, 0..7).prop_map(|parts| parts.concat())
}

/// A YAML double-quoted scalar holding `text` exactly.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(key: &str, items: &[String]) -> String {
    let mut out = format!("    {key}:\n");
    for item in items {
        out.push_str(&format!("      - {}\n", quoted(item)));
    }
    if items.is_empty() {
        out = format!("    {key}: []\n");
    }
    out
}

/// Mostly well-formed values of one short syntax, sometimes anything at all: a case
/// must often be free of errors for the stack to be emitted and checked against its
/// schema, where a missing validation would show.
fn either(valid: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![9 => valid, 1 => fragment()].boxed()
}

fn volume() -> BoxedStrategy<String> {
    let source = prop::sample::select(vec![
        "",
        "data:",
        "./x:",
        "/srv/x:",
        "~/h:",
        "${V}:",
        "a:",
        "C:\\d:",
        "\\\\s\\x:",
    ]);
    let target = "/[a-z]{1,3}(/\\$\\$\\{[A-Z]{1,2}:-[a-z:]{0,3}\\})?";
    let options = prop::sample::select(vec![
        "",
        ":ro",
        ":rw,z",
        ":bogus",
        ":nocopy",
        ":ro,rshared",
        ":Z",
        ":cached",
        ":${V}",
    ]);
    (source, target, options)
        .prop_map(|(s, t, o)| format!("{s}{t}{o}"))
        .boxed()
}

fn port() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9]{1,5}(:[0-9]{1,5})?(/(udp|tcp|sctp))?",
        "[0-9]{1,4}-[0-9]{1,4}(:[0-9]{1,4}-[0-9]{1,4})?",
        "(127\\.0\\.0\\.1|\\[::1\\]|0\\.0\\.0\\.0):[0-9]{1,5}:[0-9]{1,5}",
        "\\$\\{V\\}:[0-9]{2}",
    ]
    .boxed()
}

fn environment_entry() -> BoxedStrategy<String> {
    prop_oneof![
        "[A-Z_]{1,4}",
        "[A-Z_]{1,4}=[a-z0-9 :=$]{0,5}",
        "[A-Z_]{1,4}=\\$\\{V\\}",
        "\\$\\{V\\}=x",
    ]
    .boxed()
}

fn extra_host() -> BoxedStrategy<String> {
    let address = prop::sample::select(vec![
        "10.0.0.1",
        "::1",
        "[::1]",
        "host-gateway",
        "${V}",
        "10.0.0.1,::2",
        "",
        "x",
    ]);
    (
        "[a-z.-]{0,5}",
        prop::sample::select(vec![":", "="]),
        address,
    )
        .prop_map(|(h, s, a)| format!("{h}{s}{a}"))
        .boxed()
}

fn tmpfs() -> BoxedStrategy<String> {
    "/[a-z]{1,4}(:(size=[0-9]{1,4}[km]?|mode=[0-7]{3,4}|uid=[0-9]{1,3}|ro|bogus))?".boxed()
}

fn mode() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-7]{3,4}",
        "0o[0-7]{3}",
        "[0-9]{1,4}",
        Just("${V}".to_owned())
    ]
    .boxed()
}

fn size() -> BoxedStrategy<String> {
    prop_oneof!["[0-9]{1,4}(\\.[0-9]{1,2})?[kmg]?", Just("${W}".to_owned())].boxed()
}

#[derive(Debug, Clone)]
struct Generated {
    volumes: Vec<String>,
    ports: Vec<String>,
    environment: Vec<String>,
    extra_hosts: Vec<String>,
    tmpfs: Vec<String>,
    dns: Option<String>,
    mode: Option<String>,
    size: Option<String>,
    v: String,
    w: String,
}

fn generated() -> impl Strategy<Value = Generated> {
    let items = |valid: BoxedStrategy<String>| prop::collection::vec(either(valid), 0..2);
    (
        (
            items(volume()),
            items(port()),
            items(environment_entry()),
            items(extra_host()),
            items(tmpfs()),
        ),
        (
            prop::option::of(either(
                prop_oneof![Just("${V}".to_owned()), Just("1.1.1.1".to_owned())].boxed(),
            )),
            prop::option::of(either(mode())),
            prop::option::of(either(size())),
        ),
        ("[a-z0-9:/.,=${}-]{0,8}", "[0-9]{1,3}(\\.[0-9])?[km]?"),
    )
        .prop_map(
            |((volumes, ports, environment, extra_hosts, tmpfs), (dns, mode, size), (v, w))| {
                Generated {
                    volumes,
                    ports,
                    environment,
                    extra_hosts,
                    tmpfs,
                    dns,
                    mode,
                    size,
                    v,
                    w,
                }
            },
        )
}

fn compose_text(g: &Generated) -> String {
    let mut text = String::from("services:\n  app:\n    image: nginx:1.27\n");
    text.push_str(&list("volumes", &g.volumes));
    text.push_str(&list("ports", &g.ports));
    text.push_str(&list("environment", &g.environment));
    text.push_str(&list("extra_hosts", &g.extra_hosts));
    text.push_str(&list("tmpfs", &g.tmpfs));
    if let Some(dns) = &g.dns {
        text.push_str(&format!("    dns: {}\n", quoted(dns)));
    }
    if let Some(mode) = &g.mode {
        text.push_str("    secrets:\n");
        text.push_str(&format!(
            "      - {{source: key, mode: {}}}\n",
            quoted(mode)
        ));
    }
    if let Some(size) = &g.size {
        text.push_str("  cache:\n    image: redis:7\n    volumes:\n");
        text.push_str(&format!(
            "      - {{type: tmpfs, target: /t, tmpfs: {{size: {}}}}}\n",
            quoted(size)
        ));
    }
    text.push_str("volumes:\n  data:\n  a:\n  b:\n  tmp:\nsecrets:\n  key:\n    file: ./key\n");
    text
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_generated_short_syntax_ends_in_an_internal_error(g in generated()) {
        let text = compose_text(&g);
        let mut fs = MemoryFs::new();
        fs.insert("/p/compose.yaml", text.as_bytes().to_vec());
        fs.insert("/p/.env", format!("V={}\nW={}\n", g.v, g.w).into_bytes());
        fs.insert("/p/key", b"k".to_vec());
        let options = CompileOptions {
            files: vec![PathBuf::from("compose.yaml")],
            working_dir: PathBuf::from("/p"),
            output_dir: PathBuf::from("/p"),
            ..CompileOptions::default()
        };
        let compilation = compile(&options, &fs, &[]);
        let internal: Vec<String> = compilation
            .diagnostics
            .iter()
            .filter(|d| d.code().starts_with("SW9"))
            .map(|d| d.message.clone())
            .collect();
        prop_assert!(internal.is_empty(), "{text}\n{internal:?}");
        // Every error is located, so that the user can find what to change.
        for diagnostic in compilation.diagnostics.iter() {
            if diagnostic.severity == swarmc::diagnostic::Severity::Error {
                prop_assert!(diagnostic.primary.is_some(), "{text}\n{}", diagnostic.message);
            }
        }
    }
}

/// A value written under one of the service keys most often set from a variable.
fn keyed_value() -> impl Strategy<Value = (&'static str, String)> {
    let keys = prop::sample::select(vec![
        "hostname",
        "domainname",
        "user",
        "working_dir",
        "stop_signal",
        "stop_grace_period",
        "shm_size",
        "mem_limit",
        "mem_reservation",
        "memswap_limit",
        "cpus",
        "cpu_shares",
        "pids_limit",
        "platform",
        "image",
        "container_name",
        "init",
        "read_only",
        "restart",
        "labels",
        "sysctls",
        "cap_add",
        "dns_search",
        "dns_opt",
        "command",
        "entrypoint",
        "expose",
        "ulimits",
        "healthcheck",
        "deploy",
        "logging",
        "networks",
        "secrets",
        "configs",
        "userns_mode",
        "isolation",
        "mac_address",
        "group_add",
        "long_port",
        "long_volume",
        "network_options",
        "top_level",
        "extends_env",
        "annotations",
        "devices",
        "runtime",
        "cgroup_parent",
        "oom_score_adj",
        "stop_signal_list",
    ]);
    let value = prop_oneof![
        fragment(),
        "[a-z0-9./:_-]{0,8}",
        "[0-9]{1,6}(\\.[0-9]{1,3})?[a-z]{0,2}",
        Just("${V}".to_owned()),
        Just(String::new()),
    ];
    (keys, value)
}

/// The key's value in a form compose takes for it, holding `value` where a scalar goes.
fn keyed_yaml(key: &str, value: &str) -> String {
    let v = quoted(value);
    match key {
        "labels" | "sysctls" | "cap_add" | "dns_search" | "dns_opt" | "expose" | "group_add"
        | "networks" | "secrets" | "configs" => format!("    {key}: [{v}]\n"),
        "ulimits" => {
            format!("    ulimits:\n      nofile: {v}\n      nproc: {{soft: {v}, hard: {v}}}\n")
        }
        "healthcheck" => format!(
            "    healthcheck:\n      test: [\"CMD\", {v}]\n      interval: {v}\n      retries: {v}\n      start_period: {v}\n"
        ),
        "deploy" => format!(
            "    deploy:\n      replicas: {v}\n      resources:\n        limits: {{cpus: {v}, memory: {v}, pids: {v}}}\n      placement:\n        constraints: [{v}]\n      update_config: {{delay: {v}, parallelism: {v}, max_failure_ratio: {v}}}\n      labels: [{v}]\n"
        ),
        "logging" => format!("    logging:\n      driver: {v}\n      options: {{max-size: {v}}}\n"),
        "long_port" => format!(
            "    ports:\n      - {{target: {v}, published: {v}, protocol: {v}, mode: {v}, host_ip: {v}}}\n"
        ),
        "long_volume" => format!(
            "    volumes:\n      - {{type: volume, source: {v}, target: /d, volume: {{subpath: {v}, nocopy: {v}}}}}\n      - {{type: bind, source: {v}, target: {v}, bind: {{propagation: {v}}}}}\n"
        ),
        "network_options" => format!(
            "    networks:\n      a:\n        aliases: [{v}]\n        ipv4_address: {v}\n        ipv6_address: {v}\n        priority: {v}\n"
        ),
        "top_level" => {
            format!(
                "    volumes: [\"b:/b\"]\n    networks: [b]\n  other:\n    image: redis:7\nvolumes:\n  b:\n    name: {v}\n    driver: {v}\n    driver_opts: {{o: {v}}}\n    labels: [{v}]\n"
            ) + &format!(
                "networks:\n  b:\n    name: {v}\n    driver: {v}\n    attachable: {v}\n    internal: {v}\n    ipam:\n      config:\n        - subnet: {v}\n          gateway: {v}\n          ip_range: {v}\n    labels: [{v}]\n"
            )
        }
        "annotations" => format!("    annotations: [{v}]\n    labels: {{a: {v}}}\n"),
        "devices" => format!("    devices: [{v}]\n"),
        "stop_signal_list" => format!("    command: {v}\n    entrypoint: [{v}]\n"),
        _ => format!("    {key}: {v}\n"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_generated_option_value_ends_in_an_internal_error(
        (key, value) in keyed_value(),
        v in "[a-z0-9:/.,=${}-]{0,8}",
    ) {
        let image = if key == "image" { "" } else { "    image: nginx:1.27\n" };
        let body = keyed_yaml(key, &value);
        let top = if key == "top_level" {
            "secrets:\n  a:\n    file: ./key\n"
        } else {
            "networks:\n  a:\nsecrets:\n  a:\n    file: ./key\nconfigs:\n  a:\n    file: ./key\n"
        };
        let text = format!("services:\n  app:\n{image}{body}{top}");
        let mut fs = MemoryFs::new();
        fs.insert("/p/compose.yaml", text.as_bytes().to_vec());
        fs.insert("/p/.env", format!("V={v}\n").into_bytes());
        fs.insert("/p/key", b"k".to_vec());
        let options = CompileOptions {
            files: vec![PathBuf::from("compose.yaml")],
            working_dir: PathBuf::from("/p"),
            output_dir: PathBuf::from("/p"),
            ..CompileOptions::default()
        };
        let compilation = compile(&options, &fs, &[]);
        let internal: Vec<String> = compilation
            .diagnostics
            .iter()
            .filter(|d| d.code().starts_with("SW9"))
            .map(|d| d.message.clone())
            .collect();
        prop_assert!(internal.is_empty(), "{text}\n{internal:?}");
    }
}
