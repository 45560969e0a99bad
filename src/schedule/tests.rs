//! Whole simulations worked out by hand. Each test states what SwarmKit does, step
//! by step where the order of pipeline calls matters for the error.

use super::*;

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

fn node(hostname: &str) -> Node {
    Node::new(hostname)
}

fn node_with_memory(hostname: &str, memory_bytes: u64) -> Node {
    Node {
        memory_bytes,
        ..Node::new(hostname)
    }
}

fn labelled(hostname: &str, label: &str, value: &str) -> Node {
    let mut n = Node::new(hostname);
    n.labels.insert(label.to_owned(), value.to_owned());
    n
}

fn replicated(name: &str, replicas: u64) -> ServiceSpec {
    ServiceSpec::new(name, Mode::Replicated { replicas })
}

fn reserving(name: &str, replicas: u64, memory_bytes: u64) -> ServiceSpec {
    let mut s = replicated(name, replicas);
    s.reservations.memory_bytes = memory_bytes;
    s
}

fn outcome<'a>(simulation: &'a Simulation, name: &str) -> &'a ServiceOutcome {
    match simulation.service(name) {
        Some(s) => s,
        None => panic!("no outcome for `{name}`"),
    }
}

fn placed(simulation: &Simulation, name: &str) -> Vec<(String, u64)> {
    outcome(simulation, name)
        .placed
        .iter()
        .map(|(n, c)| (n.clone(), *c))
        .collect()
}

fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect()
}

/// The single pending entry of a service, as (tasks, error, closest node message).
fn pending(simulation: &Simulation, name: &str) -> (u64, String, Option<String>) {
    let service = outcome(simulation, name);
    match service.pending.as_slice() {
        [p] => (
            p.tasks,
            p.error.clone(),
            p.closest.as_ref().map(ToString::to_string),
        ),
        other => panic!("expected one pending entry for `{name}`, got {other:?}"),
    }
}

#[test]
fn equal_nodes_take_tasks_round_robin_by_hostname() {
    // Three empty nodes rank equal; ties go by hostname, and after each task the
    // next node ranks strictly better (fewer tasks of the service), so 5 tasks go
    // a, b, c, a, b.
    let nodes = [node("c"), node("a"), node("b")];
    let sim = simulate(&nodes, &[replicated("web", 5)]);
    assert_eq!(placed(&sim, "web"), counts(&[("a", 2), ("b", 2), ("c", 1)]));
    assert_eq!(sim.pending_tasks(), 0);
}

#[test]
fn fewer_tasks_overall_breaks_ties_between_services() {
    // `logs` (global, pinned to n1) puts one task on n1 first. `web` then ranks
    // n2 (0 web, 0 in all) before n1 (0 web, 1 in all): n2, n1, then round robin
    // back to n2.
    let mut logs = ServiceSpec::new("logs", Mode::Global);
    logs.constraints = vec!["node.hostname==n1".into()];
    let nodes = [node("n1"), node("n2")];
    let sim = simulate(&nodes, &[replicated("web", 3), logs]);
    assert_eq!(placed(&sim, "logs"), counts(&[("n1", 1)]));
    assert_eq!(placed(&sim, "web"), counts(&[("n1", 1), ("n2", 2)]));
}

#[test]
fn spread_divides_by_label_value_not_capacity() {
    // zone a has two nodes, zone b one, x1 has no zone (the "" branch). 7 tasks
    // over 3 branches: 2 each, remainder 1 to the first branch by value, "".
    // "" → x1 takes 3; a → a1, a2 one each; b → b1 takes 2.
    let nodes = [
        labelled("a1", "zone", "a"),
        labelled("a2", "zone", "a"),
        labelled("b1", "zone", "b"),
        node("x1"),
    ];
    let mut web = replicated("web", 7);
    web.spread = vec!["node.labels.zone".into()];
    let sim = simulate(&nodes, &[web]);
    assert_eq!(
        placed(&sim, "web"),
        counts(&[("a1", 1), ("a2", 1), ("b1", 2), ("x1", 3)])
    );
}

#[test]
fn spread_ignores_descriptors_other_than_labels() {
    // `node.hostname` makes no level, so this is a plain round robin.
    let nodes = [labelled("a1", "zone", "a"), labelled("b1", "zone", "b")];
    let mut web = replicated("web", 2);
    web.spread = vec!["node.hostname".into()];
    let sim = simulate(&nodes, &[web]);
    assert_eq!(placed(&sim, "web"), counts(&[("a1", 1), ("b1", 1)]));
}

#[test]
fn spread_branch_without_room_passes_its_share_on() {
    // 8 tasks of 1 GiB; zone a is a1 (1 GiB), zone b is b1 and b2 (3 GiB each).
    // Round 1: 4 per branch. a1 takes 1 and then fails resources: branch a has
    // no room. Branch b takes 4: b1, b2, b1, b2. Placed 5.
    // Round 2: 3 left for the one usable branch. b is used again, so its nodes are
    // re-checked (both pass), then b1 (2 tasks, tie → hostname) takes 1, b2 takes
    // 1, b1 fails resources, b2 fails resources: 2 of 3, b has no room either.
    // 1 task stays pending. SwarmKit tries it again on its next pass, where no node
    // fits, so every node is counted: 3. Every node lacks exactly 1 GiB; a1 is first
    // by name.
    let mut a1 = node_with_memory("a1", GIB);
    a1.labels.insert("zone".into(), "a".into());
    let mut b1 = node_with_memory("b1", 3 * GIB);
    b1.labels.insert("zone".into(), "b".into());
    let mut b2 = node_with_memory("b2", 3 * GIB);
    b2.labels.insert("zone".into(), "b".into());
    let mut web = reserving("web", 8, GIB);
    web.spread = vec!["node.labels.zone".into()];
    let sim = simulate(&[a1, b1, b2], &[web]);
    assert_eq!(
        placed(&sim, "web"),
        counts(&[("a1", 1), ("b1", 3), ("b2", 3)])
    );
    assert_eq!(
        pending(&sim, "web"),
        (
            1,
            "no suitable node (insufficient resources on 3 nodes)".to_owned(),
            Some("node `a1` needs 1 GiB more memory".to_owned())
        )
    );
}

#[test]
fn spread_second_round_fills_one_node_while_it_ties() {
    // As above but b1 and b2 have 8 GiB and 6 tasks are asked: round 1 gives a1
    // 1 (no room), b1 2 and b2 1. Round 2: 2 tasks for b; re-sorted b2 (1 task)
    // before b1 (2); b2 takes one and now ties with b1, and the first pass only
    // moves on to a strictly better node, so b2 takes the second one too.
    let mut a1 = node_with_memory("a1", GIB);
    a1.labels.insert("zone".into(), "a".into());
    let mut b1 = node_with_memory("b1", 8 * GIB);
    b1.labels.insert("zone".into(), "b".into());
    let mut b2 = node_with_memory("b2", 8 * GIB);
    b2.labels.insert("zone".into(), "b".into());
    let mut web = reserving("web", 6, GIB);
    web.spread = vec!["node.labels.zone".into()];
    let sim = simulate(&[a1, b1, b2], &[web]);
    assert_eq!(
        placed(&sim, "web"),
        counts(&[("a1", 1), ("b1", 2), ("b2", 3)])
    );
    assert_eq!(sim.pending_tasks(), 0);
}

#[test]
fn spread_over_two_levels_with_a_small_zone() {
    // Zones then racks. Tasks reserve 200 MiB and 2 `fpga`.
    //   zone a, rack 1: tiny (100 MiB, 1 fpga: never fits), big (1000 MiB, 10 fpga: 5 tasks)
    //   zone b, rack 1: b1, b2, b3; zone b, rack 2: b4, b5 (1000 MiB, 6 fpga: 3 tasks each)
    // 12 tasks: 6 per zone. Zone a has one rack, whose leaf only holds `big`
    // (tiny fails resources): big takes 5, then fails; rack and zone a have no
    // room. Zone b: 3 per rack: b1, b2, b3 one each; b4 two, b5 one. 11 placed.
    // Round 2: 1 task for zone b; its racks share it 0 each with remainder 1, which
    // goes to rack 1, re-checked and re-sorted: b1 (tie, by name).
    let fpga = |count| GenericResource::Discrete {
        kind: "fpga".into(),
        count,
    };
    let node = |name: &str, zone: &str, rack: &str, memory: u64, fpgas: u64| {
        let mut n = node_with_memory(name, memory * MIB);
        n.labels.insert("zone".into(), zone.into());
        n.labels.insert("rack".into(), rack.into());
        n.generic = vec![fpga(fpgas)];
        n
    };
    let nodes = [
        node("tiny", "a", "1", 100, 1),
        node("big", "a", "1", 1000, 10),
        node("b1", "b", "1", 1000, 6),
        node("b2", "b", "1", 1000, 6),
        node("b3", "b", "1", 1000, 6),
        node("b4", "b", "2", 1000, 6),
        node("b5", "b", "2", 1000, 6),
    ];
    let mut job = reserving("job", 12, 200 * MIB);
    job.reservations.generic = vec![GenericRequest {
        kind: "fpga".into(),
        count: 2,
    }];
    job.spread = vec!["node.labels.zone".into(), "node.labels.rack".into()];
    let sim = simulate(&nodes, &[job]);
    assert_eq!(
        placed(&sim, "job"),
        counts(&[
            ("b1", 2),
            ("b2", 1),
            ("b3", 1),
            ("b4", 2),
            ("b5", 1),
            ("big", 5)
        ])
    );
    assert_eq!(sim.pending_tasks(), 0);
}

#[test]
fn gpus_run_out() {
    // gpu-1 has 2 GPUs, gpu-2 has 1, web-1 none; 4 tasks want 1 GPU each.
    // Tree: gpu-1 and gpu-2 fit; web-1 fails resources (count 1). Placement:
    // gpu-1, gpu-2 (pass, counts reset), gpu-1 (pass, reset); then gpu-2 and
    // gpu-1 fail resources. SwarmKit's next pass tries the last task again: no node
    // fits, and web-1, without GPUs, counts too: "insufficient resources on 3 nodes",
    // as a real swarm says.
    // Closest: gpu-1 and gpu-2 each have the GPU, held by the tasks placed; web-1
    // has none at all, so it is farther. gpu-1 wins by name.
    let gpus = |n: usize| GenericResource::Named {
        kind: "NVIDIA-GPU".into(),
        values: (0..n).map(|i| format!("GPU-{i}")).collect(),
    };
    let mut gpu1 = node("gpu-1");
    gpu1.generic = vec![gpus(2)];
    let mut gpu2 = node("gpu-2");
    gpu2.generic = vec![gpus(1)];
    let mut train = replicated("train", 4);
    train.reservations.generic = vec![GenericRequest {
        kind: "NVIDIA-GPU".into(),
        count: 1,
    }];
    let sim = simulate(&[gpu1, gpu2, node("web-1")], &[train]);
    assert_eq!(placed(&sim, "train"), counts(&[("gpu-1", 2), ("gpu-2", 1)]));
    assert_eq!(
        pending(&sim, "train"),
        (
            1,
            "no suitable node (insufficient resources on 3 nodes)".to_owned(),
            Some("node `gpu-1` has 1 `NVIDIA-GPU` held by other tasks".to_owned())
        )
    );
}

#[test]
fn max_replicas_per_node_caps_each_node() {
    // 7 tasks, at most 2 per node, 3 nodes: round robin places 6; then n1, n2
    // and n3 fail the limit in turn. The limit's explanation carries no count.
    let mut web = replicated("web", 7);
    web.max_replicas_per_node = 2;
    let sim = simulate(&[node("n1"), node("n2"), node("n3")], &[web]);
    assert_eq!(
        placed(&sim, "web"),
        counts(&[("n1", 2), ("n2", 2), ("n3", 2)])
    );
    assert_eq!(
        pending(&sim, "web"),
        (
            1,
            "no suitable node (max replicas per node limit exceed)".to_owned(),
            Some(
                "node `n1` already runs 2 tasks of the service, the most `max_replicas_per_node` allows"
                    .to_owned()
            )
        )
    );
}

#[test]
fn host_mode_ports_allow_one_task_per_node() {
    // 3 tasks publishing 8080/tcp in host mode on 2 nodes: n1, n2, then both
    // nodes have the port in use.
    let mut web = replicated("web", 3);
    web.host_ports = vec![HostPort {
        protocol: Protocol::Tcp,
        port: 8080,
    }];
    let sim = simulate(&[node("n1"), node("n2")], &[web]);
    assert_eq!(placed(&sim, "web"), counts(&[("n1", 1), ("n2", 1)]));
    assert_eq!(
        pending(&sim, "web"),
        (
            1,
            "no suitable node (host-mode port already in use on 2 nodes)".to_owned(),
            Some("node `n1` already publishes port `8080/tcp` in host mode".to_owned())
        )
    );
}

#[test]
fn host_mode_ports_conflict_across_services() {
    // The global `proxy` is confirmed first and takes 80/tcp on every node; `web`
    // wants 80/tcp too. No node fits, the leaf never fills, so every node goes
    // through the pipeline: 3 failures. A different protocol does not clash.
    let port = |protocol| HostPort { protocol, port: 80 };
    let mut proxy = ServiceSpec::new("proxy", Mode::Global);
    proxy.host_ports = vec![port(Protocol::Tcp)];
    let mut web = replicated("web", 2);
    web.host_ports = vec![port(Protocol::Tcp)];
    let mut dns = replicated("dns", 1);
    dns.host_ports = vec![port(Protocol::Udp)];
    let nodes = [node("n1"), node("n2"), node("n3")];
    let sim = simulate(&nodes, &[web, proxy, dns]);
    assert_eq!(outcome(&sim, "proxy").placed_tasks(), 3);
    assert_eq!(
        pending(&sim, "web").1,
        "no suitable node (host-mode port already in use on 3 nodes)"
    );
    assert_eq!(outcome(&sim, "dns").placed_tasks(), 1);
}

#[test]
fn drained_node_takes_nothing() {
    // n1 is drained with room to spare, n2 and n3 have 1 GiB; 3 tasks of 1 GiB.
    // Tree: n2, n3 fit; n1 fails readiness (count 1). n2 takes one; n3 passes
    // (counts reset) and takes one; then n2 and n3 fail resources. On SwarmKit's
    // next pass no node fits, so the drained node is counted again. Closest: n2 and n3 break no placement rule and
    // only lack memory (n2 by name); n1 breaks one, being drained.
    let mut n1 = node_with_memory("n1", 4 * GIB);
    n1.availability = Availability::Drain;
    let nodes = [n1, node_with_memory("n2", GIB), node_with_memory("n3", GIB)];
    let sim = simulate(&nodes, &[reserving("db", 3, GIB)]);
    assert_eq!(placed(&sim, "db"), counts(&[("n2", 1), ("n3", 1)]));
    assert_eq!(
        pending(&sim, "db"),
        (
            1,
            "no suitable node (insufficient resources on 2 nodes; 1 node not available for new tasks)"
                .to_owned(),
            Some("node `n2` needs 1 GiB more memory".to_owned())
        )
    );
}

#[test]
fn unavailable_nodes_are_counted_when_nothing_fits() {
    // d1, d2 down; w1, w2 lack the label; db1 has it but only 512 MiB. No node
    // fits, so all five go through the pipeline, each stopping at its first
    // failing filter: readiness 2, resources 1 (db1), constraints 2 (w1, w2 have
    // the memory). Sorted by count, ties in pipeline order.
    let mut d1 = node_with_memory("d1", 4 * GIB);
    d1.state = NodeState::Down;
    let mut d2 = node_with_memory("d2", 4 * GIB);
    d2.state = NodeState::Down;
    let mut db1 = node_with_memory("db1", 512 * MIB);
    db1.labels.insert("tier".into(), "db".into());
    let nodes = [
        d1,
        d2,
        node_with_memory("w1", 4 * GIB),
        node_with_memory("w2", 4 * GIB),
        db1,
    ];
    let mut db = reserving("db", 1, GIB);
    db.constraints = vec!["node.labels.tier==db".into()];
    let sim = simulate(&nodes, &[db]);
    assert_eq!(
        pending(&sim, "db"),
        (
            1,
            "no suitable node (2 nodes not available for new tasks; \
             scheduling constraints not satisfied on 2 nodes; insufficient resources on 1 node)"
                .to_owned(),
            Some("node `db1` needs 512 MiB more memory".to_owned())
        )
    );
}

#[test]
fn earlier_failures_count_only_after_the_last_fit() {
    // One node fits with room for one task; two fail constraints. Nodes that fit
    // are visited first, so both constraint failures are counted after the only
    // pass; then the fitting node fails resources once.
    let mut db1 = node_with_memory("db1", GIB);
    db1.labels.insert("tier".into(), "db".into());
    let nodes = [
        node_with_memory("a", 8 * GIB),
        node_with_memory("b", 8 * GIB),
        db1,
    ];
    let mut db = reserving("db", 3, GIB);
    db.constraints = vec!["node.labels.tier==db".into()];
    let sim = simulate(&nodes, &[db]);
    assert_eq!(placed(&sim, "db"), counts(&[("db1", 1)]));
    assert_eq!(
        pending(&sim, "db"),
        (
            2,
            "no suitable node (scheduling constraints not satisfied on 2 nodes; \
             insufficient resources on 1 node)"
                .to_owned(),
            Some("node `db1` needs 1 GiB more memory".to_owned())
        )
    );
}

#[test]
fn invalid_constraints_reject_the_service() {
    let mut web = replicated("web", 2);
    web.constraints = vec!["node.role=manager".into()];
    let sim = simulate(&[node("n1")], &[web]);
    let web = outcome(&sim, "web");
    assert_eq!(
        web.rejected.as_ref().map(ToString::to_string).as_deref(),
        Some("constraint expected one operator from ==, !=")
    );
    assert_eq!(
        (web.tasks, web.placed_tasks(), web.pending_tasks()),
        (0, 0, 0)
    );
}

#[test]
fn unknown_constraint_key_matches_no_node() {
    let mut web = replicated("web", 1);
    web.constraints = vec!["node.name==n1".into()];
    let sim = simulate(&[node("n1"), node("n2")], &[web]);
    assert_eq!(
        pending(&sim, "web"),
        (
            1,
            "no suitable node (scheduling constraints not satisfied on 2 nodes)".to_owned(),
            Some("node `n1` does not satisfy `node.name==n1`".to_owned())
        )
    );
}

#[test]
fn global_service_on_a_mismatched_platform() {
    // The orchestrator ignores platforms, so both nodes get a task; the scheduler
    // confirms the arm64 one and leaves the x86_64 one pending with the bare
    // explanation, as it does for every task created for a node.
    let arm = Node {
        platform: Platform::new("linux", "aarch64"),
        ..node("arm")
    };
    let mut exporter = ServiceSpec::new("exporter", Mode::Global);
    exporter.platforms = vec![Platform::new("linux", "arm64")];
    let sim = simulate(&[node("amd"), arm], &[exporter]);
    let exporter = outcome(&sim, "exporter");
    assert_eq!(exporter.tasks, 2);
    assert_eq!(placed(&sim, "exporter"), counts(&[("arm", 1)]));
    assert_eq!(
        exporter.pending,
        vec![Pending {
            tasks: 1,
            node: Some("amd".into()),
            error: "unsupported platform on 1 node".into(),
            closest: Some(Shortfall {
                node_id: "amd".into(),
                hostname: "amd".into(),
                reasons: vec![Reason::Platform {
                    node: Platform::new("linux", "x86_64"),
                    supported: vec![Platform::new("linux", "arm64")],
                }],
            }),
            held: Vec::new(),
        }]
    );
}

#[test]
fn global_services_skip_drained_down_paused_and_unmatched_nodes() {
    // Only `ok` gets a task: the others are drained, down, paused, or fail the
    // constraint. A global job wants the same nodes in this model.
    let drained = Node {
        availability: Availability::Drain,
        ..node("drained")
    };
    let down = Node {
        state: NodeState::Down,
        ..node("down")
    };
    let paused = Node {
        availability: Availability::Pause,
        ..node("paused")
    };
    let manager = Node {
        role: Role::Manager,
        ..node("manager")
    };
    let nodes = [drained, down, paused, manager, node("ok")];
    let mut logs = ServiceSpec::new("logs", Mode::Global);
    logs.constraints = vec!["node.role==worker".into()];
    let mut migrate = ServiceSpec::new("migrate", Mode::GlobalJob);
    migrate.constraints = vec!["node.role!=manager".into()];
    let sim = simulate(&nodes, &[logs, migrate]);
    assert_eq!(placed(&sim, "logs"), counts(&[("ok", 1)]));
    assert_eq!(placed(&sim, "migrate"), counts(&[("ok", 1)]));
}

#[test]
fn global_task_that_does_not_fit_reports_the_bare_explanation() {
    // 1 GiB node, global service reserving 2 GiB: "insufficient resources on 1
    // node", without "no suitable node".
    let mut big = ServiceSpec::new("big", Mode::Global);
    big.reservations.memory_bytes = 2 * GIB;
    let sim = simulate(&[node_with_memory("n1", GIB)], &[big]);
    let big = outcome(&sim, "big");
    assert_eq!(
        big.pending.first().map(|p| p.error.as_str()),
        Some("insufficient resources on 1 node")
    );
    assert_eq!(
        big.pending
            .first()
            .and_then(|p| p.closest.as_ref())
            .map(ToString::to_string)
            .as_deref(),
        Some("node `n1` needs 1 GiB more memory")
    );
}

#[test]
fn replicated_jobs_start_max_concurrent_tasks() {
    // 5 completions, 2 at a time: 2 tasks now, 3 later. Without values, docker's
    // defaults make it one task for one completion.
    let job = ServiceSpec::new(
        "batch",
        Mode::ReplicatedJob {
            max_concurrent: Some(2),
            total_completions: Some(5),
        },
    );
    let once = ServiceSpec::new(
        "once",
        Mode::ReplicatedJob {
            max_concurrent: None,
            total_completions: None,
        },
    );
    let sim = simulate(&[node("n1"), node("n2")], &[job, once]);
    let batch = outcome(&sim, "batch");
    assert_eq!((batch.tasks, batch.deferred), (2, 3));
    assert_eq!(placed(&sim, "batch"), counts(&[("n1", 1), ("n2", 1)]));
    let once = outcome(&sim, "once");
    assert_eq!((once.tasks, once.deferred, once.placed_tasks()), (1, 0, 1));
}

#[test]
fn missing_network_plugin() {
    // n1 reports only the built-in network drivers; n2 reports no engine
    // description at all, so SwarmKit does not check its plugins.
    let mut n1 = node("n1");
    n1.plugins = Some(vec![
        Plugin::new(PluginKind::Network, "overlay"),
        Plugin::new(PluginKind::Log, "json-file"),
    ]);
    let mut web = replicated("web", 2);
    web.network_drivers = vec!["weaveworks/net-plugin".into()];
    web.max_replicas_per_node = 1;
    let sim = simulate(&[n1, node("n2")], &[web]);
    assert_eq!(placed(&sim, "web"), counts(&[("n2", 1)]));
    assert_eq!(
        pending(&sim, "web"),
        (
            1,
            "no suitable node (missing plugin on 1 node; max replicas per node limit exceed)"
                .to_owned(),
            Some("node `n1` lacks the network plugin `weaveworks/net-plugin`".to_owned())
        )
    );
}

#[test]
fn no_nodes_gives_the_bare_error() {
    let sim = simulate(&[], &[replicated("web", 1)]);
    assert_eq!(
        pending(&sim, "web"),
        (1, "no suitable node".to_owned(), None)
    );
}

#[test]
fn huge_replica_counts_are_cut_short() {
    let sim = simulate(&[node("n1")], &[replicated("web", u64::MAX)]);
    let web = outcome(&sim, "web");
    assert_eq!(web.placed_tasks(), MAX_SIMULATED_TASKS);
    assert_eq!(web.not_simulated, u64::MAX - MAX_SIMULATED_TASKS);
}

/// moby#24103: A and B reserve 750 MiB, C 1500 MiB and is pinned to n1; n1 and
/// n2 have 2 GiB each.
fn pinned_example() -> (Vec<Node>, Vec<ServiceSpec>) {
    let nodes = vec![
        node_with_memory("n1", 2 * GIB),
        node_with_memory("n2", 2 * GIB),
    ];
    let mut c = reserving("c", 1, 1500 * MIB);
    c.constraints = vec!["node.hostname==n1".into()];
    let services = vec![
        reserving("a", 1, 750 * MIB),
        reserving("b", 1, 750 * MIB),
        c,
    ];
    (nodes, services)
}

#[test]
fn flexible_services_first_leave_no_room_for_the_pinned_one() {
    // Order a, b, c: a goes to n1 (tie, by name); b to n2 (fewer tasks); c may
    // only use n1, which has 1298 MiB left. No node fits, so both are checked:
    // both fail resources, which come before constraints in the pipeline.
    let (nodes, services) = pinned_example();
    let sim = simulate(&nodes, &services);
    assert_eq!(placed(&sim, "a"), counts(&[("n1", 1)]));
    assert_eq!(placed(&sim, "b"), counts(&[("n2", 1)]));
    assert_eq!(
        pending(&sim, "c"),
        (
            1,
            "no suitable node (insufficient resources on 2 nodes)".to_owned(),
            Some("node `n1` needs 202 MiB more memory".to_owned())
        )
    );
}

#[test]
fn pinned_service_first_fits_everything() {
    // Order c, b, a (the reverse, tried second): c takes n1 (548 MiB left); b only
    // fits n2; a only fits n2 (548 MiB left). Largest first is c, a, b: the same.
    let (nodes, services) = pinned_example();
    let report = simulate_orders(&nodes, &services, 8);
    let orders: Vec<Vec<&str>> = report
        .runs
        .iter()
        .map(|r| r.order.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        orders,
        vec![
            vec!["a", "b", "c"],
            vec!["c", "b", "a"],
            vec!["c", "a", "b"],
            vec!["b", "c", "a"],
            vec!["b", "a", "c"],
            vec!["a", "c", "b"],
        ]
    );
    let pending: Vec<u64> = report
        .runs
        .iter()
        .map(|r| r.simulation.pending_tasks())
        .collect();
    // Whichever of a and b comes first takes n1 (tie, by name), leaving c
    // 1298 MiB there: only the orders starting with c place everything.
    assert_eq!(pending, vec![1, 0, 0, 1, 1, 1]);
    assert!(report.differs);
    assert_eq!(
        report.witness,
        Some(Witness {
            failing: 0,
            succeeding: 1
        })
    );
}

#[test]
fn only_the_services_named_change_places() {
    // `x` reserves nothing: it keeps its place (second) in every order, and the
    // orders name the others only.
    let (nodes, mut services) = pinned_example();
    services.insert(1, replicated("x", 1));
    let report = simulate_orders_of(&nodes, &services, &[0, 2, 3], 3);
    let orders: Vec<Vec<&str>> = report
        .runs
        .iter()
        .map(|r| r.order.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        orders,
        vec![
            vec!["a", "b", "c"],
            vec!["c", "b", "a"],
            vec!["c", "a", "b"]
        ]
    );
    assert_eq!(outcome(&report.runs[1].simulation, "x").placed_tasks(), 1);
    assert!(report.witness.is_some());
}

#[test]
fn many_services_cost_only_the_orders_asked_for() {
    let services: Vec<ServiceSpec> = (0..5000)
        .map(|i| reserving(&format!("s{i}"), 1, MIB))
        .collect();
    let report = simulate_orders(&[node_with_memory("n1", GIB)], &services, 3);
    assert_eq!(report.runs.len(), 3);
}

#[test]
fn one_service_has_one_order() {
    let report = simulate_orders(&[node("n1")], &[replicated("web", 1)], 10);
    assert_eq!(report.runs.len(), 1);
    assert!(!report.differs);
    assert_eq!(report.witness, None);
}

#[test]
fn odd_inputs_do_not_panic() {
    // Extreme numbers, empty and non-ASCII strings, zero-unit requests, duplicate
    // hostnames, every mode: the simulation must finish without panicking.
    let mut odd = node("ü");
    odd.nano_cpus = u64::MAX;
    odd.memory_bytes = u64::MAX;
    odd.addr = "not an address".into();
    odd.platform = Platform::new("", "");
    odd.plugins = Some(Vec::new());
    odd.generic = vec![
        GenericResource::Discrete {
            kind: String::new(),
            count: u64::MAX,
        },
        GenericResource::Named {
            kind: "gpu".into(),
            values: Vec::new(),
        },
    ];
    let nodes = [odd.clone(), odd, node(""), node("")];
    let mut services = Vec::new();
    for mode in [
        Mode::Replicated { replicas: 0 },
        Mode::Replicated { replicas: 3 },
        Mode::Global,
        Mode::GlobalJob,
        Mode::ReplicatedJob {
            max_concurrent: Some(0),
            total_completions: Some(u64::MAX),
        },
        Mode::ReplicatedJob {
            max_concurrent: Some(u64::MAX),
            total_completions: None,
        },
    ] {
        let mut s = ServiceSpec::new("s", mode);
        s.reservations = Reservations {
            nano_cpus: u64::MAX,
            memory_bytes: 1,
            generic: vec![
                GenericRequest {
                    kind: "gpu".into(),
                    count: 0,
                },
                GenericRequest {
                    kind: String::new(),
                    count: u64::MAX,
                },
            ],
        };
        s.constraints = vec!["node.ip!=::/0".into(), "node.labels.\u{17F}!=x".into()];
        s.spread = vec!["node.labels.".into(), "engine.labels.ü".into(), "".into()];
        s.max_replicas_per_node = u64::MAX;
        s.host_ports = vec![HostPort {
            protocol: Protocol::Sctp,
            port: 0,
        }];
        s.platforms = vec![Platform::new("", "")];
        s.network_drivers = vec![String::new()];
        s.volume_drivers = vec!["local".into(), String::new()];
        s.log_driver = Some(String::new());
        services.push(s);
    }
    let report = simulate_orders(&nodes, &services, usize::MAX);
    let first = report.runs.first().map(|r| &r.simulation);
    assert!(first.is_some_and(|s| s.services.iter().all(|o| o.rejected.is_none())));
}

#[test]
fn a_pending_task_counts_every_node_that_rejects_it() {
    // A real swarm: gpu-1 holds 2 GPUs, the other two nodes none; 3 tasks of 1 GPU.
    // The third task ends with "insufficient resources on 3 nodes": the nodes
    // without the resource count too, once SwarmKit tries the task again.
    let mut gpu1 = node("gpu-1");
    gpu1.generic = vec![GenericResource::Discrete {
        kind: "NVIDIA-GPU".into(),
        count: 2,
    }];
    let mut web = replicated("web", 3);
    web.reservations.generic = vec![GenericRequest {
        kind: "NVIDIA-GPU".into(),
        count: 1,
    }];
    let sim = simulate(&[gpu1, node("node-2"), node("node-3")], &[web]);
    assert_eq!(placed(&sim, "web"), counts(&[("gpu-1", 2)]));
    assert_eq!(
        pending(&sim, "web").1,
        "no suitable node (insufficient resources on 3 nodes)"
    );
}

#[test]
fn nodes_ranked_equal_are_alternatives() {
    // One task, three empty nodes: SwarmKit's choice is free among all three.
    let nodes = [node("n1"), node("n2"), node("n3")];
    let sim = simulate(&nodes, &[replicated("web", 1)]);
    assert_eq!(placed(&sim, "web"), counts(&[("n1", 1)]));
    let alternatives: Vec<&str> = outcome(&sim, "web")
        .alternatives
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(alternatives, ["n2", "n3"]);
    // Breaking the tie another way puts the task elsewhere.
    let other = simulate_with_ties(&nodes, &[replicated("web", 1)], &[0], &[2, 0, 1]);
    assert_eq!(placed(&other, "web"), counts(&[("n2", 1)]));
    // Three tasks on three nodes: one each whatever the tie, and no alternative
    // outside the nodes that got one.
    let spread = simulate(&nodes, &[replicated("web", 3)]);
    let service = outcome(&spread, "web");
    assert!(
        service
            .alternatives
            .iter()
            .all(|n| service.placed.contains_key(n))
    );
}

#[test]
fn the_closest_node_satisfies_the_most_constraints() {
    // a satisfies neither constraint, b one of two: b is closer, though a comes
    // first by name.
    let nodes = [node("a"), labelled("b", "zone", "x")];
    let mut web = replicated("web", 1);
    web.constraints = vec![
        "node.labels.zone == x".into(),
        "node.labels.disk == ssd".into(),
    ];
    let sim = simulate(&nodes, &[web]);
    assert_eq!(
        pending(&sim, "web").2.as_deref(),
        Some("node `b` does not satisfy `node.labels.disk == ssd`")
    );
}

#[test]
fn gpus_another_service_holds_are_not_said_to_be_lacking() {
    // gpu-1 has 2 GPUs; `detector` takes both, then `big` wants 2.
    let mut gpu1 = node("gpu-1");
    gpu1.generic = vec![GenericResource::Discrete {
        kind: "NVIDIA-GPU".into(),
        count: 2,
    }];
    let gpus = |name: &str, replicas: u64, count: u64| {
        let mut s = replicated(name, replicas);
        s.reservations.generic = vec![GenericRequest {
            kind: "NVIDIA-GPU".into(),
            count,
        }];
        s
    };
    let sim = simulate(
        &[gpu1, node("cpu-1")],
        &[gpus("detector", 2, 1), gpus("big", 1, 2)],
    );
    assert_eq!(
        pending(&sim, "big").2.as_deref(),
        Some("node `gpu-1` has 2 `NVIDIA-GPU` held by other tasks")
    );
}
