//! The engine API on TCP, for clients outside the swarm (XNAT's container service, CI
//! jobs), only when the site profile asks for it. dockerd is started with the TCP
//! listener next to its local socket and, unless the profile says otherwise, with
//! `--tlsverify`: without it, whoever reaches the port is root on the node.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::hostnames;

/// Where the plan expects the certificates on each node.
const CERT_DIR: &str = "/etc/docker/tls";

#[derive(Clone, Debug, Serialize)]
pub struct EngineApi {
    pub port: u16,
    pub tls: bool,
    /// The name clients use, which the server certificate must carry.
    pub host: Option<String>,
    /// Networks the firewall admits to the port; empty admits everyone.
    pub allowed_from: Vec<String>,
    /// dockerd's listeners and TLS flags, after the executable.
    pub flags: Vec<String>,
    /// The systemd drop-in that starts dockerd with them.
    pub dropin: &'static str,
    /// The certificate files dockerd reads, with what each is.
    pub certificates: Vec<Certificate>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Certificate {
    pub path: String,
    pub what: &'static str,
}

pub(super) fn engine_api(input: &Input<'_>) -> Option<Step> {
    let api = input.site.network.engine_api.as_ref()?;
    let mut flags = vec![
        "-H".to_owned(),
        "fd://".to_owned(),
        "-H".to_owned(),
        format!("tcp://0.0.0.0:{}", api.port),
    ];
    let mut certificates = Vec::new();
    if api.tls {
        let files = [
            (
                "--tlscacert",
                "ca.pem",
                "the CA that signs the clients' certificates",
            ),
            ("--tlscert", "server-cert.pem", "the server certificate"),
            ("--tlskey", "server-key.pem", "the server certificate's key"),
        ];
        flags.push("--tlsverify".to_owned());
        for (flag, file, what) in files {
            let path = format!("{CERT_DIR}/{file}");
            flags.push(flag.to_owned());
            flags.push(path.clone());
            certificates.push(Certificate { path, what });
        }
    }
    Some(Step {
        name: "engine-api",
        function: "engine_api",
        title: "Open the engine API",
        runs_on: RunsOn::nodes(hostnames(
            input.site.nodes.iter().filter(|node| api.opened_on(node)),
        )),
        detail: Detail::EngineApi(EngineApi {
            port: api.port,
            tls: api.tls,
            host: api.host.clone(),
            allowed_from: engine_api_sources(api),
            flags,
            dropin: "/etc/systemd/system/docker.service.d/engine-api.conf",
            certificates,
        }),
    })
}

/// The networks admitted to the engine API.
pub(super) fn engine_api_sources(api: &crate::site::EngineApi) -> Vec<String> {
    api.allowed_from.iter().map(ToString::to_string).collect()
}
