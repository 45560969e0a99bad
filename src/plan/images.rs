//! Images the project builds. Swarm never builds: every node pulls each image by name,
//! so an image built from source must be pushed, under the name the stack gives it (in
//! the site's registry, unless it names another), before the deploy, after logging in
//! to each registry it goes to. Build arguments are passed by name only, taking their values from
//! the environment of whoever builds, because a value may be a password.

use std::path::Path;

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use crate::compose::{Build, BuildContext};
use crate::fs::relative_to;
use crate::image_reference::ImageRef;

/// `build` keys that change what is built and that the `docker build` command here
/// does not pass; a service using one is built by hand.
const BY_HAND: [&str; 11] = [
    "dockerfile_inline",
    "additional_contexts",
    "ssh",
    "secrets",
    "network",
    "extra_hosts",
    "shm_size",
    "ulimits",
    "isolation",
    "privileged",
    "entitlements",
];

#[derive(Clone, Debug, Serialize)]
pub struct Images {
    /// The registries to log in to before pushing, each once: the site's first when an
    /// image goes there, then the others the images name.
    pub logins: Vec<String>,
    pub builds: Vec<ImageBuild>,
}

/// One image to build and push.
#[derive(Clone, Debug, Serialize)]
pub struct ImageBuild {
    /// The compose service.
    pub service: String,
    /// The name nodes pull.
    pub image: String,
    /// The build context: a directory relative to the plan, or a URL.
    pub context: String,
    /// The Dockerfile, relative to the plan, when not the context's `Dockerfile`.
    pub dockerfile: Option<String>,
    pub target: Option<String>,
    /// Names of build arguments, passed without values.
    pub args: Vec<String>,
    pub platforms: Vec<String>,
    /// `build` keys this command leaves out.
    pub by_hand: Vec<&'static str>,
    /// Whether the image is pushed after it is built.
    pub push: Push,
}

/// Where a built image goes for the nodes to pull it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Push {
    /// To the registry its name gives (Docker Hub when it names no registry host).
    Registry,
    /// Nowhere it could go: it names no registry host and no namespace, so it would be
    /// pushed to Docker Hub's official library, which takes no pushes, and no node but
    /// the one that built it could pull it.
    Impossible,
}

pub(super) fn images(input: &Input<'_>) -> Option<Step> {
    let builds: Vec<ImageBuild> = input
        .project
        .services
        .iter()
        .filter_map(|(name, service)| {
            let build = service.build.as_deref()?;
            let image = &input.stack.services.get(name.as_str())?.image;
            (!image.is_empty()).then(|| image_build(input, name, image, build))
        })
        .collect();
    if builds.is_empty() {
        return None;
    }
    let mut logins: Vec<String> = Vec::new();
    let site = input.site.registry.as_ref().map(|r| r.address.as_str());
    let pushed = builds
        .iter()
        .filter(|b| b.push == Push::Registry)
        .filter_map(|b| ImageRef::parse(&b.image).registry);
    for registry in site
        .filter(|site| pushed.clone().any(|r| r == *site))
        .into_iter()
        .chain(pushed)
    {
        if !logins.iter().any(|l| l == registry) {
            logins.push(registry.to_owned());
        }
    }
    Some(Step {
        name: "images",
        function: "images",
        title: "Build and push the images",
        runs_on: RunsOn::project(),
        detail: Detail::Images(Images { logins, builds }),
    })
}

fn image_build(input: &Input<'_>, service: &str, image: &str, build: &Build) -> ImageBuild {
    let reference = ImageRef::parse(image);
    let push = if reference.registry.is_none()
        && (!reference.repository.contains('/') || reference.repository.starts_with("library/"))
    {
        Push::Impossible
    } else {
        Push::Registry
    };
    let dir = |path: &Path| relative_to(path, input.output_dir).display().to_string();
    let (context, context_dir) = match build.context.as_ref().map(|c| &c.value) {
        Some(BuildContext::Path(path)) => (dir(&path.path), Some(path.path.clone())),
        Some(BuildContext::Url(url)) => (url.to_string(), None),
        None => (
            dir(input.project_dir),
            Some(input.project_dir.to_path_buf()),
        ),
    };
    let dockerfile = build.dockerfile.as_ref().map(|written| match &context_dir {
        Some(context) => dir(&crate::fs::resolve(
            context,
            Path::new(written.value.as_str()),
        )),
        None => written.value.to_string(),
    });
    ImageBuild {
        service: service.to_owned(),
        image: image.to_owned(),
        context,
        dockerfile,
        target: build.target.as_ref().map(|t| t.value.to_string()),
        args: build.args.iter().map(|(name, _)| name.to_owned()).collect(),
        platforms: build
            .platforms
            .iter()
            .map(|p| p.value.to_string())
            .collect(),
        by_hand: BY_HAND
            .iter()
            .copied()
            .filter(|key| build.keys.contains_key(key))
            .collect(),
        push,
    }
}
