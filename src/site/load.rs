//! Reading a site profile: YAML with spans, then JSON checked against the site schema,
//! then the typed [`Site`] and its semantic checks. Every problem on the way is a
//! located diagnostic; the profile is used only if none of them is an error.

use std::path::Path;

use super::checks;
use super::profile::Site;
use super::schema::{SchemaAt, schema};
use super::spans::SiteSpans;
use super::tree::to_json;
use super::validate::validate;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fs::FileSystem;
use crate::read::read_source;
use crate::rules;
use crate::source::{SourceId, SourceKind, Sources, Span};
use crate::yaml;

/// Reads, validates and checks the site profile at `path` (already resolved against the
/// working directory). Returns `None`, with the reasons in `diagnostics`, unless the
/// profile loads without errors; warnings are allowed.
pub fn load_site(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let id = read_source(fs, sources, path, SourceKind::Site, None, diagnostics)?;
    let mut site = load_source(sources, id, diagnostics)?;
    site.base_dir = Some(path.parent().map(Path::to_path_buf).unwrap_or_default());
    Some(site)
}

/// The values of `env.vars` marked `secret: true`, read from the YAML tree so that they
/// are known even when the profile does not match its schema.
fn secret_values(document: &yaml::Node) -> Vec<(String, Span)> {
    let vars = document
        .as_map()
        .and_then(|m| m.get("env"))
        .and_then(yaml::Node::as_map)
        .and_then(|m| m.get("vars"))
        .and_then(yaml::Node::as_map);
    let Some(vars) = vars else {
        return Vec::new();
    };
    vars.iter()
        .filter_map(|(_, var)| var.as_map())
        .filter(|var| {
            var.get("secret")
                .and_then(yaml::Node::as_scalar)
                .is_some_and(|s| s.value() == yaml::ScalarValue::Bool(true))
        })
        .filter_map(|var| var.get("value"))
        .filter_map(|node| Some((node.as_scalar()?.text.to_string(), node.span)))
        .collect()
}

/// Loads a profile already in `sources` (a file, or the embedded default site).
pub fn load_source(
    sources: &mut Sources,
    id: SourceId,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    load_checked(sources, id, true, diagnostics)
}

/// Loads a profile already in `sources`, checking it against the site schema only when
/// `check_schema`: the types still read it, and the semantic checks still run.
pub(super) fn load_checked(
    sources: &mut Sources,
    id: SourceId,
    check_schema: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let before = diagnostics.len();
    let file = sources.get(id);
    let whole = Span::new(id, 0, file.text.len());
    let documents = yaml::parse(file, id, diagnostics);
    // Before anything can report a problem next to them, even in a profile that is not
    // valid otherwise.
    for document in &documents {
        for (value, span) in secret_values(document) {
            if value.chars().count() >= crate::source::MIN_SECRET_LEN {
                sources.keep_secret_at(span);
            }
            sources.keep_secret(&value);
        }
    }
    let had_errors =
        |diagnostics: &Diagnostics| diagnostics.iter().skip(before).any(Diagnostic::is_error);
    if had_errors(diagnostics) && documents.is_empty() {
        return None;
    }
    let document = match documents.as_slice() {
        [] => None,
        [only] if only.is_null() => None,
        [first, ..] => Some(first),
    };
    let Some(document) = document else {
        diagnostics.push(
            Diagnostic::new(&rules::SITE_NOT_ONE_DOCUMENT, "the site profile is empty")
                .at(whole.start_point())
                .help(
                    "describe the cluster's `nodes`; `swarmc site default` prints a starting point",
                ),
        );
        return None;
    };
    if let Some(second) = documents.get(1) {
        diagnostics.push(
            Diagnostic::new(
                &rules::SITE_NOT_ONE_DOCUMENT,
                format!("the site profile holds {} documents", documents.len()),
            )
            .at(second.span.start_point())
            .label("a second document starts here")
            .help("keep one document per profile, and one profile per cluster"),
        );
    }

    let mut spans = SiteSpans::new();
    let json = to_json(
        document,
        Some(SchemaAt::root(schema())),
        "",
        None,
        &mut spans,
    );
    if check_schema && !validate(&json, &spans, whole, diagnostics) {
        return None;
    }
    let mut site: Site = match serde_json::from_value(json) {
        Ok(site) => site,
        Err(error) => {
            // The schema accepts only what the types read; this is a bug in swarmc.
            diagnostics.push(
                Diagnostic::new(
                    &rules::SITE_SCHEMA_VIOLATION,
                    format!("the site profile cannot be read: {error}"),
                )
                .at(whole.start_point())
                .help("report this bug in swarmc with the profile"),
            );
            return None;
        }
    };
    site.spans = spans;
    checks::check(&site, whole, diagnostics);
    (!had_errors(diagnostics)).then_some(site)
}
