//! Rules between keys of one service that compose enforces after reading it: something
//! to run, no contradicting settings, and no two mounts on the same path.

use super::cx::Cx;
use crate::compose::model::Service;
use crate::rules;
use crate::source::Span;

impl Cx<'_> {
    pub(super) fn check_service(&mut self, service: &Service) {
        let name = &service.name.value;
        if service.image.is_none() && service.build.is_none() && service.provider.is_none() {
            let written = ["image", "build", "provider"]
                .iter()
                .any(|k| service.keys.contains_key(k));
            if !written {
                self.missing(
                    service.name.span,
                    format!("service `{name}` has neither `image` nor `build`"),
                    "add `image:` with the image to run",
                );
            }
        }
        if let (Some(mode), Some(networks)) = (
            service.keys.get("network_mode"),
            service.keys.get("networks"),
        ) {
            self.conflict(
                networks,
                mode,
                "`network_mode` and `networks` cannot be used together",
                "keep one of the two",
            );
        }
        self.check_limits(service);
        self.check_container_name(service);
        self.check_mount_targets(service);
    }

    fn conflict(&mut self, span: Span, other: Span, message: &str, help: &str) {
        self.report(&rules::CONFLICTING_KEYS, span, message.to_owned())
            .also(other, "the other key is here")
            .help(help);
    }

    /// Keys outside `deploy` that duplicate a `deploy` setting must agree with it.
    fn check_limits(&mut self, service: &Service) {
        let Some(deploy) = &service.deploy else {
            return;
        };
        if let (Some(scale), Some(replicas)) = (&service.scale, &deploy.replicas) {
            if scale.value != replicas.value {
                self.conflict(
                    scale.span,
                    replicas.span,
                    "`scale` and `deploy.replicas` differ",
                    "remove `scale` and keep `deploy.replicas`",
                );
            }
        }
        let resources = deploy.resources.as_ref();
        let limits = resources.and_then(|r| r.limits.as_ref());
        let reservations = resources.and_then(|r| r.reservations.as_ref());
        if let (Some(cpus), Some(limit)) = (&service.cpus, limits.and_then(|l| l.cpus.as_ref())) {
            if (cpus.value.value - limit.value.value).abs() > 1e-9 {
                self.conflict(
                    cpus.span,
                    limit.span,
                    "`cpus` and `deploy.resources.limits.cpus` differ",
                    "remove `cpus` and keep `deploy.resources.limits.cpus`",
                );
            }
        }
        if let (Some(mem), Some(limit)) =
            (&service.mem_limit, limits.and_then(|l| l.memory.as_ref()))
        {
            if mem.value.bytes != limit.value.bytes {
                self.conflict(
                    mem.span,
                    limit.span,
                    "`mem_limit` and `deploy.resources.limits.memory` differ",
                    "remove `mem_limit` and keep `deploy.resources.limits.memory`",
                );
            }
        }
        if let (Some(mem), Some(reserved)) = (
            &service.mem_reservation,
            reservations.and_then(|r| r.memory.as_ref()),
        ) {
            if mem.value.bytes != reserved.value.bytes {
                self.conflict(
                    mem.span,
                    reserved.span,
                    "`mem_reservation` and `deploy.resources.reservations.memory` differ",
                    "remove `mem_reservation` and keep `deploy.resources.reservations.memory`",
                );
            }
        }
        if let (Some(pids), Some(limit)) =
            (&service.pids_limit, limits.and_then(|l| l.pids.as_ref()))
        {
            if pids.value != limit.value {
                self.conflict(
                    pids.span,
                    limit.span,
                    "`pids_limit` and `deploy.resources.limits.pids` differ",
                    "remove `pids_limit` and keep `deploy.resources.limits.pids`",
                );
            }
        }
    }

    /// A fixed container name cannot be given to more than one container.
    fn check_container_name(&mut self, service: &Service) {
        let (Some(container_name), Some(replicas)) = (&service.container_name, service.replicas())
        else {
            return;
        };
        if replicas.value > 1 {
            self.report(
                &rules::CONFLICTING_KEYS,
                container_name.span,
                format!(
                    "`container_name` names one container but service `{}` runs {}",
                    service.name.value, replicas.value
                ),
            )
            .also(replicas.span, "the number of replicas is set here")
            .help("remove `container_name`");
        }
    }

    /// Two mounts (volumes or tmpfs) on the same container path.
    fn check_mount_targets(&mut self, service: &Service) {
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let tmpfs = service.tmpfs.iter().map(|t| {
            let path = t.value.split_once(':').map_or(t.value.as_str(), |(p, _)| p);
            (path, t.span)
        });
        let volumes = service
            .volumes
            .iter()
            .map(|m| (m.target.value.as_str(), m.target.span));
        for (target, span) in tmpfs.chain(volumes) {
            let target = target.trim_end_matches('/');
            let target = if target.is_empty() { "/" } else { target };
            if let Some(&(_, first)) = seen.iter().find(|(t, _)| *t == target) {
                self.report(
                    &rules::DUPLICATE_ENTRY,
                    span,
                    format!("`{target}` is mounted twice"),
                )
                .also(first, "first mounted here")
                .help("mount each container path once");
                continue;
            }
            seen.push((target, span));
        }
    }
}
