//! Subnets and interface addresses as a site profile writes them. They are strings in
//! YAML, checked by the schema's `subnet` and `interface-address` formats (registered
//! with the validator from [`is_subnet`] and [`is_interface_address`]) so that a typo is
//! reported at the value, and parsed into [`IpNet`] for the overlap arithmetic.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A subnet in CIDR notation (`10.20.0.0/16`), or a bare address standing for that one
/// host (`10.20.5.3` is `10.20.5.3/32`). Host bits must be zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subnet(pub IpNet);

/// Why a text is not a [`Subnet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubnetError {
    /// Neither an address nor a CIDR.
    Malformed,
    /// A CIDR whose host bits are set; holds the subnet that was probably meant.
    HostBitsSet(IpNet),
}

impl Subnet {
    pub fn parse(text: &str) -> Result<Subnet, SubnetError> {
        let text = text.trim();
        if text.contains('/') {
            let net = IpNet::from_str(text).map_err(|_| SubnetError::Malformed)?;
            if net.trunc() != net {
                return Err(SubnetError::HostBitsSet(net.trunc()));
            }
            Ok(Subnet(net))
        } else {
            let addr = IpAddr::from_str(text).map_err(|_| SubnetError::Malformed)?;
            Ok(Subnet(IpNet::from(addr)))
        }
    }

    /// Whether the two subnets share at least one address.
    pub fn overlaps(self, other: Subnet) -> bool {
        self.0.contains(&other.0) || other.0.contains(&self.0)
    }

    pub fn prefix_len(self) -> u8 {
        self.0.prefix_len()
    }
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.prefix_len() == self.0.max_prefix_len() {
            write!(f, "{}", self.0.addr())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// An address of a node's network interface with the prefix length of its subnet
/// (`10.20.1.11/16`), or a bare address when the subnet does not matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InterfaceAddress(pub IpNet);

impl InterfaceAddress {
    pub fn parse(text: &str) -> Option<InterfaceAddress> {
        let text = text.trim();
        if text.contains('/') {
            IpNet::from_str(text).ok().map(InterfaceAddress)
        } else {
            IpAddr::from_str(text)
                .ok()
                .map(|addr| InterfaceAddress(IpNet::from(addr)))
        }
    }

    /// The address itself, as swarm's `node.ip` constraint sees it.
    pub fn address(self) -> IpAddr {
        self.0.addr()
    }

    /// The subnet the interface is on.
    pub fn subnet(self) -> Subnet {
        Subnet(self.0.trunc())
    }
}

impl fmt::Display for InterfaceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.prefix_len() == self.0.max_prefix_len() {
            write!(f, "{}", self.0.addr())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// The `subnet` schema format.
pub(super) fn is_subnet(text: &str) -> bool {
    Subnet::parse(text).is_ok()
}

/// The `interface-address` schema format.
pub(super) fn is_interface_address(text: &str) -> bool {
    InterfaceAddress::parse(text).is_some()
}

impl Serialize for Subnet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Subnet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Subnet, D::Error> {
        let text = String::deserialize(deserializer)?;
        Subnet::parse(&text)
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a subnet")))
    }
}

impl JsonSchema for Subnet {
    fn schema_name() -> Cow<'static, str> {
        "Subnet".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "subnet" })
    }
}

impl Serialize for InterfaceAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for InterfaceAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<InterfaceAddress, D::Error> {
        let text = String::deserialize(deserializer)?;
        InterfaceAddress::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an address")))
    }
}

impl JsonSchema for InterfaceAddress {
    fn schema_name() -> Cow<'static, str> {
        "InterfaceAddress".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "interface-address" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnets_are_cidrs_or_single_addresses() {
        assert_eq!(
            Subnet::parse("10.0.0.0/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert_eq!(Subnet::parse("10.20.5.3").unwrap().prefix_len(), 32);
        assert_eq!(Subnet::parse("fd00::/64").unwrap().to_string(), "fd00::/64");
        assert_eq!(
            Subnet::parse("10.0.0.1/8"),
            Err(SubnetError::HostBitsSet("10.0.0.0/8".parse().unwrap()))
        );
        assert_eq!(Subnet::parse("10.0.0/8"), Err(SubnetError::Malformed));
        assert_eq!(Subnet::parse("lan"), Err(SubnetError::Malformed));
    }

    #[test]
    fn overlap_is_symmetric_and_family_aware() {
        let pool = Subnet::parse("10.0.0.0/8").unwrap();
        let lan = Subnet::parse("10.20.0.0/16").unwrap();
        let other = Subnet::parse("172.16.0.0/12").unwrap();
        let v6 = Subnet::parse("fd00::/8").unwrap();
        assert!(pool.overlaps(lan) && lan.overlaps(pool));
        assert!(!pool.overlaps(other));
        assert!(!pool.overlaps(v6));
    }

    #[test]
    fn interface_addresses_keep_host_bits() {
        let addr = InterfaceAddress::parse("10.20.1.11/16").unwrap();
        assert_eq!(addr.address().to_string(), "10.20.1.11");
        assert_eq!(addr.subnet().to_string(), "10.20.0.0/16");
        assert_eq!(addr.to_string(), "10.20.1.11/16");
        assert!(InterfaceAddress::parse("10.20.1.300").is_none());
    }
}
