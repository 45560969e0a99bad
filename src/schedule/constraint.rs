//! Placement constraints, parsed and matched as SwarmKit's `manager/constraint`
//! package does: the grammar and error wording `docker service create` and
//! `docker stack deploy` report, case-insensitive whole-string matching, a missing
//! label or description read as the empty string, and unknown keys that parse but
//! match no node. [`Constraint::unmatchable`] goes further than SwarmKit: it says why
//! a constraint can never match on a given set of nodes, for diagnostics.

use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;

use super::node::Node;

/// Prefix of constraint keys and spread descriptors that read node labels.
pub(crate) const NODE_LABEL_PREFIX: &str = "node.labels.";
/// Prefix of constraint keys and spread descriptors that read engine labels.
pub(crate) const ENGINE_LABEL_PREFIX: &str = "engine.labels.";

/// Operators in the order SwarmKit looks for them: an expression containing `==`
/// is split there even if it also contains `!=`.
const OPERATORS: [(&str, Operator); 2] = [("==", Operator::Eq), ("!=", Operator::NotEq)];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Eq,
    NotEq,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "==",
            Operator::NotEq => "!=",
        }
    }
}

/// One parsed constraint, `key op value`, both sides trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    key: String,
    operator: Operator,
    value: String,
    /// What `key` reads, decided once when parsed rather than per node matched.
    kind: Kind,
}

/// What a constraint key reads from a node, without the label name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Id,
    Hostname,
    Ip,
    Role,
    Os,
    Arch,
    NodeLabel,
    EngineLabel,
    Unknown,
}

impl Kind {
    fn of(key: &str) -> Kind {
        if equal_fold(key, "node.id") {
            Kind::Id
        } else if equal_fold(key, "node.hostname") {
            Kind::Hostname
        } else if equal_fold(key, "node.ip") {
            Kind::Ip
        } else if equal_fold(key, "node.role") {
            Kind::Role
        } else if equal_fold(key, "node.platform.os") {
            Kind::Os
        } else if equal_fold(key, "node.platform.arch") {
            Kind::Arch
        } else if strip_prefix_fold(key, NODE_LABEL_PREFIX).is_some() {
            Kind::NodeLabel
        } else if strip_prefix_fold(key, ENGINE_LABEL_PREFIX).is_some() {
            Kind::EngineLabel
        } else {
            Kind::Unknown
        }
    }
}

/// Why SwarmKit refuses a constraint; `Display` gives SwarmKit's own wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintError {
    NoOperator,
    InvalidKey(String),
    InvalidValue(String),
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintError::NoOperator => {
                f.write_str("constraint expected one operator from ==, !=")
            }
            ConstraintError::InvalidKey(key) => write!(f, "key '{key}' is invalid"),
            ConstraintError::InvalidValue(value) => write!(f, "value '{value}' is invalid"),
        }
    }
}

impl std::error::Error for ConstraintError {}

/// What a constraint key reads from a node.
enum Subject<'a> {
    Id,
    Hostname,
    Ip,
    Role,
    Os,
    Arch,
    NodeLabel(&'a str),
    EngineLabel(&'a str),
    Unknown,
}

impl Constraint {
    /// Parses one expression as SwarmKit does.
    pub fn parse(expr: &str) -> Result<Constraint, ConstraintError> {
        for (token, operator) in OPERATORS {
            let Some((key, value)) = expr.split_once(token) else {
                continue;
            };
            let key = key.trim();
            if !is_valid_key(key) {
                return Err(ConstraintError::InvalidKey(key.to_owned()));
            }
            let value = value.trim();
            if !is_valid_value(value) {
                return Err(ConstraintError::InvalidValue(value.to_owned()));
            }
            return Ok(Constraint {
                key: key.to_owned(),
                operator,
                value: value.to_owned(),
                kind: Kind::of(key),
            });
        }
        Err(ConstraintError::NoOperator)
    }

    /// Parses a service's constraints, stopping at the first error as SwarmKit does.
    pub fn parse_all<S: AsRef<str>>(exprs: &[S]) -> Result<Vec<Constraint>, ConstraintError> {
        exprs
            .iter()
            .map(|e| Constraint::parse(e.as_ref()))
            .collect()
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn operator(&self) -> Operator {
        self.operator
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    fn subject(&self) -> Subject<'_> {
        // The prefixes are ASCII, so the label starts at their length in bytes.
        let label = |prefix: &str| self.key.get(prefix.len()..).unwrap_or_default();
        match self.kind {
            Kind::Id => Subject::Id,
            Kind::Hostname => Subject::Hostname,
            Kind::Ip => Subject::Ip,
            Kind::Role => Subject::Role,
            Kind::Os => Subject::Os,
            Kind::Arch => Subject::Arch,
            Kind::NodeLabel => Subject::NodeLabel(label(NODE_LABEL_PREFIX)),
            Kind::EngineLabel => Subject::EngineLabel(label(ENGINE_LABEL_PREFIX)),
            Kind::Unknown => Subject::Unknown,
        }
    }

    /// Whether `node` satisfies this constraint.
    pub fn matches(&self, node: &Node) -> bool {
        match self.subject() {
            Subject::Ip => self.ip_matches(&node.addr),
            Subject::Unknown => false,
            _ => match self.read(node) {
                Some(what) => self.compare(what),
                None => false,
            },
        }
    }

    /// The string this constraint compares against on `node`, for every subject but
    /// `node.ip` and unknown keys. A missing label reads as "".
    fn read<'n>(&self, node: &'n Node) -> Option<&'n str> {
        let value = match self.subject() {
            Subject::Id => &node.id,
            Subject::Hostname => &node.hostname,
            Subject::Role => node.role.as_str(),
            Subject::Os => &node.platform.os,
            Subject::Arch => &node.platform.arch,
            Subject::NodeLabel(label) => node.labels.get(label).map_or("", String::as_str),
            Subject::EngineLabel(label) => node.engine_labels.get(label).map_or("", String::as_str),
            Subject::Ip | Subject::Unknown => return None,
        };
        Some(value)
    }

    fn compare(&self, what: &str) -> bool {
        equal_fold(&self.value, what) == (self.operator == Operator::Eq)
    }

    /// `node.ip` takes an address or a CIDR block; anything else matches no node,
    /// whatever the operator.
    fn ip_matches(&self, addr: &str) -> bool {
        let node_ip = IpAddr::from_str(addr).ok().map(|ip| ip.to_canonical());
        let wanted = self.operator == Operator::Eq;
        if let Ok(ip) = IpAddr::from_str(&self.value) {
            return (node_ip == Some(ip.to_canonical())) == wanted;
        }
        if let Ok(net) = IpNet::from_str(&self.value) {
            return node_ip.is_some_and(|ip| net.contains(&ip)) == wanted;
        }
        false
    }

    /// Why this constraint matches none of `nodes`, or `None` when some node
    /// matches it.
    pub fn unmatchable(&self, nodes: &[Node]) -> Option<Unmatchable> {
        if nodes.iter().any(|n| self.matches(n)) {
            return None;
        }
        let subject = self.subject();
        if let Subject::Unknown = subject {
            return Some(Unmatchable::UnknownKey {
                key: self.key.clone(),
            });
        }
        if nodes.is_empty() {
            return Some(Unmatchable::NoNodes);
        }
        if let Subject::Ip = subject {
            if IpAddr::from_str(&self.value).is_err() && IpNet::from_str(&self.value).is_err() {
                return Some(Unmatchable::MalformedAddress {
                    value: self.value.clone(),
                });
            }
        }
        if self.operator == Operator::NotEq {
            return Some(Unmatchable::EveryNodeEqual {
                key: self.key.clone(),
                value: self.value.clone(),
            });
        }
        let seen: BTreeSet<String> = match subject {
            Subject::Ip => nodes.iter().map(|n| n.addr.clone()).collect(),
            Subject::Role => nodes
                .iter()
                .map(|n| n.role.as_str().to_ascii_lowercase())
                .collect(),
            Subject::NodeLabel(label) => nodes
                .iter()
                .filter_map(|n| n.labels.get(label).cloned())
                .collect(),
            Subject::EngineLabel(label) => nodes
                .iter()
                .filter_map(|n| n.engine_labels.get(label).cloned())
                .collect(),
            _ => nodes
                .iter()
                .filter_map(|n| self.read(n).map(str::to_owned))
                .collect(),
        };
        let seen: Vec<String> = seen.into_iter().collect();
        Some(match subject {
            Subject::NodeLabel(_) | Subject::EngineLabel(_) if seen.is_empty() => {
                Unmatchable::MissingLabel {
                    key: self.key.clone(),
                }
            }
            Subject::Hostname => Unmatchable::UnknownHostname {
                hostname: self.value.clone(),
                known: seen,
            },
            Subject::Arch => match kernel_arch_name(&self.value) {
                Some(kernel) if seen.iter().any(|a| a == kernel) => Unmatchable::KernelArchName {
                    value: self.value.clone(),
                    reported: kernel.to_owned(),
                },
                _ => Unmatchable::NoSuchValue {
                    key: self.key.clone(),
                    value: self.value.clone(),
                    seen,
                },
            },
            _ => Unmatchable::NoSuchValue {
                key: self.key.clone(),
                value: self.value.clone(),
                seen,
            },
        })
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.key, self.operator.as_str(), self.value)
    }
}

/// Whether `node` satisfies every constraint (SwarmKit's `NodeMatches`).
pub fn all_match(constraints: &[Constraint], node: &Node) -> bool {
    constraints.iter().all(|c| c.matches(node))
}

/// Why a constraint can never match on a set of nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatchable {
    /// The key is none SwarmKit knows; it parses but matches no node.
    UnknownKey {
        key: String,
    },
    NoNodes,
    /// A `node.ip` value that is neither an address nor a CIDR block.
    MalformedAddress {
        value: String,
    },
    UnknownHostname {
        hostname: String,
        known: Vec<String>,
    },
    /// `node.platform.arch` compared with a Go architecture name (`amd64`) while
    /// nodes report the kernel's (`x86_64`).
    KernelArchName {
        value: String,
        reported: String,
    },
    /// A `==` on a label no node has.
    MissingLabel {
        key: String,
    },
    /// A `==` on a value no node has; `seen` lists the values nodes have.
    NoSuchValue {
        key: String,
        value: String,
        seen: Vec<String>,
    },
    /// A `!=` on a value every node has.
    EveryNodeEqual {
        key: String,
        value: String,
    },
}

impl fmt::Display for Unmatchable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmatchable::UnknownKey { key } => {
                write!(f, "constraint key `{key}` is unknown and matches no node")
            }
            Unmatchable::NoNodes => f.write_str("the cluster has no nodes"),
            Unmatchable::MalformedAddress { value } => write!(
                f,
                "`{value}` is neither an IP address nor a CIDR block, so `node.ip` never matches it"
            ),
            Unmatchable::UnknownHostname { hostname, known } => {
                write!(f, "no node has hostname `{hostname}`")?;
                write_list(f, " (nodes are ", known, ")")
            }
            Unmatchable::KernelArchName { value, reported } => write!(
                f,
                "nodes report their architecture as `{reported}`, never `{value}`"
            ),
            Unmatchable::MissingLabel { key } => write!(f, "no node has `{key}`"),
            Unmatchable::NoSuchValue { key, value, seen } => {
                write!(f, "no node has `{key}` equal to `{value}`")?;
                write_list(f, " (nodes have ", seen, ")")
            }
            Unmatchable::EveryNodeEqual { key, value } => {
                write!(f, "every node matches `{key}=={value}`")
            }
        }
    }
}

fn write_list(
    f: &mut fmt::Formatter<'_>,
    before: &str,
    items: &[String],
    after: &str,
) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    f.write_str(before)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "`{item}`")?;
    }
    f.write_str(after)
}

/// The kernel's name for a Go architecture name, for the ones nodes report
/// differently.
fn kernel_arch_name(value: &str) -> Option<&'static str> {
    if equal_fold(value, "amd64") {
        Some("x86_64")
    } else if equal_fold(value, "arm64") {
        Some("aarch64")
    } else {
        None
    }
}

/// Go's `strings.EqualFold`: equality under simple Unicode case folding.
pub(crate) fn equal_fold(a: &str, b: &str) -> bool {
    // Only ASCII letters fold onto ASCII letters among ASCII text.
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().map(fold).eq(b.chars().map(fold))
}

fn fold(c: char) -> char {
    match c {
        // The two characters outside ASCII that fold onto ASCII letters.
        '\u{17F}' => 's',
        '\u{212A}' => 'k',
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// The rest of `key` after `prefix` matched case-insensitively, when something is
/// left. Like SwarmKit, the prefix is cut at its length in bytes.
pub(crate) fn strip_prefix_fold<'a>(key: &'a str, prefix: &str) -> Option<&'a str> {
    if key.len() <= prefix.len() {
        return None;
    }
    let head = key.get(..prefix.len())?;
    let rest = key.get(prefix.len()..)?;
    equal_fold(head, prefix).then_some(rest)
}

/// A letter under SwarmKit's case-insensitive `[a-z]`, which also admits the two
/// non-ASCII characters that fold onto `s` and `k`.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '\u{17F}' || c == '\u{212A}'
}

/// `^(?i)[a-z_][a-z0-9\-_.]+$`
fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    (is_letter(first) || first == '_')
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| is_letter(c) || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// `^(?i)[a-z0-9:\-_\s\.\*\(\)\?\+\[\]\\\^\$\|\/]+$`, where `\s` is Go's
/// `[\t\n\f\r ]`.
fn is_valid_value(value: &str) -> bool {
    !value.is_empty()
        && value.chars().all(|c| {
            is_letter(c)
                || c.is_ascii_digit()
                || matches!(
                    c,
                    ':' | '-'
                        | '_'
                        | '.'
                        | '*'
                        | '('
                        | ')'
                        | '?'
                        | '+'
                        | '['
                        | ']'
                        | '\\'
                        | '^'
                        | '$'
                        | '|'
                        | '/'
                        | '\t'
                        | '\n'
                        | '\x0C'
                        | '\r'
                        | ' '
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::node::Role;

    fn parse(expr: &str) -> Constraint {
        match Constraint::parse(expr) {
            Ok(c) => c,
            Err(e) => panic!("`{expr}` should parse: {e}"),
        }
    }

    fn error(expr: &str) -> String {
        match Constraint::parse(expr) {
            Ok(c) => panic!("`{expr}` should not parse, got {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn parse_trims_key_and_value() {
        let c = parse("  node.labels.zone ==  eu west ");
        assert_eq!(c.key(), "node.labels.zone");
        assert_eq!(c.operator(), Operator::Eq);
        assert_eq!(c.value(), "eu west");
    }

    #[test]
    fn parse_errors_use_swarmkit_wording() {
        // No operator at all; a lone `=` is not one.
        assert_eq!(
            error("node.role=manager"),
            "constraint expected one operator from ==, !="
        );
        // The key needs at least two characters and may not start with a digit.
        assert_eq!(error("a==b"), "key 'a' is invalid");
        assert_eq!(error("1abc==b"), "key '1abc' is invalid");
        // `==` is looked for first, so `!=` then ends up in the key.
        assert_eq!(error("node.role!=a==b"), "key 'node.role!=a' is invalid");
        // A value may not be empty nor hold `=`, `,`, `@` or quotes.
        assert_eq!(error("node.role== "), "value '' is invalid");
        assert_eq!(error("node.role===manager"), "value '=manager' is invalid");
        assert_eq!(error("node.labels.a==\"x\""), "value '\"x\"' is invalid");
        assert_eq!(error("node.labels.a==x,y"), "value 'x,y' is invalid");
    }

    #[test]
    fn parse_all_stops_at_first_error() {
        let result = Constraint::parse_all(&["node.role==manager", "bad", "x"]);
        assert_eq!(result, Err(ConstraintError::NoOperator));
    }

    #[test]
    fn parse_accepts_glob_characters_that_never_glob() {
        // The value pattern admits `*`, but matching is whole-string: `web*` only
        // matches a hostname that is literally `web*`.
        let c = parse("node.hostname==web*");
        assert!(!c.matches(&Node::new("web1")));
        assert!(c.matches(&Node::new("WEB*")));
    }

    #[test]
    fn keys_and_values_compare_case_insensitively() {
        let mut node = Node::new("Manager-1");
        node.role = Role::Manager;
        assert!(parse("NODE.ROLE==manager").matches(&node));
        assert!(parse("node.hostname==manager-1").matches(&node));
        assert!(!parse("node.role!=Manager").matches(&node));
    }

    #[test]
    fn label_names_are_case_sensitive_and_missing_labels_read_empty() {
        let mut node = Node::new("a");
        node.labels.insert("zone".into(), "EU".into());
        // The prefix folds, the label name does not, the value folds.
        assert!(parse("NODE.LABELS.zone==eu").matches(&node));
        assert!(!parse("node.labels.Zone==eu").matches(&node));
        // Missing label is "": `==` fails, `!=` holds.
        assert!(!parse("node.labels.rack==r1").matches(&node));
        assert!(parse("node.labels.rack!=r1").matches(&node));
        node.engine_labels.insert("ssd".into(), "true".into());
        assert!(parse("engine.labels.ssd==TRUE").matches(&node));
    }

    #[test]
    fn unknown_keys_match_nothing_whatever_the_operator() {
        let node = Node::new("a");
        assert!(!parse("node.name==a").matches(&node));
        assert!(!parse("node.name!=a").matches(&node));
        // The bare prefix is not a label key.
        assert!(!parse("node.labels.!=x").matches(&node));
    }

    #[test]
    fn node_ip_takes_addresses_and_cidr_blocks() {
        let mut node = Node::new("a");
        node.addr = "10.0.1.5".into();
        assert!(parse("node.ip==10.0.1.5").matches(&node));
        assert!(parse("node.ip==::ffff:10.0.1.5").matches(&node));
        assert!(parse("node.ip==10.0.0.0/16").matches(&node));
        assert!(parse("node.ip!=10.0.2.0/24").matches(&node));
        assert!(!parse("node.ip!=10.0.1.0/24").matches(&node));
        // Malformed: matches nothing, not even with `!=`.
        assert!(!parse("node.ip!=10.0.1").matches(&node));
        // A node without a usable address is in no block and equal to no address.
        node.addr = String::new();
        assert!(!parse("node.ip==10.0.0.0/8").matches(&node));
        assert!(parse("node.ip!=10.0.0.0/8").matches(&node));
    }

    #[test]
    fn platform_keys_compare_raw_values() {
        let node = Node::new("a");
        assert!(parse("node.platform.arch==x86_64").matches(&node));
        assert!(!parse("node.platform.arch==amd64").matches(&node));
        assert!(parse("node.platform.os==Linux").matches(&node));
    }

    #[test]
    fn unmatchable_explains_why() {
        let mut a = Node::new("a");
        a.labels.insert("zone".into(), "us".into());
        let b = Node::new("b");
        let nodes = [a, b];
        let why = |expr: &str| parse(expr).unmatchable(&nodes).map(|u| u.to_string());

        assert_eq!(why("node.labels.zone==us"), None);
        assert_eq!(
            why("node.platform.arch==amd64").as_deref(),
            Some("nodes report their architecture as `x86_64`, never `amd64`")
        );
        assert_eq!(
            why("node.labels.rack==r1").as_deref(),
            Some("no node has `node.labels.rack`")
        );
        assert_eq!(
            why("node.labels.zone==eu").as_deref(),
            Some("no node has `node.labels.zone` equal to `eu` (nodes have `us`)")
        );
        assert_eq!(
            why("node.hostname==c").as_deref(),
            Some("no node has hostname `c` (nodes are `a`, `b`)")
        );
        assert_eq!(
            why("node.name==a").as_deref(),
            Some("constraint key `node.name` is unknown and matches no node")
        );
        assert_eq!(
            why("node.role!=worker").as_deref(),
            Some("every node matches `node.role==worker`")
        );
        assert_eq!(
            why("node.ip==10.0.0").as_deref(),
            Some(
                "`10.0.0` is neither an IP address nor a CIDR block, so `node.ip` never matches it"
            )
        );
        assert_eq!(
            parse("node.role==manager").unmatchable(&[]),
            Some(Unmatchable::NoNodes)
        );
    }

    #[test]
    fn equal_fold_follows_go() {
        assert!(equal_fold("Node.ID", "node.id"));
        assert!(equal_fold("\u{212A}ey", "key"));
        assert!(!equal_fold("node", "nodes"));
    }
}
