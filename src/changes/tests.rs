//! The change set of each way `tests/fixtures/changes/app` changes, against the swarm it
//! was first deployed to. The requests are what `docker stack deploy` sent for each
//! variant (recorded with `../shared/tools/docker-capture/capture`), the running state
//! what a real swarm printed after the first deploy (`running/`); `tests/swarm`
//! deploys the same changes and holds the change set to what happened.

use std::path::Path;

use serde_json::{Value, json};

use super::refusals::Outcome;
use super::*;
use crate::diagnostic::Diagnostics;
use crate::source::{SourceKind, Sources};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes")
}

fn requests(variant: &str) -> Vec<Request> {
    let path = fixtures().join(format!("requests/{variant}.json"));
    let text = std::fs::read_to_string(&path).expect("the recorded requests");
    serde_json::from_str(&text).expect("requests as capture records them")
}

fn running() -> Running {
    let mut sources = Sources::new();
    let mut files = Vec::new();
    for name in [
        "services.json",
        "networks.json",
        "secrets.json",
        "configs.json",
        "tasks.json",
    ] {
        let text = std::fs::read_to_string(fixtures().join("running").join(name)).unwrap();
        files.push(sources.add(name, None, SourceKind::DockerOutput, text));
    }
    let mut diagnostics = Diagnostics::new();
    let running = running::read(&sources, &files, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    running.expect("the running state")
}

fn plan_of(requests: &[Request], prune: bool) -> ChangeSet {
    plan(
        requests,
        &running(),
        &Options {
            stack: "app".to_owned(),
            prune,
        },
    )
}

fn service<'a>(changes: &'a ChangeSet, name: &str) -> &'a ServiceChange {
    changes
        .services
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no `{name}` in {changes:#?}"))
}

fn paths(service: &ServiceChange) -> Vec<&str> {
    service.fields.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn the_stack_as_deployed_changes_nothing() {
    let changes = plan_of(&requests("base"), false);
    assert!(!changes.changes_anything(), "{changes:#?}");
    assert!(changes.refusals.is_empty(), "{:#?}", changes.refusals);
    assert!(
        changes
            .services
            .iter()
            .all(|s| s.action == Action::Unchanged)
    );
    assert_eq!(changes.services.len(), 3, "other stacks are not listed");
    for list in [&changes.networks, &changes.secrets, &changes.configs] {
        assert!(
            list.iter().all(|o| o.action == ObjectAction::Keep),
            "{list:?}"
        );
    }
}

#[test]
fn a_new_image_restarts_the_tasks_in_the_update_order() {
    let changes = plan_of(&requests("image"), false);
    let web = service(&changes, "app_web");
    assert_eq!(web.action, Action::Update);
    assert_eq!(
        paths(web),
        [
            "Labels[com.docker.stack.image]",
            "TaskTemplate.ContainerSpec.Image"
        ]
    );
    assert_eq!(web.fields[1].old, Some(json!("swarmc-lab:busybox")));
    assert_eq!(web.fields[1].new, Some(json!("swarmc-lab:busybox-v2")));
    assert_eq!(web.restarts, Restart::Yes);
    assert_eq!(web.running_tasks, Some(2));
    let rollout = web.rollout.as_ref().expect("how it rolls out");
    assert_eq!(
        (rollout.order.as_str(), rollout.parallelism),
        ("start-first", 1)
    );
    assert_eq!(service(&changes, "app_worker").action, Action::Unchanged);
}

#[test]
fn a_changed_variable_is_named_with_both_values() {
    let changes = plan_of(&requests("env"), false);
    let web = service(&changes, "app_web");
    assert_eq!(paths(web), ["TaskTemplate.ContainerSpec.Env[GREETING]"]);
    assert_eq!(web.fields[0].old, Some(json!("hello")));
    assert_eq!(web.fields[0].new, Some(json!("goodbye")));
    assert_eq!(web.restarts, Restart::Yes);
}

#[test]
fn a_changed_secret_file_is_a_new_secret_and_restarts_its_services() {
    let changes = plan_of(&requests("secret"), false);
    let actions: Vec<(&str, ObjectAction)> = changes
        .secrets
        .iter()
        .map(|o| (o.name.as_str(), o.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("token_b1ec948c6e", ObjectAction::Create),
            ("token_e6765b7385", ObjectAction::Unused)
        ]
    );
    let worker = service(&changes, "app_worker");
    assert_eq!(paths(worker), ["TaskTemplate.ContainerSpec.Secrets"]);
    assert_eq!(worker.restarts, Restart::Yes);
    assert_eq!(service(&changes, "app_web").action, Action::Unchanged);
    assert!(changes.refusals.is_empty());
}

#[test]
fn more_replicas_restart_nothing() {
    let changes = plan_of(&requests("replicas"), false);
    let web = service(&changes, "app_web");
    assert_eq!(paths(web), ["Mode.Replicated.Replicas"]);
    assert_eq!(
        (web.fields[0].old.clone(), web.fields[0].new.clone()),
        (Some(json!(2)), Some(json!(3)))
    );
    assert_eq!(web.restarts, Restart::No);
    assert_eq!(web.rollout, None);
}

#[test]
fn a_new_subnet_is_ignored_by_docker_and_said_so() {
    let changes = plan_of(&requests("subnet"), false);
    assert!(!changes.changes_anything(), "{changes:#?}");
    let [refusal] = changes.refusals.as_slice() else {
        panic!("{:#?}", changes.refusals)
    };
    assert_eq!(refusal.outcome, Outcome::Ignored);
    assert_eq!(refusal.rule.code, "SW704");
    assert_eq!(
        refusal.message,
        "network `app_back` has subnet `10.210.1.0/24` on the swarm; docker keeps it and ignores `10.210.2.0/24`"
    );
}

#[test]
fn a_service_left_out_is_orphaned_or_removed_with_prune() {
    let kept = plan_of(&requests("removed"), false);
    assert_eq!(service(&kept, "app_cache").action, Action::Orphan);
    assert!(!kept.changes_anything());
    let pruned = plan_of(&requests("removed"), true);
    let cache = service(&pruned, "app_cache");
    assert_eq!(cache.action, Action::Remove);
    assert_eq!(cache.running_tasks, Some(1));
    assert!(pruned.changes_anything());
}

#[test]
fn a_port_another_stack_publishes_is_refused_in_dockers_words() {
    let changes = plan_of(&requests("clash"), false);
    let worker = service(&changes, "app_worker");
    assert_eq!(paths(worker), ["EndpointSpec.Ports"]);
    assert_eq!(worker.restarts, Restart::Yes);
    let [refusal] = changes.refusals.as_slice() else {
        panic!("{:#?}", changes.refusals)
    };
    assert_eq!(refusal.rule.code, "SW701");
    assert_eq!(
        refusal.docker_says.as_deref(),
        Some(
            "failed to update service app_worker: Error response from daemon: rpc error: code = InvalidArgument desc = port '9090' is already in use by service 'other_edge' (pe7ayxsngytru3t57i6hujfvl) as an ingress port"
        )
    );
    assert_eq!(
        refusal.subject,
        Subject::Port {
            service: "app_worker".into(),
            protocol: "tcp".into(),
            port: 9090
        }
    );
}

fn edited(variant: &str, name: &str, edit: impl Fn(&mut Value)) -> Vec<Request> {
    let mut requests = requests(variant);
    for request in &mut requests {
        if request.body.get("Name").and_then(Value::as_str) == Some(name) {
            edit(&mut request.body);
        }
    }
    requests
}

#[test]
fn a_mode_change_is_refused() {
    let requests = edited("base", "app_worker", |body| {
        body["Mode"] = json!({"Global": {}});
    });
    let changes = plan_of(&requests, false);
    let codes: Vec<&str> = changes.refusals.iter().map(|r| r.rule.code).collect();
    assert_eq!(codes, ["SW702"]);
    assert_eq!(
        changes.refusals[0].docker_says.as_deref(),
        Some(
            "failed to update service app_worker: Error response from daemon: rpc error: code = Unimplemented desc = service mode change is not allowed"
        )
    );
}

#[test]
fn settings_sent_as_null_are_the_managers_defaults() {
    let requests = edited("base", "app_worker", |body| {
        body["UpdateConfig"] = Value::Null;
        body["EndpointSpec"] = Value::Null;
        body["TaskTemplate"]["RestartPolicy"] = Value::Null;
    });
    let changes = plan_of(&requests, false);
    assert_eq!(service(&changes, "app_worker").action, Action::Unchanged);
}

#[test]
fn a_config_with_other_content_under_its_name_is_refused() {
    let requests = edited("base", "settings_a674531c3b", |body| {
        body["Data"] = json!("bGV2ZWw9ZGVidWcK");
    });
    let changes = plan_of(&requests, false);
    let codes: Vec<&str> = changes.refusals.iter().map(|r| r.rule.code).collect();
    assert_eq!(codes, ["SW705"]);
}

#[test]
fn a_network_name_another_stack_holds_is_refused() {
    let requests = edited("base", "app_back", |body| {
        body["Name"] = json!("other_default");
    });
    let changes = plan_of(&requests, false);
    let [refusal] = changes.refusals.as_slice() else {
        panic!("{:#?}", changes.refusals)
    };
    assert_eq!(refusal.rule.code, "SW703");
    assert_eq!(
        refusal.docker_says.as_deref(),
        Some(
            "failed to create network other_default: Error response from daemon: network with name other_default already exists"
        )
    );
}

#[test]
fn without_the_lists_of_secrets_nothing_is_said_of_what_exists() {
    let mut running = running();
    running.secrets = None;
    running.tasks = None;
    let changes = plan(
        &requests("base"),
        &running,
        &Options {
            stack: "app".into(),
            prune: false,
        },
    );
    assert!(!changes.secrets_known);
    assert_eq!(service(&changes, "app_web").running_tasks, None);
    let text = render::render(&changes);
    assert!(
        text.contains("+ secret token_e6765b7385: created unless it exists"),
        "{text}"
    );
}

#[test]
fn the_plan_for_people_names_every_change() {
    let changes = plan_of(&requests("image"), false);
    let text = render::render(&changes);
    assert_eq!(text, EXPECTED_IMAGE_PLAN, "{text}");
}

const EXPECTED_IMAGE_PLAN: &str = "\
docker stack deploy app will:
  = network app_back: kept
  = network app_default: kept
  = secret token_e6765b7385: kept
  = config settings_a674531c3b: kept
  = service app_cache: unchanged
  ~ service app_web: updated, restarting its 2 tasks (start-first, one at a time, on failure pause)
      Labels[com.docker.stack.image]: \"swarmc-lab:busybox\" → \"swarmc-lab:busybox-v2\"
      TaskTemplate.ContainerSpec.Image: \"swarmc-lab:busybox\" → \"swarmc-lab:busybox-v2\"
  = service app_worker: unchanged

services: 0 to create, 1 to update (1 with task restarts), 0 to remove, 2 unchanged; networks, secrets and configs: 0 to create
";

#[test]
fn the_change_set_for_machines_matches_its_schema() {
    let schema: Value = serde_json::from_str(&output::changes_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for variant in ["image", "secret", "clash", "removed"] {
        let changes = plan_of(&requests(variant), true);
        let value: Value = serde_json::from_str(&changes.to_json()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{variant}: {errors:?}");
    }
}
