//! Checks a serialized stack against `schemas/stack.schema.json`, the contract of
//! what swarmc writes. The schema is compiled once per process.
//!
//! A stack is checked in parts, one small tree at a time: the document with an empty
//! `services` map against the root schema, then each service name against the root's
//! `propertyNames` for services and each service against `#/$defs/Service`. Together
//! these are exactly the root schema's checks, because its `services` schema consists
//! of nothing else (a test keeps it that way).

use std::sync::OnceLock;

use jsonschema::{ValidationError, Validator, ValidatorMap};
use serde_json::Value;

use super::schema_view::TreeJson;
use super::tree::{Item, Tree};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;

/// The schema every emitted stack must satisfy, as committed.
pub(super) const SCHEMA: &str = include_str!("../../schemas/stack.schema.json");

/// Where the parts of the schema that checks a stack in parts are.
const ROOT: &str = "#";
pub(super) const SERVICE_NAME: &str = "#/properties/services/propertyNames";
pub(super) const SERVICE: &str = "#/$defs/Service";

/// Violations reported one by one; the rest are counted in one more diagnostic.
const MAX_REPORTED: usize = 10;

const HELP: &str = "this is a bug in swarmc: report it with the compose files that trigger it";

type TreeValidator = Validator<TreeJson>;

struct Validators {
    root: &'static TreeValidator,
    service_name: &'static TreeValidator,
    service: &'static TreeValidator,
}

fn validators() -> Result<Validators, &'static str> {
    static MAP: OnceLock<Result<ValidatorMap<TreeJson>, String>> = OnceLock::new();
    let map = MAP
        .get_or_init(|| {
            let schema: Value = serde_json::from_str(SCHEMA).map_err(|e| e.to_string())?;
            // The patterns use nothing beyond the `regex` crate's syntax, whose engine is
            // faster than the default backtracking one.
            jsonschema::options_for::<TreeJson>()
                .with_pattern_options(jsonschema::PatternOptions::regex())
                .build_map(&schema)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(String::as_str)?;
    let get = |pointer: &str| map.get(pointer).ok_or("a part of the schema is missing");
    Ok(Validators {
        root: get(ROOT)?,
        service_name: get(SERVICE_NAME)?,
        service: get(SERVICE)?,
    })
}

/// Collects the violations of one stack; one that is off checks nothing.
pub(super) struct Checker {
    validators: Option<Validators>,
    count: usize,
    reported: Vec<Diagnostic>,
    /// Holds a service name while it is checked.
    name: Tree,
}

impl Checker {
    /// Fails (with the message of the `SW901` to report) only if the committed schema
    /// cannot be used.
    pub(super) fn new() -> Result<Checker, String> {
        match validators() {
            Ok(validators) => Ok(Checker {
                validators: Some(validators),
                count: 0,
                reported: Vec::new(),
                name: Tree::default(),
            }),
            Err(error) => Err(format!("the stack schema cannot be compiled: {error}")),
        }
    }

    /// A checker that finds nothing, without compiling the schema.
    pub(super) fn off() -> Checker {
        Checker {
            validators: None,
            count: 0,
            reported: Vec::new(),
            name: Tree::default(),
        }
    }

    pub(super) fn is_on(&self) -> bool {
        self.validators.is_some()
    }

    /// The stack file without its services (`services` is an empty map).
    pub(super) fn outline(&mut self, document: Item<'_>) {
        let Some(validators) = &self.validators else {
            return;
        };
        let validator = validators.root;
        self.check(validator, document, None);
    }

    /// One service, by name.
    pub(super) fn service(&mut self, name: &str, service: Item<'_>) {
        let Some(validators) = &self.validators else {
            return;
        };
        let (name_validator, validator) = (validators.service_name, validators.service);
        let mut name_tree = std::mem::take(&mut self.name);
        name_tree.fill_string(name);
        self.check(name_validator, name_tree.root(), Some(name));
        self.name = name_tree;
        self.check(validator, service, Some(name));
    }

    /// Checks `instance`, which is the service `service` if one is named, else the
    /// whole document.
    fn check(&mut self, validator: &TreeValidator, instance: Item<'_>, service: Option<&str>) {
        // Collecting errors costs more than finding there are none.
        if validator.is_valid(instance) {
            return;
        }
        let prefix = service.map_or(String::new(), |name| {
            format!("/services/{}", escape_pointer(name))
        });
        for error in validator.iter_errors(instance) {
            self.count += 1;
            if self.reported.len() < MAX_REPORTED {
                self.reported.push(describe(&error, &prefix));
            }
        }
    }

    /// Takes over what `other` found, as if it had been found here, after what was
    /// found here so far.
    pub(super) fn absorb(&mut self, other: Checker) {
        self.count += other.count;
        let room = MAX_REPORTED.saturating_sub(self.reported.len());
        self.reported.extend(other.reported.into_iter().take(room));
    }

    /// Reports what was found; true when the stack satisfies the schema.
    pub(super) fn finish(self, diagnostics: &mut Diagnostics) -> bool {
        let more = self.count - self.reported.len();
        for diagnostic in self.reported {
            diagnostics.push(diagnostic);
        }
        if more > 0 {
            diagnostics.push(violation(format!(
                "the emitted stack breaks its schema in {more} more places"
            )));
        }
        self.count == 0
    }
}

pub(super) fn violation(message: String) -> Diagnostic {
    Diagnostic::new(&rules::OUTPUT_SCHEMA_VIOLATION, message).help(HELP)
}

fn describe(error: &ValidationError<'_>, prefix: &str) -> Diagnostic {
    let path = format!("{prefix}{}", error.instance_path());
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    let detail = lowercase_first(&error.masked().to_string());
    violation(format!(
        "the emitted stack breaks its schema at `{path}`: {detail}"
    ))
}

/// A JSON pointer segment (RFC 6901).
fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
