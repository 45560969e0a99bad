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
    let prefix = swarmc(&["rule", "SW99"]);
    assert_eq!(prefix.status, 2);
    assert!(prefix.stderr.starts_with("swarmc: unknown rule `SW99`\n"));
}

#[test]
fn without_a_rule_every_rule_is_listed_and_a_prefix_lists_its_rules() {
    let all = swarmc(&["rule", "--all"]);
    assert_eq!(swarmc(&["rule"]).stdout, all.stdout);
    let under = swarmc(&["rule", "SW30"]);
    assert_eq!(under.status, 0, "{}", under.stderr);
    let codes: Vec<&str> = under
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let expected: Vec<&str> = all
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .filter(|code| code.starts_with("SW30"))
        .collect();
    assert!(expected.len() > 1);
    assert_eq!(codes, expected);
    // Prefixes are codes, in either case; JSON lists them as `--all` does.
    assert_eq!(swarmc(&["rule", "sw30"]).stdout, under.stdout);
    let json: Vec<Value> =
        serde_json::from_str(&swarmc(&["rule", "SW6", "--output-format", "json"]).stdout).unwrap();
    assert!(
        json.iter()
            .all(|r| r["code"].as_str().unwrap().starts_with("SW6"))
    );
}

#[test]
fn every_schema_in_the_repository_comes_out_of_the_binary() {
    let dir = crate::support::manifest_dir().join("schemas");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "changes.schema.json",
            "config.schema.json",
            "prediction.schema.json",
            "site.schema.json",
            "stack.schema.json"
        ]
    );
    for file in names {
        let name = file.strip_suffix(".schema.json").unwrap();
        let run = swarmc(&["schema", name]);
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        let committed = std::fs::read_to_string(dir.join(&file)).unwrap();
        assert!(
            run.stdout == committed,
            "`swarmc schema {name}` is not {file}"
        );
    }
}

#[test]
fn every_manual_page_comes_out_of_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = Swarmc::new(dir.path()).args(["man", "--dir", "man1"]).run();
    assert_eq!((run.status, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    // One page per subcommand, nested ones included.
    for page in [
        "swarmc.1",
        "swarmc-compile.1",
        "swarmc-lint.1",
        "swarmc-check.1",
        "swarmc-diff.1",
        "swarmc-plan.1",
        "swarmc-site.1",
        "swarmc-site-check.1",
        "swarmc-site-default.1",
        "swarmc-rule.1",
        "swarmc-man.1",
        "swarmc-schema.1",
        "swarmc-completions.1",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} missing: {pages:?}");
    }
    // Every page the main page refers to is there.
    let main = std::fs::read_to_string(out.join("swarmc.1")).unwrap();
    assert_eq!(main, swarmc(&["man"]).stdout);
    for page in &pages {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(text.starts_with(".ie"), "{page} is roff");
    }
    let references: Vec<String> = main
        .lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .map(|name| name.replace("\\-", "-"))
        .collect();
    assert!(references.len() > 5, "{main}");
    for name in references {
        assert!(
            pages.contains(&format!("{name}.1")),
            "swarmc.1 refers to {name}(1), which was not written"
        );
    }
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

/// The text tests hold about what swarmc reports: every snapshot, every integration
/// test and the unit tests (`tests.rs` files, `tests/` directories and what follows
/// `#[cfg(test)]` in other files).
fn test_texts(dir: &std::path::Path, under_tests: bool, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("directory").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            test_texts(&path, under_tests || name == "tests", out);
        } else if name.ends_with(".snap") || (name.ends_with(".rs") && under_tests) {
            out.push_str(&std::fs::read_to_string(&path).expect("test file"));
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            match text.split_once("#[cfg(test)]") {
                Some((_, tests)) => out.push_str(tests),
                None if name == "tests.rs" => out.push_str(&text),
                None => {}
            }
        }
    }
}

#[test]
fn every_rule_is_raised_by_a_test() {
    // A snapshot shows a code only when swarmc raised it, and a test names a code when
    // it expects it: a code that appears in neither is one no test makes swarmc raise.
    let root = crate::support::manifest_dir();
    let mut texts = String::new();
    for dir in ["snapshots", "tests/it", "src"] {
        test_texts(&root.join(dir), dir == "tests/it", &mut texts);
    }
    let untested: Vec<&str> = swarmc::rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|code| !texts.contains(code))
        .collect();
    assert!(untested.is_empty(), "no test raises {untested:?}");
}

#[test]
fn no_snapshot_shows_a_retired_code() {
    // A retired code is raised by nothing: a snapshot that shows one is out of date.
    let mut snapshots = String::new();
    test_texts(
        &crate::support::manifest_dir().join("snapshots"),
        false,
        &mut snapshots,
    );
    let shown: Vec<&str> = swarmc::rules::RETIRED
        .iter()
        .map(|r| r.code)
        .filter(|code| snapshots.contains(code))
        .collect();
    assert!(shown.is_empty(), "snapshots show retired {shown:?}");
}

#[test]
fn a_retired_code_is_explained_with_the_rule_that_replaced_it() {
    let run = swarmc(&["rule", "SW508"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "# secret-file-too-large (SW508)\n\nRetired: `check` looked for secret and config files too large for swarm, but translation refuses the same files first. Its findings are reported as SW388 (secret-too-large), which `swarmc rule SW388` explains. A retired code is never given to another rule.\n"
    );
    assert_eq!(
        swarmc(&["rule", "secret-file-too-large"]).stdout,
        run.stdout
    );
    assert_eq!(swarmc(&["rule", "sw508"]).stdout, run.stdout);
    let json: Value =
        serde_json::from_str(&swarmc(&["rule", "SW508", "--output-format", "json"]).stdout)
            .unwrap();
    assert_eq!(json["retired"], true);
    assert_eq!(json["replaced_by"], "SW388");
    // Listings show the rules in force only.
    let all = swarmc(&["rule", "--all"]);
    assert!(!all.stdout.contains("SW508"), "{}", all.stdout);
    assert!(!swarmc(&["rule", "SW50"]).stdout.contains("SW508"));
}
