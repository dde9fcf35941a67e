//! The queue's rows packed as bytes: the persisted snapshot a restart reads instead of parsing
//! every summary's JSON (issue 15). A row is its summary as the queue holds it (without the
//! content, which the queue keeps only in its search text) and that search text. A chunk is
//! [`MAGIC`], [`PACK_VERSION`], the row count, then each row's fields in a fixed order: integers as LEB128 varints (signed ones
//! zigzag-encoded), strings and the enums' codes as a length and their UTF-8 bytes, options as
//! a presence byte, lists as a count. Decoding checks every length against what is left, so a
//! damaged chunk is refused (and the rows are rebuilt from the summaries) instead of read.
//!
//! [`PACK_VERSION`] must change whenever a field of [`Summary`] or [`Facts`] is added,
//! removed, reordered or changes type: a snapshot of another version is not read.

use thiserror::Error;

use super::facts::{Answered, Called, Closing, Facts};
use super::summary::Summary;
use crate::domain::case::Status;
use crate::domain::vocabulary::{Channel, EscalationLevel, Kind, Severity, Stage};

/// The first bytes of every chunk.
pub const MAGIC: &[u8; 4] = b"CDQS";

/// The layout's version (see the module's documentation).
pub const PACK_VERSION: u8 = 2;

/// Why a chunk could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PackError {
    /// It does not start with [`MAGIC`] or is of another [`PACK_VERSION`].
    #[error("快照格式不符")]
    Format,
    /// It ends before its last row does, or a value in it is out of range.
    #[error("快照数据不完整（第 {0} 字节）")]
    Truncated(usize),
    /// A code that names no variant.
    #[error("快照中有无法识别的代码：{0}")]
    Code(String),
}

/// One row of the snapshot: the queue's summary and its search text (read in place from
/// the chunk's bytes: the index copies it into its own text).
#[derive(Clone, Debug, PartialEq)]
pub struct PackedRow<'a> {
    /// The summary as the queue holds it.
    pub summary: Summary,
    /// Its lower-cased search text.
    pub text: &'a str,
}

/// Packs rows (each summary with its search text) into one chunk.
pub fn pack<'a>(rows: impl ExactSizeIterator<Item = (&'a Summary, &'a str)>) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(rows.len() * 320 + 16));
    w.0.extend_from_slice(MAGIC);
    w.0.push(PACK_VERSION);
    w.uint(rows.len() as u64);
    for (s, text) in rows {
        s.put(&mut w);
        w.str(text);
    }
    w.0
}

/// Reads a chunk made by [`pack`].
pub fn unpack(bytes: &[u8]) -> Result<Vec<PackedRow<'_>>, PackError> {
    if bytes.len() < 5 || &bytes[..4] != MAGIC || bytes[4] != PACK_VERSION {
        return Err(PackError::Format);
    }
    let mut r = Reader { bytes, at: 5 };
    let n = r.uint()? as usize;
    // Every row takes more than one byte, so a count beyond what is left is damage.
    if n > bytes.len() {
        return Err(PackError::Truncated(r.at));
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let summary = Summary::take(&mut r)?;
        let text = r.str()?;
        out.push(PackedRow { summary, text });
    }
    if r.at != bytes.len() {
        return Err(PackError::Truncated(r.at));
    }
    Ok(out)
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, PackError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(PackError::Truncated(self.at))?;
        self.at += 1;
        Ok(b)
    }

    fn uint(&mut self) -> Result<u64, PackError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(PackError::Truncated(self.at))
    }

    fn int(&mut self) -> Result<i64, PackError> {
        let v = self.uint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn str(&mut self) -> Result<&'a str, PackError> {
        let len = self.uint()? as usize;
        let end = self
            .at
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(PackError::Truncated(self.at))?;
        let s = std::str::from_utf8(&self.bytes[self.at..end])
            .map_err(|_| PackError::Truncated(self.at))?;
        self.at = end;
        Ok(s)
    }

    fn count(&mut self) -> Result<usize, PackError> {
        let n = self.uint()? as usize;
        if n > self.bytes.len() - self.at {
            return Err(PackError::Truncated(self.at));
        }
        Ok(n)
    }
}

/// A value with a packed form.
trait Packed: Sized {
    fn put(&self, w: &mut Writer);
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError>;
}

impl Packed for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        r.str().map(str::to_string)
    }
}

impl Packed for i64 {
    fn put(&self, w: &mut Writer) {
        w.int(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        r.int()
    }
}

impl Packed for u8 {
    fn put(&self, w: &mut Writer) {
        w.0.push(*self);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        r.byte()
    }
}

impl Packed for bool {
    fn put(&self, w: &mut Writer) {
        w.0.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(PackError::Truncated(r.at - 1)),
        }
    }
}

impl<T: Packed> Packed for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.0.push(0),
            Some(v) => {
                w.0.push(1);
                v.put(w);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        match bool::take(r)? {
            false => Ok(None),
            true => T::take(r).map(Some),
        }
    }
}

impl<T: Packed> Packed for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.uint(self.len() as u64);
        for v in self {
            v.put(w);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        let n = r.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::take(r)?);
        }
        Ok(out)
    }
}

impl<A: Packed, B: Packed> Packed for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
        Ok((A::take(r)?, B::take(r)?))
    }
}

/// The coded enums travel as their stable codes.
macro_rules! packed_codes {
    ($($t:ty),+) => {$(
        impl Packed for $t {
            fn put(&self, w: &mut Writer) {
                w.str(self.code());
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
                let code = r.str()?;
                <$t>::from_code(code).ok_or_else(|| PackError::Code(code.to_string()))
            }
        }
    )+};
}

packed_codes!(Status, Severity, Channel, Kind, Stage, EscalationLevel);

/// A struct packed as its fields in order.
macro_rules! packed_struct {
    ($t:ident { $($f:ident),+ $(,)? }) => {
        impl Packed for $t {
            fn put(&self, w: &mut Writer) {
                $(self.$f.put(w);)+
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, PackError> {
                Ok($t { $($f: Packed::take(r)?,)+ })
            }
        }
    };
}

packed_struct!(Closing {
    at,
    reopened,
    archived,
    accepted
});
packed_struct!(Answered { at, called_back });
packed_struct!(Called {
    at,
    score,
    accepted
});
packed_struct!(Facts {
    closings,
    answers,
    callbacks,
    handling_minutes,
    escalations,
    gm_approved,
    stages,
    root_cause,
});
packed_struct!(Summary {
    number,
    office,
    status,
    category,
    severity,
    channel,
    kind,
    handler,
    name,
    phone,
    project,
    unit,
    content,
    received,
    updated,
    score,
    building,
    due,
    due_stage,
    sheet_due,
    escalation,
    escalation_deadline,
    facts,
    hq_unreturned,
    buyer,
    conflict,
});

/// How many rows one chunk of the snapshot holds (a few MB: one read and one copy each).
pub const SNAPSHOT_ROWS: usize = 10_000;

/// Below this many rows the queue keeps no snapshot: reading every summary is quick enough.
pub const SNAPSHOT_MIN_ROWS: usize = 2_000;

/// What the stored snapshot is: its layout version, the set of chunks it is (a random name,
/// so two tabs writing at once never mix their chunks), the write sequence it reflects, and
/// how many rows and chunks it holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnapshotHead {
    /// [`PACK_VERSION`] of its chunks.
    pub version: u8,
    /// The name of its set of chunks.
    pub set: String,
    /// Every summary written up to this write sequence is in it.
    pub upto: u64,
    /// Rows in all.
    pub rows: usize,
    /// Chunks in all.
    pub chunks: usize,
}

/// Whether the queue's snapshot should be written after a load of `rows` rows of which
/// `changed` were read from the summaries (all of them when no snapshot was read): never
/// below [`SNAPSHOT_MIN_ROWS`]; otherwise when more than a twentieth of the rows (and at
/// least 1,000) changed since the snapshot, so a restart reads few summaries one by one.
pub fn snapshot_due(rows: usize, changed: usize) -> bool {
    rows >= SNAPSHOT_MIN_ROWS && changed >= 1_000 && changed * 20 > rows
}
