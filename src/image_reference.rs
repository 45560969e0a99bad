//! Docker's image references, `[registry/]repository[:tag][@digest]`: how docker splits
//! one into its parts, so that every reader of an image (translation, the lint rules, the
//! deploy plan) finds the same registry, repository and tag in it, and docker's grammar,
//! so that a reference docker would refuse at deploy time is refused at compile time, at
//! its line:
//!
//! ```text
//! reference  := name [ ":" tag ] [ "@" digest ]
//! name       := [ domain "/" ] component ( "/" component )*
//! domain     := host [ ":" port ]          (only when the first part looks like a host)
//! component  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//! tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//! digest     := algorithm ":" hex  (sha256 with 64 hex digits)
//! ```

/// The registry docker pulls from when a reference names none.
pub const DEFAULT_REGISTRY: &str = "docker.io";

/// The parts of an image reference, borrowed from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The registry and the repository, as written (`registry.lab:5000/team/app`).
    pub name: &'a str,
    /// The registry host (and port) when the reference names one.
    pub registry: Option<&'a str>,
    /// The path under the registry (`library/postgres`, `bitnami/redis`, `postgres`).
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Splits a reference the way docker's reference grammar does: a digest follows the
    /// first `@`; a tag follows a `:` after the last `/` (one before it belongs to a host
    /// port); the first path component is a registry when something follows it and it
    /// contains `.` or `:`, or is `localhost`. Any text splits, valid or not.
    pub fn parse(text: &'a str) -> ImageRef<'a> {
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (text, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].find(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, path)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first), path)
            }
            _ => (None, name),
        };
        ImageRef {
            name,
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// The registry docker pulls this image from.
    pub fn registry(&self) -> &'a str {
        self.registry.unwrap_or(DEFAULT_REGISTRY)
    }

    /// The repository's path components, lowercased words split on `-`, `_` and `.`
    /// (`confluentinc/cp-kafka` gives `confluentinc`, `cp`, `kafka`).
    pub fn words(&self) -> impl Iterator<Item = String> + 'a {
        self.repository
            .split(['/', '-', '_', '.'])
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
    }
}

/// Whether a registry host names the same registry as `other`: hosts compare without
/// case, and Docker Hub answers to several names.
pub fn same_registry(one: &str, other: &str) -> bool {
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

/// Why a reference is invalid, worded for a diagnostic; `None` when it is valid.
pub fn problem(reference: &str) -> Option<&'static str> {
    if reference.is_empty() {
        return Some("the reference is empty");
    }
    if reference.chars().any(char::is_whitespace) {
        return Some("a reference cannot contain spaces");
    }
    let parts = ImageRef::parse(reference);
    if let Some(digest) = parts.digest {
        if let Some(problem) = digest_problem(digest) {
            return Some(problem);
        }
    }
    if let Some(tag) = parts.tag {
        if tag.is_empty() {
            return Some("the tag after `:` is empty");
        }
        if !valid_tag(tag) {
            return Some(
                "the tag may hold letters, digits, `_`, `.` and `-` (at most 128, not starting with `.` or `-`)",
            );
        }
    }
    name_problem(parts.name)
}

fn digest_problem(digest: &str) -> Option<&'static str> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Some("the digest must be `algorithm:hex`, as in `sha256:…`");
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b));
    let hex_ok = hex.len() >= 32
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    if !algorithm_ok || !hex_ok || (algorithm == "sha256" && hex.len() != 64) {
        return Some("the digest must be `sha256:` followed by 64 lower-case hex digits");
    }
    None
}

fn valid_tag(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    bytes.len() <= 128
        && (bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b))
}

fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("the repository name is empty");
    }
    if name.len() > 255 {
        return Some("the repository name is longer than 255 characters");
    }
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or_default();
    let has_more = name.contains('/');
    // Docker treats the first part as a registry host when it has a `.` or a `:`, or is
    // `localhost`, and something follows it.
    let is_domain = has_more && (first.contains(['.', ':']) || first == "localhost");
    if is_domain {
        if !valid_domain(first) {
            return Some("the registry host is not a valid host name with an optional port");
        }
    } else if let Some(problem) = component_problem(first) {
        return Some(problem);
    }
    for part in parts {
        if let Some(problem) = component_problem(part) {
            return Some(problem);
        }
    }
    None
}

fn component_problem(component: &str) -> Option<&'static str> {
    if component.is_empty() {
        return Some("the repository name has an empty part between `/`");
    }
    if component.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("the repository name must be lower case");
    }
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Some("each part of the repository name must start and end with a letter or digit");
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        let ok = separator == "."
            || separator == "_"
            || separator == "__"
            || separator.bytes().all(|b| b == b'-');
        if !ok {
            return Some("the repository name may separate words only with `.`, `_`, `__` or `-`");
        }
    }
    None
}

fn valid_domain(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (domain, None),
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    if host.starts_with('[') && host.ends_with(']') {
        return host[1..host.len() - 1]
            .parse::<std::net::Ipv6Addr>()
            .is_ok();
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
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
    #[test]
    fn valid_references_pass() {
        for reference in [
            "nginx",
            "nginx:1.27",
            "library/nginx:latest",
            "registry.example.com/team/app:1.4",
            "registry.example.com:5000/team/app",
            "localhost/app:dev",
            "localhost:5000/app",
            "my_app__x/sub-part.v2:TAG_1.0-rc",
            "ghcr.io/owner/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(problem(reference), None, "{reference}");
        }
    }

    #[test]
    fn invalid_references_are_explained() {
        assert_eq!(problem("postgres:"), Some("the tag after `:` is empty"));
        assert_eq!(
            problem("Postgres:16"),
            Some("the repository name must be lower case")
        );
        assert_eq!(problem(""), Some("the reference is empty"));
        assert_eq!(problem("a b"), Some("a reference cannot contain spaces"));
        assert!(problem("app@sha256:xyz").is_some());
        assert!(problem("team//app").is_some());
        assert!(problem("-app").is_some());
        assert!(problem("app:.bad").is_some());
        assert!(problem("<registry>/<repository>/openmpf:<tag>").is_some());
        assert!(problem("registry.example.com:/app").is_some());
    }
}
