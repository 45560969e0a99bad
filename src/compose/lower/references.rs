//! Names a service uses that must be declared elsewhere in the project: networks,
//! named volumes, secrets, configs, models and other services.

use super::cx::Cx;
use crate::compose::model::{MountSource, NameMap, NetworkMode, Project, Service, Text};
use crate::rules;
use crate::source::Span;
use crate::suggest::did_you_mean;

impl Cx<'_> {
    pub(super) fn check_references(&mut self, project: &Project, service: &Service) {
        for network in service.networks.values() {
            // `default` is the network compose creates when a service names none.
            if network.key.value != "default" {
                self.reference(
                    &project.networks,
                    "network",
                    "networks",
                    &network.key.value,
                    network.key.span,
                );
            }
        }
        for mount in &service.volumes {
            if let Some(MountSource::Volume(name)) = &mount.source {
                self.reference(
                    &project.volumes,
                    "volume",
                    "volumes",
                    &name.value,
                    name.span,
                );
            }
        }
        let build_secrets = service.build.iter().flat_map(|b| &b.secrets);
        for secret in service.secrets.iter().chain(build_secrets) {
            self.reference(
                &project.secrets,
                "secret",
                "secrets",
                &secret.source.value,
                secret.source.span,
            );
        }
        for config in &service.configs {
            self.reference(
                &project.configs,
                "config",
                "configs",
                &config.source.value,
                config.source.span,
            );
        }
        for model in service.models.values() {
            self.reference(
                &project.models,
                "model",
                "models",
                &model.key.value,
                model.key.span,
            );
        }
        for dependency in service.depends_on.values() {
            // An optional dependency on a service that is not there (often one whose
            // profile is off) is dropped by compose, not refused.
            if dependency.is_required() {
                self.service_reference(project, &dependency.service.value, dependency.service.span);
            }
        }
        if let Some(mode) = &service.network_mode {
            if let NetworkMode::Service(name) = &mode.value {
                self.service_reference(project, &name.value, name.span);
            }
        }
        for from in &service.volumes_from {
            if !from.value.container {
                self.service_reference(project, &from.value.source.value, from.value.source.span);
            }
        }
    }

    fn service_reference(&mut self, project: &Project, name: &str, span: Span) {
        self.reference(&project.services, "service", "services", name, span);
    }

    fn reference<T>(
        &mut self,
        declared: &NameMap<T>,
        kind: &str,
        section: &str,
        name: &str,
        span: Span,
    ) {
        if declared.contains_key(name) {
            return;
        }
        let names: Vec<&str> = declared.keys().map(Text::as_str).collect();
        let help = match did_you_mean(name, &names) {
            Some(close) => {
                format!("use `{close}`, or declare `{name}` under the top-level `{section}` key")
            }
            None if kind == "service" => format!("define a service named `{name}`"),
            None => format!("declare `{name}` under the top-level `{section}` key"),
        };
        self.report(
            &rules::UNDEFINED_REFERENCE,
            span,
            format!("undefined {kind} `{name}`"),
        )
        .help(help);
    }
}
