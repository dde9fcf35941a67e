//! A small ZIP writer and reader for the full backup: entries are STORED (method 0, not
//! compressed: photos are JPEG already and would not shrink), each with its CRC-32, names in
//! UTF-8. No ZIP64: a backup holds fewer than 65,535 entries and under 4 GB (checked).
//!
//! The writer hands out each entry's local header for the caller to write before the entry's
//! bytes, so a browser can build the file from parts without holding it all in memory.

use chrono::{Datelike, NaiveDateTime, Timelike};
use thiserror::Error;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
/// Version 2.0: what a stored entry needs.
const VERSION: u16 = 20;
/// General purpose flag bit 11: the name is UTF-8.
const UTF8: u16 = 0x0800;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: usize = 22;

/// Why a ZIP file could not be written or read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ZipError {
    /// Not a ZIP file, or cut short.
    #[error("不是完整的 .zip 文件")]
    NotZip,
    /// An entry's bytes do not match its CRC-32, or run past the end.
    #[error("压缩包中的「{0}」已损坏")]
    Damaged(String),
    /// An entry is compressed, encrypted or ZIP64: backups written by this app never are.
    #[error("压缩包中的「{0}」不是本系统导出的格式（请勿解压后重新压缩）")]
    Unsupported(String),
    /// Two entries share a name.
    #[error("压缩包中「{0}」出现了两次")]
    Duplicate(String),
    /// Too many entries or too large for a ZIP without ZIP64.
    #[error("备份太大（超过 4 GB 或 65535 个文件），请分批导出")]
    TooLarge,
}

/// Whether `bytes` begin as a ZIP file does (a local header's signature): an import takes
/// such a file as a full backup.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(&LOCAL_SIG.to_le_bytes())
}

/// The CRC-32 (IEEE, as ZIP uses it) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// MS-DOS time and date of `at` (2-second steps; years before 1980 written as 1980).
fn dos_time(at: NaiveDateTime) -> (u16, u16) {
    let time = ((at.hour() << 11) | (at.minute() << 5) | (at.second() / 2)) as u16;
    let year = at.year().clamp(1980, 2107) as u32 - 1980;
    let date = ((year << 9) | (at.month() << 5) | at.day()) as u16;
    (time, date)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Writes a ZIP file entry by entry (see the module).
#[derive(Debug)]
pub struct ZipWriter {
    offset: u64,
    central: Vec<u8>,
    entries: u32,
    time: u16,
    date: u16,
}

impl ZipWriter {
    /// A writer whose entries are dated `at` (local time).
    pub fn new(at: NaiveDateTime) -> Self {
        let (time, date) = dos_time(at);
        ZipWriter {
            offset: 0,
            central: Vec::new(),
            entries: 0,
            time,
            date,
        }
    }

    /// The local header of entry `name` holding `data`: write it, then `data`.
    pub fn entry(&mut self, name: &str, data: &[u8]) -> Result<Vec<u8>, ZipError> {
        let size = u32::try_from(data.len()).map_err(|_| ZipError::TooLarge)?;
        let offset = u32::try_from(self.offset).map_err(|_| ZipError::TooLarge)?;
        if self.entries == u32::from(u16::MAX) || name.len() > usize::from(u16::MAX) {
            return Err(ZipError::TooLarge);
        }
        let crc = crc32(data);
        let mut local = Vec::with_capacity(LOCAL_LEN + name.len());
        put32(&mut local, LOCAL_SIG);
        for v in [VERSION, UTF8, 0, self.time, self.date] {
            put16(&mut local, v);
        }
        for v in [crc, size, size] {
            put32(&mut local, v);
        }
        put16(&mut local, name.len() as u16);
        put16(&mut local, 0);
        local.extend_from_slice(name.as_bytes());

        let c = &mut self.central;
        put32(c, CENTRAL_SIG);
        for v in [VERSION, VERSION, UTF8, 0, self.time, self.date] {
            put16(c, v);
        }
        for v in [crc, size, size] {
            put32(c, v);
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            put16(c, v);
        }
        put32(c, 0);
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());

        self.offset += (local.len() + data.len()) as u64;
        self.entries += 1;
        Ok(local)
    }

    /// The central directory and end record: the file's last part.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        let offset = u32::try_from(self.offset).map_err(|_| ZipError::TooLarge)?;
        let size = u32::try_from(self.central.len()).map_err(|_| ZipError::TooLarge)?;
        offset.checked_add(size).ok_or(ZipError::TooLarge)?;
        let mut out = self.central;
        put32(&mut out, END_SIG);
        let n = self.entries as u16;
        for v in [0, 0, n, n] {
            put16(&mut out, v);
        }
        put32(&mut out, size);
        put32(&mut out, offset);
        put16(&mut out, 0);
        Ok(out)
    }
}

/// A whole ZIP file of `entries` (name, bytes), in order.
pub fn write_zip(entries: &[(&str, &[u8])], at: NaiveDateTime) -> Result<Vec<u8>, ZipError> {
    let mut w = ZipWriter::new(at);
    let mut out = Vec::new();
    for (name, data) in entries {
        out.extend(w.entry(name, data)?);
        out.extend_from_slice(data);
    }
    out.extend(w.finish()?);
    Ok(out)
}

/// One entry read from a ZIP file, its CRC-32 checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry<'a> {
    /// The entry's name (path inside the file).
    pub name: String,
    /// Its bytes.
    pub data: &'a [u8],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads every entry of a ZIP file of stored entries through its central directory,
/// checking each entry's local header and CRC-32. Any fault refuses the whole file.
pub fn read_zip(bytes: &[u8]) -> Result<Vec<ZipEntry<'_>>, ZipError> {
    if bytes.len() < END_LEN {
        return Err(ZipError::NotZip);
    }
    // The end record is the last 22 bytes unless a comment follows it (at most 64 KB).
    let lowest = bytes.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let end = (lowest..=bytes.len() - END_LEN)
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(END_SIG))
        .ok_or(ZipError::NotZip)?;
    let count = u16_at(bytes, end + 10).ok_or(ZipError::NotZip)?;
    let cd_offset = u32_at(bytes, end + 16).ok_or(ZipError::NotZip)? as usize;
    if count == u16::MAX || cd_offset == u32::MAX as usize {
        return Err(ZipError::Unsupported("ZIP64".into()));
    }
    let mut out = Vec::with_capacity(usize::from(count));
    let mut names = std::collections::BTreeSet::new();
    let mut at = cd_offset;
    for _ in 0..count {
        if u32_at(bytes, at) != Some(CENTRAL_SIG) {
            return Err(ZipError::NotZip);
        }
        let base = at;
        let field16 = |k: usize| u16_at(bytes, base + k).ok_or(ZipError::NotZip);
        let field32 = |k: usize| u32_at(bytes, base + k).ok_or(ZipError::NotZip);
        let (flags, method) = (field16(8)?, field16(10)?);
        let (crc, csize, size) = (field32(16)?, field32(20)?, field32(24)?);
        let (name_len, extra_len, comment_len) = (
            usize::from(field16(28)?),
            usize::from(field16(30)?),
            usize::from(field16(32)?),
        );
        let local = field32(42)? as usize;
        let name_bytes = bytes
            .get(at + CENTRAL_LEN..at + CENTRAL_LEN + name_len)
            .ok_or(ZipError::NotZip)?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        at += CENTRAL_LEN + name_len + extra_len + comment_len;
        // Encrypted (bit 0) or compressed entries, and ZIP64 sizes, are not this app's.
        if flags & 1 != 0 || method != 0 || csize != size || csize == u32::MAX {
            return Err(ZipError::Unsupported(name));
        }
        if u32_at(bytes, local) != Some(LOCAL_SIG)
            || u16_at(bytes, local + 26).map(usize::from) != Some(name_len)
        {
            return Err(ZipError::Damaged(name));
        }
        let local_extra = usize::from(u16_at(bytes, local + 28).ok_or(ZipError::NotZip)?);
        let start = local + LOCAL_LEN + name_len + local_extra;
        let data = bytes
            .get(start..start + csize as usize)
            .ok_or_else(|| ZipError::Damaged(name.clone()))?;
        if crc32(data) != crc {
            return Err(ZipError::Damaged(name));
        }
        if !names.insert(name.clone()) {
            return Err(ZipError::Duplicate(name));
        }
        out.push(ZipEntry { name, data });
    }
    Ok(out)
}
