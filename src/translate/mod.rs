//! Translation from the resolved compose model to the swarm model, one pass per concern.
//!
//! A service pass reads one `compose::Service` and writes into the `swarm::Service` being
//! built for it; a project pass reads the whole project and writes the stack's top-level
//! objects. Each pass reports, with its own rule, every key it translates, drops or
//! refuses, at the key or value the user wrote; `keys.rs` is the table that says which
//! fate every key has, and the README's key table is rendered from it.
//!
//! Passes read the compose model, the site and the measured files, and write only the
//! swarm model and diagnostics: no I/O, and no pass decides anything from what another
//! pass wrote (a pass reads only the length of a list an earlier one started, to number
//! its own items in `Origins`). The order of the tables below is the order the passes
//! run in, and it shapes the output twice over. Where two passes write the same field,
//! the later replaces it: the site passes run after the compose file's scheduling passes
//! (`deploy`, `scale`, `kernel`, ...) and replace what those wrote for the mode, the
//! replicas, the reservations, the endpoint mode, keepalive `sysctls` and the placement.
//! Where two passes add to the same list (constraints, generic resources, mounts), the
//! earlier pass's items come first. Elsewhere it only decides the order of diagnostics
//! before they are sorted.

mod address_needs;
mod connections;
mod container;
mod cx;
mod depends_on;
mod deploy;
mod dropped;
mod environment;
mod facts;
mod file_refs;
mod gpus;
mod healthcheck;
mod host_access;
mod host_paths;
mod image;
mod kernel;
pub mod keys;
mod mounts;
mod networks;
mod origins;
mod placements;
mod platform;
mod ports;
mod process;
mod resources;
mod restart;
mod scale;
mod secrets;
mod service_name;
mod service_networks;
mod shared_findings;
mod shell_words;
mod site_nodes;
mod site_placement;
mod site_settings;
mod subnets;
mod tmpfs;
mod top_level;
mod volumes;

pub use cx::{Cx, Input};
pub use facts::{FileFact, FileFacts, HASH_LEN, short_hash};
pub use origins::{Origin, Origins};

use crate::compose;
use crate::diagnostic::Diagnostics;
use crate::swarm;

/// A pass over one service.
type ServicePass = fn(&mut Cx<'_>, &compose::Service, &mut swarm::Service);

/// A pass over the whole project, for the stack's top-level objects.
type ProjectPass = fn(&mut Cx<'_>, &mut swarm::Stack);

/// The service passes, in the order they run.
const SERVICE_PASSES: &[ServicePass] = &[
    // Image, process, environment, scheduling, resources and host access.
    service_name::service_name,
    image::image,
    process::process,
    environment::environment,
    healthcheck::healthcheck,
    container::container,
    kernel::kernel,
    deploy::deploy,
    scale::scale,
    restart::restart,
    resources::resources,
    platform::platform,
    host_access::host_access,
    depends_on::depends_on,
    dropped::dropped,
    // Site decisions: GPUs, mode, replicas and reservations, placement, and long-lived
    // connections, as the site profile decides them for this cluster. They run after the
    // compose file's own scheduling settings, whose values they replace.
    gpus::gpus,
    site_settings::site_settings,
    site_placement::site_placement,
    connections::connections,
    // Ports, networks and their aliases.
    ports::ports,
    service_networks::networks,
    // Mounts, volumes, secrets and configs.
    mounts::mounts,
    tmpfs::tmpfs,
    file_refs::file_refs,
];

/// The project passes, in the order they run; they run after every service pass.
const PROJECT_PASSES: &[ProjectPass] = &[
    // Top-level keys that are not part of a stack.
    top_level::top_level,
    // Networks and their subnets.
    networks::networks,
    // Volumes, secrets and configs.
    volumes::volumes,
    secrets::secrets,
    secrets::configs,
];

/// What translation produced: the stack, and where each of its parts came from.
#[derive(Debug, Default)]
pub struct Translation {
    pub stack: swarm::Stack,
    pub origins: Origins,
}

/// Translates a project for a site.
pub fn translate(input: &Input<'_>, diagnostics: &mut Diagnostics) -> Translation {
    let from = diagnostics.len();
    let mut owners = Vec::new();
    let mut cx = Cx::new(input, diagnostics);
    let mut stack = swarm::Stack::default();
    // Collected in project order and sorted once at the end (in one pass when the names
    // come sorted, as generated projects' do) rather than inserted one by one.
    let mut services = Vec::with_capacity(input.project.services.len());
    for (name, service) in &input.project.services {
        let mut out = swarm::Service::default();
        cx.origins.record(Origin::service(name), service.name.span);
        let before = cx.reported();
        for pass in SERVICE_PASSES {
            pass(&mut cx, service, &mut out);
        }
        for _ in before..cx.reported() {
            owners.push(shared_findings::Owner {
                name: name.to_string(),
                span: service.name.span,
            });
        }
        services.push((name.to_string(), out));
    }
    stack.services = services.into_iter().collect();
    for pass in PROJECT_PASSES {
        pass(&mut cx, &mut stack);
    }
    let translation = Translation {
        stack,
        origins: cx.origins,
    };
    shared_findings::group(diagnostics, from, &owners);
    translation
}
