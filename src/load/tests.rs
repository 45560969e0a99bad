//! Whole-project loading on in-memory files: discovery, several files, `extends`,
//! `include`, profiles, and where merged values say they come from.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::*;
use crate::fs::MemoryFs;
use crate::yaml::NodeKind;

struct Outcome {
    loaded: Option<Loaded>,
    sources: Sources,
    diagnostics: Diagnostics,
}

impl Outcome {
    fn codes(&self) -> Vec<&'static str> {
        self.diagnostics.iter().map(|d| d.code()).collect()
    }

    fn messages(&self) -> Vec<String> {
        self.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    fn tree(&self) -> &Node {
        &self.loaded.as_ref().expect("the project loads").tree
    }

    fn shape(&self) -> Value {
        shape(self.tree())
    }

    /// The node at `path` (mapping keys, or list indexes as numbers).
    fn at(&self, path: &[&str]) -> &Node {
        let mut node = self.tree();
        for key in path {
            node = match &node.kind {
                NodeKind::Map(map) => map.get(key).unwrap_or_else(|| panic!("no `{key}`")),
                NodeKind::Seq(items) => &items[key.parse::<usize>().unwrap()],
                NodeKind::Scalar(_) => panic!("`{key}` under a scalar"),
            };
        }
        node
    }

    /// The file a node was written in.
    fn file_of(&self, path: &[&str]) -> String {
        let node = self.at(path);
        self.sources.get(node.span.source).name.clone()
    }

    /// The base directory of the file a node was written in.
    fn base_of(&self, path: &[&str]) -> PathBuf {
        let node = self.at(path);
        let bases = &self.loaded.as_ref().unwrap().bases;
        bases.get(node.span.source).to_path_buf()
    }
}

fn shape(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Map(map) => Value::Object(
            map.entries
                .iter()
                .map(|e| (e.key.text.to_string(), shape(&e.value)))
                .collect(),
        ),
        NodeKind::Seq(items) => Value::Array(items.iter().map(shape).collect()),
        NodeKind::Scalar(scalar) if scalar.is_null() => Value::Null,
        NodeKind::Scalar(scalar) => Value::String(scalar.text.to_string()),
    }
}

/// Loads a project from in-memory files, working in `/p`.
fn run_with(files: &[(&str, &str)], options: LoadOptions, env: &[(&str, &str)]) -> Outcome {
    let mut fs = MemoryFs::new();
    for (path, text) in files {
        fs.insert(*path, *text);
    }
    let options = LoadOptions {
        working_dir: PathBuf::from("/p"),
        ..options
    };
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut sources = Sources::with_base(PathBuf::from("/p"));
    let mut diagnostics = Diagnostics::new();
    let loaded = load(&options, &fs, &env, &mut sources, &mut diagnostics);
    Outcome {
        loaded,
        sources,
        diagnostics,
    }
}

fn run(files: &[(&str, &str)]) -> Outcome {
    run_with(files, LoadOptions::default(), &[])
}

fn with_files(files: &[&str]) -> LoadOptions {
    LoadOptions {
        files: files.iter().map(PathBuf::from).collect(),
        ..LoadOptions::default()
    }
}

#[test]
fn the_default_file_and_its_override_merge_in_order() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "services:\n  web:\n    image: a\n    ports: ['80:80']\n",
        ),
        (
            "/p/compose.override.yaml",
            "services:\n  web:\n    image: b\n    ports: ['80:80', '443:443']\n",
        ),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape(),
        json!({"services": {"web": {"image": "b", "ports": ["80:80", "443:443"]}}})
    );
    // The repeated port is the override's, in the base's place.
    assert_eq!(
        outcome.file_of(&["services", "web", "ports", "0"]),
        "compose.override.yaml"
    );
    assert_eq!(
        outcome.file_of(&["services", "web", "image"]),
        "compose.override.yaml"
    );
    let loaded = outcome.loaded.as_ref().unwrap();
    assert_eq!(loaded.project_dir, PathBuf::from("/p"));
    assert_eq!(loaded.files.len(), 2);
    assert_eq!(
        outcome.base_of(&["services", "web", "image"]),
        PathBuf::from("/p")
    );
}

#[test]
fn documents_of_one_file_merge_in_order() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  web:\n    image: a\n---\nservices:\n  web:\n    user: u\n---\n",
    )]);
    assert_eq!(
        outcome.shape(),
        json!({"services": {"web": {"image": "a", "user": "u"}}})
    );
}

#[test]
fn an_empty_file_is_an_error() {
    let outcome = run(&[("/p/compose.yaml", "# nothing yet\n")]);
    assert!(outcome.loaded.is_none());
    assert_eq!(outcome.codes(), ["SW004"]);
}

#[test]
fn a_top_level_list_is_an_error() {
    let outcome = run(&[("/p/compose.yaml", "- web\n")]);
    assert!(outcome.loaded.is_none());
    assert_eq!(outcome.codes(), ["SW105"]);
}

#[test]
fn a_missing_command_line_file_stops_loading_without_a_location() {
    let outcome = run_with(&[], with_files(&["nope.yaml"]), &[]);
    assert!(outcome.loaded.is_none());
    assert_eq!(outcome.codes(), ["SW001"]);
    assert!(outcome.diagnostics.iter().next().unwrap().primary.is_none());
}

#[test]
fn standard_input_is_a_file_of_the_working_directory() {
    let outcome = run_with(
        &[("-", "services:\n  web:\n    build: .\n")],
        with_files(&["-"]),
        &[],
    );
    assert_eq!(outcome.file_of(&["services", "web", "build"]), "<stdin>");
    assert_eq!(
        outcome.base_of(&["services", "web", "build"]),
        PathBuf::from("/p")
    );
}

#[test]
fn command_line_files_in_other_directories_are_relative_to_the_project_directory() {
    let outcome = run_with(
        &[
            ("/p/app/compose.yaml", "services:\n  web:\n    build: .\n"),
            (
                "/p/env/prod.yaml",
                "services:\n  web:\n    env_file: prod.env\n",
            ),
        ],
        with_files(&["app/compose.yaml", "env/prod.yaml"]),
        &[],
    );
    let loaded = outcome.loaded.as_ref().unwrap();
    assert_eq!(loaded.project_dir, PathBuf::from("/p/app"));
    assert_eq!(
        outcome.base_of(&["services", "web", "env_file"]),
        PathBuf::from("/p/app")
    );
}

#[test]
fn a_mapping_over_a_list_names_both_files() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "services:\n  web:\n    ports: ['80:80']\n",
        ),
        (
            "/p/compose.override.yaml",
            "services:\n  web:\n    ports:\n      http: 80\n",
        ),
    ]);
    assert_eq!(outcome.codes(), ["SW220"]);
    let diagnostic = outcome.diagnostics.iter().next().unwrap();
    let primary = diagnostic.primary.as_ref().unwrap().span;
    assert_eq!(
        outcome.sources.get(primary.source).name,
        "compose.override.yaml"
    );
    let secondary = diagnostic.secondary[0].span;
    assert_eq!(outcome.sources.get(secondary.source).name, "compose.yaml");
}

#[test]
fn extends_in_the_same_file_merges_over_the_base() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  base:\n    image: a\n    environment: [A=1]\n  web:\n    extends: base\n    environment: [B=2]\n  api:\n    extends:\n      service: web\n    user: u\n",
    )]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["api"],
        json!({"image": "a", "environment": ["A=1", "B=2"], "user": "u"})
    );
    assert_eq!(
        outcome.shape()["services"]["web"],
        json!({"image": "a", "environment": ["A=1", "B=2"]})
    );
}

#[test]
fn extends_files_are_relative_to_where_they_are_named_and_keep_their_own_base() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n    image: mine\n",
        ),
        (
            "/p/common/base.yaml",
            "services:\n  app:\n    extends:\n      file: ../shared/root.yaml\n      service: root\n    build: ./app\n",
        ),
        (
            "/p/shared/root.yaml",
            "services:\n  root:\n    env_file: root.env\n    image: root\n",
        ),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["web"],
        json!({"env_file": "root.env", "image": "mine", "build": "./app"})
    );
    assert_eq!(
        outcome.base_of(&["services", "web", "build"]),
        PathBuf::from("/p/common")
    );
    assert_eq!(
        outcome.base_of(&["services", "web", "env_file"]),
        PathBuf::from("/p/shared")
    );
    assert_eq!(
        outcome.base_of(&["services", "web", "image"]),
        PathBuf::from("/p")
    );
    assert_eq!(
        outcome.file_of(&["services", "web", "env_file"]),
        "shared/root.yaml"
    );
}

#[test]
fn a_file_read_with_two_bases_is_kept_twice() {
    let outcome = run_with(
        &[
            (
                "/p/a/compose.yaml",
                "services:\n  web:\n    extends:\n      file: ../b/common.yaml\n      service: app\n",
            ),
            ("/p/b/common.yaml", "services:\n  app:\n    build: .\n"),
        ],
        with_files(&["a/compose.yaml", "b/common.yaml"]),
        &[],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    // Through `extends`, `.` is `b`; named with `-f`, it is the project directory `a`.
    assert_eq!(
        outcome.base_of(&["services", "web", "build"]),
        PathBuf::from("/p/b")
    );
    assert_eq!(
        outcome.base_of(&["services", "app", "build"]),
        PathBuf::from("/p/a")
    );
}

#[test]
fn extends_resets_apply_to_the_base_and_to_earlier_files() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "services:\n  web:\n    image: a\n    ports: ['80:80']\n    dns: [1.1.1.1]\n",
        ),
        (
            "/p/compose.override.yaml",
            "services:\n  base:\n    ports: ['81:81']\n    dns: [8.8.8.8]\n  web:\n    extends: base\n    ports: !reset []\n    dns: !override [9.9.9.9]\n",
        ),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["web"],
        json!({"image": "a", "dns": ["9.9.9.9"]})
    );
}

#[test]
fn an_extends_cycle_is_reported_once_with_its_chain() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: c\n  c:\n    extends: a\n  d:\n    extends: d\n",
    )]);
    assert_eq!(outcome.codes(), ["SW223", "SW223"]);
    assert_eq!(
        outcome.messages(),
        [
            "`extends` cycle: `a` extends `b` extends `c` extends `a`",
            "service `d` extends itself"
        ]
    );
    let diagnostic = outcome.diagnostics.iter().next().unwrap();
    assert_eq!(diagnostic.secondary.len(), 2);
    assert!(outcome.tree().as_map().is_some());
}

#[test]
fn extending_an_unknown_service_suggests_a_name() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  base:\n    image: a\n  web:\n    extends: bsae\n",
    )]);
    assert_eq!(outcome.codes(), ["SW222"]);
    let diagnostic = outcome.diagnostics.iter().next().unwrap();
    assert_eq!(
        diagnostic.message,
        "service `web` extends `bsae`, which is not defined"
    );
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `base`?"));
    let primary = diagnostic.primary.as_ref().unwrap().span;
    assert_eq!(outcome.sources.text(primary), "bsae");
}

#[test]
fn extending_from_a_missing_file_is_located_at_the_path() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  web:\n    extends:\n      service: app\n      file: nope.yaml\n",
    )]);
    assert_eq!(outcome.codes(), ["SW001"]);
    let primary = outcome
        .diagnostics
        .iter()
        .next()
        .unwrap()
        .primary
        .as_ref()
        .unwrap()
        .span;
    assert_eq!(outcome.sources.text(primary), "nope.yaml");
    assert!(
        !outcome.shape()["services"]["web"]
            .as_object()
            .unwrap()
            .contains_key("extends")
    );
}

#[test]
fn malformed_extends_is_reported() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "services:\n  web:\n    extends:\n      file: x.yaml\n  api:\n    extends: [a]\n  db:\n    extends:\n      servce: a\n",
    )]);
    assert_eq!(outcome.codes(), ["SW221", "SW221", "SW221"]);
}

#[test]
fn included_projects_bring_their_resources_and_their_directory() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: w\n    depends_on: [db]\n",
        ),
        (
            "/p/db/compose.yaml",
            "services:\n  db:\n    image: postgres\n    volumes: [./data:/data]\nvolumes:\n  data:\n",
        ),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    let shape = outcome.shape();
    assert!(shape.get("include").is_none());
    assert_eq!(shape["services"]["db"]["image"], "postgres");
    assert_eq!(shape["volumes"], json!({"data": null}));
    assert_eq!(
        outcome.base_of(&["services", "db", "volumes", "0"]),
        PathBuf::from("/p/db")
    );
}

#[test]
fn include_long_syntax_takes_overrides_and_a_project_directory() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "include:\n  - path: [lib/compose.yaml, lib/extra.yaml]\n    project_directory: lib/root\n",
        ),
        (
            "/p/lib/compose.yaml",
            "services:\n  job:\n    image: a\n    build: .\n",
        ),
        ("/p/lib/extra.yaml", "services:\n  job:\n    image: b\n"),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["job"],
        json!({"image": "b", "build": "."})
    );
    assert_eq!(
        outcome.base_of(&["services", "job", "build"]),
        PathBuf::from("/p/lib/root")
    );
}

#[test]
fn a_local_definition_is_merged_over_an_included_one() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "include: [lib/compose.yaml]\nservices:\n  db:\n    environment: {B: 2}\n    ports: !reset []\n",
        ),
        (
            "/p/lib/compose.yaml",
            "services:\n  db:\n    image: postgres\n    environment: {A: 1}\n    ports: ['5432:5432']\n",
        ),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["db"],
        json!({"image": "postgres", "environment": {"A": "1", "B": "2"}})
    );
}

#[test]
fn local_services_can_extend_included_ones() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "include: [lib/compose.yaml]\nservices:\n  web:\n    extends: base\n",
        ),
        ("/p/lib/compose.yaml", "services:\n  base:\n    image: a\n"),
    ]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(outcome.shape()["services"]["web"], json!({"image": "a"}));
}

#[test]
fn an_include_cycle_is_reported_at_the_include() {
    let outcome = run(&[
        (
            "/p/compose.yaml",
            "include: [a/compose.yaml]\nservices:\n  web:\n    image: w\n",
        ),
        (
            "/p/a/compose.yaml",
            "include: [../compose.yaml]\nservices:\n  a:\n    image: a\n",
        ),
    ]);
    assert_eq!(outcome.codes(), ["SW231"]);
    assert_eq!(
        outcome.messages(),
        ["`include` cycle: `compose.yaml` includes `a/compose.yaml` includes `compose.yaml`"]
    );
    let primary = outcome
        .diagnostics
        .iter()
        .next()
        .unwrap()
        .primary
        .as_ref()
        .unwrap()
        .span;
    assert_eq!(outcome.sources.text(primary), "../compose.yaml");
    assert_eq!(outcome.shape()["services"]["a"]["image"], "a");
}

#[test]
fn malformed_include_is_reported() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "include:\n  - paht: x.yaml\n  - [x.yaml]\n  - project_directory: x\nservices: {}\n",
    )]);
    assert_eq!(outcome.codes(), ["SW230", "SW230", "SW230"]);
    let help = outcome.diagnostics.iter().next().unwrap().help.clone();
    assert_eq!(help.as_deref(), Some("did you mean `path`?"));
    let outcome = run(&[("/p/compose.yaml", "include: x.yaml\nservices: {}\n")]);
    assert_eq!(outcome.codes(), ["SW230"]);
}

#[test]
fn a_missing_included_file_is_located_at_its_path() {
    let outcome = run(&[(
        "/p/compose.yaml",
        "include: [lib/nope.yaml]\nservices: {}\n",
    )]);
    assert_eq!(outcome.codes(), ["SW001"]);
    assert!(outcome.diagnostics.iter().next().unwrap().primary.is_some());
}

#[test]
fn profiles_are_applied_to_the_merged_project() {
    let options = LoadOptions {
        profiles: vec!["debug".to_owned()],
        ..LoadOptions::default()
    };
    let outcome = run_with(
        &[(
            "/p/compose.yaml",
            "services:\n  web:\n    image: a\n  tools:\n    image: b\n    profiles: [tools]\n  debug:\n    extends: tools\n    profiles: [debug]\n",
        )],
        options,
        &[],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    // `debug` inherits the `tools` profile and adds its own.
    let shape = outcome.shape();
    let services: Vec<&String> = shape["services"].as_object().unwrap().keys().collect();
    assert_eq!(services, ["web", "debug"]);
}

#[test]
fn compose_profiles_in_dot_env_enable_profiles_unless_the_command_line_names_some() {
    let files = [
        (
            "/p/compose.yaml",
            "services:\n  web:\n    image: a\n  tools:\n    image: b\n    profiles: [tools]\n  debug:\n    image: c\n    profiles: [debug]\n",
        ),
        ("/p/.env", "COMPOSE_PROFILES=tools, debug\n"),
    ];
    let services = |outcome: &Outcome| -> Vec<String> {
        outcome.shape()["services"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let outcome = run_with(&files, LoadOptions::default(), &[]);
    assert_eq!(services(&outcome), ["web", "tools", "debug"]);

    let options = LoadOptions {
        profiles: vec!["debug".to_owned()],
        ..LoadOptions::default()
    };
    let outcome = run_with(&files, options, &[]);
    assert_eq!(services(&outcome), ["web", "debug"]);
}

#[test]
fn compose_file_variable_names_the_files() {
    let outcome = run_with(
        &[
            ("/p/one.yaml", "services:\n  web:\n    image: a\n"),
            ("/p/two.yaml", "services:\n  web:\n    image: b\n"),
        ],
        LoadOptions::default(),
        &[("COMPOSE_FILE", "one.yaml:two.yaml")],
    );
    assert_eq!(outcome.shape()["services"]["web"]["image"], "b");
}

#[test]
fn no_compose_file_stops_loading() {
    let outcome = run(&[("/elsewhere/compose.yaml", "services: {}\n")]);
    assert!(outcome.loaded.is_none());
    assert_eq!(outcome.codes(), ["SW005"]);
}

#[test]
fn bases_answer_the_project_directory_for_unknown_sources() {
    let outcome = run(&[("/p/compose.yaml", "services: {}\n")]);
    let bases = &outcome.loaded.as_ref().unwrap().bases;
    assert_eq!(bases.project_dir(), Path::new("/p"));
}

#[test]
fn very_long_extends_chains_are_cut_with_an_error() {
    let mut text = String::from("services:\n");
    for i in 0..200 {
        text.push_str(&format!("  s{i}:\n    extends: s{}\n", i + 1));
    }
    text.push_str("  s200:\n    image: a\n");
    let outcome = run(&[("/p/compose.yaml", &text)]);
    assert!(outcome.codes().contains(&"SW221"), "{:?}", outcome.codes());
    assert_eq!(outcome.shape()["services"]["s199"]["image"], "a");
}

#[test]
fn very_deep_includes_are_cut_with_an_error() {
    let files: Vec<(String, String)> = (0..50)
        .map(|i| {
            let path = if i == 0 {
                "/p/compose.yaml".to_owned()
            } else {
                format!("/p/{i}.yaml")
            };
            (
                path,
                format!(
                    "include: ['{}.yaml']\nservices:\n  s{i}:\n    image: a\n",
                    i + 1
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let outcome = run(&files);
    assert_eq!(outcome.codes(), ["SW230"]);
    assert_eq!(outcome.shape()["services"]["s0"]["image"], "a");
}

#[test]
fn every_file_is_interpolated_with_the_project_environment_before_merging() {
    let outcome = run_with(
        &[
            (
                "/p/compose.yaml",
                "services:\n  web:\n    image: app:${TAG}\n",
            ),
            (
                "/p/compose.override.yaml",
                "services:\n  web:\n    user: ${WHO}\n",
            ),
            ("/p/.env", "TAG=1.0\nWHO=dotenv\n"),
        ],
        LoadOptions::default(),
        &[("WHO", "process")],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape()["services"]["web"],
        json!({"image": "app:1.0", "user": "process"})
    );
    let env = &outcome.loaded.as_ref().unwrap().env;
    assert_eq!(env.get("TAG").unwrap().value, "1.0");
}

#[test]
fn included_projects_read_their_own_dotenv_under_the_including_variables() {
    let outcome = run_with(
        &[
            (
                "/p/compose.yaml",
                "include: ['${LIB}/compose.yaml']\nservices: {}\n",
            ),
            ("/p/.env", "LIB=lib\nSHARED=outer\n"),
            (
                "/p/lib/compose.yaml",
                "services:\n  job:\n    image: ${IMAGE}:${SHARED}\n",
            ),
            ("/p/lib/.env", "IMAGE=worker\nSHARED=inner\n"),
        ],
        LoadOptions::default(),
        &[],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(outcome.shape()["services"]["job"]["image"], "worker:outer");
}

#[test]
fn include_env_files_are_relative_to_the_including_project_and_later_ones_win() {
    let outcome = run_with(
        &[
            (
                "/p/compose.yaml",
                "include:\n  - path: lib/compose.yaml\n    env_file: [a.env, b.env]\n",
            ),
            ("/p/a.env", "X=a\nY=a\n"),
            ("/p/b.env", "Y=b-${X}\n"),
            (
                "/p/lib/compose.yaml",
                "services:\n  job:\n    image: ${X}-${Y}\n",
            ),
            ("/p/lib/.env", "X=ignored\n"),
        ],
        LoadOptions::default(),
        &[],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(outcome.shape()["services"]["job"]["image"], "a-b-a");
}

#[test]
fn extends_files_are_interpolated_with_the_project_environment() {
    let outcome = run_with(
        &[
            (
                "/p/compose.yaml",
                "services:\n  web:\n    extends:\n      file: ${COMMON}\n      service: base\n",
            ),
            (
                "/p/common.yaml",
                "services:\n  base:\n    image: ${IMAGE}\n",
            ),
        ],
        LoadOptions::default(),
        &[("COMMON", "common.yaml"), ("IMAGE", "nginx")],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(outcome.shape()["services"]["web"]["image"], "nginx");
}

#[test]
fn compose_settings_are_read_from_the_dotenv_of_the_working_directory() {
    let files = [
        (
            "/p/.env",
            "COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=a.yaml,b.yaml\nCOMPOSE_PROJECT_NAME=openmpf\n",
        ),
        ("/p/a.yaml", "services:\n  web:\n    image: a\n"),
        ("/p/b.yaml", "services:\n  web:\n    image: b\n"),
        ("/p/compose.yaml", "services:\n  web:\n    image: default\n"),
    ];
    let outcome = run(&files);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    assert_eq!(
        outcome.shape(),
        json!({"services": {"web": {"image": "b"}}})
    );
    let loaded = outcome.loaded.as_ref().unwrap();
    let name = loaded.project_name.as_ref().unwrap();
    assert_eq!(name.value, "openmpf");
    assert_eq!(outcome.sources.text(name.origin.unwrap()), "openmpf");

    // The process environment wins over `.env`, and `-p` over both.
    let outcome = run_with(
        &files,
        LoadOptions::default(),
        &[("COMPOSE_FILE", "a.yaml")],
    );
    assert_eq!(
        outcome.shape(),
        json!({"services": {"web": {"image": "a"}}})
    );
    let options = LoadOptions {
        project_name: Some("shop".to_owned()),
        ..LoadOptions::default()
    };
    let outcome = run_with(&files, options, &[("COMPOSE_PROJECT_NAME", "env")]);
    let loaded = outcome.loaded.as_ref().unwrap();
    assert_eq!(loaded.project_name.as_ref().unwrap().value, "shop");
}

#[test]
fn an_invalid_project_name_is_reported_where_it_is_written() {
    let outcome = run(&[
        ("/p/.env", "COMPOSE_PROJECT_NAME=My Project\n"),
        ("/p/compose.yaml", "services:\n  web:\n    image: a\n"),
    ]);
    let found: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.primary.as_ref().map(|l| outcome.sources.text(l.span));
            (d.code(), at)
        })
        .collect();
    assert_eq!(found, [("SW115", Some("My Project"))]);
    assert!(outcome.loaded.unwrap().project_name.is_none());
}

#[test]
fn an_included_projects_env_file_fills_its_value_less_environment_entries() {
    let outcome = run_with(
        &[
            (
                "/p/compose.yaml",
                "include:\n  - path: sub/compose.yaml\n    env_file: sub/app.env\n",
            ),
            (
                "/p/sub/app.env",
                "MODE=from-include\nSHELL_SET=from-include\n",
            ),
            (
                "/p/sub/compose.yaml",
                "services:\n  a:\n    image: x\n    environment: [MODE, SHELL_SET, OTHER, \"KEPT=1\"]\n  b:\n    image: x\n    environment:\n      MODE:\n      SHELL_SET:\n",
            ),
        ],
        LoadOptions::default(),
        &[("SHELL_SET", "shell")],
    );
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    // The including project's variables are left for the next stages to resolve.
    assert_eq!(
        outcome.shape()["services"],
        json!({
            "a": {"image": "x", "environment": ["MODE=from-include", "SHELL_SET", "OTHER", "KEPT=1"]},
            "b": {"image": "x", "environment": {"MODE": "from-include", "SHELL_SET": null}},
        })
    );
    let origin = outcome.at(&["services", "b", "environment", "MODE"]);
    let origins = origin.as_scalar().unwrap().origins.as_ref().unwrap();
    assert_eq!(outcome.sources.text(origins[0]), "from-include");
}

#[test]
fn found_in_a_parent_the_working_directory_env_file_wins_and_the_project_one_fills_in() {
    let files = [
        (
            "/compose.yaml",
            "services:\n  web:\n    image: \"x:${A}-${B}\"\n",
        ),
        ("/.env", "A=parent\nB=parent-$A\n"),
        ("/p/.env", "A=child\n"),
    ];
    let outcome = run_with(&files, LoadOptions::default(), &[]);
    assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
    // The project's file is read with the working directory's values in view.
    assert_eq!(
        outcome.shape()["services"]["web"]["image"],
        "x:child-parent-child"
    );
}

#[test]
fn compose_disable_env_file_skips_the_default_env_file() {
    let files = [
        (
            "/p/compose.yaml",
            "services:\n  web:\n    image: \"x:${A:-none}\"\n",
        ),
        ("/p/.env", "A=file\n"),
    ];
    for (setting, image) in [("1", "x:none"), ("true", "x:none"), ("False", "x:file")] {
        let outcome = run_with(
            &files,
            LoadOptions::default(),
            &[("COMPOSE_DISABLE_ENV_FILE", setting)],
        );
        assert!(outcome.codes().is_empty(), "{:?}", outcome.messages());
        assert_eq!(outcome.shape()["services"]["web"]["image"], image);
    }
    let outcome = run_with(
        &files,
        LoadOptions::default(),
        &[("COMPOSE_DISABLE_ENV_FILE", "yes")],
    );
    assert_eq!(outcome.codes(), ["SW008"]);
}

#[test]
fn an_unreadable_env_file_stops_loading_before_its_variables_are_missed() {
    let options = LoadOptions {
        env_files: vec![PathBuf::from("missing.env")],
        ..LoadOptions::default()
    };
    let outcome = run_with(
        &[(
            "/p/compose.yaml",
            "services:\n  web:\n    image: \"nginx:${TAG}\"\n",
        )],
        options,
        &[],
    );
    assert!(outcome.loaded.is_none());
    assert_eq!(outcome.codes(), ["SW001"]);
}
