//! `swarmc check --docker` on a swarm that already runs another stack: the prediction
//! starts from the tasks running there, differs from the one for an empty swarm,
//! names the service that holds the room, and is what the scheduler then does.

use std::process::Command;

use crate::lab::Lab;
use crate::observe::settle;
use crate::prediction::{Prediction, compare_deployed, predict};
use crate::project::Project;

pub(crate) fn check_against_running(lab: &Lab) {
    let cpus = f64::from(u32::try_from(lab.cpus).expect("a lab node's CPUs"));
    let env = format!("BIG_CPUS={}\nWEB_CPUS={}\n", cpus - 0.5, cpus * 0.75);
    let other = Project::new(lab, "other", "lab/state/other", "lab/site.yaml", &[]);
    std::fs::write(other.dir.join(".env"), &env).expect("write .env");
    other.deploy(lab);
    settle(lab, &[other.full_name("big")]);

    let project = Project::new(lab, "busy", "lab/state/busy", "lab/site.yaml", &[]);
    std::fs::write(project.dir.join(".env"), &env).expect("write .env");
    let empty = predict(&project);
    let output = Command::new(env!("CARGO_BIN_EXE_swarmc"))
        .current_dir(&project.dir)
        .args(["check", "-f", "compose.yaml", "--site", "site.yaml"])
        .args(["--docker", "--prediction", "-", "--output-format", "json"])
        .env("DOCKER_HOST", lab.host(1))
        .output()
        .expect("swarmc runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "swarmc check --docker failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let now: Prediction = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("the prediction is not its JSON ({e}):\n{stdout}"));
    let placed = |p: &Prediction| {
        p.services
            .iter()
            .find(|s| s.name == "web")
            .map(|s| s.placed)
            .expect("the prediction has `web`")
    };
    assert_eq!(
        placed(&empty),
        3,
        "on an empty swarm one task fits on each node"
    );
    assert_eq!(
        placed(&now),
        2,
        "beside the other stack's task, node-1 takes none:\n{stdout}"
    );
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("other_big"),
        "the holder is not named:\n{said}"
    );

    let found = compare_deployed(lab, &project, &now);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
