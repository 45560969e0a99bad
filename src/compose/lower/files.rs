//! Service keys that name files: `secrets` and `configs` references, `env_file` and
//! `label_file`.

use super::cx::{Cx, Place};
use crate::compose::model::{EnvFile, FileRef, Keys, LabelFile, Syntax, Text};
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind};

pub(super) const FILE_REF_KEYS: &[&str] = &["gid", "mode", "source", "target", "uid"];
pub(super) const ENV_FILE_KEYS: &[&str] = &["format", "path", "required"];

impl Cx<'_> {
    /// `secrets` or `configs` of a service (or of a build): names or long-form entries.
    pub(super) fn file_refs(&mut self, node: &Node, list: &'static str) -> Vec<FileRef> {
        let mut refs = Vec::new();
        for item in self.list(node, Place::Key(list)).unwrap_or_default() {
            let entry = match &item.kind {
                NodeKind::Map(_) => self.long_file_ref(item, list),
                _ => self.string(item, Place::Item(list)).map(|source| FileRef {
                    span: item.span,
                    syntax: Syntax::Short,
                    keys: Keys::new(),
                    source,
                    target: None,
                    uid: None,
                    gid: None,
                    mode: None,
                }),
            };
            if let Some(entry) = entry {
                if let Some(first) = refs.iter().find(|r: &&FileRef| {
                    r.source.value == entry.source.value
                        && r.target.as_ref().map(|t| &t.value)
                            == entry.target.as_ref().map(|t| &t.value)
                }) {
                    let first = first.span;
                    self.duplicate(item.span, &entry.source.value, first, list);
                    continue;
                }
                refs.push(entry);
            }
        }
        refs
    }

    fn long_file_ref(&mut self, item: &Node, list: &'static str) -> Option<FileRef> {
        let mut source = None;
        let mut file_ref = FileRef {
            span: item.span,
            syntax: Syntax::Long,
            keys: Keys::new(),
            source: Spanned::new(Text::default(), item.span),
            target: None,
            uid: None,
            gid: None,
            mode: None,
        };
        file_ref.keys = self.fields(item, Place::Item(list), FILE_REF_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "source" => source = cx.string(v, p),
                "target" => file_ref.target = cx.string(v, p),
                "uid" => file_ref.uid = cx.string(v, p),
                "gid" => file_ref.gid = cx.string(v, p),
                "mode" => file_ref.mode = cx.file_mode(v, p, 0o777),
                _ => {}
            }
        })?;
        match source {
            Some(source) => {
                file_ref.source = source;
                Some(file_ref)
            }
            None => {
                if !file_ref.keys.contains_key("source") {
                    self.missing(
                        item.span,
                        format!("an item of `{list}` has no `source`"),
                        format!("add `source:` with the name of a top-level entry of `{list}`"),
                    );
                }
                None
            }
        }
    }

    /// `env_file`: a path, or a list of paths and `{path, required, format}` entries.
    pub(super) fn env_files(&mut self, node: &Node) -> Vec<EnvFile> {
        let place = Place::Key("env_file");
        let items: &[Node] = match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Scalar(_) => std::slice::from_ref(node),
            NodeKind::Map(_) => {
                self.wrong_type(node, place, "a string or a list");
                return Vec::new();
            }
        };
        let mut files = Vec::with_capacity(items.len());
        for item in items {
            if item.as_map().is_some() {
                files.extend(self.long_env_file(item));
            } else if let Some(path) = self.string(item, Place::Item("env_file")) {
                files.push(EnvFile {
                    span: item.span,
                    syntax: Syntax::Short,
                    keys: Keys::new(),
                    path: self.host_path(item, &path.value),
                    required: None,
                    format: None,
                    variables: None,
                });
            }
        }
        files
    }

    fn long_env_file(&mut self, item: &Node) -> Option<EnvFile> {
        let mut path = None;
        let mut required = None;
        let mut format = None;
        let keys = self.fields(item, Place::Item("env_file"), ENV_FILE_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "path" => {
                    path = cx.string(v, p).map(|text| cx.host_path(v, &text.value));
                }
                "required" => required = cx.bool(v, p),
                "format" => {
                    format = cx.string(v, p);
                    if let Some(other) = format.as_ref().filter(|f| f.value != *"raw") {
                        cx.invalid(
                            v,
                            format!("unsupported `env_file` format `{}`", other.value),
                            "remove `format` to read the file as a `.env`, or write `format: raw` to take its values as written",
                        );
                        format = None;
                    }
                }
                _ => {}
            }
        })?;
        let Some(path) = path else {
            if !keys.contains_key("path") {
                self.missing(
                    item.span,
                    "an item of `env_file` has no `path`".to_owned(),
                    "add `path:` with the file to read",
                );
            }
            return None;
        };
        Some(EnvFile {
            span: item.span,
            syntax: Syntax::Long,
            keys,
            path,
            required,
            format,
            variables: None,
        })
    }

    /// `label_file`: one path or a list of paths.
    pub(super) fn label_files(&mut self, node: &Node) -> Vec<LabelFile> {
        let place = Place::Key("label_file");
        let items: &[Node] = match &node.kind {
            NodeKind::Seq(items) => items,
            _ => std::slice::from_ref(node),
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(text) = self.string(item, place) {
                out.push(LabelFile {
                    path: self.host_path(item, &text.value),
                    labels: None,
                });
            }
        }
        out
    }
}
