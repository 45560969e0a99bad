//! Language models (`models`), a recent compose addition that swarm has no equivalent
//! for; kept typed so translation can name them in its diagnostics.

use super::{Keys, Text};
use crate::spanned::Spanned;

/// A top-level model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub key: Spanned<Text>,
    pub keys: Keys,
    pub name: Option<Spanned<Text>>,
    pub model: Spanned<Text>,
    pub context_size: Option<Spanned<u64>>,
    pub runtime_flags: Vec<Spanned<Text>>,
}

/// A service's use of a model.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceModel {
    pub key: Spanned<Text>,
    pub keys: Keys,
    pub endpoint_var: Option<Spanned<Text>>,
    pub model_var: Option<Spanned<Text>>,
}
