//! `swarmc check`: each kind of pre-deploy failure on a fixture that triggers it, the
//! fixtures that fit, the example sites, hand-written stack files, and where the
//! placement summary goes.
//!
//! Fixtures live in `tests/fixtures/check/<name>/`: `compose.yaml` (or `stack.yml`,
//! checked with `--stack`) and `site.yaml`. The first comment line says which check
//! findings are expected, as `# expect: SW501:9 SW504:12` (code and line in that
//! file) or `# expect: nothing`.

use std::path::{Path, PathBuf};

use crate::support::{Run, Swarmc, fixture, manifest_dir, snapshot_settings};

struct Case {
    name: String,
    dir: PathBuf,
    file: String,
    expected: Vec<String>,
}

impl Case {
    fn read(dir: &Path) -> Case {
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let file = if dir.join("stack.yml").is_file() {
            "stack.yml"
        } else {
            "compose.yaml"
        };
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let list = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .unwrap_or_else(|| panic!("{name}/{file} has no `# expect:` line"))
            .trim();
        let mut expected: Vec<String> = if list == "nothing" {
            Vec::new()
        } else {
            list.split_whitespace()
                .map(|item| {
                    let (code, line) = item.split_once(':').unwrap();
                    format!("{code}:{file}:{line}")
                })
                .collect()
        };
        expected.sort();
        Case {
            name,
            dir: dir.to_path_buf(),
            file: file.to_owned(),
            expected,
        }
    }

    fn run(&self, format: &str) -> Run {
        let flag = if self.file == "stack.yml" {
            "--stack"
        } else {
            "-f"
        };
        let mut swarmc =
            Swarmc::new(&self.dir).args(["check", flag, &self.file, "--output-format", format]);
        if self.dir.join("site.yaml").is_file() {
            swarmc = swarmc.args(["--site", "site.yaml"]);
        }
        swarmc.run()
    }
}

fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture("check"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| Case::read(d)).collect()
}

/// `CODE:FILE:LINE` of every check finding (`SW5xx`) in concise output, sorted.
fn findings(concise: &str) -> Vec<String> {
    let mut found: Vec<String> = concise
        .lines()
        .filter_map(|line| {
            let (place, rest) = line.split_once(": ")?;
            let code = rest.split_once('[')?.1.split_once(']')?.0;
            let mut parts = place.rsplitn(3, ':');
            let (_column, row, file) = (parts.next()?, parts.next()?, parts.next()?);
            code.starts_with("SW5")
                .then(|| format!("{code}:{file}:{row}"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn each_fixture_gets_the_findings_its_header_expects() {
    let mut failures = Vec::new();
    for case in cases() {
        let run = case.run("concise");
        let found = findings(&run.stdout);
        if found != case.expected {
            failures.push(format!(
                "{}: expected {:?}, found {:?}\n{}{}",
                case.name, case.expected, found, run.stdout, run.stderr
            ));
            continue;
        }
        let fails = case.expected.iter().any(|f| {
            let code = f.split(':').next().unwrap();
            swarmc::rules::find(code).unwrap().severity == swarmc::diagnostic::Severity::Error
        });
        if fails != (run.status == 1) {
            failures.push(format!(
                "{}: exit status {}\n{}",
                case.name, run.status, run.stderr
            ));
        }
        assert!(
            findings(&run.stderr).is_empty() && !run.stdout.contains("placement on site"),
            "{}: in machine formats, the report alone goes to standard output",
            case.name
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_check_has_a_fixture_or_a_unit_test() {
    // Checks that the pipeline cannot trigger from a compose file (translation pins a
    // node-local bind mount; a subnet held on the swarm needs `--state`, in
    // `check_state.rs`) are covered by unit tests in `src/check/tests.rs` and by the
    // tests below.
    let elsewhere = ["SW507", "SW550"];
    let expected: Vec<String> = cases().into_iter().flat_map(|c| c.expected).collect();
    for check in swarmc::check::CHECKS {
        let code = check.rule.code;
        assert!(
            elsewhere.contains(&code) || expected.iter().any(|e| e.starts_with(code)),
            "{code} has no fixture"
        );
    }
}

#[test]
fn findings_and_the_placement_summary_render_as_snapshotted() {
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/check", "*/site.yaml", |path| {
            let run = Case::read(path.parent().unwrap()).run("human");
            insta::assert_snapshot!("check__findings", run.transcript());
        });
    });
}

#[test]
fn example_sites_pass_check() {
    let profiles = manifest_dir().join("profiles");
    let mut names: Vec<String> = std::fs::read_dir(&profiles)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "yaml").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    for name in names {
        let compose = format!("tests/fixtures/sites/{name}/compose.yaml");
        let site = format!("profiles/{name}.yaml");
        let run = Swarmc::new(manifest_dir())
            .args(["check", "-f", &compose, "--site", &site])
            .run();
        assert_eq!(run.status, 0, "{name}:\n{}", run.stderr);
        assert!(
            run.stdout.starts_with("placement on site"),
            "{name}: {}",
            run.stdout
        );
        let snapshot = format!("check__site_{name}");
        snapshot_settings().bind(|| insta::assert_snapshot!(snapshot, run.stdout));
    }
}

#[test]
fn a_config_may_be_larger_than_a_secret() {
    // SwarmKit stores a config under 1000 KiB but a secret only under 500 KiB: the
    // same 600 KiB file deploys as a config and is refused as a secret.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.bin"), vec![0u8; 600 * 1024]).unwrap();
    let check = |section: &str| {
        std::fs::write(
            dir.path().join("compose.yaml"),
            format!(
                "services:\n  web:\n    image: nginx:1.27\n    {section}: [model]\n{section}:\n  model:\n    file: ./model.bin\n"
            ),
        )
        .unwrap();
        let run = Swarmc::new(dir.path())
            .args(["check", "--output-format", "concise"])
            .run();
        let codes: Vec<String> = run
            .stdout
            .lines()
            .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_owned()))
            .collect();
        (run.status, codes, run.stdout)
    };
    let (status, codes, stdout) = check("configs");
    assert_eq!((status, codes), (0, Vec::<String>::new()), "{stdout}");
    let (status, codes, stdout) = check("secrets");
    assert_eq!((status, codes), (1, vec!["SW388".to_owned()]), "{stdout}");
}

#[test]
fn a_stack_file_is_read_without_the_env_file_beside_it() {
    // `stack-file/.env` sets `TAG` to something that is not a tag; docker stack
    // deploy never reads it, and neither does `check --stack`.
    let dir = fixture("check/stack-file");
    let run = Swarmc::new(&dir)
        .args(["check", "--stack", "stack.yml"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = Swarmc::new(&dir)
        .args(["check", "-f", "stack.yml", "--output-format", "concise"])
        .run();
    assert_eq!(run.status, 1, "compiled as a project, `.env` is read");
}

#[test]
fn the_summary_goes_to_standard_output_in_the_human_format_only() {
    let dir = fixture("check/fits");
    let human = Swarmc::new(&dir)
        .args(["check", "--site", "site.yaml"])
        .run();
    assert_eq!(human.status, 0, "{}", human.stderr);
    assert!(
        human
            .stdout
            .starts_with("placement on site `small` (3 nodes):\n")
    );
    // In machine formats, standard output holds the report and nothing else.
    let json = Swarmc::new(&dir)
        .args(["check", "--site", "site.yaml", "--output-format", "json"])
        .run();
    assert_eq!(json.stdout, "[]\n");
    let sarif = Swarmc::new(&dir)
        .args(["check", "--site", "site.yaml", "--output-format", "sarif"])
        .run();
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
}

#[test]
fn a_stack_cannot_be_checked_together_with_compose_files() {
    let dir = fixture("check/stack-file");
    let run = Swarmc::new(&dir)
        .args(["check", "--stack", "stack.yml", "-f", "stack.yml"])
        .run();
    assert_eq!(run.status, 2);
}

#[test]
fn the_prediction_renders_as_snapshotted() {
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/check", "*/site.yaml", |path| {
            let case = Case::read(path.parent().unwrap());
            let flag = if case.file == "stack.yml" {
                "--stack"
            } else {
                "-f"
            };
            let run = Swarmc::new(&case.dir)
                .args(["check", flag, &case.file, "--site", "site.yaml"])
                .args(["--prediction", "-"])
                .run();
            let prediction: serde_json::Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", case.name, run.stdout));
            assert_eq!(prediction["schema"], "swarmc-prediction/1");
            insta::assert_snapshot!("check__prediction", run.stdout);
        });
    });
}

#[test]
fn a_prediction_on_standard_output_comes_alone() {
    // Two GPUs: `big` (2 GPUs) fits only when created before `detector` (3 tasks
    // of 1 GPU), whose third task no order places, pending on all 3 nodes.
    let dir = fixture("check/gpus-compete");
    let run = Swarmc::new(&dir)
        .args(["check", "--site", "site.yaml", "--prediction", "-"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    let prediction: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let service = |name: &str| {
        prediction["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()
            .clone()
    };
    let detector = service("detector");
    assert_eq!(
        detector["error"],
        "no suitable node (insufficient resources on 3 nodes)"
    );
    assert_eq!(
        (
            detector["pending_min"].as_u64(),
            detector["pending_max"].as_u64()
        ),
        (Some(1), Some(3))
    );
    assert_eq!(service("big")["order_dependent"], true);
    let web = service("web");
    assert_eq!(web["nodes"], serde_json::Value::Null);
    assert_eq!(
        web["candidates"],
        serde_json::json!(["node-1", "node-2", "node-3"])
    );
    let big_orders = prediction["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service"] == "big")
        .unwrap()
        .clone();
    assert_eq!(big_orders["fits"], serde_json::json!(["big", "detector"]));
    assert_eq!(big_orders["fails"], serde_json::json!(["detector", "big"]));
    assert!(run.stderr.contains("SW503"), "{}", run.stderr);

    // Written to a file, the prediction leaves the summary on standard output.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("prediction.json");
    let run = Swarmc::new(&dir)
        .args(["check", "--site", "site.yaml", "--prediction"])
        .args([file.to_str().unwrap()])
        .run();
    assert!(
        run.stdout.starts_with("placement on site `lab`"),
        "{}",
        run.stdout
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&written).unwrap(),
        prediction
    );
}

#[test]
fn a_stack_file_is_checked_as_written_without_the_sites_service_settings() {
    // The site pins `web` to n1 with 3 replicas and backs `data` with NFS: decisions
    // for a compose project. The stack file runs 1 task anywhere, as docker deploys it.
    let dir = fixture("check/stack-as-written");
    let run = Swarmc::new(&dir)
        .args(["check", "--stack", "stack.yml", "--site", "site.yaml"])
        .args(["--prediction", "-"])
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let prediction: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let web = &prediction["services"][0];
    assert_eq!(
        (web["desired"].as_u64(), web["placed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(web["candidates"], serde_json::json!(["n1", "n2"]));
    assert!(!run.stderr.contains("SW352"), "{}", run.stderr);
    assert!(!run.stderr.contains("SW385"), "{}", run.stderr);
}

#[test]
fn a_project_that_cannot_be_checked_writes_no_prediction() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: [\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["check", "--prediction", "-"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .ends_with("swarmc: no prediction written: the project could not be checked\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_stack_checked_as_written_knows_which_host_paths_every_node_shares() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "name: two\nnodes:\n  - { hostname: a, role: manager, cpus: 2, memory: 2GiB, addresses: [192.168.10.11/24] }\n  - { hostname: b, cpus: 2, memory: 2GiB, addresses: [192.168.10.12/24] }\nstorage:\n  shared_paths: [/data/shared]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("stack.yml"),
        "version: \"3.8\"\nservices:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /data/shared/archive:/archive\n      - /data/other:/other\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["check", "--stack", "stack.yml", "--site", "site.yaml"])
        .args(["--output-format", "concise"])
        .run();
    let unshared: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("SW322"))
        .collect();
    assert_eq!(unshared.len(), 1, "{}", run.stdout);
    assert!(unshared[0].contains("`/data/other`"), "{}", run.stdout);
}
