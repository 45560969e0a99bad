use std::path::PathBuf;

use crate::support::{Swarmc, fixture, manifest_dir, snapshot_settings};

#[test]
fn bad_profiles_report_located_errors() {
    let dir = fixture("site");
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/site", "bad-*.yaml", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let run = Swarmc::new(&dir).args(["site", "check", name]).run();
            assert_eq!(run.status, 1, "{}", run.stderr);
            insta::assert_snapshot!("site__check", run.transcript());
        });
    });
}

#[test]
fn example_profiles_check_clean() {
    let mut profiles: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("profiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    profiles.sort();
    assert!(!profiles.is_empty());
    for profile in profiles {
        let run = Swarmc::new(manifest_dir())
            .args(["site".as_ref(), "check".as_ref(), profile.as_os_str()])
            .run();
        assert_eq!(run.status, 0, "{}: {}", profile.display(), run.stdout);
        assert!(
            run.stderr.is_empty() && run.stdout.is_empty(),
            "{}: {}",
            profile.display(),
            run.stderr
        );
    }
}

#[test]
fn the_default_site_is_a_valid_profile() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path()).args(["site", "default"]).run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# yaml-language-server: $schema=site.schema.json\n"),
        "{}",
        run.stdout
    );
    let dash = Swarmc::new(dir.path())
        .args(["site", "default", "-o", "-"])
        .run();
    assert_eq!(dash.stdout, run.stdout, "`-o -` is standard output");
    std::fs::write(dir.path().join("site.yaml"), &run.stdout).unwrap();
    let check = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml"])
        .run();
    assert_eq!(check.status, 0, "{}", check.stdout);
    assert!(check.stdout.is_empty(), "{}", check.stdout);
}

#[test]
fn a_default_site_written_to_a_file_has_its_schema_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("deploy")).unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "default", "-o", "deploy/site.yaml"])
        .run();
    assert_eq!((run.status, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let profile = std::fs::read_to_string(dir.path().join("deploy/site.yaml")).unwrap();
    // The name yaml-language-server resolves against the profile's own directory.
    let first = profile.lines().next().unwrap();
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap();
    let written = std::fs::read_to_string(dir.path().join("deploy").join(schema)).unwrap();
    let committed =
        std::fs::read_to_string(manifest_dir().join("schemas/site.schema.json")).unwrap();
    assert_eq!(written, committed);
    let check = Swarmc::new(dir.path())
        .args(["site", "check", "deploy/site.yaml"])
        .run();
    assert_eq!((check.status, check.stdout.as_str()), (0, ""));
}

#[test]
fn compile_reports_the_site_profile_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager, cpus: 2, memory: 4GiB }\nnetwork:\n  data_path_port: 80\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("SW410"), "{}", run.stderr);
    assert!(run.stderr.contains("[site.yaml:4:19]"), "{}", run.stderr);
}

#[test]
fn a_missing_site_profile_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "nope.yaml"])
        .run();
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("cannot read `nope.yaml`"),
        "{}",
        run.stdout
    );
}

/// The example profiles under `profiles/`, by name; each has its project in
/// `tests/fixtures/sites/<name>/compose.yaml`.
fn example_sites() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(manifest_dir().join("profiles"))
        .expect("profiles/ exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "yaml").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

/// `swarmc compile` of an example site's project with its profile, from the checkout.
fn compile_example(name: &str) -> crate::support::Run {
    let site = format!("profiles/{name}.yaml");
    let compose = format!("tests/fixtures/sites/{name}/compose.yaml");
    Swarmc::new(manifest_dir())
        .args(["compile", "--site", &site, "-f", &compose])
        .run()
}

#[test]
fn example_sites_compile_as_snapshotted() {
    let mut failures = Vec::new();
    for name in example_sites() {
        let run = compile_example(&name);
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        let snapshot = format!("site__compile_{name}");
        let result = std::panic::catch_unwind(|| {
            snapshot_settings().bind(|| insta::assert_snapshot!(snapshot, run.transcript()));
        });
        if result.is_err() {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ for: {}",
        failures.join(", ")
    );
}

/// What docker must send for one service of an example site (`st_` and its name): the
/// constraints it must have, all its generic resources, and other fields of its spec as
/// JSON pointers with their values.
struct Expectation {
    service: &'static str,
    constraints: &'static [&'static str],
    generic: &'static [(&'static str, u64)],
    fields: Vec<(&'static str, serde_json::Value)>,
}

fn expect(
    service: &'static str,
    constraints: &'static [&'static str],
    generic: &'static [(&'static str, u64)],
    fields: Vec<(&'static str, serde_json::Value)>,
) -> Expectation {
    Expectation {
        service,
        constraints,
        generic,
        fields,
    }
}

const RESERVED_CPUS: &str = "/TaskTemplate/Resources/Reservations/NanoCPUs";
const RESERVED_MEMORY: &str = "/TaskTemplate/Resources/Reservations/MemoryBytes";
const KEEPALIVE: &str = "/TaskTemplate/ContainerSpec/Sysctls/net.ipv4.tcp_keepalive_time";

fn expectations(name: &str) -> Vec<Expectation> {
    use serde_json::json;
    match name {
        // What OpenMPF's authors wrote by hand in their swarm template: the workflow
        // manager and its database on the manager, the GPU component by generic
        // resources.
        "openmpf" => vec![
            expect("db", &["node.hostname == mpf-manager"], &[], vec![]),
            expect(
                "workflow-manager",
                &["node.hostname == mpf-manager"],
                &[],
                vec![],
            ),
            expect(
                "clip-detection-server",
                &["node.labels.gpu == nvidia"],
                &[("NVIDIA-GPU", 1)],
                vec![],
            ),
        ],
        "xnat" => vec![
            expect(
                "xnat-db",
                &["node.labels.db == xnat", "node.hostname == xnat-swarm-1"],
                &[],
                vec![],
            ),
            expect(
                "dicom-reindex",
                &[],
                &[],
                vec![
                    ("/Mode/ReplicatedJob/TotalCompletions", json!(1)),
                    (RESERVED_CPUS, json!(2_000_000_000_u64)),
                    (RESERVED_MEMORY, json!(4_u64 << 30)),
                ],
            ),
        ],
        "bids-flux" => vec![
            expect("postgres", &["node.labels.bids.role == data"], &[], vec![]),
            expect(
                "pipeline-runner",
                &["node.labels.bids.role == processing"],
                &[],
                vec![
                    (RESERVED_CPUS, json!(40_000_000_000_u64)),
                    (RESERVED_MEMORY, json!(192_u64 << 30)),
                ],
            ),
            expect("flux-api", &[], &[], vec![(KEEPALIVE, json!("600"))]),
        ],
        "research-cluster" => vec![
            expect(
                "mongo",
                &["node.labels.mongo == 1"],
                &[],
                vec![(KEEPALIVE, json!("600"))],
            ),
            expect("postgres", &["node.labels.postgres == 1"], &[], vec![]),
            expect(
                "rabbitmq",
                &["node.labels.rabbitmq == 1"],
                &[],
                vec![("/EndpointSpec/Mode", json!("dnsrr"))],
            ),
            expect(
                "space-time-tradeoff",
                &["node.labels.data != 1"],
                &[],
                vec![(RESERVED_MEMORY, json!(96_u64 << 30))],
            ),
            expect(
                "thumbnailer",
                &["node.labels.data != 1"],
                &[],
                vec![("/Mode/Global", json!({}))],
            ),
        ],
        _ => Vec::new(),
    }
}

#[test]
fn example_site_stacks_deploy_with_their_placements() {
    let test = "example_site_stacks_deploy_with_their_placements";
    if !crate::docker::docker_available(test) {
        return;
    }
    let tool = crate::docker::capture_tool(test);
    for name in example_sites() {
        let run = compile_example(&name);
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        // Where the stack was compiled to (standard output, in the working directory),
        // so that its relative paths mean what they meant.
        let stack = tempfile::Builder::new()
            .prefix(".stack-")
            .suffix(".yml")
            .tempfile_in(manifest_dir())
            .expect("temp file");
        std::fs::write(stack.path(), &run.stdout).expect("stack written");
        let outcome = crate::docker::stack_config(stack.path());
        assert!(
            outcome.success && outcome.stderr.trim().is_empty(),
            "{name}: docker stack config: {}\n{}",
            outcome.stderr,
            run.stdout
        );
        let Some(tool) = &tool else { continue };
        let captured = crate::docker::capture(tool, stack.path());
        let output = captured["output"].as_str().unwrap_or_default();
        assert_eq!(captured["rc"], 0, "{name}: {output}");
        assert!(!output.contains("Ignoring"), "{name}: {output}");
        for Expectation {
            service,
            constraints,
            generic,
            fields,
        } in expectations(&name)
        {
            let spec = captured["specs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["kind"] == "service_create")
                .map(|s| &s["body"])
                .find(|body| body["Name"] == format!("st_{service}"))
                .unwrap_or_else(|| panic!("{name}: docker creates no service `st_{service}`"));
            let task = &spec["TaskTemplate"];
            let sent: Vec<&str> = task["Placement"]["Constraints"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .collect();
            for constraint in constraints {
                assert!(
                    sent.contains(constraint),
                    "{name}: `{service}` lacks `{constraint}`: {sent:?}"
                );
            }
            let resources: Vec<(String, u64)> =
                task["Resources"]["Reservations"]["GenericResources"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|g| {
                        let spec = &g["DiscreteResourceSpec"];
                        (
                            spec["Kind"].as_str().unwrap_or_default().to_owned(),
                            spec["Value"].as_u64().unwrap_or_default(),
                        )
                    })
                    .collect();
            let wanted: Vec<(String, u64)> =
                generic.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
            assert_eq!(
                resources, wanted,
                "{name}: generic resources of `{service}`"
            );
            for (pointer, value) in &fields {
                assert_eq!(
                    spec.pointer(pointer),
                    Some(value),
                    "{name}: `{service}` at {pointer}: {spec:#}"
                );
            }
        }
    }
}

#[test]
fn a_site_entry_for_a_service_the_project_does_not_have_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  xnat-web:\n    image: xnat/web:1.8\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager }\nservices:\n  xnat-wbe:\n    replicas: 2\n",
    )
    .unwrap();
    let expected = "site.yaml:4:3: warning[SW413] the project has no service `xnat-wbe`";
    for args in [
        &["site", "check", "site.yaml", "-f", "compose.yaml"][..],
        &["compile", "--site", "site.yaml"],
        &["check", "--site", "site.yaml"],
        &["plan", "--site", "site.yaml"],
        &["lint", "--site", "site.yaml"],
    ] {
        let run = Swarmc::new(dir.path())
            .args(args)
            .args(["--output-format", "concise"])
            .run();
        // `compile` and `plan` keep standard output for their product; the others
        // write their report there in the machine formats.
        let report = match args[0] {
            "compile" | "plan" => &run.stderr,
            _ => &run.stdout,
        };
        assert!(report.contains(expected), "{args:?}: {report}");
    }
    // Without the project, the profile alone has nothing to compare with.
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml"])
        .run();
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml", "-f", "compose.yaml"])
        .run();
    snapshot_settings().bind(|| insta::assert_snapshot!("site__unknown_service", run.transcript()));
}

#[test]
fn pin_selects_nodes_by_role_engine_label_or_any_constraint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  api:\n    image: xnat/web:1.8\n  gpu:\n    image: cuda:12\n  batch:\n    image: busybox:1.36\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager }\n  - { hostname: w1, engine_labels: { gpu: a100 }, platform: { arch: aarch64 } }\nservices:\n  api:\n    pin: { role: manager }\n  gpu:\n    pin: { engine_labels: { gpu: a100 } }\n  batch:\n    keep_off: { constraints: [\"node.platform.arch == aarch64\"] }\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    for constraint in [
        "node.role == manager",
        "engine.labels.gpu == a100",
        "node.platform.arch != aarch64",
    ] {
        assert!(
            run.stdout.contains(constraint),
            "{constraint}:\n{}",
            run.stdout
        );
    }
    // Each lands where the site says: api and batch on m1, gpu on w1.
    let check = Swarmc::new(dir.path())
        .args(["check", "--site", "site.yaml"])
        .run();
    assert!(
        check.stdout.contains("  api: 1 task: 1 on m1\n"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("  batch: 1 task: 1 on m1\n"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("  gpu: 1 task: 1 on w1\n"),
        "{}",
        check.stdout
    );

    // A constraint swarm refuses, and a pin no node matches, are located errors.
    std::fs::write(
        dir.path().join("bad.yaml"),
        "nodes:\n  - { hostname: m1, role: manager }\nservices:\n  api:\n    pin: { role: worker }\n  gpu:\n    pin: { constraints: [\"node.role = manager\"] }\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "bad.yaml", "--output-format", "concise"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "bad.yaml:5:5: error[SW405] no node matches every part of `services.api.pin`"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "bad.yaml:7:26: error[SW400] constraint `node.role = manager` is not one swarm accepts"
        ),
        "{}",
        run.stdout
    );
}
