//! `image` and `build`: swarm never builds; every node pulls the image by name.
//!
//! Input: `image: registry.example.com/app:1.4` with or without `build`.
//! Output: `image` as written, once it is a reference docker accepts; `build` left out with a warning (the image must be built
//! and pushed before deploying). A service with `build` and no `image` is given a name in
//! the site's registry, `REGISTRY[/NAMESPACE]/PROJECT_SERVICE:TAG` (the project named as
//! compose names it), with a warning that it must be built and pushed there; without a
//! site registry it is refused, as is a `provider` instead of a container, since no node
//! could pull anything. An image built from source whose name has no registry host
//! (`shop/api:1.0`) would be pushed to Docker Hub, so with a site registry it is named
//! there (`REGISTRY[/NAMESPACE]/shop/api:1.0`).

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::image_reference::{self, ImageRef};
use crate::rules;
use crate::swarm;

use super::Cx;

pub(super) fn image(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = &service.name.value;
    if let Some(image) = &service.image {
        // Text still holding `${` failed to interpolate, which is already reported.
        let interpolation_failed = image.value.contains("${");
        if let Some(problem) =
            image_reference::problem(&image.value).filter(|_| !interpolation_failed)
        {
            cx.report(
                Diagnostic::new(
                    &rules::INVALID_IMAGE_REFERENCE,
                    format!("`{}` is not a valid image reference", image.value),
                )
                .at_value(image)
                .label(problem)
                .help("write `[registry/]repository[:tag][@sha256:digest]`; if a variable is empty here, set it when compiling")
                .note("docker refuses the whole stack: `invalid reference format`"),
            );
        }
        out.image = image.value.to_string();
        let build_key = service.key_span("build");
        if let (Some(build_key), Some(site_image)) = (
            build_key,
            (!interpolation_failed)
                .then(|| rehomed(cx, &image.value))
                .flatten(),
        ) {
            let registry = cx.site().locate("/registry/address").map(|l| l.value);
            let mut diagnostic = Diagnostic::new(
                &rules::IMAGE_NAMED_BY_SITE,
                format!(
                    "service `{name}` runs `{site_image}`, which must be built and pushed first"
                ),
            )
            .at_value(image)
            .label("named in the site's registry");
            if let Some(registry) = registry {
                diagnostic = diagnostic.also(registry, "the site's registry");
            }
            cx.report(
                diagnostic
                    .also(build_key, "built from here, never by the deploy")
                    .help(format!(
                        "build and push `{site_image}` before deploying (`swarmc plan` gives the commands), or write a registry host in `image:`"
                    ))
                    .note("an image named without a registry host is pushed to Docker Hub; every node pulls the image by name"),
            );
            out.image = site_image;
            return;
        }
        if let Some(build_key) = build_key {
            cx.report(
                Diagnostic::new(
                    &rules::BUILD_IGNORED,
                    format!("`build` of service `{name}` is not part of a stack"),
                )
                .at(build_key)
                .label("left out")
                .also(image.span, "nodes pull this image")
                .help(format!(
                    "build and push `{}` before deploying (`docker compose build && docker compose push`)",
                    image.value
                ))
                .note("`docker stack deploy` never builds; every node pulls the image by name"),
            );
        }
        return;
    }
    if let Some(key) = service.key_span("build") {
        if let Some(image) = site_image(cx, service) {
            let registry = cx.site().locate("/registry/address").map(|l| l.value);
            cx.report(
                Diagnostic::new(
                    &rules::IMAGE_NAMED_BY_SITE,
                    format!("service `{name}` runs `{image}`, which must be built and pushed first"),
                )
                .at_opt(registry)
                .label("the site's registry")
                .also(key, "built from here, never by the deploy")
                .help(format!(
                    "build and push `{image}` before deploying (`swarmc plan` gives the commands), or name the image with `image:`"
                ))
                .note("`docker stack deploy` never builds; every node pulls the image by name"),
            );
            out.image = image;
            return;
        }
        cx.report(
            Diagnostic::new(
                &rules::IMAGE_MISSING,
                format!("service `{name}` has `build` but no `image`"),
            )
            .at(key)
            .label("nothing for the nodes to pull")
            .help("add `image:` naming a registry every node can pull from, then build and push it; or give the site profile a `registry`"),
        );
    } else if let Some(key) = service.key_span("provider") {
        cx.report(
            Diagnostic::new(
                &rules::IMAGE_MISSING,
                format!("service `{name}` is run by a `provider`, not from an image"),
            )
            .at(key)
            .help("run the provider's resource outside the stack, or replace it with a service that has an `image`"),
        );
    }
    // A service with neither key was already reported by lowering; `image` stays empty
    // and nothing is emitted because of that error.
}

/// The name in the site's registry of an image built from source that names no registry
/// host: `REGISTRY[/NAMESPACE]/IMAGE`; `None` without a registry, for an image that names
/// a registry or a digest, or when no valid name results.
fn rehomed(cx: &Cx<'_>, image: &str) -> Option<String> {
    let registry = cx.site().registry.as_ref()?;
    if ImageRef::parse(image).registry.is_some()
        || image.contains('@')
        || image_reference::problem(image).is_some()
    {
        return None;
    }
    let rehomed = format!("{}/{image}", registry_prefix(registry));
    image_reference::problem(&rehomed)
        .is_none()
        .then_some(rehomed)
}

/// `REGISTRY[/NAMESPACE]`, lowercased as docker needs.
fn registry_prefix(registry: &crate::site::Registry) -> String {
    let mut prefix = registry.address.trim_end_matches('/').to_owned();
    if let Some(namespace) = &registry.namespace {
        let namespace = namespace.trim_matches('/');
        if !namespace.is_empty() {
            prefix.push('/');
            prefix.push_str(&namespace.to_lowercase());
        }
    }
    prefix
}

/// The name a build-only service's image gets in the site's registry:
/// `REGISTRY[/NAMESPACE]/PROJECT_SERVICE:TAG`, lowercased and with separators docker
/// accepts; `None` without a registry or when no valid name results.
fn site_image(cx: &Cx<'_>, service: &Service) -> Option<String> {
    let registry = cx.site().registry.as_ref()?;
    let project = cx.project().stack_name(cx.input.project_dir);
    let repository = repository_name(&format!("{project}_{}", service.name.value));
    let mut image = registry_prefix(registry);
    image.push('/');
    image.push_str(&repository);
    image.push(':');
    image.push_str(&registry.tag);
    image_reference::problem(&image).is_none().then_some(image)
}

/// A repository path component docker accepts made from `text`: lowercase, and each run
/// of separators that docker does not allow (`._`, `-_`, ...) written as `_`.
fn repository_name(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::new();
    let mut run = String::new();
    for c in lower.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if !run.is_empty() {
                let valid =
                    run == "." || run == "_" || run == "__" || run.chars().all(|c| c == '-');
                if !out.is_empty() {
                    out.push_str(if valid { &run } else { "_" });
                }
                run.clear();
            }
            out.push(c);
        } else if matches!(c, '.' | '_' | '-') {
            run.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_use_separators_docker_accepts() {
        assert_eq!(repository_name("shop_api"), "shop_api");
        assert_eq!(repository_name("shop_Web.UI"), "shop_web.ui");
        assert_eq!(repository_name("shop_-api"), "shop_api");
        assert_eq!(repository_name("shop__api--v2"), "shop__api--v2");
        assert_eq!(repository_name("_shop_api_"), "shop_api");
    }
}
