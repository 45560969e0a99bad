//! The first intermediate representation: raw YAML with spans ([`Node`]).
//!
//! saphyr-parser supplies the events; everything compose needs from YAML (anchors,
//! merge keys, `!reset`/`!override`, duplicate-key errors, limits) is settled here, so
//! later stages see plain trees of maps, lists and scalars that know where they came from.

mod node;
mod parse;

pub use node::{Entry, Key, Map, Node, NodeKind, Scalar, ScalarValue, Style, Tag};
pub use parse::{MAX_DEPTH, parse};

#[cfg(test)]
mod tests;
