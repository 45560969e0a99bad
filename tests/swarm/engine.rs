//! What only a real engine shows about swarmc's output, on the lab's fixture projects
//! under `tests/fixtures/lab/`: the subnets networks get, the names of secrets and
//! configs across deploys, jobs, container-name aliases, generic resources, and the
//! scheduler's placement held against `check`'s prediction.

use sha2::{Digest, Sha256};

use crate::lab::{Lab, NODES, lines};
use crate::observe::settle;
use crate::prediction::{compare_deployed, compare_orders, predict};
use crate::project::Project;
use crate::sites::run_plan_steps;

/// The engine project under a stack name of the scenario's own: a service recreated
/// under the name of one just removed need not behave as a new one.
fn engine(lab: &Lab, stack: &str) -> Project {
    Project::new(lab, stack, "lab/engine", "lab/site.yaml", &[])
}

/// The node number (1-based) of a lab node's name.
pub(crate) fn node_number(node: &str) -> usize {
    NODES
        .iter()
        .position(|n| *n == node)
        .unwrap_or_else(|| panic!("{node} is not a lab node"))
        + 1
}

/// The container of the service's one running task: its node and id.
pub(crate) fn running_container(lab: &Lab, full_name: &str) -> (usize, String) {
    let settled = settle(lab, &[full_name.to_string()]);
    let running: Vec<_> = settled[full_name]
        .iter()
        .filter(|t| t.state == "Running")
        .collect();
    assert_eq!(running.len(), 1, "{full_name}: {settled:?}");
    let node = node_number(&running[0].node);
    let filter = format!("label=com.docker.swarm.service.name={full_name}");
    let ids = lines(&lab.docker(node, &["ps", "-q", "--filter", &filter]));
    assert_eq!(ids.len(), 1, "{full_name} on node-{node}: {ids:?}");
    (node, ids[0].clone())
}

/// The subnets the stack text writes, per network key.
fn written_subnets(stack_text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut in_networks = false;
    let mut network = String::new();
    for line in stack_text.lines() {
        if !line.starts_with(' ') {
            in_networks = line == "networks:";
        } else if in_networks && line.starts_with("  ") && !line[2..].starts_with(' ') {
            network = line.trim().trim_end_matches(':').to_string();
        } else if in_networks {
            if let Some(subnet) = line.trim().strip_prefix("- subnet: ") {
                found.push((network.clone(), subnet.trim_matches('"').to_string()));
            }
        }
    }
    found
}

/// A network swarmc allocates and one written in the project get exactly those subnets.
pub(crate) fn subnets(lab: &Lab) {
    let project = engine(lab, "subnets");
    project.deploy(lab);
    let stack_text = project.compile();
    let written = written_subnets(&stack_text);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["back", "front"], "{stack_text}");
    assert!(written.contains(&("front".into(), "10.201.7.0/24".into())));
    for (network, subnet) in &written {
        let config = lab.manager(&[
            "network",
            "inspect",
            &project.full_name(network),
            "--format",
            "{{range .IPAM.Config}}{{.Subnet}} {{end}}",
        ]);
        assert_eq!(config.trim(), subnet, "network {network}");
    }
}

/// A peer resolves the `container_name` of a service, which swarmc turns into a network
/// alias. Only the name is resolved: the answer is the service's virtual IP, and this
/// machine's kernel has no IP_VS, so nothing would answer a connection to it.
pub(crate) fn container_name_alias(lab: &Lab) {
    let project = engine(lab, "alias");
    project.deploy(lab);
    let stack_text = project.compile();
    let back = written_subnets(&stack_text)
        .into_iter()
        .find(|(n, _)| n == "back")
        .map(|(_, s)| s)
        .expect("the back network's subnet");
    let prefix = back.trim_end_matches("0/24").to_string();
    running_container(lab, &project.full_name("db"));
    let (node, client) = running_container(lab, &project.full_name("client"));
    let output = lab
        .command(node)
        .args(["exec", &client, "nslookup", "legacy-db"])
        .output()
        .expect("docker exec runs");
    let answer = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "nslookup legacy-db: {answer}");
    let addresses: Vec<&str> = answer
        .lines()
        .filter(|l| !l.contains("127.0.0.11"))
        .filter_map(|l| l.strip_prefix("Address:").or(l.strip_prefix("Address 1:")))
        .map(str::trim)
        .collect();
    assert!(
        !addresses.is_empty() && addresses.iter().all(|a| a.starts_with(&prefix)),
        "`legacy-db` should resolve to an address in {back}:\n{answer}"
    );
}

fn content_name(name: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{name}_{}", &hex[..10])
}

fn object_id(lab: &Lab, kind: &str, name: &str) -> String {
    lab.manager(&[kind, "inspect", name, "--format", "{{.ID}}"])
        .trim()
        .to_string()
}

fn service_secrets(lab: &Lab, full_name: &str) -> String {
    lab.manager(&[
        "service",
        "inspect",
        full_name,
        "--format",
        "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}",
    ])
    .trim()
    .to_string()
}

/// Secrets and configs made from files get their content-hashed names; a deploy with
/// nothing changed keeps the objects and the task, a changed file is deployed under a
/// new name that the service moves to.
pub(crate) fn hashed_names(lab: &Lab) {
    let project = engine(lab, "names");
    let secret_file = project.dir.join("db_password.txt");
    let config_file = project.dir.join("settings.conf");
    let secret = content_name("db_password", &std::fs::read(&secret_file).expect("secret"));
    let config = content_name("settings", &std::fs::read(&config_file).expect("config"));
    project.deploy(lab);
    let db = project.full_name("db");
    let secret_id = object_id(lab, "secret", &secret);
    let config_id = object_id(lab, "config", &config);
    assert_eq!(service_secrets(lab, &db), secret);
    let (_, container) = running_container(lab, &db);

    // Unchanged: the same objects, and the task keeps running.
    let printed = project.deploy(lab);
    assert!(!printed.contains("Creating secret"), "{printed}");
    assert!(!printed.contains("Creating config"), "{printed}");
    assert_eq!(object_id(lab, "secret", &secret), secret_id);
    assert_eq!(object_id(lab, "config", &config), config_id);
    assert_eq!(running_container(lab, &db).1, container);

    // Changed: a new secret, the service on it, the config as it was.
    std::fs::write(&secret_file, "rotated-password\n").expect("change the secret");
    let rotated = content_name("db_password", b"rotated-password\n");
    assert_ne!(rotated, secret);
    let printed = project.deploy(lab);
    assert!(
        printed.contains(&format!("Creating secret {rotated}")),
        "{printed}"
    );
    assert_eq!(service_secrets(lab, &db), rotated);
    assert_eq!(object_id(lab, "config", &config), config_id);
    let (_, moved) = running_container(lab, &db);
    assert_ne!(
        moved, container,
        "the task should be replaced on the new secret"
    );
}

/// A `replicated-job` service runs its one task to completion, and never again.
pub(crate) fn jobs_run_once(lab: &Lab) {
    let project = engine(lab, "jobs");
    project.deploy(lab);
    let migrate = project.full_name("migrate");
    let mode = lab.manager(&[
        "service",
        "inspect",
        &migrate,
        "--format",
        "{{if .Spec.Mode.ReplicatedJob}}replicated-job{{end}}",
    ]);
    assert_eq!(mode.trim(), "replicated-job");
    let settled = settle(lab, std::slice::from_ref(&migrate));
    let states: Vec<&str> = settled[&migrate].iter().map(|t| t.state.as_str()).collect();
    assert_eq!(states, ["Complete"]);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let history = lab.manager(&["service", "ps", "-q", &migrate]);
    assert_eq!(lines(&history).len(), 1, "the job ran again: {history}");
}

/// A task that reserves a GPU (a generic resource) runs on the node that advertises it
/// and sees which one it was given.
pub(crate) fn generic_resources(lab: &Lab) {
    let project = engine(lab, "gpu");
    project.deploy(lab);
    let (node, container) = running_container(lab, &project.full_name("detector"));
    assert_eq!(node, 2, "only node-2 has GPUs");
    let env = lab.docker(node, &["exec", &container, "env"]);
    let assigned: Vec<&str> = env
        .lines()
        .filter_map(|l| l.strip_prefix("DOCKER_RESOURCE_NVIDIA-GPU="))
        .collect();
    assert!(
        assigned == ["GPU-2a"] || assigned == ["GPU-2b"],
        "the task's environment should name its GPU:\n{env}"
    );
}

/// The scheduling project's prediction, held against where swarm put every task;
/// the label its `east` service needs is applied by the plan's own step.
pub(crate) fn predict_scheduling(lab: &Lab) {
    let project = Project::new(lab, "scheduling", "lab/scheduling", "lab/site.yaml", &[]);
    run_plan_steps(lab, &project, &["node-labels"]);
    let prediction = predict(&project);
    let mut found = compare_deployed(lab, &project, &prediction);
    if !prediction.orders.is_empty() {
        found.extend(compare_orders(lab, &project, &prediction));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Two GPU services competing for two GPUs: the prediction says the outcome depends
/// on the creation order, and the order it says fits does while the other does not.
pub(crate) fn predict_order(lab: &Lab) {
    let project = Project::new(lab, "gpu-order", "lab/gpu-order", "lab/site.yaml", &[]);
    let prediction = predict(&project);
    let both = prediction.orders.iter().any(|o| {
        o.services.contains(&"big".to_string()) && o.services.contains(&"detector".to_string())
    });
    assert!(
        both,
        "the prediction should give the orders of `big` and `detector`: {prediction:?}"
    );
    for name in ["big", "detector"] {
        let service = prediction.services.iter().find(|s| s.name == name);
        assert!(
            service.is_some_and(|s| s.order_dependent),
            "{name} should be order dependent: {prediction:?}"
        );
    }
    let found = compare_orders(lab, &project, &prediction);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
