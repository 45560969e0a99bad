//! The edge where structured diagnostics become text: miette's graphical report for
//! people, and machine formats for CI. Nothing upstream of this module formats a
//! location or chooses a colour.

mod human;
mod json;
mod location;

pub use human::{HumanOptions, human};
pub use json::json;
pub use location::Location;

use crate::diagnostic::{Diagnostics, Severity};

/// `2 errors, 1 warning` (empty when there is nothing to count).
pub fn summary(diagnostics: &Diagnostics) -> String {
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
    ] {
        match diagnostics.count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    parts.join(", ")
}
