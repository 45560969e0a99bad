use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::image_reference::ImageRef;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports an `image` with no tag (`nginx`, which docker reads as `nginx:latest`) or
    /// with the tag `latest`. An image pinned by digest (`nginx@sha256:...`) is never
    /// reported, whatever its tag.
    ///
    /// ## Why
    /// `latest` names whatever was pushed last. Every node of a swarm pulls its own copy,
    /// so nodes that pulled at different times can run different images under the same
    /// service. `docker stack deploy` pins the digest it resolves when it can reach the
    /// registry (`--resolve-image never` turns that off), but the next deploy of the same
    /// file silently moves every task to whatever `latest` is then, and the stack file
    /// neither says what is deployed nor can bring back what ran before.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    /// ```
    ///
    /// ## Fix
    /// Name a release (`nginx:1.27.2`), or pin the digest as well
    /// (`nginx:1.27.2@sha256:...`) so that every node runs the same bytes.
    pub static IMAGE_UNPINNED = ("SW606", "image-unpinned", Warning);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        let Some(image) = &service.image else {
            continue;
        };
        let reference = ImageRef::parse(&image.value);
        if reference.digest.is_some() {
            continue;
        }
        let (message, label) = match reference.tag {
            None => (
                format!("image `{}` has no tag", image.value),
                "docker reads this as `latest`",
            ),
            Some("latest") => (
                format!("image `{}` uses the `latest` tag", image.value),
                "`latest` names whatever was pushed last",
            ),
            Some(_) => continue,
        };
        diagnostics.push(
            Diagnostic::new(&IMAGE_UNPINNED, message)
                .at_value(image)
                .label(label)
                .help("name a release tag, and pin its digest (`@sha256:...`) to run the same image on every node"),
        );
    }
}
