//! Lowering: from the loaded tree to the compose model, checking it against the compose
//! specification on the way.
//!
//! Every reader reports what is wrong and carries on with what it could read, so one
//! run reports every problem: an unknown key is skipped, a malformed value is left
//! unset, a bad list item is dropped. Cross-references (networks, volumes, secrets,
//! configs, services) and cross-key rules are checked once the whole project is read.

mod build;
mod consistency;
mod cx;
mod dependencies;
mod deploy;
mod devices;
mod fields;
mod files;
mod mapping;
mod mounts;
mod networks;
mod path;
mod ports;
mod process;
mod references;
mod resources;
mod scalar;
mod service;
pub(crate) mod units;

#[cfg(test)]
mod tests;

pub(crate) use deploy::has_operator as has_constraint_operator;

use std::path::PathBuf;

use self::cx::{Cx, Place};
use crate::compose::model::{NameMap, Project, Service, Text, name_map};
use crate::diagnostic::Diagnostics;
use crate::rules;
use crate::source::SourceId;
use crate::spanned::Spanned;
use crate::yaml::{Entry, Key, Node, NodeKind};

pub(super) const TOP_KEYS: &[&str] = &[
    "configs", "include", "models", "name", "networks", "secrets", "services", "version", "volumes",
];

/// Checks `tree` (one merged, interpolated project, with `extends`, `include` and
/// profiles already resolved) and builds the compose model. Relative host paths are
/// resolved against `bases(source)` of the file each path was written in.
pub fn lower(
    tree: &Node,
    bases: &dyn Fn(SourceId) -> PathBuf,
    diagnostics: &mut Diagnostics,
) -> Project {
    let mut cx = Cx::new(bases, diagnostics);
    let mut project = Project::default();
    if tree.is_null() {
        return project;
    }
    let keys = cx.fields(tree, Place::Top, TOP_KEYS, |cx, f| match f.name {
        "version" => project.version = cx.version(f.value),
        "name" => project.name = cx.project_name(f.value),
        // Resolved by `load`; nothing of it belongs in the model.
        "include" => {}
        "services" => project.services = cx.services(f.value),
        "networks" => {
            project.networks = cx.section(f.value, f.name, |cx, k, v| Some(cx.network(k, v)));
        }
        "volumes" => {
            project.volumes = cx.section(f.value, f.name, |cx, k, v| Some(cx.volume(k, v)));
        }
        "secrets" => {
            project.secrets = cx.section(f.value, f.name, |cx, k, v| Some(cx.secret(k, v)));
        }
        "configs" => {
            project.configs = cx.section(f.value, f.name, |cx, k, v| Some(cx.config(k, v)));
        }
        "models" => project.models = cx.section(f.value, f.name, Cx::model),
        _ => {}
    });
    project.keys = keys.unwrap_or_default();
    for service in project.services.values() {
        cx.check_service(service);
        cx.check_references(&project, service);
    }
    project
}

/// How many entries a list or mapping has (zero for a scalar), to size what is read
/// from it.
fn collection_len(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Seq(items) => items.len(),
        NodeKind::Map(map) => map.len(),
        NodeKind::Scalar(_) => 0,
    }
}

/// Whether a service, network, volume, secret, config or model name is one compose
/// accepts: `[a-zA-Z0-9._-]+`.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl Cx<'_> {
    /// The entries of a top-level section, which must be a mapping (null is empty).
    fn section_entries<'n>(&mut self, node: &'n Node, section: &'static str) -> &'n [Entry] {
        match node.as_map() {
            Some(map) => &map.entries,
            None => {
                if !node.is_null() {
                    self.wrong_type(node, Place::Key(section), "a mapping");
                }
                &[]
            }
        }
    }

    /// One top-level section (`networks`, `volumes`, ...): names to definitions.
    fn section<T>(
        &mut self,
        node: &Node,
        section: &'static str,
        mut each: impl FnMut(&mut Self, &Key, &Node) -> Option<T>,
    ) -> NameMap<T> {
        let kind = section.strip_suffix('s').unwrap_or(section);
        let entries = self.section_entries(node, section);
        let mut out = name_map(entries.len());
        for entry in entries {
            self.check_name(&entry.key, kind);
            if let Some(value) = each(self, &entry.key, &entry.value) {
                out.insert(Text::new(&entry.key.text), value);
            }
        }
        out
    }

    /// The services. Each is filled in place in the map, because a service is large
    /// and moving thousands of them shows in the lowering time.
    fn services(&mut self, node: &Node) -> NameMap<Service> {
        let entries = self.section_entries(node, "services");
        let mut services = name_map(entries.len());
        for entry in entries {
            self.check_name(&entry.key, "service");
            let name = Spanned::new(Text::new(&entry.key.text), entry.key.span);
            let (index, _) = services.insert_full(Text::new(&entry.key.text), Service::new(name));
            if let Some((_, service)) = services.get_index_mut(index) {
                self.service(service, &entry.key, &entry.value);
            }
        }
        services
    }

    fn check_name(&mut self, key: &Key, kind: &str) {
        if !is_valid_name(&key.text) {
            self.report(
                &rules::INVALID_NAME,
                key.span,
                format!("invalid {kind} name `{}`", key.text),
            )
            .help("use only letters, digits, `.`, `_` and `-`");
        }
    }

    /// `version`, kept as written: `3.8`, `"3.8"`, `2`.
    fn version(&mut self, node: &Node) -> Option<Spanned<Text>> {
        match &node.kind {
            NodeKind::Scalar(scalar) if scalar.is_null() => None,
            NodeKind::Scalar(scalar) => Some(Spanned::from_node(Text::new(&scalar.text), node)),
            _ => {
                self.wrong_type(node, Place::Key("version"), "a string");
                None
            }
        }
    }

    /// `name`: lowercase letters, digits, `-` and `_`, starting with a letter or digit.
    fn project_name(&mut self, node: &Node) -> Option<Spanned<Text>> {
        let name = self.string(node, Place::Key("name"))?;
        let mut bytes = name.value.bytes();
        let valid = bytes
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid {
            self.report(
                &rules::INVALID_NAME,
                name.span,
                format!("invalid project name `{}`", name.value),
            )
            .help("use lowercase letters, digits, `-` and `_`, starting with a letter or a digit");
        }
        Some(name)
    }
}
