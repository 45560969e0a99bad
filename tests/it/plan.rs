//! Deploy plans: every example site profile with its project under
//! `tests/fixtures/sites/` planned in both formats and snapshotted, shell plans checked
//! with `bash -n` and shellcheck, the exit statuses and output file of `swarmc plan`,
//! and that no secret value ever reaches a plan.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::docker::skip;
use crate::support::{Run, Swarmc, fixture, manifest_dir, snapshot_settings};

/// The example profiles, by name, each with the directory of its project.
fn example_sites() -> Vec<(String, PathBuf)> {
    let mut sites: Vec<(String, PathBuf)> = std::fs::read_dir(manifest_dir().join("profiles"))
        .expect("profiles/ exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "yaml").then(|| (name.clone(), fixture("sites").join(name)))
        })
        .collect();
    sites.sort();
    sites
}

fn plan(site: &str, project: &Path, format: &str) -> Run {
    let compose = project.join("compose.yaml");
    let compose = compose.strip_prefix(manifest_dir()).unwrap_or(&compose);
    let site = format!("profiles/{site}.yaml");
    let args: [&OsStr; 7] = [
        "plan".as_ref(),
        "--format".as_ref(),
        format.as_ref(),
        "--site".as_ref(),
        site.as_ref(),
        "-f".as_ref(),
        compose.as_os_str(),
    ];
    Swarmc::new(manifest_dir()).args(args).run()
}

/// `bash -n` and, when installed, shellcheck on a script; the failure, if any.
fn shell_problems(script: &str, test: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sh");
    std::fs::write(&path, script).unwrap();
    let bash = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    if !bash.status.success() {
        return Some(format!(
            "bash -n: {}",
            String::from_utf8_lossy(&bash.stderr)
        ));
    }
    match Command::new("shellcheck").arg(&path).output() {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(format!(
            "shellcheck:\n{}",
            String::from_utf8_lossy(&out.stdout)
        )),
        Err(_) => {
            skip(test, "shellcheck not found");
            None
        }
    }
}

#[test]
fn every_example_site_has_a_project() {
    for (name, project) in example_sites() {
        assert!(
            project.join("compose.yaml").is_file(),
            "profiles/{name}.yaml has no project in tests/fixtures/sites/{name}"
        );
    }
}

#[test]
fn example_sites_plan_as_snapshotted() {
    let mut failures = Vec::new();
    for (name, project) in example_sites() {
        for (format, extension) in [("markdown", "md"), ("shell", "sh")] {
            let run = plan(&name, &project, format);
            assert_eq!(run.status, 0, "{name} ({format}): {}", run.stderr);
            let snapshot = format!("plan__{name}.{extension}");
            let result = std::panic::catch_unwind(|| {
                snapshot_settings().bind(|| insta::assert_snapshot!(snapshot, run.stdout));
            });
            if result.is_err() {
                failures.push(format!("{name} ({format})"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ for: {}",
        failures.join(", ")
    );
}

#[test]
fn example_shell_plans_pass_shellcheck() {
    for (name, project) in example_sites() {
        let run = plan(&name, &project, "shell");
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        if let Some(problem) = shell_problems(&run.stdout, "example_shell_plans_pass_shellcheck") {
            panic!("{name}: {problem}");
        }
    }
}

/// A project in a temporary directory.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn the_default_site_needs_only_the_swarm_and_the_deploy() {
    let dir = project(&[(
        "compose.yaml",
        "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
    )]);
    let run = Swarmc::new(dir.path())
        .args(["plan", "--format", "shell"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The dispatch at the end: `  swarm-init) swarm_init ;;`.
    let steps: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with(" ;;"))
        .filter_map(|l| l.strip_prefix("  ")?.split_once(") ").map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    assert_eq!(steps, ["swarm-init", "deploy"], "{}", run.stdout);
    assert!(run.stdout.contains("local stack=shop "), "{}", run.stdout);
    if let Some(problem) = shell_problems(
        &run.stdout,
        "the_default_site_needs_only_the_swarm_and_the_deploy",
    ) {
        panic!("{problem}");
    }
}

#[test]
fn plans_never_show_secret_values() {
    let dir = project(&[
        (
            "compose.yaml",
            "\
services:
  api:
    image: registry.example.org/api:1.0
    build:
      context: ./api
      args:
        NPM_TOKEN: build-arg-secret-77Qp
    environment:
      DB_PASSWORD: hunter2-looking-Zx9v
      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI-K7MDENG
    secrets: [db_password, api_key, api_token, deploy_key]
secrets:
  api_token:
    external: true
  deploy_key:
    external: true
  db_password:
    file: ./secrets/db_password.txt
  api_key:
    external: true
",
        ),
        ("secrets/db_password.txt", "file-secret-content-Qm3x\n"),
        ("api/Dockerfile", "FROM scratch\n"),
        (
            "site.yaml",
            "\
name: vault
env:
  vars:
    API_TOKEN: { value: site-secret-8f2Kq1, secret: true }
    DEPLOY_KEY: { value: '', secret: true }
nodes:
  - { hostname: m1, role: manager, addresses: [192.168.1.10/24] }
  - { hostname: w1, addresses: [192.168.1.20/24] }
registry: { address: registry.example.org, with_registry_auth: true }
",
        ),
    ]);
    let values = [
        "build-arg-secret-77Qp",
        "hunter2-looking-Zx9v",
        "wJalrXUtnFEMI-K7MDENG",
        "site-secret-8f2Kq1",
        "env-secret-4HqTt",
        "file-secret-content-Qm3x",
    ];
    for format in ["markdown", "shell"] {
        let run = Swarmc::new(dir.path())
            .args(["plan", "--site", "site.yaml", "--format", format])
            .env("DEPLOY_KEY", "env-secret-4HqTt")
            .run();
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert!(run.stdout.contains("docker build"), "{}", run.stdout);
        for value in values {
            assert!(
                !run.stdout.contains(value),
                "the {format} plan shows `{value}`:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn a_plan_that_would_show_a_secret_value_is_not_written() {
    let dir = project(&[
        (
            "compose.yaml",
            "services:\n  web:\n    image: registry.example.org/${TEAM_TOKEN}/web:1.0\n    build: .\n",
        ),
        ("Dockerfile", "FROM scratch\n"),
        (
            "site.yaml",
            "\
env:
  vars:
    TEAM_TOKEN: { value: s3cr3t-team, secret: true }
nodes:
  - { hostname: m1, role: manager }
",
        ),
    ]);
    let run = Swarmc::new(dir.path())
        .args(["plan", "--site", "site.yaml", "-o", "plan.md"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    // Refused where the compose file interpolates it, before any plan is made.
    assert!(
        run.stderr
            .contains("the secret variable `TEAM_TOKEN` would be written into the stack"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cr3t-team"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!dir.path().join("plan.md").exists());
}

#[test]
fn errors_stop_the_plan_and_leave_the_output_alone() {
    let dir = project(&[
        ("compose.yaml", "services:\n  web:\n    build: ./web\n"),
        ("plan.md", "the previous plan\n"),
    ]);
    let run = Swarmc::new(dir.path())
        .args(["plan", "-o", "plan.md"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // Without a site registry, a build-only service is refused at its `build`, rather
    // than pushed to Docker Hub.
    assert!(
        run.stderr.contains("SW311") && run.stderr.contains("compose.yaml:3:5"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    let kept = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
    assert_eq!(kept, "the previous plan\n");
}

#[test]
fn the_plan_goes_to_the_output_file_and_expects_the_stack_beside_it() {
    let dir = project(&[("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")]);
    std::fs::create_dir(dir.path().join("deploy")).unwrap();
    let run = Swarmc::new(dir.path())
        .args(["plan", "--format", "shell", "-o", "deploy/plan.sh"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let plan = std::fs::read_to_string(dir.path().join("deploy/plan.sh")).unwrap();
    assert!(plan.starts_with("#!/usr/bin/env bash\n"), "{plan}");
    assert!(
        plan.contains("swarmc compile -o deploy/stack.yml"),
        "{plan}"
    );
}

/// The engine API is root on every node it is open on: the site names the nodes that
/// open it, and the plan opens the port and the firewall there only.
#[test]
fn engine_api_opens_only_on_the_nodes_the_site_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager, addresses: [10.0.1.1/24] }\n  - { hostname: w1, role: worker, addresses: [10.0.1.2/24] }\nnetwork:\n  engine_api:\n    on: { role: manager }\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["plan", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2. Open the engine API: `m1`\n"),
        "{}",
        run.stdout
    );
    let firewall_w1 = run.stdout.split("- `w1`:").nth(1).unwrap_or("");
    let firewall_w1 = firewall_w1.split("\n\n").next().unwrap_or("");
    assert!(!firewall_w1.contains("2376"), "{firewall_w1}");

    // A selector no node matches is refused where it is written.
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager }\nnetwork:\n  engine_api:\n    on: { role: worker }\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml", "--output-format", "concise"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "site.yaml:5:5: error[SW405] no node matches every part of `network.engine_api.on`"
        ),
        "{}",
        run.stdout
    );
}
