//! Where each service may run, decided once per translation: its mode, how many
//! tasks it starts, every placement constraint it will have with where each came
//! from, and the site's nodes that may take its tasks by the scheduler's one
//! eligibility rule. The site passes and the network sizing read it from [`Cx`]
//! instead of working it out again, so that they cannot disagree.

use std::collections::HashMap;

use crate::compose::{Project, Service};
use crate::site;

use super::Cx;
use super::site_nodes::{
    compose_constraints, eligible_for, keep_off_constraints, local_data, pin_constraints, replicas,
    runs_global, settings,
};

/// Where a placement constraint came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ConstraintOrigin {
    /// `deploy.placement.constraints` in the compose file.
    Compose,
    /// The site's `services.NAME.pin`.
    SitePin,
    /// The site's `services.NAME.keep_off`.
    SiteKeepOff,
    /// The `storage.local_paths` entry (by key) holding data the service mounts.
    LocalData(String),
}

/// One service's resolved placement.
#[derive(Debug)]
pub(crate) struct Placement<'a> {
    /// One task per eligible node, as the site (else the compose file) says.
    pub(crate) global: bool,
    /// The replicas of a replicated service, as the site (else the compose file) says.
    pub(crate) replicas: u64,
    /// Every constraint the service will have on this site, in the order written to
    /// the stack, with its origin.
    pub(crate) constraints: Vec<(String, ConstraintOrigin)>,
    /// The site's nodes that may take its tasks, in the profile's order.
    pub(crate) eligible: Vec<&'a site::Node>,
}

impl Placement<'_> {
    /// The tasks the service starts: one per eligible node when global, else its
    /// replicas.
    pub(crate) fn tasks(&self) -> u64 {
        if self.global {
            self.eligible.len() as u64
        } else {
            self.replicas
        }
    }
}

/// Every service's placement, by service name.
pub(crate) fn resolve<'a>(cx: &Cx<'a>, project: &'a Project) -> HashMap<&'a str, Placement<'a>> {
    project
        .services
        .iter()
        .map(|(name, service)| (name.as_str(), resolve_one(cx, service)))
        .collect()
}

fn resolve_one<'a>(cx: &Cx<'a>, service: &Service) -> Placement<'a> {
    let site = cx.site();
    let mut constraints: Vec<(String, ConstraintOrigin)> = compose_constraints(service)
        .into_iter()
        .map(|c| (c, ConstraintOrigin::Compose))
        .collect();
    if let Some(settings) = settings(cx, service) {
        if let Some(pin) = &settings.pin {
            constraints.extend(
                pin_constraints(pin)
                    .into_iter()
                    .map(|c| (c, ConstraintOrigin::SitePin)),
            );
        }
        if let Some(keep_off) = &settings.keep_off {
            constraints.extend(
                keep_off_constraints(keep_off)
                    .into_iter()
                    .map(|c| (c, ConstraintOrigin::SiteKeepOff)),
            );
        }
    }
    for data in local_data(cx, service) {
        let origin = ConstraintOrigin::LocalData(data.path.to_owned());
        constraints.extend(
            pin_constraints(data.selector)
                .into_iter()
                .map(|c| (c, origin.clone())),
        );
    }
    let written: Vec<String> = constraints.iter().map(|(c, _)| c.clone()).collect();
    Placement {
        global: runs_global(site, service),
        replicas: replicas(site, service),
        eligible: eligible_for(site, &written),
        constraints,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::compile::{CompileOptions, analyze};
    use crate::diagnostic::Diagnostics;
    use crate::env::Environment;
    use crate::fs::MemoryFs;
    use crate::translate::{FileFacts, Input};

    #[test]
    fn a_service_is_placed_once_with_every_constraint_and_its_origin() {
        let mut fs = MemoryFs::new();
        fs.insert(
            "/p/compose.yaml",
            b"services:\n  agent:\n    image: a:1\n    deploy:\n      mode: global\n      placement:\n        constraints: [node.role == worker]\n  db:\n    image: b:1\n    deploy:\n      replicas: 2\n"
                .to_vec(),
        );
        fs.insert(
            "/p/site.yaml",
            b"nodes:\n  - { hostname: m1, role: manager }\n  - { hostname: w1, labels: { zone: a } }\n  - { hostname: w2, labels: { zone: b } }\nservices:\n  agent:\n    keep_off: { labels: { zone: b } }\n  db:\n    replicas: 1\n    pin: { role: manager }\n"
                .to_vec(),
        );
        let options = CompileOptions {
            files: vec![PathBuf::from("compose.yaml")],
            working_dir: PathBuf::from("/p"),
            output_dir: PathBuf::from("/p"),
            site: Some(PathBuf::from("site.yaml")),
            ..CompileOptions::default()
        };
        let analysis = analyze(&options, &[], &fs, &[]);
        let site = analysis.site.expect("the site reads");
        let project = analysis.projects[0]
            .project
            .as_ref()
            .expect("the project reads");
        let env = Environment::default();
        let files = FileFacts::default();
        let input = Input {
            project,
            site: &site,
            env: &env,
            output_dir: Path::new("/p"),
            project_dir: Path::new("/p"),
            files: &files,
        };
        let mut diagnostics = Diagnostics::new();
        let cx = Cx::new(&input, &mut diagnostics);
        let hostnames = |p: &Placement<'_>| -> Vec<String> {
            p.eligible.iter().map(|n| n.hostname.clone()).collect()
        };

        // A global service runs on the workers the site does not keep it off: one task.
        let agent = cx.placement(&project.services["agent"]).unwrap();
        assert!(agent.global);
        assert_eq!(hostnames(agent), ["w1"]);
        assert_eq!(agent.tasks(), 1);
        assert_eq!(
            agent.constraints,
            [
                ("node.role == worker".to_owned(), ConstraintOrigin::Compose),
                (
                    "node.labels.zone != b".to_owned(),
                    ConstraintOrigin::SiteKeepOff
                ),
            ]
        );
        // The site's replicas and pin replace the compose file's.
        let db = cx.placement(&project.services["db"]).unwrap();
        assert_eq!((db.global, db.replicas, db.tasks()), (false, 1, 1));
        assert_eq!(hostnames(db), ["m1"]);
        assert_eq!(
            db.constraints,
            [("node.role == manager".to_owned(), ConstraintOrigin::SitePin)]
        );
    }
}
