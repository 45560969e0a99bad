//! Variables for interpolation, and where each was set: the [`Environment`] a project
//! is interpolated with, the env files it is built from, and compose's `${...}` grammar.

mod dotenv;
mod environment;
mod interpolate;
mod project;
mod raw;
mod template;
mod unset_grouped;

pub use environment::{EnvValue, Environment};
pub use interpolate::interpolate;
pub use project::{
    add_project_dotenv, project_environment, read_env_file, read_raw_env_file, site_layer,
};
pub use unset_grouped::{env_file_candidates, group_unset_variables, hint_env_files};
