//! A queue filter as a deep link: `#/queue?category=…&from=…`, so that a bar on the
//! dashboard (or a bookmark) opens the queue filtered to exactly the complaints it counts.
//! The older form `#/queue/<due filter code>` is still read.

use super::filter::{DueFilter, Filter};
use crate::domain::case::Status;
use crate::domain::vocabulary::{Channel, Criteria, Kind, Severity};

/// The filter conditions a link can carry (not the free text or the sort): the shared
/// [`Criteria`] and the status, handler and deadline filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueLink {
    /// Project, office, category, severity, channel, kind and registration period.
    pub criteria: Criteria,
    /// Status.
    pub status: Option<Status>,
    /// Handler.
    pub handler: Option<String>,
    /// Deadline filter.
    pub due: DueFilter,
}

impl QueueLink {
    /// Reads what follows `#/queue`: `/<due code>`, `?key=value&…` (values percent-encoded)
    /// or nothing. Unknown keys and values that do not parse are ignored; `from` and `to`
    /// make the registration period only together.
    pub fn parse(rest: &str) -> QueueLink {
        let rest = rest.trim_start_matches('/');
        let Some(query) = rest.strip_prefix('?') else {
            return QueueLink {
                due: DueFilter::from_code(&percent_decode(rest)),
                ..QueueLink::default()
            };
        };
        let mut out = QueueLink::default();
        let (mut from, mut to) = (None, None);
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            let text = || Some(value.clone()).filter(|v| !v.trim().is_empty());
            match key {
                "status" => out.status = Status::from_code(&value),
                "category" => out.criteria.category = text(),
                "severity" => out.criteria.severity = Severity::from_code(&value),
                "channel" => out.criteria.channel = Channel::from_code(&value),
                "kind" => out.criteria.kind = Kind::from_code(&value),
                "handler" => out.handler = text(),
                "office" => out.criteria.office = text(),
                "project" => out.criteria.project = text(),
                "from" => from = value.parse::<i64>().ok(),
                "to" => to = value.parse::<i64>().ok(),
                "due" => out.due = DueFilter::from_code(&value),
                _ => {}
            }
        }
        out.criteria.received = from.zip(to);
        out
    }

    /// The part after `#/queue`: empty for no condition, else `?key=value&…` with a key
    /// only for each condition that is set.
    pub fn to_query(&self) -> String {
        let c = &self.criteria;
        let mut parts: Vec<String> = Vec::new();
        let mut put = |key: &str, value: &str| {
            parts.push(format!("{key}={}", percent_encode(value)));
        };
        if let Some(s) = self.status {
            put("status", s.code());
        }
        if let Some(x) = &c.category {
            put("category", x);
        }
        if let Some(s) = c.severity {
            put("severity", s.code());
        }
        if let Some(x) = c.channel {
            put("channel", x.code());
        }
        if let Some(k) = c.kind {
            put("kind", k.code());
        }
        if let Some(h) = &self.handler {
            put("handler", h);
        }
        if let Some(o) = &c.office {
            put("office", o);
        }
        if let Some(p) = &c.project {
            put("project", p);
        }
        if let Some((from, to)) = c.received {
            put("from", &from.to_string());
            put("to", &to.to_string());
        }
        if let Some((_, code, _)) = DueFilter::ALL
            .iter()
            .find(|(f, c, _)| *f == self.due && !c.is_empty())
        {
            put("due", code);
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Applies the link's conditions to a filter (open-only, the clock, free text and sort
    /// are left as they are).
    pub fn apply(&self, filter: Filter) -> Filter {
        Filter {
            criteria: self.criteria.clone(),
            status: self.status,
            handler: self.handler.clone(),
            due: self.due,
            ..filter
        }
    }
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); a malformed escape is kept as it is, and
/// bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_due_form_still_reads() {
        assert_eq!(QueueLink::parse("overdue").due, DueFilter::Overdue);
        assert_eq!(QueueLink::parse("/due_soon").due, DueFilter::DueSoon);
        assert_eq!(QueueLink::parse(""), QueueLink::default());
        assert_eq!(QueueLink::default().to_query(), "");
    }

    #[test]
    fn a_link_round_trips_with_chinese_and_reserved_characters() {
        let link = QueueLink {
            criteria: Criteria {
                category: Some("工程质量&维修".into()),
                severity: Some(Severity::Major),
                channel: Some(Channel::Phone),
                office: Some("SH01".into()),
                project: Some("滨江=一期".into()),
                received: Some((1_772_294_400_000, 1_775_000_000_000)),
                kind: None,
            },
            status: Some(Status::Archived),
            handler: Some("李 处理".into()),
            due: DueFilter::Overdue,
        };
        let q = link.to_query();
        assert!(q.starts_with("?status=archived&category=%E5%B7%A5"), "{q}");
        assert!(!q[1..].contains('?') && q.matches('&').count() == 9, "{q}");
        assert_eq!(QueueLink::parse(&q), link);
    }

    #[test]
    fn bad_parts_are_ignored() {
        let l = QueueLink::parse("?status=nope&from=12&severity=major&x=1&category=%ZZ&to=");
        assert_eq!(l.status, None);
        assert_eq!(l.criteria.severity, Some(Severity::Major));
        assert_eq!(l.criteria.received, None, "a range needs both ends");
        assert_eq!(l.criteria.category.as_deref(), Some("%ZZ"));
        assert_eq!(percent_decode("%E5%B7"), "\u{FFFD}");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a+b%20c"), "a b c");
    }

    #[test]
    fn a_link_sets_the_filter_it_describes() {
        let link = QueueLink::parse("?category=%E6%B8%97%E6%BC%8F&project=P&from=10&to=20");
        let f = link.apply(Filter {
            text: "王".into(),
            ..Filter::default()
        });
        assert_eq!(f.criteria.category.as_deref(), Some("渗漏"));
        assert_eq!(f.criteria.project.as_deref(), Some("P"));
        assert_eq!(f.criteria.received, Some((10, 20)));
        assert_eq!(f.text, "王", "the text typed is kept");
    }

    #[test]
    fn the_kind_key_is_written_only_when_set() {
        let mut link = QueueLink::parse("?category=A&due=overdue");
        assert_eq!(link.to_query(), "?category=A&due=overdue", "no kind key");
        link.criteria.kind = Some(Kind::Inquiry);
        let q = link.to_query();
        assert_eq!(
            q,
            format!("?category=A&kind={}&due=overdue", Kind::Inquiry.code())
        );
        assert_eq!(QueueLink::parse(&q), link);
        assert_eq!(QueueLink::parse("?kind=nope").criteria.kind, None);
        let f = link.apply(Filter::default());
        assert_eq!(f.criteria.kind, Some(Kind::Inquiry));
    }
}
