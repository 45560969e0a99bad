//! Variables for interpolation, and where each was set.

mod environment;

pub use environment::{EnvValue, Environment};
