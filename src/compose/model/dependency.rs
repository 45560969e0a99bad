//! Keys that name other services or containers: `depends_on`, `links`, `volumes_from`,
//! and `extends` (which `load` normally resolves before lowering).

use super::{Keys, Syntax, Text};
use crate::spanned::Spanned;

keyword_enum! {
    pub enum DependencyCondition {
        ServiceStarted = "service_started",
        ServiceHealthy = "service_healthy",
        ServiceCompletedSuccessfully = "service_completed_successfully",
    }
}

/// One `depends_on` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// The service depended on.
    pub service: Spanned<Text>,
    pub syntax: Syntax,
    pub keys: Keys,
    /// `None` means `service_started`.
    pub condition: Option<Spanned<DependencyCondition>>,
    /// `None` means required.
    pub required: Option<Spanned<bool>>,
    pub restart: Option<Spanned<bool>>,
}

impl Dependency {
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_none_or(|r| r.value)
    }
}

/// `links: ["db", "db:database"]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub service: Spanned<Text>,
    pub alias: Option<Spanned<Text>>,
}

/// `volumes_from: ["service", "container:name:ro"]`.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumesFrom {
    /// A service of this project, unless `container` is set.
    pub source: Spanned<Text>,
    /// Written as `container:<name>`.
    pub container: bool,
    /// `ro` or `rw`, when written.
    pub read_only: Option<Spanned<bool>>,
}

/// `extends: web` or `extends: {service: web, file: base.yml}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Extends {
    pub service: Spanned<Text>,
    pub file: Option<Spanned<Text>>,
}
