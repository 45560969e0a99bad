//! After merging, lists that name things keep one entry per thing: the last definition
//! wins and takes the place of the first (compose-go's `EnforceUnicity`). This is how
//! an override file changes a port, a volume or a variable written as a list item
//! without repeating it.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::yaml::{Node, NodeKind};

/// How the identity of a list item is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Identity {
    /// The text before `=`, or the whole text.
    KeyValue,
    /// The container path of a `volumes` or `devices` entry.
    Target,
    /// The path a secret or config is mounted at, given the default directory.
    Mount(&'static str),
    /// Address, published port, target port and protocol.
    Port,
    /// The path of an `env_file` entry.
    EnvFile,
}

fn identity_for(path: &[&str]) -> Option<Identity> {
    let identity = match path {
        ["services", _, "volumes" | "devices"] => Identity::Target,
        ["services", _, "secrets"] => Identity::Mount("/run/secrets/"),
        ["services", _, "configs"] => Identity::Mount("/"),
        ["services", _, "ports"] => Identity::Port,
        ["services", _, "env_file"] => Identity::EnvFile,
        ["services", _, key]
            if matches!(
                *key,
                "annotations"
                    | "cap_add"
                    | "cap_drop"
                    | "dns"
                    | "dns_opt"
                    | "dns_search"
                    | "environment"
                    | "expose"
                    | "labels"
                    | "links"
                    | "profiles"
                    | "sysctls"
                    | "tmpfs"
            ) =>
        {
            Identity::KeyValue
        }
        [
            "services",
            _,
            "build",
            "args" | "additional_contexts" | "labels" | "platforms" | "tags",
        ]
        | ["services", _, "deploy", "labels"]
        | ["services", _, "networks", _, "aliases" | "link_local_ips"]
        | ["networks", _, "labels"]
        | ["networks", _, "ipam", "options"]
        | ["volumes", _, "labels"] => Identity::KeyValue,
        _ => return None,
    };
    Some(identity)
}

/// Removes repeated entries from the identity-keyed lists of a merged tree.
pub(super) fn enforce(tree: &mut Node) {
    walk(tree, &mut Vec::new());
}

/// Whether the node at `path` is, or may hold, a list [`identity_for`] names: the walk
/// enters nothing else, so that the values of a project (most of its nodes) are never
/// visited.
fn worth_entering(path: &[&str]) -> bool {
    match path {
        ["services" | "networks" | "volumes"]
        | ["services" | "networks" | "volumes", _]
        | ["services", _, "build" | "deploy" | "networks"]
        | ["services", _, "networks", _]
        | ["networks", _, "ipam"] => true,
        _ => identity_for(path).is_some(),
    }
}

fn walk<'a>(node: &'a mut Node, path: &mut Vec<&'a str>) {
    match &mut node.kind {
        NodeKind::Map(map) => {
            for entry in &mut map.entries {
                path.push(&entry.key.text);
                if worth_entering(path) {
                    walk(&mut entry.value, path);
                }
                path.pop();
            }
        }
        // A list of one item has nothing to repeat.
        NodeKind::Seq(items) if items.len() > 1 => {
            if let Some(identity) = identity_for(path) {
                *items = deduplicate(std::mem::take(items), identity);
            }
        }
        NodeKind::Seq(_) | NodeKind::Scalar(_) => {}
    }
}

/// Keeps one item per identity, the last one written, where the first one was. Items
/// whose identity cannot be read are kept as they are.
fn deduplicate(items: Vec<Node>, identity: Identity) -> Vec<Node> {
    let keys: Vec<Option<Cow<'_, str>>> = items.iter().map(|item| key(item, identity)).collect();
    // Where each item goes: the place of the first item with its identity.
    let mut places: Vec<usize> = Vec::with_capacity(items.len());
    let mut kept = 0;
    if keys.len() <= SMALL_LIST {
        // Comparing with every earlier key is quicker than a map for a few items.
        for (i, item_key) in keys.iter().enumerate() {
            let first = item_key
                .as_ref()
                .and_then(|k| (0..i).find(|&j| keys[j].as_ref() == Some(k)));
            places.push(first.map_or_else(|| take_place(&mut kept), |j| places[j]));
        }
    } else {
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
        for item_key in &keys {
            let place = match item_key {
                Some(k) => *seen
                    .entry(k.as_ref())
                    .or_insert_with(|| take_place(&mut kept)),
                None => take_place(&mut kept),
            };
            places.push(place);
        }
    }
    drop(keys);
    if kept == items.len() {
        return items;
    }
    let mut slots: Vec<Option<Node>> = (0..kept).map(|_| None).collect();
    for (item, place) in items.into_iter().zip(places) {
        slots[place] = Some(item);
    }
    slots.into_iter().flatten().collect()
}

/// Lists up to this long are deduplicated by comparing keys pairwise.
const SMALL_LIST: usize = 16;

fn take_place(kept: &mut usize) -> usize {
    *kept += 1;
    *kept - 1
}

fn key(item: &Node, identity: Identity) -> Option<Cow<'_, str>> {
    let text = item.as_str();
    let field = |name: &str| {
        item.as_map()
            .and_then(|map| map.get(name))
            .and_then(Node::as_str)
    };
    match identity {
        Identity::KeyValue => {
            let text = text?;
            Some(Cow::Borrowed(
                text.split_once('=').map_or(text, |(key, _)| key),
            ))
        }
        Identity::Target => match text {
            Some(text) => Some(Cow::Borrowed(short_target(text))),
            None => field("target").map(Cow::Borrowed),
        },
        Identity::Mount(directory) => match text {
            Some(source) => Some(Cow::Owned(format!("{directory}{source}"))),
            None => field("target").map(Cow::Borrowed).or_else(|| {
                field("source").map(|source| Cow::Owned(format!("{directory}{source}")))
            }),
        },
        Identity::Port => match text {
            Some(text) => Some(Cow::Owned(short_port(text))),
            None => {
                let target = field("target")?;
                Some(Cow::Owned(port_key(
                    field("host_ip").unwrap_or(""),
                    field("published").unwrap_or(""),
                    target,
                    field("protocol").unwrap_or("tcp"),
                )))
            }
        },
        Identity::EnvFile => text.or_else(|| field("path")).map(Cow::Borrowed),
    }
}

/// The container path of `source:target[:mode]` (or of a lone `target`), allowing a
/// Windows drive letter in the source.
fn short_target(text: &str) -> &str {
    // A drive letter's colon (`C:\data`) does not end the source.
    let skip = match text.as_bytes() {
        [drive, b':', b'\\', ..] if drive.is_ascii_alphabetic() => 2,
        _ => 0,
    };
    let mut parts = text[skip..].split(':');
    parts.next();
    parts.next().unwrap_or(text)
}

/// The identity of a short-syntax port, `[ip:][published:]target[/protocol]`, written
/// like the long syntax's so both forms of one port meet; ranges keep their text.
fn short_port(text: &str) -> String {
    let (address, protocol) = text.rsplit_once('/').unwrap_or((text, "tcp"));
    let (ip, rest) = match address.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once("]:") {
            Some((ip, rest)) => (ip, rest),
            None => return text.to_owned(),
        },
        None => ("", address),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let (ip, published, target) = match parts.as_slice() {
        [target] if ip.is_empty() => ("", "", *target),
        [published, target] => (ip, *published, *target),
        [host, published, target] if ip.is_empty() => (*host, *published, *target),
        _ => return text.to_owned(),
    };
    if target.contains('-') || published.contains('-') {
        return text.to_owned();
    }
    port_key(ip, published, target, protocol)
}

fn port_key(ip: &str, published: &str, target: &str, protocol: &str) -> String {
    let ip = if ip == "0.0.0.0" { "" } else { ip };
    format!("{ip}|{published}|{target}|{protocol}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::source::{SourceKind, Sources};

    fn unique(text: &str) -> Node {
        let mut sources = Sources::new();
        let id = sources.add("f.yaml", None, SourceKind::Compose, text.to_owned());
        let mut diagnostics = Diagnostics::new();
        let mut tree = crate::yaml::parse(sources.get(id), id, &mut diagnostics).remove(0);
        enforce(&mut tree);
        tree
    }

    fn texts(tree: &Node, path: &[&str]) -> Vec<String> {
        let mut node = tree;
        for key in path {
            node = node.as_map().unwrap().get(key).unwrap();
        }
        node.as_seq()
            .unwrap()
            .iter()
            .map(|item| match item.as_map() {
                Some(map) => map
                    .iter()
                    .map(|(k, v)| format!("{}={}", k.text, v.as_str().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join(","),
                None => item.as_str().unwrap_or("").to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_last_definition_wins_in_the_first_place() {
        let tree =
            unique("services:\n  web:\n    environment: [A=1, B=2, A=3]\n    cap_add: [X, Y, X]\n");
        assert_eq!(
            texts(&tree, &["services", "web", "environment"]),
            ["A=3", "B=2"]
        );
        assert_eq!(texts(&tree, &["services", "web", "cap_add"]), ["X", "Y"]);
    }

    #[test]
    fn volumes_are_identified_by_their_target() {
        let tree = unique(
            "services:\n  web:\n    volumes:\n      - a:/data\n      - /logs\n      - C:\\\\x:/win\n      - {type: bind, source: ./b, target: /data}\n      - ./c:/win:ro\n",
        );
        assert_eq!(
            texts(&tree, &["services", "web", "volumes"]),
            ["type=bind,source=./b,target=/data", "/logs", "./c:/win:ro"]
        );
    }

    #[test]
    fn ports_are_identified_by_address_published_target_and_protocol() {
        let tree = unique(
            "services:\n  web:\n    ports:\n      - '8080:80'\n      - 80\n      - '8080:80/udp'\n      - {target: 80, published: '8080'}\n      - '0.0.0.0:8080:80'\n      - '[::1]:8080:80'\n      - '9000-9001:9000-9001'\n",
        );
        assert_eq!(
            texts(&tree, &["services", "web", "ports"]),
            [
                "0.0.0.0:8080:80",
                "80",
                "8080:80/udp",
                "[::1]:8080:80",
                "9000-9001:9000-9001"
            ]
        );
    }

    #[test]
    fn secrets_and_configs_are_identified_by_their_mount_path() {
        let tree = unique(
            "services:\n  web:\n    secrets:\n      - a\n      - {source: b, target: /run/secrets/a}\n    configs:\n      - a\n      - {source: a, target: /etc/a}\n",
        );
        assert_eq!(
            texts(&tree, &["services", "web", "secrets"]),
            ["source=b,target=/run/secrets/a"]
        );
        assert_eq!(
            texts(&tree, &["services", "web", "configs"]),
            ["a", "source=a,target=/etc/a"]
        );
    }

    #[test]
    fn other_lists_are_left_alone() {
        let tree = unique("services:\n  web:\n    command: [a, a]\nx-list: [a, a]\n");
        assert_eq!(texts(&tree, &["services", "web", "command"]), ["a", "a"]);
        assert_eq!(texts(&tree, &["x-list"]), ["a", "a"]);
    }

    #[test]
    fn service_network_aliases_are_unique() {
        let tree =
            unique("services:\n  web:\n    networks:\n      front:\n        aliases: [a, b, a]\n");
        assert_eq!(
            texts(&tree, &["services", "web", "networks", "front", "aliases"]),
            ["a", "b"]
        );
    }
}
