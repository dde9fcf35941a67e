//! The PIN's format, the record kept of it, the wait after wrong PINs and the idle lock.

use complaint_desk::domain::access::{
    hex, Lockout, Pin, PinError, PinRecord, Session, FIRST_WAIT_SECS, FREE_TRIES,
};
use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

fn derive(pin: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(pin, salt, iterations, &mut out);
    out.to_vec()
}

#[test]
fn a_pin_is_four_to_eight_digits() {
    let table: &[(&str, bool)] = &[
        ("", false),
        ("123", false),
        ("1234", true),
        (" 1234 ", true),
        ("12345678", true),
        ("123456789", false),
        ("12a4", false),
        ("１２３４", false), // full-width digits are not ASCII digits
        ("12 34", false),
        ("-1234", false),
    ];
    for (typed, ok) in table {
        assert_eq!(Pin::parse(typed).is_ok(), *ok, "{typed:?}");
    }
    assert_eq!(Pin::parse("12"), Err(PinError::Format));
    assert_eq!(Pin::new_twice("2468", "2469"), Err(PinError::Mismatch));
    assert!(Pin::new_twice("2468", "2468").is_ok());
    // The PIN never shows in debug output (logs, panics).
    let shown = format!("{:?}", Pin::parse("97531").unwrap());
    assert!(!shown.contains("97531"), "{shown}");
}

#[test]
fn the_derivation_is_pbkdf2_hmac_sha256_as_web_crypto_computes_it() {
    // RFC 7914 section 11, PBKDF2-HMAC-SHA256 test vector ("passwd", "salt", c = 1, 64 bytes):
    // the first 32 bytes are what a record of c = 1 would keep.
    let got = hex(&derive(b"passwd", b"salt", 1));
    assert_eq!(
        got,
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
    );
}

#[test]
fn a_record_keeps_salt_and_hash_and_matches_only_its_pin() {
    let salt = [7u8; 16];
    let pin = Pin::parse("2468").unwrap();
    let rec = PinRecord::new(&salt, 1000, &derive(pin.as_bytes(), &salt, 1000), false);
    assert_eq!(rec.salt, "07".repeat(16));
    assert_eq!(rec.hash.len(), 64);
    assert!(!rec.hash.contains("2468"));
    assert_eq!(rec.salt_bytes(), salt);
    assert!(rec.matches(&derive(b"2468", &rec.salt_bytes(), rec.iterations)));
    for wrong in ["2469", "8642", "24680", "0000"] {
        assert!(
            !rec.matches(&derive(wrong.as_bytes(), &salt, 1000)),
            "{wrong}"
        );
    }
    // The same PIN with another salt gives another hash: equal PINs do not show as equal.
    let other = PinRecord::new(&[8u8; 16], 1000, &derive(b"2468", &[8u8; 16], 1000), false);
    assert_ne!(other.hash, rec.hash);
    // A damaged record matches nothing, not even an empty key.
    let damaged = PinRecord {
        hash: "zz".into(),
        ..rec.clone()
    };
    assert!(!damaged.matches(&derive(b"2468", &salt, 1000)));
    let empty = PinRecord {
        hash: String::new(),
        ..rec
    };
    assert!(!empty.matches(&[]));
}

#[test]
fn five_wrong_pins_are_free_then_the_wait_starts_at_30_seconds_and_doubles() {
    assert_eq!(FREE_TRIES, 5);
    assert_eq!(FIRST_WAIT_SECS, 30);
    let t0 = 1_000_000_i64;
    let mut l = Lockout::default();
    // (failure number, wait in seconds after it, tries left)
    let table: &[(u32, Option<i64>, u32)] = &[
        (1, None, 4),
        (2, None, 3),
        (3, None, 2),
        (4, None, 1),
        (5, Some(30), 0),
        (6, Some(60), 0),
        (7, Some(120), 0),
        (8, Some(240), 0),
    ];
    for (n, wait, left) in table {
        l = l.after_failure(t0);
        assert_eq!(l.failures, *n);
        assert_eq!(l.wait_secs(t0), *wait, "failure {n}");
        assert_eq!(l.tries_left(), *left, "failure {n}");
    }
    // The wait runs out to the millisecond and is rounded up while it runs.
    let five = (0..5).fold(Lockout::default(), |l, _| l.after_failure(t0));
    assert_eq!(five.wait_secs(t0 + 29_001), Some(1));
    assert_eq!(five.wait_secs(t0 + 29_999), Some(1));
    assert_eq!(five.wait_secs(t0 + 30_000), None);
    // The doubling stops at a day.
    let many = (0..40).fold(Lockout::default(), |l, _| l.after_failure(t0));
    assert_eq!(many.wait_secs(t0), Some(24 * 3600));
}

#[test]
fn the_app_locks_after_the_idle_time_and_when_the_clock_goes_back() {
    let s = Session {
        name: "前台小周".into(),
        last_input_ms: 10_000_000,
    };
    let min = 60_000;
    assert!(!s.expired(10_000_000, 10));
    assert!(!s.expired(10_000_000 + 10 * min - 1, 10));
    assert!(s.expired(10_000_000 + 10 * min, 10));
    assert!(!s.expired(10_000_000 + 2 * min, 3));
    assert!(s.expired(10_000_000 + 3 * min, 3));
    // A clock set back before the last input is not trusted.
    assert!(s.expired(9_000_000, 10));
    // A lock time of 0 (a damaged setting) still locks after a minute, never never.
    assert!(s.expired(10_000_000 + min, 0));
}
