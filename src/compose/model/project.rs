//! The root of the model: one compose project after loading, checked and typed.

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
