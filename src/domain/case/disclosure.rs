//! Sales-confidential information is not disclosed: the answer to a customer must not
//! name another customer or another phone number. [`disclosure_warnings`] reads a reply as
//! typed and says what it names that is not this complaint's; the answer form shows it
//! before the reply is sent (a warning, not a refusal: the office's own hotline may be
//! meant).

use crate::domain::vocabulary::{phone_key, Intake};

/// Whether the digits of a number (its [`phone_key`]) read as a phone number: a mobile (11
/// digits from 1), a landline with its area code (10-12 digits from 0) or a 400/800 service
/// number (10 digits). Dates (`2026-03-05`), amounts and complaint numbers do not.
fn reads_as_phone(key: &str) -> bool {
    (key.len() == 11 && key.starts_with('1'))
        || ((10..=12).contains(&key.len()) && key.starts_with('0'))
        || (key.len() == 10 && (key.starts_with("400") || key.starts_with("800")))
}

/// The numbers in `text` that read as phone numbers (digits with `-`, spaces or a leading
/// `+` inside), as written.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    for c in text.chars() {
        let run = runs.last_mut().expect("one run at least");
        let starts = c.is_ascii_digit() || c == '+';
        let inside = !run.is_empty() && (c == '-' || c == ' ');
        if starts || inside {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(String::new());
        }
    }
    // A run that is not one number may be several written apart by spaces.
    let mut out = Vec::new();
    for run in runs {
        let run = run.trim_end_matches(['-', ' ']);
        if reads_as_phone(&phone_key(run)) {
            out.push(run.to_string());
        } else {
            out.extend(
                run.split(' ')
                    .filter(|part| reads_as_phone(&phone_key(part)))
                    .map(str::to_string),
            );
        }
    }
    out
}

/// What a reply names that is not this complaint's: phone numbers other than the
/// customer's, and the names of other customers (`other_customers`, e.g. the names in the
/// queue; names shorter than two characters and this complaint's own customer are skipped).
/// Each warning is a sentence in Chinese; none when the reply is clean.
pub fn disclosure_warnings<'a>(
    reply: &str,
    intake: &Intake,
    other_customers: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let own = phone_key(&intake.phone);
    let mut out: Vec<String> = phone_numbers(reply)
        .into_iter()
        .filter(|p| phone_key(p) != own)
        .map(|p| format!("答复中有不属于本投诉客户的电话号码「{p}」，请确认不会泄露其他客户信息"))
        .collect();
    let mut named: Vec<&str> = other_customers
        .into_iter()
        .map(str::trim)
        .filter(|n| n.chars().count() >= 2 && *n != intake.customer_name.trim())
        .filter(|n| reply.contains(n))
        .collect();
    named.sort_unstable();
    named.dedup();
    out.extend(
        named
            .into_iter()
            .map(|n| format!("答复中提到了其他客户「{n}」，请确认不会泄露其他客户信息")),
    );
    out
}
