//! The compose merge: how a later file is folded over the files before it, and how an
//! `extends`ing service or a local definition over an `include`d one is folded over its
//! base. All three use the same rules (compose-go's `override.MergeYaml`):
//!
//! - mappings merge key by key, sequences append, scalars are replaced, and a null
//!   never replaces anything;
//! - some paths have their own rule ([`Rule`]): `command` is replaced whole,
//!   `environment` merges key by key whichever of its two forms each side uses, a
//!   `build` string is a `context`, and so on;
//! - `!reset` removes what was there and `!override` replaces it without merging;
//! - a mapping against a list where no rule converts one into the other is an error.
//!
//! Nodes are moved, never rebuilt, so every merged value keeps the span where it was
//! written; values made by a conversion (`context:` for a `build` string) carry the span
//! of the text they were made from.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;
use crate::yaml::{Entry, Key, Map, Node, NodeKind, Style, Tag};
use compact_str::CompactString;

#[cfg(test)]
mod tests;

/// What happens to `!reset` and `!override` tags of the value merged over its base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tags {
    /// Apply them and drop them: the result is final.
    Consume,
    /// Apply them and keep them in the result, because it will itself be merged over
    /// earlier files, where they act too (an `extends`ing service's `!reset` removes the
    /// key from its base and from the files before its own).
    Keep,
}

/// Folds `over` into `base`. `path` is where both sit from the top of their files
/// (`["services", "web"]` for a service), which selects the path rules. Returns `None`
/// when `over` is a consumed `!reset`.
pub(super) fn merge(
    base: Node,
    over: Node,
    path: &[&str],
    tags: Tags,
    diagnostics: &mut Diagnostics,
) -> Option<Node> {
    let mut merger = Merger {
        tags,
        diagnostics,
        path: path.iter().map(|&key| CompactString::from(key)).collect(),
    };
    merger.value(Some(base), over)
}

/// [`merge`] with [`Tags::Keep`], which always leaves a value.
pub(super) fn merge_keeping_tags(
    base: Node,
    over: Node,
    path: &[&str],
    diagnostics: &mut Diagnostics,
) -> Node {
    let span = over.span;
    merge(base, over, path, Tags::Keep, diagnostics)
        .unwrap_or_else(|| Node::map(Map::default(), span))
}

/// `node` as a final value: `None` if it is tagged `!reset`, else the node with every
/// `!reset` entry or item inside it removed and every `!override` tag dropped.
pub(super) fn strip_tags(mut node: Node) -> Option<Node> {
    if node.tag == Tag::Reset {
        return None;
    }
    clear_tags(&mut node);
    Some(node)
}

fn clear_tags(node: &mut Node) {
    node.tag = Tag::None;
    match &mut node.kind {
        NodeKind::Map(map) => {
            map.entries.retain(|entry| entry.value.tag != Tag::Reset);
            for entry in &mut map.entries {
                clear_tags(&mut entry.value);
            }
        }
        NodeKind::Seq(items) => {
            items.retain(|item| item.tag != Tag::Reset);
            items.iter_mut().for_each(clear_tags);
        }
        NodeKind::Scalar(_) => {}
    }
}

/// The merge rule of a path, from compose-go's `mergeSpecials` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Maps merge, sequences append, scalars are replaced.
    Default,
    /// The later value replaces the earlier one, even a null one.
    Replace,
    /// `KEY=VALUE` lists or mappings, merged key by key; the later value of a key wins.
    KeyValue,
    /// A string or a list of strings; lists append.
    StringList,
    /// `extra_hosts`: appended as `host=ip` entries, exact repeats dropped, because a
    /// host may map to several addresses.
    ExtraHosts,
    /// A list of service names is a mapping whose entries have the default condition.
    DependsOn,
    /// A list of names is a mapping of names to null (`networks`, `models`).
    NameMap,
    /// A string is the `context` of a mapping.
    Build,
    /// Options merge only when both sides use the same driver (or one names none).
    Logging,
    /// IPAM pools merge by `subnet`.
    IpamConfig,
}

fn rule_for(path: &[&str]) -> Rule {
    match path {
        ["services", _, "command" | "entrypoint"]
        | ["services", _, "healthcheck", "test"]
        | ["services", _, "ulimits", _] => Rule::Replace,
        [
            "services",
            _,
            "environment" | "labels" | "annotations" | "sysctls",
        ]
        | [
            "services",
            _,
            "build",
            "args" | "labels" | "additional_contexts",
        ]
        | ["services", _, "deploy", "labels"]
        | ["networks" | "volumes", _, "labels"] => Rule::KeyValue,
        [
            "services",
            _,
            "dns" | "dns_opt" | "dns_search" | "env_file" | "label_file" | "tmpfs",
        ] => Rule::StringList,
        ["services", _, "extra_hosts"] | ["services", _, "build", "extra_hosts"] => {
            Rule::ExtraHosts
        }
        ["services", _, "depends_on"] => Rule::DependsOn,
        ["services", _, "networks" | "models"] => Rule::NameMap,
        ["services", _, "build"] => Rule::Build,
        ["services", _, "logging"] => Rule::Logging,
        ["networks", _, "ipam", "config"] => Rule::IpamConfig,
        _ => Rule::Default,
    }
}

struct Merger<'d> {
    tags: Tags,
    diagnostics: &'d mut Diagnostics,
    /// The keys from the top of the file to the values being merged.
    path: Vec<CompactString>,
}

impl Merger<'_> {
    /// The value of a key after `over` is merged over `base` (absent if `None`), or
    /// `None` when the key goes away.
    fn value(&mut self, base: Option<Node>, over: Node) -> Option<Node> {
        match over.tag {
            Tag::Reset => match self.tags {
                Tags::Consume => None,
                Tags::Keep => Some(over),
            },
            Tag::Override => Some(self.prepare(over)),
            Tag::None => Some(match base {
                Some(base) => self.node(base, over),
                None => self.prepare(over),
            }),
        }
    }

    /// `node` as it enters the result without a base.
    fn prepare(&self, mut node: Node) -> Node {
        if self.tags == Tags::Consume {
            clear_tags(&mut node);
        }
        node
    }

    /// Appends `items` to `base`, dropping `!reset` items if tags are consumed.
    fn append(&self, base: &mut Vec<Node>, items: Vec<Node>) {
        for item in items {
            match self.tags {
                Tags::Consume => base.extend(strip_tags(item)),
                Tags::Keep => base.push(item),
            }
        }
    }

    fn node(&mut self, base: Node, over: Node) -> Node {
        let path: Vec<&str> = self.path.iter().map(CompactString::as_str).collect();
        let rule = rule_for(&path);
        if rule == Rule::Replace {
            return self.prepare(over);
        }
        if over.is_null() {
            return base;
        }
        if base.is_null() {
            return self.prepare(over);
        }
        match rule {
            Rule::Default | Rule::Replace => self.default(base, over),
            Rule::KeyValue => self.key_value(base, over),
            Rule::StringList => self.string_list(base, over),
            Rule::ExtraHosts => self.extra_hosts(base, over),
            Rule::DependsOn => self.named(base, over, default_dependency),
            Rule::NameMap => self.named(base, over, null_at),
            Rule::Build => self.build(base, over),
            Rule::Logging => self.logging(base, over),
            Rule::IpamConfig => self.ipam_config(base, over),
        }
    }

    fn default(&mut self, mut base: Node, over: Node) -> Node {
        match (&mut base.kind, over.kind) {
            (NodeKind::Map(map), NodeKind::Map(other)) => {
                *map = self.maps(std::mem::take(map), other, true);
                base
            }
            (NodeKind::Seq(items), NodeKind::Seq(other)) => {
                self.append(items, other);
                base
            }
            (NodeKind::Scalar(_), kind) => self.prepare(Node { kind, ..over }),
            (_, kind) => {
                let over = Node { kind, ..over };
                self.clash(&base, &over);
                self.prepare(over)
            }
        }
    }

    /// Folds `over`'s entries into `base`, in place and in order; new keys are appended.
    /// With `deep`, a key present on both sides merges its values; without, the later
    /// value replaces the earlier one.
    fn maps(&mut self, base: Map, over: Map, deep: bool) -> Map {
        let mut slots: Vec<Option<Entry>> = base.entries.into_iter().map(Some).collect();
        let mut index: std::collections::BTreeMap<CompactString, usize> = slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| slot.as_ref().map(|e| (e.key.text.clone(), i)))
            .collect();
        for Entry { key, value } in over.entries {
            let slot = index.get(&key.text).copied();
            let existing = slot.and_then(|i| slots[i].take());
            self.path.push(key.text.clone());
            let merged = match existing {
                Some(existing) if deep => {
                    self.value(Some(existing.value), value).map(|value| Entry {
                        key: existing.key,
                        value,
                    })
                }
                Some(existing) => self.value(None, value).map(|value| Entry {
                    key: existing.key,
                    value,
                }),
                None => self.value(None, value).map(|value| Entry { key, value }),
            };
            self.path.pop();
            match slot {
                Some(i) => slots[i] = merged,
                None => {
                    if let Some(entry) = merged {
                        index.insert(entry.key.text.clone(), slots.len());
                        slots.push(Some(entry));
                    }
                }
            }
        }
        Map {
            entries: slots.into_iter().flatten().collect(),
        }
    }

    fn key_value(&mut self, mut base: Node, over: Node) -> Node {
        let over_span = over.span;
        match (&mut base.kind, over.kind) {
            (NodeKind::Seq(items), NodeKind::Seq(other)) => {
                self.append(items, other);
                base
            }
            (NodeKind::Map(map), NodeKind::Map(other)) => {
                *map = self.maps(std::mem::take(map), other, false);
                base
            }
            (NodeKind::Map(map), NodeKind::Seq(other)) => match key_value_map(other) {
                Ok(other) => {
                    *map = self.maps(std::mem::take(map), other, false);
                    base
                }
                Err(items) => self.clash_and_replace(&base, Node::seq(items, over_span)),
            },
            (NodeKind::Seq(items), NodeKind::Map(other)) => {
                match key_value_map(std::mem::take(items)) {
                    Ok(map) => Node {
                        kind: NodeKind::Map(self.maps(map, other, false)),
                        ..base
                    },
                    Err(items) => {
                        let base = Node::seq(items, base.span);
                        self.clash_and_replace(&base, Node::map(other, over_span))
                    }
                }
            }
            (_, kind) => self.clash_and_replace(&base, Node { kind, ..over }),
        }
    }

    fn string_list(&mut self, base: Node, over: Node) -> Node {
        let as_list = |node: Node| match node.kind {
            NodeKind::Scalar(_) => {
                let span = node.span;
                Ok(Node::seq(vec![node], span))
            }
            NodeKind::Seq(_) => Ok(node),
            NodeKind::Map(_) => Err(node),
        };
        match (as_list(base), as_list(over)) {
            (Ok(mut base), Ok(over)) => {
                if let (NodeKind::Seq(items), NodeKind::Seq(other)) = (&mut base.kind, over.kind) {
                    self.append(items, other);
                }
                base
            }
            (Ok(base) | Err(base), Ok(over) | Err(over)) => self.clash_and_replace(&base, over),
        }
    }

    fn extra_hosts(&mut self, base: Node, over: Node) -> Node {
        let span = base.span;
        let mut items = host_entries(base);
        let mut seen: std::collections::BTreeSet<CompactString> = items
            .iter()
            .filter_map(|item| item.as_scalar().map(|s| s.text.clone()))
            .collect();
        for item in host_entries(over) {
            let fresh = match item.as_scalar() {
                Some(scalar) => seen.insert(scalar.text.clone()),
                None => true,
            };
            if fresh {
                self.append(&mut items, vec![item]);
            }
        }
        Node::seq(items, span)
    }

    /// `depends_on`, `networks`, `models`: a list of names or a mapping keyed by name.
    /// Two lists append (a name once); otherwise a list becomes a mapping whose values
    /// are `value_at(span of the name)` and the mappings merge.
    fn named(&mut self, mut base: Node, over: Node, value_at: fn(Span) -> Node) -> Node {
        let over_span = over.span;
        match (&mut base.kind, over.kind) {
            (NodeKind::Seq(items), NodeKind::Seq(other)) => {
                let mut names: std::collections::BTreeSet<CompactString> = items
                    .iter()
                    .filter_map(|item| item.as_scalar().map(|s| s.text.clone()))
                    .collect();
                let fresh = other
                    .into_iter()
                    .filter(|item| {
                        item.as_scalar()
                            .is_none_or(|s| names.insert(s.text.clone()))
                    })
                    .collect();
                self.append(items, fresh);
                base
            }
            (NodeKind::Map(map), NodeKind::Map(other)) => {
                *map = self.maps(std::mem::take(map), other, true);
                base
            }
            (NodeKind::Map(map), NodeKind::Seq(other)) => match names_map(other, value_at) {
                Ok(other) => {
                    *map = self.maps(std::mem::take(map), other, true);
                    base
                }
                Err(items) => self.clash_and_replace(&base, Node::seq(items, over_span)),
            },
            (NodeKind::Seq(items), NodeKind::Map(other)) => {
                match names_map(std::mem::take(items), value_at) {
                    Ok(map) => Node {
                        kind: NodeKind::Map(self.maps(map, other, true)),
                        ..base
                    },
                    Err(items) => {
                        let base = Node::seq(items, base.span);
                        self.clash_and_replace(&base, Node::map(other, over_span))
                    }
                }
            }
            (_, kind) => self.clash_and_replace(&base, Node { kind, ..over }),
        }
    }

    fn build(&mut self, base: Node, over: Node) -> Node {
        let as_map = |node: Node| match node.kind {
            NodeKind::Map(_) => Ok(node),
            NodeKind::Scalar(_) => {
                let span = node.span;
                let key = Key {
                    text: "context".into(),
                    span,
                };
                Ok(Node::map(
                    Map {
                        entries: vec![Entry { key, value: node }],
                    },
                    span,
                ))
            }
            NodeKind::Seq(_) => Err(node),
        };
        if base.as_scalar().is_some() && over.as_scalar().is_some() {
            return self.prepare(over);
        }
        match (as_map(base), as_map(over)) {
            (Ok(base), Ok(over)) => self.default(base, over),
            (Ok(base) | Err(base), Ok(over) | Err(over)) => self.clash_and_replace(&base, over),
        }
    }

    fn logging(&mut self, base: Node, over: Node) -> Node {
        let driver = |node: &Node| {
            node.as_map()
                .and_then(|map| map.get("driver"))
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        match (driver(&base), driver(&over)) {
            (Some(before), Some(after)) if before != after && over.as_map().is_some() => {
                self.prepare(over)
            }
            _ => self.default(base, over),
        }
    }

    fn ipam_config(&mut self, mut base: Node, over: Node) -> Node {
        let subnet = |node: &Node| {
            node.as_map()
                .and_then(|map| map.get("subnet"))
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        let (NodeKind::Seq(pools), NodeKind::Seq(others)) = (&mut base.kind, &over.kind) else {
            return self.default(base, over);
        };
        let mut merged = Vec::new();
        for mut pool in std::mem::take(pools) {
            let key = subnet(&pool);
            for other in others.iter().filter(|other| subnet(other) == key) {
                if pool.as_map().is_some() && other.as_map().is_some() {
                    pool = self.default(pool, other.clone());
                }
            }
            merged.push(pool);
        }
        let known: Vec<Option<String>> = merged.iter().map(subnet).collect();
        let fresh = others
            .iter()
            .filter(|other| !known.contains(&subnet(other)))
            .cloned()
            .collect();
        self.append(&mut merged, fresh);
        *pools = merged;
        base
    }

    fn clash_and_replace(&mut self, base: &Node, over: Node) -> Node {
        self.clash(base, &over);
        self.prepare(over)
    }

    fn clash(&mut self, base: &Node, over: &Node) {
        let at = if self.path.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{}`", self.path.join("."))
        };
        self.diagnostics.push(
            Diagnostic::new(
                &rules::MERGE_TYPE_MISMATCH,
                format!(
                    "cannot merge {} into {} at {at}",
                    over.describe(),
                    base.describe()
                ),
            )
            .at(over.span)
            .also(base.span, "the value it would merge into")
            .help("write both in the same form, or tag this one `!override` to replace the other"),
        );
    }
}

/// `KEY=VALUE` items as a mapping (`KEY` alone maps to null); `Err` with the items back
/// if one of them is not a scalar.
fn key_value_map(items: Vec<Node>) -> Result<Map, Vec<Node>> {
    if items.iter().any(|item| item.as_scalar().is_none()) {
        return Err(items);
    }
    let mut map = Map::default();
    for item in items.into_iter().filter(|item| item.tag != Tag::Reset) {
        let Some(scalar) = item.as_scalar() else {
            continue;
        };
        let (key, value) = match scalar.text.split_once('=') {
            Some((key, value)) => {
                let mut value_node = Node::scalar(value, Style::Quoted, item.span);
                if let NodeKind::Scalar(made) = &mut value_node.kind {
                    made.origins.clone_from(&scalar.origins);
                }
                (CompactString::from(key), value_node)
            }
            None => (scalar.text.clone(), null_at(item.span)),
        };
        map.insert(
            Key {
                text: key,
                span: item.span,
            },
            value,
        );
    }
    Ok(map)
}

/// Names as mapping keys, each with `value_at(span of the name)`; `Err` with the items
/// back if one of them is not a scalar.
fn names_map(items: Vec<Node>, value_at: fn(Span) -> Node) -> Result<Map, Vec<Node>> {
    if items.iter().any(|item| item.as_scalar().is_none()) {
        return Err(items);
    }
    let mut map = Map::default();
    for item in items.into_iter().filter(|item| item.tag != Tag::Reset) {
        if let Some(scalar) = item.as_scalar() {
            let key = Key {
                text: scalar.text.clone(),
                span: item.span,
            };
            map.insert(key, value_at(item.span));
        }
    }
    Ok(map)
}

/// `extra_hosts` as a list: `host: ip` entries become `host=ip` items, sorted, one per
/// address when a host has several; a single string becomes a one-item list.
fn host_entries(node: Node) -> Vec<Node> {
    match node.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Scalar(_) => vec![node],
        NodeKind::Map(map) => {
            let mut items = Vec::new();
            for Entry { key, value } in map.entries {
                match &value.kind {
                    NodeKind::Scalar(scalar) if scalar.is_null() => {
                        items.push(Node::scalar(key.text, Style::Quoted, key.span));
                    }
                    NodeKind::Scalar(scalar) => {
                        let mut item = Node::scalar(
                            format!("{}={}", key.text, scalar.text),
                            Style::Quoted,
                            key.span.to(value.span),
                        );
                        if let NodeKind::Scalar(made) = &mut item.kind {
                            made.origins.clone_from(&scalar.origins);
                        }
                        items.push(item);
                    }
                    NodeKind::Seq(addresses) => {
                        for address in addresses {
                            match address.as_scalar() {
                                Some(scalar) => items.push(Node::scalar(
                                    format!("{}={}", key.text, scalar.text),
                                    Style::Quoted,
                                    key.span.to(address.span),
                                )),
                                None => items.push(address.clone()),
                            }
                        }
                    }
                    NodeKind::Map(_) => items.push(value),
                }
            }
            items.sort_by(|a, b| {
                let text = |n: &Node| n.as_scalar().map(|s| s.text.clone());
                text(a).cmp(&text(b))
            });
            items
        }
    }
}

fn null_at(span: Span) -> Node {
    Node::scalar("", Style::Plain, span)
}

/// What a `depends_on` list item means: `{condition: service_started, required: true}`.
fn default_dependency(span: Span) -> Node {
    let entry = |key: &str, value: &str| Entry {
        key: Key {
            text: key.into(),
            span,
        },
        value: Node::scalar(value, Style::Plain, span),
    };
    Node::map(
        Map {
            entries: vec![
                entry("condition", "service_started"),
                entry("required", "true"),
            ],
        },
        span,
    )
}
