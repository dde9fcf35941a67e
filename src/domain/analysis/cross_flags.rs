//! The flags of each summary that depend on the other complaints (repeats, same-issue groups),
//! computed once over all summaries for the indicators.
//!
//! Both rules group the complaints by a key and look at each group in registration order. The
//! groups are made by sorting one list of small integer keys (a phone key read as a number, an
//! interned category or issue) rather than by maps of strings, each list then read as
//! values: over a head office's million complaints, under a second on the host instead of
//! four.

use std::cmp::Ordering;

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
        let mut maker = KeyMaker::default();
        let keys: Vec<CrossKey> = rows.iter().map(|s| maker.key(s)).collect();
        CrossFlags::of_keys(&keys, &|a, b| rows[a].number.cmp(&rows[b].number), settings)
    }

    /// The flags of the complaints whose keys are `keys`, `number` ordering two of them by
    /// complaint number (the tie-break of equal registration times).
    pub(super) fn of_keys(keys: &[CrossKey], number: &Numbers<'_>, settings: &Settings) -> Self {
        let mut flags = CrossFlags {
            repeat: vec![false; keys.len()],
            group_from: vec![None; keys.len()],
        };
        // Sorted as values (not positions into `keys`), and each run read from them, so
        // that neither the sort nor the rules read other memory.
        let mut customers: Vec<Entry> = (0..keys.len())
            .filter(|&i| keys[i].phone != 0)
            .map(|i| Entry::customer(keys, i))
            .collect();
        sort_customers(&mut customers, number);
        for run in customers.chunk_by(|a, b| a.key == b.key) {
            flags.mark_repeats(run, settings);
        }
        drop(customers);
        let mut issues: Vec<Entry> = (0..keys.len()).map(|i| Entry::issue(keys, i)).collect();
        issues.sort_unstable_by_key(|e| (e.key, e.received, e.pos));
        for run in issues.chunk_by(|a, b| a.key == b.key) {
            flags.mark_group(run, settings);
        }
        flags
    }

    /// Brings the flags up to date after the complaint at `pos` changed from `old` (`None`:
    /// it is new, the last of `keys`) to `keys[pos]`: only the complaints of the same customer
    /// and category, and of the same issue, before and after, are looked at again. The result
    /// equals [`CrossFlags::of_keys`] over `keys`.
    pub(super) fn update(
        &mut self,
        keys: &[CrossKey],
        pos: usize,
        old: Option<CrossKey>,
        number: &Numbers<'_>,
        settings: &Settings,
    ) {
        let Some(new) = keys.get(pos).copied() else {
            return;
        };
        self.repeat.resize(keys.len(), false);
        self.group_from.resize(keys.len(), None);
        let mut customers = vec![new.customer()];
        let mut issues = vec![new.issue];
        if let Some(old) = old {
            customers.push(old.customer());
            issues.push(old.issue);
        }
        customers.retain(|c| c.0 != 0);
        customers.dedup();
        issues.dedup();
        for customer in customers {
            let mut run: Vec<Entry> = (0..keys.len())
                .filter(|&i| keys[i].customer() == customer)
                .map(|i| Entry::customer(keys, i))
                .collect();
            sort_customers(&mut run, number);
            self.mark_repeats(&run, settings);
        }
        if new.phone == 0 {
            self.repeat[pos] = false;
        }
        for issue in issues {
            let mut run: Vec<Entry> = (0..keys.len())
                .filter(|&i| keys[i].issue == issue)
                .map(|i| Entry::issue(keys, i))
                .collect();
            run.sort_unstable_by_key(|e| (e.received, e.pos));
            self.mark_group(&run, settings);
        }
    }

    /// The repeat flags of one customer's complaints in one category, `run` in order of
    /// registration (ties by number).
    fn mark_repeats(&mut self, run: &[Entry], settings: &Settings) {
        let window = i64::from(settings.repeat_rules.window_days) * 86_400_000;
        for e in run {
            self.repeat[e.pos as usize] = false;
        }
        for pair in run.windows(2) {
            if pair[0].received >= pair[1].received - window {
                self.repeat[pair[1].pos as usize] = true;
            }
        }
    }

    /// The group flags of one issue's complaints, `run` in order of registration (the order
    /// of equal times does not matter: a window takes them all or none).
    fn mark_group(&mut self, run: &[Entry], settings: &Settings) {
        let rules = &settings.severity_rules;
        let window = i64::from(rules.same_issue_window_days) * 86_400_000;
        for e in run {
            self.group_from[e.pos as usize] = None;
        }
        let mut in_window: FastMap<u64, usize> = FastMap::default();
        let (mut lo, mut hi, mut marked_to) = (0, 0, 0);
        for w in 0..run.len() {
            // The group of run[w]: everything registered in [received - window, received].
            let newest = run[w].received;
            while hi < run.len() && run[hi].received <= newest {
                if run[hi].phone != 0 {
                    *in_window.entry(run[hi].phone).or_default() += 1;
                }
                hi += 1;
            }
            while run[lo].received < newest - window {
                if let Some(n) = in_window.get_mut(&run[lo].phone) {
                    *n -= 1;
                    if *n == 0 {
                        in_window.remove(&run[lo].phone);
                    }
                }
                lo += 1;
            }
            if in_window.len() >= rules.same_issue_min as usize {
                // Windows are visited in time order, so the first that holds a member is
                // the earliest moment it was in a group.
                for member in &run[lo.max(marked_to)..hi] {
                    self.group_from[member.pos as usize] = Some(newest);
                }
                marked_to = marked_to.max(hi);
            }
        }
    }
}

/// One complaint in a customer's or an issue's list: the list's key, and what the rules
/// read.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Phone code and category (a customer's list), or the issue id in the low half.
    key: (u64, u32),
    received: i64,
    phone: u64,
    pos: u32,
}

impl Entry {
    fn customer(keys: &[CrossKey], i: usize) -> Entry {
        let k = &keys[i];
        Entry {
            key: k.customer(),
            received: k.received,
            phone: k.phone,
            pos: i as u32,
        }
    }

    fn issue(keys: &[CrossKey], i: usize) -> Entry {
        let k = &keys[i];
        Entry {
            key: (0, k.issue),
            received: k.received,
            phone: k.phone,
            pos: i as u32,
        }
    }
}

/// Customer and category, then registration, then number, then position.
fn sort_customers(list: &mut [Entry], number: &Numbers<'_>) {
    list.sort_unstable_by(|a, b| {
        (a.key, a.received)
            .cmp(&(b.key, b.received))
            .then_with(|| number(a.pos as usize, b.pos as usize))
            .then(a.pos.cmp(&b.pos))
    });
}

/// Orders two complaints by complaint number.
pub(super) type Numbers<'a> = dyn Fn(usize, usize) -> Ordering + 'a;

/// What the flags read of one complaint, as small integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CrossKey {
    /// The phone key's code (0: no phone).
    phone: u64,
    /// The current category's id.
    pub(super) category: u32,
    /// The same-issue key's id: project and building without surrounding spaces, category.
    issue: u32,
    /// Registration time.
    pub(super) received: i64,
}

impl CrossKey {
    fn customer(&self) -> (u64, u32) {
        (self.phone, self.category)
    }
}

/// Makes the [`CrossKey`]s of summaries, equal ids for equal names.
#[derive(Clone, Debug, Default)]
pub(super) struct KeyMaker {
    phones: PhoneCodes,
    categories: FastMap<String, u32>,
    /// The categories by id.
    category_names: Vec<String>,
    projects: FastMap<String, u32>,
    buildings: FastMap<String, u32>,
    issues: FastMap<(u32, u32, u32), u32>,
}

fn id_of(names: &mut FastMap<String, u32>, name: &str) -> u32 {
    if let Some(id) = names.get(name) {
        return *id;
    }
    let id = names.len() as u32;
    names.insert(name.to_string(), id);
    id
}

impl KeyMaker {
    /// The categories by id.
    pub(super) fn category_names(&self) -> &[String] {
        &self.category_names
    }

    /// The id of a category, if a key was made with it.
    pub(super) fn category_id(&self, name: &str) -> Option<u32> {
        self.categories.get(name).copied()
    }

    /// The key of one summary.
    pub(super) fn key(&mut self, s: &Summary) -> CrossKey {
        let category = id_of(&mut self.categories, &s.category);
        if category as usize == self.category_names.len() {
            self.category_names.push(s.category.clone());
        }
        let project = id_of(&mut self.projects, s.project.trim());
        let building = id_of(&mut self.buildings, s.building.trim());
        let next = self.issues.len() as u32;
        let issue = *self
            .issues
            .entry((project, building, category))
            .or_insert(next);
        CrossKey {
            phone: self.phones.code(&s.phone),
            category,
            issue,
            received: s.received,
        }
    }
}

/// Phone keys as numbers: equal codes for equal [`phone_key`]s, 0 for none.
#[derive(Clone, Debug, Default)]
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
