//! Resource accounting per node as SwarmKit's scheduler keeps it (`nodeinfo.go` and
//! `api/genericresource`): a node's available CPU and memory are what it advertises
//! minus the reservations of the tasks placed on it (limits play no part); a
//! discrete generic resource is a count that tasks subtract from, and a named one is
//! a list of items of which a task takes the first ones still free.
//!
//! SwarmKit's corner cases are kept: a request for 0 units of a kind the node does
//! not have fails, a request for 0 named units takes them all, and a request for 0
//! discrete units makes the whole claim of that task fail so that it takes no
//! generic resource at all.

use super::node::GenericResource;
use super::service::{GenericRequest, Reservations};

/// One entry of a node's available generic resources, as SwarmKit lists them: a
/// named resource is one entry per item.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Discrete { kind: String, count: i64 },
    Named { kind: String, value: String },
}

impl Entry {
    fn kind(&self) -> &str {
        match self {
            Entry::Discrete { kind, .. } | Entry::Named { kind, .. } => kind,
        }
    }
}

/// What is still free on a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Available {
    pub(crate) nano_cpus: u64,
    pub(crate) memory_bytes: u64,
    generic: Vec<Entry>,
}

/// How far a node is from fitting a task's reservations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Deficit {
    pub(crate) nano_cpus: u64,
    pub(crate) memory_bytes: u64,
    /// Kinds the node cannot serve, with how many units are missing (0 when the
    /// node lacks the kind and 0 units were asked for).
    pub(crate) generic: Vec<(String, u64)>,
}

impl Available {
    pub(crate) fn new(nano_cpus: u64, memory_bytes: u64, generic: &[GenericResource]) -> Self {
        let mut entries = Vec::new();
        for resource in generic {
            match resource {
                GenericResource::Discrete { kind, count } => {
                    // SwarmKit drops a discrete resource that reaches 0, so a node
                    // advertising 0 units has none of that kind.
                    if *count > 0 {
                        entries.push(Entry::Discrete {
                            kind: kind.clone(),
                            count: to_i64(*count),
                        });
                    }
                }
                GenericResource::Named { kind, values } => {
                    entries.extend(values.iter().map(|value| Entry::Named {
                        kind: kind.clone(),
                        value: value.clone(),
                    }));
                }
            }
        }
        Available {
            nano_cpus,
            memory_bytes,
            generic: entries,
        }
    }

    /// SwarmKit's resource filter check.
    pub(crate) fn fits(&self, reservations: &Reservations) -> bool {
        reservations.nano_cpus <= self.nano_cpus
            && reservations.memory_bytes <= self.memory_bytes
            && reservations.generic.iter().all(|r| self.has_enough(r))
    }

    /// What is missing for `reservations` to fit.
    pub(crate) fn deficit(&self, reservations: &Reservations) -> Deficit {
        let generic = reservations
            .generic
            .iter()
            .filter(|r| !self.has_enough(r))
            .map(|r| (r.kind.clone(), r.count.saturating_sub(self.units(&r.kind))))
            .collect();
        Deficit {
            nano_cpus: reservations.nano_cpus.saturating_sub(self.nano_cpus),
            memory_bytes: reservations.memory_bytes.saturating_sub(self.memory_bytes),
            generic,
        }
    }

    /// Units of `kind` available: the count of a discrete kind, the number of free
    /// items of a named one.
    fn units(&self, kind: &str) -> u64 {
        let mut entries = self.generic.iter().filter(|e| e.kind() == kind);
        match entries.next() {
            None => 0,
            Some(Entry::Discrete { count, .. }) => u64::try_from(*count).unwrap_or(0),
            Some(Entry::Named { .. }) => 1 + entries.count() as u64,
        }
    }

    /// `genericresource.HasEnough`: the first entry of the kind decides whether it
    /// is counted or listed; a kind the node lacks never has enough.
    fn has_enough(&self, request: &GenericRequest) -> bool {
        self.generic.iter().any(|e| e.kind() == request.kind)
            && request.count <= self.units(&request.kind)
    }

    /// Takes a placed task's reservations off the node.
    pub(crate) fn take(&mut self, reservations: &Reservations) {
        self.nano_cpus = self.nano_cpus.saturating_sub(reservations.nano_cpus);
        self.memory_bytes = self.memory_bytes.saturating_sub(reservations.memory_bytes);
        if let Some(selected) = self.select(&reservations.generic) {
            self.consume(&selected);
        }
    }

    /// `genericresource.Claim`'s selection: for every request, the entries it would
    /// take, chosen from the list as it was before the task. `None` when one
    /// request selects nothing, which aborts the whole claim.
    fn select(&self, requests: &[GenericRequest]) -> Option<Vec<Entry>> {
        let mut selected = Vec::new();
        for request in requests {
            let wanted = to_i64(request.count);
            let mut chosen = Vec::new();
            for entry in self.generic.iter().filter(|e| e.kind() == request.kind) {
                match entry {
                    Entry::Discrete { count, .. } => {
                        if *count >= wanted && wanted != 0 {
                            chosen.push(Entry::Discrete {
                                kind: request.kind.clone(),
                                count: wanted,
                            });
                        }
                        break;
                    }
                    Entry::Named { .. } => {
                        chosen.push(entry.clone());
                        if chosen.len() as u64 == request.count {
                            break;
                        }
                    }
                }
            }
            if chosen.is_empty() {
                return None;
            }
            selected.extend(chosen);
        }
        Some(selected)
    }

    /// `genericresource.ConsumeNodeResources`: discrete entries are decreased by
    /// every selected amount of their kind and dropped at 0; named items are
    /// dropped when selected.
    fn consume(&mut self, selected: &[Entry]) {
        let mut kept = Vec::with_capacity(self.generic.len());
        for mut entry in std::mem::take(&mut self.generic) {
            let mut removed = false;
            let kind = entry.kind().to_owned();
            for taken in selected.iter().filter(|t| t.kind() == kind) {
                match (&mut entry, taken) {
                    (Entry::Discrete { count, .. }, Entry::Discrete { count: t, .. }) => {
                        *count = count.saturating_sub(*t);
                        if *count <= 0 {
                            removed = true;
                        }
                    }
                    (Entry::Named { value, .. }, Entry::Named { value: t, .. }) => {
                        removed = value == t;
                    }
                    _ => {}
                }
                if removed {
                    break;
                }
            }
            if !removed {
                kept.push(entry);
            }
        }
        self.generic = kept;
    }
}

fn to_i64(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    fn gpus(n: usize) -> GenericResource {
        GenericResource::Named {
            kind: "NVIDIA-GPU".into(),
            values: (0..n).map(|i| format!("GPU-{i}")).collect(),
        }
    }

    fn ask(kind: &str, count: u64) -> Reservations {
        Reservations {
            generic: vec![GenericRequest {
                kind: kind.into(),
                count,
            }],
            ..Reservations::default()
        }
    }

    #[test]
    fn cpu_and_memory_subtract_reservations() {
        // 2 CPUs, 4 GiB; a task reserving 1.5 CPUs and 3 GiB leaves 0.5 CPU and
        // 1 GiB, so a second one lacks 1 CPU and 2 GiB.
        let mut node = Available::new(2_000_000_000, 4 * GIB, &[]);
        let task = Reservations {
            nano_cpus: 1_500_000_000,
            memory_bytes: 3 * GIB,
            generic: Vec::new(),
        };
        assert!(node.fits(&task));
        node.take(&task);
        assert!(!node.fits(&task));
        let deficit = node.deficit(&task);
        assert_eq!(deficit.nano_cpus, 1_000_000_000);
        assert_eq!(deficit.memory_bytes, 2 * GIB);
    }

    #[test]
    fn named_resources_are_taken_first_free_first() {
        // Three GPUs; a task asking for 2 takes GPU-0 and GPU-1, leaving GPU-2, so
        // the next one lacks 1.
        let mut node = Available::new(0, 0, &[gpus(3)]);
        let task = ask("NVIDIA-GPU", 2);
        node.take(&task);
        assert_eq!(
            node.generic,
            vec![Entry::Named {
                kind: "NVIDIA-GPU".into(),
                value: "GPU-2".into()
            }]
        );
        assert!(!node.fits(&task));
        assert_eq!(node.deficit(&task).generic, vec![("NVIDIA-GPU".into(), 1)]);
    }

    #[test]
    fn discrete_resources_are_counted_and_dropped_at_zero() {
        // SSD=3: two tasks of 1 leave 1; a third leaves none and the kind is gone.
        let ssd = GenericResource::Discrete {
            kind: "SSD".into(),
            count: 3,
        };
        let mut node = Available::new(0, 0, &[ssd]);
        let task = ask("SSD", 1);
        for _ in 0..3 {
            assert!(node.fits(&task));
            node.take(&task);
        }
        assert!(node.generic.is_empty());
        assert!(!node.fits(&task));
    }

    #[test]
    fn kinds_are_case_sensitive_and_zero_requests_are_swarmkit_quirks() {
        let mut node = Available::new(0, 0, &[gpus(2)]);
        assert!(!node.fits(&ask("nvidia-gpu", 1)));
        // 0 units of a kind the node lacks: not enough.
        assert!(!node.fits(&ask("SSD", 0)));
        // 0 named units: fits, and takes every item.
        assert!(node.fits(&ask("NVIDIA-GPU", 0)));
        node.take(&ask("NVIDIA-GPU", 0));
        assert!(node.generic.is_empty());
    }

    #[test]
    fn a_zero_discrete_request_aborts_the_whole_claim() {
        // GPU=1 and SSD=0 both fit, but selecting 0 SSD fails, so SwarmKit claims
        // nothing: both GPUs stay free.
        let ssd = GenericResource::Discrete {
            kind: "SSD".into(),
            count: 1,
        };
        let mut node = Available::new(0, 0, &[gpus(2), ssd]);
        let mut task = ask("NVIDIA-GPU", 1);
        task.generic.push(GenericRequest {
            kind: "SSD".into(),
            count: 0,
        });
        assert!(node.fits(&task));
        node.take(&task);
        assert_eq!(node.units("NVIDIA-GPU"), 2);
        assert_eq!(node.units("SSD"), 1);
    }
}
