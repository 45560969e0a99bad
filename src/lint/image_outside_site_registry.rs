use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::image_reference::{ImageRef, same_registry};

crate::rules::declare_rule! {
    /// ## What it does
    /// When the site profile names a `registry`, reports an `image` that is pulled from
    /// another one (Docker Hub included, for a reference without a registry host).
    /// Without a `registry` in the site, the rule reports nothing.
    ///
    /// ## Why
    /// On a swarm every node pulls the image itself, when a task is first placed there,
    /// and again whenever the task moves. A site that names a registry is one whose
    /// nodes pull from it: a mirror of what the site has vetted, the only registry the
    /// nodes can reach, or the one `docker stack deploy --with-registry-auth` has
    /// credentials for. An image from elsewhere is accepted by `docker stack deploy` and
    /// then fails to pull on the nodes, or runs an image nobody vetted, and a registry
    /// outage or rate limit becomes an outage of the service when a node fails.
    ///
    /// ## Example
    /// With a site profile containing `registry: { address: registry.lab.example.org }`:
    /// ```yaml
    /// services:
    ///   cache:
    ///     image: redis:7.4
    /// ```
    ///
    /// ## Fix
    /// Push or mirror the image into the site's registry and name it there
    /// (`registry.lab.example.org/library/redis:7.4`). If the site's nodes do pull from
    /// other registries, ignore this rule in `swarmc.toml`.
    pub static IMAGE_OUTSIDE_SITE_REGISTRY = ("SW607", "image-outside-site-registry", Warning);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let Some(site) = cx.site else {
        return;
    };
    let Some(registry) = &site.registry else {
        return;
    };
    let named_at = site.locate("/registry/address").map(|l| l.value);
    for service in cx.project.services.values() {
        let Some(image) = &service.image else {
            continue;
        };
        let from = ImageRef::parse(&image.value).registry();
        if same_registry(from, &registry.address) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &IMAGE_OUTSIDE_SITE_REGISTRY,
            format!(
                "image `{}` is pulled from `{from}`, not from the site's registry",
                image.value
            ),
        )
        .at_value(image)
        .label("each node that runs a task pulls it from there");
        if let Some(at) = named_at {
            diagnostic = diagnostic.also(at, "the site's nodes pull from this registry");
        }
        diagnostics.push(diagnostic.help(format!(
            "push or mirror the image to `{}` and name it there",
            registry.address
        )));
    }
}
