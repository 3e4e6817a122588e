//! Identifiers (pupils', schools') looked up by their bytes: one hash
//! probe, with no pointer to follow for an id of up to 15 bytes (a UPN
//! has 13).

use std::collections::HashMap;

/// A map from identifiers to `u32`s.
#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    /// Ids of up to 15 bytes, held in the key itself (see [`inline`]).
    short: HashMap<u128, u32, ahash::RandomState>,
    long: HashMap<Box<[u8]>, u32, ahash::RandomState>,
}

impl IdIndex {
    /// The value of `id`, if it has one.
    pub(crate) fn get(&self, id: &[u8]) -> Option<u32> {
        match inline(id) {
            Some(key) => self.short.get(&key),
            None => self.long.get(id),
        }
        .copied()
    }

    /// Gives `id` the value `value`.
    pub(crate) fn insert(&mut self, id: &[u8], value: u32) {
        match inline(id) {
            Some(key) => self.short.insert(key, value),
            None => self.long.insert(id.into(), value),
        };
    }
}

/// `id` as one number, if it is short enough: its bytes, then its length
/// in the last byte (so that ids differing only by trailing zero bytes
/// differ).
fn inline(id: &[u8]) -> Option<u128> {
    const BYTES: usize = std::mem::size_of::<u128>();
    if id.len() >= BYTES {
        return None;
    }
    let mut bytes = [0; BYTES];
    bytes[..id.len()].copy_from_slice(id);
    bytes[BYTES - 1] = id.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_zero_padded_ids_are_told_apart() {
        let ids: [&[u8]; 6] = [
            b"",
            b"\0",
            b"p1",
            b"p1\0",
            b"A123456789012",
            b"a-school-id-of-many-bytes",
        ];
        let mut index = IdIndex::default();
        for (value, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), None);
            index.insert(id, value as u32);
        }
        for (value, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(value as u32), "{id:?}");
        }
        assert_eq!(index.get(b"p2"), None);
    }
}
