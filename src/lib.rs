//! swarmc compiles docker-compose projects into Docker Swarm stacks.
//!
//! The pipeline, with the intermediate representation each stage hands on:
//!
//! ```text
//! files ──load──▶ yaml::Node ──interpolate, include, extends, merge, profiles──▶ yaml::Node
//!       ──lower──▶ compose::Project ──translate (+ site)──▶ swarm::Stack ──emit──▶ YAML text
//! ```
//!
//! ARCHITECTURE.md describes each stage, where it lives and the invariants it keeps.

pub mod changes;
pub mod check;
pub mod cli;
pub mod compile;
pub mod compose;
pub mod diagnostic;
pub mod diff;
pub mod docker_api;
mod docker_cli;
pub mod emit;
pub mod env;
pub mod fs;
pub mod image_reference;
pub mod lint;
pub mod load;
mod output;
pub mod plan;
pub mod policy;
pub mod protocol;
pub mod read;
pub mod report;
pub mod rules;
mod run;
pub mod schedule;
pub mod secret_forms;
pub mod site;
pub mod source;
pub mod spanned;
pub mod state;
pub mod suggest;
pub mod swarm;
pub mod translate;
pub mod yaml;

pub use run::run;
