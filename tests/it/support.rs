//! Running swarmc and docker from tests, and the snapshot settings every test shares.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(path: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(path)
}

/// insta settings: snapshots in the top-level `snapshots/` directory, named by the
/// test alone, with temporary and fixture paths made stable.
pub(crate) fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(manifest_dir().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let fixtures = fixture("").display().to_string();
    settings.add_filter(&regex_escape(fixtures.trim_end_matches('/')), "[FIXTURES]");
    settings.add_filter(
        &regex_escape(&std::env::temp_dir().display().to_string()),
        "[TMP]",
    );
    settings
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// The result of one swarmc run.
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Exit status, standard output and standard error, for snapshots.
    pub(crate) fn transcript(&self) -> String {
        format!(
            "exit status: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// A swarmc invocation with a clean environment (no `COMPOSE_*` or `NO_COLOR` from the
/// developer's shell), run from `dir`.
pub(crate) struct Swarmc {
    command: Command,
    stdin: Option<Vec<u8>>,
}

impl Swarmc {
    pub(crate) fn new(dir: &Path) -> Swarmc {
        let mut command = Command::new(env!("CARGO_BIN_EXE_swarmc"));
        command
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        Swarmc {
            command,
            stdin: None,
        }
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Swarmc
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub(crate) fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Swarmc {
        self.command.env(name, value);
        self
    }

    pub(crate) fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Swarmc {
        self.stdin = Some(bytes.into());
        self
    }

    pub(crate) fn run(mut self) -> Run {
        self.command.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        self.command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("swarmc runs");
        if let Some(bytes) = self.stdin.take() {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(&bytes)
                .expect("stdin accepts input");
        }
        let output: Output = child.wait_with_output().expect("swarmc finishes");
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Checks the text of an emitted stack against `schemas/stack.schema.json`, the contract
/// of what swarmc writes: release builds do not check their own output, so the tests
/// check every stack they get. `label` names the stack in the failure message.
pub(crate) fn assert_stack_matches_schema(label: &str, text: &str) {
    use std::sync::OnceLock;
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema = std::fs::read_to_string(manifest_dir().join("schemas/stack.schema.json"))
            .expect("the stack schema is readable");
        let schema: serde_json::Value =
            serde_json::from_str(&schema).expect("the stack schema is JSON");
        jsonschema::options()
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(&schema)
            .expect("the stack schema compiles")
    });
    let stack = stack_as_json(text);
    let errors: Vec<String> = validator
        .iter_errors(&stack)
        .map(|error| format!("  at `{}`: {error}", error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{label}: the emitted stack breaks its schema:\n{}\n{text}",
        errors.join("\n")
    );
}

/// A stack's text as the JSON value swarmc serialized before writing it: YAML read
/// with swarmc's reader, and every `$$` in a string value, which docker's interpolation
/// reads as `$`, turned back into `$`.
pub(crate) fn stack_as_json(text: &str) -> serde_json::Value {
    let mut documents = yaml_documents(text, |s| s.replace("$$", "$"));
    assert!(
        documents.len() == 1,
        "the emitted stack is not one YAML document:\n{text}"
    );
    documents.remove(0)
}

/// YAML read with swarmc's reader into a JSON value (scalars typed as YAML 1.2 does):
/// its first document, or null.
pub(crate) fn yaml_as_json(text: &str) -> serde_json::Value {
    yaml_documents(text, str::to_owned)
        .into_iter()
        .next()
        .unwrap_or(serde_json::Value::Null)
}

/// Every document of `text` as JSON, with `string` applied to each string scalar.
fn yaml_documents(text: &str, string: fn(&str) -> String) -> Vec<serde_json::Value> {
    use serde_json::{Value, json};
    use swarmc::diagnostic::Diagnostics;
    use swarmc::source::{SourceKind, Sources};
    use swarmc::yaml::{Node, NodeKind, ScalarValue};
    fn convert(node: &Node, string: fn(&str) -> String) -> Value {
        match &node.kind {
            NodeKind::Map(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| (key.text.to_string(), convert(value, string)))
                    .collect(),
            ),
            NodeKind::Seq(items) => {
                Value::Array(items.iter().map(|i| convert(i, string)).collect())
            }
            NodeKind::Scalar(scalar) => match scalar.value() {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => json!(b),
                ScalarValue::Int(n) => json!(n),
                ScalarValue::Float(f) => json!(f),
                ScalarValue::Str(s) => json!(string(s)),
            },
        }
    }
    let mut sources = Sources::new();
    let id = sources.add("stack.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let documents = swarmc::yaml::parse(sources.get(id), id, &mut diagnostics);
    assert!(diagnostics.is_empty(), "not YAML swarmc reads:\n{text}");
    documents.iter().map(|d| convert(d, string)).collect()
}
