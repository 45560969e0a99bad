//! `logging`: the log driver and its options.

use super::{Keys, Mapping, Text};
use crate::spanned::Spanned;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logging {
    pub keys: Keys,
    pub driver: Option<Spanned<Text>>,
    pub options: Mapping,
}
