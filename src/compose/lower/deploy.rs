//! `deploy` and its parts: replicas, resources (with generic resources and device
//! requests), restart policy, placement, and update and rollback configuration.

use super::cx::{Cx, Place};
use crate::compose::Text;
use crate::compose::model::{
    Deploy, DeployMode, DeviceCount, DeviceRequest, DiscreteResource, EndpointMode, FailureAction,
    GenericResource, Keys, Mapping, Placement, PlacementPreference, Resource, Resources,
    RestartCondition, RestartPolicy, UpdateConfig, UpdateOrder,
};
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Node, ScalarValue};

pub(super) const DEPLOY_KEYS: &[&str] = &[
    "endpoint_mode",
    "labels",
    "mode",
    "placement",
    "replicas",
    "resources",
    "restart_policy",
    "rollback_config",
    "update_config",
];
pub(super) const RESOURCES_KEYS: &[&str] = &["limits", "reservations"];
pub(super) const LIMITS_KEYS: &[&str] = &["cpus", "memory", "pids"];
pub(super) const RESERVATIONS_KEYS: &[&str] = &["cpus", "devices", "generic_resources", "memory"];
pub(super) const GENERIC_KEYS: &[&str] = &["discrete_resource_spec"];
pub(super) const DISCRETE_KEYS: &[&str] = &["kind", "value"];
pub(super) const DEVICE_REQUEST_KEYS: &[&str] =
    &["capabilities", "count", "device_ids", "driver", "options"];
pub(super) const RESTART_POLICY_KEYS: &[&str] = &["condition", "delay", "max_attempts", "window"];
pub(super) const PLACEMENT_KEYS: &[&str] = &["constraints", "max_replicas_per_node", "preferences"];
pub(super) const PREFERENCE_KEYS: &[&str] = &["spread"];
pub(super) const UPDATE_KEYS: &[&str] = &[
    "delay",
    "failure_action",
    "max_failure_ratio",
    "monitor",
    "order",
    "parallelism",
];

impl Cx<'_> {
    pub(super) fn deploy(&mut self, node: &Node) -> Option<Deploy> {
        if node.is_null() {
            return None;
        }
        let mut deploy = Deploy {
            span: Some(node.span),
            ..Deploy::default()
        };
        deploy.keys = self.fields(node, Place::Key("deploy"), DEPLOY_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "mode" => deploy.mode = cx.keyword(v, p, DeployMode::parse, DeployMode::VALUES),
                "replicas" => deploy.replicas = cx.uint(v, p),
                "labels" => deploy.labels = cx.mapping(v, p),
                "endpoint_mode" => {
                    deploy.endpoint_mode = cx.keyword(
                        v,
                        p,
                        |s| EndpointMode::parse(&s.to_ascii_lowercase()),
                        EndpointMode::VALUES,
                    );
                }
                "resources" => deploy.resources = cx.resources(v).map(Box::new),
                "restart_policy" => deploy.restart_policy = cx.restart_policy(v).map(Box::new),
                "placement" => deploy.placement = cx.placement(v).map(Box::new),
                "update_config" => {
                    deploy.update_config = cx.update_config(v, "update_config").map(Box::new)
                }
                "rollback_config" => {
                    deploy.rollback_config = cx.update_config(v, "rollback_config").map(Box::new);
                }
                _ => {}
            }
        })?;
        Some(deploy)
    }

    fn resources(&mut self, node: &Node) -> Option<Resources> {
        if node.is_null() {
            return None;
        }
        let mut resources = Resources::default();
        resources.keys = self.fields(
            node,
            Place::Key("resources"),
            RESOURCES_KEYS,
            |cx, f| match f.name {
                "limits" => resources.limits = cx.resource(f.value, "limits", LIMITS_KEYS),
                "reservations" => {
                    resources.reservations =
                        cx.resource(f.value, "reservations", RESERVATIONS_KEYS);
                }
                _ => {}
            },
        )?;
        Some(resources)
    }

    fn resource(
        &mut self,
        node: &Node,
        key: &'static str,
        known: &'static [&'static str],
    ) -> Option<Resource> {
        if node.is_null() {
            return None;
        }
        let mut resource = Resource::default();
        resource.keys = self.fields(node, Place::Key(key), known, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "cpus" => resource.cpus = cx.cpus(v, p),
                "memory" => resource.memory = cx.size(v, p),
                "pids" => resource.pids = cx.int(v, p),
                "generic_resources" => {
                    for item in cx.list(v, p).unwrap_or_default() {
                        resource.generic_resources.extend(cx.generic_resource(item));
                    }
                }
                "devices" => {
                    for item in cx.list(v, p).unwrap_or_default() {
                        resource
                            .devices
                            .extend(cx.device_request(item, "devices", true));
                    }
                }
                _ => {}
            }
        })?;
        Some(resource)
    }

    fn generic_resource(&mut self, node: &Node) -> Option<GenericResource> {
        let mut discrete = None;
        let keys = self.fields(
            node,
            Place::Item("generic_resources"),
            GENERIC_KEYS,
            |cx, f| {
                discrete = cx.discrete_resource(f.value);
            },
        )?;
        Some(GenericResource {
            span: node.span,
            keys,
            discrete_resource_spec: discrete,
        })
    }

    fn discrete_resource(&mut self, node: &Node) -> Option<DiscreteResource> {
        let mut kind = None;
        let mut value = None;
        let keys = self.fields(
            node,
            Place::Key("discrete_resource_spec"),
            DISCRETE_KEYS,
            |cx, f| match f.name {
                "kind" => kind = cx.string(f.value, f.place()),
                "value" => value = cx.int(f.value, f.place()),
                _ => {}
            },
        )?;
        let missing = |cx: &mut Self, key: &str| {
            if !keys.contains_key(key) {
                cx.missing(
                    node.span,
                    format!("`discrete_resource_spec` has no `{key}`"),
                    format!("add `{key}:`"),
                );
            }
        };
        match (kind, value) {
            (Some(kind), Some(value)) => Some(DiscreteResource {
                span: node.span,
                keys,
                kind,
                value,
            }),
            (kind, value) => {
                if kind.is_none() {
                    missing(self, "kind");
                }
                if value.is_none() {
                    missing(self, "value");
                }
                None
            }
        }
    }

    /// A device request; `capabilities` is required in `reservations.devices` only.
    pub(super) fn device_request(
        &mut self,
        node: &Node,
        list: &'static str,
        capabilities_required: bool,
    ) -> Option<DeviceRequest> {
        let mut request = DeviceRequest {
            span: node.span,
            keys: Keys::new(),
            capabilities: Vec::new(),
            count: None,
            device_ids: Vec::new(),
            driver: None,
            options: Mapping::default(),
        };
        request.keys = self.fields(node, Place::Item(list), DEVICE_REQUEST_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "capabilities" => request.capabilities = cx.strings(v, p),
                "count" => request.count = cx.device_count(v),
                "device_ids" => request.device_ids = cx.strings(v, p),
                "driver" => request.driver = cx.string(v, p),
                "options" => request.options = cx.mapping(v, p),
                _ => {}
            }
        })?;
        if capabilities_required && !request.keys.contains_key("capabilities") {
            self.missing(
                node.span,
                "device request has no `capabilities`".to_owned(),
                "add `capabilities:`, for example `[gpu]`",
            );
        }
        if let (Some(count), Some(ids)) = (&request.count, request.keys.get("device_ids")) {
            self.report(
                &rules::CONFLICTING_KEYS,
                ids,
                "`count` and `device_ids` cannot be used together".to_owned(),
            )
            .also(count.span, "`count` is set here")
            .help("keep `count` to ask for any devices, or `device_ids` to name them");
        }
        Some(request)
    }

    /// `count: all` or a number of devices.
    fn device_count(&mut self, node: &Node) -> Option<Spanned<DeviceCount>> {
        let is_all = node.as_scalar().is_some_and(
            |s| matches!(s.value(), ScalarValue::Str(t) if t.eq_ignore_ascii_case("all")),
        );
        if is_all {
            return Some(Spanned::from_node(DeviceCount::All, node));
        }
        let count = self.int(node, Place::Key("count"))?;
        match u64::try_from(count.value) {
            Ok(n) => Some(count.map(|_| DeviceCount::Count(n))),
            Err(_) if count.value == -1 => Some(count.map(|_| DeviceCount::All)),
            Err(_) => {
                self.invalid(
                    node,
                    format!("invalid device count `{}`", count.value),
                    "write a number of devices, or `all`",
                );
                None
            }
        }
    }

    fn restart_policy(&mut self, node: &Node) -> Option<RestartPolicy> {
        if node.is_null() {
            return None;
        }
        let mut policy = RestartPolicy::default();
        policy.keys = self.fields(
            node,
            Place::Key("restart_policy"),
            RESTART_POLICY_KEYS,
            |cx, f| {
                let (v, p) = (f.value, f.place());
                match f.name {
                    "condition" => {
                        policy.condition =
                            cx.keyword(v, p, RestartCondition::parse, RestartCondition::VALUES);
                    }
                    "delay" => policy.delay = cx.duration(v, p),
                    "max_attempts" => policy.max_attempts = cx.uint(v, p),
                    "window" => policy.window = cx.duration(v, p),
                    _ => {}
                }
            },
        )?;
        Some(policy)
    }

    fn placement(&mut self, node: &Node) -> Option<Placement> {
        if node.is_null() {
            return None;
        }
        let mut placement = Placement::default();
        placement.keys = self.fields(node, Place::Key("placement"), PLACEMENT_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "constraints" => placement.constraints = cx.constraints(v, p),
                "max_replicas_per_node" => placement.max_replicas_per_node = cx.uint(v, p),
                "preferences" => {
                    for item in cx.list(v, p).unwrap_or_default() {
                        let mut spread = None;
                        if let Some(keys) = cx.fields(
                            item,
                            Place::Item("preferences"),
                            PREFERENCE_KEYS,
                            |cx, f| {
                                spread = cx.string(f.value, f.place());
                            },
                        ) {
                            placement.preferences.push(PlacementPreference {
                                span: item.span,
                                keys,
                                spread,
                            });
                        }
                    }
                }
                _ => {}
            }
        })?;
        Some(placement)
    }

    fn update_config(&mut self, node: &Node, key: &'static str) -> Option<UpdateConfig> {
        if node.is_null() {
            return None;
        }
        let mut config = UpdateConfig::default();
        config.keys = self.fields(node, Place::Key(key), UPDATE_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "parallelism" => config.parallelism = cx.uint(v, p),
                "delay" => config.delay = cx.duration(v, p),
                "monitor" => config.monitor = cx.duration(v, p),
                "order" => config.order = cx.keyword(v, p, UpdateOrder::parse, UpdateOrder::VALUES),
                "failure_action" => {
                    let allowed: &[&str] = if key == "rollback_config" {
                        &["continue", "pause"]
                    } else {
                        FailureAction::VALUES
                    };
                    config.failure_action = cx.keyword(
                        v,
                        p,
                        |s| FailureAction::parse(s).filter(|_| allowed.contains(&s)),
                        allowed,
                    );
                }
                "max_failure_ratio" => {
                    config.max_failure_ratio = cx.float(v, p).filter(|ratio| {
                        if (0.0..=1.0).contains(&ratio.value) {
                            return true;
                        }
                        cx.invalid(
                            v,
                            format!(
                                "`max_failure_ratio` must be between 0 and 1, found `{}`",
                                ratio.value
                            ),
                            "write a fraction such as `0.1`",
                        );
                        false
                    });
                }
                _ => {}
            }
        })?;
        Some(config)
    }
}

impl Cx<'_> {
    /// `placement.constraints`: each must be `key==value` or `key!=value`. What the key
    /// and value may hold is judged by `swarmc check`; an expression without an operator
    /// is not a constraint at all, and no stack can hold it.
    fn constraints(&mut self, node: &Node, place: Place<'_>) -> Vec<Spanned<Text>> {
        let constraints = self.strings(node, place);
        for constraint in &constraints {
            if !has_operator(&constraint.value) {
                self.report(
                    &rules::CONSTRAINT_INVALID,
                    constraint.span,
                    format!(
                        "constraint `{}` does not parse: constraint expected one operator from ==, !=",
                        constraint.value
                    ),
                )
                .help("write `key==value` or `key!=value`, such as `node.role==manager`");
            }
        }
        constraints
    }
}

/// Whether a constraint has a key, then `==` or `!=`, then a value.
pub(crate) fn has_operator(constraint: &str) -> bool {
    let Some(at) = constraint.find(['=', '!']) else {
        return false;
    };
    let rest = &constraint[at..];
    at > 0 && (rest.starts_with("==") || rest.starts_with("!=")) && rest.len() > 2
}
