//! The command line as clap parses it: raw flags, no I/O and no interpretation beyond
//! what clap does. `run` turns these into options for the pipeline.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "swarmc",
    version,
    about = "Compile docker-compose projects into Docker Swarm stacks that deploy the first time",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile compose files into a stack for `docker stack deploy`
    Compile(CompileArgs),
    /// Print the JSON Schema of a file format swarmc reads or writes
    Schema(SchemaArgs),
}

/// Which compose project to read, as `docker compose` takes it.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// Compose file to read; repeat to merge overrides (`-` reads standard input).
    /// Without it, `compose.yaml` (or `compose.yml`, `docker-compose.yaml`,
    /// `docker-compose.yml`) and its `.override` file are read from the working directory
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Read variables from this file instead of the project's `.env` (repeatable)
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,

    /// Enable services of this compose profile (repeatable; `*` enables all)
    #[arg(
        long = "profile",
        value_name = "NAME",
        env = "COMPOSE_PROFILES",
        value_delimiter = ','
    )]
    pub profiles: Vec<String>,

    /// The project directory (default: the directory of the first compose file)
    #[arg(long, value_name = "DIR")]
    pub project_directory: Option<PathBuf>,
}

/// How diagnostics are printed.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Format of the diagnostics on standard error
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "FORMAT")]
    pub output_format: OutputFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A graphical report with source excerpts
    Human,
    /// A JSON array of diagnostics
    Json,
}

#[derive(Debug, Args)]
pub struct CompileArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Write the stack to FILE instead of standard output; the file is replaced
    /// atomically and left untouched when compilation fails
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema to print
    #[arg(value_enum)]
    pub name: SchemaName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The stack files swarmc writes (`schemas/stack.schema.json`)
    Stack,
}
