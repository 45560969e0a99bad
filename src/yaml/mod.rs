//! The first intermediate representation: raw YAML with spans ([`Node`]).
//!
//! Our own scanner (`fast`) supplies the events for the shapes compose files are written
//! in, and saphyr-parser, the reference, for everything else; everything compose needs
//! from YAML (anchors, merge keys, `!reset`/`!override`, duplicate-key errors, limits)
//! is settled here, so later stages see plain trees of maps, lists and scalars that know
//! where they came from.

mod differential;
mod fast;
mod node;
mod parse;

pub use differential::differential;
pub use node::{Entry, Key, Map, Node, NodeKind, Scalar, ScalarValue, Style, Tag};
pub use parse::{MAX_DEPTH, parse, parse_fast, parse_reference};

#[cfg(test)]
mod tests;
