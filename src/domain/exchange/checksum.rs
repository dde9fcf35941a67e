//! The checksum that tells a damaged or edited export file: 64-bit FNV-1a over the canonical
//! serialization of the file's `complaints` array (see [`checksum`]).

use thiserror::Error;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The checksum's hasher: 64-bit FNV-1a over JSON text, skipping whitespace outside strings
/// (see [`checksum`]). Fed in pieces of any size; it is also an [`std::io::Write`], so
/// serde_json can write straight into it without building the text.
#[derive(Clone, Copy, Debug)]
pub struct Hasher {
    hash: u64,
    in_string: bool,
    escaped: bool,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher {
            hash: FNV_OFFSET,
            in_string: false,
            escaped: false,
        }
    }
}

impl Hasher {
    /// Feeds bytes of JSON text.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
            } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                continue;
            } else if b == b'"' {
                self.in_string = true;
            }
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    /// The hash so far as 16 lower-case hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The checksum of an export file's complaints, as 16 lower-case hex digits.
///
/// **The rule.** 64-bit FNV-1a (offset basis `cbf29ce484222325`, prime `100000001b3`) over
/// the bytes of the file's `complaints` array as the app writes it: the canonical compact
/// serde_json serialization, `serde_json::to_string(&file.complaints)`, which is byte for
/// byte the value after `"complaints":` in an export. Whitespace between JSON tokens is
/// not hashed (the compact form has none), so a copy re-indented by a tool still verifies;
/// every other byte counts: every character inside strings, numbers, keys and their order.
///
/// To verify a file, take the array's bytes from the file's own text ([`complaints_array`])
/// and compare with [`verify`]. The bytes are hashed as they stand, not parsed and written
/// again, so a file written by an older or newer build (with fields this build does not
/// know or writes differently) verifies as long as nobody changed it. The checksum detects
/// damage and casual edits; it is not a signature (anyone can compute it again).
pub fn checksum(complaints_json: &str) -> String {
    let mut h = Hasher::default();
    h.update(complaints_json.as_bytes());
    h.hex()
}

/// The text of the top-level `complaints` array in an export file's JSON text, exactly as it
/// stands in the file; `None` when there is none (not an object, no such member, not an
/// array, or the text is cut short).
pub fn complaints_array(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    // Index just past the string starting at `i` (which is a `"`).
    let skip_string = |mut i: usize| -> usize {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        b.len()
    };
    let mut i = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r'])
            .len();
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let (mut depth, mut expect_key, mut key_matches) = (1usize, true, false);
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = skip_string(i);
                if depth == 1 && expect_key {
                    key_matches = b.get(i + 1..end - 1) == Some(b"complaints".as_slice());
                }
                i = end;
                continue;
            }
            b':' if depth == 1 => {
                expect_key = false;
                if key_matches {
                    let start = i + 1 + (text[i + 1..].len() - text[i + 1..].trim_start().len());
                    if b.get(start) != Some(&b'[') {
                        return None;
                    }
                    let mut j = start;
                    let mut level = 0usize;
                    while j < b.len() {
                        match b[j] {
                            b'"' => {
                                j = skip_string(j);
                                continue;
                            }
                            b'[' | b'{' => level += 1,
                            b']' | b'}' => {
                                level -= 1;
                                if level == 0 {
                                    return text.get(start..=j);
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    return None;
                }
            }
            b',' if depth == 1 => expect_key = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A file's checksum does not match its content.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("文件校验码不符（文件中为 {expected}，按内容计算为 {actual}）：文件可能已损坏或被修改")]
pub struct ChecksumMismatch {
    /// The checksum the file carries.
    pub expected: String,
    /// The checksum of its content.
    pub actual: String,
}

/// Checks the text of a `complaints` array (see [`checksum`], [`complaints_array`]) against
/// the checksum a file carries; upper-case hex digits are accepted.
pub fn verify(complaints_json: &str, expected: &str) -> Result<(), ChecksumMismatch> {
    compare(checksum(complaints_json), expected)
}

/// Compares a computed checksum with the one a file carries.
pub fn compare(actual: String, expected: &str) -> Result<(), ChecksumMismatch> {
    if actual.eq_ignore_ascii_case(expected.trim()) {
        Ok(())
    } else {
        Err(ChecksumMismatch {
            expected: expected.to_string(),
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_64_reference_values() {
        // Published FNV-1a 64-bit test vectors.
        assert_eq!(checksum(""), "cbf29ce484222325");
        assert_eq!(checksum("a"), "af63dc4c8601ec8c");
        assert_eq!(checksum("foobar"), "85944171f73967e8");
    }

    #[test]
    fn whitespace_between_tokens_is_not_hashed() {
        assert_eq!(checksum("[1, 2]"), checksum("[1,2]"));
        assert_eq!(
            checksum("[\n  {\"a\": \"b\"}\r\n]"),
            checksum("[{\"a\":\"b\"}]")
        );
        assert_ne!(checksum("[\"a b\"]"), checksum("[\"ab\"]"));
        // An escaped quote does not end the string: the space after it is hashed.
        assert_ne!(checksum(r#"["a\" b"]"#), checksum(r#"["a\"b"]"#));
    }

    #[test]
    fn finds_the_complaints_array_as_written() {
        let text = r#"{"format":"x","note":"\"complaints\":[0]","nested":{"complaints":[1]},"complaints" : [ {"a":"]"}, [2] ],"after":3}"#;
        assert_eq!(complaints_array(text), Some(r#"[ {"a":"]"}, [2] ]"#));
        assert_eq!(complaints_array("\u{feff} {\"complaints\":[]}"), Some("[]"));
        assert_eq!(complaints_array(r#"{"complaints":{}}"#), None);
        assert_eq!(complaints_array(r#"{"other":[1]}"#), None);
        assert_eq!(complaints_array(r#"{"complaints":[1,2"#), None);
        assert_eq!(complaints_array("[1]"), None);
        assert_eq!(complaints_array(""), None);
    }
}
