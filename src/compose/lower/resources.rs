//! Top-level volumes, secrets, configs and models.

use super::cx::{Cx, Place};
use crate::compose::model::{Config, Keys, Mapping, Model, Secret, Text, Volume};
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Key, Node};

pub(super) const VOLUME_KEYS: &[&str] = &["driver", "driver_opts", "external", "labels", "name"];
pub(super) const SECRET_KEYS: &[&str] = &[
    "driver",
    "driver_opts",
    "environment",
    "external",
    "file",
    "labels",
    "name",
    "template_driver",
];
pub(super) const CONFIG_KEYS: &[&str] = &[
    "content",
    "environment",
    "external",
    "file",
    "labels",
    "name",
    "template_driver",
];
pub(super) const MODEL_KEYS: &[&str] = &["context_size", "model", "name", "runtime_flags"];

impl Cx<'_> {
    pub(super) fn volume(&mut self, key: &Key, node: &Node) -> Volume {
        let mut volume = Volume {
            key: Spanned::new(Text::new(&key.text), key.span),
            keys: Keys::new(),
            name: None,
            driver: None,
            driver_opts: Mapping::default(),
            external: None,
            labels: Mapping::default(),
        };
        if node.is_null() {
            return volume;
        }
        let mut external_name = None;
        let keys = self.fields(node, Place::Key(&key.text), VOLUME_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "name" => volume.name = cx.string(v, p),
                "driver" => volume.driver = cx.string(v, p),
                "driver_opts" => volume.driver_opts = cx.options(v, p),
                "external" => (volume.external, external_name) = cx.external(v),
                "labels" => volume.labels = cx.mapping(v, p),
                _ => {}
            }
        });
        volume.keys = keys.unwrap_or_default();
        volume.name = self.merge_external_name(volume.name, external_name);
        // An external volume already exists: compose refuses settings for creating it.
        if let Some(external) = volume.external.as_ref().filter(|e| e.value) {
            for key in ["driver", "driver_opts", "labels"] {
                if let Some(span) = volume.keys.get(key) {
                    self.report(
                        &rules::CONFLICTING_KEYS,
                        span,
                        format!("external volume `{}` cannot set `{key}`", volume.key.value),
                    )
                    .also(external.span, "the volume is external here")
                    .help(format!(
                        "remove `{key}`, or remove `external` to let the stack create the volume"
                    ));
                }
            }
        }
        volume
    }

    pub(super) fn secret(&mut self, key: &Key, node: &Node) -> Secret {
        let mut secret = Secret {
            key: Spanned::new(Text::new(&key.text), key.span),
            keys: Keys::new(),
            name: None,
            file: None,
            environment: None,
            external: None,
            labels: Mapping::default(),
            driver: None,
            driver_opts: Mapping::default(),
            template_driver: None,
        };
        if node.is_null() {
            self.no_source(key, "secret", "`file`, `environment` or `external`");
            return secret;
        }
        let mut external_name = None;
        let keys = self.fields(node, Place::Key(&key.text), SECRET_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "name" => secret.name = cx.string(v, p),
                "file" => secret.file = cx.string(v, p).map(|t| cx.host_path(v, &t.value)),
                "environment" => secret.environment = cx.string(v, p),
                "external" => (secret.external, external_name) = cx.external(v),
                "labels" => secret.labels = cx.mapping(v, p),
                "driver" => secret.driver = cx.string(v, p),
                "driver_opts" => secret.driver_opts = cx.options(v, p),
                "template_driver" => secret.template_driver = cx.string(v, p),
                _ => {}
            }
        });
        secret.keys = keys.unwrap_or_default();
        secret.name = self.merge_external_name(secret.name, external_name);
        let has_source = secret.is_external()
            || ["file", "environment", "driver"]
                .iter()
                .any(|k| secret.keys.contains_key(k));
        if !has_source && node.as_map().is_some() {
            self.no_source(key, "secret", "`file`, `environment` or `external`");
        }
        secret
    }

    pub(super) fn config(&mut self, key: &Key, node: &Node) -> Config {
        let mut config = Config {
            key: Spanned::new(Text::new(&key.text), key.span),
            keys: Keys::new(),
            name: None,
            file: None,
            environment: None,
            content: None,
            external: None,
            labels: Mapping::default(),
            template_driver: None,
        };
        if node.is_null() {
            self.no_source(
                key,
                "config",
                "`file`, `environment`, `content` or `external`",
            );
            return config;
        }
        let mut external_name = None;
        let keys = self.fields(node, Place::Key(&key.text), CONFIG_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "name" => config.name = cx.string(v, p),
                "file" => config.file = cx.string(v, p).map(|t| cx.host_path(v, &t.value)),
                "environment" => config.environment = cx.string(v, p),
                "content" => config.content = cx.string(v, p),
                "external" => (config.external, external_name) = cx.external(v),
                "labels" => config.labels = cx.mapping(v, p),
                "template_driver" => config.template_driver = cx.string(v, p),
                _ => {}
            }
        });
        config.keys = keys.unwrap_or_default();
        config.name = self.merge_external_name(config.name, external_name);
        let has_source = config.is_external()
            || ["file", "environment", "content"]
                .iter()
                .any(|k| config.keys.contains_key(k));
        if !has_source && node.as_map().is_some() {
            self.no_source(
                key,
                "config",
                "`file`, `environment`, `content` or `external`",
            );
        }
        config
    }

    fn no_source(&mut self, key: &Key, kind: &str, sources: &str) {
        self.missing(
            key.span,
            format!("{kind} `{}` has no {sources}", key.text),
            format!("add `file:` with the path of the {kind}, or `external: true` if it already exists in the swarm"),
        );
    }

    pub(super) fn model(&mut self, key: &Key, node: &Node) -> Option<Model> {
        let mut name = None;
        let mut model = None;
        let mut context_size = None;
        let mut runtime_flags = Vec::new();
        let keys = self.fields(node, Place::Key(&key.text), MODEL_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "name" => name = cx.string(v, p),
                "model" => model = cx.string(v, p),
                "context_size" => context_size = cx.uint(v, p),
                "runtime_flags" => runtime_flags = cx.strings(v, p),
                _ => {}
            }
        })?;
        let Some(model) = model else {
            if !keys.contains_key("model") {
                self.missing(
                    key.span,
                    format!("model `{}` has no `model`", key.text),
                    "add `model:` with the model to run, such as `ai/smollm2`",
                );
            }
            return None;
        };
        Some(Model {
            key: Spanned::new(Text::new(&key.text), key.span),
            keys,
            name,
            model,
            context_size,
            runtime_flags,
        })
    }
}
