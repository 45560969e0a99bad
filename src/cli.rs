//! The command line as clap parses it: raw flags, no I/O and no interpretation beyond
//! what clap does. `run` turns these into options for the pipeline.
//!
//! Flags about reporting live in [`ReportArgs`], which every subcommand that reports
//! diagnostics flattens in, so that all of them take the same formats and policy flags.

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
    Compile(Box<CompileArgs>),
    /// Write every step of the deploy that surrounds `docker stack deploy`, for this
    /// stack on this site
    Plan(Box<PlanArgs>),
    /// Check a compose project for what is unsafe or fragile on a swarm, without
    /// compiling it
    Lint(Box<LintArgs>),
    /// Predict what swarm will do with the stack on the site, before deploying it:
    /// where each task runs, which stay pending and why, and what else would fail
    Check(Box<CheckArgs>),
    /// Show what `docker stack deploy` will change in the running stack, before it
    /// changes it: services created, updated (which fields, which restart tasks),
    /// removed; networks, secrets and configs created; and what docker will refuse
    Diff(Box<DiffArgs>),
    /// Work with site profiles, which describe the cluster a project is deployed to
    #[command(subcommand)]
    Site(SiteCommand),
    /// Show the documentation of a rule, or list the rules (all of them, or those whose
    /// code starts with a prefix such as `SW30`)
    Rule(RuleArgs),
    /// Print a completion script for a shell
    Completions(CompletionsArgs),
    /// Print the manual page, in roff, or write every page (one per subcommand) to a
    /// directory
    Man(ManArgs),
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

    /// Enable services of this compose profile (repeatable; `*` enables all). Without
    /// it, `COMPOSE_PROFILES` from the environment or the env files
    #[arg(long = "profile", value_name = "NAME", value_delimiter = ',')]
    pub profiles: Vec<String>,

    /// The project directory (default: the directory of the first compose file)
    #[arg(long, value_name = "DIR")]
    pub project_directory: Option<PathBuf>,

    /// The project name, which names the stack and prefixes its networks and built
    /// images. Without it, `COMPOSE_PROJECT_NAME` from the environment or the env
    /// files, else the files' `name`, else the project directory's name
    #[arg(short = 'p', long, value_name = "NAME")]
    pub project_name: Option<String>,

    /// Read nothing from the environment swarmc runs in for the project: interpolation
    /// and entries without a value see only `.env`, `--env-file` and the site, so that
    /// the stack is the same on every machine
    #[arg(long)]
    pub no_process_env: bool,

    /// Site profile describing the cluster to deploy to. Without it, this machine as a
    /// single-node swarm with docker's defaults (`swarmc site default` prints that profile)
    #[arg(long, value_name = "FILE")]
    pub site: Option<PathBuf>,
}

/// How diagnostics are reported and which of them fail the run. Rules are named by
/// code (`SW102`), name (`duplicate-key`) or code prefix (`SW1`); these flags win over
/// `swarmc.toml`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Reporting")]
pub struct ReportArgs {
    /// Format of the diagnostics
    #[arg(
        long,
        value_enum,
        default_value_t = OutputFormat::Human,
        value_name = "FORMAT",
        env = "SWARMC_OUTPUT_FORMAT"
    )]
    pub output_format: OutputFormat,

    /// Write the report to FILE instead of standard output (`lint`, `site check`, and
    /// `check` in machine formats) or standard error (the others); the file is replaced
    /// atomically
    #[arg(long, value_name = "FILE")]
    pub report_file: Option<PathBuf>,

    /// Read the policy from FILE instead of `swarmc.toml` in the working directory
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Report only these rules, replacing `select` from the configuration
    /// (comma-separated, repeatable)
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Report these rules as well (comma-separated, repeatable)
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_select: Vec<String>,

    /// Do not report these rules (comma-separated, repeatable)
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Fail (exit status 1) on warnings as well as errors
    #[arg(long)]
    pub strict: bool,

    /// Fail (exit status 1) when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Exit with status 0 even when findings would fail the run; usage, configuration
    /// and I/O errors still exit with status 2
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A graphical report with source excerpts
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE] message`
    Concise,
    /// A JSON array of diagnostics
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions annotations, and a summary in `GITHUB_STEP_SUMMARY`
    Github,
    /// A GitLab Code Quality report
    Gitlab,
    /// JUnit XML, for CI test reports
    Junit,
}

#[derive(Debug, Args)]
pub struct CompileArgs {
    /// Compose files to read, as with `-f`: `swarmc compile compose.yaml override.yaml`
    /// merges them into one project
    #[arg(value_name = "FILES", conflicts_with = "files")]
    pub positional: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// Write the stack to FILE instead of standard output; the file is replaced
    /// atomically and left untouched when compilation fails
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write nothing: compare the stack with the file named by `-o`, and exit with
    /// status 1 and a unified diff on standard output when they differ
    #[arg(long, requires = "output")]
    pub check: bool,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Compose files to lint each on its own, as separate projects (how a pre-commit
    /// hook passes the files it checks). Without them, the project named by `-f`, or
    /// found in the working directory, is linted as `compile` reads it
    #[arg(value_name = "FILES", conflicts_with = "files")]
    pub each: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Compose files to read, as with `-f`: `swarmc check compose.yaml override.yaml`
    /// merges them into one project
    #[arg(value_name = "FILES", conflicts_with_all = ["files", "stack"])]
    pub positional: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// Check this stack file (written by hand or by an earlier `swarmc compile`)
    /// instead of a compose project; it is read as `docker stack deploy` reads it,
    /// without `.env`
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["files", "env_files", "profiles", "project_directory"]
    )]
    pub stack: Option<PathBuf>,

    /// Write the predicted placement as JSON (`schemas/prediction.schema.json`) to
    /// FILE, or to standard output with `-`, which then carries nothing else;
    /// diagnostics stay on standard error
    #[arg(long, value_name = "FILE")]
    pub prediction: Option<PathBuf>,

    /// Check against what the swarm already runs, saved in FILE or in the files of DIR:
    /// the JSON of `docker service inspect`, of `docker stack ps` or `docker node ps`
    /// with `--format '{{json .}}'`, and of `docker network inspect`, in any order
    #[arg(long, value_name = "FILE|DIR", conflicts_with = "docker")]
    pub state: Option<PathBuf>,

    /// Check against what the swarm already runs, asking the docker CLI (its current
    /// context, or the flags below)
    #[arg(long)]
    pub docker: bool,

    /// The stack the project is deployed as, whose running tasks a deploy replaces and
    /// so are left out of `--state` and `--docker` (default: the project name)
    #[arg(long, value_name = "NAME")]
    pub stack_name: Option<String>,

    #[command(flatten)]
    pub docker_flags: DockerFlags,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Compose files to read, as with `-f`: `swarmc diff compose.yaml override.yaml`
    /// merges them into one project
    #[arg(value_name = "FILES", conflicts_with = "files")]
    pub positional: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// Compare with what the swarm runs, saved in FILE or in the files of DIR, in any
    /// order: the JSON of `docker service inspect`, `docker network inspect`, `docker
    /// secret ls --format '{{json .}}'`, `docker config inspect` (or `config ls`) and,
    /// for task counts, `docker node ps --format '{{json .}}'`
    #[arg(
        long,
        value_name = "FILE|DIR",
        required_unless_present = "docker",
        conflicts_with = "docker"
    )]
    pub state: Option<PathBuf>,

    /// Compare with what the swarm runs, asking the docker CLI (its current context,
    /// or the flags below)
    #[arg(long)]
    pub docker: bool,

    /// The stack the project is deployed as (default: the project name)
    #[arg(long, value_name = "NAME")]
    pub stack_name: Option<String>,

    /// The deploy runs with `docker stack deploy --prune`: services of the stack that
    /// the project no longer has are removed rather than left running
    #[arg(long)]
    pub prune: bool,

    /// Write the change set as JSON (`schemas/changes.schema.json`) to FILE, or to
    /// standard output with `-`, which then carries nothing else; diagnostics stay on
    /// standard error
    #[arg(long, value_name = "FILE")]
    pub changes: Option<PathBuf>,

    /// Exit with status 1 when the deploy would change anything, not only when docker
    /// would refuse it
    #[arg(long)]
    pub fail_on_change: bool,

    #[command(flatten)]
    pub docker_flags: DockerFlags,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `swarmc.1` and a page for each subcommand (`swarmc-compile.1`, ...) into
    /// DIR instead of printing `swarmc.1`
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Print the site assumed without `--site` (this machine as a single-node swarm), as
    /// a profile to save and edit
    Default(SiteDefaultArgs),
    /// Check a site profile and report every problem in it
    Check(SiteCheckArgs),
    /// Measure a site profile from a running swarm, from the JSON the docker CLI prints
    /// (`--nodes` and the others), or by running the docker CLI (`--docker`)
    Import(Box<SiteImportArgs>),
}

#[derive(Debug, Args)]
pub struct SiteImportArgs {
    /// The output of `docker node inspect $(docker node ls -q)` (`-` reads standard
    /// input)
    #[arg(long, value_name = "FILE", required_unless_present = "docker")]
    pub nodes: Option<PathBuf>,

    /// The output of `docker info --format '{{json .}}'` on a manager
    #[arg(long, value_name = "FILE")]
    pub info: Option<PathBuf>,

    /// The output of `docker network inspect $(docker network ls -q --filter
    /// scope=swarm)`
    #[arg(long, value_name = "FILE")]
    pub networks: Option<PathBuf>,

    /// The output of `docker secret ls --format '{{json .}}'` (or `docker secret inspect`)
    #[arg(long, value_name = "FILE")]
    pub secrets: Option<PathBuf>,

    /// The output of `docker config ls --format '{{json .}}'` (or `docker config inspect`)
    #[arg(long, value_name = "FILE")]
    pub configs: Option<PathBuf>,

    /// Run the docker CLI to read all of them from the swarm it talks to (as
    /// `DOCKER_HOST`, `DOCKER_CONTEXT` and the flags below choose); `SWARMC_DOCKER`
    /// names another docker binary
    #[arg(long, conflicts_with_all = ["nodes", "info", "networks", "secrets", "configs"])]
    pub docker: bool,

    /// Refresh this profile: replace what the import measures (nodes, the address pool,
    /// the swarm's networks), keep everything else, and report what changed. The file
    /// is rewritten unless `-o` names another
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,

    /// Write the profile to FILE instead of standard output; the file is replaced
    /// atomically
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub docker_flags: DockerFlags,

    #[command(flatten)]
    pub report: ReportArgs,
}

/// The docker CLI's global flags, passed on as given to every command `--docker` runs.
#[derive(Debug, Args)]
#[command(next_help_heading = "Docker CLI")]
pub struct DockerFlags {
    /// The docker context to use (`docker --context`)
    #[arg(long, value_name = "NAME", requires = "docker")]
    pub context: Option<String>,

    /// The daemon socket to connect to (`docker --host`)
    #[arg(short = 'H', long, value_name = "HOST", requires = "docker")]
    pub host: Option<String>,

    /// Use TLS (`docker --tls`)
    #[arg(long, requires = "docker")]
    pub tls: bool,

    /// Use TLS and verify the remote (`docker --tlsverify`)
    #[arg(long, requires = "docker")]
    pub tlsverify: bool,

    /// Trust certs signed only by this CA (`docker --tlscacert`)
    #[arg(long, value_name = "FILE", requires = "docker")]
    pub tlscacert: Option<PathBuf>,

    /// The TLS certificate file (`docker --tlscert`)
    #[arg(long, value_name = "FILE", requires = "docker")]
    pub tlscert: Option<PathBuf>,

    /// The TLS key file (`docker --tlskey`)
    #[arg(long, value_name = "FILE", requires = "docker")]
    pub tlskey: Option<PathBuf>,
}

impl DockerFlags {
    /// The flags as the docker CLI takes them, before the command.
    pub fn to_args(&self) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = Vec::new();
        let mut value = |flag: &str, v: Option<&std::ffi::OsStr>| {
            if let Some(v) = v {
                args.push(flag.into());
                args.push(v.to_owned());
            }
        };
        value(
            "--context",
            self.context.as_deref().map(std::ffi::OsStr::new),
        );
        value("--host", self.host.as_deref().map(std::ffi::OsStr::new));
        value(
            "--tlscacert",
            self.tlscacert.as_deref().map(|p| p.as_os_str()),
        );
        value("--tlscert", self.tlscert.as_deref().map(|p| p.as_os_str()));
        value("--tlskey", self.tlskey.as_deref().map(|p| p.as_os_str()));
        if self.tls {
            args.push("--tls".into());
        }
        if self.tlsverify {
            args.push("--tlsverify".into());
        }
        args
    }
}

#[derive(Debug, Args)]
pub struct SiteDefaultArgs {
    /// Write the profile to FILE, and its JSON Schema, which the profile's first line
    /// names for editors, to `site.schema.json` beside it (`-` prints the profile)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SiteCheckArgs {
    /// The site profile to check
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Also check the profile against this project's compose files: every entry under
    /// `services` names one of its services
    #[arg(short = 'f', long = "file", value_name = "COMPOSE_FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`SW102`) or name (`duplicate-key`) to explain, or a code prefix
    /// (`SW30`) to list. Without it, every rule is listed
    #[arg(value_name = "RULE", conflicts_with = "all")]
    pub rule: Option<String>,

    /// List every rule: code, name, default severity and summary (what `swarmc rule`
    /// does without a rule)
    #[arg(long)]
    pub all: bool,

    /// Format of the documentation
    #[arg(long, value_enum, default_value_t = DocsFormat::Text, value_name = "FORMAT")]
    pub output_format: DocsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocsFormat {
    /// Markdown for a terminal
    Text,
    /// JSON
    Json,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
    /// Site profiles (`--site`; `schemas/site.schema.json`)
    Site,
    /// The policy file, `swarmc.toml` (`schemas/config.schema.json`)
    Config,
    /// What `check --prediction` writes (`schemas/prediction.schema.json`)
    Prediction,
    /// What `diff --changes` writes (`schemas/changes.schema.json`)
    Changes,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Compose files to read, as with `-f`: `swarmc plan compose.yaml override.yaml`
    /// merges them into one project
    #[arg(value_name = "FILES", conflicts_with = "files")]
    pub positional: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// How to write the plan
    #[arg(long, value_enum, default_value_t = PlanFormat::Markdown, value_name = "FORMAT")]
    pub format: PlanFormat,

    /// Write the plan to FILE instead of standard output; the file is replaced
    /// atomically and left untouched when compilation fails. The plan expects the stack
    /// file next to it
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A document for people
    Markdown,
    /// A bash script that runs each step on the machine it belongs to
    Shell,
}
