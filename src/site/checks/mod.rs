//! Semantic checks of a site profile: what the schema cannot express because it relates
//! one value to another (a pinned hostname to the node list, a subnet to the host
//! networks, a keepalive to the IPVS timeout), or because swarm itself would refuse it.
//! Each runs on the typed [`Site`] and reports at the values involved.

mod network;
mod nodes;
mod selectors;
mod shape;

use super::profile::Site;
use super::spans::display_path;
use crate::diagnostic::Diagnostics;
use crate::source::Span;

/// Runs every check; `whole` is where to point about values the profile does not write.
pub(super) fn check(site: &Site, whole: Span, diagnostics: &mut Diagnostics) {
    let at = At { site, whole };
    nodes::check(&at, diagnostics);
    selectors::check(&at, diagnostics);
    network::check(&at, diagnostics);
    shape::check(&at, diagnostics);
}

/// Finds spans in the profile by JSON pointer.
struct At<'a> {
    site: &'a Site,
    whole: Span,
}

impl At<'_> {
    /// The value at `pointer`, or the nearest written ancestor.
    fn value(&self, pointer: &str) -> Span {
        self.site
            .spans
            .nearest(pointer)
            .map_or(self.whole.start_point(), |l| l.value)
    }

    /// The key of the entry at `pointer` (its value for list items), or the nearest
    /// written ancestor's.
    fn key(&self, pointer: &str) -> Span {
        self.site
            .spans
            .nearest(pointer)
            .map_or(self.whole.start_point(), |l| l.key_or_value())
    }

    /// Whether the profile writes the value at `pointer` (rather than a default).
    fn is_written(&self, pointer: &str) -> bool {
        self.site.spans.get(pointer).is_some()
    }
}

/// `` `services.mongo.pin` `` for messages.
fn quoted(pointer: &str) -> String {
    format!("`{}`", display_path(pointer))
}
