//! The last stage: a [`Stack`] becomes the text of a stack file.
//!
//! The stack is serialized into a compact JSON [`tree::Tree`] and written as YAML by a
//! small emitter of our own
//! rather than a general-purpose serializer, because the output must be byte-for-byte
//! deterministic, must read back with the same types under both YAML 1.1 (docker's
//! parser) and YAML 1.2, and must escape every literal `$` as `$$` so that docker's
//! interpolation at deploy time leaves values as swarmc wrote them.
//!
//! Services are serialized and written one at a time, each into the same reused tree,
//! and the services of large stacks are shared out over threads.
//!
//! The stack is written from typed models whose invariants hold by construction, so a
//! release run does not check it against `schemas/stack.schema.json`: compiling that
//! schema cost three quarters of the instructions of a 20-service compile. The tests
//! check every stack they produce, and so does every run of a debug build or of any build
//! with `SWARMC_VALIDATE_OUTPUT=1` in the environment ([`validates_output`]), where a
//! violation is an `SW901`.

mod scalar;
mod schema_view;
mod tree;
mod validate;
mod writer;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::swarm::{Service, Stack, StackFile, Version};
use tree::{Tree, View};
use validate::{Checker, violation};

/// `text` as the stack writes it in a double-quoted scalar, quotes included; `$`
/// doubled when `dollars` is set. Secret masking looks for values in this form too.
pub fn write_double_quoted_text(out: &mut String, text: &str, dollars: bool) {
    scalar::write_double_quoted(out, text, dollars);
}

/// Why a stack could not be emitted at all: the message of an `SW901`.
type Failure = String;

/// Stacks with fewer services are written on the calling thread alone.
const PARALLEL_FROM: usize = 512;
/// At most this many threads write services.
const MAX_THREADS: usize = 8;

/// The environment variable that turns on the check of the output in a release build.
pub const VALIDATE_OUTPUT_VAR: &str = "SWARMC_VALIDATE_OUTPUT";

/// Whether [`emit`] checks the stack against its schema: always in a debug build, and in
/// any build when [`VALIDATE_OUTPUT_VAR`] is `1`.
pub fn validates_output() -> bool {
    cfg!(debug_assertions) || std::env::var_os(VALIDATE_OUTPUT_VAR).is_some_and(|v| v == "1")
}

/// The stack file for `stack`, checked against its schema when [`validates_output`];
/// `None` when it breaks the schema (a bug in swarmc, reported as `SW901`).
pub fn emit(stack: &Stack, diagnostics: &mut Diagnostics) -> Option<String> {
    emit_with(stack, validates_output(), diagnostics)
}

/// The stack file for `stack`, always checked against its schema: `None` when it breaks
/// it (reported as `SW901`).
pub fn emit_validated(stack: &Stack, diagnostics: &mut Diagnostics) -> Option<String> {
    emit_with(stack, true, diagnostics)
}

fn emit_with(stack: &Stack, validate: bool, diagnostics: &mut Diagnostics) -> Option<String> {
    let checker = if validate {
        Checker::new()
    } else {
        Ok(Checker::off())
    };
    let mut checker = match checker {
        Ok(checker) => checker,
        Err(message) => {
            diagnostics.push(violation(message));
            return None;
        }
    };
    // Everything but the services, which follow one by one.
    let outline = Stack {
        services: BTreeMap::new(),
        networks: stack.networks.clone(),
        volumes: stack.volumes.clone(),
        secrets: stack.secrets.clone(),
        configs: stack.configs.clone(),
    };
    let file = StackFile {
        version: Version::required_by(stack),
        stack: &outline,
    };
    let mut document = Tree::default();
    if let Err(message) = fill(&mut document, &file) {
        diagnostics.push(violation(message));
        return None;
    }
    checker.outline(document.root());
    let View::Object(entries) = document.root().view() else {
        diagnostics.push(violation(
            "the stack is not serialized as a mapping".to_owned(),
        ));
        return None;
    };
    let mut out = String::with_capacity(4096 + stack.services.len() * 1024);
    for (key, value) in entries.iter() {
        if key != "services" || stack.services.is_empty() {
            writer::write_entry(&mut out, key, value, 0);
            continue;
        }
        out.push_str("services:\n");
        let services: Vec<(&String, &Service)> = stack.services.iter().collect();
        if let Err(message) = write_services(&services, &mut checker, &mut out) {
            diagnostics.push(violation(message));
            return None;
        }
    }
    checker.finish(diagnostics).then_some(out)
}

/// Checks and writes services in order, in parallel for large stacks: each thread
/// takes a contiguous run of services and the runs are joined in order, so the text
/// and the diagnostics are the same as on one thread.
fn write_services(
    services: &[(&String, &Service)],
    checker: &mut Checker,
    out: &mut String,
) -> Result<(), Failure> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(MAX_THREADS);
    if services.len() < PARALLEL_FROM || threads < 2 {
        return write_run(services, checker, out);
    }
    let run_length = services.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut runs = Vec::new();
        for run in services.chunks(run_length) {
            let validates = checker.is_on();
            let work = move || -> Result<(Checker, String), Failure> {
                let mut checker = if validates {
                    Checker::new()?
                } else {
                    Checker::off()
                };
                let mut out = String::with_capacity(run.len() * 1024);
                write_run(run, &mut checker, &mut out)?;
                Ok((checker, out))
            };
            // A thread that cannot be started leaves its run to this one.
            let handle = std::thread::Builder::new().spawn_scoped(scope, work);
            runs.push((run, handle.ok()));
        }
        for (run, handle) in runs {
            match handle.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(Ok((run_checker, text)))) => {
                    checker.absorb(run_checker);
                    out.push_str(&text);
                }
                Some(Ok(Err(message))) => return Err(message),
                Some(Err(_)) => {
                    return Err("a thread writing services stopped unexpectedly".to_owned());
                }
                None => write_run(run, checker, out)?,
            }
        }
        Ok(())
    })
}

fn write_run(
    services: &[(&String, &Service)],
    checker: &mut Checker,
    out: &mut String,
) -> Result<(), Failure> {
    let mut tree = Tree::default();
    for (name, service) in services {
        fill(&mut tree, service)?;
        checker.service(name, tree.root());
        writer::write_entry(out, name, tree.root(), 2);
    }
    Ok(())
}

fn fill(tree: &mut Tree, value: &impl Serialize) -> Result<(), Failure> {
    tree.fill(value)
        .map_err(|error| format!("the stack cannot be serialized: {error}"))
}

#[cfg(test)]
mod tests;
