//! Host paths on their way into a stack: where the nodes find them and how the stack
//! names them.
//!
//! The compose model holds host paths resolved against the file that wrote them.
//! `docker stack deploy` resolves a relative path against the stack file's directory,
//! so a path written relative is written relative to the output directory (`./site`,
//! `../data`), and compiling the stack again resolves it to the same place: the output
//! is a fixpoint. A path written absolute stays absolute; one written from `~` stays as
//! written, because the home directory belongs to whoever deploys.

use std::path::{Component, Path, PathBuf};

use crate::compose::{HostPath, PathAnchor};
use crate::fs::{normalize, relative_to};
use crate::site::Site;

use super::Input;

/// How the stack names `path`: relative to the output directory when it was written
/// relative, as written otherwise.
pub(super) fn stack_path(input: &Input<'_>, path: &HostPath) -> String {
    match path.anchor {
        PathAnchor::Relative => {
            let relative = relative_to(&path.path, input.output_dir);
            let text = relative.display().to_string();
            if matches!(relative.components().next(), Some(Component::ParentDir)) {
                text
            } else if text == "." {
                "./".to_owned()
            } else {
                format!("./{text}")
            }
        }
        PathAnchor::Absolute => path.path.display().to_string(),
        PathAnchor::Home => path.written.to_string(),
    }
}

/// The node path the site's `storage.path_translation` gives `path`, with the entry
/// that matched (its key as written). The longest matching entry wins.
pub(super) fn translated<'s>(
    input: &Input<'_>,
    site: &'s Site,
    path: &HostPath,
) -> Option<(PathBuf, &'s str)> {
    if path.anchor == PathAnchor::Home {
        return None;
    }
    site.storage
        .path_translation
        .iter()
        .filter_map(|(from, to)| {
            let from_path = if Path::new(from).is_absolute() {
                normalize(Path::new(from))
            } else {
                normalize(&input.project_dir.join(from))
            };
            let rest = path.path.strip_prefix(&from_path).ok()?;
            let depth = from_path.components().count();
            let node = if rest.as_os_str().is_empty() {
                PathBuf::from(to)
            } else {
                Path::new(to).join(rest)
            };
            Some((depth, normalize(&node), from.as_str()))
        })
        .max_by_key(|(depth, _, _)| *depth)
        .map(|(_, node, from)| (node, from))
}

/// The entry of `storage.shared_paths` that `path` lies under, by index.
pub(super) fn shared_root(site: &Site, path: &Path) -> Option<usize> {
    site.storage
        .shared_paths
        .iter()
        .enumerate()
        .filter(|(_, root)| path.starts_with(normalize(Path::new(root.as_str()))))
        .max_by_key(|(_, root)| root.len())
        .map(|(i, _)| i)
}

/// The entry of `storage.local_paths` that `path` lies under, by its key.
pub(super) fn local_root<'s>(site: &'s Site, path: &Path) -> Option<&'s str> {
    site.storage
        .local_paths
        .keys()
        .filter(|root| path.starts_with(normalize(Path::new(root.as_str()))))
        .max_by_key(|root| root.len())
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{Project, Text};
    use crate::env::Environment;
    use crate::translate::FileFacts;

    fn input<'a>(
        project: &'a Project,
        site: &'a Site,
        env: &'a Environment,
        facts: &'a FileFacts,
    ) -> Input<'a> {
        Input {
            project,
            site,
            env,
            output_dir: Path::new("/p/out"),
            project_dir: Path::new("/p"),
            files: facts,
        }
    }

    fn host(path: &str, written: &str, anchor: PathAnchor) -> HostPath {
        HostPath {
            path: PathBuf::from(path),
            written: Text::new(written),
            anchor,
        }
    }

    fn site(yaml_storage: &[(&str, &str)]) -> Site {
        let mut site: Site = serde_json::from_value(serde_json::json!({
            "nodes": [{"hostname": "a"}, {"hostname": "b"}]
        }))
        .expect("site");
        for (from, to) in yaml_storage {
            site.storage
                .path_translation
                .insert((*from).to_owned(), (*to).to_owned());
        }
        site
    }

    #[test]
    fn relative_paths_are_written_relative_to_the_output_directory() {
        let project = Project::default();
        let site = site(&[]);
        let facts = FileFacts::default();
        let env = Environment::new();
        let input = input(&project, &site, &env, &facts);
        let rel = host("/p/data", "./data", PathAnchor::Relative);
        assert_eq!(stack_path(&input, &rel), "../data");
        let inside = host("/p/out/site", "./out/site", PathAnchor::Relative);
        assert_eq!(stack_path(&input, &inside), "./site");
        let abs = host("/srv/x", "/srv/x", PathAnchor::Absolute);
        assert_eq!(stack_path(&input, &abs), "/srv/x");
        let home = host("data", "~/data", PathAnchor::Home);
        assert_eq!(stack_path(&input, &home), "~/data");
    }

    #[test]
    fn the_longest_translation_wins() {
        let project = Project::default();
        let site = site(&[("./data", "/mnt/data"), ("./data/big", "/mnt/big")]);
        let facts = FileFacts::default();
        let env = Environment::new();
        let input = input(&project, &site, &env, &facts);
        let path = host("/p/data/big/x", "./data/big/x", PathAnchor::Relative);
        assert_eq!(
            translated(&input, &site, &path),
            Some((PathBuf::from("/mnt/big/x"), "./data/big"))
        );
        let path = host("/p/data", "./data", PathAnchor::Relative);
        assert_eq!(
            translated(&input, &site, &path),
            Some((PathBuf::from("/mnt/data"), "./data"))
        );
        let other = host("/p/database", "./database", PathAnchor::Relative);
        assert_eq!(translated(&input, &site, &other), None);
    }
}
