//! The example sites (`profiles/`, projects under `tests/fixtures/sites/`) on the lab,
//! through the shell form of their own `swarmc plan`: its node labels, secrets and
//! deploy steps run against the lab's manager, and the deploy's own wait says the
//! stack reached its replicas. Each site's lab copy (`tests/fixtures/lab/sites/`)
//! names the lab's nodes and keeps outside NFS servers and registries out.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

use crate::engine::running_container;
use crate::lab::{Lab, expect_success, lines};
use crate::observe::{Task, outcome, settle};
use crate::prediction::{compare_running, predict};
use crate::project::{Project, prepare};

/// Writes the project's stack and its plan (`swarmc plan --format shell`) and runs
/// the named steps the plan has, in order, against the lab's manager; returns what
/// they printed.
pub(crate) fn run_plan_steps(lab: &Lab, project: &Project, steps: &[&str]) -> String {
    let stack_text = project.compile();
    let (status, _, stderr) = project.swarmc("plan", &["--format", "shell", "-o", "plan.sh"]);
    assert_eq!(status, 0, "swarmc plan failed:\n{stderr}");
    let plan = std::fs::read_to_string(project.dir.join("plan.sh")).expect("the plan");
    let mut printed = String::new();
    for step in steps {
        if !plan.contains(&format!("\n  {step}) ")) {
            continue;
        }
        if *step == "deploy" {
            prepare(lab, &stack_text);
        }
        let output = Command::new("timeout")
            .args(["300", "bash", "plan.sh", step])
            .current_dir(&project.dir)
            .env("DOCKER_HOST", lab.host(1))
            .output()
            .expect("bash runs");
        let text = expect_success(&format!("bash plan.sh {step}"), &output);
        printed.push_str(&text);
        printed.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    assert!(
        !printed.contains("Ignoring"),
        "docker ignored part of the stack:\n{printed}"
    );
    printed
}

/// A node as constraints see it.
struct Node {
    hostname: String,
    role: String,
    labels: BTreeMap<String, String>,
}

fn node(lab: &Lab, name: &str) -> Node {
    let json: Value =
        serde_json::from_str(&lab.manager(&["node", "inspect", name, "--format", "{{json .}}"]))
            .expect("node JSON");
    Node {
        hostname: json["Description"]["Hostname"]
            .as_str()
            .unwrap_or("")
            .into(),
        role: json["Spec"]["Role"].as_str().unwrap_or("").into(),
        labels: json["Spec"]["Labels"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect(),
    }
}

/// Whether the node meets one `key == value` or `key != value` constraint.
fn meets(node: &Node, constraint: &str) -> bool {
    let (key, equal, value) = if let Some((k, v)) = constraint.split_once("==") {
        (k.trim(), true, v.trim())
    } else if let Some((k, v)) = constraint.split_once("!=") {
        (k.trim(), false, v.trim())
    } else {
        panic!("unexpected constraint `{constraint}`")
    };
    let actual = match key {
        "node.hostname" => Some(node.hostname.as_str()),
        "node.role" => Some(node.role.as_str()),
        _ => match key.strip_prefix("node.labels.") {
            Some(label) => node.labels.get(label).map(String::as_str),
            None => panic!("constraint `{constraint}` is not checked here"),
        },
    };
    (actual == Some(value)) == equal
}

/// Every task of the stack runs (or ran, for a job) on a node that meets its
/// service's placement constraints; no task is pending. Returns the tasks by service.
fn placed_as_constrained(lab: &Lab, project: &Project) -> BTreeMap<String, Vec<Task>> {
    let filter = format!("label=com.docker.stack.namespace={}", project.stack);
    let services = lines(&lab.manager(&[
        "service",
        "ls",
        "--filter",
        &filter,
        "--format",
        "{{.Name}}",
    ]));
    let settled = settle(lab, &services);
    let mut nodes = BTreeMap::new();
    for (service, tasks) in &settled {
        let real = outcome(tasks);
        assert_eq!(real.pending, 0, "{service} left tasks pending: {tasks:?}");
        let constraints: Vec<String> = serde_json::from_str(&lab.manager(&[
            "service",
            "inspect",
            service,
            "--format",
            "{{json .Spec.TaskTemplate.Placement.Constraints}}",
        ]))
        .map(|c: Option<Vec<String>>| c.unwrap_or_default())
        .expect("constraints JSON");
        for task in tasks {
            let node = nodes
                .entry(task.node.clone())
                .or_insert_with(|| node(lab, &task.node));
            for constraint in &constraints {
                assert!(
                    meets(node, constraint),
                    "{service} runs on {} against `{constraint}`",
                    task.node
                );
            }
        }
    }
    settled
}

/// The nodes a service's tasks were placed on, with their counts.
fn placed_on(settled: &BTreeMap<String, Vec<Task>>, full_name: &str) -> BTreeMap<String, usize> {
    outcome(&settled[full_name]).nodes
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

/// Deploys a site through its plan, checks placement and, when this swarmc writes
/// one, holds the running stack against `check`'s prediction.
fn deploy_site(
    lab: &Lab,
    test: &str,
    stack: &str,
    site: &str,
    overrides: &[&str],
) -> (Project, BTreeMap<String, Vec<Task>>) {
    let project = Project::new(
        lab,
        stack,
        &format!("sites/{site}"),
        &format!("lab/sites/{site}.yaml"),
        overrides,
    );
    let printed = run_plan_steps(lab, &project, &["node-labels", "secrets", "deploy"]);
    assert!(
        printed.contains("every service runs its tasks"),
        "the plan's deploy did not wait for the services:\n{printed}"
    );
    let settled = placed_as_constrained(lab, &project);
    let prediction = predict(&project);
    let found = compare_running(lab, &project, &prediction);
    assert!(found.is_empty(), "{test}: {}", found.join("\n"));
    (project, settled)
}

/// XNAT: the database on the node the plan labelled, the re-indexing job run once,
/// and the database password under its content-hashed name.
pub(crate) fn xnat(lab: &Lab) {
    let (project, settled) = deploy_site(
        lab,
        "site_xnat_deploys_through_its_plan",
        "xnat",
        "xnat",
        &["lab/sites/xnat.override.yaml"],
    );
    assert_eq!(
        placed_on(&settled, "xnat_xnat-db"),
        counts(&[("node-1", 1)])
    );
    let job: Vec<&str> = settled["xnat_dicom-reindex"]
        .iter()
        .map(|t| t.state.as_str())
        .collect();
    assert_eq!(job, ["Complete"]);
    let secrets = lab.manager(&["secret", "ls", "--format", "{{.Name}}"]);
    let stack_text = project.compile();
    let name = stack_text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: xnat_db_password_"))
        .next()
        .expect("a hashed secret name");
    assert!(
        lines(&secrets).contains(&format!("xnat_db_password_{name}")),
        "{secrets}"
    );
}

/// OpenMPF: the database and workflow manager on the manager, the markup component on
/// every node, the GPU detector only where the GPUs are, with one of them.
pub(crate) fn openmpf(lab: &Lab) {
    let (_, settled) = deploy_site(
        lab,
        "site_openmpf_deploys_through_its_plan",
        "openmpf",
        "openmpf",
        &[],
    );
    assert_eq!(placed_on(&settled, "openmpf_db"), counts(&[("node-1", 1)]));
    assert_eq!(
        placed_on(&settled, "openmpf_workflow-manager"),
        counts(&[("node-1", 1)])
    );
    assert_eq!(
        placed_on(&settled, "openmpf_markup"),
        counts(&[("node-1", 1), ("node-2", 1), ("node-3", 1)])
    );
    let (node, container) = running_container(lab, "openmpf_clip-detection-server");
    assert_eq!(node, 2);
    let env = lab.docker(node, &["exec", &container, "env"]);
    assert!(
        env.lines().any(|l| l == "DOCKER_RESOURCE_NVIDIA-GPU=GPU-2a"
            || l == "DOCKER_RESOURCE_NVIDIA-GPU=GPU-2b"),
        "{env}"
    );
}

/// BIDS-flux: the plan creates the secrets the operators would, the data services land
/// on the data server and the runner on the processing server, and the attachable
/// network gets the subnet swarmc wrote.
pub(crate) fn bids_flux(lab: &Lab) {
    let (project, settled) = deploy_site(
        lab,
        "site_bids_flux_deploys_through_its_plan",
        "bids-flux",
        "bids-flux",
        &[],
    );
    let secrets = lines(&lab.manager(&["secret", "ls", "--format", "{{.Name}}"]));
    for secret in ["bids_db_password", "flux_api_token_v2", "s3_id", "s3_key"] {
        assert!(secrets.contains(&secret.to_string()), "{secrets:?}");
    }
    for service in ["postgres", "gitlab"] {
        assert_eq!(
            placed_on(&settled, &project.full_name(service)),
            counts(&[("node-1", 1)])
        );
    }
    assert_eq!(
        placed_on(&settled, "bids-flux_pipeline-runner"),
        counts(&[("node-2", 1)])
    );
    let stack_text = project.compile();
    let subnet = stack_text
        .lines()
        .find_map(|l| l.trim().strip_prefix("- subnet: "))
        .expect("a subnet");
    let network = lab.manager(&[
        "network",
        "inspect",
        "BIDS-flux-net",
        "--format",
        "{{.Attachable}} {{range .IPAM.Config}}{{.Subnet}}{{end}}",
    ]);
    assert_eq!(network.trim(), format!("true {subnet}"));
}

/// The research platform: each database on the node with its label, the broker behind
/// DNS round robin, the thumbnailer and the memory-hungry service kept off data nodes.
pub(crate) fn research_cluster(lab: &Lab) {
    let (_, settled) = deploy_site(
        lab,
        "site_research_cluster_deploys_through_its_plan",
        "research",
        "research-cluster",
        &[],
    );
    assert_eq!(
        placed_on(&settled, "research_mongo"),
        counts(&[("node-1", 1)])
    );
    assert_eq!(
        placed_on(&settled, "research_postgres"),
        counts(&[("node-2", 1)])
    );
    assert_eq!(
        placed_on(&settled, "research_thumbnailer"),
        counts(&[("node-3", 1)])
    );
    assert_eq!(
        placed_on(&settled, "research_space-time-tradeoff"),
        counts(&[("node-3", 1)])
    );
    let mode = lab.manager(&[
        "service",
        "inspect",
        "research_rabbitmq",
        "--format",
        "{{.Spec.EndpointSpec.Mode}}",
    ]);
    assert_eq!(mode.trim(), "dnsrr");
}
