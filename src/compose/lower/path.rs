//! Host paths: anchored (absolute, relative to the file that wrote them, or to the home
//! directory) and lexically normalised, as compose resolves them.

use std::path::{Component, Path, PathBuf};

use super::cx::Cx;
use crate::compose::model::{HostPath, PathAnchor, Text};
use crate::spanned::Spanned;
use crate::yaml::Node;

impl Cx<'_> {
    /// Resolves `written`, which `node` holds, against the base directory of the file
    /// `node` was written in.
    pub(super) fn host_path(&mut self, node: &Node, written: &str) -> Spanned<HostPath> {
        let base = self.base(node.span.source);
        Spanned::from_node(resolve(base, written), node)
    }
}

pub(super) fn resolve(base: &Path, written: &str) -> HostPath {
    let (anchor, path) = if written == "~" {
        (PathAnchor::Home, PathBuf::new())
    } else if let Some(rest) = written.strip_prefix("~/") {
        (PathAnchor::Home, normalize(Path::new(rest)))
    } else if is_windows_absolute(written) {
        (PathAnchor::Absolute, PathBuf::from(written))
    } else if Path::new(written).is_absolute() {
        (PathAnchor::Absolute, normalize(Path::new(written)))
    } else {
        (PathAnchor::Relative, normalize(&base.join(written)))
    };
    HostPath {
        path,
        written: Text::new(written),
        anchor,
    }
}

/// `C:\x`, `C:/x` or `\\server\share`: absolute on the Windows machine that wrote it.
pub(super) fn is_windows_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.starts_with("\\\\")
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'\\' | b'/'))
}

/// Removes `.` and resolves `..` without touching the file system (`..` never climbs
/// above the root, or above the start of a relative path).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_base_and_are_normalised() {
        let p = resolve(Path::new("/proj"), "./data/../conf/./app.ini");
        assert_eq!(p.path, PathBuf::from("/proj/conf/app.ini"));
        assert_eq!(p.anchor, PathAnchor::Relative);
        assert_eq!(p.written, "./data/../conf/./app.ini");
        assert_eq!(
            resolve(Path::new("/proj"), "data").path,
            PathBuf::from("/proj/data")
        );
        assert_eq!(
            resolve(Path::new("/proj"), "../x").path,
            PathBuf::from("/x")
        );
    }

    #[test]
    fn absolute_home_and_windows_paths_keep_their_anchor() {
        let abs = resolve(Path::new("/proj"), "/srv//data/");
        assert_eq!(
            (abs.anchor, abs.path),
            (PathAnchor::Absolute, PathBuf::from("/srv/data"))
        );
        let home = resolve(Path::new("/proj"), "~/certs");
        assert_eq!(
            (home.anchor, home.path),
            (PathAnchor::Home, PathBuf::from("certs"))
        );
        let win = resolve(Path::new("/proj"), "C:\\data");
        assert_eq!(win.anchor, PathAnchor::Absolute);
        assert_eq!(resolve(Path::new("/"), "/../..").path, PathBuf::from("/"));
    }
}
