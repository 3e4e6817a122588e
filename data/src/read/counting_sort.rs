//! A stable counting sort, for items whose keys are few and small: a
//! batch of marks by pupil, a pupil's rows by session.

/// Puts `items` in order of `key` (given each item and its place; every
/// key below `keys`), items of one key in the order they were. `spare`
/// is room for the items (what it holds is overwritten) and `starts` for
/// the keys' counts; both are kept by the caller from one sort to the
/// next.
pub(crate) fn counting_sort<T: Copy>(
    items: &mut Vec<T>,
    spare: &mut Vec<T>,
    starts: &mut Vec<usize>,
    keys: usize,
    key: impl Fn(usize, &T) -> usize,
) {
    starts.clear();
    starts.resize(keys + 1, 0);
    for (place, item) in items.iter().enumerate() {
        starts[key(place, item) + 1] += 1;
    }
    for key in 1..starts.len() {
        starts[key] += starts[key - 1];
    }
    // Every place below `items.len()` is written: what `spare` held is
    // overwritten, not cleared first.
    if spare.len() < items.len() {
        spare.extend_from_slice(&items[spare.len()..]);
    }
    spare.truncate(items.len());
    for (place, item) in items.iter().enumerate() {
        let at = &mut starts[key(place, item)];
        spare[*at] = *item;
        *at += 1;
    }
    std::mem::swap(items, spare);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_of_one_key_keep_their_order() {
        let mut items = vec![(2, 'a'), (0, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        // Room left over from a longer sort is overwritten.
        let mut spare = vec![(9, 'z'); 8];
        let mut starts = Vec::new();
        counting_sort(&mut items, &mut spare, &mut starts, 3, |_, item| item.0);
        assert_eq!(items, [(0, 'b'), (0, 'e'), (1, 'd'), (2, 'a'), (2, 'c')]);
        // By place: the last first, in less room than the last sort's.
        let mut items = vec![(0, 'f'), (0, 'g'), (0, 'h')];
        counting_sort(&mut items, &mut spare, &mut starts, 3, |place, _| 2 - place);
        assert_eq!(items, [(0, 'h'), (0, 'g'), (0, 'f')]);
    }
}
