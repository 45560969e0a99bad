//! `swarmc check --state` and `--docker`: a prediction on a swarm that already runs
//! other stacks. The fixture is the case that motivates it: four replicas reserving 1.5
//! CPUs each on three 2-CPU nodes, of which another stack loads one with 1.5 CPUs, so
//! that two tasks fit, not three. The saved outputs of docker 20.10 and 28 give the
//! same prediction; the tasks of the stack being deployed (`app`) are left out.

use std::path::{Path, PathBuf};

use crate::support::{Run, Swarmc, fixture, snapshot_settings};

fn project() -> PathBuf {
    fixture("check-state/project")
}

fn check(state: &[&str]) -> Run {
    Swarmc::new(&project())
        .args(["check", "--site", "site.yaml"])
        .args(state)
        .run()
}

fn state_dir(release: &str) -> String {
    fixture(&format!("check-state/{release}"))
        .display()
        .to_string()
}

/// Fixture paths shown as the file's name alone, so snapshots do not depend on where
/// the repository is.
fn portable(run: &Run) -> String {
    let root = fixture("check-state").display().to_string();
    run.transcript().replace(&root, "<fixtures>")
}

#[test]
fn a_busy_swarm_leaves_tasks_pending_and_names_the_holder() {
    let empty = check(&[]);
    assert!(
        empty.stdout.contains("big: 3 of 4 tasks placed"),
        "{}",
        empty.stdout
    );
    let run = check(&["--state", &state_dir("docker-20.10")]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("big: 2 of 4 tasks placed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("`lab1` has 0.5 free CPUs: `other_big` reserves 1.5"),
        "{}",
        run.stderr
    );
    snapshot_settings().bind(|| insta::assert_snapshot!("check_state__busy_swarm", portable(&run)));
}

#[test]
fn docker_28_outputs_give_the_same_prediction() {
    let old = check(&["--state", &state_dir("docker-20.10")]);
    let new = check(&["--state", &state_dir("docker-28")]);
    assert_eq!(old.stdout, new.stdout);
    assert_eq!(new.status, 1);
}

#[test]
fn one_file_is_read_as_state_too() {
    // The tasks alone: the services' reservations are unknown, so the task of
    // `other_big` on `lab1` holds no room, and three tasks fit as on an empty swarm;
    // the tasks of `app_big` are the stack's own by their name.
    let tasks = format!("{}/tasks.json", state_dir("docker-28"));
    let run = check(&["--state", &tasks]);
    assert!(
        run.stdout
            .starts_with("placement on site `lab` (3 nodes, after 1 running task of other stacks"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("big: 3 of 4 tasks placed"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_stack_being_deployed_is_named_by_stack_name() {
    // Named `other`, the project replaces `other_big`, and the tasks of `app` on
    // `lab2` and `lab3` hold 1.5 CPUs each: one task fits, on `lab1`.
    let run = check(&[
        "--state",
        &state_dir("docker-20.10"),
        "--stack-name",
        "other",
    ]);
    assert!(
        run.stdout
            .starts_with("placement on site `lab` (3 nodes, after 2 running tasks of other stacks"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("big: 1 of 4 tasks placed: 1 on lab1"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_subnet_another_stack_holds_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["services.json", "tasks.json", "networks.json"] {
        let text = std::fs::read_to_string(Path::new(&state_dir("docker-28")).join(file))
            .unwrap()
            .replace("10.20.0.0/24", "10.20.0.0/23");
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let run = check(&[
        "--state",
        dir.path().to_str().unwrap(),
        "--output-format",
        "concise",
    ]);
    let dir = dir.path().display().to_string();
    let shown = run.transcript().replace(&dir, "<state>");
    assert!(shown.contains("[SW550]"), "{shown}");
    snapshot_settings().bind(|| insta::assert_snapshot!("check_state__subnet_held", shown));
}

#[test]
fn hostile_state_is_located_never_a_panic() {
    let mut shown = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("check-state/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let run = check(&[
            "--state",
            file.to_str().unwrap(),
            "--output-format",
            "concise",
        ]);
        let name = file.file_name().unwrap().to_str().unwrap();
        assert_eq!(run.status, 1, "{name}: {}", run.transcript());
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(run.stdout.contains("[SW05"), "{name}: {}", run.transcript());
        shown.push_str(&format!("== {name}\n{}", portable(&run)));
    }
    snapshot_settings().bind(|| insta::assert_snapshot!("check_state__hostile", shown));
}

/// A stand-in for the docker CLI that prints the docker 28 outputs.
fn fake_docker(dir: &Path) -> PathBuf {
    let f = state_dir("docker-28");
    let body = format!(
        "case \"$*\" in\n\
         *'service ls -q'*) echo r4t6 b5n7 ;;\n\
         *'service inspect r4t6 b5n7'*) cat {f}/services.json ;;\n\
         *'node ls -q'*) echo k2x8 p4r6 a1c3 ;;\n\
         *'node ps k2x8 p4r6 a1c3 --filter desired-state=running --format {{{{json .}}}}'*) cat {f}/tasks.json ;;\n\
         *'network ls -q --filter scope=swarm'*) echo q3w5 z2x4 m1n3 ;;\n\
         *'network inspect q3w5 z2x4 m1n3'*) cat {f}/networks.json ;;\n\
         *) echo \"unexpected: $*\" >&2; exit 64 ;;\n\
         esac\n"
    );
    let path = dir.join("docker");
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn docker_asks_the_docker_cli() {
    let dir = tempfile::tempdir().unwrap();
    let docker = fake_docker(dir.path());
    let run = Swarmc::new(&project())
        .args(["check", "--site", "site.yaml", "--docker"])
        .env("SWARMC_DOCKER", &docker)
        .run();
    let saved = check(&["--state", &state_dir("docker-28")]);
    assert_eq!(run.stdout, saved.stdout, "{}", run.stderr);
    assert_eq!(run.stderr, saved.stderr);
}

#[test]
fn a_failing_docker_cli_is_reported_and_nothing_predicted() {
    let dir = tempfile::tempdir().unwrap();
    let docker = dir.path().join("docker");
    std::fs::write(
        &docker,
        "#!/bin/sh\necho 'Error response from daemon: This node is not a swarm manager.' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = Swarmc::new(&project())
        .args([
            "check",
            "--site",
            "site.yaml",
            "--docker",
            "--output-format",
            "concise",
        ])
        .env("SWARMC_DOCKER", &docker)
        .run();
    assert_ne!(run.status, 0);
    assert!(!run.stdout.contains("placement on site"), "{}", run.stdout);
    snapshot_settings()
        .bind(|| insta::assert_snapshot!("check_state__docker_failed", run.transcript()));
}

#[test]
fn a_state_file_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks.json");
    let saved = std::fs::read(format!("{}/tasks.json", state_dir("docker-28"))).unwrap();
    std::fs::write(&tasks, &saved).unwrap();
    let tasks = tasks.to_str().unwrap();
    let run = check(&["--state", tasks, "--report-file", tasks]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(tasks).unwrap(), saved);
}
