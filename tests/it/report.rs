//! Every output format over one fixed set of findings (duplicate keys and unknown tags
//! in two files, one rule downgraded to a warning by the fixture's `swarmc.toml`),
//! snapshotted, plus the structural checks CI systems apply to each format.

use std::path::Path;

use serde_json::Value;

use crate::support::{Swarmc, fixture, snapshot_settings};

/// Runs the report fixture with `format`, writing the report to a file; returns the
/// exit status, the report and standard error.
fn report(format: &str) -> (i32, String, String) {
    report_in(
        &fixture("report"),
        &["compose.yaml", "override.yaml"],
        format,
        &[],
    )
}

fn report_in(dir: &Path, files: &[&str], format: &str, extra: &[&str]) -> (i32, String, String) {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("report");
    let mut args = vec!["compile".to_owned()];
    for file in files {
        args.extend(["-f".to_owned(), (*file).to_owned()]);
    }
    args.extend(["--output-format".to_owned(), format.to_owned()]);
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let run = Swarmc::new(dir)
        .args(&args)
        .args([std::ffi::OsStr::new("--report-file"), path.as_os_str()])
        .run();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    (run.status, text, run.stderr)
}

fn snapshot(name: &str, text: &str) {
    snapshot_settings().bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn concise() {
    let (status, text, stderr) = report("concise");
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        "swarmc: 4 errors, 2 warnings; nothing was written\n"
    );
    snapshot("report__concise", &text);
}

#[test]
fn json_is_unchanged_by_the_policy_stage() {
    let (status, text, _) = report("json");
    assert_eq!(status, 1);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(items[1]["severity"], "warning");
}

#[test]
fn sarif() {
    let (status, text, _) = report("sarif");
    assert_eq!(status, 1);
    check_sarif(&text);
    snapshot("report__sarif", &text);
}

#[test]
fn github() {
    let (status, text, _) = report("github");
    assert_eq!(status, 1);
    snapshot("report__github", &text);
    // `%` in the message, and the line break before the help.
    assert!(text.contains("::duplicate key `100%25`%0Ahelp: "), "{text}");
}

#[test]
fn gitlab() {
    let (status, text, _) = report("gitlab");
    assert_eq!(status, 1);
    snapshot("report__gitlab", &text);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    for item in &items {
        let description = item["description"].as_str().unwrap();
        assert!(description.starts_with(item["check_name"].as_str().unwrap()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&item["severity"].as_str().unwrap())
        );
        assert!(!item["location"]["path"].as_str().unwrap().starts_with('/'));
        assert!(item["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let mut fingerprints: Vec<&str> = items
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        items.len(),
        "fingerprints must be unique"
    );
}

#[test]
fn junit() {
    let (status, text, _) = report("junit");
    assert_eq!(status, 1);
    snapshot("report__junit", &text);
    let document = roxmltree::Document::parse(&text).expect("JUnit report is XML");
    let suites: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<_> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["compose.yaml", "override.yaml"]);
    let failures: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    // The 4 errors fail; the 2 warnings, below the failure threshold, are passed cases
    // that still carry the finding.
    assert_eq!(failures.len(), 4);
    assert!(
        failures
            .iter()
            .all(|f| f.attribute("type") == Some("error"))
    );
    let root = document.root_element();
    assert_eq!(root.attribute("tests"), Some("6"));
    assert_eq!(root.attribute("failures"), Some("4"));
    let passed: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("system-out"))
        .collect();
    assert_eq!(passed.len(), 2);
    assert!(passed[0].text().unwrap().contains("warning[SW104]"));
    for suite in &suites {
        let cases = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count();
        let failed = suite
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));
        assert_eq!(
            suite.attribute("failures"),
            Some(failed.to_string().as_str())
        );
    }
    let last = failures.last().unwrap();
    assert_eq!(
        last.attribute("message"),
        Some("duplicate key `<tier> & \"edge\"`")
    );
    assert!(last.text().unwrap().contains("\nhelp: "));
}

#[test]
fn junit_failures_follow_the_failure_threshold() {
    let count = |text: &str, tag: &str| {
        roxmltree::Document::parse(text)
            .unwrap()
            .descendants()
            .filter(|n| n.has_tag_name(tag))
            .count()
    };
    // `--strict` makes warnings fail the run, and so fail in the report.
    let (status, strict, _) = report_in(
        &fixture("report"),
        &["compose.yaml", "override.yaml"],
        "junit",
        &["--strict"],
    );
    assert_eq!(status, 1);
    assert_eq!(count(&strict, "failure"), 6);
    // Only notes: every case passes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n    restart: always\n",
    )
    .unwrap();
    let (status, notes, _) = report_in(dir.path(), &["compose.yaml"], "junit", &[]);
    assert_eq!(status, 0);
    assert!(count(&notes, "testcase") >= 1, "{notes}");
    assert_eq!(count(&notes, "failure"), 0, "{notes}");
    assert!(notes.contains("failures=\"0\""), "{notes}");
}

#[test]
fn junit_without_findings_is_one_passing_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "services: {}\n").unwrap();
    let (_, text, _) = report_in(dir.path(), &["compose.yaml"], "junit", &[]);
    let document = roxmltree::Document::parse(&text).unwrap();
    let cases = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let failures = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!((cases, failures), (1, 0));
}

#[test]
fn the_github_step_summary_is_appended_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    for _ in 0..2 {
        let run = Swarmc::new(&fixture("report"))
            .args(["compile", "-f", "compose.yaml", "-f", "override.yaml"])
            .args(["--output-format", "github"])
            .env("GITHUB_STEP_SUMMARY", &summary)
            .run();
        assert_eq!(run.status, 1);
    }
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n### swarmc\n"));
    assert_eq!(text.matches("### swarmc").count(), 2);
    let one = text.split("### swarmc").nth(1).unwrap();
    snapshot("report__github_summary", &format!("### swarmc{one}"));

    // Other formats leave the summary alone.
    let run = Swarmc::new(&fixture("report"))
        .args([
            "compile",
            "-f",
            "compose.yaml",
            "--output-format",
            "concise",
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .run();
    assert_eq!(run.status, 1);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn github_escapes_colons_and_commas_in_properties() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a,b:c.yaml"), "x-x: 1\nx-x: 2\n").unwrap();
    let (status, text, _) = report_in(dir.path(), &["a,b:c.yaml"], "github", &[]);
    assert_eq!(status, 1);
    assert_eq!(
        text,
        "::error file=a%2Cb%3Ac.yaml,line=2,col=1,endLine=2,endColumn=4,\
         title=SW102 duplicate-key::duplicate key `x-x`%0Ahelp: keep one of the two entries\n"
    );
}

#[test]
fn gitlab_fingerprints_survive_line_shifts() {
    let fingerprints = |text: &str| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("compose.yaml"), text).unwrap();
        let (_, report, _) = report_in(dir.path(), &["compose.yaml"], "gitlab", &[]);
        let items: Vec<Value> = serde_json::from_str(&report).unwrap();
        items
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    };
    let original = std::fs::read_to_string(fixture("report/compose.yaml")).unwrap();
    let before = fingerprints(&original);
    let after = fingerprints(&format!("# a comment added on top\n\n{original}"));
    assert_eq!(before.len(), 4);
    assert_eq!(before, after);
}

#[test]
fn sarif_is_complete_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "services: {}\n").unwrap();
    let (_, text, _) = report_in(dir.path(), &["compose.yaml"], "sarif", &[]);
    let log = check_sarif(&text);
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        Value::Array(Vec::new())
    );
}

#[test]
fn sarif_reports_unreadable_input_as_a_notification() {
    let dir = tempfile::tempdir().unwrap();
    let (status, text, _) = report_in(dir.path(), &["missing.yaml"], "sarif", &[]);
    assert_eq!(status, 2);
    let log = check_sarif(&text);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["associatedRule"]["id"], "SW001");
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

/// Checks everything GitHub code scanning requires of an uploaded SARIF file, and
/// returns the parsed log.
fn check_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let non_empty = |value: &Value, what: &str| {
        let text = value
            .as_str()
            .unwrap_or_else(|| panic!("{what} is a string"));
        assert!(!text.is_empty(), "{what} is empty");
    };
    non_empty(&log["$schema"], "$schema");
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs[]");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    non_empty(&driver["name"], "tool.driver.name");
    let rules = driver["rules"].as_array().expect("tool.driver.rules[]");
    for rule in rules {
        non_empty(&rule["id"], "rule id");
        non_empty(&rule["shortDescription"]["text"], "shortDescription.text");
        non_empty(&rule["fullDescription"]["text"], "fullDescription.text");
        non_empty(&rule["help"]["text"], "help.text");
        for description in ["shortDescription", "fullDescription"] {
            let text = rule[description]["text"].as_str().unwrap();
            assert!(text.chars().count() <= 1024, "{description} is too long");
        }
        assert!(
            ["note", "warning", "error"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    for result in run["results"].as_array().expect("results[]") {
        non_empty(&result["message"]["text"], "message.text");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["note", "warning", "error"].contains(&result["level"].as_str().unwrap()));
        let fingerprints = result["partialFingerprints"].as_object().unwrap();
        assert!(!fingerprints.is_empty());
        let locations = result["locations"].as_array().unwrap();
        assert!(!locations.is_empty());
        let related = result["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for location in locations.iter().chain(&related) {
            let physical = &location["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
            assert!(
                !uri.is_empty() && !uri.starts_with('/') && !uri.contains("://"),
                "{uri}"
            );
            assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            let region = &physical["region"];
            let number = |key: &str| region[key].as_u64().unwrap_or(0);
            assert!(number("startLine") >= 1 && number("startColumn") >= 1);
            assert!(number("endLine") >= number("startLine"));
            assert!(number("endColumn") >= 1);
        }
    }
    log
}
