//! `swarmc compile --check -o FILE`: compares the committed stack with what the project
//! compiles to, writes nothing, and shows the difference as a unified diff.

use crate::support::{Run, Swarmc, snapshot_settings};

const PROJECT: &str = "services:\n  web:\n    image: nginx:1.27\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), PROJECT).unwrap();
    dir
}

fn swarmc(dir: &tempfile::TempDir, args: &[&str]) -> Run {
    Swarmc::new(dir.path()).args(args).run()
}

fn check(dir: &tempfile::TempDir) -> Run {
    swarmc(dir, &["compile", "--check", "-o", "stack.yml"])
}

#[test]
fn an_up_to_date_stack_checks_silently() {
    let dir = project();
    assert_eq!(swarmc(&dir, &["compile", "-o", "stack.yml"]).status, 0);
    let run = check(&dir);
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn a_stale_stack_fails_with_a_diff_and_is_left_alone() {
    let dir = project();
    assert_eq!(swarmc(&dir, &["compile", "-o", "stack.yml"]).status, 0);
    std::fs::write(
        dir.path().join("compose.yaml"),
        PROJECT.replace("1.27", "1.28"),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("stack.yml")).unwrap();
    let run = check(&dir);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("stack.yml")).unwrap(), before);
    snapshot_settings().bind(|| insta::assert_snapshot!("check__stale", run.transcript()));
    // `--exit-zero` shows the same diff without failing.
    let forgiven = swarmc(
        &dir,
        &["compile", "--check", "-o", "stack.yml", "--exit-zero"],
    );
    assert_eq!(forgiven.status, 0);
    assert_eq!(forgiven.stdout, run.stdout);
}

#[test]
fn a_missing_stack_differs_from_every_stack_and_is_not_written() {
    let dir = project();
    let run = check(&dir);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("--- /dev/null\n+++ stack.yml\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "swarmc: `stack.yml` does not exist; run without `--check` to write it\n"
    );
    assert!(!dir.path().join("stack.yml").exists());
}

#[test]
fn a_project_that_does_not_compile_is_not_compared() {
    let dir = project();
    std::fs::write(dir.path().join("stack.yml"), "old\n").unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    privileged: true\n    image: nginx:1.27\n    image: x\n",
    )
    .unwrap();
    let run = check(&dir);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
}

#[test]
fn check_needs_a_file_it_can_read() {
    let dir = project();
    assert_eq!(swarmc(&dir, &["compile", "--check"]).status, 2);
    let stdout = swarmc(&dir, &["compile", "--check", "-o", "-"]);
    assert_eq!(stdout.status, 2);
    assert!(
        stdout
            .stderr
            .contains("`--check` compares the stack with a file")
    );
    std::fs::create_dir(dir.path().join("stack.yml")).unwrap();
    let unreadable = check(&dir);
    assert_eq!(unreadable.status, 2, "{}", unreadable.stderr);
    assert!(unreadable.stderr.contains("cannot read `stack.yml`"));
}
