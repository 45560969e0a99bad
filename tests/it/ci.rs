//! The integrations shipped with swarmc: the pre-commit hooks and the CI examples. Each
//! file is read with swarmc's own YAML reader, every swarmc command line in it must
//! parse with the real command-line definitions, the reports the commands write must be
//! the files the CI uploads, and the README must show the examples as they are.

use clap::Parser;
use swarmc::cli::Cli;
use swarmc::diagnostic::Diagnostics;
use swarmc::source::{SourceKind, Sources};
use swarmc::yaml::{Node, NodeKind};

use crate::support::manifest_dir;

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
