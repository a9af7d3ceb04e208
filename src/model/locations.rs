//! Named locations: the IP ranges and countries that Conditional Access policies include or
//! exclude by id.

use core::net::IpAddr;

use super::Fact;
use crate::source::Origin;

#[derive(Debug, Clone)]
pub struct NamedLocation {
    pub id: String,
    pub display_name: String,
    pub place: NamedPlace,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum NamedPlace {
    Ip {
        ranges: Vec<IpRange>,
        /// `isTrusted`; unknown where the export leaves it out.
        trusted: Fact,
    },
    Countries {
        /// ISO 3166 two-letter codes, upper-case.
        codes: Vec<String>,
        /// Sign-ins whose country cannot be told (IPv6 ranges Microsoft cannot place);
        /// unknown where the export leaves it out.
        include_unknown: Fact,
    },
    /// A kind this version does not read (a compliant network, ...): which sign-ins it holds
    /// cannot be told.
    Other(String),
}

impl NamedLocation {
    /// Whether a sign-in inside this location may also be inside `other`: IP ranges that share
    /// an address, countries that share a code; an IP range's country cannot be told offline.
    pub fn may_overlap(&self, other: &NamedLocation) -> bool {
        match (&self.place, &other.place) {
            (NamedPlace::Ip { ranges: a, .. }, NamedPlace::Ip { ranges: b, .. }) => {
                a.iter().any(|x| b.iter().any(|y| x.overlaps(y)))
            }
            (
                NamedPlace::Countries {
                    codes: a,
                    include_unknown: ua,
                },
                NamedPlace::Countries {
                    codes: b,
                    include_unknown: ub,
                },
            ) => ua.and(*ub) != Fact::No || a.iter().any(|code| b.contains(code)),
            _ => true,
        }
    }

    /// How messages name a location: its display name and id.
    pub fn label(&self) -> String {
        format!("\"{}\" ({})", self.display_name, self.id)
    }

    /// Whether the location is marked trusted: only IP locations can be; which sign-ins a kind
    /// this version does not read holds, trusted or not, cannot be told.
    pub fn trusted(&self) -> Fact {
        match &self.place {
            NamedPlace::Ip { trusted, .. } => *trusted,
            NamedPlace::Countries { .. } => Fact::No,
            NamedPlace::Other(_) => Fact::Unknown,
        }
    }
}

/// An IPv4 or IPv6 range in CIDR notation (`203.0.113.0/24`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// A range as Graph writes it in `cidrAddress`; a bare address is a range of one.
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().ok()?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(IpRange { network, prefix })
    }

    /// Whether two ranges share an address: CIDR blocks are nested or apart.
    pub fn overlaps(&self, other: &IpRange) -> bool {
        self.contains(other.network) || other.contains(self.network)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let keep = |bits: u32, value: u128| match self.prefix {
            0 => 0,
            prefix => value >> (bits - u32::from(prefix)),
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                keep(32, u32::from(net).into()) == keep(32, u32::from(ip).into())
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => keep(128, net.into()) == keep(128, ip.into()),
            _ => false,
        }
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_hold_the_addresses_of_their_prefix() {
        let range = IpRange::parse("40.77.182.0/24").unwrap();
        assert!(range.contains("40.77.182.32".parse().unwrap()));
        assert!(!range.contains("40.77.183.1".parse().unwrap()));
        assert!(!range.contains("::1".parse().unwrap()));
        let v6 = IpRange::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()));
        assert!(!v6.contains("2001:db9::".parse().unwrap()));
        assert!(IpRange::parse("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        assert_eq!(
            IpRange::parse("10.0.0.1").unwrap().to_string(),
            "10.0.0.1/32"
        );
        assert!(IpRange::parse("10.0.0.0/33").is_none());
        assert!(IpRange::parse("not an address/8").is_none());
        let office = IpRange::parse("203.0.113.0/24").unwrap();
        assert!(office.overlaps(&IpRange::parse("203.0.113.128/25").unwrap()));
        assert!(IpRange::parse("203.0.0.0/16").unwrap().overlaps(&office));
        assert!(!office.overlaps(&IpRange::parse("198.51.100.0/24").unwrap()));
    }
}
