//! `swarmc rule`, `swarmc completions` and `swarmc man`: documentation generated from
//! the rule registry and the command-line definitions.

use serde_json::Value;

use crate::support::{Swarmc, snapshot_settings};

fn swarmc(args: &[&str]) -> crate::support::Run {
    let dir = tempfile::tempdir().unwrap();
    Swarmc::new(dir.path()).args(args).run()
}

#[test]
fn a_rule_is_explained_by_code_or_name() {
    let by_code = swarmc(&["rule", "SW020"]);
    assert_eq!(by_code.status, 0);
    let by_name = swarmc(&["rule", "unused-suppression"]);
    assert_eq!(by_name.stdout, by_code.stdout);
    snapshot_settings().bind(|| insta::assert_snapshot!("rules__explain", by_code.stdout));
}

#[test]
fn every_rule_is_listed_on_one_line() {
    let run = swarmc(&["rule", "--all"]);
    assert_eq!(run.status, 0);
    let all: Vec<Value> =
        serde_json::from_str(&swarmc(&["rule", "--all", "--output-format", "json"]).stdout)
            .unwrap();
    assert_eq!(run.stdout.lines().count(), all.len());
    let line = run.stdout.lines().find(|l| l.starts_with("SW102")).unwrap();
    let columns: Vec<&str> = line.split_whitespace().take(3).collect();
    assert_eq!(columns, ["SW102", "duplicate-key", "error"]);
    assert!(line.ends_with("Reports a key that appears twice in the same YAML mapping."));
}

#[test]
fn rules_as_json() {
    let all: Vec<Value> =
        serde_json::from_str(&swarmc(&["rule", "--all", "--output-format", "json"]).stdout)
            .unwrap();
    assert!(all.iter().any(|r| r["code"] == "SW102"));
    for rule in &all {
        for key in ["code", "name", "severity", "summary", "documentation"] {
            assert!(rule[key].is_string(), "{key} of {rule}");
        }
    }
    let one: Value =
        serde_json::from_str(&swarmc(&["rule", "SW001", "--output-format", "json"]).stdout)
            .unwrap();
    assert_eq!(one["name"], "input-unreadable");
    assert_eq!(one["configurable"], false);
}

#[test]
fn an_unknown_rule_exits_2_with_a_suggestion() {
    let run = swarmc(&["rule", "duplicate-keys"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "swarmc: unknown rule `duplicate-keys`\nhelp: did you mean `duplicate-key`?\n"
    );
    assert_eq!(swarmc(&["rule"]).status, 2);
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = swarmc(&["completions", shell]);
        assert_eq!(run.status, 0, "{shell}");
        assert!(run.stdout.contains("output-format"), "{shell}");
    }
    let man = swarmc(&["man"]);
    assert_eq!(man.status, 0);
    assert!(man.stdout.contains(".TH swarmc 1"));
    assert!(man.stdout.contains("compile"));
}
