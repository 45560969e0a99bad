//! [`NameMap`]: the ordered map behind everything the model keys by a name written in
//! the file (services, networks, environment variables, labels, ...).
//!
//! The keys are short names and the maps are built once per run, so the default
//! SipHash (whose resistance to crafted collisions buys nothing in a compiler reading
//! its user's own files) was a large part of lowering time; a multiply-rotate hash is
//! enough.

use super::Text;
use std::hash::{BuildHasherDefault, Hasher};

use indexmap::IndexMap;

/// An ordered map from names to `V`, in the order the names were written.
pub type NameMap<V> = IndexMap<Text, V, BuildHasherDefault<NameHasher>>;

/// An empty [`NameMap`] with room for `capacity` names.
pub fn name_map<V>(capacity: usize) -> NameMap<V> {
    NameMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// A fast, non-cryptographic hash for short strings.
#[derive(Clone, Copy, Debug, Default)]
pub struct NameHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_maps_keep_written_order_and_find_every_name() {
        let mut map = name_map(4);
        for name in ["web", "db", "a", "abcdefgh", "abcdefghi", ""] {
            map.insert(Text::new(name), name.len());
        }
        assert_eq!(
            map.keys().map(Text::as_str).collect::<Vec<_>>(),
            ["web", "db", "a", "abcdefgh", "abcdefghi", ""]
        );
        assert_eq!(map.get("abcdefghi"), Some(&9));
        assert_eq!(map.get("abcdefgh"), Some(&8));
        assert_eq!(map.get("x"), None);
    }
}
