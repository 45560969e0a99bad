//! `build`: a context path or URL, or the full build mapping.

use super::cx::{Cx, Place};
use crate::compose::model::{Build, BuildContext, Keys, Mapping, Syntax, Text};
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::Node;

pub(super) const BUILD_KEYS: &[&str] = &[
    "additional_contexts",
    "args",
    "cache_from",
    "cache_to",
    "context",
    "dockerfile",
    "dockerfile_inline",
    "entitlements",
    "extra_hosts",
    "isolation",
    "labels",
    "network",
    "no_cache",
    "platforms",
    "privileged",
    "pull",
    "secrets",
    "shm_size",
    "ssh",
    "tags",
    "target",
    "ulimits",
];

/// Whether a build context names a remote source rather than a directory.
fn is_remote(context: &str) -> bool {
    context.contains("://") || context.starts_with("git@") || context.starts_with("github.com/")
}

impl Cx<'_> {
    pub(super) fn build(&mut self, node: &Node) -> Option<Build> {
        let mut build = Build {
            span: node.span,
            syntax: Syntax::Long,
            keys: Keys::new(),
            context: None,
            dockerfile: None,
            dockerfile_inline: None,
            args: Mapping::default(),
            ssh: Mapping::default(),
            labels: Mapping::default(),
            cache_from: Vec::new(),
            cache_to: Vec::new(),
            no_cache: None,
            additional_contexts: Mapping::default(),
            network: None,
            pull: None,
            target: None,
            shm_size: None,
            extra_hosts: Vec::new(),
            isolation: None,
            privileged: None,
            secrets: Vec::new(),
            tags: Vec::new(),
            ulimits: Vec::new(),
            platforms: Vec::new(),
            entitlements: Vec::new(),
        };
        if node.as_map().is_none() {
            let context = self.string(node, Place::Key("build"))?;
            build.syntax = Syntax::Short;
            build.context = Some(self.build_context(node, context));
            return Some(build);
        }
        build.keys = self.fields(node, Place::Key("build"), BUILD_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "context" => {
                    build.context = cx.string(v, p).map(|c| cx.build_context(v, c));
                }
                "dockerfile" => build.dockerfile = cx.string(v, p),
                "dockerfile_inline" => build.dockerfile_inline = cx.string(v, p),
                "args" => build.args = cx.mapping(v, p),
                "ssh" => build.ssh = cx.mapping(v, p),
                "labels" => build.labels = cx.mapping(v, p),
                "cache_from" => build.cache_from = cx.strings(v, p),
                "cache_to" => build.cache_to = cx.strings(v, p),
                "no_cache" => build.no_cache = cx.bool(v, p),
                "additional_contexts" => build.additional_contexts = cx.mapping(v, p),
                "network" => build.network = cx.string(v, p),
                "pull" => build.pull = cx.bool(v, p),
                "target" => build.target = cx.string(v, p),
                "shm_size" => build.shm_size = cx.size(v, p),
                "extra_hosts" => build.extra_hosts = cx.extra_hosts(v, p),
                "isolation" => build.isolation = cx.string(v, p),
                "privileged" => build.privileged = cx.bool(v, p),
                "secrets" => build.secrets = cx.file_refs(v, "secrets"),
                "tags" => build.tags = cx.strings(v, p),
                "ulimits" => build.ulimits = cx.ulimits(v, p),
                "platforms" => build.platforms = cx.strings(v, p),
                "entitlements" => build.entitlements = cx.strings(v, p),
                _ => {}
            }
        })?;
        if let (Some(file), Some(inline)) = (&build.dockerfile, &build.dockerfile_inline) {
            self.report(
                &rules::CONFLICTING_KEYS,
                inline.span,
                "`dockerfile` and `dockerfile_inline` cannot be used together".to_owned(),
            )
            .also(file.span, "`dockerfile` is set here")
            .help("keep one of the two");
        }
        Some(build)
    }

    fn build_context(&mut self, node: &Node, context: Spanned<Text>) -> Spanned<BuildContext> {
        if is_remote(&context.value) {
            return context.map(BuildContext::Url);
        }
        let path = self.host_path(node, &context.value);
        path.map(BuildContext::Path)
    }
}
