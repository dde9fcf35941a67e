//! A staff member's PIN and the record kept of it: a random salt and the PBKDF2-HMAC-SHA256
//! derivation of the PIN, never the PIN itself.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// PBKDF2 iterations for a new PIN record (OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is
/// 600,000; a 4–8 digit PIN is guarded mainly by the wait after wrong tries, so 210,000 keeps
/// a sign-in on a tablet near 0.1 s while any offline guess costs as much).
pub const ITERATIONS: u32 = 210_000;

/// Bytes of random salt per record.
pub const SALT_LEN: usize = 16;

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Why a PIN was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PinError {
    /// Not 4–8 digits.
    #[error("密码须为 4 到 8 位数字")]
    Format,
    /// The two entries differ.
    #[error("两次输入的密码不一致")]
    Mismatch,
    /// The new PIN is the one a manager set.
    #[error("新密码不能与经理设置的初始密码相同")]
    SameAsInitial,
}

/// A PIN as typed: 4 to 8 ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

impl Pin {
    /// Checks the format.
    pub fn parse(typed: &str) -> Result<Pin, PinError> {
        let t = typed.trim();
        if (4..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pin(t.to_string()))
        } else {
            Err(PinError::Format)
        }
    }

    /// A new PIN typed twice.
    pub fn new_twice(first: &str, second: &str) -> Result<Pin, PinError> {
        let pin = Pin::parse(first)?;
        if first.trim() != second.trim() {
            return Err(PinError::Mismatch);
        }
        Ok(pin)
    }

    /// The bytes the key derivation reads.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// What is stored of one person's PIN: salt, iterations and the derived key, in hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    /// The random salt, hex.
    pub salt: String,
    /// PBKDF2 iterations used.
    pub iterations: u32,
    /// The 32-byte PBKDF2-HMAC-SHA256 output, hex.
    pub hash: String,
    /// Set by a manager: the person must choose their own PIN at the next sign-in.
    #[serde(default)]
    pub must_change: bool,
}

impl PinRecord {
    /// A record from a salt and the key `derive(pin, salt, iterations)` made of it.
    pub fn new(salt: &[u8], iterations: u32, derived: &[u8], must_change: bool) -> PinRecord {
        PinRecord {
            salt: hex(salt),
            iterations,
            hash: hex(derived),
            must_change,
        }
    }

    /// The salt's bytes (empty if the record is damaged).
    pub fn salt_bytes(&self) -> Vec<u8> {
        unhex(&self.salt).unwrap_or_default()
    }

    /// Whether `derived` (the key derived from a typed PIN with this record's salt and
    /// iterations) matches, compared in constant time.
    pub fn matches(&self, derived: &[u8]) -> bool {
        let Some(stored) = unhex(&self.hash) else {
            return false;
        };
        if stored.len() != derived.len() || stored.is_empty() {
            return false;
        }
        stored
            .iter()
            .zip(derived)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}
