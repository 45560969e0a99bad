use crate::support::{Swarmc, snapshot_settings};

#[test]
fn missing_file_on_the_command_line_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "nope.yaml"])
        .run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    snapshot_settings().bind(|| insta::assert_snapshot!("cli__missing_file", run.transcript()));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "--no-such-flag"])
        .run();
    assert_eq!(run.status, 2);
}

#[test]
fn standard_input_is_named_stdin_in_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "-"])
        .stdin("services:\n  web:\n    image: a\n    image: b\n")
        .run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("[<stdin>:4:5]"), "{}", run.stderr);
}
