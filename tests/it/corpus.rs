//! Conformance over real compose files and swarm stacks that nobody here wrote
//! (`../shared/corpus`, beside the checkout): each file either compiles to a stack that
//! docker accepts without ignoring anything, or fails with at least one located error.
//! Never a panic, never a crash. Skipped, visibly, when the corpus is absent.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::docker::{capture, capture_tool, docker_available, skip, stack_config};
use crate::support::{Swarmc, assert_stack_matches_schema, manifest_dir};

pub(crate) fn corpus_dir() -> Option<PathBuf> {
    manifest_dir()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
}

/// Every compose file of the corpus, sorted.
fn compose_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What happened to one file.
pub(crate) struct Outcome {
    pub(crate) file: String,
    status: i32,
    pub(crate) stack: Option<PathBuf>,
    diagnostics: Vec<Value>,
}

/// The corpus compiled once for all tests of this module, the stacks written under
/// cargo's temporary directory for integration tests.
pub(crate) fn outcomes(root: &Path) -> &'static [Outcome] {
    static OUTCOMES: OnceLock<Vec<Outcome>> = OnceLock::new();
    OUTCOMES.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("stack directory");
        compile_all(root, &out)
    })
}

fn compile_all(root: &Path, out: &Path) -> Vec<Outcome> {
    let files: Vec<(usize, PathBuf)> = compose_files(root).into_iter().enumerate().collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(4).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(i, p)| compile_one(root, out, *i, p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker finishes"))
            .collect()
    })
}

fn compile_one(root: &Path, out: &Path, index: usize, path: &Path) -> Outcome {
    let dir = path.parent().unwrap_or(root);
    let stack = out.join(format!("{index}.yml"));
    let run = Swarmc::new(dir)
        .args(["compile", "--output-format", "json", "-f"])
        .args([path.as_os_str(), "-o".as_ref(), stack.as_os_str()])
        .run();
    let file = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let diagnostics = serde_json::from_str(&run.stderr).unwrap_or_else(|_| {
        panic!(
            "{file}: diagnostics are not JSON (exit {}):\n{}",
            run.status, run.stderr
        )
    });
    Outcome {
        file,
        status: run.status,
        stack: (run.status == 0).then_some(stack),
        diagnostics,
    }
}

#[test]
fn corpus_files_compile_or_fail_with_located_errors() {
    let Some(root) = corpus_dir() else {
        skip(
            "corpus_files_compile_or_fail_with_located_errors",
            "../shared/corpus not found",
        );
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let outcomes = compile_all(&root, out.path());
    assert!(
        outcomes.len() > 50,
        "the corpus has fewer files than expected"
    );
    for outcome in &outcomes {
        let file = &outcome.file;
        match outcome.status {
            0 => {
                let text = outcome
                    .stack
                    .as_ref()
                    .and_then(|s| std::fs::read_to_string(s).ok());
                let Some(text) = text else {
                    panic!("{file}: no stack written");
                };
                assert_stack_matches_schema(file, &text);
            }
            1 => {
                let located = outcome.diagnostics.iter().any(|d| {
                    d["severity"] == "error"
                        && d["file"].is_string()
                        && d["line"].as_u64().is_some_and(|l| l >= 1)
                });
                assert!(
                    located,
                    "{file}: failed without a located error: {:#?}",
                    outcome.diagnostics
                );
            }
            status => panic!("{file}: exit status {status}: {:#?}", outcome.diagnostics),
        }
    }
}

#[test]
fn corpus_stacks_are_accepted_by_docker_without_ignoring_anything() {
    let test = "corpus_stacks_are_accepted_by_docker_without_ignoring_anything";
    let Some(root) = corpus_dir() else {
        skip(test, "../shared/corpus not found");
        return;
    };
    if !docker_available(test) {
        return;
    }
    let tool = capture_tool(test);
    let compiled: Vec<&Outcome> = outcomes(&root)
        .iter()
        .filter(|o| o.stack.is_some())
        .collect();
    assert!(!compiled.is_empty(), "no corpus file compiled");
    // Each check runs docker (and a Python fake engine); they wait on processes, not on
    // the CPU, so a few run at once.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = compiled
            .chunks(compiled.len().div_ceil(4))
            .map(|chunk| {
                let tool = tool.as_deref();
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|o| docker_problem(o, tool))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker finishes"))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What docker says is wrong with a compiled stack, if anything.
fn docker_problem(outcome: &Outcome, tool: Option<&Path>) -> Option<String> {
    let stack = outcome.stack.as_ref()?;
    let file = &outcome.file;
    let config = stack_config(stack);
    if !config.success {
        return Some(format!(
            "{file}: docker stack config rejects the stack:\n{}",
            config.stderr
        ));
    }
    if !config.stderr.trim().is_empty() {
        return Some(format!(
            "{file}: docker stack config warns:\n{}",
            config.stderr
        ));
    }
    let deployed = capture(tool?, stack);
    let output = deployed["output"].as_str().unwrap_or_default();
    if deployed["rc"] != 0 {
        return Some(format!("{file}: docker stack deploy fails:\n{output}"));
    }
    if output.contains("Ignoring") {
        return Some(format!(
            "{file}: docker ignores part of the stack:\n{output}"
        ));
    }
    None
}

/// The README's table of what `swarmc lint` finds, with its default severities, in the
/// corpus's awesome-compose samples: findings and projects per rule.
fn lint_figures(root: &Path) -> (String, usize, usize) {
    let mut samples: Vec<PathBuf> = std::fs::read_dir(root.join("awesome"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    samples.sort();
    let mut per_rule: std::collections::BTreeMap<String, (usize, usize, String)> =
        std::collections::BTreeMap::new();
    let mut failing = Vec::new();
    for sample in &samples {
        let run = Swarmc::new(sample)
            .args(["lint", "--output-format", "json"])
            .run();
        let name = sample.file_name().unwrap().to_string_lossy().into_owned();
        if run.status != 0 {
            failing.push(name.clone());
        }
        let findings: Vec<Value> = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", run.stdout));
        let mut seen = Vec::new();
        for finding in &findings {
            let code = finding["code"].as_str().unwrap().to_owned();
            let entry = per_rule.entry(code.clone()).or_insert_with(|| {
                let rule = swarmc::rules::find(&code).unwrap();
                (0, 0, format!("{} ({})", rule.name, rule.severity.as_str()))
            });
            entry.0 += 1;
            if !seen.contains(&code) {
                entry.1 += 1;
                seen.push(code);
            }
        }
    }
    let mut table =
        String::from("| rule | default severity | findings | projects |\n|---|---|---|---|\n");
    for (code, (findings, projects, what)) in &per_rule {
        let (name, severity) = what.split_once(" (").unwrap();
        table.push_str(&format!(
            "| {code} `{name}` | {} | {findings} | {projects} |\n",
            severity.trim_end_matches(')')
        ));
    }
    assert!(failing.is_empty(), "lint fails on {failing:?} by default");
    (table, samples.len(), failing.len())
}

#[test]
fn lint_fails_no_awesome_compose_sample_and_the_readme_says_what_it_finds() {
    let Some(root) = corpus_dir() else {
        skip(
            "lint_fails_no_awesome_compose_sample_and_the_readme_says_what_it_finds",
            "../shared/corpus not found",
        );
        return;
    };
    let (table, samples, failing) = lint_figures(&root);
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let start = "<!-- lint figures: generated from ../shared/corpus/awesome; a test keeps them in sync -->\n";
    let included = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("<!-- end of lint figures -->"))
        .map(|(included, _)| included)
        .expect("README.md has no lint figures");
    let expected = format!(
        "Of the {samples} samples, {failing} fail `swarmc lint` with its default severities.\n\n{table}"
    );
    assert_eq!(
        included, expected,
        "README.md's lint figures are out of date; paste:\n{expected}"
    );
}
