//! `swarmc diff` against what `docker stack deploy` then does. The stack
//! `tests/fixtures/changes/app` is deployed beside `other`, then changed one way at a
//! time (an image, an environment variable, a secret's file, the replicas, a network's
//! subnet, a service left out and pruned, a port `other` publishes): before each
//! deploy `diff --docker` says what will change, and after it the swarm is held to
//! that: the services it said restart had every task replaced (read from `docker
//! service ps`), the others kept theirs, what it said is created exists, what docker
//! refuses is refused in the words `diff` gave, and a second `diff` finds nothing left
//! to change.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::lab::{Lab, lines};
use crate::project::{Project, prepare};
use crate::say;

const STACK: &str = "app";

pub(crate) fn deploy_what_diff_says(lab: &Lab) {
    let other = Project::new(lab, "other", "changes/other", "lab/site.yaml", &[]);
    other.deploy(lab);
    let app = Project::new(lab, STACK, "changes/app", "lab/site.yaml", &[]);
    let clash = Project::new(
        lab,
        STACK,
        "changes/app",
        "lab/site.yaml",
        &["changes/app/clash.yaml"],
    );

    let (first, _) = diff(lab, &app, "base.env", false);
    assert!(
        first["services"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["action"] == "create"),
        "on an empty stack every service is created: {first:#}"
    );
    let (ok, said) = deploy(lab, &app, "base.env", false);
    assert!(ok, "the first deploy failed:\n{said}");
    settle(lab);
    assert_unchanged(lab, &app, "base.env", false);

    // Each `.env` changes one thing from the base, so a step undoes the one before.
    for (env, prune) in [
        ("replicas.env", false),
        ("image.env", false),
        ("env.env", false),
        ("secret.env", false),
        ("subnet.env", false),
        ("removed.env", false),
        ("removed.env", true),
    ] {
        say(&format!(
            "  diff and deploy {env}{}",
            if prune { " --prune" } else { "" }
        ));
        let (changes, _) = diff(lab, &app, env, prune);
        let before = running_tasks(lab);
        let (ok, said) = deploy(lab, &app, env, prune);
        assert!(ok, "deploying {env} failed:\n{said}");
        settle(lab);
        let after = running_tasks(lab);
        hold(lab, &changes, &before, &after, env);
        if env == "replicas.env" {
            let web = changes["services"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == "app_web")
                .unwrap();
            assert_eq!(
                (web["action"].as_str(), web["restarts"].as_str()),
                (Some("update"), Some("no")),
                "more replicas restart nothing: {web:#}"
            );
        }
        if env == "subnet.env" {
            let refusals = changes["refusals"].as_array().unwrap();
            assert!(
                refusals
                    .iter()
                    .any(|r| r["code"] == "SW704" && r["outcome"] == "ignored"),
                "the ignored subnet is not said: {changes:#}"
            );
            let subnet = lab.manager(&[
                "network",
                "inspect",
                "app_back",
                "--format",
                "{{range .IPAM.Config}}{{.Subnet}}{{end}}",
            ]);
            assert_eq!(subnet.trim(), "10.210.1.0/24", "docker kept the subnet");
            // The stack file still says another subnet: that stays a difference.
            continue;
        }
        assert_unchanged(lab, &app, env, prune);
    }

    // Back to the whole stack, then a port `other` holds: refused, in docker's words.
    let (ok, said) = deploy(lab, &app, "base.env", false);
    assert!(ok, "redeploying the base failed:\n{said}");
    settle(lab);
    let (changes, status) = diff(lab, &clash, "base.env", false);
    assert_eq!(status, 1, "a refused change exits with 1: {changes:#}");
    let refusal = changes["refusals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "SW701")
        .unwrap_or_else(|| panic!("no refusal: {changes:#}"));
    let words = refusal["docker_says"].as_str().unwrap().to_owned();
    let (ok, said) = deploy(lab, &clash, "base.env", false);
    assert!(!ok, "docker accepted the port that `other` holds:\n{said}");
    assert!(
        said.lines().any(|l| l == words),
        "docker did not say what `diff` said it would:\n  diff: {words}\n  docker:\n{said}"
    );
}

/// `swarmc diff --docker --changes -` on the project with `env`: the change set and
/// the exit status.
fn diff(lab: &Lab, project: &Project, env: &str, prune: bool) -> (Value, i32) {
    let mut args = vec!["--env-file", env, "--docker", "--changes", "-"];
    if prune {
        args.push("--prune");
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_swarmc"));
    command
        .current_dir(&project.dir)
        .env("DOCKER_HOST", lab.host(1))
        .arg("diff")
        .args(project_files(project))
        .args(["--site", "site.yaml"])
        .args(&args);
    let output = command.output().expect("swarmc runs");
    let status = output.status.code().unwrap_or(-1);
    assert!(
        matches!(status, 0 | 1),
        "swarmc diff failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let changes: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not the change set ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (changes, status)
}

/// The compose files of a project, as `-f` arguments.
fn project_files(project: &Project) -> Vec<String> {
    let mut files = vec!["-f".to_owned(), "compose.yaml".to_owned()];
    if project.dir.join("lab-override-0.yaml").is_file() {
        files.extend(["-f".to_owned(), "lab-override-0.yaml".to_owned()]);
    }
    files
}

/// Compiles with `env` and deploys as the user would; whether docker succeeded, and
/// what it printed.
fn deploy(lab: &Lab, project: &Project, env: &str, prune: bool) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swarmc"));
    let output = command
        .current_dir(&project.dir)
        .arg("compile")
        .args(project_files(project))
        .args(["--site", "site.yaml", "--env-file", env, "-o", "stack.yml"])
        .output()
        .expect("swarmc runs");
    assert!(
        output.status.success(),
        "swarmc compile failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(project.dir.join("stack.yml")).expect("the stack");
    prepare(lab, &text);
    let mut args = vec!["stack", "deploy", "--resolve-image", "never"];
    if prune {
        args.push("--prune");
    }
    args.extend(["-c", "stack.yml", STACK]);
    let output = lab
        .command(1)
        .current_dir(&project.dir)
        .args(&args)
        .output()
        .expect("docker runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

/// The IDs of the tasks each of the stack's services wants running.
fn running_tasks(lab: &Lab) -> BTreeMap<String, BTreeSet<String>> {
    let mut tasks: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for service in lines(&lab.manager(&[
        "service",
        "ls",
        "--filter",
        &format!("label=com.docker.stack.namespace={STACK}"),
        "--format",
        "{{.Name}}",
    ])) {
        let ids = lab.manager(&[
            "service",
            "ps",
            &service,
            "--filter",
            "desired-state=running",
            "--no-trunc",
            "--format",
            "{{.ID}}",
        ]);
        tasks.insert(service, lines(&ids).into_iter().collect());
    }
    tasks
}

/// Waits until no service of the swarm is updating and each runs its replicas.
fn settle(lab: &Lab) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let services =
            lines(&lab.manager(&["service", "ls", "--format", "{{.Name}} {{.Replicas}}"]));
        let replicas_met = services.iter().all(|line| {
            let replicas = line.split_whitespace().nth(1).unwrap_or("");
            replicas
                .split_once('/')
                .is_some_and(|(have, want)| have == want)
        });
        let updating = services.iter().any(|line| {
            let name = line.split_whitespace().next().unwrap_or("");
            let state = lab.manager(&[
                "service",
                "inspect",
                name,
                "--format",
                "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}",
            ]);
            state.trim() == "updating"
        });
        if replicas_met && !updating {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the services never settled: {services:?}"
        );
        sleep(Duration::from_secs(1));
    }
}

/// Holds the swarm after a deploy to what `diff` said before it.
fn hold(
    lab: &Lab,
    changes: &Value,
    before: &BTreeMap<String, BTreeSet<String>>,
    after: &BTreeMap<String, BTreeSet<String>>,
    env: &str,
) {
    let empty = BTreeSet::new();
    for service in changes["services"].as_array().unwrap() {
        let name = service["name"].as_str().unwrap();
        let (old, new) = (
            before.get(name).unwrap_or(&empty),
            after.get(name).unwrap_or(&empty),
        );
        let kept = old.intersection(new).count();
        let action = service["action"].as_str().unwrap();
        let restarts = service["restarts"].as_str().unwrap();
        let what = format!("{env}: `{name}` ({action}, restarts {restarts}): {service:#}");
        match (action, restarts) {
            ("create", _) => assert!(!new.is_empty(), "{what}: not created"),
            ("remove", _) => assert!(!after.contains_key(name), "{what}: not removed"),
            ("orphan", _) => assert_eq!(kept, old.len(), "{what}: its tasks did not stay"),
            ("update", "yes") => {
                assert_eq!(kept, 0, "{what}: some tasks were not restarted");
                assert_eq!(
                    service["running_tasks"].as_u64(),
                    Some(old.len() as u64),
                    "{what}: the running tasks were miscounted"
                );
            }
            ("update" | "unchanged", _) => {
                assert_eq!(kept, old.len(), "{what}: tasks were restarted");
            }
            _ => panic!("{what}: unexpected"),
        }
    }
    for kind in ["secret", "config", "network"] {
        let section = format!("{kind}s");
        for object in changes[section.as_str()].as_array().into_iter().flatten() {
            if object["action"] == "create" {
                let name = object["name"].as_str().unwrap();
                lab.manager(&[kind, "inspect", name]);
            }
        }
    }
}

/// After a deploy of `env`, `diff` with the same `env` finds nothing to change.
fn assert_unchanged(lab: &Lab, project: &Project, env: &str, prune: bool) {
    let (changes, status) = diff(lab, project, env, prune);
    assert_eq!(
        (changes["changed"].as_bool(), status),
        (Some(false), 0),
        "after deploying {env}, diff still finds changes: {changes:#}"
    );
}
