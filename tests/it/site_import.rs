use std::path::Path;

use crate::support::{Swarmc, fixture, snapshot_settings};

fn import_args(release: &str) -> Vec<String> {
    let dir = fixture("import").join(release);
    ["nodes", "info", "networks", "secrets", "configs"]
        .iter()
        .flat_map(|what| {
            [
                format!("--{what}"),
                dir.join(format!("{what}.json")).display().to_string(),
            ]
        })
        .collect()
}

/// A stand-in for the docker CLI that prints the docker 20.10 fixtures and logs its
/// arguments, or fails as a worker's engine does.
fn fake_docker(dir: &Path, fail: bool) -> std::path::PathBuf {
    let fixtures = fixture("import/docker-20.10");
    let f = fixtures.display();
    let body = if fail {
        "echo 'Error response from daemon: This node is not a swarm manager.' >&2\nexit 1\n"
            .to_owned()
    } else {
        format!(
            "case \"$*\" in\n\
             *'node ls -q'*) echo k2x8 p4r6 a1c3 ;;\n\
             *'node inspect k2x8 p4r6 a1c3'*) cat {f}/nodes.json ;;\n\
             *'info --format {{{{json .}}}}'*) cat {f}/info.json ;;\n\
             *'network ls -q --filter scope=swarm'*) echo q3w5 z2x4 m1n3 ;;\n\
             *'network inspect q3w5 z2x4 m1n3'*) cat {f}/networks.json ;;\n\
             *'secret ls --format {{{{json .}}}}'*) cat {f}/secrets.json ;;\n\
             *'config ls --format {{{{json .}}}}'*) cat {f}/configs.json ;;\n\
             *) echo \"unexpected: $*\" >&2; exit 64 ;;\n\
             esac\n"
        )
    };
    let path = dir.join("docker");
    let log = dir.join("args.log");
    std::fs::write(
        &path,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n{body}", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_docker_20_10_swarm_becomes_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "import"])
        .args(import_args("docker-20.10"))
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    snapshot_settings()
        .bind(|| insta::assert_snapshot!("site_import__docker_20_10", run.transcript()));
    std::fs::write(dir.path().join("site.yaml"), &run.stdout).unwrap();
    let check = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml"])
        .run();
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn into_refreshes_the_measured_parts_and_reports_changes() {
    let dir = tempfile::tempdir().unwrap();
    let first = Swarmc::new(dir.path())
        .args(["site", "import"])
        .args(import_args("docker-20.10"))
        .run();
    assert_eq!(first.status, 0, "{}", first.stderr);
    let written = format!(
        "name: lab\ndescription: Three VMs under the desk.\n{}\nstorage:\n  shared_paths: [/srv/data]\n",
        first.stdout.replace(
            "  host_networks: {}\n",
            "  host_networks:\n    lan: 192.168.56.0/24\n"
        )
    );
    let site = dir.path().join("site.yaml");
    std::fs::write(&site, written).unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "import", "--into", "site.yaml"])
        .args(import_args("docker-28"))
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let refreshed = std::fs::read_to_string(&site).unwrap();
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "site_import__into",
            format!("{}----- site.yaml -----\n{refreshed}", run.transcript())
        );
    });
    let check = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml"])
        .run();
    assert_eq!(check.status, 0, "{}", check.stderr);
    // Refreshing again from the same swarm changes nothing.
    let again = Swarmc::new(dir.path())
        .args(["site", "import", "--into", "site.yaml"])
        .args(import_args("docker-28"))
        .run();
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert_eq!(again.stderr, "swarmc: imported 3 nodes; 0 changes\n");
    assert_eq!(std::fs::read_to_string(&site).unwrap(), refreshed);
}

#[test]
fn unreadable_docker_output_is_located() {
    let dir = fixture("import/hostile");
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/import/hostile", "*.json", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let run = Swarmc::new(&dir)
                .args([
                    "site",
                    "import",
                    "--output-format",
                    "concise",
                    "--nodes",
                    name,
                ])
                .run();
            assert_eq!(run.status, 1, "{}", run.stderr);
            assert!(run.stdout.is_empty());
            insta::assert_snapshot!("site_import__hostile", run.transcript());
        });
    });
}

#[test]
fn nodes_read_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = std::fs::read(fixture("import/docker-28/nodes.json")).unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "import", "--nodes", "-"])
        .stdin(nodes)
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  - hostname: lab4\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("# From `docker node inspect` (`<stdin>`)"),
        "{}",
        run.stdout
    );
}

#[test]
fn docker_runs_the_cli_with_the_users_flags() {
    let dir = tempfile::tempdir().unwrap();
    let docker = fake_docker(dir.path(), false);
    let run = Swarmc::new(dir.path())
        .args([
            "site",
            "import",
            "--docker",
            "--context",
            "lab",
            "--tlsverify",
        ])
        .env("SWARMC_DOCKER", &docker)
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let from_files = Swarmc::new(dir.path())
        .args(["site", "import"])
        .args(import_args("docker-20.10"))
        .run();
    // The same profile, with the commands named instead of the files.
    let expected = from_files.stdout.replace(
        &format!(" (`{}/", fixture("import/docker-20.10").display()),
        " (`",
    );
    let strip = |text: &str| {
        text.lines()
            .map(|l| {
                l.split_once(" (`")
                    .filter(|(_, rest)| rest.contains(".json`)"))
                    .map_or(l.to_owned(), |(head, rest)| {
                        format!("{head}{}", &rest[rest.find(")").unwrap() + 1..])
                    })
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(run.stdout, strip(&expected) + "\n");
    let log = std::fs::read_to_string(dir.path().join("args.log")).unwrap();
    assert!(
        log.lines()
            .all(|l| l.starts_with("--context lab --tlsverify ")),
        "{log}"
    );
    assert_eq!(log.lines().count(), 7, "{log}");
}

#[test]
fn a_failing_docker_command_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let docker = fake_docker(dir.path(), true);
    let run = Swarmc::new(dir.path())
        .args(["site", "import", "--docker"])
        .env("SWARMC_DOCKER", &docker)
        .run();
    // The run itself failed, as for an unreadable file: status 2.
    assert_eq!(run.status, 2, "{}", run.stderr);
    snapshot_settings()
        .bind(|| insta::assert_snapshot!("site_import__docker_failed", run.transcript()));
}
