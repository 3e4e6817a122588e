//! Identifiers (pupils', schools') looked up by their bytes: one probe of
//! an open-addressed table, with no pointer to follow for an id of up to
//! 15 bytes (a UPN has 13).
//!
//! A lookup in a table larger than the cache waits for memory; a caller
//! with many ids to look up can [`prefetch`](IdIndex::prefetch) the slot
//! of each of a batch of [`ShortId`]s before looking any up, so that the
//! waits overlap.

use std::collections::HashMap;

/// A map from identifiers to `u32`s (any but `u32::MAX`).
#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    short: ShortTable,
    long: HashMap<Box<[u8]>, u32, ahash::RandomState>,
}

/// An id of up to 15 bytes as one number, with its hash: its bytes, then
/// its length in the last byte (so that ids differing only by trailing
/// zero bytes differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ShortId {
    key: u128,
    hash: u64,
}

impl ShortId {
    /// The id's bytes.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let bytes = self.key.to_le_bytes();
        let len = usize::from(bytes[BYTES - 1]);
        bytes[..len].to_vec()
    }
}

/// The bytes of a [`ShortId`]'s key.
const BYTES: usize = std::mem::size_of::<u128>();

/// The value of a slot with no id.
const EMPTY: u32 = u32::MAX;

/// Ids of up to 15 bytes, held in the slots themselves, linearly probed;
/// never more than five eighths full (150,000 ids take 6 MiB: a shuffled
/// file's every part holds every pupil, and the parts' tables share the
/// cache).
#[derive(Clone, Default)]
struct ShortTable {
    slots: Vec<Slot>,
    len: usize,
    hasher: ahash::RandomState,
}

/// A slot: an id's key as two words (24 bytes a slot, where a `u128`'s
/// alignment would take 32), and its value.
#[derive(Clone, Copy)]
struct Slot {
    low: u64,
    high: u64,
    value: u32,
}

impl Slot {
    fn key(&self) -> u128 {
        u128::from(self.low) | u128::from(self.high) << 64
    }
}

impl IdIndex {
    /// `id` as a [`ShortId`], if it is short enough.
    pub(crate) fn short(&self, id: &[u8]) -> Option<ShortId> {
        let key = short_key(id)?;
        Some(ShortId {
            key,
            hash: self.short.hasher.hash_one(key),
        })
    }

    /// The value of `id`, if it has one.
    pub(crate) fn get(&self, id: &[u8]) -> Option<u32> {
        match self.short(id) {
            Some(short) => self.get_short(short),
            None => self.long.get(id).copied(),
        }
    }

    /// The value of the short id `id`, if it has one.
    pub(crate) fn get_short(&self, id: ShortId) -> Option<u32> {
        let table = &self.short;
        let slot = table.find(id);
        let found = table.slots.get(slot?)?;
        (found.value != EMPTY).then_some(found.value)
    }

    /// Gives `id` the value `value` (not `u32::MAX`).
    pub(crate) fn insert(&mut self, id: &[u8], value: u32) {
        match self.short(id) {
            Some(short) => self.insert_short(short, value),
            None => {
                self.long.insert(id.into(), value);
            }
        }
    }

    /// Gives the short id `id` the value `value` (not `u32::MAX`).
    pub(crate) fn insert_short(&mut self, id: ShortId, value: u32) {
        let table = &mut self.short;
        if (table.len + 1) * 8 > table.slots.len() * 5 {
            table.grow();
        }
        if let Some(slot) = table.find(id) {
            if table.slots[slot].value == EMPTY {
                table.len += 1;
            }
            table.slots[slot] = Slot {
                low: id.key as u64,
                high: (id.key >> 64) as u64,
                value,
            };
        }
    }

    /// Reads `id`'s first slot, so that it is in the cache when `id` is
    /// looked up: the reads of a batch of ids, free of branches, wait for
    /// memory together instead of one after the other.
    pub(crate) fn prefetch(&self, id: ShortId) {
        let slots = &self.short.slots;
        if let Some(slot) = slots.get(id.hash as usize & slots.len().wrapping_sub(1)) {
            #[cfg(target_arch = "x86_64")]
            #[allow(unsafe_code)]
            // SAFETY: SSE is part of every x86-64 processor, and a prefetch
            // is a hint that reads and writes no memory.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    (slot as *const Slot).cast(),
                );
            }
        }
    }
}

/// `id`'s bytes as a number, then its length in the last byte; `None`
/// for an id of 16 bytes or more. Read as whole words, some overlapping
/// (the bytes they share are the same): bytes copied one by one into a
/// key and then read as a number would wait for the copy to reach memory.
fn short_key(id: &[u8]) -> Option<u128> {
    let word = |at: usize| <[u8; 8]>::try_from(&id[at..at + 8]).map_or(0, u64::from_le_bytes);
    let half = |at: usize| {
        <[u8; 4]>::try_from(&id[at..at + 4]).map_or(0, |bytes| u64::from(u32::from_le_bytes(bytes)))
    };
    let n = id.len();
    let (low, high) = match n {
        0 => (0, 0),
        1..=3 => {
            let byte = |at: usize| u64::from(id[at]) << (8 * at);
            (byte(0) | byte(n / 2) | byte(n - 1), 0)
        }
        4..=7 => (half(0) | half(n - 4) << (8 * (n - 4)), 0),
        8..BYTES => (
            word(0),
            word(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0),
        ),
        _ => return None,
    };
    Some(u128::from(low) | u128::from(high | (n as u64) << 56) << 64)
}

impl ShortTable {
    /// The slot holding `id`, else the empty slot where it would go;
    /// `None` for a table with no slots.
    fn find(&self, id: ShortId) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = id.hash as usize & mask;
        let (low, high) = (id.key as u64, (id.key >> 64) as u64);
        // Never full, so an empty slot ends every probe.
        loop {
            let found = &self.slots[slot];
            if found.value == EMPTY || (found.low == low && found.high == high) {
                return Some(slot);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Doubles the slots (16 at first) and puts every id back.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(
            &mut self.slots,
            vec![
                Slot {
                    low: 0,
                    high: 0,
                    value: EMPTY
                };
                size
            ],
        );
        for slot in old.into_iter().filter(|slot| slot.value != EMPTY) {
            let id = ShortId {
                key: slot.key(),
                hash: self.hasher.hash_one(slot.key()),
            };
            if let Some(free) = self.find(id) {
                self.slots[free] = slot;
            }
        }
    }
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
        assert_eq!(
            index.short(b"p1\0").map(|id| id.bytes()),
            Some(b"p1\0".to_vec())
        );
        assert_eq!(index.short(b"0123456789abcdef"), None, "16 bytes");
    }

    #[test]
    fn a_short_key_is_the_ids_bytes_then_its_length() {
        let bytes: Vec<u8> = (1..=20u8).map(|byte| byte.wrapping_mul(37)).collect();
        for n in 0..=16 {
            let id = &bytes[..n];
            let expected = (n < BYTES).then(|| {
                let mut key = [0; BYTES];
                key[..n].copy_from_slice(id);
                key[BYTES - 1] = n as u8;
                u128::from_le_bytes(key)
            });
            assert_eq!(short_key(id), expected, "{n} bytes");
        }
    }

    #[test]
    fn many_ids_survive_the_table_growing() {
        let mut index = IdIndex::default();
        let id = |n: u32| format!("p{n}").into_bytes();
        for n in 0..5_000 {
            index.insert(&id(n), n);
            index.prefetch(index.short(&id(n + 1)).expect("short"));
        }
        index.insert(&id(7), 70);
        for n in 0..5_000 {
            let expected = if n == 7 { 70 } else { n };
            assert_eq!(index.get(&id(n)), Some(expected));
        }
        assert_eq!(index.get(&id(5_000)), None);
        assert_eq!(index.short.len, 5_000);
    }
}
