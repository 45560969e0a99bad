//! `deploy` in full, its key spans, and its problems; `gpus`.

use super::{lower_service, service_ok};
use crate::compose::model::{
    DeployMode, DeviceCount, EndpointMode, FailureAction, Gpus, RestartCondition, UpdateOrder,
};

#[test]
fn a_full_deploy_section_is_typed() {
    let service = service_ok(
        r#"    deploy:
      mode: replicated
      replicas: "3"
      endpoint_mode: DNSRR
      labels:
        com.example: x
      resources:
        limits:
          cpus: "0.5"
          memory: 512M
          pids: 100
        reservations:
          cpus: 0.25
          memory: 128m
          generic_resources:
            - discrete_resource_spec:
                kind: gpu
                value: 2
          devices:
            - capabilities: [gpu]
              driver: nvidia
              count: all
            - capabilities: [gpu, utility]
              device_ids: ["0", "3"]
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
        window: 2m
      placement:
        constraints:
          - node.role == manager
        preferences:
          - spread: node.labels.zone
        max_replicas_per_node: 1
      update_config:
        parallelism: 2
        delay: 10s
        failure_action: rollback
        monitor: 30s
        max_failure_ratio: 0.3
        order: start-first
      rollback_config:
        parallelism: 0
        failure_action: pause
"#,
    );
    let deploy = service.deploy.unwrap();
    assert_eq!(deploy.mode.unwrap().value, DeployMode::Replicated);
    assert_eq!(deploy.replicas.unwrap().value, 3);
    assert_eq!(deploy.endpoint_mode.unwrap().value, EndpointMode::Dnsrr);
    assert_eq!(deploy.labels.value("com.example"), Some("x"));
    let resources = deploy.resources.unwrap();
    let limits = resources.limits.unwrap();
    assert_eq!(limits.pids.unwrap().value, 100);
    assert_eq!(limits.memory.unwrap().value.bytes, 512 << 20);
    let reservations = resources.reservations.unwrap();
    let generic = &reservations.generic_resources[0];
    let discrete = generic.discrete_resource_spec.as_ref().unwrap();
    assert_eq!(
        (discrete.kind.value.as_str(), discrete.value.value),
        ("gpu", 2)
    );
    assert_eq!(reservations.devices.len(), 2);
    assert_eq!(
        reservations.devices[0].count.as_ref().unwrap().value,
        DeviceCount::All
    );
    assert_eq!(
        reservations.devices[0].driver.as_ref().unwrap().value,
        "nvidia"
    );
    assert_eq!(reservations.devices[1].device_ids.len(), 2);
    let restart = deploy.restart_policy.unwrap();
    assert_eq!(
        restart.condition.unwrap().value,
        RestartCondition::OnFailure
    );
    assert_eq!(restart.max_attempts.unwrap().value, 3);
    assert_eq!(restart.window.unwrap().value.nanos, 120_000_000_000);
    let placement = deploy.placement.unwrap();
    assert_eq!(placement.constraints[0].value, "node.role == manager");
    assert_eq!(
        placement.preferences[0].spread.as_ref().unwrap().value,
        "node.labels.zone"
    );
    assert_eq!(placement.max_replicas_per_node.unwrap().value, 1);
    let update = deploy.update_config.unwrap();
    assert_eq!(
        update.failure_action.unwrap().value,
        FailureAction::Rollback
    );
    assert_eq!(update.order.unwrap().value, UpdateOrder::StartFirst);
    assert_eq!(update.max_failure_ratio.unwrap().value, 0.3);
    let rollback = deploy.rollback_config.unwrap();
    assert_eq!(rollback.parallelism.unwrap().value, 0);
    assert_eq!(deploy.keys.len(), 9);
}

#[test]
fn deploy_keys_record_their_spans() {
    let lowered = lower_service(
        "    deploy:\n      replicas: 2\n      resources:\n        limits:\n          memory: 1g\n",
    );
    let deploy = lowered.project.services["web"].deploy.as_ref().unwrap();
    assert_eq!(
        lowered.text(deploy.keys.get("replicas").unwrap()),
        "replicas"
    );
    let resources = deploy.resources.as_ref().unwrap();
    assert_eq!(
        lowered.text(resources.keys.get("limits").unwrap()),
        "limits"
    );
    assert_eq!(
        lowered.text(
            resources
                .limits
                .as_ref()
                .unwrap()
                .keys
                .get("memory")
                .unwrap()
        ),
        "memory"
    );
}

#[test]
fn deploy_problems_are_reported_each_in_place() {
    let lowered = lower_service(
        r#"    deploy:
      mode: global-ish
      replicas: three
      resources:
        limits:
          cpus: lots
          devices: []
        reservations:
          pids: 3
          devices:
            - driver: nvidia
            - capabilities: [gpu]
              count: 1
              device_ids: ["0"]
          generic_resources:
            - discrete_resource_spec:
                kind: gpu
      restart_policy:
        condition: sometimes
      update_config:
        max_failure_ratio: 2
      rollback_config:
        failure_action: rollback
      placement:
        constraint: []
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "global-ish"),
            ("SW112", "three"),
            ("SW112", "lots"),
            ("SW110", "devices"),
            ("SW110", "pids"),
            ("SW113", "driver: nvidia"),
            ("SW116", "device_ids"),
            ("SW113", "kind: gpu"),
            ("SW112", "sometimes"),
            ("SW112", "2"),
            ("SW112", "rollback"),
            ("SW110", "constraint"),
        ]
    );
    let unknown = &lowered.diagnostics[3];
    assert_eq!(unknown.message, "unknown key `devices` in `limits`");
}

#[test]
fn gpus_take_all_or_device_requests() {
    let service = service_ok("    gpus: all\n");
    assert_eq!(service.gpus.unwrap().value, Gpus::All);
    let service = service_ok("    gpus:\n      - driver: nvidia\n        count: 2\n");
    let Gpus::Devices(devices) = service.gpus.unwrap().value else {
        panic!("devices expected");
    };
    assert_eq!(
        devices[0].count.as_ref().unwrap().value,
        DeviceCount::Count(2)
    );
    let lowered = lower_service("    gpus: some\n");
    assert_eq!(lowered.found(), vec![("SW112", "some")]);
}
