//! `swarmc diff --state`: what a deploy of `tests/fixtures/changes/app` changes in the
//! stack a real swarm ran (`tests/fixtures/changes/running`, saved after deploying
//! `base.env`); each `.env` file is one change. The plan for people on standard
//! output, the change set as JSON, refusals as located diagnostics, and the exit
//! status a pipeline gates on. `tests/swarm/changes.rs` deploys the same changes.

use serde_json::Value;

use crate::support::{Run, Swarmc, fixture, manifest_dir};

fn diff(args: &[&str]) -> Run {
    let running = fixture("changes/running").display().to_string();
    Swarmc::new(&fixture("changes/app"))
        .args(["diff", "--site", "../site.yaml", "--state", &running])
        .args(args)
        .run()
}

#[test]
fn the_deployed_project_changes_nothing() {
    let run = diff(&["--env-file", "base.env"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("  = service app_web: unchanged\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.trim_end().ends_with("; no changes"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_update_is_shown_field_by_field_and_fails_only_when_asked() {
    let run = diff(&["--env-file", "env.env"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "  ~ service app_web: updated, restarting its 2 tasks (start-first, one at a time, on failure pause)\n      TaskTemplate.ContainerSpec.Env[GREETING]: \"hello\" → \"goodbye\"\n"
        ),
        "{}",
        run.stdout
    );
    let gated = diff(&["--env-file", "env.env", "--fail-on-change"]);
    assert_eq!(gated.status, 1, "{}", gated.transcript());
    let unchanged = diff(&["--env-file", "base.env", "--fail-on-change"]);
    assert_eq!(unchanged.status, 0, "{}", unchanged.transcript());
}

#[test]
fn a_refused_port_is_an_error_at_its_line_in_every_format() {
    let run = diff(&[
        "-f",
        "compose.yaml",
        "-f",
        "clash.yaml",
        "--env-file",
        "base.env",
        "--output-format",
        "concise",
    ]);
    assert_eq!(run.status, 1, "{}", run.transcript());
    // In a machine format the report is all `diff` writes, as for `check`.
    assert!(
        run.stdout.contains(
            "clash.yaml:4:10: error[SW701] port `9090` of service `app_worker` is published by `other_edge` on the swarm, as an ingress port"
        ),
        "{}",
        run.transcript()
    );
    let human = diff(&[
        "-f",
        "compose.yaml",
        "-f",
        "clash.yaml",
        "--env-file",
        "base.env",
    ]);
    assert_eq!(human.status, 1, "{}", human.transcript());
    assert!(
        human
            .stdout
            .contains("refused by docker, which stops the deploy there:"),
        "{}",
        human.stdout
    );
    let sarif = diff(&[
        "-f",
        "compose.yaml",
        "-f",
        "clash.yaml",
        "--env-file",
        "base.env",
        "--output-format",
        "sarif",
    ]);
    let report: Value = serde_json::from_str(&sarif.stdout).expect("SARIF on standard output");
    let result = report["runs"][0]["results"]
        .as_array()
        .and_then(|results| results.iter().find(|r| r["ruleId"] == "SW701"))
        .unwrap_or_else(|| panic!("no SW701 in {report:#}"));
    let location = &result["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("clash.yaml")),
        "{location:#}"
    );
    assert_eq!(location["region"]["startLine"], 4, "{location:#}");
}

#[test]
fn the_change_set_for_pipelines_is_json_on_standard_output() {
    let run = diff(&["--env-file", "secret.env", "--changes", "-"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    let changes: Value = serde_json::from_str(&run.stdout).expect("only JSON on stdout");
    assert_eq!(changes["schema"], "swarmc-changes/1");
    assert_eq!(changes["changed"], true);
    let secrets: Vec<(&str, &str)> = changes["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        secrets,
        [
            ("token_b1ec948c6e", "create"),
            ("token_e6765b7385", "unused")
        ]
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("schemas/changes.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    assert!(validator.is_valid(&changes), "{changes:#}");
}

#[test]
fn pruning_removes_what_the_project_no_longer_has() {
    let kept = diff(&["--env-file", "removed.env"]);
    assert!(
        kept.stdout
            .contains("  ? service app_cache: no longer in the stack file; left running (--prune removes it)\n"),
        "{}",
        kept.stdout
    );
    let pruned = diff(&["--env-file", "removed.env", "--prune"]);
    assert!(
        pruned
            .stdout
            .contains("  - service app_cache: removed by --prune, with its 1 task\n"),
        "{}",
        pruned.stdout
    );
}

#[test]
fn without_the_running_state_it_is_a_usage_error() {
    let run = Swarmc::new(&fixture("changes/app"))
        .args(["diff", "--env-file", "base.env"])
        .run();
    assert_eq!(run.status, 2, "{}", run.transcript());
    let schema = Swarmc::new(&fixture("changes/app"))
        .args(["schema", "changes"])
        .run();
    let written =
        std::fs::read_to_string(manifest_dir().join("schemas/changes.schema.json")).unwrap();
    assert_eq!(schema.stdout, written);
}
