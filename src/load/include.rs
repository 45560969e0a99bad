//! `include`: whole compose projects imported into another one.
//!
//! Each entry is loaded as its own project (compose-go's `ApplyInclude`): its files
//! merge among themselves, relative paths in them are relative to its own project
//! directory, and its variables come from its own `.env` (or `env_file`), below the
//! including project's variables. Its services, networks, volumes, secrets, configs and
//! models are then added to the including document; a resource defined on both sides is
//! merged with the local definition winning, as compose-go does since November 2025
//! (the specification's older "conflict is an error" is no longer what compose does).
//!
//! compose-go loads an entry again each time it is included and finds the copies equal
//! when it imports them. The copies are equal when the files, project directory and
//! variables are, so such an entry is loaded once per run and included again only as
//! what it already added: a chain of files that each include the next twice costs
//! as much as a chain that includes it once, instead of two to the power of its length.
//! What is loaded at all is bounded by [`MAX_LOADS`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use super::Loader;
use super::merge::merge_keeping_tags;
use super::project::FileRef;
use crate::diagnostic::Diagnostic;
use crate::env::{EnvValue, Environment, read_env_file};
use crate::fs::resolve;
use crate::rules;
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::yaml::{Entry, Map, Node, NodeKind, Style};

/// The top-level sections an included project contributes.
const IMPORTED: [&str; 6] = [
    "services", "volumes", "networks", "secrets", "configs", "models",
];

const KEYS: [&str; 3] = ["path", "project_directory", "env_file"];

/// The deepest nesting of included projects that is loaded; a bound keeps a hostile
/// chain of files from exhausting the stack.
const MAX_DEPTH: usize = 32;

/// The most included projects one run loads (each distinct one once): as many as the
/// files a run may read.
const MAX_LOADS: usize = crate::read::MAX_FILES;

/// The included projects a run has loaded, each identified by what it is loaded from.
#[derive(Debug, Default)]
pub(super) struct Included {
    loaded: HashSet<[u8; 32]>,
}

/// One `include` entry, as written.
struct Include {
    /// The files of the included project: the first one and its overrides.
    paths: Vec<(String, Span)>,
    project_directory: Option<(String, Span)>,
    env_files: Vec<(String, Span)>,
    /// The whole entry.
    span: Span,
}

impl Loader<'_> {
    /// Loads the projects `document` includes and adds their resources to it. `chain`
    /// holds the files being loaded, to find cycles.
    pub(super) fn include(
        &mut self,
        document: &mut Node,
        env: &Environment,
        chain: &mut Vec<PathBuf>,
    ) {
        let Some(map) = document.as_map_mut() else {
            return;
        };
        let Some(Entry { key, value }) = map.remove("include") else {
            return;
        };
        let items = match value.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Scalar(ref scalar) if scalar.is_null() => return,
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::INCLUDE_INVALID,
                        format!("`include` must be a list, not {}", value.describe()),
                    )
                    .at(value.span)
                    .also(key.span, "in this `include`")
                    .help("list the included compose files: `include: [path/compose.yaml]`"),
                );
                return;
            }
        };
        for item in items {
            let Some(include) = self.include_entry(&item) else {
                continue;
            };
            if let Some(tree) = self.included_project(&include, env, chain) {
                import(map, tree, self.diagnostics);
            }
        }
    }

    fn include_entry(&mut self, item: &Node) -> Option<Include> {
        let mut include = Include {
            paths: Vec::new(),
            project_directory: None,
            env_files: Vec::new(),
            span: item.span,
        };
        match &item.kind {
            NodeKind::Scalar(_) if !item.is_null() => {
                include.paths = self.strings(item, "path")?;
            }
            NodeKind::Map(map) => {
                for (key, value) in map.iter() {
                    match key.text.as_str() {
                        "path" => include.paths = self.strings(value, "path")?,
                        "project_directory" => {
                            include.project_directory =
                                self.strings(value, "project_directory")?.pop();
                        }
                        "env_file" => include.env_files = self.strings(value, "env_file")?,
                        other => {
                            let mut diagnostic = Diagnostic::new(
                                &rules::INCLUDE_INVALID,
                                format!("unknown key `{other}` in an `include` entry"),
                            )
                            .at(key.span);
                            diagnostic = match did_you_mean(other, &KEYS) {
                                Some(known) => diagnostic.help(format!("did you mean `{known}`?")),
                                None => diagnostic
                                    .help("an `include` entry has `path`, `project_directory` and `env_file`"),
                            };
                            self.diagnostics.push(diagnostic);
                            return None;
                        }
                    }
                }
            }
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::INCLUDE_INVALID,
                        format!(
                            "an `include` entry must be a path or a mapping, not {}",
                            item.describe()
                        ),
                    )
                    .at(item.span)
                    .help("write the path of the compose file to include"),
                );
                return None;
            }
        }
        if include.paths.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(&rules::INCLUDE_INVALID, "an `include` entry names no file")
                    .at(item.span)
                    .help("add `path:` with the compose file to include"),
            );
            return None;
        }
        Some(include)
    }

    /// The string, or strings, of an entry's `key`, with their spans; `project_directory`
    /// takes a single string.
    fn strings(&mut self, node: &Node, key: &str) -> Option<Vec<(String, Span)>> {
        let one = |node: &Node| {
            node.as_scalar()
                .filter(|s| !s.is_null())
                .map(|s| (s.text.to_string(), node.span))
        };
        let list = match &node.kind {
            NodeKind::Seq(items) if key != "project_directory" => {
                items.iter().map(one).collect::<Option<Vec<_>>>()
            }
            _ => one(node).map(|pair| vec![pair]),
        };
        if list.is_none() {
            let expected = if key == "project_directory" {
                "a string"
            } else {
                "a string or a list of strings"
            };
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::INCLUDE_INVALID,
                    format!(
                        "`{key}` in an `include` entry must be {expected}, not {}",
                        node.describe()
                    ),
                )
                .at(node.span)
                .help("write paths as strings"),
            );
        }
        list
    }

    /// Loads the project an entry names, with its own directory and variables.
    fn included_project(
        &mut self,
        include: &Include,
        env: &Environment,
        chain: &mut Vec<PathBuf>,
    ) -> Option<Node> {
        // Paths in an `include` are relative to the including project.
        let base = self.bases.get(include.span.source).to_path_buf();
        let files: Vec<FileRef> = include
            .paths
            .iter()
            .map(|(path, span)| FileRef {
                path: resolve(&base, Path::new(path)),
                referenced_at: Some(*span),
            })
            .collect();
        let main = files.first()?;
        if let Some(start) = chain.iter().position(|file| *file == main.path) {
            let names: Vec<String> = chain[start..]
                .iter()
                .chain(std::iter::once(&main.path))
                .map(|file| format!("`{}`", self.sources.display_name(file)))
                .collect();
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::INCLUDE_CYCLE,
                    format!("`include` cycle: {}", names.join(" includes ")),
                )
                .at_opt(main.referenced_at)
                .help("remove one of the `include` entries of the cycle"),
            );
            return None;
        }
        if chain.len() >= MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::INCLUDE_INVALID,
                    format!("`include` nests projects deeper than {MAX_DEPTH} levels"),
                )
                .at_opt(main.referenced_at)
                .help("include fewer levels of projects"),
            );
            return None;
        }
        let project_dir = match &include.project_directory {
            Some((dir, _)) => resolve(&base, Path::new(dir)),
            None => main
                .path
                .parent()
                .map_or_else(|| base.clone(), Path::to_path_buf),
        };
        // Its env files are parsed for each entry that names them, loaded before or not.
        let parsed = self.work.parsed_bytes();
        let included_env = self.included_environment(include, env, &base, &project_dir);
        let env_bytes = self.work.parsed_bytes() - parsed;
        if !self
            .work
            .include(env_bytes, main.referenced_at, self.diagnostics)
        {
            return None;
        }
        let identity = identity(&files, &project_dir, &included_env);
        if self.included.loaded.contains(&identity) {
            // Loaded and imported already: the same files with the same variables give
            // the same resources, which importing again would leave as they are.
            return None;
        }
        if self.included.loaded.len() >= MAX_LOADS {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::INCLUDE_INVALID,
                    format!(
                        "cannot include `{}`: this run has loaded {MAX_LOADS} included projects already",
                        self.sources.display_name(&main.path)
                    ),
                )
                .at_opt(main.referenced_at)
                .help("include each project once, or split the project into several stacks"),
            );
            return None;
        }
        if self.work.exhausted() {
            return None;
        }
        self.included.loaded.insert(identity);
        let counted = self.work.included_bytes();
        let parsed = self.work.parsed_bytes();
        let loaded = self.project(&files, &included_env, &project_dir, chain);
        // The projects it includes in turn counted their own files already.
        let nested = self.work.included_bytes() - counted;
        let bytes = (self.work.parsed_bytes() - parsed).saturating_sub(nested);
        if !self
            .work
            .include(bytes, main.referenced_at, self.diagnostics)
        {
            return None;
        }
        let mut tree = loaded.tree?;
        fill_environment(&mut tree, &included_env, env);
        Some(tree)
    }

    /// The including project's variables over the included project's `env_file`s (a
    /// later file winning over an earlier one) or, without any, over its `.env`.
    fn included_environment(
        &mut self,
        include: &Include,
        env: &Environment,
        base: &Path,
        project_dir: &Path,
    ) -> Environment {
        let files: Vec<(PathBuf, Span)> = if include.env_files.is_empty() {
            let dotenv = project_dir.join(".env");
            if self.fs.is_file(&dotenv) {
                vec![(dotenv, include.span)]
            } else {
                Vec::new()
            }
        } else {
            include
                .env_files
                .iter()
                .filter(|(file, _)| file != "/dev/null")
                .map(|(file, span)| (resolve(base, Path::new(file)), *span))
                .collect()
        };
        // Each file sees the including project's variables, then its own earlier lines,
        // then the files before it.
        let mut from_files: IndexMap<String, EnvValue> = IndexMap::new();
        let parsed = self.work.parsed_bytes();
        for (path, span) in files {
            if self.work.include_passes(self.work.parsed_bytes() - parsed) {
                // Already past the limit, which the caller reports.
                break;
            }
            let mut below = Environment::new();
            below.add_layer(from_files.iter().map(|(k, v)| (k.clone(), v.clone())));
            if let Some(vars) = read_env_file(
                self.fs,
                self.sources,
                &path,
                Some(span),
                env,
                &below,
                self.diagnostics,
            ) {
                from_files.extend(vars);
            }
            if let Some(id) = self.sources.find(&path) {
                self.work.parsed(self.sources.get(id).text.len());
            }
        }
        let mut included = env.clone();
        included.add_layer(from_files);
        included
    }
}

/// Gives the value-less `environment` entries of an included project's services the
/// values its own variables (its `env_file` or `.env`) set, as they fill its `${...}`:
/// once the services are imported, only the including project's variables are left.
fn fill_environment(tree: &mut Node, included: &Environment, including: &Environment) {
    let own = |name: &str| {
        included
            .get(name)
            .filter(|_| !including.contains(name))
            .cloned()
    };
    let Some(services) = tree.as_map_mut().and_then(|m| m.get_mut("services")) else {
        return;
    };
    let Some(services) = services.as_map_mut() else {
        return;
    };
    for service in &mut services.entries {
        let Some(environment) = service
            .value
            .as_map_mut()
            .and_then(|m| m.get_mut("environment"))
        else {
            continue;
        };
        match &mut environment.kind {
            NodeKind::Map(entries) => {
                for entry in &mut entries.entries {
                    if !entry.value.is_null() {
                        continue;
                    }
                    if let Some(value) = own(&entry.key.text) {
                        entry.value = filled(value, entry.value.span, |v| v.to_owned());
                    }
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    let Some(name) = item.as_str().filter(|text| !text.contains('=')) else {
                        continue;
                    };
                    if let Some(value) = own(name) {
                        let name = name.to_owned();
                        *item = filled(value, item.span, |v| format!("{name}={v}"));
                    }
                }
            }
            NodeKind::Scalar(_) => {}
        }
    }
}

/// A scalar holding a variable's value, which remembers the line it came from.
fn filled(value: EnvValue, span: Span, text: impl Fn(&str) -> String) -> Node {
    let mut node = Node::scalar(text(&value.value), Style::Quoted, span);
    if let (NodeKind::Scalar(scalar), Some(origin)) = (&mut node.kind, value.origin) {
        scalar.origins = Some(Box::new(vec![origin]));
    }
    node
}

/// What an included project is loaded from: its files, its directory and its
/// variables, as a digest.
fn identity(files: &[FileRef], project_dir: &Path, env: &Environment) -> [u8; 32] {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for file in files {
        field(file.path.as_os_str().as_encoded_bytes());
    }
    field(b"");
    field(project_dir.as_os_str().as_encoded_bytes());
    for (name, value) in env.iter() {
        field(name.as_bytes());
        field(value.value.as_bytes());
    }
    hasher.finalize().into()
}

/// Adds the resources of an included project's tree to the including document.
fn import(document: &mut Map, included: Node, diagnostics: &mut crate::diagnostic::Diagnostics) {
    let NodeKind::Map(included) = included.kind else {
        return;
    };
    for Entry { key, value } in included.entries {
        if !IMPORTED.contains(&key.text.as_str()) {
            continue;
        }
        let span = value.span;
        let NodeKind::Map(resources) = value.kind else {
            continue;
        };
        match document.get_mut(&key.text) {
            None => document.insert(key, Node::map(resources, span)),
            Some(local) if local.is_null() => *local = Node::map(resources, span),
            Some(local) => {
                // A section that is not a mapping is reported when the tree is lowered.
                let Some(local) = local.as_map_mut() else {
                    continue;
                };
                for resource in resources.entries {
                    let name = resource.key.text.clone();
                    let Some(index) = local.entries.iter().position(|e| e.key.text == name) else {
                        local.entries.push(resource);
                        continue;
                    };
                    let placeholder = Node::map(Map::default(), resource.value.span);
                    let mine = std::mem::replace(&mut local.entries[index].value, placeholder);
                    local.entries[index].value = merge_keeping_tags(
                        resource.value,
                        mine,
                        &[key.text.as_str(), name.as_str()],
                        diagnostics,
                    );
                }
            }
        }
    }
}
