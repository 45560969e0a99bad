//! Variables for interpolation, and where each was set: the [`Environment`] a project
//! is interpolated with and compose's `${...}` grammar.

mod environment;
mod interpolate;
mod template;

pub use environment::{EnvValue, Environment};
pub use interpolate::interpolate;
