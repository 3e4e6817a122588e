//! Scans of slices a block of items at a time, without a branch per item,
//! so the compiler can test several items in one instruction. They serve
//! long stretches of items that all pass: a pupil's run of keys in a
//! Parquet batch, a pupil's marks at one school, a batch's keys looked
//! through for a bad one.

/// Items tested together before the first scan's one branch.
const BLOCK: usize = 16;

/// Items tested together before [`any`]'s one branch.
const WIDE_BLOCK: usize = 256;

/// The index of the first item from `from` on for which `hit` holds, or
/// the length of `items`.
pub fn first_from<T>(items: &[T], from: usize, hit: impl Fn(&T) -> bool) -> usize {
    let block = items[from..]
        .chunks(BLOCK)
        .position(|block| block.iter().fold(false, |found, item| found | hit(item)))
        .map_or(items.len(), |block| from + block * BLOCK);
    block
        + items[block..]
            .iter()
            .position(&hit)
            .unwrap_or(items.len() - block)
}

/// Whether `hit` holds for any item of `items`.
pub fn any<T>(items: &[T], hit: impl Fn(&T) -> bool) -> bool {
    items
        .chunks(WIDE_BLOCK)
        .any(|block| block.iter().fold(false, |found, item| found | hit(item)))
}
