//! The policy stage through the binary: `swarmc.toml`, `--select`/`--ignore`, inline
//! suppressions and the exit status each threshold option gives.

use std::path::Path;

use crate::support::{Run, Swarmc, fixture, snapshot_settings};

fn concise(dir: &Path, args: &[&str]) -> Run {
    Swarmc::new(dir)
        .args(["compile", "--output-format", "concise"])
        .args(args)
        .run()
}

/// A temporary project with these files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn suppressions_on_the_line_the_line_above_and_the_file() {
    let run = concise(&fixture("suppression"), &["-f", "compose.yaml"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "compose.yaml:13:5: error[SW102] duplicate key `image`\n"
    );
}

#[test]
fn unused_unknown_and_malformed_suppressions_are_reported() {
    let run = concise(&fixture("suppression"), &["-f", "unused.yaml"]);
    snapshot_settings().bind(|| insta::assert_snapshot!("policy__unused_suppressions", run.stderr));
}

#[test]
fn ignored_rules_are_not_reported() {
    let dir = fixture("suppression");
    let run = concise(&dir, &["-f", "unused.yaml", "--ignore", "SW02"]);
    assert_eq!(run.stderr, "");
    let run = concise(
        &dir,
        &["-f", "unused.yaml", "--select", "unknown-suppressed-rule"],
    );
    assert_eq!(
        run.stderr,
        "unused.yaml:4:48: warning[SW021] unknown rule `SW999` in suppression\n"
    );
}

#[test]
fn errors_fail_the_run_unless_exit_zero() {
    let dir = fixture("suppression");
    assert_eq!(concise(&dir, &["-f", "compose.yaml"]).status, 1);
    assert_eq!(
        concise(&dir, &["-f", "compose.yaml", "--exit-zero"]).status,
        0
    );
}

#[test]
fn strict_makes_warnings_fail_the_run() {
    // unused.yaml has four warnings and no error.
    let dir = fixture("suppression");
    let default = concise(&dir, &["-f", "unused.yaml"]);
    assert_ne!(default.status, 1, "warnings alone must not fail the run");
    assert_eq!(concise(&dir, &["-f", "unused.yaml", "--strict"]).status, 1);
}

#[test]
fn max_warnings_fails_only_above_the_limit() {
    let dir = fixture("suppression");
    let run = |max: &str| concise(&dir, &["-f", "unused.yaml", "--max-warnings", max]).status;
    assert_eq!(run("0"), 1);
    assert_eq!(run("3"), 1);
    assert_ne!(run("4"), 1);
}

#[test]
fn the_configured_threshold_applies_and_the_command_line_wins() {
    let dir = project(&[
        ("compose.yaml", "x-a: 1  # swarmc: ignore[SW102]\n"),
        (
            "swarmc.toml",
            "failure-threshold = \"warning\"\nmax-warnings = 5\n",
        ),
    ]);
    assert_eq!(concise(dir.path(), &["-f", "compose.yaml"]).status, 1);
    let forgiven = concise(dir.path(), &["-f", "compose.yaml", "--exit-zero"]);
    assert_ne!(forgiven.status, 1);
    std::fs::write(dir.path().join("swarmc.toml"), "max-warnings = 0\n").unwrap();
    assert_eq!(concise(dir.path(), &["-f", "compose.yaml"]).status, 1);
    let more = concise(dir.path(), &["-f", "compose.yaml", "--max-warnings", "1"]);
    assert_ne!(more.status, 1);
}

#[test]
fn ignored_errors_still_stop_the_compilation() {
    let dir = project(&[("compose.yaml", "x-a: 1\nx-a: 2\n")]);
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "--ignore", "duplicate-key"])
        .run();
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "swarmc: suppressed, ignored or downgraded errors stopped the compilation; nothing was written\n"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_bad_configuration_is_located_and_exits_2() {
    let dir = project(&[
        ("compose.yaml", "x-a: 1\nx-a: 2\n"),
        ("swarmc.toml", "[severity]\nduplicate-key = \"warn\"\n"),
    ]);
    let run = concise(dir.path(), &["-f", "compose.yaml", "--exit-zero"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .starts_with("swarmc.toml:2:17: error[SW010] unknown variant `warn`, expected one of"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SW102"), "nothing is compiled");
}

#[test]
fn unknown_rules_in_the_configuration_and_on_the_command_line_exit_2() {
    let dir = project(&[
        ("compose.yaml", "x-a: 1\n"),
        ("policy.toml", "ignore = [\"SW6\", \"dupe-key\"]\n"),
    ]);
    let run = concise(
        dir.path(),
        &["-f", "compose.yaml", "--config", "policy.toml"],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "policy.toml:1:18: error[SW011] unknown rule `dupe-key`\n"
    );
    let run = concise(dir.path(), &["-f", "compose.yaml", "--select", "SW1,bogus"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stderr, "swarmc: error[SW011] unknown rule `bogus`\n");
}

#[test]
fn a_missing_config_file_exits_2() {
    let dir = project(&[("compose.yaml", "x-a: 1\n")]);
    let run = concise(dir.path(), &["-f", "compose.yaml", "--config", "nope.toml"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "swarmc: error[SW001] cannot read `nope.toml`: no such file\n"
    );
}

#[test]
fn configuring_a_fixed_rule_is_a_warning_located_in_the_file() {
    let dir = project(&[
        ("compose.yaml", "x-a: 1\nx-a: 2\n"),
        ("swarmc.toml", "ignore = [\"SW001\", \"SW102\"]\n"),
    ]);
    let run = concise(dir.path(), &["-f", "compose.yaml"]);
    assert_eq!(
        run.stderr,
        "swarmc.toml:1:11: warning[SW012] `SW001` cannot be ignored or given another severity\n"
    );
    // The command line selects what the file ignores.
    let run = concise(dir.path(), &["-f", "compose.yaml", "--select", "SW1"]);
    assert_eq!(
        run.stderr,
        "compose.yaml:2:1: error[SW102] duplicate key `x-a`\n"
    );
}

#[test]
fn site_check_takes_the_same_reporting_flags() {
    let dir = fixture("site");
    let check = |extra: &[&str]| {
        Swarmc::new(&dir)
            .args([
                "site",
                "check",
                "bad-schema.yaml",
                "--output-format",
                "concise",
            ])
            .args(extra)
            .run()
    };
    let run = check(&[]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .starts_with("bad-schema.yaml:6:11: error[SW400] "),
        "{}",
        run.stdout
    );
    assert_eq!(check(&["--exit-zero"]).status, 0);
    let unknown_keys = check(&["--select", "SW401"]);
    assert_eq!(
        unknown_keys.stdout.lines().count(),
        3,
        "{}",
        unknown_keys.stdout
    );
    let ignored = check(&["--ignore", "SW4"]);
    assert_eq!((ignored.status, ignored.stdout.as_str()), (0, ""));
}
