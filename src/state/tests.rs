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
