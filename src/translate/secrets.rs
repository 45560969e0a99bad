//! The stack's top-level `secrets` and `configs`.
//!
//! Input: `secrets: {db_password: {file: ./db_password.txt}}`, `external`, `name`,
//! `labels`, `driver`, `template_driver`; the same for configs; the site profile's
//! `secrets` section. Output: each object with exactly one source. Swarm secrets and
//! configs are immutable, so one made from a file is named after its content:
//! `<name or key>_<first 10 hex digits of the SHA-256 of the file>`. A changed file
//! becomes a new object that the services move to on the next deploy; an unchanged one
//! keeps its name, and a stack whose name already ends in the file's hash compiles to
//! itself. A name ending in an older hash gets the current one.
//!
//! The site decides how a secret exists on its cluster: `external: true` makes it an
//! existing swarm secret (named `name`, else the compose name), `file` reads it from a
//! file next to the profile (`SW387`). Without the site, `environment` and `content`
//! sources are refused (`SW331`), because a stack would have to carry the value. A
//! secret's file that is missing is an error (`SW386`). No value is ever written into
//! the stack or a diagnostic: passes see only the hash and size of each file. A file
//! as large as swarm refuses (500 KiB for a secret, 1000 KiB for a config) is refused
//! (`SW388`).

use std::path::Path;

use crate::compose::{HostPath, Keys, Mapping, PathAnchor, Text};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{SiteSecret, pointer};
use crate::source::Span;
use crate::spanned::Spanned;
use crate::swarm;
use crate::swarm::StoredObject;

use super::host_paths::stack_path;
use super::volumes::strings;
use super::{Cx, FileFact, HASH_LEN, Origin};

/// What a secret and a config have in common.
struct Object<'a> {
    /// `secrets` or `configs`.
    section: &'static str,
    kind: StoredObject,
    key: &'a Spanned<Text>,
    keys: &'a Keys,
    name: Option<&'a Spanned<Text>>,
    file: Option<&'a Spanned<HostPath>>,
    external: bool,
    labels: &'a Mapping,
}

/// A file-backed object's `file` and `name`, or `None` when the file is unusable.
struct FileSource {
    file: String,
    name: Option<String>,
}

pub(super) fn secrets(cx: &mut Cx<'_>, stack: &mut swarm::Stack) {
    let project = cx.project();
    for (key, secret) in &project.secrets {
        let object = Object {
            section: "secrets",
            kind: StoredObject::Secret,
            key: &secret.key,
            keys: &secret.keys,
            name: secret.name.as_ref(),
            file: secret.file.as_ref(),
            external: secret.is_external(),
            labels: &secret.labels,
        };
        cx.origins
            .record(Origin::object("secrets", key), secret.key.span);
        let template_driver = template_driver(secret.template_driver.as_ref());
        let mut out = swarm::Secret {
            labels: strings(&secret.labels),
            ..swarm::Secret::default()
        };
        if let Some(site_secret) = cx.site().secrets.get(key.as_str()) {
            if let Some(out) = from_site(cx, &object, site_secret, template_driver) {
                stack.secrets.insert(key.to_string(), out);
            }
            continue;
        }
        if object.external {
            out.external = true;
            out.name = object.name.map(|n| n.value.to_string());
            out.labels.clear();
        } else if let Some(file) = object.file {
            let Some(source) = file_source(cx, &object, file) else {
                continue;
            };
            out.file = Some(source.file);
            out.name = source.name;
            out.template_driver = template_driver;
        } else if let Some(driver) = &secret.driver {
            out.driver = Some(driver.value.to_string());
            out.driver_opts = strings(&secret.driver_opts);
            out.name = object.name.map(|n| n.value.to_string());
            out.template_driver = template_driver;
        } else {
            refuse_source(cx, &object);
            continue;
        }
        stack.secrets.insert(key.to_string(), out);
    }
}

pub(super) fn configs(cx: &mut Cx<'_>, stack: &mut swarm::Stack) {
    let project = cx.project();
    for (key, config) in &project.configs {
        let object = Object {
            section: "configs",
            kind: StoredObject::Config,
            key: &config.key,
            keys: &config.keys,
            name: config.name.as_ref(),
            file: config.file.as_ref(),
            external: config.is_external(),
            labels: &config.labels,
        };
        cx.origins
            .record(Origin::object("configs", key), config.key.span);
        let mut out = swarm::Config {
            labels: strings(object.labels),
            ..swarm::Config::default()
        };
        if object.external {
            out.external = true;
            out.name = object.name.map(|n| n.value.to_string());
            out.labels.clear();
        } else if let Some(file) = object.file {
            let Some(source) = file_source(cx, &object, file) else {
                continue;
            };
            out.file = Some(source.file);
            out.name = source.name;
            out.template_driver = template_driver(config.template_driver.as_ref());
        } else {
            refuse_source(cx, &object);
            continue;
        }
        stack.configs.insert(key.to_string(), out);
    }
    credential_spec_configs(cx, stack);
}

/// docker finds a `credential_spec`'s config among the service's configs by the
/// config's name, or by its key prefixed with the stack's name, while its loader wants
/// the key of a top-level config: a config renamed by its content's hash satisfies
/// neither unless its key is that name too. Such a config is keyed by its name, and
/// the references to it follow (keeping the file name they had in the container).
fn credential_spec_configs(cx: &mut Cx<'_>, stack: &mut swarm::Stack) {
    let renamed: Vec<(String, String)> = stack
        .services
        .values()
        .filter_map(|service| match &service.credential_spec {
            Some(swarm::CredentialSpec::Config(key)) => {
                let name = stack.configs.get(key)?.name.clone()?;
                (name != *key && !stack.configs.contains_key(&name)).then(|| (key.clone(), name))
            }
            _ => None,
        })
        .collect();
    for (key, name) in renamed {
        let Some(config) = stack.configs.remove(&key) else {
            continue;
        };
        stack.configs.insert(name.clone(), config);
        if let Some(span) = cx.origins.get(&Origin::object("configs", &key)) {
            cx.origins.record(Origin::object("configs", &name), span);
        }
        for service in stack.services.values_mut() {
            for reference in &mut service.configs {
                if reference.source == key {
                    reference.target.get_or_insert_with(|| key.clone());
                    reference.source.clone_from(&name);
                }
            }
            if let Some(swarm::CredentialSpec::Config(spec)) = &mut service.credential_spec
                && *spec == key
            {
                spec.clone_from(&name);
            }
        }
    }
}

fn template_driver(driver: Option<&Spanned<Text>>) -> Option<swarm::TemplateDriver> {
    driver
        .filter(|d| d.value.as_str() == "golang")
        .map(|_| swarm::TemplateDriver::Golang)
}

/// A secret as the site profile provides it.
fn from_site(
    cx: &mut Cx<'_>,
    object: &Object<'_>,
    site_secret: &SiteSecret,
    template_driver: Option<swarm::TemplateDriver>,
) -> Option<swarm::Secret> {
    let site = cx.site();
    let key = object.key.value.as_str();
    let here = pointer(&["secrets", key]);
    let site_span = site.locate(&here).map(|at| at.key_or_value());
    let mut out = swarm::Secret::default();
    let how = if site_secret.external {
        out.external = true;
        out.name = Some(
            site_secret
                .name
                .clone()
                .or_else(|| object.name.map(|n| n.value.to_string()))
                .unwrap_or_else(|| key.to_owned()),
        );
        format!(
            "the existing swarm secret `{}`",
            out.name.as_deref().unwrap_or(key)
        )
    } else if let Some(file) = &site_secret.file {
        let resolved = site.resolve(file);
        let path = HostPath {
            anchor: if Path::new(file).is_absolute() {
                PathAnchor::Absolute
            } else {
                PathAnchor::Relative
            },
            path: resolved,
            written: Text::new(file),
        };
        let at = site
            .locate(&crate::site::child(&here, "file"))
            .map(|at| at.value)
            .or(site_span)
            .unwrap_or(object.key.span);
        let explicit = site_secret
            .name
            .as_deref()
            .or_else(|| object.name.map(|n| n.value.as_str()));
        let source = hashed_file(cx, object, &path, at, explicit)?;
        cx.origins
            .record(Origin::object(object.section, key).field("file"), at);
        out.file = Some(source.file);
        out.name = source.name;
        out.labels = strings(object.labels);
        out.template_driver = template_driver;
        format!("the file `{file}` next to the site profile")
    } else {
        // The site's schema requires one of `external` and `file`; nothing to change.
        return None;
    };
    let mut diagnostic = Diagnostic::new(
        &rules::SECRET_FROM_SITE,
        format!("secret `{key}` is {how}, as the site profile says"),
    )
    .at(object.key.span)
    .label("provided by the site")
    .help(if out.external {
        "create it before deploying (`docker secret create`)"
    } else {
        "nothing to do"
    });
    if let Some(span) = site_span {
        diagnostic = diagnostic.also(span, "the site's secret");
    }
    cx.report(diagnostic);
    Some(out)
}

/// The `file` and `name` of an object made from a compose `file:`.
fn file_source(
    cx: &mut Cx<'_>,
    object: &Object<'_>,
    file: &Spanned<HostPath>,
) -> Option<FileSource> {
    cx.origins.record(
        Origin::object(object.section, object.key.value.as_str()).field("file"),
        file.span,
    );
    hashed_file(
        cx,
        object,
        &file.value,
        file.span,
        object.name.map(|n| n.value.as_str()),
    )
}

/// The stack's `file` for `path`, and a name ending in the hash of its content; reports
/// a file that cannot be read, at `at`.
fn hashed_file(
    cx: &mut Cx<'_>,
    object: &Object<'_>,
    path: &HostPath,
    at: Span,
    explicit: Option<&str>,
) -> Option<FileSource> {
    let key = object.key.value.as_str();
    let file = stack_path(cx.input, path);
    let problem = match cx.input.files.get(&path.path) {
        Some(FileFact::Hashed { hash, size }) => {
            if object.kind.too_large(*size) {
                let limit = object.kind.size_limit();
                cx.report(
                    Diagnostic::new(
                        &rules::SECRET_TOO_LARGE,
                        format!(
                            "file `{}` of {} `{key}` holds {size} bytes, swarm stores less than {limit}",
                            path.written, object.kind.noun()
                        ),
                    )
                    .at(at)
                    .label("too large for a swarm object")
                    .help("mount the content from a volume or ship it in the image instead"),
                );
                return None;
            }
            return Some(FileSource {
                file,
                name: Some(hashed_name(key, explicit, hash)),
            });
        }
        // Not read (a path from `~`): the name stays as written.
        None => {
            return Some(FileSource {
                file,
                name: explicit.map(str::to_owned),
            });
        }
        Some(FileFact::Missing) => "does not exist".to_owned(),
        Some(FileFact::Unreadable(why)) => format!("cannot be read: {why}"),
    };
    cx.report(
        Diagnostic::new(
            &rules::SECRET_FILE_MISSING,
            format!(
                "file `{}` of {} `{key}` {problem}",
                path.written, object.kind.noun()
            ),
        )
        .at(at)
        .label("docker stack deploy reads this file")
        .also(object.key.span, format!("the {} it holds", object.kind.noun()))
        .help(format!(
            "create the file, correct the path, or declare the {} `external: true` and create it with `docker {} create`",
            object.kind.noun(),
            object.kind.noun()
        )),
    );
    None
}

/// `environment:` and `content:` sources, which a stack cannot carry.
fn refuse_source(cx: &mut Cx<'_>, object: &Object<'_>) {
    let key = object.key.value.as_str();
    let Some((source, span)) = ["environment", "content"]
        .iter()
        .find_map(|k| object.keys.get(k).map(|span| (*k, span)))
    else {
        // Lowering reports an object with no source at all.
        return;
    };
    let help = if object.kind == StoredObject::Secret {
        format!(
            "create the secret ahead (`docker secret create`) and declare it in the site profile (`secrets.{key}.external: true`), or point `file:` at a file"
        )
    } else {
        "write the content into a file and point `file:` at it, or create the config ahead and declare it `external: true`".to_owned()
    };
    cx.report(
        Diagnostic::new(
            &rules::SECRET_SOURCE_UNSUPPORTED,
            format!(
                "{} `{key}` takes its value from `{source}`, which a stack cannot carry",
                object.kind.noun()
            ),
        )
        .at(span)
        .label("docker's stack loader refuses this source")
        .help(help),
    );
}

/// `<base>_<hash>`: the explicit name without an earlier hash, or the key, cut so that
/// the whole stays within swarm's 64 characters and starts with a letter or digit.
pub(super) fn hashed_name(key: &str, explicit: Option<&str>, hash: &str) -> String {
    let base = explicit.map_or(key, strip_hash);
    let base = base.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let room = 64 - 1 - HASH_LEN;
    let base: String = base.chars().take(room).collect();
    if base.is_empty() {
        hash.to_owned()
    } else {
        format!("{base}_{hash}")
    }
}

/// `name` without a trailing `_<10 hex digits>`.
fn strip_hash(name: &str) -> &str {
    let Some(cut) = name.len().checked_sub(HASH_LEN + 1) else {
        return name;
    };
    let (base, suffix) = (name.get(..cut), name.get(cut..));
    match (base, suffix) {
        (Some(base), Some(suffix))
            if !base.is_empty()
                && suffix.starts_with('_')
                && suffix[1..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            base
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_in_the_current_hash_once() {
        let hash = "0123456789";
        assert_eq!(hashed_name("db", None, hash), "db_0123456789");
        assert_eq!(hashed_name("db", Some("pw"), hash), "pw_0123456789");
        // The stack swarmc wrote compiles to itself, and an old hash is replaced.
        assert_eq!(
            hashed_name("db", Some("db_0123456789"), hash),
            "db_0123456789"
        );
        assert_eq!(
            hashed_name("db", Some("db_abcdefabcd"), hash),
            "db_0123456789"
        );
        assert_eq!(hashed_name("_x", None, hash), "x_0123456789");
        let long = "a".repeat(80);
        assert_eq!(hashed_name(&long, None, hash).len(), 64);
    }
}
