//! Masked copies for sending data outside the office (issue 4): the customer's name and
//! phone are hidden, everything else stays.
//!
//! **Rules.**
//! - Name: the surname followed by one `*`, whatever the length of the given name, so the
//!   length is not told either: `王芳` → `王*`, `张三丰` → `张*`. A name of three or more
//!   characters that starts with a common two-character compound surname keeps both
//!   characters: `欧阳娜娜` → `欧阳*`, `司马光` → `司马*` (the list is [`COMPOUND_SURNAMES`]); a
//!   two-character name is always surname + given name, so `欧阳` → `欧*`. Any other name
//!   (Latin letters, `王先生`) keeps its first character: `Smith` → `S*`, `王先生` → `王*`.
//!   Surrounding spaces are dropped; an empty name stays empty.
//! - Phone: read as digits (spaces, dashes, brackets and a `+86`/`86` country code dropped).
//!   A mobile (11 digits starting with 1) keeps its first 3 and last 4 digits:
//!   `138-1234-5678` → `138****5678`. A landline (starting with 0) keeps its area code (3
//!   digits for `010` and `02x`, otherwise 4) and the last 2 digits of the local number, one
//!   `*` per hidden digit: `021-12345678` → `021-******78`, `0571 8765 4321` →
//!   `0571-******21`. Anything else (400/800 numbers, foreign numbers) keeps only its last 2
//!   digits: `400-123-4567` → `********67`; fewer than 6 digits are hidden entirely.
//! - Free text (content, notes, findings, replies…) is left as it is, and so are staff names,
//!   the project, building and unit: whoever writes free text for a masked export must not
//!   put the customer's name or phone in it.
//!
//! A masked copy keeps its number and event ids; importing it where the original is stored
//! is refused as a conflict (the registration events differ), so it cannot overwrite the
//! original by accident.

use super::file::{self, ExportFile};
use crate::domain::case::{Complaint, EventData};
use crate::domain::queue::Summary;
use crate::domain::vocabulary::phone_key;

/// Two-character surnames kept whole by [`mask_name`].
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "公孙", "长孙", "宇文", "尉迟",
    "夏侯", "端木", "独孤", "南宫", "西门", "司徒", "司空", "轩辕", "呼延", "澹台", "百里", "钟离",
];

/// A customer's name as surname + `*` (see the module's rules).
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let Some(first) = name.chars().next() else {
        return String::new();
    };
    let surname = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.chars().count() >= 3)
        .map_or_else(|| first.to_string(), |s| s.to_string());
    surname + "*"
}

/// A phone number with its middle hidden (see the module's rules).
pub fn mask_phone(phone: &str) -> String {
    let digits = phone_key(phone);
    let n = digits.len();
    let stars = |k: usize| "*".repeat(k);
    if n == 0 {
        return String::new();
    }
    if n == 11 && digits.starts_with('1') {
        return format!("{}****{}", &digits[..3], &digits[7..]);
    }
    if digits.starts_with('0') && n >= 9 {
        let area = if matches!(digits.as_bytes()[1], b'1' | b'2') {
            3
        } else {
            4
        };
        return format!(
            "{}-{}{}",
            &digits[..area],
            stars(n - area - 2),
            &digits[n - 2..]
        );
    }
    if n >= 6 {
        format!("{}{}", stars(n - 2), &digits[n - 2..])
    } else {
        stars(n)
    }
}

/// A copy of the complaint with the registration's name and phone masked; every other field
/// and event is the same.
pub fn mask_complaint(c: &Complaint) -> Complaint {
    let mut c = c.clone();
    for e in &mut c.events {
        if let EventData::Register { intake } = &mut e.data {
            intake.customer_name = mask_name(&intake.customer_name);
            intake.phone = mask_phone(&intake.phone);
        }
    }
    c
}

/// A copy of the queue's summary with the name and phone masked (for a masked CSV).
pub fn mask_summary(s: &Summary) -> Summary {
    Summary {
        name: mask_name(&s.name),
        phone: mask_phone(&s.phone),
        ..s.clone()
    }
}

/// A whole export file with every complaint masked: built again by [`file::export`] from
/// the masked complaints, the file's settings and export time, so everything the export
/// computes from the complaints (`derived`, which holds neither name nor phone, and any
/// checksum) describes the masked content. The settings' staff names stay.
pub fn mask_export(file: &ExportFile) -> ExportFile {
    let masked: Vec<Complaint> = file
        .complaints
        .iter()
        .map(|ec| mask_complaint(&ec.complaint))
        .collect();
    let buyers = file
        .buyers
        .iter()
        .map(|b| crate::domain::aftersales::Buyer {
            name: mask_name(&b.name),
            phones: b.phones.iter().map(|p| mask_phone(p)).collect(),
            ..b.clone()
        })
        .collect();
    ExportFile {
        masked: true,
        buyers,
        ..file::export(&file.settings, &masked, file.exported_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(mask_name("王芳"), "王*");
        assert_eq!(mask_name("张三丰"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳*");
        assert_eq!(mask_name("司马光"), "司马*");
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name(" 李 "), "李*");
        assert_eq!(mask_name("王先生"), "王*");
        assert_eq!(mask_name("Smith"), "S*");
        assert_eq!(mask_name("  "), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("+86 138 1234 5678"), "138****5678");
        assert_eq!(mask_phone("021-12345678"), "021-******78");
        assert_eq!(mask_phone("02112345678"), "021-******78");
        assert_eq!(mask_phone("010-1234567"), "010-*****67");
        assert_eq!(mask_phone("0571 8765 4321"), "0571-******21");
        assert_eq!(mask_phone("400-123-4567"), "********67");
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_phone(""), "");
    }
}
