use super::*;
use crate::schedule::{Mode, Node, ServiceSpec, simulate, simulate_from};
use crate::source::SourceKind;

fn read(exclude: Option<&str>) -> (Option<Vec<RunningTask>>, Diagnostics) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state");
    let mut sources = Sources::new();
    let mut add = |file: &str| {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        sources.add(file, None, SourceKind::DockerOutput, text)
    };
    let services = add("services.json");
    let tasks = add("tasks.json");
    let mut diagnostics = Diagnostics::new();
    let running = running_tasks(&sources, services, tasks, exclude, &mut diagnostics);
    (running, diagnostics)
}

#[test]
fn running_tasks_carry_their_services_reservations_and_host_ports() {
    let (running, diagnostics) = read(None);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let running = running.unwrap();
    let seen: Vec<(&str, &str)> = running
        .iter()
        .map(|t| (t.node.as_str(), t.service.as_str()))
        .collect();
    // The shut-down task and the pending one (no node) hold nothing.
    assert_eq!(
        seen,
        [
            ("lab1", "app_web"),
            ("lab1", "other_big"),
            ("lab2", "app_web")
        ]
    );
    let big = &running[1];
    assert_eq!(big.reservations.nano_cpus, 1_500_000_000);
    assert_eq!(big.reservations.memory_bytes, 268_435_456);
    assert_eq!(big.reservations.generic[0].kind, "NVIDIA-GPU");
    assert_eq!(big.host_ports.len(), 1);
    assert_eq!(big.host_ports[0].port, 9000);
}

#[test]
fn the_stack_being_deployed_is_left_out() {
    let running = read(Some("app")).0.unwrap();
    assert!(
        running.iter().all(|t| t.service == "other_big"),
        "{running:?}"
    );
}

/// The case that motivates the model: four replicas reserving 1.5 CPUs on three
/// 2-CPU nodes, one of which another stack already loads with 1.5 CPUs.
#[test]
fn a_busy_swarm_places_fewer_tasks() {
    let running = read(Some("app")).0.unwrap();
    let nodes: Vec<Node> = ["lab1", "lab2", "lab3"]
        .into_iter()
        .map(|h| {
            let mut node = Node::new(h);
            node.nano_cpus = 2_000_000_000;
            node
        })
        .collect();
    let mut big = ServiceSpec::new("new_big", Mode::Replicated { replicas: 4 });
    big.reservations.nano_cpus = 1_500_000_000;
    let services = [big];
    assert_eq!(simulate(&nodes, &services).services[0].placed_tasks(), 3);
    let busy = simulate_from(&nodes, &running, &services);
    assert_eq!(busy.services[0].placed_tasks(), 2);
}

#[test]
fn unreadable_state_is_located() {
    let mut sources = Sources::new();
    let services = sources.add(
        "s",
        None,
        SourceKind::DockerOutput,
        "[{\"Spec\":{\"Name\":1}}]".into(),
    );
    let tasks = sources.add("t", None, SourceKind::DockerOutput, String::new());
    let mut diagnostics = Diagnostics::new();
    assert!(running_tasks(&sources, services, tasks, None, &mut diagnostics).is_none());
    let d = diagnostics.iter().next().unwrap();
    assert!(d.primary.is_some());
    assert!(
        d.message
            .starts_with("this is not what `docker service inspect` prints: invalid type"),
        "{}",
        d.message
    );
}

fn read_release(release: &str, stack: &str) -> (Option<State>, Diagnostics) {
    let dir = format!(
        "{}/tests/fixtures/check-state/{release}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut sources = Sources::new();
    // In an order other than the one they are recognised in.
    let files: Vec<SourceId> = ["tasks.json", "networks.json", "services.json"]
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
            sources.add(file, None, SourceKind::DockerOutput, text)
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let state = super::read(&sources, &files, stack, &mut diagnostics);
    (state, diagnostics)
}

#[test]
fn docker_20_10_and_28_outputs_read_alike() {
    for release in ["docker-20.10", "docker-28"] {
        let (state, diagnostics) = read_release(release, "app");
        assert!(diagnostics.is_empty(), "{release}: {diagnostics:?}");
        let state = state.unwrap();
        let running: Vec<(&str, &str, u64)> = state
            .running
            .iter()
            .map(|t| {
                (
                    t.node.as_str(),
                    t.service.as_str(),
                    t.reservations.nano_cpus,
                )
            })
            .collect();
        assert_eq!(running, [("lab1", "other_big", 1_500_000_000)], "{release}");
        // The ingress network is not taken by a stack, and `app_backend` is the
        // deployed stack's own.
        let taken: Vec<(&str, String, Option<&str>)> = state
            .taken_subnets
            .iter()
            .map(|t| (t.key.as_str(), t.subnet.to_string(), t.stack.as_deref()))
            .collect();
        assert_eq!(
            taken,
            [("other_default", "10.20.0.0/24".to_owned(), Some("other"))],
            "{release}"
        );
    }
}

#[test]
fn outputs_are_recognised_by_their_shape() {
    assert_eq!(kind(""), Some(Output::Empty));
    assert_eq!(kind(" [ ]\n"), Some(Output::Empty));
    assert_eq!(kind("{\"Name\":\"a.1\"}\n"), Some(Output::Tasks));
    assert_eq!(
        kind("[{\"Name\":\"a.1\",\"DesiredState\":\"Running\"}]"),
        Some(Output::Tasks)
    );
    assert_eq!(
        kind("[{\"Spec\":{\"TaskTemplate\":{}}}]"),
        Some(Output::Services)
    );
    assert_eq!(kind("[{\"IPAM\":{}}]"), Some(Output::Networks));
    let secret = r#"{"CreatedAt":"6 days ago","Driver":"","ID":"u8","Labels":"","Name":"pw","UpdatedAt":"6 days ago"}"#;
    assert_eq!(kind(secret), Some(Output::Secrets));
    let config = r#"{"CreatedAt":"6 days ago","ID":"u8","Labels":"","Name":"conf","UpdatedAt":"6 days ago"}"#;
    assert_eq!(kind(config), Some(Output::Configs));
    assert_eq!(
        kind(r#"[{"ID":"c9","Spec":{"Name":"conf","Data":"YQ=="}}]"#),
        Some(Output::Configs)
    );
    assert_eq!(kind("ID NAME MODE"), None);
    assert_eq!(kind("[1, 2]"), None);
}

#[test]
fn an_unrecognised_output_is_located_and_the_rest_still_read() {
    let mut sources = Sources::new();
    let bad = sources.add("bad", None, SourceKind::DockerOutput, "\n  nope".into());
    let truncated = sources.add(
        "cut",
        None,
        SourceKind::DockerOutput,
        "[{\"Spec\":{\"Name\":\"x\",\"TaskTemplate\":{".into(),
    );
    let mut diagnostics = Diagnostics::new();
    assert!(super::read(&sources, &[bad, truncated], "app", &mut diagnostics).is_none());
    let found: Vec<(Option<u32>, &str)> = diagnostics
        .iter()
        .map(|d| (d.primary.as_ref().map(|l| l.span.start), d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Some(3));
    assert!(
        found[1].1.ends_with("the output ends too early"),
        "{found:?}"
    );
}
