//! The stored ZIP the full backup is written in: its layout byte by byte, CRC-32, and the
//! reader's refusals.

use chrono::NaiveDate;

use complaint_desk::domain::exchange::{crc32, read_zip, write_zip, ZipError, ZipWriter};

fn at() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(9, 30, 10)
        .unwrap()
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

#[test]
fn crc32_matches_the_check_values() {
    assert_eq!(crc32(b""), 0);
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    assert_eq!(
        crc32(b"The quick brown fox jumps over the lazy dog"),
        0x414f_a339
    );
}

#[test]
fn the_layout_is_a_plain_stored_zip() {
    let zip = write_zip(&[("export.json", b"{}"), ("attachments/ab", b"xyz")], at()).unwrap();
    // First local header: signature, version 2.0, UTF-8 names, stored, the DOS time.
    assert_eq!(u32_at(&zip, 0), 0x0403_4b50);
    assert_eq!(u16_at(&zip, 4), 20);
    assert_eq!(u16_at(&zip, 6), 0x0800);
    assert_eq!(u16_at(&zip, 8), 0, "method 0: stored");
    assert_eq!(u16_at(&zip, 10), 9 << 11 | 30 << 5 | 5);
    assert_eq!(u16_at(&zip, 12), (2026 - 1980) << 9 | 3 << 5 | 2);
    assert_eq!(u32_at(&zip, 14), crc32(b"{}"));
    assert_eq!((u32_at(&zip, 18), u32_at(&zip, 22)), (2, 2));
    assert_eq!(u16_at(&zip, 26), 11);
    assert_eq!(&zip[30..41], b"export.json");
    assert_eq!(&zip[41..43], b"{}");
    // Second entry right after it.
    assert_eq!(u32_at(&zip, 43), 0x0403_4b50);
    let second_data = 43 + 30 + "attachments/ab".len();
    assert_eq!(&zip[second_data..second_data + 3], b"xyz");
    // End record: two entries, the central directory right after the last data.
    let end = zip.len() - 22;
    assert_eq!(u32_at(&zip, end), 0x0605_4b50);
    assert_eq!((u16_at(&zip, end + 8), u16_at(&zip, end + 10)), (2, 2));
    let cd = u32_at(&zip, end + 16) as usize;
    assert_eq!(cd, second_data + 3);
    assert_eq!(u32_at(&zip, cd), 0x0201_4b50);
    assert_eq!(u32_at(&zip, end + 12) as usize, end - cd);
    // The second central entry points at the second local header.
    let second_cd = cd + 46 + "export.json".len();
    assert_eq!(u32_at(&zip, second_cd + 42), 43);
}

#[test]
fn the_writer_in_parts_writes_the_same_file() {
    let entries: [(&str, &[u8]); 3] = [("a", b"1"), ("照片/b", b"22"), ("c", b"")];
    let whole = write_zip(&entries, at()).unwrap();
    let mut w = ZipWriter::new(at());
    let mut parts = Vec::new();
    for (name, data) in entries {
        parts.extend(w.entry(name, data).unwrap());
        parts.extend_from_slice(data);
    }
    parts.extend(w.finish().unwrap());
    assert_eq!(parts, whole);
}

#[test]
fn what_is_written_reads_back() {
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let entries: [(&str, &[u8]); 3] = [
        ("export.json", b"{\"a\":1}"),
        ("照片.jpg", &big),
        ("empty", b""),
    ];
    let zip = write_zip(&entries, at()).unwrap();
    let read = read_zip(&zip).unwrap();
    assert_eq!(read.len(), 3);
    for (e, (name, data)) in read.iter().zip(entries) {
        assert_eq!(e.name, name);
        assert_eq!(e.data, data);
    }
}

#[test]
fn a_damaged_or_foreign_zip_is_refused() {
    let zip = write_zip(
        &[("export.json", b"{}"), ("attachments/x", b"photo bytes")],
        at(),
    )
    .unwrap();
    // A flipped byte in an entry's data: its CRC-32 no longer matches.
    let mut flipped = zip.clone();
    let at_data = zip.windows(11).position(|w| w == b"photo bytes").unwrap();
    flipped[at_data + 3] ^= 0x20;
    assert_eq!(
        read_zip(&flipped),
        Err(ZipError::Damaged("attachments/x".into()))
    );
    // Cut short: no end record.
    assert_eq!(read_zip(&zip[..zip.len() - 5]), Err(ZipError::NotZip));
    assert_eq!(
        read_zip(b"not a zip at all, just some text"),
        Err(ZipError::NotZip)
    );
    assert_eq!(read_zip(b""), Err(ZipError::NotZip));
    // A compressed entry (method 8, deflate) in the central directory.
    let mut deflated = zip.clone();
    let cd = u32_at(&zip, zip.len() - 22 + 16) as usize;
    deflated[cd + 10] = 8;
    assert_eq!(
        read_zip(&deflated),
        Err(ZipError::Unsupported("export.json".into()))
    );
    // Two entries of the same name.
    let twice = write_zip(&[("a", b"1"), ("a", b"1")], at()).unwrap();
    assert_eq!(read_zip(&twice), Err(ZipError::Duplicate("a".into())));
    // A central directory pointing past the end.
    let mut wrong = zip.clone();
    let end = zip.len() - 22;
    wrong[end + 16..end + 20].copy_from_slice(&(zip.len() as u32 + 10).to_le_bytes());
    assert_eq!(read_zip(&wrong), Err(ZipError::NotZip));
    // Every refusal reads in Chinese.
    for e in [
        ZipError::NotZip,
        ZipError::Damaged("x".into()),
        ZipError::Unsupported("x".into()),
        ZipError::Duplicate("x".into()),
        ZipError::TooLarge,
    ] {
        assert!(
            e.to_string()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{e}"
        );
    }
}
