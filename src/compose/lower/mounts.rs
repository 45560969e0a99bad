//! A service's `volumes`. The short syntax (`[source:]target[:options]`) is split as
//! compose splits it (a drive letter's colon is not a separator) and typed as compose
//! types it: a source starting with `.`, `/`, `~` or a drive letter is a bind mount,
//! any other source a named volume, no source an anonymous volume.

use super::cx::{Cx, Place, part_of, sub_span};
use super::fields::Field;
use super::path::is_windows_absolute;
use super::units::is_fractional_size;
use crate::compose::model::{
    BindOptions, BindRecursive, ImageOptions, Keys, Mount, MountKind, MountSource, Propagation,
    SeLinux, Syntax, Text, TmpfsOptions, VolumeOptions,
};
use crate::rules;
use crate::spanned::Spanned;
use crate::suggest::did_you_mean;
use crate::yaml::{Node, NodeKind, ScalarValue};

pub(super) const MOUNT_KEYS: &[&str] = &[
    "bind",
    "consistency",
    "image",
    "read_only",
    "source",
    "target",
    "tmpfs",
    "type",
    "volume",
];
pub(super) const BIND_KEYS: &[&str] = &["create_host_path", "propagation", "recursive", "selinux"];
pub(super) const VOLUME_KEYS: &[&str] = &["labels", "nocopy", "subpath"];
pub(super) const TMPFS_KEYS: &[&str] = &["mode", "size"];
pub(super) const IMAGE_KEYS: &[&str] = &["subpath"];

/// The options the short syntax accepts after the second colon.
const SHORT_OPTIONS: &[&str] = &[
    "ro",
    "rw",
    "nocopy",
    "z",
    "Z",
    "rprivate",
    "private",
    "rshared",
    "shared",
    "rslave",
    "slave",
    "cached",
    "delegated",
    "consistent",
];

/// The colon-separated parts of a short-syntax volume, with their byte ranges.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ShortMount<'t> {
    pub(super) source: Option<(&'t str, (usize, usize))>,
    pub(super) target: (&'t str, (usize, usize)),
    pub(super) options: Option<(&'t str, (usize, usize))>,
}

/// A problem in a short-syntax volume, about a byte range of it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct MountError {
    pub(super) range: (usize, usize),
    pub(super) message: String,
}

pub(super) fn split_short_mount(text: &str) -> Result<ShortMount<'_>, MountError> {
    if text.is_empty() {
        return Err(MountError {
            range: (0, 0),
            message: "empty volume".to_owned(),
        });
    }
    let mut parts: Vec<(&str, (usize, usize))> = Vec::with_capacity(3);
    let mut start = 0;
    // Colons inside `${...}` (left by an escaped `$${VAR:-a:b}`) do not separate, as in
    // compose-go, which counts the braces opened by `${`.
    let mut depth = 0usize;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let drive_letter =
            i == start + 1 && text[start..i].chars().all(|c| c.is_ascii_alphabetic());
        match c {
            '{' if previous == Some('$') || depth > 0 => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = Some(c);
        if c == ':' && !drive_letter && depth == 0 {
            parts.push((&text[start..i], (start, i)));
            start = i + 1;
        }
    }
    parts.push((&text[start..], (start, text.len())));
    if let Some((_, range)) = parts.iter().find(|(part, _)| part.is_empty()) {
        return Err(MountError {
            range: *range,
            message: format!("empty part between colons in `{text}`"),
        });
    }
    match parts.as_slice() {
        [target] => Ok(ShortMount {
            source: None,
            target: *target,
            options: None,
        }),
        [source, target] => Ok(ShortMount {
            source: Some(*source),
            target: *target,
            options: None,
        }),
        [source, target, options] => Ok(ShortMount {
            source: Some(*source),
            target: *target,
            options: Some(*options),
        }),
        [_, _, _, extra, ..] => Err(MountError {
            range: (extra.1.0.saturating_sub(1), text.len()),
            message: format!("too many colons in `{text}`"),
        }),
        [] => Err(MountError {
            range: (0, text.len()),
            message: "empty volume".to_owned(),
        }),
    }
}

/// Whether a short-syntax source names a host path rather than a volume.
pub(super) fn is_host_path(source: &str) -> bool {
    source.starts_with(['.', '/', '~'])
        || source.starts_with("\\\\")
        || (source.len() >= 2
            && source.as_bytes()[0].is_ascii_alphabetic()
            && source.as_bytes()[1] == b':')
}

/// A path inside the container: `/...` or a Windows drive path (`C:\data`); a lone
/// `\` is relative to the drive, which docker refuses. Named pipes (`\\.\pipe\x`) are
/// the targets of `npipe` mounts only.
fn is_absolute_target(target: &str) -> bool {
    target.starts_with('/') || (is_windows_absolute(target) && !target.starts_with("\\\\"))
}

/// A named pipe, `\\HOST\pipe\NAME` (either slash), the target of an `npipe` mount.
fn is_pipe_target(target: &str) -> bool {
    let is_separator = |c: char| c == '\\' || c == '/';
    let mut parts = target.split(is_separator);
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(""), Some(""), Some(host), Some("pipe")) if !host.is_empty()
    ) && parts.next().is_some_and(|name| !name.is_empty())
}

impl Cx<'_> {
    pub(super) fn mounts(&mut self, node: &Node, place: Place<'_>) -> Vec<Mount> {
        let Some(items) = self.list(node, place) else {
            return Vec::new();
        };
        let mut mounts = Vec::with_capacity(items.len());
        for item in items {
            let mount = match &item.kind {
                NodeKind::Map(_) => self.long_mount(item),
                NodeKind::Scalar(scalar) => match scalar.value() {
                    ScalarValue::Str(text) => self.short_mount(item, text),
                    ScalarValue::Null => {
                        self.wrong_type(item, Place::Item("volumes"), "a string or a mapping");
                        None
                    }
                    _ => {
                        self.unquoted(item, Place::Item("volumes"));
                        None
                    }
                },
                NodeKind::Seq(_) => {
                    self.wrong_type(item, Place::Item("volumes"), "a string or a mapping");
                    None
                }
            };
            mounts.extend(mount);
        }
        mounts
    }

    fn short_mount(&mut self, item: &Node, text: &str) -> Option<Mount> {
        let short = match split_short_mount(text) {
            Ok(short) => short,
            Err(error) => {
                self.invalid_part(
                    item,
                    error.range,
                    error.message,
                    "write it as `source:target[:options]`, for example `./data:/data:ro`",
                );
                return None;
            }
        };
        let part = |value: &str, range: (usize, usize)| part_of(item, Text::new(value), range);
        let target = part(short.target.0, short.target.1);
        self.check_target(item, &target, Some(short.target.1));
        let (kind, source) = match short.source {
            None => (Spanned::new(MountKind::Volume, item.span), None),
            Some((source, range)) if is_host_path(source) => {
                let mut path = self.host_path(item, source);
                path.span = sub_span(item, range.0, range.1);
                (
                    Spanned::new(MountKind::Bind, path.span),
                    Some(MountSource::Host(path)),
                )
            }
            Some((source, range)) => {
                let name = part(source, range);
                (
                    Spanned::new(MountKind::Volume, name.span),
                    Some(MountSource::Volume(name)),
                )
            }
        };
        let mut mount = Mount {
            span: item.span,
            syntax: Syntax::Short,
            keys: Keys::new(),
            kind,
            source,
            target,
            read_only: None,
            consistency: None,
            bind: None,
            volume: None,
            tmpfs: None,
            image: None,
        };
        if let Some((options, range)) = short.options {
            self.short_mount_options(item, &mut mount, options, range.0);
        }
        Some(mount)
    }

    fn short_mount_options(
        &mut self,
        item: &Node,
        mount: &mut Mount,
        options: &str,
        mut at: usize,
    ) {
        for option in options.split(',') {
            let range = (at, at + option.len());
            at += option.len() + 1;
            match option {
                "ro" | "rw" => mount.read_only = Some(part_of(item, option == "ro", range)),
                "nocopy" => {
                    mount.volume.get_or_insert_with(Box::default).nocopy =
                        Some(part_of(item, true, range));
                }
                "cached" | "delegated" | "consistent" => {
                    mount.consistency = Some(part_of(item, Text::new(option), range));
                }
                _ => {
                    if let Some(selinux) = SeLinux::parse(option) {
                        mount.bind.get_or_insert_with(Box::default).selinux =
                            Some(part_of(item, selinux, range));
                    } else if let Some(propagation) = Propagation::parse(option) {
                        mount.bind.get_or_insert_with(Box::default).propagation =
                            Some(part_of(item, propagation, range));
                    } else {
                        // Options are two to ten letters; one typo is a likely slip.
                        let close = did_you_mean(option, SHORT_OPTIONS).or_else(|| {
                            SHORT_OPTIONS
                                .iter()
                                .copied()
                                .find(|o| strsim::levenshtein(o, option) == 1)
                        });
                        let help = match close {
                            Some(s) => format!("use `{s}`"),
                            None => "use `ro`, `rw`, `nocopy`, `z`, `Z` or a propagation such as `rshared`, or remove it".to_owned(),
                        };
                        // compose-go ignores an option it does not know.
                        self.report(
                            &rules::VOLUME_OPTION_IGNORED,
                            sub_span(item, range.0, range.1),
                            format!("unknown volume option `{option}` is ignored"),
                        )
                        .help(help);
                    }
                }
            }
        }
    }

    /// A service's `tmpfs`: `PATH[:OPTIONS]` entries, whose path must be absolute and
    /// whose `size=` must be a whole number of bytes, as docker requires.
    pub(super) fn tmpfs_entries(&mut self, node: &Node, place: Place<'_>) -> Vec<Spanned<Text>> {
        let entries = self.string_or_list(node, place);
        entries
            .into_iter()
            .filter(|entry| {
                let text = entry.value.as_str();
                let (target, options) = text.split_once(':').unwrap_or((text, ""));
                if !is_absolute_target(target) {
                    self.report(
                        &rules::INVALID_VALUE,
                        entry.span,
                        format!("tmpfs target `{target}` is not an absolute path"),
                    )
                    .help("write the path inside the container, starting with `/`");
                    return false;
                }
                let fractional = options
                    .split(',')
                    .filter_map(|option| option.trim().strip_prefix("size="))
                    .find(|size| is_fractional_size(size));
                if let Some(size) = fractional {
                    self.report(
                        &rules::INVALID_VALUE,
                        entry.span,
                        format!("tmpfs size `{size}` is not a whole number of bytes"),
                    )
                    .help("write a whole number of bytes, or a size such as `64m`");
                    return false;
                }
                true
            })
            .collect()
    }

    fn check_target(&mut self, item: &Node, target: &Spanned<Text>, range: Option<(usize, usize)>) {
        if is_absolute_target(&target.value) {
            return;
        }
        let message = format!("mount target `{}` is not an absolute path", target.value);
        let help = "write the path inside the container, starting with `/`";
        match range {
            Some(range) => self.invalid_part(item, range, message, help),
            None => self.invalid(item, message, help),
        }
    }

    fn long_mount(&mut self, item: &Node) -> Option<Mount> {
        let mut kind = None;
        let mut source = None;
        let mut target = None;
        let mut mount = Mount {
            span: item.span,
            syntax: Syntax::Long,
            keys: Keys::new(),
            kind: Spanned::new(MountKind::Volume, item.span),
            source: None,
            target: Spanned::new(Text::default(), item.span),
            read_only: None,
            consistency: None,
            bind: None,
            volume: None,
            tmpfs: None,
            image: None,
        };
        let keys = self.fields(item, Place::Item("volumes"), MOUNT_KEYS, |cx, f| {
            match f.name {
                "type" => {
                    kind = cx.keyword(f.value, f.place(), MountKind::parse, MountKind::VALUES);
                }
                "source" => source = cx.string(f.value, f.place()).map(|s| (s, f.value)),
                "target" => target = cx.string(f.value, f.place()).map(|t| (t, f.value)),
                _ => cx.mount_field(&mut mount, &f),
            }
        })?;
        mount.keys = keys;
        let Some(kind) = kind else {
            if !mount.keys.contains_key("type") {
                self.missing(
                    item.span,
                    "volume has no `type`".to_owned(),
                    "add `type:` with `bind`, `volume`, `tmpfs`, `npipe`, `cluster` or `image`",
                );
            }
            return None;
        };
        let Some((target, target_node)) = target else {
            if !mount.keys.contains_key("target") {
                self.missing(
                    item.span,
                    "volume has no `target`".to_owned(),
                    "add `target:` with the path inside the container",
                );
            }
            return None;
        };
        if kind.value == MountKind::Npipe {
            if !is_pipe_target(&target.value) {
                self.invalid(
                    target_node,
                    format!("npipe target `{}` is not a named pipe", target.value),
                    "write the pipe's path, such as `\\\\.\\pipe\\docker_engine`",
                );
            }
        } else {
            self.check_target(target_node, &target, None);
        }
        mount.target = target;
        mount.source = match (kind.value, source) {
            (MountKind::Bind, Some((source, node))) => {
                Some(MountSource::Host(self.host_path(node, &source.value)))
            }
            (MountKind::Bind, None) => {
                self.missing(
                    item.span,
                    "bind mount has no `source`".to_owned(),
                    "add `source:` with the path on the host",
                );
                None
            }
            (MountKind::Volume, Some((source, _))) => Some(MountSource::Volume(source)),
            (MountKind::Tmpfs, Some((_, node))) => {
                self.report(
                    &rules::CONFLICTING_KEYS,
                    node.span,
                    "a `tmpfs` mount has no `source`".to_owned(),
                )
                .help("remove `source`");
                None
            }
            (_, Some((source, _))) => Some(MountSource::Other(source)),
            (_, None) => None,
        };
        mount.kind = kind;
        self.check_mount_options(&mount);
        Some(mount)
    }

    fn mount_field(&mut self, mount: &mut Mount, f: &Field<'_>) {
        let (v, p) = (f.value, f.place());
        match f.name {
            "read_only" => mount.read_only = self.bool(v, p),
            "consistency" => mount.consistency = self.string(v, p),
            "bind" => {
                let mut bind = BindOptions::default();
                if let Some(keys) = self.fields(v, p, BIND_KEYS, |cx, f| {
                    let (v, p) = (f.value, f.place());
                    match f.name {
                        "propagation" => {
                            bind.propagation =
                                cx.keyword(v, p, Propagation::parse, Propagation::VALUES);
                        }
                        "create_host_path" => bind.create_host_path = cx.bool(v, p),
                        "selinux" => {
                            bind.selinux = cx.keyword(v, p, SeLinux::parse, SeLinux::VALUES)
                        }
                        "recursive" => {
                            bind.recursive =
                                cx.keyword(v, p, BindRecursive::parse, BindRecursive::VALUES);
                        }
                        _ => {}
                    }
                }) {
                    bind.keys = keys;
                    mount.bind = Some(Box::new(bind));
                }
            }
            "volume" => {
                let mut volume = VolumeOptions::default();
                if let Some(keys) = self.fields(v, p, VOLUME_KEYS, |cx, f| {
                    let (v, p) = (f.value, f.place());
                    match f.name {
                        "nocopy" => volume.nocopy = cx.bool(v, p),
                        "subpath" => volume.subpath = cx.string(v, p),
                        "labels" => volume.labels = cx.mapping(v, p),
                        _ => {}
                    }
                }) {
                    volume.keys = keys;
                    mount.volume = Some(Box::new(volume));
                }
            }
            "tmpfs" => {
                let mut tmpfs = TmpfsOptions::default();
                if let Some(keys) = self.fields(v, p, TMPFS_KEYS, |cx, f| match f.name {
                    "size" => tmpfs.size = cx.whole_size(f.value, f.place()),
                    "mode" => tmpfs.mode = cx.file_mode(f.value, f.place(), 0o7777),
                    _ => {}
                }) {
                    tmpfs.keys = keys;
                    mount.tmpfs = Some(Box::new(tmpfs));
                }
            }
            "image" => {
                let mut image = ImageOptions::default();
                if let Some(keys) = self.fields(v, p, IMAGE_KEYS, |cx, f| {
                    if f.name == "subpath" {
                        image.subpath = cx.string(f.value, f.place());
                    }
                }) {
                    image.keys = keys;
                    mount.image = Some(Box::new(image));
                }
            }
            _ => {}
        }
    }

    /// Option blocks must match the mount type (`bind:` only on a bind mount, ...).
    fn check_mount_options(&mut self, mount: &Mount) {
        let kind = mount.kind.value;
        let blocks = [
            ("bind", MountKind::Bind),
            ("volume", MountKind::Volume),
            ("tmpfs", MountKind::Tmpfs),
            ("image", MountKind::Image),
        ];
        for (key, applies_to) in blocks {
            if kind == applies_to {
                continue;
            }
            if let Some(span) = mount.keys.get(key) {
                self.report(
                    &rules::CONFLICTING_KEYS,
                    span,
                    format!(
                        "`{key}` options do not apply to a `{}` mount",
                        kind.as_str()
                    ),
                )
                .also(mount.kind.span, "the mount type is set here")
                .help(format!("remove `{key}`, or set `type: {key}`"));
            }
        }
    }
}
