//! Mounts, volumes, secrets and configs on a site: storage that is not shared by every
//! node is reported, NFS-backed volumes and content-named secrets reach docker as the
//! stack says, and no secret's value is ever written anywhere.

use std::path::Path;

use serde_json::Value;

use crate::docker::{capture, capture_tool, docker_available};
use crate::support::{Swarmc, fixture, snapshot_settings};

fn compile_with_site(dir: &Path, extra: &[&str]) -> crate::support::Run {
    Swarmc::new(dir)
        .args(["compile", "--site", "site.yaml"])
        .args(extra)
        .run()
}

#[test]
fn storage_that_nodes_do_not_share_is_reported() {
    let run = compile_with_site(&fixture("store/node-local"), &[]);
    snapshot_settings().bind(|| insta::assert_snapshot!("store__node_local", run.transcript()));
}

#[test]
fn secret_values_never_reach_the_stack_or_the_diagnostics() {
    let cases = [
        ("compile/secrets-configs", "db_password.txt", false),
        ("compile/site-secret", "secrets/db_password.txt", true),
        ("compile/nfs-volume", "tls.key", true),
    ];
    for (dir, secret, site) in cases {
        let dir = fixture(dir);
        let value = std::fs::read_to_string(dir.join(secret)).expect("the secret file exists");
        let value = value.trim();
        assert!(!value.is_empty());
        for format in ["human", "json"] {
            let mut args = vec!["compile", "--output-format", format];
            if site {
                args.extend(["--site", "site.yaml"]);
            }
            let run = Swarmc::new(&dir).args(&args).run();
            assert_eq!(run.status, 0, "{}", run.stderr);
            assert!(run.stdout.contains("file: ./"), "{}", run.stdout);
            assert!(
                !run.stdout.contains(value) && !run.stderr.contains(value),
                "{}: the value of `{secret}` was written out",
                dir.display()
            );
        }
    }
}

fn specs<'a>(captured: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    captured["specs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |s| s["kind"] == kind)
        .map(|s| &s["body"])
}

#[test]
fn nfs_volumes_and_content_named_secrets_reach_docker() {
    let test = "nfs_volumes_and_content_named_secrets_reach_docker";
    if !docker_available(test) {
        return;
    }
    let Some(tool) = capture_tool(test) else {
        return;
    };
    let dir = fixture("compile/nfs-volume");
    let run = compile_with_site(&dir, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // In the fixture's directory, so that `./tls.key` means what it meant.
    let stack = tempfile::Builder::new()
        .prefix(".stack-")
        .suffix(".yml")
        .tempfile_in(&dir)
        .expect("temp file");
    std::fs::write(stack.path(), &run.stdout).expect("stack written");
    let captured = capture(&tool, stack.path());
    let output = captured["output"].as_str().unwrap_or_default();
    assert_eq!(captured["rc"], 0, "{output}");
    assert!(!output.contains("Ignoring"), "{output}");

    let web = specs(&captured, "service_create")
        .find(|body| body["Name"] == "st_web")
        .unwrap_or_else(|| panic!("no service st_web in {captured:#}"));
    let mounts = &web["TaskTemplate"]["ContainerSpec"]["Mounts"];
    let driver = &mounts[0]["VolumeOptions"]["DriverConfig"];
    assert_eq!(driver["Name"], "local", "{mounts:#}");
    assert_eq!(driver["Options"]["type"], "nfs");
    assert_eq!(driver["Options"]["o"], "addr=10.0.0.5,nfsvers=4.1,rw");
    assert_eq!(driver["Options"]["device"], ":/exports/shared");
    assert_eq!(mounts[0]["Source"], "st_shared_data");

    // sha256("not-a-real-key\n") starts with 9f205459ce.
    let secrets: Vec<&Value> = specs(&captured, "secret_create").collect();
    assert_eq!(secrets.len(), 1, "{captured:#}");
    assert_eq!(secrets[0]["Name"], "tls_key_9f205459ce");
    let refs = &web["TaskTemplate"]["ContainerSpec"]["Secrets"];
    assert_eq!(refs[0]["SecretName"], "tls_key_9f205459ce", "{refs:#}");
}

#[test]
fn secrets_larger_than_swarm_stores_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  app:\n    image: example/app:1.0\n    secrets: [big]\n    configs: [small]\nsecrets:\n  big:\n    file: ./big.bin\nconfigs:\n  small:\n    file: ./big.bin\n",
    )
    .expect("compose file written");
    std::fs::write(dir.path().join("big.bin"), vec![b'x'; 600 * 1024]).expect("file written");
    let run = Swarmc::new(dir.path()).args(["compile"]).run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    // The secret is refused; the config of the same size is within swarm's limit.
    assert_eq!(run.stderr.matches("SW388").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("`big`"), "{}", run.stderr);
}

#[test]
fn xnat_shares_its_archive_and_build_paths_and_names_its_secret_by_content() {
    let project = fixture("sites/xnat");
    let site = crate::support::manifest_dir().join("profiles/xnat.yaml");
    let run = Swarmc::new(&project)
        .args(["compile", "--site"])
        .args([&site])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("SW322"), "{}", run.stderr);
    assert!(!run.stderr.contains("SW384"), "{}", run.stderr);
    assert!(
        run.stdout.contains("source: /data/xnat/archive"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("source: /data/xnat/build"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("name: xnat_db_password_"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("file: ./secrets/xnat_db_password.txt"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_local_volume_is_reported_only_when_its_service_may_run_on_several_nodes() {
    // One manager and two nodes labelled `disk=ssd`: a pin by role keeps the task
    // on one node, a pin by a label two nodes carry does not.
    let site = "nodes:\n  - { hostname: m1, role: manager }\n  - { hostname: w1, labels: { disk: ssd } }\n  - { hostname: w2, labels: { disk: ssd } }\n";
    let project = |constraint: &str| {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("compose.yaml"),
            format!(
                "services:\n  db:\n    image: postgres:16\n    volumes: [data:/var/lib/postgresql/data]\n    deploy:\n      placement:\n        constraints: [\"{constraint}\"]\nvolumes:\n  data: {{}}\n"
            ),
        )
        .expect("compose file written");
        std::fs::write(dir.path().join("site.yaml"), site).expect("site written");
        dir
    };
    let on_manager = project("node.role == manager");
    let run = compile_with_site(on_manager.path(), &["--output-format", "concise"]);
    assert!(!run.stderr.contains("SW384"), "{}", run.stderr);
    let on_ssd = project("node.labels.disk == ssd");
    let run = compile_with_site(on_ssd.path(), &["--output-format", "concise"]);
    assert!(
        run.stderr
            .contains("warning[SW384] volume `data` stays on the node where `db` first ran"),
        "{}",
        run.stderr
    );
}

/// A site variable marked `secret: true` is refused where a compose value interpolates
/// it, before its value can reach the stack, the `--check` diff or standard output.
#[test]
fn a_secret_site_variable_is_refused_where_it_is_interpolated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(
        path.join("compose.yaml"),
        "services:\n  api:\n    image: nginx:1.27\n    environment:\n      TOKEN: ${SITE_TOKEN}\n",
    )
    .unwrap();
    std::fs::write(
        path.join("site.yaml"),
        "env:\n  vars:\n    SITE_TOKEN: { value: \"it's a s3cret\\nline\", secret: true }\nnodes:\n  - { hostname: m1, role: manager }\n",
    )
    .unwrap();
    std::fs::write(path.join("stack.yml"), "services: {}\n").unwrap();
    for args in [
        &[
            "compile",
            "--site",
            "site.yaml",
            "--output-format",
            "concise",
        ][..],
        &[
            "compile",
            "--site",
            "site.yaml",
            "--output-format",
            "concise",
            "-o",
            "stack.yml",
        ],
        &[
            "compile",
            "--site",
            "site.yaml",
            "--output-format",
            "concise",
            "--check",
            "-o",
            "stack.yml",
        ],
    ] {
        let run = Swarmc::new(path).args(args).run();
        assert_eq!(run.status, 1, "{}", run.transcript());
        assert!(
            run.stderr.contains("compose.yaml:5:14: error[SW243]")
                && run.stderr.contains("the secret variable `SITE_TOKEN`"),
            "{}",
            run.stderr
        );
        assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));
        let stack = std::fs::read_to_string(path.join("stack.yml")).unwrap();
        assert_eq!(stack, "services: {}\n");
    }
}

#[test]
fn only_bind_mounts_of_data_a_task_may_miss_on_another_node_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  agent:\n    image: example/agent:1.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - /etc/localtime:/etc/localtime:ro\n      - /proc:/host/proc:ro\n  pinned:\n    image: example/db:1.0\n    volumes: [/srv/db:/var/lib/db]\n    deploy:\n      placement:\n        constraints: [node.hostname == node-1]\n  roaming:\n    image: example/app:1.0\n    volumes: [/srv/app:/data]\n",
    )
    .expect("compose file written");
    std::fs::write(
        dir.path().join("site.yaml"),
        "name: two\nnodes:\n  - {hostname: node-1, role: manager, cpus: 4, memory: 8GiB}\n  - {hostname: node-2, role: worker, cpus: 4, memory: 8GiB}\n",
    )
    .expect("site written");
    let run = Swarmc::new(dir.path())
        .args(["compile", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("SW322").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("`/srv/app`"), "{}", run.stderr);
}
