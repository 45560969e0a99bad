//! `swarmc lint`: every lint rule on a fixture that triggers it and on one that does
//! not, the rendered findings, and the exit statuses under each failure threshold.
//!
//! Fixtures live in `tests/fixtures/lint/<CODE>/`: `bad.yaml` and `good.yaml`, with a
//! `site.yaml` and `.env` when the rule reads them. The first comment lines say what is
//! expected: `# expect: SW601:8 SW601:15` (code and line, in the linted file, or
//! `CODE:FILE:LINE` elsewhere) or `# expect: nothing`; `# env: NAME=value` sets a
//! variable in the environment swarmc runs with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Run, Swarmc, fixture, snapshot_settings};

/// A rule's fixture file and what its header comment expects.
struct Case {
    dir: PathBuf,
    code: String,
    file: String,
    expected: Vec<String>,
    env: Vec<(String, String)>,
}

impl Case {
    fn read(path: &Path) -> Case {
        let dir = path.parent().unwrap().to_path_buf();
        let code = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let mut expected = None;
        let mut env = Vec::new();
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            if let Some(list) = line.strip_prefix("# expect:") {
                let list = list.trim();
                expected = Some(if list == "nothing" {
                    Vec::new()
                } else {
                    list.split_whitespace()
                        .map(|item| match item.split(':').collect::<Vec<_>>()[..] {
                            [code, line] => format!("{code}:{file}:{line}"),
                            _ => item.to_owned(),
                        })
                        .collect()
                });
            } else if let Some(pair) = line.strip_prefix("# env:") {
                let (name, value) = pair.trim().split_once('=').unwrap();
                env.push((name.to_owned(), value.to_owned()));
            }
        }
        let mut expected =
            expected.unwrap_or_else(|| panic!("{code}/{file} has no `# expect:` line"));
        expected.sort();
        Case {
            dir,
            code,
            file,
            expected,
            env,
        }
    }

    /// Lints the file with only the rule under test selected.
    fn run(&self, format: &str) -> Run {
        let mut swarmc = Swarmc::new(&self.dir).args([
            "lint",
            "-f",
            &self.file,
            "--select",
            &self.code,
            "--output-format",
            format,
        ]);
        if self.dir.join("site.yaml").is_file() {
            swarmc = swarmc.args(["--site", "site.yaml"]);
        }
        for (name, value) in &self.env {
            swarmc = swarmc.env(name, value);
        }
        swarmc.run()
    }
}

/// `CODE:FILE:LINE` of every located finding in concise output, sorted.
fn findings(concise: &str) -> Vec<String> {
    let mut found: Vec<String> = concise
        .lines()
        .filter_map(|line| {
            let (place, rest) = line.split_once(": ")?;
            let code = rest.split_once('[')?.1.split_once(']')?.0;
            let mut parts = place.rsplitn(3, ':');
            let (_column, row, file) = (parts.next()?, parts.next()?, parts.next()?);
            Some(format!("{code}:{file}:{row}"))
        })
        .collect();
    found.sort();
    found
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture("lint"))
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with("bad") || name.starts_with("good")
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| Case::read(p)).collect()
}

#[test]
fn every_lint_rule_has_a_fixture_that_triggers_it_and_one_that_does_not() {
    let mut kinds: BTreeMap<String, Vec<bool>> = BTreeMap::new();
    for case in cases() {
        kinds
            .entry(case.code.clone())
            .or_default()
            .push(!case.expected.is_empty());
    }
    for lint in swarmc::lint::RULES {
        let code = lint.rule.code;
        let kinds = kinds.get(code).map(Vec::as_slice).unwrap_or_default();
        assert!(
            kinds.contains(&true),
            "{code} has no fixture that triggers it"
        );
        assert!(
            kinds.contains(&false),
            "{code} has no fixture that stays clean"
        );
    }
}

#[test]
fn each_fixture_gets_the_findings_its_header_expects() {
    for case in cases() {
        let run = case.run("concise");
        let name = format!("{}/{}", case.code, case.file);
        assert_eq!(
            findings(&run.stdout),
            case.expected,
            "{name}:\n{}",
            run.stdout
        );
        let severity = swarmc::rules::find(&case.code).unwrap().severity;
        let fails = !case.expected.is_empty() && severity == swarmc::diagnostic::Severity::Error;
        assert_eq!(run.status, i32::from(fails), "{name}:\n{}", run.stdout);
        if case.expected.is_empty() {
            assert_eq!(
                (run.stdout.as_str(), run.stderr.as_str()),
                ("", ""),
                "{name}"
            );
        }
    }
}

#[test]
fn findings_render_with_their_labels_help_and_notes() {
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/lint", "*/bad.yaml", |path| {
            let run = Case::read(path).run("human");
            insta::assert_snapshot!("lint__findings", run.transcript());
        });
    });
}

/// A project in a temporary directory.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn lint(dir: &tempfile::TempDir, args: &[&str]) -> Run {
    Swarmc::new(dir.path())
        .args(["lint", "--output-format", "concise"])
        .args(args)
        .run()
}

/// Pinned, checked, bounded and alone: nothing for any rule to say.
const CLEAN: &str = "services:
  web:
    image: nginx:1.27.2
    healthcheck:
      test: [CMD, curl, -f, http://localhost]
    deploy:
      resources:
        limits: { cpus: '1', memory: 256M }
";

/// Two warnings (`SW606`, `SW608`) and a note (`SW613`).
const WARNINGS: &str = "version: '3.8'
services:
  web:
    image: nginx
    deploy:
      resources:
        limits: { cpus: '1', memory: 256M }
";

/// A warning (`SW605`, a password in plain text), which `swarmc.toml` can make an error.
const PASSWORD: &str = "services:
  db:
    image: example/db:1.0
    environment:
      DB_PASSWORD: example
    healthcheck:
      test: [CMD, 'true']
    deploy:
      resources:
        limits: { cpus: '1', memory: 256M }
";

#[test]
fn a_clean_project_lints_silently() {
    let dir = project(&[("compose.yaml", CLEAN)]);
    let run = lint(&dir, &[]);
    assert_eq!((run.status, run.stdout.as_str()), (0, ""));
    let human = Swarmc::new(dir.path()).args(["lint"]).run();
    assert_eq!((human.status, human.stderr.as_str()), (0, ""));
    assert_eq!(human.stdout, "", "lint writes no stack");
}

#[test]
fn exit_statuses_follow_the_failure_threshold() {
    let warnings = project(&[("compose.yaml", WARNINGS)]);
    let errors = project(&[
        ("compose.yaml", PASSWORD),
        (
            "swarmc.toml",
            "[severity]\nplaintext-secret-in-environment = \"error\"\n",
        ),
    ]);
    // Errors fail by default; warnings and notes do not.
    assert_eq!(lint(&warnings, &[]).status, 0);
    assert_eq!(lint(&errors, &[]).status, 1);
    // `--strict` fails on warnings, never on notes.
    assert_eq!(lint(&warnings, &["--strict"]).status, 1);
    assert_eq!(
        lint(&warnings, &["--strict", "--select", "SW613"]).status,
        0
    );
    // `--max-warnings N` fails above N warnings.
    assert_eq!(lint(&warnings, &["--max-warnings", "2"]).status, 0);
    assert_eq!(lint(&warnings, &["--max-warnings", "1"]).status, 1);
    // `--exit-zero` reports and succeeds.
    let forgiven = lint(&errors, &["--exit-zero"]);
    assert_eq!(forgiven.status, 0);
    assert!(
        forgiven.stdout.contains("error[SW605]"),
        "{}",
        forgiven.stdout
    );
    // The configured threshold and severities apply, and the command line wins.
    std::fs::write(
        warnings.path().join("swarmc.toml"),
        "failure-threshold = \"info\"\n",
    )
    .unwrap();
    assert_eq!(lint(&warnings, &["--select", "SW613"]).status, 1);
    assert_eq!(lint(&warnings, &["--ignore", "SW6"]).status, 0);
    std::fs::write(
        errors.path().join("swarmc.toml"),
        "[severity]\nplaintext-secret-in-environment = \"warning\"\n",
    )
    .unwrap();
    assert_eq!(lint(&errors, &[]).status, 0);
    assert_eq!(lint(&errors, &["--strict"]).status, 1);
}

#[test]
fn usage_configuration_and_input_errors_exit_2() {
    let dir = project(&[("compose.yaml", CLEAN)]);
    assert_eq!(lint(&dir, &["-f", "missing.yaml"]).status, 2);
    assert_eq!(lint(&dir, &["--select", "SW699"]).status, 2);
    assert_eq!(lint(&dir, &["--no-such-flag"]).status, 2);
    assert_eq!(
        lint(&dir, &["compose.yaml", "-f", "compose.yaml"]).status,
        2
    );
    std::fs::write(dir.path().join("swarmc.toml"), "selekt = []\n").unwrap();
    assert_eq!(lint(&dir, &[]).status, 2);
}

#[test]
fn errors_in_the_project_keep_the_rules_from_running() {
    let dir = project(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx\n    restart: sometimes\n",
    )]);
    let run = Swarmc::new(dir.path()).args(["lint"]).run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("SW606"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("swarmc: 1 error; errors kept the lint rules from running on the project\n"),
        "{}",
        run.stdout
    );
    // Ignoring the error does not make the project clean: it was not linted.
    let ignored = Swarmc::new(dir.path())
        .args(["lint", "--ignore", "SW1"])
        .run();
    assert_eq!(ignored.status, 1, "{}", ignored.stdout);
    assert!(
        ignored.stdout.ends_with(
            "swarmc: suppressed, ignored or downgraded errors kept the lint rules from running on the project\n"
        ),
        "{}",
        ignored.stdout
    );
}

#[test]
fn files_named_without_f_are_linted_each_on_its_own() {
    let dir = project(&[("a.yaml", WARNINGS), ("b.yaml", PASSWORD)]);
    let run = lint(&dir, &["a.yaml", "b.yaml", "--select", "SW605,SW606"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        findings(&run.stdout),
        ["SW605:b.yaml:5", "SW606:a.yaml:4"],
        "{}",
        run.stdout
    );
    // With `-f`, the same files are one project: the second overrides the first.
    let merged = lint(
        &dir,
        &["-f", "a.yaml", "-f", "b.yaml", "--select", "SW605,SW606"],
    );
    assert_eq!(
        findings(&merged.stdout),
        ["SW605:b.yaml:5", "SW606:a.yaml:4"],
        "{}",
        merged.stdout
    );
    // One broken file does not keep the others from being linted.
    std::fs::write(
        dir.path().join("c.yaml"),
        "services:\n  x:\n    image: [1]\n",
    )
    .unwrap();
    let run = lint(&dir, &["a.yaml", "c.yaml", "--select", "SW606"]);
    assert_eq!(run.status, 1);
    assert_eq!(findings(&run.stdout), ["SW606:a.yaml:4"], "{}", run.stdout);
}

#[test]
fn lint_reports_in_every_machine_format() {
    let dir = project(&[("compose.yaml", PASSWORD)]);
    let sarif = Swarmc::new(dir.path())
        .args([
            "lint",
            "--output-format",
            "sarif",
            "--report-file",
            "swarmc.sarif",
        ])
        .run();
    assert_eq!(sarif.status, 0, "{}", sarif.stderr);
    assert_eq!(sarif.stdout, "", "the report went to the file");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("swarmc.sarif")).unwrap())
            .unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SW605"));
    let gitlab = Swarmc::new(dir.path())
        .args(["lint", "--output-format", "gitlab"])
        .run();
    let issues: serde_json::Value = serde_json::from_str(&gitlab.stdout).unwrap();
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "SW605")
    );
}

#[test]
fn the_report_goes_to_standard_output_and_the_outcome_to_standard_error() {
    let dir = project(&[("compose.yaml", WARNINGS)]);
    for format in ["concise", "json", "sarif", "github", "gitlab", "junit"] {
        let run = Swarmc::new(dir.path())
            .args(["lint", "--output-format", format])
            .run();
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("SW606"), "{format}: {}", run.stdout);
        assert_eq!(
            run.stderr, "swarmc: 2 warnings, 1 note\n",
            "{format}: what the run found, for people"
        );
    }
    let sarif = Swarmc::new(dir.path())
        .args(["lint", "--output-format", "sarif"])
        .run();
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    // The human report and its last line go to standard output together.
    let human = Swarmc::new(dir.path()).args(["lint"]).run();
    assert_eq!(human.stderr, "");
    assert!(
        human.stdout.ends_with("swarmc: 2 warnings, 1 note\n"),
        "{}",
        human.stdout
    );
}
