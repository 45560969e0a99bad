//! The integrations shipped with swarmc: the pre-commit hooks and the CI examples. Each
//! file is read with swarmc's own YAML reader, every swarmc command line in it must
//! parse with the real command-line definitions, the reports the commands write must be
//! the files the CI uploads, and the README must show the examples as they are. The CI
//! examples' commands are then run, in order, against a project
//! (`tests/fixtures/ci/project`), and the files the CI would upload are validated as
//! GitHub code scanning and GitLab Code Quality read them.

use clap::Parser;
use swarmc::cli::Cli;
use swarmc::diagnostic::Diagnostics;
use swarmc::source::{SourceKind, Sources};
use swarmc::yaml::{Node, NodeKind};

use serde_json::Value;

use crate::support::{Swarmc, fixture, manifest_dir};

/// The one YAML document of a file of the repository.
fn read_yaml(relative: &str) -> Node {
    let text = std::fs::read_to_string(manifest_dir().join(relative)).unwrap();
    let mut sources = Sources::new();
    let id = sources.add(relative, None, SourceKind::Compose, text);
    let mut diagnostics = Diagnostics::new();
    let mut documents = swarmc::yaml::parse(sources.get(id), id, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{relative} is not valid YAML");
    assert_eq!(documents.len(), 1, "{relative} holds one document");
    documents.remove(0)
}

/// Every scalar of a tree, depth first.
fn scalars(node: &Node) -> Vec<&str> {
    match &node.kind {
        NodeKind::Scalar(scalar) => vec![scalar.text.as_str()],
        NodeKind::Seq(items) => items.iter().flat_map(scalars).collect(),
        NodeKind::Map(map) => map.iter().flat_map(|(_, value)| scalars(value)).collect(),
    }
}

fn get<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |node, key| {
        node.as_map()
            .and_then(|map| map.get(key))
            .unwrap_or_else(|| panic!("no `{key}` in {path:?}"))
    })
}

fn text<'a>(node: &'a Node, path: &[&str]) -> &'a str {
    get(node, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
}

/// The words of a command line; the examples use no shell syntax beyond words.
fn words(line: &str) -> Vec<String> {
    assert!(
        !line.contains(['\'', '"', '$', '|', '&', ';', '\\', '`', '>', '<']),
        "the command line needs a shell to read: {line}"
    );
    line.split_whitespace().map(str::to_owned).collect()
}

/// Every swarmc command line in a file, parsed by swarmc's command-line definitions.
fn swarmc_commands(relative: &str) -> Vec<(Vec<String>, Cli)> {
    let tree = read_yaml(relative);
    let commands: Vec<(Vec<String>, Cli)> = scalars(&tree)
        .into_iter()
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|line| line.starts_with("swarmc "))
        .map(|line| {
            let words = words(line);
            let cli = Cli::try_parse_from(&words)
                .unwrap_or_else(|e| panic!("{relative}: `{line}` does not parse:\n{e}"));
            (words, cli)
        })
        .collect();
    assert!(!commands.is_empty(), "{relative} runs no swarmc command");
    commands
}

/// The value given to a flag in a command line.
fn flag<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    let at = words.iter().position(|w| w == name)?;
    words.get(at + 1).map(String::as_str)
}

#[test]
fn the_github_workflow_lints_to_sarif_and_uploads_that_file() {
    let file = "docs/ci/github-actions.yml";
    let commands = swarmc_commands(file);
    let lint = commands
        .iter()
        .find(|(words, _)| words[1] == "lint")
        .expect("the workflow lints");
    assert_eq!(flag(&lint.0, "--output-format"), Some("sarif"));
    let report = flag(&lint.0, "--report-file").expect("the SARIF goes to a file");
    let tree = read_yaml(file);
    let steps = get(&tree, &["jobs", "swarmc", "steps"]).as_seq().unwrap();
    let upload = steps
        .iter()
        .find(|step| {
            step.as_map()
                .and_then(|m| m.get("uses"))
                .and_then(Node::as_str)
                .is_some_and(|uses| uses.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("the workflow uploads SARIF");
    assert_eq!(text(upload, &["with", "sarif_file"]), report);
    assert_eq!(
        text(&tree, &["jobs", "swarmc", "permissions", "security-events"]),
        "write"
    );
    assert!(
        commands
            .iter()
            .any(|(words, _)| words[1] == "compile" && words.iter().any(|w| w == "--check")),
        "the workflow checks the committed stack"
    );
}

#[test]
fn the_gitlab_job_lints_to_the_code_quality_report_it_keeps() {
    let file = "docs/ci/gitlab-ci.yml";
    let commands = swarmc_commands(file);
    let lint = commands
        .iter()
        .find(|(words, _)| words[1] == "lint")
        .expect("the job lints");
    assert_eq!(flag(&lint.0, "--output-format"), Some("gitlab"));
    let report = flag(&lint.0, "--report-file").expect("the report goes to a file");
    let tree = read_yaml(file);
    assert_eq!(
        text(&tree, &["swarmc", "artifacts", "reports", "codequality"]),
        report
    );
    assert_eq!(text(&tree, &["swarmc", "artifacts", "when"]), "always");
}

#[test]
fn the_pre_commit_hooks_run_commands_swarmc_accepts() {
    let tree = read_yaml(".pre-commit-hooks.yaml");
    let hooks = tree.as_seq().expect("a list of hooks");
    let mut ids = Vec::new();
    for hook in hooks {
        let id = text(hook, &["id"]);
        ids.push(id);
        assert_eq!(text(hook, &["language"]), "system", "{id}");
        let mut line = words(text(hook, &["entry"]));
        if let Some(args) = hook.as_map().unwrap().get("args") {
            line.extend(scalars(args).into_iter().map(str::to_owned));
        }
        let passes_files = hook
            .as_map()
            .unwrap()
            .get("pass_filenames")
            .and_then(Node::as_str)
            != Some("false");
        if passes_files {
            // pre-commit appends the files it checks.
            line.extend([
                "compose.yaml".to_owned(),
                "app/docker-compose.yml".to_owned(),
            ]);
        }
        Cli::try_parse_from(&line)
            .unwrap_or_else(|e| panic!("hook `{id}`: `{}` does not parse:\n{e}", line.join(" ")));
    }
    assert_eq!(ids, ["swarmc-lint", "swarmc-check-project"]);
}

#[test]
fn the_readme_shows_the_ci_examples_as_they_are() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    for file in ["docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml"] {
        let example = std::fs::read_to_string(manifest_dir().join(file)).unwrap();
        let start = format!("<!-- {file}: included verbatim; a test keeps it in sync -->\n");
        let end = format!("<!-- end of {file} -->");
        let included = readme
            .split_once(&start)
            .and_then(|(_, rest)| rest.split_once(&end))
            .map(|(included, _)| included)
            .unwrap_or_else(|| panic!("README.md has no markers around {file}"));
        assert_eq!(
            included,
            format!("```yaml\n{example}```\n"),
            "README.md differs from {file}; paste the file between its markers"
        );
    }
}

/// A copy of the CI fixture project, with the committed stack (`deploy/stack.yml`)
/// that `compile --check` compares with, as a repository using the recipes has it.
fn ci_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture("ci/project");
    std::fs::create_dir(dir.path().join("deploy")).unwrap();
    for file in ["compose.yaml", "deploy/site.yaml"] {
        std::fs::copy(from.join(file), dir.path().join(file)).unwrap();
    }
    let compiled = Swarmc::new(dir.path())
        .args([
            "compile",
            "-o",
            "deploy/stack.yml",
            "--site",
            "deploy/site.yaml",
        ])
        .run();
    assert_eq!(compiled.status, 0, "{}", compiled.stderr);
    dir
}

/// Runs every swarmc command of a recipe, in order, in `dir`, with `env` set as the
/// CI sets it; each must succeed, as it does on a project with warnings only.
fn run_recipe(file: &str, dir: &std::path::Path, env: &[(&str, &std::path::Path)]) {
    for (words, _) in swarmc_commands(file) {
        let mut swarmc = Swarmc::new(dir).args(&words[1..]);
        for (name, value) in env {
            swarmc = swarmc.env(name, value);
        }
        let run = swarmc.run();
        assert_eq!(
            run.status,
            0,
            "{file}: `{}` failed:\n{}{}",
            words.join(" "),
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn the_github_workflow_uploads_sarif_that_code_scanning_accepts() {
    let file = "docs/ci/github-actions.yml";
    let dir = ci_project();
    let summary = dir.path().join("step-summary.md");
    run_recipe(file, dir.path(), &[("GITHUB_STEP_SUMMARY", &summary)]);
    let tree = read_yaml(file);
    let steps = get(&tree, &["jobs", "swarmc", "steps"]).as_seq().unwrap();
    let uploaded = steps
        .iter()
        .find_map(|step| step.as_map()?.get("with")?.as_map()?.get("sarif_file"))
        .and_then(Node::as_str)
        .expect("the workflow uploads a SARIF file");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(uploaded)).unwrap())
            .expect("the uploaded file is JSON");
    // What code scanning requires of a SARIF upload.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "swarmc");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    let mut found: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    found.sort_unstable();
    assert_eq!(found, ["SW605", "SW606", "SW608", "SW612"]);
    for result in results {
        assert!(rules.contains(&result["ruleId"].as_str().unwrap()));
        assert!(result["message"]["text"].is_string());
        assert!(result["partialFingerprints"].is_object(), "{result}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "compose.yaml");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    // The compile step checks the committed stack and annotates the run.
    assert!(std::fs::read_to_string(&summary).is_ok_and(|s| !s.is_empty()));
}

#[test]
fn the_gitlab_job_keeps_a_code_quality_report_gitlab_accepts() {
    let file = "docs/ci/gitlab-ci.yml";
    let dir = ci_project();
    run_recipe(file, dir.path(), &[]);
    let tree = read_yaml(file);
    let kept = text(&tree, &["swarmc", "artifacts", "reports", "codequality"]);
    let issues: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(kept)).unwrap())
            .expect("the report is a JSON array");
    let mut found: Vec<&str> = issues
        .iter()
        .map(|i| i["check_name"].as_str().unwrap())
        .collect();
    found.sort_unstable();
    assert_eq!(found, ["SW605", "SW606", "SW608", "SW612"]);
    // The fields GitLab's Code Quality widget reads.
    for issue in &issues {
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["fingerprint"].as_str().unwrap().is_empty());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert_eq!(issue["location"]["path"], "compose.yaml");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}
