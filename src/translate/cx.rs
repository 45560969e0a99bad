//! What every pass can see: the inputs of the translation, the diagnostics sink and the
//! provenance table.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use super::placements::{self, Placement};
use super::ports::PortIndex;
use super::{FileFacts, Origins};
use crate::compose::{Project, Service};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::env::Environment;
use crate::site::Site;

/// The inputs of a translation.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub project: &'a Project,
    pub site: &'a Site,
    /// The variables `environment` entries written without a value take theirs from,
    /// as compose resolves them: the process environment, the site's `env`, `.env`.
    pub env: &'a Environment,
    /// The directory the stack is written to: relative host paths in the stack are
    /// relative to it, as `docker stack deploy` reads them.
    pub output_dir: &'a Path,
    /// The project directory: its name is the project's name when compose `name` is not
    /// set, and relative paths in the site profile's `storage.path_translation` are
    /// relative to it.
    pub project_dir: &'a Path,
    /// What the files of secrets and configs hold, read by the driver.
    pub files: &'a FileFacts,
}

/// The context passes run in.
pub struct Cx<'a> {
    pub input: &'a Input<'a>,
    pub origins: Origins,
    diagnostics: &'a mut Diagnostics,
    /// Built on first use from the compose model, which does not change during a run.
    port_index: OnceCell<PortIndex>,
    /// The services that link to each service, in project order; built on first use.
    linked_by: OnceCell<HashMap<&'a str, Vec<&'a Service>>>,
    /// Where each service may run, resolved once on first use.
    placements: OnceCell<HashMap<&'a str, Placement<'a>>>,
}

impl<'a> Cx<'a> {
    pub fn new(input: &'a Input<'a>, diagnostics: &'a mut Diagnostics) -> Cx<'a> {
        Cx {
            input,
            origins: Origins::default(),
            diagnostics,
            port_index: OnceCell::new(),
            linked_by: OnceCell::new(),
            placements: OnceCell::new(),
        }
    }

    /// Where `service` may run: its mode, tasks, constraints and eligible nodes,
    /// resolved once for every service of the project.
    pub(super) fn placement(&self, service: &Service) -> Option<&Placement<'a>> {
        self.placements
            .get_or_init(|| placements::resolve(self, self.input.project))
            .get(service.name.value.as_str())
    }

    /// Every published port of the project, indexed by port.
    pub(super) fn published_ports(&self) -> &PortIndex {
        self.port_index
            .get_or_init(|| PortIndex::build(self.input.project))
    }

    /// The services with a `links` entry naming `service`, in project order.
    pub(super) fn linked_by(&self, service: &str) -> &[&'a Service] {
        let project = self.input.project;
        self.linked_by
            .get_or_init(|| {
                let mut index: HashMap<&'a str, Vec<&'a Service>> = HashMap::new();
                for linker in project.services.values() {
                    let mut targets: Vec<&str> = linker
                        .links
                        .iter()
                        .map(|link| link.value.service.value.as_str())
                        .collect();
                    targets.dedup();
                    for target in targets {
                        let linkers = index.entry(target).or_default();
                        if !linkers.iter().any(|l| std::ptr::eq(*l, linker)) {
                            linkers.push(linker);
                        }
                    }
                }
                index
            })
            .get(service)
            .map_or(&[], Vec::as_slice)
    }

    pub fn project(&self) -> &'a Project {
        self.input.project
    }

    pub fn site(&self) -> &'a Site {
        self.input.site
    }

    pub fn env(&self) -> &'a Environment {
        self.input.env
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// How many diagnostics the sink holds, for telling which a pass reported.
    pub(super) fn reported(&self) -> usize {
        self.diagnostics.len()
    }
}
