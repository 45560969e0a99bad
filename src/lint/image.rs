//! Image references as docker reads them (`[registry/]repository[:tag][@digest]`), for
//! the rules about which image a service runs and where it comes from.

/// The registry docker pulls from when a reference names none.
pub(super) const DEFAULT_REGISTRY: &str = "docker.io";

/// The parts of an image reference, borrowed from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ImageRef<'a> {
    /// The registry host (and port) when the reference names one.
    pub(super) registry: Option<&'a str>,
    /// The path under the registry (`library/postgres`, `bitnami/redis`, `postgres`).
    pub(super) repository: &'a str,
    pub(super) tag: Option<&'a str>,
    pub(super) digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Splits a reference the way docker's reference grammar does: the first path
    /// component is a registry when it contains `.` or `:`, or is `localhost`; a tag is
    /// a `:` after the last `/`; a digest follows `@`.
    pub(super) fn parse(text: &'a str) -> ImageRef<'a> {
        let (name, digest) = match text.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (text, None),
        };
        let (registry, path) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first), rest)
            }
            _ => (None, name),
        };
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match path[last_slash..].rfind(':') {
            Some(colon) => {
                let at = last_slash + colon;
                (&path[..at], Some(&path[at + 1..]))
            }
            None => (path, None),
        };
        ImageRef {
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// The registry docker pulls this image from.
    pub(super) fn registry(&self) -> &'a str {
        self.registry.unwrap_or(DEFAULT_REGISTRY)
    }

    /// The repository's path components, lowercased words split on `-`, `_` and `.`
    /// (`confluentinc/cp-kafka` gives `confluentinc`, `cp`, `kafka`).
    pub(super) fn words(&self) -> impl Iterator<Item = String> + 'a {
        self.repository
            .split(['/', '-', '_', '.'])
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
    }
}

/// Whether a registry host names the same registry as `other`: hosts compare without
/// case, and Docker Hub answers to several names.
pub(super) fn same_registry(one: &str, other: &str) -> bool {
    let canonical = |host: &str| {
        let host = host.to_ascii_lowercase();
        match host.as_str() {
            "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => {
                DEFAULT_REGISTRY.to_owned()
            }
            _ => host,
        }
    };
    canonical(one) == canonical(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        let image = ImageRef::parse(text);
        (image.registry, image.repository, image.tag, image.digest)
    }

    #[test]
    fn references_split_as_docker_splits_them() {
        assert_eq!(parts("nginx"), (None, "nginx", None, None));
        assert_eq!(parts("nginx:1.27"), (None, "nginx", Some("1.27"), None));
        assert_eq!(
            parts("bitnami/redis:7.2"),
            (None, "bitnami/redis", Some("7.2"), None)
        );
        assert_eq!(
            parts("registry.lab:5000/team/app"),
            (Some("registry.lab:5000"), "team/app", None, None)
        );
        assert_eq!(
            parts("localhost/app:dev"),
            (Some("localhost"), "app", Some("dev"), None)
        );
        assert_eq!(
            parts("ghcr.io/org/app:1.0@sha256:abc"),
            (Some("ghcr.io"), "org/app", Some("1.0"), Some("sha256:abc"))
        );
        assert_eq!(
            parts("postgres@sha256:abc"),
            (None, "postgres", None, Some("sha256:abc"))
        );
    }

    #[test]
    fn docker_hub_has_one_identity() {
        assert_eq!(ImageRef::parse("postgres:16").registry(), "docker.io");
        assert!(same_registry("docker.io", "index.docker.io"));
        assert!(same_registry("Registry.Lab:5000", "registry.lab:5000"));
        assert!(!same_registry("registry.lab:5000", "registry.lab"));
    }

    #[test]
    fn words_split_repository_components() {
        let words: Vec<String> = ImageRef::parse("confluentinc/cp-kafka:7.6")
            .words()
            .collect();
        assert_eq!(words, ["confluentinc", "cp", "kafka"]);
    }
}
