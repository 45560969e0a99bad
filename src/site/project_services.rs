//! The one check of a site profile that needs the project: that every entry under
//! `services` names a service the project has. It runs wherever both are read
//! (`compile`, `check`, `plan`, `lint`, `site check -f`), not with the profile's own
//! checks, which know no project.

use crate::compose::Project;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::suggest::did_you_mean;

use super::{Site, pointer};

/// Warns about each site entry for a service `project` does not have.
pub fn check_service_names(site: &Site, project: &Project, diagnostics: &mut Diagnostics) {
    let names: Vec<&str> = project.services.keys().map(|k| k.as_str()).collect();
    for name in site.services.keys() {
        if names.contains(&name.as_str()) {
            continue;
        }
        let at = site
            .locate(&pointer(&["services", name]))
            .map(|l| l.key_or_value());
        let diagnostic = Diagnostic::new(
            &rules::SITE_UNKNOWN_SERVICE,
            format!("the project has no service `{name}`"),
        )
        .at_opt(at);
        diagnostics.push(match did_you_mean(name, &names) {
            Some(suggestion) => diagnostic
                .label(format!("did you mean `{suggestion}`?"))
                .help(format!("write `{suggestion}`; these settings apply to no service")),
            None => diagnostic.help(
                "name a service of the project, enable the profile that has it, or remove the entry",
            ),
        });
    }
}
