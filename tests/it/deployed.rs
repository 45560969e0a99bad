//! Compose projects compiled by swarmc and deployed through docker's own client (the
//! capture tool's recording engine): the specs docker sends say what the translations
//! mean on a swarm.

use serde_json::{Value, json};

use crate::docker::{capture, capture_tool, docker_available};
use crate::support::{Swarmc, fixture};

fn service<'a>(captured: &'a Value, name: &str) -> &'a Value {
    captured["specs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["kind"] == "service_create")
        .map(|s| &s["body"])
        .find(|body| body["Name"] == name)
        .unwrap_or_else(|| panic!("no service {name} in {captured:#}"))
}

#[test]
fn translated_settings_reach_the_service_specs() {
    let test = "translated_settings_reach_the_service_specs";
    if !docker_available(test) {
        return;
    }
    let Some(tool) = capture_tool(test) else {
        return;
    };
    let run = Swarmc::new(&fixture("compile/translated-for-deploy"))
        .args(["compile"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("stack.yml");
    std::fs::write(&path, &run.stdout).expect("write the stack");
    let captured = capture(&tool, &path);
    let output = captured["output"].as_str().unwrap_or_default();
    assert_eq!(captured["rc"], 0, "{output}");
    assert!(!output.contains("Ignoring"), "{output}");

    // `restart: "no"`, which docker alone would drop, is a policy that never restarts.
    let migrate = &service(&captured, "st_migrate")["TaskTemplate"];
    assert_eq!(migrate["RestartPolicy"], json!({"Condition": "none"}));
    assert_eq!(migrate["ContainerSpec"]["Args"], json!(["migrate", "--up"]));

    // Service-level resources, `scale`, `platform` and `on-failure:N`.
    let worker = service(&captured, "st_worker");
    assert_eq!(worker["Mode"], json!({"Replicated": {"Replicas": 3}}));
    let task = &worker["TaskTemplate"];
    assert_eq!(
        task["Resources"],
        json!({
            "Limits": {"NanoCPUs": 500_000_000_u64, "MemoryBytes": 1_073_741_824_u64, "Pids": 100},
            "Reservations": {"MemoryBytes": 268_435_456_u64}
        })
    );
    assert_eq!(
        task["Placement"]["Constraints"],
        json!(["node.platform.os == linux", "node.platform.arch == aarch64"])
    );
    assert_eq!(
        task["RestartPolicy"],
        json!({"Condition": "on-failure", "MaxAttempts": 5})
    );

    // `deploy` as written, and `scale` equal to it.
    let api = service(&captured, "st_api");
    assert_eq!(api["Mode"], json!({"Replicated": {"Replicas": 2}}));
    assert_eq!(
        api["TaskTemplate"]["Resources"]["Limits"]["MemoryBytes"],
        536_870_912_u64
    );
    assert_eq!(
        api["TaskTemplate"]["Placement"]["Constraints"],
        json!(["node.role == worker"])
    );

    // 32-bit ARM nodes report `armv7l`; a disabled check switches off the image's.
    let board = &service(&captured, "st_board")["TaskTemplate"];
    assert_eq!(
        board["Placement"]["Constraints"][1],
        "node.platform.arch == armv7l"
    );
    assert_eq!(
        board["ContainerSpec"]["Healthcheck"],
        json!({"Test": ["NONE"]})
    );

    let probe = &service(&captured, "st_probe")["TaskTemplate"]["ContainerSpec"];
    assert_eq!(
        probe["Healthcheck"],
        json!({
            "Test": ["CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"],
            "Interval": 90_000_000_000_u64
        })
    );
}
