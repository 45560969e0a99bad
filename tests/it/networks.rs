//! Ports and networks as `docker stack deploy` sends them: a compiled stack is deployed
//! through the capture tool (the real docker CLI against a recording fake engine), and
//! the requests must carry the subnets swarmc allocated, the aliases it added, the
//! host-mode ports and the external `host` network.

use serde_json::{Value, json};

use crate::docker::{capture, capture_tool, docker_available};
use crate::support::{Swarmc, fixture};

/// The compiled stack of a fixture, deployed as stack `st`.
fn deployed(test: &str, name: &str) -> Option<(String, Value)> {
    if !docker_available(test) {
        return None;
    }
    let tool = capture_tool(test)?;
    let dir = fixture("compile").join(name);
    let mut args = vec!["compile"];
    if dir.join("site.yaml").is_file() {
        args.extend(["--site", "site.yaml"]);
    }
    let run = Swarmc::new(&dir).args(args).run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let stack = tempfile::Builder::new()
        .prefix(".stack-")
        .suffix(".yml")
        .tempfile_in(&dir)
        .expect("temp file");
    std::fs::write(stack.path(), &run.stdout).expect("stack written");
    let captured = capture(&tool, stack.path());
    let output = captured["output"].as_str().unwrap_or_default().to_owned();
    assert_eq!(captured["rc"], 0, "{output}");
    assert!(!output.contains("Ignoring"), "{output}");
    Some((run.stdout, captured))
}

fn request<'a>(captured: &'a Value, kind: &str, name: &str) -> &'a Value {
    captured["specs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["kind"] == kind)
        .map(|s| &s["body"])
        .find(|body| body["Name"] == name)
        .unwrap_or_else(|| panic!("no {kind} named {name} in {captured:#}"))
}

/// The subnet the stack file gives a network (`- subnet: ...` after the network's key).
fn subnet_in(stack: &str, network: &str) -> String {
    let start = stack
        .find(&format!("\n  {network}:\n"))
        .unwrap_or_else(|| panic!("no network {network} in\n{stack}"));
    stack[start..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("- subnet: "))
        .unwrap_or_else(|| panic!("no subnet for {network} in\n{stack}"))
        .to_owned()
}

#[test]
fn allocated_subnets_aliases_and_ports_reach_the_engine() {
    let test = "allocated_subnets_aliases_and_ports_reach_the_engine";
    let Some((stack, captured)) = deployed(test, "subnet-allocation") else {
        return;
    };
    for network in ["front", "back", "default"] {
        let body = request(&captured, "network_create", &format!("st_{network}"));
        assert_eq!(
            body["IPAM"]["Config"],
            json!([{"Subnet": subnet_in(&stack, network)}]),
            "{body:#}"
        );
        assert_eq!(body["Driver"], "overlay");
        assert_eq!(body["Attachable"], true);
        assert_eq!(body["Options"], json!({"encrypted": ""}));
    }
    // The `back` network carries 200 tasks updated start-first: more than a /24.
    assert_eq!(subnet_in(&stack, "back").split('/').nth(1), Some("23"));

    let web = request(&captured, "service_create", "st_web");
    let ports = &web["EndpointSpec"]["Ports"];
    assert_eq!(
        ports,
        &json!([
            {"Protocol": "tcp", "PublishMode": "ingress", "PublishedPort": 8000, "TargetPort": 80},
            {"Protocol": "tcp", "PublishMode": "ingress", "PublishedPort": 8001, "TargetPort": 80},
            {"Protocol": "tcp", "PublishMode": "host", "PublishedPort": 9100, "TargetPort": 9100},
        ])
    );
    let networks = web["TaskTemplate"]["Networks"]
        .as_array()
        .expect("networks");
    let mut targets: Vec<&str> = networks
        .iter()
        .filter_map(|n| n["Target"].as_str())
        .collect();
    targets.sort_unstable();
    assert_eq!(targets, ["st_back", "st_front"]);
    // `container_name` is an alias on the implicit default network.
    let worker = request(&captured, "service_create", "st_worker");
    assert_eq!(
        worker["TaskTemplate"]["Networks"],
        json!([{"Target": "st_default", "Aliases": ["jobs", "worker"]}])
    );
    let api = request(&captured, "service_create", "st_api");
    assert_eq!(
        api["TaskTemplate"]["Networks"],
        json!([{"Target": "st_back", "Aliases": ["backend-api", "api"]}])
    );
    // The external network keeps its name and is not created.
    let metrics = request(&captured, "service_create", "st_metrics");
    assert_eq!(
        metrics["TaskTemplate"]["Networks"],
        json!([{"Target": "monitoring_net", "Aliases": ["metrics"]}])
    );
}

#[test]
fn host_network_mode_attaches_to_the_host_network() {
    let test = "host_network_mode_attaches_to_the_host_network";
    let Some((_, captured)) = deployed(test, "network-mode-host") else {
        return;
    };
    let exporter = request(&captured, "service_create", "st_exporter");
    assert_eq!(
        exporter["TaskTemplate"]["Networks"],
        json!([{"Target": "host"}])
    );
    let created = captured["specs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["kind"] == "network_create")
        .count();
    assert_eq!(created, 0, "{captured:#}");
}

#[test]
fn a_refused_container_name_is_not_also_said_to_need_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  db:\n    image: postgres:16\n    container_name: database\n    deploy:\n      replicas: 3\n",
    )
    .expect("compose file written");
    let run = Swarmc::new(dir.path()).args(["compile"]).run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("SW116"), "{}", run.stderr);
    assert!(!run.stderr.contains("SW305"), "{}", run.stderr);
}
