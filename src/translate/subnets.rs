//! Choosing a subnet from the site's address pool for each overlay network the stack
//! creates, so that none lands on a host network, the ingress network, another stack's
//! subnet or another network of the project, and so that a network keeps its subnet
//! from one compile to the next.
//!
//! docker itself takes the lowest free subnet of the pool for each network in the order
//! `docker stack deploy` happens to create them (Go map order), so the same stack gets
//! different subnets on each cluster and adding a network can renumber the others.
//! Here, each network has a *home*: the subnet of its size at a position in the pool
//! given by a hash of its name (SHA-256, fixed forever). Allocation runs in two rounds:
//!
//! 1. in name order, every network takes its home unless it overlaps a reserved range
//!    or a home already taken in this round;
//! 2. in name order, every network left over takes the first free subnet of its size
//!    after its home, wrapping around the pool.
//!
//! A network therefore depends only on its own name and size as long as its home is
//! free, and adding a network whose home is free moves no other network: the new one
//! takes its home in round 1, which nobody held, and every network of round 2 finds the
//! same first free subnet as before. With docker's default pool (65,536 `/24`s) homes
//! collide rarely; when they do, the network that loses probes onward and says so in
//! its diagnostic.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use sha2::{Digest, Sha256};

/// A network to place: its name and how many host bits its subnet needs (8 for a
/// `/24` in IPv4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) name: String,
    pub(crate) host_bits: u8,
}

/// Where a network was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placement {
    pub(crate) subnet: IpNet,
    /// Whether this is the network's home (round 1) rather than the first free subnet
    /// after it.
    pub(crate) home: bool,
}

/// An address range of one family, inclusive at both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    v6: bool,
    start: u128,
    end: u128,
}

impl Range {
    fn of(net: IpNet) -> Range {
        match net {
            IpNet::V4(n) => Range {
                v6: false,
                start: u128::from(u32::from(n.network())),
                end: u128::from(u32::from(n.broadcast())),
            },
            IpNet::V6(n) => Range {
                v6: true,
                start: u128::from(n.network()),
                end: u128::from(n.broadcast()),
            },
        }
    }

    fn overlaps(self, other: Range) -> bool {
        self.v6 == other.v6 && self.start <= other.end && other.start <= self.end
    }
}

/// The subnets of one size that a pool holds, numbered across the pool's subnets in
/// the order the site lists them.
struct Slots<'a> {
    pool: &'a [IpNet],
    host_bits: u8,
}

impl Slots<'_> {
    /// How many subnets of this size pool subnet `net` holds (0 when it is smaller).
    fn count_in(&self, net: IpNet) -> u128 {
        let free_bits = u32::from(net.max_prefix_len() - net.prefix_len());
        let host_bits = u32::from(self.host_bits);
        if host_bits > free_bits {
            return 0;
        }
        // Capped so that sums cannot overflow; no pool is that large in practice.
        1u128 << (free_bits - host_bits).min(100)
    }

    fn total(&self) -> u128 {
        self.pool.iter().map(|net| self.count_in(*net)).sum()
    }

    fn size(&self) -> u128 {
        1u128 << self.host_bits
    }

    /// Slot `index` (below [`Slots::total`]), as a subnet.
    fn subnet(&self, index: u128) -> Option<IpNet> {
        let (net, local) = self.locate(index)?;
        let start = Range::of(net).start + local * self.size();
        match net {
            IpNet::V4(_) => {
                let address = u32::try_from(start).ok()?;
                Ipv4Net::new(address.into(), 32 - self.host_bits)
                    .ok()
                    .map(IpNet::V4)
            }
            IpNet::V6(_) => Ipv6Net::new(start.into(), 128 - self.host_bits)
                .ok()
                .map(IpNet::V6),
        }
    }

    /// The pool subnet that holds slot `index`, and the slot's number within it.
    fn locate(&self, mut index: u128) -> Option<(IpNet, u128)> {
        for net in self.pool {
            let count = self.count_in(*net);
            if index < count {
                return Some((*net, index));
            }
            index -= count;
        }
        None
    }

    /// The first slot that starts after `end`, in the pool subnet of slot `index`, or
    /// the first slot of the next pool subnet; wraps to 0 after the last.
    fn after(&self, index: u128, end: u128) -> u128 {
        let mut first = 0u128;
        for net in self.pool {
            let count = self.count_in(*net);
            if index < first + count {
                let start = Range::of(*net).start;
                let next = end.saturating_sub(start) / self.size() + 1;
                return if next < count {
                    first + next
                } else {
                    first + count
                };
            }
            first += count;
        }
        0
    }
}

/// The position of a name's home among `total` slots.
fn home_index(name: &str, total: u128) -> u128 {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(bytes) % total.max(1)
}

/// A network's home: the subnet of its size that its name hashes to, if the pool holds
/// any subnet of that size.
pub(crate) fn home(pool: &[IpNet], request: &Request) -> Option<IpNet> {
    let slots = Slots {
        pool,
        host_bits: request.host_bits,
    };
    let total = slots.total();
    if total == 0 {
        return None;
    }
    slots.subnet(home_index(&request.name, total))
}

/// Places every request in `pool`, avoiding `reserved` and each other; `None` for a
/// request that finds no room. Requests may come in any order: the result is the same.
pub(crate) fn allocate(
    pool: &[IpNet],
    requests: &[Request],
    reserved: &[IpNet],
) -> Vec<Option<Placement>> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by(|a, b| requests[*a].name.cmp(&requests[*b].name));
    let mut taken: Vec<Range> = reserved.iter().map(|net| Range::of(*net)).collect();
    let mut out: Vec<Option<Placement>> = vec![None; requests.len()];

    for &i in &order {
        if let Some(subnet) = home(pool, &requests[i]) {
            let range = Range::of(subnet);
            if !taken.iter().any(|t| t.overlaps(range)) {
                taken.push(range);
                out[i] = Some(Placement { subnet, home: true });
            }
        }
    }
    for &i in &order {
        if out[i].is_some() {
            continue;
        }
        if let Some(subnet) = probe(pool, &requests[i], &taken) {
            taken.push(Range::of(subnet));
            out[i] = Some(Placement {
                subnet,
                home: false,
            });
        }
    }
    out
}

/// The first free slot after the request's home, wrapping around the pool once.
fn probe(pool: &[IpNet], request: &Request, taken: &[Range]) -> Option<IpNet> {
    let slots = Slots {
        pool,
        host_bits: request.host_bits,
    };
    let total = slots.total();
    if total == 0 {
        return None;
    }
    let mut index = home_index(&request.name, total);
    // How many slots have been looked at or skipped; one full turn ends the search.
    let mut covered = 0u128;
    while covered < total {
        let subnet = slots.subnet(index)?;
        let range = Range::of(subnet);
        let Some(end) = taken
            .iter()
            .filter(|t| t.overlaps(range))
            .map(|t| t.end)
            .max()
        else {
            return Some(subnet);
        };
        let next = slots.after(index, end);
        let step = if next > index {
            next - index
        } else {
            total - index + next
        };
        covered = covered.saturating_add(step);
        index = next % total;
    }
    None
}

/// How many host bits a network needs for `addresses` addresses (including the
/// network, gateway and broadcast addresses), but never fewer than the pool's subnets
/// of `mask_length` have: the pool's size is the smallest network.
pub(crate) fn host_bits_for(addresses: u128, mask_length: u8, v6: bool) -> u8 {
    let max = if v6 { 128 } else { 32 };
    let minimum = max - mask_length.min(max);
    let mut bits = 0u8;
    while bits < max && (1u128 << bits) < addresses {
        bits += 1;
    }
    bits.max(minimum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn net(text: &str) -> IpNet {
        text.parse().expect("a subnet")
    }

    fn request(name: &str, host_bits: u8) -> Request {
        Request {
            name: name.to_owned(),
            host_bits,
        }
    }

    fn overlap(a: IpNet, b: IpNet) -> bool {
        Range::of(a).overlaps(Range::of(b))
    }

    #[test]
    fn homes_depend_only_on_the_name_and_size() {
        let pool = [net("10.0.0.0/8")];
        let a = home(&pool, &request("backend", 8)).unwrap();
        assert_eq!(a, home(&pool, &request("backend", 8)).unwrap());
        assert_eq!(a.prefix_len(), 24);
        assert!(pool[0].contains(&a));
        let big = home(&pool, &request("backend", 10)).unwrap();
        assert_eq!(big.prefix_len(), 22);
        assert_eq!(big.trunc(), big);
    }

    #[test]
    fn a_taken_home_moves_the_network_to_the_next_free_subnet() {
        let pool = [net("172.30.0.0/22")];
        let wanted = home(&pool, &request("front", 8)).unwrap();
        let placed = allocate(&pool, &[request("front", 8)], &[wanted]);
        let placed = placed[0].unwrap();
        assert!(!placed.home);
        assert!(!overlap(placed.subnet, wanted));
        assert!(pool[0].contains(&placed.subnet));
    }

    #[test]
    fn a_full_pool_places_nothing() {
        let pool = [net("172.30.0.0/24")];
        let placed = allocate(&pool, &[request("a", 8)], &[net("172.30.0.0/25")]);
        assert_eq!(placed, vec![None]);
        // A pool smaller than the network never fits it.
        assert_eq!(allocate(&pool, &[request("a", 9)], &[]), vec![None]);
    }

    #[test]
    fn several_pool_subnets_are_used_in_turn() {
        let pool = [net("172.30.0.0/24"), net("172.31.0.0/24")];
        let placed = allocate(&pool, &[request("a", 8), request("b", 8)], &[]);
        let subnets: Vec<IpNet> = placed.iter().map(|p| p.unwrap().subnet).collect();
        assert!(subnets.contains(&pool[0]) && subnets.contains(&pool[1]));
    }

    #[test]
    fn sizes_round_up_to_the_pool_mask() {
        assert_eq!(host_bits_for(10, 24, false), 8);
        assert_eq!(host_bits_for(256, 24, false), 8);
        assert_eq!(host_bits_for(257, 24, false), 9);
        assert_eq!(host_bits_for(3000, 24, false), 12);
        assert_eq!(host_bits_for(u128::MAX, 24, false), 32);
        assert_eq!(host_bits_for(2, 64, true), 64);
    }

    /// Random pools, reserved ranges and networks, in `172.16.0.0/12` so that they
    /// collide often enough to matter.
    fn scenario() -> impl Strategy<Value = (Vec<IpNet>, Vec<IpNet>, Vec<Request>, Request)> {
        let pool = prop::collection::vec((0u32..16, 16u8..=22), 1..3).prop_map(|items| {
            items
                .into_iter()
                .map(|(n, prefix)| {
                    let address = (172u32 << 24) | (16 << 16) | (n << 16);
                    IpNet::V4(Ipv4Net::new(address.into(), prefix).unwrap().trunc())
                })
                .collect::<Vec<_>>()
        });
        let reserved =
            prop::collection::vec((0u32..(1 << 20), 12u8..=30), 0..6).prop_map(|items| {
                items
                    .into_iter()
                    .map(|(offset, prefix)| {
                        let address = (172u32 << 24) | (16 << 16) | offset;
                        IpNet::V4(Ipv4Net::new(address.into(), prefix).unwrap().trunc())
                    })
                    .collect::<Vec<_>>()
            });
        let name = "[a-z][a-z0-9_-]{0,12}";
        let requests = prop::collection::btree_map(name, 8u8..=10, 0..12).prop_map(|map| {
            map.into_iter()
                .map(|(name, host_bits)| Request { name, host_bits })
                .collect::<Vec<_>>()
        });
        let extra = (name, 8u8..=10).prop_map(|(name, host_bits)| Request { name, host_bits });
        (pool, reserved, requests, extra)
    }

    proptest! {
        #[test]
        fn allocations_never_overlap_each_other_or_reserved_ranges(
            (pool, reserved, requests, _) in scenario()
        ) {
            let placed = allocate(&pool, &requests, &reserved);
            let subnets: Vec<(usize, IpNet)> = placed
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.map(|p| (i, p.subnet)))
                .collect();
            for (i, subnet) in &subnets {
                prop_assert_eq!(subnet.prefix_len(), 32 - requests[*i].host_bits);
                prop_assert!(pool.iter().any(|p| p.contains(subnet)), "{} outside the pool", subnet);
                for r in &reserved {
                    prop_assert!(!overlap(*subnet, *r), "{} overlaps reserved {}", subnet, r);
                }
                for (j, other) in &subnets {
                    prop_assert!(i == j || !overlap(*subnet, *other), "{} overlaps {}", subnet, other);
                }
            }
        }

        #[test]
        fn the_order_of_the_requests_does_not_matter(
            (pool, reserved, requests, _) in scenario()
        ) {
            let forward = allocate(&pool, &requests, &reserved);
            let reversed: Vec<Request> = requests.iter().rev().cloned().collect();
            let mut backward = allocate(&pool, &reversed, &reserved);
            backward.reverse();
            prop_assert_eq!(forward, backward);
        }

        #[test]
        fn adding_a_network_whose_home_is_free_moves_no_other(
            (pool, reserved, requests, extra) in scenario()
        ) {
            prop_assume!(requests.iter().all(|r| r.name != extra.name));
            let before = allocate(&pool, &requests, &reserved);
            let Some(wanted) = home(&pool, &extra) else {
                return Ok(());
            };
            let blocked = reserved
                .iter()
                .copied()
                .chain(before.iter().flatten().map(|p| p.subnet))
                .any(|taken| overlap(taken, wanted));
            prop_assume!(!blocked);
            let mut more = requests.clone();
            more.push(extra);
            let after = allocate(&pool, &more, &reserved);
            prop_assert_eq!(&after[..requests.len()], &before[..]);
            prop_assert_eq!(after[requests.len()], Some(Placement { subnet: wanted, home: true }));
        }
    }

    #[test]
    fn adding_a_network_in_docker_default_pool_moves_no_other() {
        // With 65,536 homes, a handful of networks practically never collide.
        let pool = [net("10.0.0.0/8")];
        let reserved = [net("10.0.0.0/24"), net("10.20.0.0/16")];
        let names = ["default", "backend", "frontend", "monitoring", "db"];
        let mut requests: Vec<Request> = Vec::new();
        let mut previous: Vec<Option<Placement>> = Vec::new();
        for name in names {
            requests.push(request(name, 8));
            let placed = allocate(&pool, &requests, &reserved);
            assert_eq!(&placed[..previous.len()], &previous[..]);
            assert!(placed.iter().all(|p| p.is_some_and(|p| p.home)));
            previous = placed;
        }
    }
}
