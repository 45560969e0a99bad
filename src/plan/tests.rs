//! Plans built from small sites and projects run through the real pipeline. Until every
//! translation pass exists, a case may finish the stack by hand (a constraint, a
//! reservation, a mount) the way the pass will write it, so each step's decision is
//! tested on the stack it reads.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;
use crate::compile::{CompileOptions, TranslatedProject, translate_project};
use crate::fs::MemoryFs;
use crate::plan::images::Push;
use crate::swarm::{
    self, DiscreteResourceSpec, FileReference, GenericResource, Mode, Mount, Placement,
    Reservations, Resources,
};

const WEB: &str = "services:\n  web:\n    image: nginx:1.27\n";

const ONE_NODE: &str = "
nodes:
  - { hostname: solo, role: manager, addresses: [192.168.1.10/24] }
";

const TWO_NODES: &str = "
nodes:
  - { hostname: m1, role: manager, addresses: [192.168.1.10/24] }
  - { hostname: w1, addresses: [192.168.1.20/24] }
";

const ENGINE_API: &str = "
nodes:
  - { hostname: m1, role: manager, addresses: [192.168.1.10/24] }
  - { hostname: w1, addresses: [192.168.1.20/24] }
network:
  engine_api: { port: 2376, host: swarm.example.org, allowed_from: [10.61.0.0/16] }
";

const GPUS: &str = "
nodes:
  - { hostname: m1, role: manager, addresses: [10.42.0.10/16] }
  - hostname: gpu-1
    labels: { gpu: nvidia, rack: a }
    generic_resources:
      NVIDIA-GPU: [GPU-3f9a1c2e, GPU-b27e6d90]
      SSD: 2
    addresses: [10.42.1.11/16]
network:
  address_pool: { subnets: [172.30.0.0/16] }
";

const SHARED: &str = "
nodes:
  - { hostname: m1, role: manager, labels: { db: main }, addresses: [10.60.1.11/20] }
  - { hostname: w1, addresses: [10.60.2.21/20] }
  - { hostname: w2, availability: drain, addresses: [10.60.2.22/20] }
network:
  address_pool: { subnets: [172.28.0.0/16] }
storage:
  shared_paths: [/data/xnat/archive]
";

/// What a case does to the translated stack, or to the site where a profile that
/// loads cannot say it.
type Tweak = fn(&mut TranslatedProject);

fn untouched(_: &mut TranslatedProject) {}

/// The ingress network on the nodes' LAN: the site checks refuse such a profile, so a
/// clean one is changed after loading, as a swarm initialised long ago may be.
fn ingress_on_the_lan(translated: &mut TranslatedProject) {
    translated.site.network.ingress_subnet = crate::site::Subnet::parse("192.168.1.0/24").ok();
}

fn web(stack: &mut swarm::Stack) -> &mut swarm::Service {
    stack
        .services
        .get_mut("web")
        .expect("the project has `web`")
}

fn deploy(stack: &mut swarm::Stack) -> &mut swarm::Deploy {
    web(stack).deploy.get_or_insert_with(Default::default)
}

fn constrained(stack: &mut swarm::Stack) {
    deploy(stack).placement = Some(Placement {
        constraints: vec!["node.labels.gpu == nvidia".to_owned()],
        ..Placement::default()
    });
}

fn reserves_a_gpu(stack: &mut swarm::Stack) {
    deploy(stack).resources = Some(Resources {
        limits: None,
        reservations: Some(Reservations {
            generic_resources: vec![GenericResource {
                discrete_resource_spec: DiscreteResourceSpec {
                    kind: "NVIDIA-GPU".to_owned(),
                    value: 1,
                },
            }],
            ..Reservations::default()
        }),
    });
}

fn bind_mounts(stack: &mut swarm::Stack) {
    web(stack).volumes.push(Mount::Bind {
        source: "/srv/web".to_owned(),
        target: "/usr/share/nginx/html".to_owned(),
        read_only: true,
        bind: None,
    });
}

fn external_secret(stack: &mut swarm::Stack) {
    stack.secrets.insert(
        "db_password".to_owned(),
        swarm::Secret {
            external: true,
            name: Some("db_password_v2".to_owned()),
            ..swarm::Secret::default()
        },
    );
    web(stack).secrets.push(FileReference {
        source: "db_password".to_owned(),
        target: None,
        uid: None,
        gid: None,
        mode: None,
    });
}

/// The plan for `compose` on `site`, with the stack finished by `tweak`; `files` are
/// more files of the project, by path under `/p`.
fn plan_with(site: &str, compose: &str, files: &[(&str, &str)], tweak: Tweak) -> Plan {
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", compose.as_bytes().to_vec());
    fs.insert("/p/site.yaml", site.as_bytes().to_vec());
    for (path, text) in files {
        fs.insert(Path::new("/p").join(path), text.as_bytes().to_vec());
    }
    let options = CompileOptions {
        files: vec![PathBuf::from("compose.yaml")],
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        site: Some(PathBuf::from("site.yaml")),
        ..CompileOptions::default()
    };
    let analysis = translate_project(&options, &fs, &[]);
    let messages: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code(), d.message))
        .collect();
    let mut translated = analysis
        .translated
        .unwrap_or_else(|| panic!("the project and the site load: {messages:?}"));
    tweak(&mut translated);
    let name = translated.project.stack_name(&translated.project_dir);
    let command = ["swarmc", "compile", "-o", "stack.yml"].map(str::to_owned);
    let input = Input {
        site: &translated.site,
        project: &translated.project,
        project_dir: &translated.project_dir,
        stack: &translated.translation.stack,
        stack_name: &name,
        output_dir: Path::new("/p"),
        stack_file: "stack.yml",
        compile_command: &command,
        fs: &fs,
    };
    build(&input)
}

fn plan(site: &str, compose: &str, tweak: Tweak) -> Plan {
    plan_with(site, compose, &[], tweak)
}

fn names(plan: &Plan) -> Vec<&'static str> {
    plan.steps.iter().map(|s| s.name).collect()
}

fn step<'a>(plan: &'a Plan, name: &str) -> &'a Detail {
    &plan
        .steps
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no step `{name}` in {:?}", names(plan)))
        .detail
}

/// A site and a project, with the stack finished by hand where a pass does not exist yet.
struct Fixture {
    site: &'static str,
    compose: &'static str,
    tweak: Tweak,
}

const fn fixture(site: &'static str, compose: &'static str, tweak: Tweak) -> Fixture {
    Fixture {
        site,
        compose,
        tweak,
    }
}

const BUILT: &str =
    "services:\n  web:\n    image: registry.example.org/web:1.0\n    build: ./web\n";

/// Each step, a fixture that needs it and one that does not.
const STEPS: &[(&str, Fixture, Fixture)] = &[
    (
        "firewall",
        fixture(TWO_NODES, WEB, untouched),
        fixture(ONE_NODE, WEB, untouched),
    ),
    (
        "engine-api",
        fixture(ENGINE_API, WEB, untouched),
        fixture(TWO_NODES, WEB, untouched),
    ),
    (
        "generic-resources",
        fixture(GPUS, WEB, |t| reserves_a_gpu(&mut t.translation.stack)),
        fixture(GPUS, WEB, untouched),
    ),
    (
        "storage",
        fixture(ONE_NODE, WEB, |t| bind_mounts(&mut t.translation.stack)),
        fixture(ONE_NODE, WEB, untouched),
    ),
    (
        "swarm-join",
        fixture(TWO_NODES, WEB, untouched),
        fixture(ONE_NODE, WEB, untouched),
    ),
    (
        "ingress",
        fixture(ONE_NODE, WEB, ingress_on_the_lan),
        fixture(ONE_NODE, WEB, untouched),
    ),
    (
        "node-labels",
        fixture(GPUS, WEB, |t| constrained(&mut t.translation.stack)),
        fixture(GPUS, WEB, untouched),
    ),
    (
        "secrets",
        fixture(ONE_NODE, WEB, |t| external_secret(&mut t.translation.stack)),
        fixture(ONE_NODE, WEB, untouched),
    ),
    (
        "images",
        fixture(ONE_NODE, BUILT, untouched),
        fixture(ONE_NODE, WEB, untouched),
    ),
];

#[test]
fn each_step_appears_exactly_when_the_stack_and_site_need_it() {
    for (name, needs, not) in STEPS {
        let with = plan(needs.site, needs.compose, needs.tweak);
        assert!(
            names(&with).contains(name),
            "`{name}` missing: {:?}",
            names(&with)
        );
        let without = plan(not.site, not.compose, not.tweak);
        assert!(
            !names(&without).contains(name),
            "`{name}` not needed: {:?}",
            names(&without)
        );
        for plan in [&with, &without] {
            assert_eq!(
                names(plan).iter().filter(|n| **n == "swarm-init").count(),
                1
            );
            assert_eq!(names(plan).last(), Some(&"deploy"));
        }
    }
}

#[test]
fn steps_run_in_a_fixed_order() {
    let everything = plan(GPUS, WEB, |t| {
        let stack = &mut t.translation.stack;
        constrained(stack);
        reserves_a_gpu(stack);
        bind_mounts(stack);
        external_secret(stack);
    });
    assert_eq!(
        names(&everything),
        [
            "firewall",
            "generic-resources",
            "storage",
            "swarm-init",
            "swarm-join",
            "node-labels",
            "secrets",
            "deploy"
        ]
    );
}

#[test]
fn the_swarm_is_initialised_with_the_sites_settings_and_joined_without_tokens() {
    let plan = plan(GPUS, WEB, untouched);
    let Detail::SwarmInit(init) = step(&plan, "swarm-init") else {
        panic!("not an init step");
    };
    assert_eq!(init.manager, "m1");
    assert_eq!(init.advertise_addr.as_deref(), Some("10.42.0.10"));
    assert_eq!(init.data_path_port, 4789);
    assert_eq!(init.address_pools, ["172.30.0.0/16"]);
    assert_eq!(init.mask_length, 24);
    let Detail::SwarmJoin(join) = step(&plan, "swarm-join") else {
        panic!("not a join step");
    };
    assert_eq!(join.join_addr.as_deref(), Some("10.42.0.10:2377"));
    assert_eq!(join.nodes.len(), 1);
    assert_eq!(join.nodes[0].hostname, "gpu-1");
    assert_eq!(join.nodes[0].token_variable, "SWARM_WORKER_TOKEN");
}

#[test]
fn firewalls_admit_swarm_ports_from_the_nodes_networks_and_esp_when_encrypted() {
    let site = "
nodes:
  - { hostname: m1, role: manager, addresses: [192.168.1.10/24] }
  - { hostname: w1, addresses: [192.168.2.20/24] }
network:
  data_path_port: 9789
  overlays: { encrypted: true }
";
    let plan = plan(site, WEB, untouched);
    let Detail::Firewall(firewall) = step(&plan, "firewall") else {
        panic!("not a firewall step");
    };
    let what = |i: usize| -> Vec<&str> {
        firewall.nodes[i]
            .openings
            .iter()
            .map(|o| o.what.as_str())
            .collect()
    };
    assert_eq!(
        what(0),
        ["2377/tcp", "7946/tcp", "7946/udp", "9789/udp", "esp"]
    );
    assert_eq!(what(1), ["7946/tcp", "7946/udp", "9789/udp", "esp"]);
    assert_eq!(
        firewall.nodes[1].openings[0].from,
        ["192.168.1.0/24", "192.168.2.0/24"]
    );
    // Without encryption, no ESP.
    let plan = plan_with(TWO_NODES, WEB, &[], untouched);
    let Detail::Firewall(firewall) = step(&plan, "firewall") else {
        panic!("not a firewall step");
    };
    assert!(
        firewall.nodes[0]
            .openings
            .iter()
            .all(|o| o.protocol != "esp")
    );
}

#[test]
fn the_engine_api_is_opened_to_the_named_networks_with_tls() {
    let plan = plan(ENGINE_API, WEB, untouched);
    let Detail::EngineApi(api) = step(&plan, "engine-api") else {
        panic!("not an engine api step");
    };
    assert!(api.flags.contains(&"--tlsverify".to_owned()));
    assert!(api.flags.contains(&"tcp://0.0.0.0:2376".to_owned()));
    assert_eq!(api.allowed_from, ["10.61.0.0/16"]);
    let Detail::Firewall(firewall) = step(&plan, "firewall") else {
        panic!("not a firewall step");
    };
    let api_opening = firewall.nodes[1].openings.last().expect("openings");
    assert_eq!(api_opening.what, "2376/tcp");
    assert_eq!(api_opening.from, ["10.61.0.0/16"]);
}

#[test]
fn gpu_nodes_advertise_their_uuids_and_run_the_nvidia_runtime() {
    let plan = plan(GPUS, WEB, |t| reserves_a_gpu(&mut t.translation.stack));
    let Detail::GenericResources(resources) = step(&plan, "generic-resources") else {
        panic!("not a generic resources step");
    };
    assert_eq!(resources.kinds, ["NVIDIA-GPU"]);
    let node = &resources.nodes[0];
    assert_eq!(node.hostname, "gpu-1");
    assert_eq!(
        node.advertised,
        [
            "NVIDIA-GPU=GPU-3f9a1c2e",
            "NVIDIA-GPU=GPU-b27e6d90",
            "SSD=2"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&node.daemon_json).expect("json");
    assert_eq!(json["default-runtime"], "nvidia");
    assert_eq!(
        json["runtimes"]["nvidia"]["path"],
        "/usr/bin/nvidia-container-runtime"
    );
    assert_eq!(json["node-generic-resources"][2], "SSD=2");
    let nvidia = node.nvidia.as_ref().expect("a GPU node");
    assert_eq!(nvidia.swarm_resource, "DOCKER_RESOURCE_NVIDIA-GPU");
}

#[test]
fn the_ingress_network_moves_off_the_host_networks_and_the_pool() {
    let plan = plan(ONE_NODE, WEB, ingress_on_the_lan);
    let Detail::Ingress(ingress) = step(&plan, "ingress") else {
        panic!("not an ingress step");
    };
    assert_eq!(ingress.current, "192.168.1.0/24");
    assert_eq!(ingress.collisions[0].name, "solo");
    assert_eq!(ingress.subnet.as_deref(), Some("172.16.0.0/24"));
}

#[test]
fn only_the_labels_the_stack_reads_are_set() {
    let plan = plan(GPUS, WEB, |t| {
        deploy(&mut t.translation.stack).placement = Some(Placement {
            constraints: vec![
                "NODE.LABELS.gpu == NVIDIA".to_owned(),
                "node.labels.zone != b".to_owned(),
                "node.labels.swarmc.volume.db == true".to_owned(),
                "node.role == worker".to_owned(),
            ],
            ..Placement::default()
        });
    });
    let Detail::NodeLabels(labels) = step(&plan, "node-labels") else {
        panic!("not a labels step");
    };
    assert_eq!(labels.nodes.len(), 1);
    assert_eq!(labels.nodes[0].hostname, "gpu-1");
    let set: Vec<&str> = labels.nodes[0]
        .labels
        .iter()
        .map(|l| l.assignment.as_str())
        .collect();
    assert_eq!(set, ["gpu=nvidia"]);
    // `zone` is only excluded, so nodes without it match; the volume label is
    // required, and no node has it.
    let unplaced: Vec<&str> = labels
        .unplaced
        .iter()
        .map(|l| l.assignment.as_str())
        .collect();
    assert_eq!(unplaced, ["swarmc.volume.db=true"]);
}

#[test]
fn storage_is_prepared_where_the_service_may_run() {
    let site = format!("{SHARED}  create_directories: [/data/xnat/archive]\n");
    let plan = plan_with(&site, WEB, &[("conf/nginx.conf", "events {}\n")], |t| {
        let stack = &mut t.translation.stack;
        deploy(stack).placement = Some(Placement {
            constraints: vec!["node.role == worker".to_owned()],
            ..Placement::default()
        });
        let mounts = &mut web(stack).volumes;
        for source in [
            "/data/xnat/archive/web",
            "./html",
            "conf/nginx.conf",
            "./conf.d",
            "/var/run/docker.sock",
            "./missing.conf",
        ] {
            mounts.push(Mount::Bind {
                source: source.to_owned(),
                target: "/x".to_owned(),
                read_only: false,
                bind: None,
            });
        }
    });
    let Detail::Storage(storage) = step(&plan, "storage") else {
        panic!("not a storage step");
    };
    // m1 is a manager and w2 is drained: only w1 runs the service.
    assert_eq!(storage.nodes.len(), 1);
    let node = &storage.nodes[0];
    assert_eq!(node.hostname, "w1");
    assert_eq!(node.shared, ["/data/xnat/archive"]);
    // Only what the site lets the plan create is created; the rest must exist.
    assert_eq!(node.directories, ["/data/xnat/archive/web"]);
    assert_eq!(node.existing, ["/p/conf.d", "/p/html"]);
    // A file is never a directory to create: one in the project says where it comes
    // from, one that only looks like a file must be on the node already.
    let files: Vec<(&str, Option<&str>)> = node
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.copy_from.as_deref()))
        .collect();
    assert_eq!(
        files,
        [
            ("/p/conf/nginx.conf", Some("conf/nginx.conf")),
            ("/p/missing.conf", None),
            ("/var/run/docker.sock", None),
        ]
    );
}

#[test]
fn without_create_directories_no_directory_is_created() {
    let plan = plan(SHARED, WEB, |t| bind_mounts(&mut t.translation.stack));
    let Detail::Storage(storage) = step(&plan, "storage") else {
        panic!("not a storage step");
    };
    for node in &storage.nodes {
        assert!(node.directories.is_empty(), "{node:?}");
        assert_eq!(node.existing, ["/srv/web"]);
    }
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    assert!(!shell.contains("mkdir"), "{shell}");
    check_shell(&shell, "without_create_directories_no_directory_is_created");
}

#[test]
fn nfs_volumes_are_test_mounted_from_their_export() {
    let plan = plan(ONE_NODE, WEB, |t| {
        let stack = &mut t.translation.stack;
        let opts = [
            ("type", "nfs"),
            ("o", "addr=10.40.8.20,rw,nfsvers=4.1,hard"),
            ("device", ":/exports/openmpf/share"),
        ];
        stack.volumes.insert(
            "shared_data".to_owned(),
            swarm::Volume {
                driver_opts: opts
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                ..swarm::Volume::default()
            },
        );
        web(stack).volumes.push(Mount::Volume {
            source: Some("shared_data".to_owned()),
            target: "/opt/mpf/share".to_owned(),
            read_only: false,
            volume: None,
        });
    });
    let Detail::Storage(storage) = step(&plan, "storage") else {
        panic!("not a storage step");
    };
    let export = &storage.nfs[0];
    assert_eq!(export.source, "10.40.8.20:/exports/openmpf/share");
    assert_eq!(export.options, "rw,nfsvers=4.1,hard");
    assert_eq!(storage.nodes[0].nfs, storage.nfs);
}

#[test]
fn external_secrets_are_created_under_their_swarm_names() {
    let plan = plan(ONE_NODE, WEB, |t| external_secret(&mut t.translation.stack));
    let Detail::Secrets(secrets) = step(&plan, "secrets") else {
        panic!("not a secrets step");
    };
    assert_eq!(secrets.secrets[0].name, "db_password_v2");
    assert_eq!(secrets.secrets[0].key, "db_password");
    assert_eq!(secrets.secrets[0].services, ["web"]);
}

#[test]
fn secrets_are_generated_only_where_the_site_says_and_asked_for_otherwise() {
    let site = format!(
        "{ONE_NODE}secrets:
  api_key: {{ external: true, create: generate }}
  admin_password: {{ external: true, create: ask }}
  tls_key: {{ external: true, create: {{ file: /etc/ssl/private/web.key }} }}
"
    );
    let compose = "
services:
  web:
    image: nginx:1.27
    secrets: [admin_password, api_key, runner_token, tls_key]
secrets:
  tls_key: { external: true }
  admin_password: { external: true }
  api_key: { external: true }
  runner_token: { external: true }
";
    let plan = plan(&site, compose, untouched);
    let Detail::Secrets(secrets) = step(&plan, "secrets") else {
        panic!("not a secrets step");
    };
    let creations: Vec<(&str, &str, Option<&str>)> = secrets
        .secrets
        .iter()
        .map(|s| (s.key.as_str(), s.create, s.file.as_deref()))
        .collect();
    // A secret the site says nothing about is asked for, never generated unseen.
    assert_eq!(
        creations,
        [
            ("admin_password", "ask", None),
            ("api_key", "generate", None),
            ("runner_token", "ask", None),
            ("tls_key", "file", Some("/etc/ssl/private/web.key")),
        ]
    );
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    assert!(shell.contains("secret_generate api_key\n"), "{shell}");
    assert!(shell.contains("secret_ask admin_password web\n"), "{shell}");
    assert!(shell.contains("secret_ask runner_token web\n"), "{shell}");
    assert!(
        shell.contains("secret_from_file tls_key /etc/ssl/private/web.key\n"),
        "{shell}"
    );
    check_shell(
        &shell,
        "secrets_are_generated_only_where_the_site_says_and_asked_for_otherwise",
    );
    let markdown = render(&plan, Format::Markdown).expect("markdown renders");
    assert!(
        markdown.contains(
            "read -rs value && printf '%s' \"$value\" | docker secret create runner_token -"
        ),
        "{markdown}"
    );
}

#[test]
fn asking_for_a_secret_needs_no_generator() {
    let plan = plan(ONE_NODE, WEB, |t| external_secret(&mut t.translation.stack));
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    assert!(!shell.contains("openssl"), "{shell}");
    assert!(!shell.contains("secret_generate"), "{shell}");
}

#[test]
fn images_are_built_from_their_context_and_pushed_under_the_stack_name() {
    let compose = "
services:
  web:
    image: registry.example.org/web:1.0
    build:
      context: ./web
      dockerfile: docker/Dockerfile
      target: prod
      args: { TOKEN: not-for-the-plan, VERSION: '1.0' }
      ssh: [default]
";
    let plan = plan(ONE_NODE, compose, untouched);
    let Detail::Images(images) = step(&plan, "images") else {
        panic!("not an images step");
    };
    let build = &images.builds[0];
    assert_eq!(build.image, "registry.example.org/web:1.0");
    assert_eq!(build.context, "web");
    assert_eq!(build.dockerfile.as_deref(), Some("web/docker/Dockerfile"));
    assert_eq!(build.target.as_deref(), Some("prod"));
    assert_eq!(build.args, ["TOKEN", "VERSION"]);
    assert_eq!(build.by_hand, ["ssh"]);
    // The site names no registry; the image's own is logged in to.
    assert_eq!(images.logins, ["registry.example.org"]);
}

#[test]
fn images_built_from_source_go_to_the_sites_registry_after_a_login() {
    let site = format!("{ONE_NODE}registry: {{ address: registry.lab.example.org:5000 }}\n");
    let compose = "
services:
  api:
    build: ./api
  web:
    image: shop/web:1.0
    build: ./web
  tool:
    image: ghcr.io/lab/tool:2
    build: ./tool
";
    let plan = plan(&site, compose, untouched);
    let Detail::Images(images) = step(&plan, "images") else {
        panic!("not an images step");
    };
    let pushed: Vec<&str> = images.builds.iter().map(|b| b.image.as_str()).collect();
    // Nothing goes to Docker Hub: a name without a registry host moves to the site's.
    assert_eq!(
        pushed,
        [
            "registry.lab.example.org:5000/p_api:latest",
            "registry.lab.example.org:5000/shop/web:1.0",
            "ghcr.io/lab/tool:2",
        ]
    );
    assert_eq!(images.logins, ["registry.lab.example.org:5000", "ghcr.io"]);
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    let login = shell.find("docker login registry.lab.example.org:5000");
    let push = shell.find("docker push");
    assert!(login.is_some() && login < push, "{shell}");
    check_shell(
        &shell,
        "images_built_from_source_go_to_the_sites_registry_after_a_login",
    );
}

#[test]
fn an_image_bound_for_docker_hubs_library_stops_the_plan_before_any_build() {
    let compose = "
services:
  web:
    image: xnat-web:1.9
    build: ./web
  api:
    image: library/api:2
    build: ./api
  tool:
    image: lab/tool:2
    build: ./tool
";
    let plan = plan(ONE_NODE, compose, untouched);
    let Detail::Images(images) = step(&plan, "images") else {
        panic!("not an images step");
    };
    let pushes: Vec<(&str, Push)> = images
        .builds
        .iter()
        .map(|b| (b.image.as_str(), b.push))
        .collect();
    assert_eq!(
        pushes,
        [
            ("xnat-web:1.9", Push::Impossible),
            ("library/api:2", Push::Impossible),
            ("lab/tool:2", Push::Registry),
        ]
    );
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    assert!(!shell.contains("docker push xnat-web"), "{shell}");
    assert!(shell.contains("docker push lab/tool:2"), "{shell}");
    assert!(shell.contains("then return 1"), "{shell}");
    assert!(!shell.contains("docker build --tag xnat-web"), "{shell}");
    check_shell(
        &shell,
        "an_image_bound_for_docker_hubs_library_stops_the_plan_before_any_build",
    );
    let markdown = render(&plan, Format::Markdown).expect("the markdown plan renders");
    assert!(markdown.contains("**Error:** `xnat-web:1.9` names no registry host"));
}

#[test]
fn the_deploy_waits_for_what_each_service_should_run() {
    let plan = plan(SHARED, WEB, |t| {
        let stack = &mut t.translation.stack;
        let deploy = deploy(stack);
        deploy.mode = Some(Mode::Global);
        stack.networks.insert(
            "outside".to_owned(),
            swarm::Network {
                external: true,
                name: Some("traefik_public".to_owned()),
                ..swarm::Network::default()
            },
        );
    });
    let Detail::Deploy(deploy) = step(&plan, "deploy") else {
        panic!("not a deploy step");
    };
    assert_eq!(deploy.stack, "p");
    assert_eq!(deploy.services[0].name, "p_web");
    assert_eq!(deploy.services[0].mode, "global");
    assert_eq!(deploy.services[0].nodes, ["m1", "w1"]);
    assert_eq!(deploy.services[0].tasks, 2);
    assert_eq!(deploy.external[0].name, "traefik_public");
    assert!(!deploy.with_registry_auth);
}

#[test]
fn stack_names_follow_compose() {
    let mut project = crate::compose::Project::default();
    assert_eq!(
        project.stack_name(Path::new("/srv/My Project")),
        "myproject"
    );
    assert_eq!(project.stack_name(Path::new("/")), "stack");
    let mut sources = crate::source::Sources::new();
    let id = sources.add("c", None, crate::source::SourceKind::Compose, String::new());
    project.name = Some(crate::spanned::Spanned::new(
        "_Shop.v2".into(),
        crate::source::Span::new(id, 0, 0),
    ));
    assert_eq!(project.stack_name(Path::new("/srv/x")), "shopv2");
}

/// Every step of a plan, for checking what the templates write.
fn every_step() -> Plan {
    let site = "
name: everything
nodes:
  - { hostname: m1, role: manager, addresses: [192.168.1.10/24] }
  - hostname: gpu-1
    labels: { gpu: nvidia }
    generic_resources: { NVIDIA-GPU: [GPU-3f9a1c2e] }
    addresses: [192.168.1.20/24]
network:
  address_pool: { subnets: [10.10.0.0/16] }
  overlays: { encrypted: true }
  engine_api: { port: 2376, host: \"swarm.example.org\", allowed_from: [10.61.0.0/16] }
storage:
  shared_paths: [/data]
  create_directories: [/srv]
registry: { address: registry.example.org, with_registry_auth: true }
";
    let compose = "
services:
  web:
    image: registry.example.org/web:1.0
    build: ./web
  cache:
    image: redis:7.4
";
    plan(site, compose, |t| {
        ingress_on_the_lan(t);
        let stack = &mut t.translation.stack;
        constrained(stack);
        reserves_a_gpu(stack);
        bind_mounts(stack);
        external_secret(stack);
        web(stack).volumes.push(Mount::Bind {
            source: "/data/it's here".to_owned(),
            target: "/d".to_owned(),
            read_only: false,
            bind: None,
        });
        let cache = stack
            .services
            .get_mut("cache")
            .expect("the project has `cache`");
        cache.deploy.get_or_insert_with(Default::default).placement = Some(Placement {
            constraints: vec!["node.labels.swarmc.volume.cache == true".to_owned()],
            ..Placement::default()
        });
    })
}

#[test]
fn a_plan_can_hold_every_step() {
    let names = names(&every_step());
    assert_eq!(names.len(), 11, "{names:?}");
}

#[test]
fn every_step_renders_in_both_formats() {
    let plan = every_step();
    let markdown = render(&plan, Format::Markdown).expect("markdown renders");
    for step in &plan.steps {
        assert!(
            markdown.contains(&format!(". {}\n", step.title)),
            "{}",
            step.title
        );
    }
    let shell = render(&plan, Format::Shell).expect("the shell plan renders");
    assert!(shell.contains("'/data/it'\\''s here'"), "{shell}");
    check_shell(&shell, "every_step_renders_in_both_formats");
}

/// Runs `bash -n` and, when it is installed, shellcheck on a script.
pub(crate) fn check_shell(script: &str, test: &str) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plan.sh");
    std::fs::write(&path, script).expect("the script is written");
    let bash = Command::new("bash").arg("-n").arg(&path).output();
    if let Ok(out) = bash {
        assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    match Command::new("shellcheck").arg(&path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "shellcheck:\n{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: shellcheck not found");
        }
    }
}
