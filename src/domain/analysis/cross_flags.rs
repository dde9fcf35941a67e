//! The flags of each summary that depend on the other complaints (repeats, same-issue groups),
//! computed once over all summaries for the indicators.
//!
//! Both rules group the complaints by a key and look at each group in registration order. The
//! groups are made by sorting one list of small integer keys (a phone key read as a number, an
//! interned category or issue) rather than by a map of strings: over a head office's million
//! complaints that is a tenth of a second instead of seconds.

use crate::domain::queue::{Ms, Summary};
use crate::domain::vocabulary::{phone_key, FastMap, Settings};

/// The flags of each summary that depend on the other complaints, by index into the
/// summaries they were computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrossFlags {
    /// Repeats an earlier complaint: same phone by [`phone_key`], same current
    /// category, the earlier one registered at most the repeat window before (ties by
    /// number). The earlier one is registered no later, so the flag holds for any period
    /// that contains the complaint.
    pub repeat: Vec<bool>,
    /// When the complaint became a member of a same-issue group: the registration
    /// time of the complaint whose group first reached the threshold with it in it. A
    /// period ending at `to` counts it as a group complaint when this is before `to`.
    pub group_from: Vec<Option<Ms>>,
}

impl CrossFlags {
    /// How many complaints repeat an earlier one (the same number as
    /// [`crate::domain::queue::repeat_count`]).
    pub fn repeat_count(&self) -> usize {
        self.repeat.iter().filter(|r| **r).count()
    }

    /// Computes the flags over all summaries with the repeat and same-issue rules.
    pub fn build(rows: &[Summary], settings: &Settings) -> CrossFlags {
        let mut phones = PhoneCodes::default();
        let codes: Vec<u64> = rows.iter().map(|s| phones.code(&s.phone)).collect();
        CrossFlags {
            repeat: repeat_flags(rows, &codes, settings),
            group_from: group_from(rows, &codes, settings),
        }
    }
}

/// Phone keys as numbers: equal codes for equal [`phone_key`]s, 0 for none.
#[derive(Default)]
struct PhoneCodes {
    /// The keys too long to be read as a number, by their code.
    long: FastMap<String, u64>,
}

/// A phone key of up to this many digits is its own code.
const SHORT_DIGITS: usize = 17;

impl PhoneCodes {
    /// The code of `phone`'s [`phone_key`]: up to [`SHORT_DIGITS`] digits, the digits as a
    /// number with their count above them (so `012` and `12` differ); a longer key, a number
    /// of its own with the top bit set; 0 when the phone has no digit.
    fn code(&mut self, phone: &str) -> u64 {
        let mut digits = [0u8; SHORT_DIGITS + 2];
        let mut n = 0;
        for b in phone.bytes().filter(u8::is_ascii_digit) {
            if n == digits.len() {
                return self.long_code(phone);
            }
            digits[n] = b - b'0';
            n += 1;
        }
        // `phone_key`: an 11-digit mobile after a `86` country code is the mobile alone.
        let key = match &digits[..n] {
            [8, 6, rest @ ..] if rest.len() == 11 && rest[0] == 1 => rest,
            all => all,
        };
        if key.is_empty() {
            return 0;
        }
        if key.len() > SHORT_DIGITS {
            return self.long_code(phone);
        }
        let value = key.iter().fold(0u64, |v, d| v * 10 + u64::from(*d));
        ((key.len() as u64) << 58) | value
    }

    fn long_code(&mut self, phone: &str) -> u64 {
        let next = (1 << 63) | self.long.len() as u64;
        *self.long.entry(phone_key(phone)).or_insert(next)
    }
}

/// Small integer ids for strings (categories, issues), in order of first appearance.
fn interned<'a>(keys: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Vec<u32> {
    let mut ids: FastMap<(&str, &str, &str), u32> = FastMap::default();
    keys.map(|k| {
        let next = ids.len() as u32;
        *ids.entry(k).or_insert(next)
    })
    .collect()
}

fn repeat_flags(rows: &[Summary], phones: &[u64], settings: &Settings) -> Vec<bool> {
    let window = i64::from(settings.repeat_rules.window_days) * 86_400_000;
    let categories = interned(rows.iter().map(|s| (s.category.as_str(), "", "")));
    // (phone, category, registration, row) of every complaint with a phone, in order of
    // customer and category, then registration, ties by number.
    let mut list: Vec<(u64, u32, i64, u32)> = (0..rows.len())
        .filter(|&i| phones[i] != 0)
        .map(|i| (phones[i], categories[i], rows[i].received, i as u32))
        .collect();
    list.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then_with(|| rows[a.3 as usize].number.cmp(&rows[b.3 as usize].number))
            .then(a.3.cmp(&b.3))
    });
    let mut flags = vec![false; rows.len()];
    for pair in list.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.0, a.1) == (b.0, b.1) && a.2 >= b.2 - window {
            flags[b.3 as usize] = true;
        }
    }
    flags
}

fn group_from(rows: &[Summary], phones: &[u64], settings: &Settings) -> Vec<Option<Ms>> {
    let rules = &settings.severity_rules;
    let window = i64::from(rules.same_issue_window_days) * 86_400_000;
    let issues = interned(
        rows.iter()
            .map(|s| (s.project.trim(), s.building.trim(), s.category.as_str())),
    );
    // (issue, registration, row), each issue's complaints in registration order (the order
    // of equal times does not matter: a window takes them all or none).
    let mut list: Vec<(u32, i64, u32)> = (0..rows.len())
        .map(|i| (issues[i], rows[i].received, i as u32))
        .collect();
    list.sort_unstable();
    let mut out = vec![None; rows.len()];
    let mut in_window: FastMap<u64, usize> = FastMap::default();
    let mut start = 0;
    while start < list.len() {
        let issue = list[start].0;
        let end = start + list[start..].partition_point(|e| e.0 == issue);
        let group = &list[start..end];
        in_window.clear();
        let (mut lo, mut hi, mut marked_to) = (0, 0, 0);
        for w in 0..group.len() {
            // The group of group[w]: everything registered in [received - window, received].
            let newest = group[w].1;
            while hi < group.len() && group[hi].1 <= newest {
                let phone = phones[group[hi].2 as usize];
                if phone != 0 {
                    *in_window.entry(phone).or_default() += 1;
                }
                hi += 1;
            }
            while group[lo].1 < newest - window {
                let phone = phones[group[lo].2 as usize];
                if let Some(n) = in_window.get_mut(&phone) {
                    *n -= 1;
                    if *n == 0 {
                        in_window.remove(&phone);
                    }
                }
                lo += 1;
            }
            if in_window.len() >= rules.same_issue_min as usize {
                // Windows are visited in time order, so the first that holds a member is
                // the earliest moment it was in a group.
                for member in &group[lo.max(marked_to)..hi] {
                    out[member.2 as usize] = Some(newest);
                }
                marked_to = marked_to.max(hi);
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_codes_are_equal_exactly_when_phone_keys_are() {
        let phones = [
            "",
            "无",
            "13800001111",
            "138-0000-1111",
            "+86 13800001111",
            "8613800001111",
            "86 23800001111",
            "012",
            "12",
            "0",
            "00",
            "021-55550000",
            "12345678901234567",
            "123456789012345678",
            "1234567890123456789",
            "123456789012345678901234",
            "8612345678901234567890",
        ];
        let mut codes = PhoneCodes::default();
        let coded: Vec<u64> = phones.iter().map(|p| codes.code(p)).collect();
        for (i, a) in phones.iter().enumerate() {
            assert_eq!(coded[i] == 0, phone_key(a).is_empty(), "{a}");
            for (j, b) in phones.iter().enumerate() {
                assert_eq!(
                    coded[i] == coded[j],
                    phone_key(a) == phone_key(b),
                    "{a} / {b}"
                );
            }
        }
    }
}
