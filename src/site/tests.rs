//! Tests of site profile loading: the schema file, the examples in `profiles/`, and
//! located diagnostics for profiles that are wrong in each way the loader knows.

use std::path::{Path, PathBuf};

use super::load::load_checked;
use super::spans::SiteSpans;
use super::*;
use crate::diagnostic::Diagnostics;
use crate::fs::MemoryFs;
use crate::source::Sources;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as it is written to `schemas/site.schema.json`.
fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&site_schema()).expect("the schema serializes");
    text.push('\n');
    text
}

#[test]
fn schema_file_is_up_to_date() {
    let path = manifest_dir().join("schemas/site.schema.json");
    let expected = schema_text();
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "schemas/site.schema.json is out of date with the site types; regenerate it with\n    UPDATE_SCHEMAS=1 cargo test --lib site::tests::schema_file_is_up_to_date"
    );
}

/// Loads `text` as `site.yaml`; returns the site and `CODE line:col message` lines.
fn load(text: &str) -> (Option<Site>, Vec<String>) {
    let mut fs = MemoryFs::new();
    fs.insert("/p/site.yaml", text.as_bytes().to_vec());
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let site = load_site(
        &fs,
        &mut sources,
        Path::new("/p/site.yaml"),
        &mut diagnostics,
    );
    diagnostics.sort();
    let lines = diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map_or("-".to_owned(), |l| {
                let lc = sources.get(l.span.source).line_col(l.span.start);
                format!("{}:{}", lc.line, lc.column)
            });
            format!("{} {at} {}", d.code(), d.message)
        })
        .collect();
    (site, lines)
}

#[test]
fn profiles_load_without_diagnostics() {
    let dir = manifest_dir().join("profiles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("profiles/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 4,
        "expected the example profiles in profiles/"
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schemas/site.schema.json\n"),
            "{} lacks the schema modeline",
            path.display()
        );
        let (site, diagnostics) = load(&text);
        assert!(
            diagnostics.is_empty(),
            "{}: {diagnostics:#?}",
            path.display()
        );
        assert!(site.is_some());
    }
}

const MINIMAL: &str = "nodes:\n  - { hostname: m1, role: manager, cpus: 4, memory: 8GiB }\n";

#[test]
fn a_minimal_profile_loads() {
    let (site, diagnostics) = load(MINIMAL);
    assert_eq!(diagnostics, Vec::<String>::new());
    let site = site.unwrap();
    assert_eq!(site.nodes[0].memory, Some(ByteSize(8 << 30)));
    assert_eq!(site.network.data_path_port, 4789);
    assert_eq!(
        site.network.address_pool.subnets[0].to_string(),
        "10.0.0.0/8"
    );
    assert_eq!(site.base_dir.as_deref(), Some(Path::new("/p")));
}

#[test]
fn scalars_take_the_type_the_schema_expects() {
    let (site, diagnostics) = load(
        "nodes:\n  - { hostname: 1234, role: manager, cpus: 4, memory: 1073741824, labels: { rack: 7 } }\nregistry: { address: r:5000, tag: 1.10 }\nenv:\n  vars: { PORT: 8080, DEBUG: true }\n",
    );
    assert_eq!(diagnostics, Vec::<String>::new());
    let site = site.unwrap();
    assert_eq!(site.nodes[0].hostname, "1234");
    assert_eq!(site.nodes[0].labels["rack"], "7");
    assert_eq!(site.registry.unwrap().tag, "1.10");
    assert_eq!(site.env.vars["PORT"].value(), "8080");
    assert_eq!(site.env.vars["DEBUG"].value(), "true");
}

#[test]
fn env_layer_points_at_each_value() {
    let text = "env:\n  vars:\n    HOST: data.example.org\n    TOKEN: { value: s3cret, secret: true }\nnodes:\n  - { hostname: m1, role: manager }\n";
    let mut fs = MemoryFs::new();
    fs.insert("/p/site.yaml", text.as_bytes().to_vec());
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let site = load_site(
        &fs,
        &mut sources,
        Path::new("/p/site.yaml"),
        &mut diagnostics,
    )
    .unwrap();
    let layer = site.env_layer();
    let texts: Vec<(&str, &str, &str)> = layer
        .iter()
        .map(|(name, v)| {
            (
                name.as_str(),
                v.value.as_str(),
                sources.text(v.origin.unwrap()),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("HOST", "data.example.org", "data.example.org"),
            ("TOKEN", "s3cret", "s3cret")
        ]
    );
    assert_eq!(site.secret_env_names().collect::<Vec<_>>(), ["TOKEN"]);
}

/// The diagnostics for a profile, which must not load.
fn errors(text: &str) -> Vec<String> {
    let (site, diagnostics) = load(text);
    assert!(site.is_none(), "the profile loaded: {diagnostics:#?}");
    diagnostics
}

#[test]
fn schema_errors_are_located_and_worded() {
    assert_eq!(
        errors("nodes:\n  - hostnme: m1\n    role: leader\n    cpus: many\n    memory: 64 gigs\n"),
        [
            "SW401 2:5 unknown key `hostnme` in `nodes[0]`",
            "SW400 3:11 `nodes[0].role` must be `manager` or `worker`, found `leader`",
            "SW400 4:11 `nodes[0].cpus` must be an integer, found a string",
            "SW400 5:13 `nodes[0].memory` must be a number of bytes or a size like `16GiB`, found `64 gigs`",
        ]
    );
}

#[test]
fn missing_keys_are_reported_at_the_mapping() {
    assert_eq!(
        errors("nodes:\n  - role: manager\n    cpus: 2\n"),
        ["SW400 2:5 missing `hostname` in `nodes[0]`"]
    );
    assert_eq!(errors("name: x\n"), ["SW400 1:1 missing `nodes`"]);
}

#[test]
fn unknown_keys_suggest_the_closest_key() {
    let (_, diagnostics) =
        load("nodes:\n  - { hostname: m1, role: manager, lables: {} }\nnetwrk: {}\n");
    assert_eq!(
        diagnostics,
        [
            "SW401 2:36 unknown key `lables` in `nodes[0]`",
            "SW401 3:1 unknown key `netwrk`",
        ]
    );
}

#[test]
fn formats_explain_what_is_wrong() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager, addresses: [10.0.0.300/24], platform: { arch: amd64 } }\nnetwork:\n  address_pool: { subnets: [172.30.0.1/16] }\n"
        ),
        [
            "SW400 2:48 `nodes[0].addresses[0]` must be an address with its prefix length like `10.20.1.11/16`, found `10.0.0.300/24`",
            "SW400 2:82 `nodes[0].platform.arch` must be `x86_64`, `aarch64`, `armv7l`, `ppc64le`, `s390x` or `riscv64`, found `amd64`",
            "SW400 4:29 `172.30.0.1/16` is not a subnet: its host bits are set",
        ]
    );
}

#[test]
fn empty_and_multi_document_profiles_are_refused() {
    assert_eq!(
        errors("# nothing yet\n"),
        ["SW402 1:1 the site profile is empty"]
    );
    assert_eq!(
        errors(&format!("{MINIMAL}---\n{MINIMAL}")),
        ["SW402 4:1 the site profile holds 2 documents"]
    );
    assert_eq!(
        errors("- a\n- b\n"),
        ["SW400 1:1 the site profile must be a mapping, found a list"]
    );
}

#[test]
fn node_checks() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: gpu-1, generic_resources: { NVIDIA-GPU: [GPU-a, GPU-b] } }\n  - { hostname: GPU-1, generic_resources: { NVIDIA-GPU: [GPU-a] } }\n"
        ),
        [
            "SW406 1:1 no node is a manager",
            "SW403 3:17 node `GPU-1` is listed twice",
            "SW407 3:58 `NVIDIA-GPU` `GPU-a` is listed twice",
        ]
    );
}

#[test]
fn selector_checks() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: data-1, role: manager, labels: { mongo: \"1\" } }\nservices:\n  a: { pin: { node: data-01 } }\n  b: { pin: { labels: { mongo: \"true\" } } }\n  c: { pin: {} }\n  d: { keep_off: { node: data-1 } }\nstorage:\n  local_paths:\n    srv/pg: { node: data-1, labels: { pg: \"1\" } }\n"
        ),
        [
            "SW404 4:21 no node is named `data-01`",
            "SW405 5:15 no node has label `mongo=true`",
            "SW400 6:8 `services.c.pin` selects no node",
            "SW405 7:8 no node is left for service `d`",
            "SW400 10:5 `srv/pg` is not an absolute path",
            "SW405 10:29 node `data-1` has no label `pg=1`",
        ]
    );
}

#[test]
fn network_checks() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager, addresses: [10.20.1.5/16] }\nnetwork:\n  host_networks: { nfs: 10.40.8.20 }\n  data_path_port: 7946\n  taken_subnets: { a: 172.30.1.0/24, b: 172.30.1.128/25 }\n  reserved_ports: [{ port: 80 }, { port: 80 }]\n  engine_api: { port: 2375, tls: false }\n"
        ),
        [
            "SW410 5:19 data path port `7946` is swarm's node gossip port",
            "SW408 6:41 subnet `172.30.1.128/25` of network `b` overlaps subnet `172.30.1.0/24` of network `a`",
            "SW410 7:42 port `80/tcp` is reserved twice",
            "SW412 8:34 the engine api on port `2375` accepts clients without tls",
        ]
    );
}

#[test]
fn the_ingress_network_defaults_to_the_first_subnet_of_the_pool() {
    // The overlap is a fact of the cluster, reported as a warning: the profile loads.
    let (site, diagnostics) = load(
        "nodes:\n  - { hostname: master, role: manager, addresses: [10.0.2.15/16] }\nnetwork:\n  address_pool: { subnets: [10.0.0.0/8] }\n",
    );
    assert!(site.is_some(), "{diagnostics:#?}");
    assert_eq!(
        diagnostics,
        [
            "SW408 4:29 the ingress network's subnet `10.0.0.0/24` (the pool's first) overlaps the subnet of `master` (`10.0.0.0/16`)",
        ]
    );
    // Written elsewhere, the pool may hold the LAN: the stack's networks avoid it.
    let (site, diagnostics) = load(
        "nodes:\n  - { hostname: master, role: manager, addresses: [10.0.2.15/16] }\nnetwork:\n  ingress_subnet: 10.255.0.0/16\n",
    );
    assert!(site.is_some(), "{diagnostics:#?}");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn declared_pools_are_checked() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager }\nnetwork:\n  host_networks: { lan: 172.30.0.0/16 }\n  address_pool: { subnets: [172.30.0.0/16, 10.0.0.0/26], mask_length: 24 }\n  ingress_subnet: 172.30.0.0/24\n"
        ),
        [
            "SW409 5:44 pool `10.0.0.0/26` is smaller than the `/24` networks taken from it",
            "SW408 6:19 ingress subnet `172.30.0.0/24` overlaps host network `lan` (`172.30.0.0/16`)",
        ]
    );
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager }\nnetwork:\n  address_pool: { mask_length: 12 }\n"
        ),
        ["SW409 4:32 address pool mask length `12` is outside 16 to 29"]
    );
}

#[test]
fn shape_checks() {
    assert_eq!(
        errors(
            "env:\n  vars: { 9LIVES: x }\nnodes:\n  - { hostname: m1, role: manager }\nsecrets:\n  a: { external: true, file: a.txt }\n  b: { name: b }\nservices:\n  s: { mode: global, replicas: 2 }\n  t: { long_lived_connections: { mitigation: keepalive } }\n  u: { long_lived_connections: { mitigation: keepalive, seconds: 7200 } }\n  v: { long_lived_connections: { mitigation: dnsrr, seconds: 60 } }\n"
        ),
        [
            "SW400 2:11 `9LIVES` is not a variable name",
            "SW400 6:30 secret `a` is both external and read from a file",
            "SW400 7:3 secret `b` is neither external nor read from a file",
            "SW400 9:22 `replicas` does not apply to global service `s`",
            "SW400 10:46 missing `seconds` for the `keepalive` mitigation",
            "SW411 11:66 a keepalive after `7200` seconds comes too late for the `900` second IPVS idle timeout",
            "SW400 12:53 `seconds` does not apply to the `dnsrr` mitigation",
        ]
    );
}

#[test]
fn only_external_secrets_say_how_to_create_them() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager }\nsecrets:\n  a: { file: a.txt, create: generate }\n  b: { external: true, create: ask }\nstorage:\n  create_directories: [srv]\n"
        ),
        [
            "SW400 4:21 secret `a` says how to create it but is not external",
            "SW400 7:24 `srv` is not an absolute path",
        ]
    );
}

#[test]
fn type_errors_name_what_was_found() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager }\nsecrets: { a: true }\nnetwork: { overlays: { encrypted: yes } }\n"
        ),
        [
            "SW400 3:15 `secrets.a` must be a mapping, found `true`",
            "SW400 4:35 `network.overlays.encrypted` must be `true` or `false`, found a string",
        ]
    );
}

#[test]
fn optional_values_are_checked_like_required_ones() {
    assert_eq!(
        errors(
            "nodes:\n  - { hostname: m1, role: manager }\nservices:\n  a: { reservations: { memory: lots, cpus: 0 }, mode: sometimes }\n"
        ),
        [
            "SW400 4:32 `services.a.reservations.memory` must be a number of bytes or a size like `16GiB`, found `lots`",
            "SW400 4:44 `services.a.reservations.cpus` must be at least 0.001, found `0`",
            "SW400 4:55 `services.a.mode` must be `replicated`, `global`, `replicated-job` or `global-job`, found `sometimes`",
        ]
    );
}

#[test]
fn anyof_errors_report_inside_the_matching_variant() {
    assert_eq!(
        errors(
            "env:\n  vars:\n    A: { value: x, secrt: true }\nnodes:\n  - { hostname: m1, role: manager, generic_resources: { GPU: yes } }\n"
        ),
        [
            "SW401 3:20 unknown key `secrt` in `env.vars.A`",
            "SW400 5:62 `nodes[0].generic_resources.GPU` must be an integer or a list, found a string",
        ]
    );
}

/// A routing table as `/proc/net/route` prints it on a little-endian machine.
const ROUTE: &str = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n\
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n\
eth0\t0000080A\tFE0200C0\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0\n\
lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n\
eth0\tbogus\n";

#[test]
fn the_default_site_is_a_valid_profile() {
    let machine = Machine {
        hostname: "build-01.example.org".to_owned(),
        cpus: Some(2),
        memory: Some(8 << 30),
        arch: Some(Arch::Aarch64),
        networks: Machine::networks_from_route(ROUTE),
    };
    let text = default_site_text(&machine);
    assert!(text.starts_with("# yaml-language-server: $schema=site.schema.json\n"));
    let (site, diagnostics) = load(&text);
    assert_eq!(diagnostics, Vec::<String>::new());
    let site = site.unwrap();
    assert_eq!(site.nodes.len(), 1);
    assert_eq!(site.nodes[0].hostname, "build-01.example.org");
    assert_eq!(site.nodes[0].role, Role::Manager);
    assert_eq!(site.nodes[0].memory, Some(ByteSize(8 << 30)));
    assert_eq!(site.nodes[0].platform.arch, Arch::Aarch64);
    assert!(site.nodes[0].generic_resources.is_empty());
    assert!(site.storage.nfs.is_empty() && site.storage.shared_paths.is_empty());
    let networks: Vec<String> = site
        .network
        .host_networks
        .iter()
        .map(|(name, subnet)| format!("{name}={subnet}"))
        .collect();
    assert_eq!(
        networks,
        [
            "docker0=172.17.0.0/16",
            "eth0=192.0.2.0/24",
            "eth0-2=10.8.0.0/16"
        ]
    );

    // Unknown facts are left out rather than guessed; odd hostnames are quoted.
    let text = default_site_text(&Machine {
        hostname: "true".to_owned(),
        ..Machine::default()
    });
    let (site, diagnostics) = load(&text);
    assert_eq!(diagnostics, Vec::<String>::new());
    let node = &site.unwrap().nodes[0];
    assert_eq!(
        (node.hostname.as_str(), node.cpus, node.memory),
        ("true", None, None)
    );
}

#[test]
fn the_default_site_loads_as_a_named_source() {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let site = load_default_site(&Machine::default(), &mut sources, &mut diagnostics);
    assert!(diagnostics.is_empty());
    assert!(site.unwrap().base_dir.is_none());
    assert_eq!(sources.iter().next().unwrap().1.name, DEFAULT_SITE_NAME);
}

/// Release builds load the default site without checking it against the schema; it
/// must match it whatever the machine, and read the same either way.
#[test]
fn the_default_site_matches_the_schema_whatever_the_machine() {
    let mut machines = Vec::new();
    for hostname in [
        "a",
        "true",
        "null",
        "9lives",
        "host name",
        "ünïcode",
        "'\"",
        "-x:",
        "#c",
    ] {
        for (cpus, memory) in [
            (None, None),
            (Some(1), Some(1 << 20)),
            (Some(u32::MAX), Some(u64::MAX)),
        ] {
            machines.push(Machine {
                hostname: hostname.to_owned(),
                cpus,
                memory,
                arch: Some(Arch::Armv7l),
                networks: Machine::networks_from_route(ROUTE),
            });
        }
    }
    for machine in machines {
        let text = default_site_text(&machine);
        let (checked, diagnostics) = load(&text);
        assert_eq!(diagnostics, Vec::<String>::new(), "{text}");
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let id = sources_add(&mut sources, &text);
        let unchecked = load_checked(&mut sources, id, false, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{text}");
        let (mut checked, mut unchecked) = (checked.unwrap(), unchecked.unwrap());
        checked.spans = SiteSpans::new();
        checked.base_dir = None;
        unchecked.spans = SiteSpans::new();
        assert_eq!(checked, unchecked, "{text}");
    }
}

fn sources_add(sources: &mut Sources, text: &str) -> crate::source::SourceId {
    sources.add(
        DEFAULT_SITE_NAME,
        None,
        crate::source::SourceKind::Site,
        text.to_owned(),
    )
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "~",
        "nodes: ~",
        "nodes: [~]",
        "nodes: [[]]",
        "nodes: {}",
        "nodes: [{hostname: [a]}]\nservices: [a]",
        "a: &a [*a]",
        "network: { address_pool: { subnets: [], mask_length: 300 } }\nnodes: [{hostname: a}]",
        "nodes: [{hostname: a, memory: 99999999999999999999P}]",
        "nodes: [{hostname: a, cpus: -1, memory: -5}]",
        "network: { data_path_port: 70000, ipvs_idle_timeout: 0 }",
        "\u{feff}nodes: [{hostname: \"\\u0000\"}]",
        "storage: { local_paths: { \"/x\": { node: \"\" } } }\nnodes: [{hostname: a}]",
    ] {
        let _ = load(text);
    }
}

#[test]
fn memory_is_read_from_meminfo() {
    let meminfo = "MemTotal:       16318828 kB\nMemFree:         1234 kB\n";
    assert_eq!(Machine::memory_from_meminfo(meminfo), Some(16318828 * 1024));
    assert_eq!(Machine::memory_from_meminfo("MemFree: 1 kB\n"), None);
    assert_eq!(Machine::memory_from_meminfo("MemTotal: lots\n"), None);
}
