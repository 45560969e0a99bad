//! `logging`: the log driver and its options.

use super::{Keys, Mapping};
use crate::spanned::Spanned;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logging {
    pub keys: Keys,
    pub driver: Option<Spanned<String>>,
    pub options: Mapping,
}
