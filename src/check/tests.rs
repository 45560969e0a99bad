//! Checks run on small sites and projects read through the real pipeline. Until every
//! translation pass exists, a case finishes the stack by hand (replicas, a
//! reservation, a constraint, a port, a mount) the way the pass will write it, so that
//! each check is tested on the stack it reads.

use std::path::{Path, PathBuf};

use super::*;
use crate::compile::{CompileOptions, TranslatedProject, translate_project};
use crate::fs::MemoryFs;
use crate::swarm::{
    Deploy, DiscreteResourceSpec, GenericResource, Ipam, IpamPool, Memory, Mount, Placement, Port,
    PortMode, Reservations, Resources, UpdateConfig, UpdateOrder,
};

const MIB: u64 = 1 << 20;

/// What a case does to the translated stack.
type Tweak<'t> = &'t dyn Fn(&mut swarm::Stack);

struct Run {
    diagnostics: Vec<(String, String)>,
    /// Every finding's notes, in order.
    notes: Vec<String>,
    summary: String,
    tried: usize,
}

impl Run {
    fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|(c, _)| c.as_str()).collect()
    }

    fn message(&self, code: &str) -> &str {
        self.diagnostics
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, m)| m.as_str())
    }
}

/// Reads `compose` for `site` (both YAML), applies `tweak` to the stack, checks it and
/// returns the check findings only (not translation's), as `(code, message)`.
fn run(site: &str, compose: &str, files: &[(&str, &[u8])], tweak: Tweak<'_>) -> Run {
    run_on(site, compose, files, tweak, &crate::state::State::default())
}

/// [`run`] on a swarm that already runs `state`.
fn run_on(
    site: &str,
    compose: &str,
    files: &[(&str, &[u8])],
    tweak: Tweak<'_>,
    state: &crate::state::State,
) -> Run {
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", compose.as_bytes().to_vec());
    fs.insert("/p/site.yaml", site.as_bytes().to_vec());
    for (path, bytes) in files {
        fs.insert(Path::new("/p").join(path), bytes.to_vec());
    }
    let options = CompileOptions {
        files: vec![PathBuf::from("compose.yaml")],
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        site: Some(PathBuf::from("site.yaml")),
        ..CompileOptions::default()
    };
    let analysis = translate_project(&options, &fs, &[]);
    let errors: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(
        errors.is_empty(),
        "the case does not read cleanly: {errors:?}"
    );
    let Some(mut translated): Option<TranslatedProject> = analysis.translated else {
        panic!("no translation");
    };
    tweak(&mut translated.translation.stack);
    // Objects added by hand are located where a pass would record them: here, at the
    // first service, for want of their own text.
    let translation = &mut translated.translation;
    let first = translation.stack.services.keys().next().and_then(|name| {
        translation
            .origins
            .get(&crate::translate::Origin::service(name))
    });
    if let Some(span) = first {
        let stack = &translation.stack;
        let objects = (stack.networks.keys().map(|n| ("networks", n)))
            .chain(stack.secrets.keys().map(|n| ("secrets", n)))
            .chain(stack.configs.keys().map(|n| ("configs", n)));
        for (section, name) in objects {
            translation
                .origins
                .record(crate::translate::Origin::object(section, name), span);
        }
    }
    let input = Input {
        stack: &translated.translation.stack,
        origins: &translated.translation.origins,
        site: &translated.site,
        state,
    };
    let cx = Cx::new(input);
    let mut found = Diagnostics::new();
    check(&cx, &mut found);
    for d in found.iter() {
        assert!(
            d.primary.is_some(),
            "`{}` has no primary label: {}",
            d.code(),
            d.message
        );
    }
    Run {
        diagnostics: found
            .iter()
            .map(|d| (d.code().to_owned(), d.message.clone()))
            .collect(),
        notes: found.iter().flat_map(|d| d.notes.clone()).collect(),
        summary: summary(&cx),
        tried: cx.orders.tried,
    }
}

fn service<'s>(stack: &'s mut swarm::Stack, name: &str) -> &'s mut swarm::Service {
    match stack.services.get_mut(name) {
        Some(s) => s,
        None => panic!("the project has no `{name}`"),
    }
}

fn deploy<'s>(stack: &'s mut swarm::Stack, name: &str) -> &'s mut Deploy {
    service(stack, name)
        .deploy
        .get_or_insert_with(Default::default)
}

fn replicas(stack: &mut swarm::Stack, name: &str, n: u64) {
    deploy(stack, name).replicas = Some(n);
}

fn reserve_memory(stack: &mut swarm::Stack, name: &str, bytes: u64) {
    deploy(stack, name).resources = Some(Resources {
        limits: None,
        reservations: Some(Reservations {
            memory: Some(Memory::from_bytes(bytes)),
            ..Reservations::default()
        }),
    });
}

fn constrain(stack: &mut swarm::Stack, name: &str, constraint: &str) {
    deploy(stack, name)
        .placement
        .get_or_insert_with(Placement::default)
        .constraints
        .push(constraint.to_owned());
}

fn publish(stack: &mut swarm::Stack, name: &str, published: u16, mode: Option<PortMode>) {
    service(stack, name).ports.push(Port {
        target: 80,
        published: Some(published),
        protocol: None,
        mode,
    });
}

fn subnet(stack: &mut swarm::Stack, network: &str, cidr: &str) {
    let Ok(net) = cidr.parse() else {
        panic!("bad subnet `{cidr}`");
    };
    stack.networks.entry(network.to_owned()).or_default().ipam = Some(Ipam {
        driver: None,
        config: vec![IpamPool { subnet: net }],
    });
}

const TWO_SERVICES: &str =
    "services:\n  cache:\n    image: redis:7\n  db:\n    image: postgres:16\n";
const ONE_SERVICE: &str = "services:\n  web:\n    image: nginx:1.27\n";

/// Two nodes of 2 GiB and one drained.
const SMALL: &str = "
name: small
nodes:
  - { hostname: db-1, role: manager, memory: 2GiB, cpus: 2 }
  - { hostname: web-1, memory: 2GiB, cpus: 2 }
  - { hostname: spare, availability: drain, memory: 8GiB, cpus: 8 }
";

#[test]
fn tasks_no_node_can_take_get_swarmkits_error_and_the_closest_node() {
    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 3);
        reserve_memory(stack, "web", 1536 * MIB);
    });
    assert_eq!(found.codes(), ["SW501"]);
    assert_eq!(
        found.message("SW501"),
        "1 task of service `web` cannot be placed: no suitable node (insufficient resources on 2 nodes; 1 node not available for new tasks)"
    );
    assert!(
        found
            .summary
            .contains("  web: 2 of 3 tasks placed: 1 on db-1, 1 on web-1\n"),
        "{}",
        found.summary
    );
    assert!(
        found
            .summary
            .contains("closest: node `db-1` needs 1 GiB more memory"),
        "{}",
        found.summary
    );
}

#[test]
fn a_stack_that_fits_in_some_orders_only_is_a_warning_naming_a_failing_order() {
    // `cache` may run anywhere; placed first, it takes `db-1` (fewest tasks, then
    // hostname), and `db`, pinned there, finds no room. Placed after `db`, it goes
    // to `web-1`.
    let found = run(SMALL, TWO_SERVICES, &[], &|stack| {
        reserve_memory(stack, "cache", 1536 * MIB);
        reserve_memory(stack, "db", 1536 * MIB);
        constrain(stack, "db", "node.hostname == db-1");
    });
    assert_eq!(found.codes(), ["SW503"]);
    assert_eq!(
        found.message("SW503"),
        "1 task of service `db` cannot be placed when swarm places the services in some orders"
    );
    assert!(found.tried >= 2);
    // The counts are those of one order, which the header names.
    assert!(
        found
            .summary
            .contains("service orders tried; counts for the order cache, db):\n"),
        "{}",
        found.summary
    );
    assert!(
        found.summary.contains(
            "    0 to 1 task pending, depending on the order swarm places services in and the nodes it picks\n      \
             fewest when placed: db, cache\n      most when placed: cache, db\n"
        ),
        "{}",
        found.summary
    );
    // `cache` may land on either node: swarm breaks the tie at random.
    assert!(
        found
            .summary
            .contains("  cache: 1 task on any of db-1, web-1 (swarm's choice)\n"),
        "{}",
        found.summary
    );
}

#[test]
fn a_service_that_fits_when_created_first_is_order_dependent_not_unschedulable() {
    // Two GPUs on one node. `detector` wants 3 tasks of 1 GPU, `big` 1 task of 2.
    // Created first, `big` takes both GPUs and `detector` gets none; created after
    // `detector`, `big` finds none left. Neither "cannot be placed whatever the
    // order": only `detector`'s third task, which no order places, is.
    let site = "
nodes:
  - { hostname: m1, role: manager }
  - hostname: gpu-1
    generic_resources: { NVIDIA-GPU: [GPU-a, GPU-b] }
";
    let gpus = |stack: &mut swarm::Stack, name: &str, count: u64| {
        deploy(stack, name).resources = Some(Resources {
            limits: None,
            reservations: Some(Reservations {
                generic_resources: vec![GenericResource {
                    discrete_resource_spec: DiscreteResourceSpec {
                        kind: "NVIDIA-GPU".into(),
                        value: count,
                    },
                }],
                ..Reservations::default()
            }),
        });
    };
    let compose = "services:\n  big:\n    image: x\n  detector:\n    image: x\n";
    let found = run(site, compose, &[], &|stack| {
        gpus(stack, "big", 2);
        gpus(stack, "detector", 1);
        replicas(stack, "detector", 3);
    });
    let mut codes = found.codes();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["SW501", "SW503", "SW503"],
        "{:?}",
        found.diagnostics
    );
    let messages: Vec<&str> = found.diagnostics.iter().map(|(_, m)| m.as_str()).collect();
    assert!(messages.contains(
        &"1 task of service `big` cannot be placed when swarm places the services in some orders"
    ));
    assert!(messages.contains(
        &"2 tasks of service `detector` cannot be placed when swarm places the services in some orders"
    ));
    assert_eq!(
        found.message("SW501"),
        "1 task of service `detector` cannot be placed: no suitable node (insufficient resources on 2 nodes)"
    );
}

#[test]
fn worst_cases_that_fit_are_not_simulated_in_other_orders() {
    let found = run(SMALL, TWO_SERVICES, &[], &|stack| {
        reserve_memory(stack, "cache", 256 * MIB);
        reserve_memory(stack, "db", 256 * MIB);
        replicas(stack, "cache", 2);
    });
    assert_eq!(found.codes(), Vec::<&str>::new());
    assert_eq!(found.tried, 1);
}

#[test]
fn constraints_no_node_satisfies_are_reported_instead_of_the_pending_tasks() {
    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        constrain(stack, "web", "node.platform.arch == amd64");
    });
    assert_eq!(found.codes(), ["SW504"]);
    assert_eq!(
        found.message("SW504"),
        "constraint `node.platform.arch == amd64` of service `web` matches no node of the site"
    );
    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        constrain(stack, "web", "node.hostname == db-2");
        constrain(stack, "web", "node.labels.zone == a");
    });
    assert_eq!(found.codes(), ["SW504", "SW504"]);
}

#[test]
fn constraints_swarm_cannot_parse_are_refused() {
    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        constrain(stack, "web", "node label==x");
    });
    assert_eq!(found.codes(), ["SW502"]);
    assert!(
        found
            .message("SW502")
            .ends_with("key 'node label' is invalid")
    );
}

#[test]
fn max_replicas_per_node_leaves_tasks_pending() {
    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 3);
        deploy(stack, "web").placement = Some(Placement {
            max_replicas_per_node: Some(1),
            ..Placement::default()
        });
    });
    assert_eq!(found.codes(), ["SW501"]);
    assert_eq!(
        found.message("SW501"),
        "1 task of service `web` cannot be placed: no suitable node (max replicas per node limit exceed; 1 node not available for new tasks)"
    );
}

#[test]
fn generic_resources_are_counted_per_node() {
    let site = "
nodes:
  - { hostname: m1, role: manager }
  - hostname: gpu-1
    generic_resources: { NVIDIA-GPU: [GPU-a, GPU-b] }
";
    let found = run(site, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 3);
        deploy(stack, "web").resources = Some(Resources {
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
    });
    assert_eq!(found.codes(), ["SW501"]);
    assert!(
        found
            .summary
            .contains("  web: 2 of 3 tasks placed: 2 on gpu-1\n"),
        "{}",
        found.summary
    );
}

#[test]
fn networks_without_room_for_the_tasks_are_reported() {
    let site = "nodes:\n  - { hostname: m1, role: manager }\n  - { hostname: w1 }\n";
    let found = run(site, ONE_SERVICE, &[], &|stack| replicas(stack, "web", 300));
    assert_eq!(found.codes(), ["SW505"]);
    assert_eq!(
        found.message("SW505"),
        "network `default` needs 303 addresses but its subnet holds 253 addresses"
    );
    let found = run(site, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 200);
        deploy(stack, "web").update_config = Some(UpdateConfig {
            order: Some(UpdateOrder::StartFirst),
            ..UpdateConfig::default()
        });
    });
    assert_eq!(found.codes(), ["SW506"]);
    let found = run(site, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 300);
        subnet(stack, "default", "10.10.0.0/16");
        publish(stack, "web", 8080, None);
    });
    assert_eq!(found.codes(), ["SW505"]);
    assert_eq!(
        found.message("SW505"),
        "the ingress network needs 303 addresses but its subnet `10.0.0.0/24` holds 253 addresses (the subnet docker gives it from the address pool)"
    );
}

#[test]
fn node_local_bind_mounts_need_constraints_that_keep_tasks_there() {
    let site = "
nodes:
  - { hostname: db-1, role: manager }
  - { hostname: web-1 }
storage:
  local_paths: { /srv/mongo: { node: db-1 } }
";
    let mount = |stack: &mut swarm::Stack| {
        service(stack, "web").volumes.push(Mount::Bind {
            source: "/srv/mongo/data".to_owned(),
            target: "/data/db".to_owned(),
            read_only: false,
            bind: None,
        });
    };
    let found = run(site, ONE_SERVICE, &[], &mount);
    assert_eq!(found.codes(), ["SW507"]);
    assert_eq!(
        found.message("SW507"),
        "service `web` bind-mounts `/srv/mongo/data`, which `web-1` lack, and its tasks may land there"
    );
    let found = run(site, ONE_SERVICE, &[], &|stack| {
        mount(stack);
        constrain(stack, "web", "node.hostname == db-1");
    });
    assert_eq!(found.codes(), Vec::<&str>::new());
}

#[test]
fn external_secrets_must_be_listed_by_the_site() {
    let site = format!("{SMALL}secrets:\n  known: {{ external: true }}\n");
    let found = run(&site, ONE_SERVICE, &[], &|stack| {
        for name in ["known", "unknown"] {
            stack.secrets.insert(
                name.to_owned(),
                swarm::Secret {
                    external: true,
                    ..swarm::Secret::default()
                },
            );
        }
    });
    assert_eq!(found.codes(), ["SW509"]);
    assert_eq!(
        found.message("SW509"),
        "external secret `unknown` is not listed in the site profile"
    );
}

#[test]
fn host_ports_conflict_with_ingress_ones_and_need_a_node_per_task() {
    let found = run(SMALL, TWO_SERVICES, &[], &|stack| {
        publish(stack, "cache", 8080, None);
        publish(stack, "db", 8080, Some(PortMode::Host));
    });
    assert_eq!(found.codes(), ["SW510"]);
    assert_eq!(
        found.message("SW510"),
        "port `8080/tcp` of service `db` is already published by service `cache` as an ingress port"
    );

    let found = run(SMALL, ONE_SERVICE, &[], &|stack| {
        replicas(stack, "web", 3);
        publish(stack, "web", 80, Some(PortMode::Host));
    });
    assert_eq!(found.codes(), ["SW511"]);
    assert_eq!(
        found.message("SW511"),
        "service `web` asks for 3 tasks publishing port `80/tcp` in host mode, but only 2 nodes can run them"
    );
}

#[test]
fn large_stacks_check_in_bounded_orders() {
    let mut compose = String::from("services:\n");
    for i in 0..300 {
        compose.push_str(&format!("  s{i:03}:\n    image: nginx:1.27\n"));
    }
    let found = run(SMALL, &compose, &[], &|stack| {
        let names: Vec<String> = stack.services.keys().cloned().collect();
        for name in names {
            reserve_memory(stack, &name, 64 * MIB);
        }
    });
    assert!(found.tried <= orders::MAX_ORDERS + 1);
}

/// Three 2-CPU nodes.
const LAB: &str = "
name: lab
nodes:
  - { hostname: lab1, role: manager, memory: 4GiB, cpus: 2 }
  - { hostname: lab2, memory: 4GiB, cpus: 2 }
  - { hostname: lab3, memory: 4GiB, cpus: 2 }
";

const BIG: &str = "services:\n  big:\n    image: busybox:1.36\n    deploy:\n      replicas: 4\n      resources:\n        reservations:\n          cpus: '1.5'\n";

fn holding(node: &str, service: &str, nano_cpus: u64) -> crate::schedule::RunningTask {
    crate::schedule::RunningTask {
        service: service.into(),
        node: node.into(),
        reservations: crate::schedule::Reservations {
            nano_cpus,
            ..Default::default()
        },
        host_ports: Vec::new(),
    }
}

#[test]
fn tasks_other_stacks_run_hold_their_room_and_are_named() {
    let empty = run(LAB, BIG, &[], &|_| {});
    assert!(
        empty
            .message("SW501")
            .starts_with("1 task of service `big`"),
        "{:?}",
        empty.diagnostics
    );
    let state = crate::state::State {
        running: vec![holding("lab1", "other_big", 1_500_000_000)],
        ..Default::default()
    };
    let busy = run_on(LAB, BIG, &[], &|_| {}, &state);
    assert_eq!(busy.codes(), ["SW501"]);
    assert!(
        busy.message("SW501")
            .starts_with("2 tasks of service `big` cannot be placed: no suitable node"),
        "{}",
        busy.message("SW501")
    );
    assert!(
        busy.notes
            .contains(&"`lab1` has 0.5 free CPUs: `other_big` reserves 1.5".to_owned()),
        "{:?}",
        busy.notes
    );
    assert!(
        busy.summary
            .starts_with("placement on site `lab` (3 nodes, after 1 running task of other stacks"),
        "{}",
        busy.summary
    );
    assert!(
        busy.summary.contains("  big: 2 of 4 tasks placed"),
        "{}",
        busy.summary
    );
    // Held on `lab2`, which is not the node that came closest (`lab1`, by hostname,
    // which the stack's own task fills): the holder is named all the same.
    let state = crate::state::State {
        running: vec![holding("lab2", "other_big", 1_500_000_000)],
        ..Default::default()
    };
    let busy = run_on(LAB, BIG, &[], &|_| {}, &state);
    assert_eq!(
        busy.notes,
        [
            "closest: node `lab1` needs 1 more CPU",
            "`lab2` has 0.5 free CPUs: `other_big` reserves 1.5",
        ],
    );
}

#[test]
fn every_order_and_tie_starts_from_the_running_tasks() {
    // Two services that compete for CPUs: on an empty swarm both fit; with `lab1`
    // and `lab2` full, only the one placed first fits, on `lab3`, in every order and
    // tie-break tried.
    let compose = "services:\n  a:\n    image: busybox:1.36\n    deploy:\n      resources:\n        reservations:\n          cpus: '1.5'\n  b:\n    image: busybox:1.36\n    deploy:\n      resources:\n        reservations:\n          cpus: '1.5'\n";
    let state = crate::state::State {
        running: vec![
            holding("lab1", "x", 1_000_000_000),
            holding("lab1", "x", 1_000_000_000),
            holding("lab2", "y", 2_000_000_000),
        ],
        ..Default::default()
    };
    let found = run_on(LAB, compose, &[], &|_| {}, &state);
    assert!(found.tried >= 2, "{}", found.summary);
    assert_eq!(found.codes(), ["SW503", "SW503"], "{:?}", found.diagnostics);
    assert!(
        found
            .notes
            .contains(&"fails when swarm places `a`, then `b`".to_owned()),
        "{:?}",
        found.notes
    );
    assert!(run(LAB, compose, &[], &|_| {}).codes().is_empty());
}

#[test]
fn subnets_other_stacks_hold_are_taken() {
    let compose = "services:\n  web:\n    image: nginx:1.27\n    networks: [backend]\nnetworks:\n  backend:\n    ipam:\n      config:\n        - subnet: 10.20.1.0/24\n";
    let held = |key: &str, subnet: &str, stack: &str| crate::site::import::TakenSubnet {
        key: key.into(),
        subnet: crate::site::Subnet::parse(subnet).unwrap(),
        stack: Some(stack.into()),
    };
    let state = crate::state::State {
        taken_subnets: vec![
            held("monitoring_default", "10.20.0.0/16", "monitoring"),
            held("other_net", "10.30.0.0/24", "other"),
        ],
        ..Default::default()
    };
    let found = run_on(LAB, compose, &[], &|_| {}, &state);
    assert_eq!(found.codes(), ["SW550"], "{:?}", found.diagnostics);
    assert_eq!(
        found.message("SW550"),
        "subnet `10.20.1.0/24` of network `backend` overlaps `10.20.0.0/16`, which network `monitoring_default` of stack `monitoring` holds on the swarm"
    );
    assert!(run(LAB, compose, &[], &|_| {}).codes().is_empty());
}
