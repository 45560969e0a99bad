//! What the site decides for a compose service over what the compose file writes: how
//! swarm schedules it and how many replicas it runs. Translation's resolved placement
//! and the lint rules both ask here, so that they cannot disagree.

use crate::compose::{DeployMode, Service};

use super::{ServiceMode, Site};

/// How swarm schedules `service`: the site's `mode` when it sets one, else
/// `deploy.mode`, else replicated.
pub fn effective_mode(site: Option<&Site>, service: &Service) -> DeployMode {
    let from_site = site
        .and_then(|s| s.services.get(service.name.value.as_str()))
        .and_then(|s| s.mode);
    if let Some(mode) = from_site {
        return match mode {
            ServiceMode::Replicated => DeployMode::Replicated,
            ServiceMode::Global => DeployMode::Global,
            ServiceMode::ReplicatedJob => DeployMode::ReplicatedJob,
            ServiceMode::GlobalJob => DeployMode::GlobalJob,
        };
    }
    service
        .deploy
        .as_ref()
        .and_then(|d| d.mode.as_ref())
        .map_or(DeployMode::Replicated, |m| m.value)
}

/// Whether `service` runs one task on every eligible node (global services and jobs).
pub fn runs_global(site: Option<&Site>, service: &Service) -> bool {
    matches!(
        effective_mode(site, service),
        DeployMode::Global | DeployMode::GlobalJob
    )
}

/// The replicas of a replicated `service`: the site's `replicas`, else the compose
/// file's (`deploy.replicas` or `scale`), else one.
pub fn effective_replicas(site: Option<&Site>, service: &Service) -> u64 {
    site.and_then(|s| s.services.get(service.name.value.as_str()))
        .and_then(|s| s.replicas)
        .map(u64::from)
        .or_else(|| service.replicas().map(|r| r.value))
        .unwrap_or(1)
}
