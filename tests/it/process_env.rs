//! What swarmc takes from the environment it runs in: interpolation may read it, but a
//! value-less `environment` entry is never filled from it, and `--no-process-env`
//! keeps it out of the project entirely, so that the stack is the same on every machine.

use crate::support::Swarmc;

const COMPOSE: &str = "services:
  app:
    image: nginx:${TAG:-1.27}
    environment:
      - DEPLOY_TOKEN
      - FROM_DOTENV
      - NOWHERE
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), COMPOSE).unwrap();
    std::fs::write(dir.path().join(".env"), "FROM_DOTENV=project\n").unwrap();
    dir
}

fn compile(dir: &std::path::Path, extra: &[&str]) -> crate::support::Run {
    Swarmc::new(dir)
        .args(["compile", "--output-format", "concise"])
        .args(extra)
        .env("DEPLOY_TOKEN", "s3cret-from-the-shell")
        .env("TAG", "1.25")
        .run()
}

#[test]
fn a_value_less_entry_is_left_to_the_deployer_unless_the_project_sets_it() {
    let dir = project();
    let run = compile(dir.path(), &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("s3cret"), "{}", run.stdout);
    assert!(run.stdout.contains("image: nginx:1.25"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "      DEPLOY_TOKEN: null\n      FROM_DOTENV: project\n      NOWHERE: null\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("info[SW340]"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[SW330]"), "{}", run.stderr);
}

#[test]
fn no_process_env_reads_nothing_from_the_shell() {
    let dir = project();
    let run = compile(dir.path(), &["--no-process-env"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("image: nginx:1.27"), "{}", run.stdout);
    assert!(
        run.stdout.contains("FROM_DOTENV: project"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("SW340"), "{}", run.stderr);
    // Without the shell, the same stack on every machine.
    let other = Swarmc::new(dir.path())
        .args(["compile", "--no-process-env"])
        .env("TAG", "9")
        .run();
    assert_eq!(other.stdout, run.stdout);
}
