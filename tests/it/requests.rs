//! swarmc's model of the Engine API requests `docker stack deploy` sends
//! (`swarmc::docker_api::requests`) held to docker's own: every stack a fixture
//! compiles to and every corpus file swarmc compiles is deployed through the capture
//! tool (the real docker CLI against a recording engine), and each request body must
//! equal the model's field by field. A failure names the first field that differs.
//!
//! What docker's bodies hold that swarmc cannot know is set aside before comparing,
//! never skipped silently:
//! - `SecretID` and `ConfigID` are IDs the (fake) engine assigned when it created the
//!   objects: they are compared as empty.
//! - Docker creates the objects of one kind in Go's map order, which changes between
//!   runs: within a kind the requests are compared by name, and the order of the
//!   kinds (networks, secrets, configs, services) is compared as sent.
//! - Variables without a value and a leading `~` take the deployer's environment (this
//!   process's, which the capture tool passes on), and relative paths the stack file's
//!   directory: the model is given both, as a caller gives them at its edge.
//! - Each stack file is first read back into swarmc's model and must write the same
//!   file again, so the model's requests are for the very stack docker deployed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use swarmc::compile::{CompileOptions, translate_project};
use swarmc::docker_api::{Deployer, Request, RequestKind, requests};
use swarmc::fs::RealFs;

use crate::docker::{capture, capture_tool, docker_available, skip};
use crate::support::{Swarmc, fixture};

/// The stack name the capture tool deploys as.
const STACK_NAME: &str = "st";

/// A stack file to deploy, and what to call it in a failure.
struct Case {
    label: String,
    stack: PathBuf,
}

/// Reads a stack file back into swarmc's model, as `check --stack` reads one, and
/// checks that the model writes the same file again (else the comparison would be
/// of another stack).
fn read_back(stack: &Path) -> Result<swarmc::swarm::Stack, String> {
    let dir = stack.parent().unwrap_or(Path::new("/")).to_path_buf();
    let options = CompileOptions {
        files: vec![stack.to_path_buf()],
        working_dir: dir.clone(),
        output_dir: dir.clone(),
        project_directory: Some(dir),
        stack_as_written: true,
        ..CompileOptions::default()
    };
    let translated = translate_project(&options, &RealFs::default(), &[]);
    if translated.diagnostics.has_errors() {
        return Err(format!("does not read back: {:?}", translated.diagnostics));
    }
    let stack_model = translated
        .translated
        .ok_or("does not read back")?
        .translation
        .stack;
    let mut diagnostics = swarmc::diagnostic::Diagnostics::new();
    let text = swarmc::emit::emit(&stack_model, &mut diagnostics).ok_or("does not emit")?;
    let written = std::fs::read_to_string(stack).map_err(|e| e.to_string())?;
    if text != written {
        return Err(format!(
            "reads back as another stack:\n{}",
            swarmc::diff::unified_diff("stack", Some(&written), &text).unwrap_or_default()
        ));
    }
    Ok(stack_model)
}

/// The model's requests for a stack file, with this process's environment.
fn modelled(stack_file: &Path, stack: &swarmc::swarm::Stack) -> Vec<Request> {
    let dir = stack_file.parent().unwrap_or(Path::new("/"));
    let environment: BTreeMap<String, String> = std::env::vars().collect();
    let deployer = Deployer::read(stack, dir, environment, &RealFs::default());
    requests(stack, STACK_NAME, &deployer)
}

fn kind_of(text: &str) -> Option<RequestKind> {
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

/// Docker's requests in the model's order (each kind by name), with the IDs the
/// engine assigned emptied; an error when docker failed or sent the kinds in
/// another order.
fn captured(captured: &Value) -> Result<Vec<Request>, String> {
    let output = captured["output"].as_str().unwrap_or_default();
    if captured["rc"] != 0 {
        return Err(format!("docker stack deploy fails:\n{output}"));
    }
    let mut sent = Vec::new();
    for spec in captured["specs"].as_array().into_iter().flatten() {
        let kind = spec["kind"].as_str().unwrap_or_default();
        let kind =
            kind_of(kind).ok_or_else(|| format!("docker sent an unknown request: {spec}"))?;
        let mut body = spec["body"].clone();
        empty_ids(&mut body);
        sent.push(Request { kind, body });
    }
    if !sent.is_sorted_by_key(|r| r.kind) {
        let kinds: Vec<RequestKind> = sent.iter().map(|r| r.kind).collect();
        return Err(format!("docker sent the kinds in another order: {kinds:?}"));
    }
    sent.sort_by(|a, b| (a.kind, a.body["Name"].as_str()).cmp(&(b.kind, b.body["Name"].as_str())));
    Ok(sent)
}

/// `SecretID` and `ConfigID`, and the config ID a credential spec names, are the
/// engine's; the model leaves them empty.
fn empty_ids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "SecretID" || key == "ConfigID" {
                    *value = Value::String(String::new());
                } else if key == "CredentialSpec" && value["Config"].is_string() {
                    value["Config"] = Value::String(String::new());
                } else {
                    empty_ids(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(empty_ids),
        _ => {}
    }
}

/// The path of the first field where `ours` and `docker` differ, with both values.
fn first_difference(path: &str, ours: &Value, docker: &Value) -> Option<String> {
    match (ours, docker) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let here = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(&here, x, y),
                    (None, Some(y)) => Some(format!("{here}: missing here, docker sends {y}")),
                    (Some(x), None) => Some(format!("{here}: {x} here, docker omits it")),
                    (None, None) => None,
                }
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            let found = a
                .iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y));
            found.or_else(|| {
                (a.len() != b.len()).then(|| {
                    format!(
                        "{path}: {} items here, docker sends {}: {docker}",
                        a.len(),
                        b.len()
                    )
                })
            })
        }
        _ if ours == docker => None,
        _ => Some(format!("{path}: {ours} here, docker sends {docker}")),
    }
}

/// What differs between the model's requests and docker's for one stack file.
fn difference(case: &Case, tool: &Path) -> Option<String> {
    let label = &case.label;
    let stack = match read_back(&case.stack) {
        Ok(stack) => stack,
        Err(why) => return Some(format!("{label}: {why}")),
    };
    let ours = modelled(&case.stack, &stack);
    let docker = match captured(&capture(tool, &case.stack)) {
        Ok(docker) => docker,
        Err(why) => return Some(format!("{label}: {why}")),
    };
    let names = |requests: &[Request]| -> Vec<String> {
        requests
            .iter()
            .map(|r| format!("{:?} {}", r.kind, r.body["Name"].as_str().unwrap_or("?")))
            .collect()
    };
    if names(&ours) != names(&docker) {
        return Some(format!(
            "{label}: other requests:\n  here:   {:?}\n  docker: {:?}",
            names(&ours),
            names(&docker)
        ));
    }
    ours.iter().zip(&docker).find_map(|(a, b)| {
        let name = a.body["Name"].as_str().unwrap_or("?");
        first_difference(name, &a.body, &b.body).map(|d| format!("{label}: {d}"))
    })
}

/// Runs the comparison over every case, a few captures at once (each waits on docker
/// and a Python engine, not on the CPU); the failures, one per case.
fn differences(cases: &[Case], tool: &Path) -> Vec<String> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = cases
            .chunks(cases.len().div_ceil(4).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|case| difference(case, tool))
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

/// The projects of `tests/fixtures/requests/`: settings no compile fixture reaches.
fn request_fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture("requests"))
        .expect("tests/fixtures/requests exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every compile fixture project that compiles, and every project of
/// `tests/fixtures/requests/` (which must compile), written with `-o` to a directory
/// of their own so that relative paths in the stack point back into the fixture.
fn fixture_cases(out: &Path) -> Vec<Case> {
    let requests = request_fixture_dirs();
    assert!(
        !requests.is_empty(),
        "tests/fixtures/requests has no project"
    );
    let root = fixture("");
    crate::compile::fixture_dirs()
        .into_iter()
        .chain(requests)
        .enumerate()
        .filter_map(|(index, dir)| {
            let label = dir
                .strip_prefix(&root)
                .unwrap_or(&dir)
                .display()
                .to_string();
            let stack = out.join(format!("{index}.yml"));
            let run = Swarmc::new(&dir)
                .args(crate::compile::args(&dir))
                .args(["-o".as_ref(), stack.as_os_str()])
                .run();
            assert!(
                run.status == 0 || !label.starts_with("requests"),
                "{label} does not compile:\n{}",
                run.stderr
            );
            (run.status == 0).then(|| Case {
                label: format!("fixture {label}"),
                stack,
            })
        })
        .collect()
}

#[test]
fn requests_equal_what_docker_sends_for_every_fixture_stack() {
    let test = "requests_equal_what_docker_sends_for_every_fixture_stack";
    if !docker_available(test) {
        return;
    }
    let Some(tool) = capture_tool(test) else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let cases = fixture_cases(out.path());
    assert!(cases.len() > 40, "fewer fixtures compile than expected");
    let failures = differences(&cases, &tool);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn requests_equal_what_docker_sends_for_every_corpus_stack() {
    let test = "requests_equal_what_docker_sends_for_every_corpus_stack";
    let Some(root) = crate::corpus::corpus_dir() else {
        skip(test, "../shared/corpus not found");
        return;
    };
    if !docker_available(test) {
        return;
    }
    let Some(tool) = capture_tool(test) else {
        return;
    };
    let cases: Vec<Case> = crate::corpus::outcomes(&root)
        .iter()
        .filter_map(|o| {
            Some(Case {
                label: format!("corpus {}", o.file),
                stack: o.stack.clone()?,
            })
        })
        .collect();
    assert!(!cases.is_empty(), "no corpus file compiled");
    let failures = differences(&cases, &tool);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_difference_names_the_path_of_the_first_differing_field() {
    use serde_json::json;
    let ours = json!({"A": {"B": [1, {"C": "x"}]}, "D": 1});
    let docker = json!({"A": {"B": [1, {"C": "y"}]}, "D": 2});
    assert_eq!(
        first_difference("st_web", &ours, &docker).as_deref(),
        Some(r#"st_web.A.B[1].C: "x" here, docker sends "y""#)
    );
    assert_eq!(
        first_difference("st_web", &json!({}), &json!({"E": null})).as_deref(),
        Some("st_web.E: missing here, docker sends null")
    );
    assert_eq!(
        first_difference("st_web", &json!([1]), &json!([1, 2])).as_deref(),
        Some("st_web: 1 items here, docker sends 2: [1,2]")
    );
    assert_eq!(first_difference("st_web", &ours, &ours), None);
}
