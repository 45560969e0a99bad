//! `image` and `build`: swarm never builds; every node pulls the image by name.
//!
//! Input: `image: registry.example.com/app:1.4` with or without `build`.
//! Output: `image` as written, once it is a reference docker accepts; `build` left out with a warning (the image must be built
//! and pushed before deploying); a service with `build` and no `image` (or a `provider`
//! instead of a container) is refused, since no node could pull anything.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::{Cx, image_reference};

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
        if let Some(build_key) = service.key_span("build") {
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
