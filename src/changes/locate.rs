//! Where in the compose project a refusal comes from: the change set names objects as
//! the swarm does (`shop_web`, `shop_back`, `nginx_3f2a9c1e0b`), the provenance table
//! ([`crate::translate::Origins`]) by their keys in the stack; this maps one to the
//! other and turns each refusal into a located diagnostic.

use super::refusals::{Outcome, Refusal, Subject};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Span;
use crate::swarm::{self, Stack};
use crate::translate::{Origin, Origins};

/// The stack a change set was computed for, and where its parts were written.
pub struct Locator<'a> {
    pub stack: &'a Stack,
    pub origins: &'a Origins,
    pub stack_name: &'a str,
}

impl Locator<'_> {
    /// The key in the stack of a service named `name` on the swarm.
    fn service_key(&self, name: &str) -> Option<&str> {
        let rest = name.strip_prefix(self.stack_name)?.strip_prefix('_')?;
        self.stack
            .services
            .get_key_value(rest)
            .map(|(k, _)| k.as_str())
    }

    /// The key of an object named `name` on the swarm, in one of the stack's
    /// sections: its `name:`, else `<stack>_<key>`.
    fn object_key<'s, T>(
        &self,
        section: &'s std::collections::BTreeMap<String, T>,
        given: impl Fn(&T) -> Option<&str>,
        name: &str,
    ) -> Option<&'s str> {
        section
            .iter()
            .find(|(key, object)| match given(object) {
                Some(given) => given == name,
                None => format!("{}_{key}", self.stack_name) == name,
            })
            .map(|(k, _)| k.as_str())
    }

    pub fn span(&self, subject: &Subject) -> Option<Span> {
        let origins = self.origins;
        match subject {
            Subject::Port {
                service,
                protocol,
                port,
            } => {
                let key = self.service_key(service)?;
                let origin = Origin::service(key);
                let index = self.stack.services.get(key)?.ports.iter().position(|p| {
                    p.published.map(u64::from) == Some(*port)
                        && protocol_name(p.protocol) == protocol
                });
                index
                    .and_then(|i| origins.get_exact(&origin.field("ports").item(i)))
                    .or_else(|| origins.get(&origin))
            }
            Subject::ServiceMode { service } => {
                let origin = Origin::service(self.service_key(service)?);
                origins
                    .get_exact(&origin.field("deploy.mode"))
                    .or_else(|| origins.get(&origin))
            }
            Subject::ServiceName { service } => {
                origins.get(&Origin::service(self.service_key(service)?))
            }
            Subject::Network { network, field } => {
                let key = self.object_key(&self.stack.networks, |n| n.name.as_deref(), network)?;
                let origin = Origin::object("networks", key);
                let exact = match field.as_deref() {
                    Some("subnet") => origins.get_exact(&origin.field("ipam.config").item(0)),
                    _ => None,
                };
                exact.or_else(|| origins.get(&origin))
            }
            Subject::Config { config } => {
                let key = self.object_key(&self.stack.configs, |c| c.name.as_deref(), config)?;
                let origin = Origin::object("configs", key);
                origins
                    .get_exact(&origin.field("file"))
                    .or_else(|| origins.get(&origin))
            }
        }
    }

    /// Each refusal as a diagnostic at the compose text that causes it.
    pub fn report(&self, refusals: &[Refusal], diagnostics: &mut Diagnostics) {
        for refusal in refusals {
            let mut diagnostic = Diagnostic::new(refusal.rule, refusal.message.clone())
                .at_opt(self.span(&refusal.subject));
            diagnostic = match refusal.outcome {
                Outcome::Refused => diagnostic.help(
                    "change the stack or the swarm first: `docker stack deploy` stops at this request, after applying the ones before it",
                ),
                Outcome::Ignored => diagnostic.help(
                    "keep the stack file as the swarm has it, or remove the stack and deploy it again to recreate its networks",
                ),
            };
            if let Some(said) = &refusal.docker_says {
                diagnostic = diagnostic.note(format!("docker will say: {said}"));
            }
            diagnostics.push(diagnostic);
        }
    }
}

fn protocol_name(protocol: Option<swarm::Protocol>) -> &'static str {
    match protocol {
        Some(swarm::Protocol::Udp) => "udp",
        Some(swarm::Protocol::Sctp) => "sctp",
        _ => "tcp",
    }
}
