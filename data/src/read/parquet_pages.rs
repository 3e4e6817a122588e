//! Dictionary-encoded Parquet columns read page by page, without Arrow:
//! each batch's dictionary keys are decoded straight into buffers reused
//! from batch to batch (Arrow's reader zeroes, grows and validates fresh
//! arrays for every batch, which costs more than the decoding itself).
//!
//! Only files whose every data page of the columns read is dictionary
//! encoded (their footer says so) are read this way ([`readable`]); others
//! go through Arrow.

use super::positioned::PositionedFile;
use crate::scan;
use bytes::Bytes;
use parquet::basic::{Encoding, Type as PhysicalType};
use parquet::column::page::{Page, PageReader};
use parquet::file::metadata::{ColumnChunkMetaData, ParquetMetaData};
use parquet::file::serialized_reader::SerializedPageReader;
use std::sync::Arc;

/// The key of a row whose value is null, before its column knows its own
/// null key.
const NULL_KEY: i32 = -1;

/// Whether every row group's chunks of the `leaves` columns (flat, at most
/// optional) have a dictionary and only dictionary-encoded data pages, so
/// [`PageColumns`] can read them.
pub(crate) fn readable(metadata: &ParquetMetaData, leaves: &[usize]) -> bool {
    let schema = metadata.file_metadata().schema_descr();
    leaves.iter().all(|&leaf| {
        let column = schema.column(leaf);
        column.max_rep_level() == 0 && column.max_def_level() <= 1
    }) && metadata.row_groups().iter().all(|group| {
        leaves.iter().all(|&leaf| {
            let chunk = group.column(leaf);
            // Levels in the old bit-packed encoding are not read here.
            #[allow(deprecated)]
            let bit_packed = chunk
                .encodings()
                .any(|encoding| encoding == Encoding::BIT_PACKED);
            chunk.dictionary_page_offset().is_some()
                && !bit_packed
                && chunk.page_encoding_stats_mask().is_some_and(|mask| {
                    mask.is_only(Encoding::RLE_DICTIONARY)
                        || mask.is_only(Encoding::PLAIN_DICTIONARY)
                })
        })
    })
}

/// One batch of one column: a key per row into the column's dictionary.
#[derive(Default)]
pub(crate) struct ColumnKeys {
    /// Each row's key; [`NULL_KEY`] for a null.
    pub keys: Vec<i32>,
    /// Whether some row is null.
    pub nulls: bool,
    /// The dictionary's values, plain encoded, when it is new since the
    /// last batch (a new row group).
    pub dictionary: Option<Bytes>,
    /// How many values the dictionary has.
    pub dictionary_len: usize,
}

impl ColumnKeys {
    /// Moves the batch's keys into `keys` (taking `keys`' buffer in
    /// exchange, to be decoded into again), a null's key made `null_key`;
    /// whether any row is null.
    #[inline]
    pub(crate) fn take_keys(&mut self, keys: &mut Vec<i32>, null_key: i32) -> bool {
        std::mem::swap(keys, &mut self.keys);
        if self.nulls {
            for key in keys.iter_mut().filter(|key| **key == NULL_KEY) {
                *key = null_key;
            }
        }
        self.nulls
    }
}

/// The dictionary-encoded columns of a Parquet file, read a batch of rows
/// at a time, row group after row group.
pub(crate) struct PageColumns {
    file: Arc<PositionedFile>,
    metadata: Arc<ParquetMetaData>,
    leaves: Vec<usize>,
    /// The next row group to open.
    next_group: usize,
    /// Rows left in the open row group.
    rows_left: usize,
    columns: Vec<DictionaryColumn>,
}

impl PageColumns {
    /// Reads columns `leaves` of `file`, whose footer is `metadata` (see
    /// [`readable`]), from row group `first_group` on.
    pub(crate) fn new(
        file: PositionedFile,
        metadata: Arc<ParquetMetaData>,
        leaves: Vec<usize>,
        first_group: usize,
    ) -> PageColumns {
        PageColumns {
            file: Arc::new(file),
            metadata,
            leaves,
            next_group: first_group,
            rows_left: 0,
            columns: Vec::new(),
        }
    }

    /// Reads up to `rows` rows into `out` (one per column, in the order of
    /// the leaves); how many, 0 at the end of the file.
    pub(crate) fn next_batch(
        &mut self,
        rows: usize,
        out: &mut [ColumnKeys],
    ) -> Result<usize, String> {
        while self.rows_left == 0 {
            let Some(group) = self.metadata.row_groups().get(self.next_group) else {
                return Ok(0);
            };
            let group_rows = usize::try_from(group.num_rows()).unwrap_or(0);
            self.columns = self
                .leaves
                .iter()
                .map(|&leaf| DictionaryColumn::open(&self.file, group.column(leaf), group_rows))
                .collect::<Result<_, _>>()?;
            self.next_group += 1;
            self.rows_left = group_rows;
        }
        let rows = rows.min(self.rows_left);
        let schema = self.metadata.file_metadata().schema_descr();
        for ((column, out), &leaf) in self.columns.iter_mut().zip(out).zip(&self.leaves) {
            column.read(rows, out).map_err(|message| {
                let name = schema.column(leaf).name().to_string();
                format!("column `{name}`, row group {}: {message}", self.next_group)
            })?;
        }
        self.rows_left -= rows;
        Ok(rows)
    }
}

/// One column chunk, a data page at a time.
struct DictionaryColumn {
    pages: SerializedPageReader<PositionedFile>,
    physical: PhysicalType,
    nullable: bool,
    /// The dictionary, if not yet handed out.
    dictionary: Option<Bytes>,
    dictionary_len: usize,
    /// The current data page's definition levels (a nullable column's) and
    /// dictionary keys, and its rows not yet read.
    levels: Option<Hybrid>,
    keys: Hybrid,
    page_rows: usize,
    /// Whether a data page has been read (a dictionary page must come
    /// first).
    data_seen: bool,
    /// Scratch: levels, and the keys of a run with nulls.
    level_buffer: Vec<i32>,
    key_buffer: Vec<i32>,
}

impl DictionaryColumn {
    fn open(
        file: &Arc<PositionedFile>,
        chunk: &ColumnChunkMetaData,
        rows: usize,
    ) -> Result<DictionaryColumn, String> {
        let pages = SerializedPageReader::new(Arc::clone(file), chunk, rows, None)
            .map_err(|error| error.to_string())?;
        Ok(DictionaryColumn {
            pages,
            physical: chunk.column_type(),
            nullable: chunk.column_descr().max_def_level() == 1,
            dictionary: None,
            dictionary_len: 0,
            levels: None,
            keys: Hybrid::default(),
            page_rows: 0,
            data_seen: false,
            level_buffer: Vec::new(),
            key_buffer: Vec::new(),
        })
    }

    /// Reads the next `rows` rows into `out`.
    fn read(&mut self, rows: usize, out: &mut ColumnKeys) -> Result<(), String> {
        out.keys.clear();
        out.nulls = false;
        while out.keys.len() < rows {
            if self.page_rows == 0 {
                self.next_page()?;
            }
            let n = (rows - out.keys.len()).min(self.page_rows);
            let bound = self.key_bound();
            let all_present = match &mut self.levels {
                Some(levels) => levels.skip_repeated(n, 1)?,
                None => true,
            };
            match self.levels.as_mut().filter(|_| !all_present) {
                Some(levels) => {
                    self.level_buffer.clear();
                    levels.read(n, &mut self.level_buffer, u32::MAX)?;
                    let present = self
                        .level_buffer
                        .iter()
                        .filter(|&&level| level == 1)
                        .count();
                    self.key_buffer.clear();
                    self.keys.read(present, &mut self.key_buffer, bound)?;
                    let mut present = self.key_buffer.iter();
                    out.keys
                        .extend(self.level_buffer.iter().map(|&level| match level {
                            1 => *present.next().unwrap_or(&NULL_KEY),
                            _ => NULL_KEY,
                        }));
                    out.nulls |= self.level_buffer.iter().any(|&level| level != 1);
                }
                None => {
                    self.keys.read(n, &mut out.keys, bound)?;
                }
            }
            self.page_rows -= n;
        }
        out.dictionary = self.dictionary.take();
        out.dictionary_len = self.dictionary_len;
        Ok(())
    }

    /// The number every key must be below: the dictionary's length.
    fn key_bound(&self) -> u32 {
        u32::try_from(self.dictionary_len).unwrap_or(u32::MAX)
    }

    /// Moves to the next data page (taking in a dictionary page before it).
    fn next_page(&mut self) -> Result<(), String> {
        loop {
            let page = self
                .pages
                .get_next_page()
                .map_err(|error| error.to_string())?
                .ok_or("the column chunk ends before its row group")?;
            match page {
                Page::DictionaryPage {
                    buf, num_values, ..
                } => {
                    if self.data_seen {
                        return Err("a dictionary page after data pages".to_string());
                    }
                    self.dictionary_len = num_values as usize;
                    self.dictionary = Some(buf);
                    if self.physical == PhysicalType::INT32
                        && self.dictionary_len * 4 > self.dictionary.as_ref().map_or(0, Bytes::len)
                    {
                        return Err("a dictionary page shorter than its values".to_string());
                    }
                }
                Page::DataPage {
                    buf,
                    num_values,
                    encoding,
                    ..
                } => {
                    let mut data = buf;
                    self.levels = match self.nullable {
                        true => {
                            let length = le_u32(&data).ok_or("a data page without its levels")?;
                            let end = 4 + length as usize;
                            if end > data.len() {
                                return Err("a data page shorter than its levels".to_string());
                            }
                            let levels = Hybrid::new(data.slice(4..end), 1);
                            data = data.slice(end..);
                            Some(levels)
                        }
                        false => None,
                    };
                    if self.start_keys(data, num_values, encoding)? {
                        return Ok(());
                    }
                }
                Page::DataPageV2 {
                    buf,
                    num_values,
                    encoding,
                    def_levels_byte_len,
                    rep_levels_byte_len,
                    ..
                } => {
                    let start = rep_levels_byte_len as usize;
                    let end = start + def_levels_byte_len as usize;
                    if end > buf.len() {
                        return Err("a data page shorter than its levels".to_string());
                    }
                    self.levels = self.nullable.then(|| Hybrid::new(buf.slice(start..end), 1));
                    if self.start_keys(buf.slice(end..), num_values, encoding)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Starts reading a data page's keys from `data`; false for a page
    /// without rows, to be passed over.
    fn start_keys(&mut self, data: Bytes, rows: u32, encoding: Encoding) -> Result<bool, String> {
        if !matches!(
            encoding,
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY
        ) {
            return Err(format!(
                "a data page encoded {encoding}, not with its dictionary"
            ));
        }
        // A page of nulls alone may have no keys at all.
        let width = data.first().copied().unwrap_or(0);
        if width > 32 {
            return Err(format!("a data page's keys {width} bits wide"));
        }
        self.keys = Hybrid::new(data.slice(data.len().min(1)..), u32::from(width));
        self.page_rows = rows as usize;
        self.data_seen = true;
        Ok(self.page_rows > 0)
    }
}

/// The first four bytes of `data`, little-endian.
pub(crate) fn le_u32(data: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(..4)?.try_into().ok()?))
}

/// Appends to `out` up to `groups` groups of eight values `W` bits wide
/// packed from byte `start` of `data`, as long as 16 bytes from a group's
/// start lie inside `data`; how many groups. The shifts are constants, and
/// values are written straight into `out`.
fn unpack_groups<const W: usize>(
    data: &[u8],
    start: usize,
    groups: usize,
    out: &mut Vec<i32>,
) -> usize {
    let mask = (1u128 << W) - 1;
    let first = out.len();
    out.resize(first + groups * 8, 0);
    let mut done = 0;
    for (group, values) in out[first..].chunks_exact_mut(8).enumerate() {
        let at = start + group * W;
        let Some(Ok(bytes)) = data.get(at..at + 16).map(<[u8; 16]>::try_from) else {
            break;
        };
        let word = u128::from_le_bytes(bytes);
        for (index, value) in values.iter_mut().enumerate() {
            *value = ((word >> (index * W)) & mask) as i32;
        }
        done += 1;
    }
    out.truncate(first + done * 8);
    done
}

/// [`unpack_groups`] for each width up to 16 bits (eight values of at
/// most 16 bits lie in 16 bytes).
type UnpackGroups = fn(&[u8], usize, usize, &mut Vec<i32>) -> usize;
const UNPACK_GROUPS: [UnpackGroups; 17] = [
    unpack_groups::<0>,
    unpack_groups::<1>,
    unpack_groups::<2>,
    unpack_groups::<3>,
    unpack_groups::<4>,
    unpack_groups::<5>,
    unpack_groups::<6>,
    unpack_groups::<7>,
    unpack_groups::<8>,
    unpack_groups::<9>,
    unpack_groups::<10>,
    unpack_groups::<11>,
    unpack_groups::<12>,
    unpack_groups::<13>,
    unpack_groups::<14>,
    unpack_groups::<15>,
    unpack_groups::<16>,
];

/// Small integers in Parquet's hybrid of run-length and bit-packed runs.
#[derive(Default)]
struct Hybrid {
    data: Bytes,
    width: u32,
    /// The next run's header.
    next: usize,
    /// The current run: a value repeated, or values packed from a bit offset.
    repeated: Option<u32>,
    left: usize,
    bit: usize,
}

impl Hybrid {
    fn new(data: Bytes, width: u32) -> Hybrid {
        Hybrid {
            data,
            width,
            ..Hybrid::default()
        }
    }

    /// Takes the next `n` values if they are all `value` in one run;
    /// whether it did.
    fn skip_repeated(&mut self, n: usize, value: u32) -> Result<bool, String> {
        if self.left == 0 {
            self.next_run()?;
        }
        if self.repeated == Some(value) && self.left >= n {
            self.left -= n;
            return Ok(true);
        }
        Ok(false)
    }

    /// Appends the next `n` values to `out`, each checked to be below
    /// `below` (a dictionary's length; `u32::MAX` for levels): a repeated
    /// run's value once, a packed run's values unless their width cannot
    /// reach it.
    fn read(&mut self, n: usize, out: &mut Vec<i32>, below: u32) -> Result<(), String> {
        let past = || format!("a dictionary key past the end of the dictionary ({below} values)");
        let checked = u64::from(below) < 1 << self.width;
        let mut left = n;
        while left > 0 {
            if self.left == 0 {
                self.next_run()?;
            }
            let taken = left.min(self.left);
            match self.repeated {
                Some(value) if value >= below => return Err(past()),
                Some(value) => out.extend(std::iter::repeat_n(value as i32, taken)),
                None => {
                    let start = out.len();
                    self.unpack(taken, out)?;
                    // As unsigned, so a value read as negative is past it too.
                    if checked && scan::any(&out[start..], |&value| value as u32 >= below) {
                        return Err(past());
                    }
                }
            }
            self.left -= taken;
            left -= taken;
        }
        Ok(())
    }

    /// Appends the next `n` values of a bit-packed run to `out`: eight at a
    /// time from a byte boundary (as every group of eight of a run starts)
    /// when they are at most 16 bits wide, so 16 bytes hold them; others a
    /// value at a time.
    fn unpack(&mut self, n: usize, out: &mut Vec<i32>) -> Result<(), String> {
        let width = self.width as usize;
        if self.bit + width * n > self.data.len() * 8 {
            return Err("a bit-packed run past the end of its page".to_string());
        }
        let data = &self.data[..];
        let mut left = n;
        if let Some(unpack) = UNPACK_GROUPS
            .get(width)
            .filter(|_| self.bit.is_multiple_of(8))
        {
            let groups = unpack(data, self.bit / 8, n / 8, out);
            self.bit += groups * 8 * width;
            left -= groups * 8;
        }
        let mask = (1u64 << width) - 1;
        for _ in 0..left {
            let byte = self.bit / 8;
            let mut bytes = [0; 8];
            let tail = &data[byte.min(data.len())..];
            let taken = tail.len().min(8);
            bytes[..taken].copy_from_slice(&tail[..taken]);
            let word = u64::from_le_bytes(bytes);
            out.push(((word >> (self.bit % 8)) & mask) as i32);
            self.bit += width;
        }
        Ok(())
    }

    /// Reads the next run's header (and a repeated run's value).
    fn next_run(&mut self) -> Result<(), String> {
        let header = self.varint()?;
        let count = usize::try_from(header >> 1).map_err(|_| "a run too long")?;
        if header & 1 == 0 {
            let bytes = (self.width as usize).div_ceil(8);
            let value = self
                .data
                .get(self.next..self.next + bytes)
                .ok_or("a repeated run past the end of its page")?;
            let mut le = [0; 4];
            le[..bytes].copy_from_slice(value);
            self.repeated = Some(u32::from_le_bytes(le));
            self.next += bytes;
            self.left = count;
        } else {
            self.repeated = None;
            self.bit = self.next * 8;
            self.left = count * 8;
            self.next += count * self.width as usize;
        }
        Ok(())
    }

    /// An unsigned LEB128 number at the next header.
    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .data
                .get(self.next)
                .ok_or("values past the end of their page")?;
            self.next += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a run header too long".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(data: &[u8], width: u32, n: usize) -> Result<Vec<i32>, String> {
        let mut out = Vec::new();
        Hybrid::new(Bytes::copy_from_slice(data), width).read(n, &mut out, u32::MAX)?;
        Ok(out)
    }

    #[test]
    fn repeated_and_packed_runs_decode() {
        // 3 × 5 repeated (header 3 << 1), then one group of 8 values 0..8
        // packed 3 bits wide (header 1 << 1 | 1).
        let data = [6, 5, 3, 0b1000_1000, 0b1100_0110, 0b1111_1010];
        assert_eq!(
            decode(&data, 3, 11),
            Ok(vec![5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7])
        );
    }

    #[test]
    fn keys_past_the_dictionary_are_errors() {
        let read = |data: &[u8], n: usize, below: u32| {
            let mut out = Vec::new();
            let mut keys = Hybrid::new(Bytes::copy_from_slice(data), 3);
            keys.read(n, &mut out, below).map(|()| out)
        };
        // 3 × 5 repeated: past a dictionary of 5 values, not of 6.
        assert!(read(&[6, 5], 3, 5).is_err());
        assert_eq!(read(&[6, 5], 3, 6), Ok(vec![5; 3]));
        // 0..8 packed 3 bits wide: 7 is past a dictionary of 7 values; no
        // 3-bit key is past one of 8.
        let packed = [3, 0b1000_1000, 0b1100_0110, 0b1111_1010];
        assert!(read(&packed, 8, 7).is_err());
        assert_eq!(read(&packed, 8, 8), Ok((0..8).collect()));
    }

    #[test]
    fn runs_past_the_data_are_errors_not_panics() {
        assert!(decode(&[6], 3, 3).is_err());
        assert!(decode(&[3, 0xff], 9, 8).is_err());
        assert!(decode(&[], 1, 1).is_err());
        assert!(decode(
            &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80],
            1,
            1
        )
        .is_err());
    }

    #[test]
    fn a_repeated_run_can_be_skipped_whole() {
        let mut levels = Hybrid::new(Bytes::from_static(&[20, 1]), 1);
        assert_eq!(levels.skip_repeated(8, 1), Ok(true));
        assert_eq!(levels.skip_repeated(3, 0), Ok(false));
        assert_eq!(levels.skip_repeated(3, 1), Ok(false), "only 2 left");
    }
}
