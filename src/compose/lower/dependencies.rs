//! Keys that name other services: `depends_on`, `links`, `volumes_from`, `extends`, and
//! a service's `models`.

use super::cx::{Cx, Place, sub_span};
use crate::compose::model::{
    Dependency, DependencyCondition, Extends, Keys, Link, NameMap, ServiceModel, Syntax, Text,
    VolumesFrom, name_map,
};
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind};

pub(super) const DEPENDENCY_KEYS: &[&str] = &["condition", "required", "restart"];
pub(super) const EXTENDS_KEYS: &[&str] = &["file", "service"];
pub(super) const SERVICE_MODEL_KEYS: &[&str] = &["endpoint_var", "model_var"];

impl Cx<'_> {
    /// `depends_on`: a list of service names or a map of service to conditions.
    pub(super) fn depends_on(&mut self, node: &Node) -> NameMap<Dependency> {
        let mut out = name_map(super::collection_len(node));
        match &node.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    let Some(service) = self.string(item, Place::Item("depends_on")) else {
                        continue;
                    };
                    if let Some(first) = out.get(&service.value) {
                        let first: &Dependency = first;
                        let first = first.service.span;
                        self.duplicate(item.span, &service.value, first, "depends_on");
                        continue;
                    }
                    out.insert(
                        service.value.clone(),
                        Dependency {
                            service,
                            syntax: Syntax::Short,
                            keys: Keys::new(),
                            condition: None,
                            required: None,
                            restart: None,
                        },
                    );
                }
            }
            NodeKind::Map(map) => {
                for entry in &map.entries {
                    let mut dependency = Dependency {
                        service: Spanned::new(Text::new(&entry.key.text), entry.key.span),
                        syntax: Syntax::Long,
                        keys: Keys::new(),
                        condition: None,
                        required: None,
                        restart: None,
                    };
                    let place = Place::Key(&entry.key.text);
                    let keys = self.fields(&entry.value, place, DEPENDENCY_KEYS, |cx, f| {
                        let (v, p) = (f.value, f.place());
                        match f.name {
                            "condition" => {
                                dependency.condition = cx.keyword(
                                    v,
                                    p,
                                    DependencyCondition::parse,
                                    DependencyCondition::VALUES,
                                );
                            }
                            "required" => dependency.required = cx.bool(v, p),
                            "restart" => dependency.restart = cx.bool(v, p),
                            _ => {}
                        }
                    });
                    let Some(keys) = keys else { continue };
                    if !keys.contains_key("condition") {
                        self.missing(
                            entry.key.span,
                            format!("dependency on `{}` has no `condition`", entry.key.text),
                            "add `condition: service_started`, `service_healthy` or `service_completed_successfully`",
                        );
                    }
                    dependency.keys = keys;
                    out.insert(Text::new(&entry.key.text), dependency);
                }
            }
            NodeKind::Scalar(_) if node.is_null() => {}
            NodeKind::Scalar(_) => {
                self.wrong_type(node, Place::Key("depends_on"), "a list or a mapping")
            }
        }
        out
    }

    /// `links`: `service` or `service:alias`.
    pub(super) fn links(&mut self, node: &Node) -> Vec<Spanned<Link>> {
        let mut out = Vec::new();
        for item in self.list(node, Place::Key("links")).unwrap_or_default() {
            let Some(text) = self.string(item, Place::Item("links")) else {
                continue;
            };
            let (service, alias) = match text.value.split_once(':') {
                Some((service, alias)) => (service, Some(alias)),
                None => (text.value.as_str(), None),
            };
            let part = |value: &str, from: usize| Spanned {
                value: Text::new(value),
                span: sub_span(item, from, from + value.len()),
                origins: text.origins.clone(),
            };
            let link = Link {
                service: part(service, 0),
                alias: alias.map(|a| part(a, service.len() + 1)),
            };
            out.push(Spanned {
                value: link,
                span: text.span,
                origins: text.origins.clone(),
            });
        }
        out
    }

    /// `volumes_from`: `service[:ro|rw]` or `container:name[:ro|rw]`.
    pub(super) fn volumes_from(&mut self, node: &Node) -> Vec<Spanned<VolumesFrom>> {
        let mut out = Vec::new();
        for item in self
            .list(node, Place::Key("volumes_from"))
            .unwrap_or_default()
        {
            let Some(text) = self.string(item, Place::Item("volumes_from")) else {
                continue;
            };
            let (container, rest, offset) = match text.value.strip_prefix("container:") {
                Some(rest) => (true, rest, "container:".len()),
                None => (false, text.value.as_str(), 0),
            };
            let (name, mode) = match rest.rsplit_once(':') {
                Some((name, mode)) => (name, Some(mode)),
                None => (rest, None),
            };
            let read_only = match mode {
                None => None,
                Some("ro") => Some(true),
                Some("rw") => Some(false),
                Some(other) => {
                    let at = offset + name.len() + 1;
                    self.invalid_part(
                        item,
                        (at, at + other.len()),
                        format!("unknown access mode `{other}` in `volumes_from`"),
                        "use `ro` or `rw`",
                    );
                    continue;
                }
            };
            let mode_at = offset + name.len() + 1;
            out.push(Spanned {
                value: VolumesFrom {
                    source: Spanned {
                        value: Text::new(name),
                        span: sub_span(item, offset, offset + name.len()),
                        origins: text.origins.clone(),
                    },
                    container,
                    read_only: read_only.map(|ro| Spanned {
                        value: ro,
                        span: sub_span(item, mode_at, text.value.len()),
                        origins: text.origins.clone(),
                    }),
                },
                span: text.span,
                origins: text.origins.clone(),
            });
        }
        out
    }

    /// `extends`, which `load` resolves; read so its shape is still checked.
    pub(super) fn extends(&mut self, node: &Node) -> Option<Extends> {
        if node.as_map().is_none() {
            let service = self.string(node, Place::Key("extends"))?;
            return Some(Extends {
                service,
                file: None,
            });
        }
        let mut service = None;
        let mut file = None;
        let keys = self.fields(node, Place::Key("extends"), EXTENDS_KEYS, |cx, f| {
            match f.name {
                "service" => service = cx.string(f.value, f.place()),
                "file" => file = cx.string(f.value, f.place()),
                _ => {}
            }
        })?;
        match service {
            Some(service) => Some(Extends { service, file }),
            None => {
                if !keys.contains_key("service") {
                    self.missing(
                        node.span,
                        "`extends` has no `service`".to_owned(),
                        "add `service:` with the service to extend",
                    );
                }
                None
            }
        }
    }

    /// A service's `models`: a list of names or a map of name to variables.
    pub(super) fn service_models(&mut self, node: &Node) -> NameMap<ServiceModel> {
        let mut out = name_map(0);
        let blank = |key: Spanned<Text>| ServiceModel {
            key,
            keys: Keys::new(),
            endpoint_var: None,
            model_var: None,
        };
        match &node.kind {
            NodeKind::Seq(_) => {
                for name in self.strings(node, Place::Key("models")) {
                    out.insert(name.value.clone(), blank(name));
                }
            }
            NodeKind::Map(map) => {
                for entry in &map.entries {
                    let mut model = blank(Spanned::new(Text::new(&entry.key.text), entry.key.span));
                    if !entry.value.is_null() {
                        let place = Place::Key(&entry.key.text);
                        let keys = self.fields(&entry.value, place, SERVICE_MODEL_KEYS, |cx, f| {
                            match f.name {
                                "endpoint_var" => {
                                    model.endpoint_var = cx.string(f.value, f.place())
                                }
                                "model_var" => model.model_var = cx.string(f.value, f.place()),
                                _ => {}
                            }
                        });
                        model.keys = keys.unwrap_or_default();
                    }
                    out.insert(Text::new(&entry.key.text), model);
                }
            }
            NodeKind::Scalar(_) if node.is_null() => {}
            NodeKind::Scalar(_) => {
                self.wrong_type(node, Place::Key("models"), "a list or a mapping")
            }
        }
        out
    }
}
