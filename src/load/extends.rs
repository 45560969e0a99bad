//! `extends`: a service written as another service plus changes.
//!
//! As in compose-go's `ApplyExtends`: the base is looked up in the same document, or
//! in `file` (relative to the directory the `extends` is written against), is itself
//! extended first, and the extending service is merged over a copy of it with the same
//! rules as override files. A file reached this way is interpolated with the project's
//! variables but its own `include`s are not loaded, and relative paths in it are
//! relative to its own directory. A cycle, a missing service and a missing file are
//! errors at the `extends` that names them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Loader;
use super::merge::{Tags, merge, merge_keeping_tags, strip_tags};
use crate::diagnostic::Diagnostic;
use crate::env::{Environment, interpolate};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{Map, Node, NodeKind};

const KEYS: [&str; 2] = ["service", "file"];

/// The longest chain of services extending each other that is followed; real projects
/// use a few levels, and a bound keeps a hostile file from exhausting the stack.
const MAX_DEPTH: usize = 32;

impl Loader<'_> {
    /// Replaces every service of `document` that has `extends` by the merged service.
    pub(super) fn extends(&mut self, document: &mut Node, env: &Environment) {
        let Some(services) = document
            .as_map_mut()
            .and_then(|map| map.get_mut("services"))
        else {
            return;
        };
        let source = services.span.source;
        let NodeKind::Map(services) = &mut services.kind else {
            return;
        };
        let extending = |node: &Node| node.as_map().is_some_and(|m| m.contains_key("extends"));
        if !services.entries.iter().any(|e| extending(&e.value)) {
            return;
        }
        let names: Vec<String> = services
            .entries
            .iter()
            .map(|e| e.key.text.to_string())
            .collect();
        let mut resolver = Resolver {
            loader: self,
            env,
            scopes: vec![Scope {
                source,
                services: Some(std::mem::take(services)),
            }],
            files: BTreeMap::new(),
            chain: Vec::new(),
        };
        for name in &names {
            resolver.resolve(0, name);
        }
        *services = resolver.scopes.swap_remove(0).services.unwrap_or_default();
    }
}

/// The services of one file, as far as they have been extended.
struct Scope {
    source: SourceId,
    /// `None` when the file has no `services` mapping.
    services: Option<Map>,
}

/// A service whose base is being resolved, and where its `extends` is written.
struct Link {
    source: SourceId,
    service: String,
    at: Span,
}

/// What an `extends` names.
struct Target {
    service: String,
    span: Span,
    file: Option<(String, Span)>,
}

struct Resolver<'l, 'a> {
    loader: &'l mut Loader<'a>,
    env: &'l Environment,
    /// The document being loaded first, then the files `extends` reached.
    scopes: Vec<Scope>,
    /// The scope of each file read, `None` when it could not be read.
    files: BTreeMap<PathBuf, Option<usize>>,
    /// The services being extended, outermost first.
    chain: Vec<Link>,
}

impl Resolver<'_, '_> {
    /// The service `name` of `scope` with its `extends` applied (and written back, so
    /// each service is extended once), or `None` if there is no such service.
    fn resolve(&mut self, scope: usize, name: &str) -> Option<Node> {
        let mut service = self.scopes[scope].services.as_ref()?.get(name)?.clone();
        let Some(extends) = service.as_map_mut().and_then(|map| map.remove("extends")) else {
            return Some(service);
        };
        if let Some(target) = self.target(&extends.value) {
            service = self.extend(scope, name, service, extends.value.span, target);
        }
        if let Some(slot) = self.scopes[scope]
            .services
            .as_mut()
            .and_then(|services| services.get_mut(name))
        {
            *slot = service.clone();
        }
        Some(service)
    }

    fn extend(
        &mut self,
        scope: usize,
        name: &str,
        service: Node,
        at: Span,
        target: Target,
    ) -> Node {
        let source = self.scopes[scope].source;
        if let Some(start) = self
            .chain
            .iter()
            .position(|link| link.source == source && link.service == name)
        {
            self.report_cycle(start, name);
            return service;
        }
        if self.chain.len() >= MAX_DEPTH {
            self.invalid(
                at,
                format!("`extends` chain of `{name}` is deeper than {MAX_DEPTH} services"),
                "extend fewer levels of services",
            );
            return service;
        }
        let target_scope = match &target.file {
            None => scope,
            Some((file, span)) => match self.file_scope(file, *span) {
                Some(index) => index,
                None => return service,
            },
        };
        if !self.defines(target_scope, name, &target) {
            return service;
        }
        self.chain.push(Link {
            source,
            service: name.to_owned(),
            at,
        });
        if self.loader.work.exhausted() {
            self.chain.pop();
            return service;
        }
        let base = self.resolve(target_scope, &target.service);
        self.chain.pop();
        if let Some(base) = &base {
            if !self.loader.work.extend(base, at, self.loader.diagnostics) {
                return service;
            }
        }
        match base.and_then(strip_tags) {
            Some(base) => {
                merge_keeping_tags(base, service, &["services", name], self.loader.diagnostics)
            }
            None => service,
        }
    }

    /// Reads what an `extends` value names; reports a malformed one.
    fn target(&mut self, value: &Node) -> Option<Target> {
        if let Some(service) = value.as_str() {
            return Some(Target {
                service: service.to_owned(),
                span: value.span,
                file: None,
            });
        }
        let Some(map) = value.as_map() else {
            self.invalid(
                value.span,
                format!(
                    "`extends` must be a service name or a mapping, not {}",
                    value.describe()
                ),
                "write the name of the service to extend, or `{service: name, file: path}`",
            );
            return None;
        };
        let mut service = None;
        let mut file = None;
        for (key, node) in map.iter() {
            let text = node
                .as_scalar()
                .filter(|s| !s.is_null())
                .map(|s| (s.text.to_string(), node.span));
            match key.text.as_str() {
                "service" | "file" if text.is_none() => {
                    self.invalid(
                        node.span,
                        format!(
                            "`{}` in `extends` must be a string, not {}",
                            key.text,
                            node.describe()
                        ),
                        "write the service name and the file path as strings",
                    );
                    return None;
                }
                "service" => service = text,
                "file" => file = text,
                other => {
                    let help = match did_you_mean(other, &KEYS) {
                        Some(known) => format!("did you mean `{known}`?"),
                        None => "`extends` takes `service` and `file`".to_owned(),
                    };
                    self.invalid(
                        key.span,
                        format!("unknown key `{other}` in `extends`"),
                        &help,
                    );
                    return None;
                }
            }
        }
        let Some((service, span)) = service else {
            self.invalid(
                value.span,
                "`extends` names no `service`".to_owned(),
                "add `service:` with the name of the service to extend",
            );
            return None;
        };
        Some(Target {
            service,
            span,
            file,
        })
    }

    fn invalid(&mut self, span: Span, message: String, help: &str) {
        self.loader.diagnostics.push(
            Diagnostic::new(&rules::EXTENDS_INVALID, message)
                .at(span)
                .help(help),
        );
    }

    /// The scope of a file named by `extends`, read on first use.
    /// Counts one more parse of the file at `path`, named by the `extends` at `span`;
    /// past the limit the file gets no scope, now or when named again.
    fn count_parse(&mut self, path: &Path, bytes: usize, span: Span) -> bool {
        let within = self
            .loader
            .work
            .extends_file(bytes, span, self.loader.diagnostics);
        if !within {
            self.files.insert(path.to_path_buf(), None);
        }
        within
    }

    fn file_scope(&mut self, file: &str, span: Span) -> Option<usize> {
        let path = self.loader.bases.resolve(span, Path::new(file));
        if let Some(scope) = self.files.get(&path) {
            return *scope;
        }
        if self.loader.work.exhausted() {
            return None;
        }
        // Read before (for another document, or another project), the file is parsed
        // again all the same: count it first.
        let known = self
            .loader
            .sources
            .find(&path)
            .map(|id| self.loader.sources.get(id).text.len());
        if known.is_some_and(|bytes| !self.count_parse(&path, bytes, span)) {
            return None;
        }
        let own_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let read = self.loader.read_compose(&path, &own_dir, Some(span));
        if known.is_none() {
            let bytes = read
                .as_ref()
                .map_or(0, |(id, _)| self.loader.sources.get(*id).text.len());
            if !self.count_parse(&path, bytes, span) {
                return None;
            }
        }
        let scope = read.map(|(source, documents)| {
            let mut tree: Option<Node> = None;
            for mut document in documents {
                interpolate(&mut document, self.env, self.loader.diagnostics);
                tree = match tree.take() {
                    None => Some(document),
                    Some(tree) => merge(tree, document, &[], Tags::Keep, self.loader.diagnostics),
                };
            }
            let services = tree
                .and_then(|mut tree| tree.as_map_mut()?.remove("services"))
                .and_then(|entry| match entry.value.kind {
                    NodeKind::Map(services) => Some(services),
                    _ => None,
                });
            self.scopes.push(Scope { source, services });
            self.scopes.len() - 1
        });
        self.files.insert(path, scope);
        scope
    }

    /// Whether the target scope defines the service `extends` names; reports it if not.
    fn defines(&mut self, scope: usize, name: &str, target: &Target) -> bool {
        let file_name = |resolver: &Self| {
            let source = resolver.scopes[scope].source;
            resolver.loader.sources.get(source).name.clone()
        };
        let Some(services) = &self.scopes[scope].services else {
            let file = file_name(self);
            let at = target.file.as_ref().map_or(target.span, |(_, span)| *span);
            self.loader.diagnostics.push(
                Diagnostic::new(
                    &rules::EXTENDS_UNKNOWN_SERVICE,
                    format!(
                        "service `{name}` extends `{}` in `{file}`, which defines no services",
                        target.service
                    ),
                )
                .at(at)
                .help("name the file that defines the service to extend"),
            );
            return false;
        };
        if services.contains_key(&target.service) {
            return true;
        }
        let candidates: Vec<&str> = services
            .entries
            .iter()
            .map(|e| e.key.text.as_str())
            .collect();
        let help = match did_you_mean(&target.service, &candidates) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!(
                "define `{}` under `services`, or extend a service that exists",
                target.service
            ),
        };
        let message = match &target.file {
            None => format!(
                "service `{name}` extends `{}`, which is not defined",
                target.service
            ),
            Some(_) => format!(
                "service `{name}` extends `{}`, which `{}` does not define",
                target.service,
                file_name(self)
            ),
        };
        self.loader.diagnostics.push(
            Diagnostic::new(&rules::EXTENDS_UNKNOWN_SERVICE, message)
                .at(target.span)
                .help(help),
        );
        false
    }

    /// Reports the cycle that leads from `chain[start]` back to `name`.
    fn report_cycle(&mut self, start: usize, name: &str) {
        let links = &self.chain[start..];
        let several_files = links.iter().any(|link| link.source != links[0].source);
        let describe = |link: &Link| {
            if several_files {
                let file = &self.loader.sources.get(link.source).name;
                format!("`{}` (in `{file}`)", link.service)
            } else {
                format!("`{}`", link.service)
            }
        };
        let message = if links.len() == 1 {
            format!("service `{name}` extends itself")
        } else {
            let mut steps: Vec<String> = links.iter().map(describe).collect();
            steps.push(describe(&links[0]));
            format!("`extends` cycle: {}", steps.join(" extends "))
        };
        let mut diagnostic = Diagnostic::new(&rules::EXTENDS_CYCLE, message)
            .at(links[0].at)
            .help("remove one `extends` of the cycle");
        for link in &links[1..] {
            diagnostic = diagnostic.also(
                link.at,
                format!("`{}` continues the cycle here", link.service),
            );
        }
        self.loader.diagnostics.push(diagnostic);
    }
}
