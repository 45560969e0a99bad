//! Language models (`models`), a recent compose addition that swarm has no equivalent
//! for; kept typed so translation can name them in its diagnostics.

use super::Keys;
use crate::spanned::Spanned;

/// A top-level model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub key: Spanned<String>,
    pub keys: Keys,
    pub name: Option<Spanned<String>>,
    pub model: Spanned<String>,
    pub context_size: Option<Spanned<u64>>,
    pub runtime_flags: Vec<Spanned<String>>,
}

/// A service's use of a model.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceModel {
    pub key: Spanned<String>,
    pub keys: Keys,
    pub endpoint_var: Option<Spanned<String>>,
    pub model_var: Option<Spanned<String>>,
}
