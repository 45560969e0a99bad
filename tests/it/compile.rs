//! Every project under `tests/fixtures/compile/` compiled as a user would: the exit
//! status, the stack and the rendered diagnostics are snapshotted; every stack that
//! compiles must compile again to itself and be accepted by docker's own loader.
//!
//! A fixture directory holds a `compose.yaml` (plus whatever files it refers to) and,
//! optionally, a `site.yaml` passed as `--site`, or a `cmd` file with the arguments to
//! pass instead of `compile`.

use std::path::{Path, PathBuf};

use crate::docker::{docker_available, stack_config};
use crate::support::{Swarmc, assert_stack_matches_schema, fixture, snapshot_settings};

pub(crate) fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture("compile"))
        .expect("tests/fixtures/compile exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

pub(crate) fn name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(crate) fn args(dir: &Path) -> Vec<String> {
    match std::fs::read_to_string(dir.join("cmd")) {
        Ok(cmd) => cmd.split_whitespace().map(str::to_owned).collect(),
        Err(_) => [vec!["compile".to_owned()], site(dir)].concat(),
    }
}

/// `--site site.yaml` when the fixture has a site profile.
fn site(dir: &Path) -> Vec<String> {
    if dir.join("site.yaml").is_file() {
        vec!["--site".to_owned(), "site.yaml".to_owned()]
    } else {
        Vec::new()
    }
}

fn compile(dir: &Path) -> crate::support::Run {
    Swarmc::new(dir).args(args(dir)).run()
}

#[test]
fn fixtures_compile_as_snapshotted() {
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let run = compile(&dir);
        let name = name(&dir);
        let result = std::panic::catch_unwind(|| {
            snapshot_settings()
                .bind(|| insta::assert_snapshot!(format!("compile__{name}"), run.transcript()));
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

/// Release builds do not check their output against the stack schema; every
/// fixture's stack is checked here instead.
#[test]
fn compiled_stacks_match_the_stack_schema() {
    let mut compiled = 0;
    for dir in fixture_dirs() {
        let run = compile(&dir);
        if run.status == 0 {
            assert_stack_matches_schema(&name(&dir), &run.stdout);
            compiled += 1;
        }
    }
    assert!(compiled > 10, "only {compiled} fixtures compiled");
}

#[test]
fn the_stack_schema_check_finds_a_violation() {
    let valid = "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n";
    assert_stack_matches_schema("valid", valid);
    for invalid in [
        "version: \"3.8\"\nservices:\n  web:\n    image: bad image\n",
        "version: \"3.8\"\nservices:\n  web.1:\n    image: nginx\n",
        "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n    ports:\n      - target: 0\n",
    ] {
        let result = std::panic::catch_unwind(|| assert_stack_matches_schema("invalid", invalid));
        assert!(result.is_err(), "not found to break the schema:\n{invalid}");
    }
}

#[test]
fn compiled_stacks_compile_to_themselves() {
    for dir in fixture_dirs() {
        let first = compile(&dir);
        if first.status != 0 {
            continue;
        }
        let again = Swarmc::new(&dir)
            .args(["compile", "-f", "-", "--output-format", "concise"])
            .args(site(&dir))
            .stdin(first.stdout.clone())
            .run();
        assert_eq!(
            again.status,
            0,
            "{}: the stack does not compile again:\n{}",
            name(&dir),
            again.stderr
        );
        assert_eq!(
            again.stdout,
            first.stdout,
            "{}: compiling the stack again changed it",
            name(&dir)
        );
        // A variable left for the deployer's environment, or an empty one that it
        // replaces, is as true of the stack as of its source; nothing else may warn.
        let unexpected: Vec<&str> = again
            .stderr
            .lines()
            .filter(|line| line.contains(": warning["))
            .filter(|line| !line.contains("[SW330]") && !line.contains("[SW341]"))
            .collect();
        assert!(
            unexpected.is_empty(),
            "{}: compiling the stack again warns:\n{}",
            name(&dir),
            again.stderr
        );
    }
}

#[test]
fn compiled_stacks_pass_docker_stack_config() {
    if !docker_available("compiled_stacks_pass_docker_stack_config") {
        return;
    }
    for dir in fixture_dirs() {
        let run = compile(&dir);
        if run.status != 0 {
            continue;
        }
        // In the fixture's directory, so that relative paths mean what they meant.
        let stack = tempfile::Builder::new()
            .prefix(".stack-")
            .suffix(".yml")
            .tempfile_in(&dir)
            .expect("temp file");
        std::fs::write(stack.path(), &run.stdout).expect("stack written");
        let outcome = stack_config(stack.path());
        assert!(
            outcome.success,
            "{}: docker stack config rejects the stack:\n{}\n{}",
            name(&dir),
            outcome.stderr,
            run.stdout
        );
        assert!(
            outcome.stderr.trim().is_empty(),
            "{}: docker stack config warns:\n{}",
            name(&dir),
            outcome.stderr
        );
    }
}
