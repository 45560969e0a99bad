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

#[test]
fn compose_files_may_be_named_without_f() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("prod.yaml"),
        "services:\n  web:\n    image: nginx:1.27.2\n",
    )
    .unwrap();
    let with_f = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "-f", "prod.yaml"])
        .run();
    assert_eq!(with_f.status, 0, "{}", with_f.stderr);
    assert!(with_f.stdout.contains("nginx:1.27.2"));
    for command in ["compile", "plan", "check"] {
        let positional = Swarmc::new(dir.path())
            .args([command, "compose.yaml", "prod.yaml"])
            .run();
        assert_eq!(positional.status, 0, "{command}: {}", positional.stderr);
        let flagged = Swarmc::new(dir.path())
            .args([command, "-f", "compose.yaml", "-f", "prod.yaml"])
            .run();
        assert_eq!(positional.stdout, flagged.stdout, "{command}");
        // Both ways at once is ambiguous.
        let both = Swarmc::new(dir.path())
            .args([command, "compose.yaml", "-f", "prod.yaml"])
            .run();
        assert_eq!(both.status, 2, "{command}");
    }
}

#[test]
fn an_unwritable_output_is_named_as_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    for (command, flag) in [
        ("compile", "-o"),
        ("compile", "--report-file"),
        ("check", "--prediction"),
    ] {
        let run = Swarmc::new(dir.path())
            .args([command, "compose.yaml", flag, "missing/out.yml"])
            .run();
        assert_eq!(run.status, 2, "{flag}");
        assert!(
            run.stderr
                .starts_with("swarmc: cannot write `missing/out.yml`: "),
            "{flag}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains(".swarmc-"), "{flag}: {}", run.stderr);
    }
}

#[test]
fn a_label_in_another_file_is_shown_under_its_own_text() {
    let run = Swarmc::new(&crate::support::fixture("compile/port-reserved"))
        .args(["compile", "compose.yaml", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 1);
    // No verdict-like heading (miette's `Advice:`) above the label in `site.yaml`.
    assert!(!run.stderr.contains("Advice"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: publish the service on another port\n\n  ☞ reserved here\n"),
        "{}",
        run.stderr
    );
}
