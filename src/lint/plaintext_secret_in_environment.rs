use std::collections::BTreeSet;

use super::Cx;
use crate::compose::MappingEntry;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{Site, child, pointer};
use crate::source::{SourceId, SourceKind, Span};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports an `environment` variable whose name says it holds a secret (it
    /// contains `PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN` or `CREDENTIAL`,
    /// or has a word `PASS`, `PWD`, `KEY`, `APIKEY` or `PRIVATEKEY`) and whose value is
    /// written in plain text in a file of the project: in the compose file itself
    /// (a `${VAR:-default}` default included), in an env file (`.env`, `--env-file`,
    /// the site's `env.files`), or in a site variable not marked `secret: true`.
    ///
    /// Not reported: names ending in `_FILE`, `_PATH`, `_DIR`, `_NAME`, `_USER`,
    /// `_USERNAME`, `_ID`, `_TYPE`, `_LENGTH`, `_TTL` or `_TIMEOUT` (they name or
    /// describe a secret without holding it), empty values, values that read as a switch
    /// (`true`, `no`, `1`, ...), paths under `/run/secrets/`, and values substituted
    /// from the process environment, which no file of the project holds. (A site
    /// variable marked `secret: true` is refused where it is interpolated: `SW243`.)
    ///
    /// ## Why
    /// On a swarm, environment variables are part of the service's definition: the
    /// stack file carries them, anyone who can run `docker service inspect` on a
    /// manager or `docker inspect` on a node reads them, and every process the
    /// container starts inherits them, into crash reports and debug pages too. A swarm
    /// secret is never part of a service's definition: it is stored once, encrypted,
    /// and given only to the tasks that name it, as a file under `/run/secrets/`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16.4
    ///     environment:
    ///       POSTGRES_PASSWORD: example
    /// ```
    ///
    /// ## Fix
    /// Create a swarm secret and hand it to the service; most official images read a
    /// variable's value from a file when the name ends in `_FILE`:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16.4
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets: [db_password]
    /// secrets:
    ///   db_password:
    ///     external: true
    /// ```
    ///
    /// The rule is a warning: swarm deploys such a service, and nearly every example
    /// project starts this way. To make it fail the run, set
    /// `plaintext-secret-in-environment = "error"` under `[severity]` in `swarmc.toml`.
    pub static PLAINTEXT_SECRET_IN_ENVIRONMENT =
        ("SW605", "plaintext-secret-in-environment", Warning);
}

/// Parts of a name that mark a secret wherever they appear (`PGPASSWORD`).
const SECRET_PARTS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "CREDENTIAL",
];

/// Words of a name (between `_`, `-` and `.`) that mark a secret on their own.
const SECRET_WORDS: &[&str] = &["PASS", "PWD", "KEY", "APIKEY", "PRIVATEKEY"];

/// Last words that make a name about a secret rather than the secret itself.
const NOT_THE_SECRET: &[&str] = &[
    "FILE", "PATH", "DIR", "NAME", "USER", "USERNAME", "ID", "TYPE", "LENGTH", "TTL", "TIMEOUT",
];

/// Values that switch a feature on or off (`MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`).
const SWITCHES: &[&str] = &["true", "false", "yes", "no", "on", "off", "0", "1"];

/// Whether a variable's name says it holds a secret.
fn names_a_secret(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    // `PWD` alone is the working directory.
    if name == "PWD" {
        return false;
    }
    let words: Vec<&str> = name
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .last()
        .is_some_and(|last| NOT_THE_SECRET.contains(last))
    {
        return false;
    }
    SECRET_PARTS.iter().any(|part| name.contains(part))
        || words.iter().any(|word| SECRET_WORDS.contains(word))
}

/// Whether a value could be a secret at all.
fn could_be_secret(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty()
        && !SWITCHES.iter().any(|s| value.eq_ignore_ascii_case(s))
        && !value.starts_with("/run/secrets/")
}

/// Whether written text substitutes a variable (`$NAME`, `${...}`); `$$` is a
/// literal dollar.
fn substitutes(written: &str) -> bool {
    let bytes = written.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 1,
                Some(b'{') => return true,
                Some(&b) if b.is_ascii_alphabetic() || b == b'_' => return true,
                _ => {}
            }
        }
        i += 1;
    }
    false
}

/// Where the values of the site's `secret: true` variables were written.
fn secret_site_values(site: Option<&Site>) -> BTreeSet<Span> {
    let Some(site) = site else {
        return BTreeSet::new();
    };
    site.secret_env_names()
        .filter_map(|name| {
            let at = pointer(&["env", "vars", name]);
            site.locate(&child(&at, "value"))
                .or_else(|| site.locate(&at))
                .map(|l| l.value)
        })
        .collect()
}

/// Where a variable's value is written in plain text, if a file of the project holds it.
enum Written {
    /// In the compose file, at the entry.
    Here,
    /// In the compose file, as the default of a `${VAR:-default}`.
    AsDefault,
    /// In these env files or site profiles.
    In(Vec<SourceId>),
}

fn written_in(cx: &Cx<'_>, entry: &MappingEntry, hidden: &BTreeSet<Span>) -> Option<Written> {
    let value = entry.value.as_ref()?;
    let written = cx.sources.text(value.span);
    if !substitutes(written) {
        return Some(Written::Here);
    }
    let mut files: Vec<SourceId> = value
        .origins()
        .iter()
        .filter(|origin| match cx.sources.get(origin.source).kind {
            SourceKind::EnvFile => true,
            SourceKind::Site => !hidden.contains(origin),
            _ => false,
        })
        .map(|origin| origin.source)
        .collect();
    files.sort();
    files.dedup();
    if !files.is_empty() {
        return Some(Written::In(files));
    }
    // Nothing came from a file, yet the compose file holds the value: the default of a
    // `${VAR:-default}` was used.
    (value.origins().is_empty() && written.contains(&*value.value)).then_some(Written::AsDefault)
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let hidden = secret_site_values(cx.site);
    for service in cx.project.services.values() {
        for entry in service.environment.entries() {
            let Some(value) = &entry.value else {
                continue;
            };
            if !names_a_secret(&entry.name) || !could_be_secret(&value.value) {
                continue;
            }
            let Some(written) = written_in(cx, entry, &hidden) else {
                continue;
            };
            // The label sits on the name and no label points into an env file: reports
            // quote the text under their labels and the lines around them, and the value
            // must not reach a CI log from a file that may not be committed.
            let label = match written {
                Written::Here => "its value is written in the compose file".to_owned(),
                Written::AsDefault => "its default value is written in the compose file".to_owned(),
                Written::In(files) => {
                    let names: Vec<String> = files
                        .iter()
                        .map(|&id| format!("`{}`", cx.sources.get(id).name))
                        .collect();
                    format!("its value is written in {}", names.join(" and "))
                }
            };
            let diagnostic = Diagnostic::new(
                &PLAINTEXT_SECRET_IN_ENVIRONMENT,
                format!(
                    "service `{}` sets `{}` in plain text",
                    service.name.value, entry.name
                ),
            )
            .at(entry.key)
            .label(label);
            diagnostics.push(
                diagnostic
                    .help(format!(
                        "store it as a swarm secret and set `{}_FILE: /run/secrets/<secret>` if the image reads the `_FILE` convention",
                        entry.name
                    ))
                    .note("anyone who can run `docker service inspect` reads environment values; secrets reach only the tasks that name them"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_hold_secrets() {
        for name in [
            "POSTGRES_PASSWORD",
            "PGPASSWORD",
            "db_passwd",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "API_KEY",
            "SMTP_PASS",
            "REDIS_PWD",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
            "dbPassword",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "POSTGRES_PASSWORD_FILE",
            "PWD",
            "POSTGRES_USER",
            "KEYCLOAK_URL",
            "MONKEY",
            "AWS_ACCESS_KEY_ID",
            "TOKEN_TTL",
            "SSH_KEY_PATH",
            "PASSENGER_APP_ENV",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn switches_and_paths_are_not_secrets() {
        assert!(could_be_secret("hunter2"));
        assert!(!could_be_secret(""));
        assert!(!could_be_secret("yes"));
        assert!(!could_be_secret("/run/secrets/db_password"));
    }

    #[test]
    fn references_are_told_from_literal_dollars() {
        assert!(substitutes("${DB_PASSWORD}"));
        assert!(substitutes("\"$DB_PASSWORD\""));
        assert!(substitutes("a$${x}${Y}"));
        assert!(!substitutes("pa$$word"));
        assert!(!substitutes("cost: 5$"));
        assert!(!substitutes("plain"));
    }
}
