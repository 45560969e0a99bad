use std::path::Path;

use super::*;
use crate::fs::MemoryFs;
use crate::source::SourceKind;
use crate::yaml;

/// Parses compose text into sources and the diagnostics the YAML reader raises.
fn compose(text: &str) -> (Sources, Diagnostics) {
    let mut sources = Sources::new();
    let id = sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    yaml::parse(sources.get(id), id, &mut diagnostics);
    diagnostics.sort();
    (sources, diagnostics)
}

/// `CODE severity line` for each diagnostic.
fn listed(sources: &Sources, diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let line = d.primary.as_ref().map_or(0, |l| {
                sources.get(l.span.source).line_col(l.span.start).line
            });
            format!("{} {} {line}", d.code(), d.severity.as_str())
        })
        .collect()
}

fn config(text: &str) -> (Sources, Diagnostics, Option<Config>) {
    let mut fs = MemoryFs::new();
    fs.insert("swarmc.toml", text);
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let config = load_config(
        &fs,
        &mut sources,
        Path::new("swarmc.toml"),
        &mut diagnostics,
    );
    (sources, diagnostics, config)
}

fn resolve(config_text: &str, overrides: &Overrides) -> (Policy, Vec<String>) {
    let (sources, mut diagnostics, config) = config(config_text);
    let policy = Policy::resolve(config.as_ref(), overrides, &mut diagnostics);
    let found = diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map_or("-", |l| sources.text(l.span));
            format!("{} {} at {at}", d.code(), d.message)
        })
        .collect();
    (policy, found)
}

fn enabled(policy: &Policy) -> Vec<&'static str> {
    rules::ALL
        .iter()
        .filter(|r| !is_fixed(r) && policy.is_enabled(r))
        .map(|r| r.code)
        .collect()
}

#[test]
fn every_rule_is_enabled_by_default() {
    let (policy, problems) = resolve("", &Overrides::default());
    assert!(problems.is_empty());
    assert!(rules::ALL.iter().all(|r| policy.is_enabled(r)));
    assert_eq!(policy.threshold, Severity::Error);
    assert_eq!(policy.max_warnings, None);
}

#[test]
fn select_replaces_and_the_more_specific_selector_wins() {
    let (policy, problems) = resolve(
        "select = [\"SW1\", \"SW102\"]\nextend-select = [\"SW02\"]\nignore = [\"SW10\", \"SW021\"]\n",
        &Overrides::default(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    // `SW10` ignores SW101 to SW109, but the whole code `SW102` is more specific; the
    // rest of `SW1` stays selected, and `SW02` is added but for `SW021`.
    let expected: Vec<&str> = rules::ALL
        .iter()
        .filter(|r| !is_fixed(r))
        .map(|r| r.code)
        .filter(|c| {
            *c == "SW102"
                || (c.starts_with("SW1") && !c.starts_with("SW10"))
                || (c.starts_with("SW02") && *c != "SW021")
        })
        .collect();
    assert!(expected.contains(&"SW020") && expected.contains(&"SW102"));
    assert_eq!(enabled(&policy), expected);
}

#[test]
fn ignore_wins_a_tie() {
    let (policy, _) = resolve(
        "select = [\"SW1\"]\nignore = [\"SW1\"]\n",
        &Overrides::default(),
    );
    assert!(enabled(&policy).is_empty());
}

#[test]
fn the_command_line_wins_over_the_file() {
    let file = "select = [\"SW10\"]\nignore = [\"duplicate-key\"]\nfailure-threshold = \"error\"\nmax-warnings = 5\n";
    let cli = Overrides {
        select: Some(vec!["SW102".to_owned(), "SW104".to_owned()]),
        ignore: vec!["yaml-unknown-tag".to_owned()],
        strict: true,
        max_warnings: Some(0),
        ..Overrides::default()
    };
    let (policy, problems) = resolve(file, &cli);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(enabled(&policy), ["SW102"]);
    assert_eq!(policy.threshold, Severity::Warning);
    assert_eq!(policy.max_warnings, Some(0));

    let extend = Overrides {
        extend_select: vec!["SW02".to_owned()],
        ..Overrides::default()
    };
    let (policy, _) = resolve(file, &extend);
    assert_eq!(
        enabled(&policy),
        [
            "SW020", "SW021", "SW022", "SW101", "SW103", "SW104", "SW105"
        ]
    );
    assert_eq!(policy.max_warnings, Some(5));
}

#[test]
fn strict_never_loosens_the_configured_threshold() {
    let strict = Overrides {
        strict: true,
        ..Overrides::default()
    };
    let (policy, _) = resolve("failure-threshold = \"info\"\n", &strict);
    assert_eq!(policy.threshold, Severity::Info);
    let (policy, _) = resolve("", &strict);
    assert_eq!(policy.threshold, Severity::Warning);
}

#[test]
fn severity_overrides_by_code_name_and_prefix() {
    let (policy, problems) = resolve(
        "[severity]\nSW1 = \"warning\"\nyaml-unknown-tag = \"info\"\nSW10 = \"error\"\n",
        &Overrides::default(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        policy.severity_of(&rules::YAML_UNKNOWN_TAG),
        Some(Severity::Info)
    );
    assert_eq!(
        policy.severity_of(&rules::DUPLICATE_KEY),
        Some(Severity::Error)
    );
    assert_eq!(policy.severity_of(&rules::UNUSED_SUPPRESSION), None);
}

#[test]
fn unknown_selectors_are_errors_where_written() {
    let (_, problems) = resolve(
        "ignore = [\"duplicate-keys\", \"SW6\", \"SW999\"]\n[severity]\nSWX = \"info\"\n",
        &Overrides {
            select: Some(vec!["yaml-syntx".to_owned()]),
            ..Overrides::default()
        },
    );
    assert_eq!(
        problems,
        [
            "SW011 unknown rule `duplicate-keys` at \"duplicate-keys\"",
            "SW011 unknown rule `SW999` at \"SW999\"",
            "SW011 unknown rule `SWX` at SWX",
            "SW011 unknown rule `yaml-syntx` at -",
        ]
    );
}

#[test]
fn fixed_rules_cannot_be_configured() {
    let (policy, problems) = resolve(
        "ignore = [\"SW001\", \"SW0\"]\n[severity]\ninput-unreadable = \"info\"\nSW9 = \"info\"\n",
        &Overrides::default(),
    );
    assert_eq!(
        problems,
        [
            "SW012 `SW001` cannot be ignored or given another severity at \"SW001\"",
            "SW012 `input-unreadable` cannot be ignored or given another severity at input-unreadable",
        ]
    );
    assert!(policy.is_enabled(&rules::INPUT_UNREADABLE));
    assert_eq!(policy.severity_of(&rules::OUTPUT_SCHEMA_VIOLATION), None);
    // The prefix still applies to the configurable rules it covers.
    assert!(!policy.is_enabled(&rules::UNUSED_SUPPRESSION));
}

#[test]
fn apply_drops_disabled_rules_and_sets_severities() {
    let (sources, mut diagnostics) = compose("a: 1\na: 2\nb: !rest x\n");
    assert_eq!(
        listed(&sources, &diagnostics),
        ["SW102 error 2", "SW104 error 3"]
    );
    let (policy, _) = resolve(
        "ignore = [\"SW104\"]\n[severity]\nSW102 = \"warning\"\n",
        &Overrides::default(),
    );
    policy.apply(&mut diagnostics, &sources);
    assert_eq!(listed(&sources, &diagnostics), ["SW102 warning 2"]);
}

#[test]
fn suppressions_on_the_line_the_line_above_and_the_file() {
    let text = "\
# swarmc: ignore-file[yaml-unknown-tag] tags are checked by the merge
a: 1
a: 2  # swarmc: ignore[SW102] kept for the old loader
b: 1
# swarmc: ignore[SW102]

b: 2
c: 1
c: 2
d: !rest x
";
    let (sources, mut diagnostics) = compose(text);
    assert_eq!(
        listed(&sources, &diagnostics),
        [
            "SW102 error 3",
            "SW102 error 7",
            "SW102 error 9",
            "SW104 error 10"
        ]
    );
    Policy::default().apply(&mut diagnostics, &sources);
    assert_eq!(listed(&sources, &diagnostics), ["SW102 error 9"]);
}

#[test]
fn unused_suppressions_are_reported_in_clean_runs_only() {
    let text = "a: 1  # swarmc: ignore[SW102, yaml-unknown-tag]\n# swarmc: ignore-file[SW105]\n";
    let (sources, mut diagnostics) = compose(text);
    Policy::default().apply(&mut diagnostics, &sources);
    let messages: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let at = sources.text(d.primary.as_ref().unwrap().span);
            format!("{} {} at {at}", d.code(), d.message)
        })
        .collect();
    assert_eq!(
        messages,
        [
            "SW020 unused suppression of `SW102` at SW102",
            "SW020 unused suppression of `yaml-unknown-tag` at yaml-unknown-tag",
            "SW020 unused suppression of `SW105` at SW105",
        ]
    );

    let with_error = format!("{text}x: 1\nx: 2\n");
    let (sources, mut diagnostics) = compose(&with_error);
    Policy::default().apply(&mut diagnostics, &sources);
    assert_eq!(listed(&sources, &diagnostics), ["SW102 error 4"]);
}

#[test]
fn unused_suppressions_of_disabled_rules_are_not_reported() {
    let (sources, mut diagnostics) = compose("a: 1  # swarmc: ignore[SW102]\n");
    let (policy, _) = resolve("ignore = [\"SW1\"]\n", &Overrides::default());
    policy.apply(&mut diagnostics, &sources);
    assert!(diagnostics.is_empty());

    let (policy, _) = resolve("ignore = [\"unused-suppression\"]\n", &Overrides::default());
    let (sources, mut diagnostics) = compose("a: 1  # swarmc: ignore[SW102]\n");
    policy.apply(&mut diagnostics, &sources);
    assert!(diagnostics.is_empty());
}

#[test]
fn unknown_and_fixed_codes_in_suppressions_are_always_reported() {
    let text = "a: 1  # swarmc: ignore[SW999, SW001]\na: 2\nb: 1 # swarmc: ignore SW102\n";
    let (sources, mut diagnostics) = compose(text);
    Policy::default().apply(&mut diagnostics, &sources);
    let messages: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code(), d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "SW021 unknown rule `SW999` in suppression",
            "SW020 `SW001` cannot be suppressed",
            "SW102 duplicate key `a`",
            "SW022 malformed suppression comment",
        ]
    );
}

#[test]
fn fixed_diagnostics_pass_every_policy() {
    let mut sources = Sources::new();
    let id = sources.add(
        "compose.yaml",
        None,
        SourceKind::Compose,
        "a: 1 # swarmc: ignore[SW002]\n".to_owned(),
    );
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::new(&rules::INVALID_ENCODING, "bad").at(Span::new(id, 0, 1)));
    let (policy, _) = resolve("select = [\"SW1\", \"SW02\"]\n", &Overrides::default());
    policy.apply(&mut diagnostics, &sources);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["SW002", "SW020"]);
}

#[test]
fn thresholds_decide_failure() {
    let (sources, mut diagnostics) = compose("a: 1 # swarmc: ignore[SW102]\n");
    Policy::default().apply(&mut diagnostics, &sources);
    assert_eq!(diagnostics.count(Severity::Warning), 1);
    let mut policy = Policy::default();
    assert!(!policy.fails(&diagnostics));
    policy.max_warnings = Some(1);
    assert!(!policy.fails(&diagnostics));
    policy.max_warnings = Some(0);
    assert!(policy.fails(&diagnostics));
    policy.max_warnings = None;
    policy.threshold = Severity::Warning;
    assert!(policy.fails(&diagnostics));
}

/// Past its first thousand, the sink only counts a rule's diagnostics; a suppression
/// comment silences those as it does the ones kept, and counts as used.
#[test]
fn suppressions_reach_the_diagnostics_only_counted() {
    let duplicates = |unsuppressed: Option<usize>| {
        let mut text = String::new();
        for i in 0..crate::diagnostic::KEPT_PER_RULE + 3 {
            let comment = if Some(i) == unsuppressed {
                ""
            } else {
                "  # swarmc: ignore[SW102]"
            };
            text.push_str(&format!("k{i}: 1\nk{i}: 2{comment}\n"));
        }
        text
    };

    let (sources, mut diagnostics) = compose(&duplicates(None));
    assert!(!diagnostics.hidden().is_empty());
    Policy::default().apply(&mut diagnostics, &sources);
    assert!(
        diagnostics.is_empty(),
        "{:?}",
        listed(&sources, &diagnostics)
    );
    assert_eq!(diagnostics.count(Severity::Error), 0);

    let last = crate::diagnostic::KEPT_PER_RULE + 1;
    let (sources, mut diagnostics) = compose(&duplicates(Some(last)));
    Policy::default().apply(&mut diagnostics, &sources);
    assert_eq!(diagnostics.len(), 0);
    assert_eq!(diagnostics.count(Severity::Error), 1);
    let first = diagnostics.hidden()[0].first().unwrap();
    assert_eq!(sources.text(first), format!("k{last}"));
    assert_eq!(
        sources.get(first.source).line_col(first.start).line,
        2 * last + 2
    );
}
