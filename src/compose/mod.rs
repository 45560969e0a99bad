//! The resolved compose model and the stage that builds it.
//!
//! [`lower`] reads the one merged, interpolated tree that `load` produces, checks it
//! against the compose specification (reporting every problem, not the first) and turns
//! it into a [`Project`]: typed, short syntax expanded to long syntax, relative host
//! paths resolved, and every value wrapped in [`Spanned`](crate::spanned::Spanned) so
//! that translation can point at the exact text a decision is about.

pub(crate) mod lower;
pub mod model;

pub use lower::lower;
pub use model::*;
