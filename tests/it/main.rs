//! swarmc's integration tests: one binary, one module per feature. Tests run the real
//! `swarmc` binary on fixtures under `tests/fixtures/` and snapshot what a user sees
//! (stacks and rendered diagnostics) into the top-level `snapshots/` directory.
//! Review snapshot changes with `cargo insta review`.

mod support;

// Files swarmc writes, never over its inputs.
mod output;

// The command line contract: exit statuses, output files, formats.
mod cli;

// Every fixture project compiled: snapshots, fixpoint, docker's loader.
mod compile;

// Real compose files and stacks from ../shared/corpus: compiled or refused with a location.
mod corpus;

// Docker's own tools, for the tests that check swarmc's output against them.
mod docker;

// Ports, networks and subnets as docker deploy sends them to the engine.
mod networks;

// Emitted stacks as docker loads and deploys them.
mod stack;

// The Engine API requests swarmc models, equal to the ones docker deploy sends.
mod requests;

// Compose settings swarmc translates, as docker deploys them.
mod deployed;

// Mounts, volumes, secrets and configs on a site; secret values kept out.
mod store;

// Output formats: concise, SARIF, GitHub, GitLab, JUnit.
mod report;

// Policy: configuration, selection, suppressions, exit statuses.
mod policy;

// `swarmc compile --check`: a committed stack against the compiled one.
mod compile_check;

// `swarmc check`: pre-deploy checks on their fixtures, the placement summary, stack files.
mod check;

// `check` against what a swarm already runs (`--state`, `--docker`).
mod check_state;

// `swarmc diff --state`: what a deploy changes in a running stack.
mod diff_cmd;

// `swarmc lint`: the lint rules on their fixtures, exit statuses, several files.
mod lint;

// The pre-commit hooks and the CI examples, against the real command line.
mod ci;

// Rule documentation, shell completions and the manual page.
mod rules;

// Site profiles: checking them, the default site, `--site`.
mod site;

// `site import`: profiles measured from the docker CLI's JSON, and refreshed.
mod site_import;

// Hostile and broken input: limits, encodings, unreadable files, never a panic.
mod hostile;

// Properties over generated projects: determinism, fixpoint, secrets never shown.
mod properties;

// Deploy plans: example sites in both formats, shellcheck, secrets kept out.
mod plan;

// What swarmc reads from the environment it runs in, and `--no-process-env`.
mod process_env;

// Generated short syntax and interpolation never end in an internal error.
mod short_syntax_properties;
