//! The root of the model: one compose project after loading, checked and typed.

use std::path::Path;

use super::{Config, Keys, Model, NameMap, Network, Secret, Service, Text, Volume};
use crate::spanned::Spanned;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    /// The top-level keys written (not `x-` keys), with their spans.
    pub keys: Keys,
    /// `version` as written (quoted or not); compose ignores it.
    pub version: Option<Spanned<Text>>,
    pub name: Option<Spanned<Text>>,
    /// The name given with `-p` or `COMPOSE_PROJECT_NAME`, which wins over `name`.
    pub imposed_name: Option<Text>,
    /// By name, in written order.
    pub services: NameMap<Service>,
    pub networks: NameMap<Network>,
    pub volumes: NameMap<Volume>,
    pub secrets: NameMap<Secret>,
    pub configs: NameMap<Config>,
    pub models: NameMap<Model>,
}

impl Project {
    /// The stack name compose would give the project: `-p` or `COMPOSE_PROJECT_NAME`, else
    /// its `name`, or else the project directory's name, lowercased and stripped to the
    /// characters compose allows.
    pub fn stack_name(&self, project_dir: &Path) -> String {
        let written = match (&self.imposed_name, &self.name) {
            (Some(name), _) => name.to_string(),
            (None, Some(name)) => name.value.to_string(),
            (None, None) => project_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let name: String = written
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
            .collect();
        let name = name.trim_start_matches(['_', '-']);
        if name.is_empty() {
            "stack".to_owned()
        } else {
            name.to_owned()
        }
    }
}
