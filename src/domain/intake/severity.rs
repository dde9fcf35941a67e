//! Suggesting the severity (R-07): a complaint is major (重大) when any of the facts of
//! sources 001 and 002 holds. The app only suggests; a person confirms at intake or by
//! reclassifying.
//!
//! ```
//! use complaint_desk::domain::intake::{suggest, Reason};
//! use complaint_desk::domain::vocabulary::{Severity, SeverityFacts, SeverityRules};
//!
//! let facts = SeverityFacts { complainants: 4, ..SeverityFacts::default() };
//! assert_eq!(
//!     suggest(&facts, &SeverityRules::default()),
//!     (Severity::Major, vec![Reason::Collective])
//! );
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

use super::similar::CaseItem;
use crate::domain::vocabulary::{coded_enum, phone_key, Severity, SeverityFacts, SeverityRules};

coded_enum! {
    /// Why a complaint is suggested as major (R-07).
    Reason {
        /// 可能引发法律诉讼
        Lawsuit => "lawsuit", "可能引发法律诉讼";
        /// 已被媒体曝光
        Media => "media", "已被媒体曝光";
        /// 集体投诉
        Collective => "collective", "集体投诉";
        /// 多名投诉人相同投诉
        SameIssue => "same_issue", "多名不同投诉人的相同投诉";
        /// 涉及经济赔偿
        Compensation => "compensation", "涉及经济赔偿";
        /// 员工违纪违规
        StaffViolation => "staff_violation", "员工违纪、违规或谋取私利";
    }
}

/// Suggests the severity: major with the reasons when any fact holds, else general with no
/// reasons. Reasons come in the order of [`Reason::ALL`].
pub fn suggest(facts: &SeverityFacts, rules: &SeverityRules) -> (Severity, Vec<Reason>) {
    let checks = [
        (Reason::Lawsuit, facts.lawsuit_risk),
        (Reason::Media, facts.media_exposure),
        (
            Reason::Collective,
            facts.complainants >= rules.collective_min,
        ),
        (
            Reason::SameIssue,
            facts.same_issue_complainants >= rules.same_issue_min,
        ),
        (Reason::Compensation, facts.compensation_requested),
        (Reason::StaffViolation, facts.staff_violation),
    ];
    let reasons: Vec<Reason> = checks
        .into_iter()
        .filter_map(|(reason, holds)| holds.then_some(reason))
        .collect();
    let severity = if reasons.is_empty() {
        Severity::General
    } else {
        Severity::Major
    };
    (severity, reasons)
}

/// Complaints that look like the same issue raised by several customers: same project,
/// building and category, different phones, within the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueGroup {
    /// Project.
    pub project: String,
    /// Building (may be empty: the whole project).
    pub building: String,
    /// Category.
    pub category: String,
    /// The complaints' numbers, oldest first.
    pub numbers: Vec<String>,
    /// How many different phones (complainants) the group has.
    pub complainants: u32,
}

/// Groups the complaints registered in the window (the last
/// [`SeverityRules::same_issue_window_days`] calendar days up to `now`) by project, building and
/// category, and returns the groups with at least [`SeverityRules::same_issue_min`] different
/// phones, largest first. Items without a phone cannot count as a complainant and are left
/// out. Each group is a candidate for the "same complaint by several complainants" rule; a
/// person decides whether it really is the same complaint.
pub fn group_candidates(
    items: &[CaseItem<'_>],
    rules: &SeverityRules,
    now: DateTime<FixedOffset>,
) -> Vec<IssueGroup> {
    let oldest = now - TimeDelta::days(i64::from(rules.same_issue_window_days));
    type Key<'k> = (&'k str, &'k str, &'k str);
    let mut groups: BTreeMap<Key<'_>, Vec<&CaseItem<'_>>> = BTreeMap::new();
    for item in items {
        if item.received < oldest || item.received > now || phone_key(item.phone).is_empty() {
            continue;
        }
        let key = (
            item.project.trim(),
            item.building.trim(),
            item.category.trim(),
        );
        groups.entry(key).or_default().push(item);
    }
    let mut found: Vec<IssueGroup> = groups
        .into_iter()
        .filter_map(|((project, building, category), mut members)| {
            let phones: BTreeSet<String> = members.iter().map(|m| phone_key(m.phone)).collect();
            let complainants = u32::try_from(phones.len()).unwrap_or(u32::MAX);
            if complainants < rules.same_issue_min {
                return None;
            }
            members.sort_by(|a, b| (a.received, a.number).cmp(&(b.received, b.number)));
            Some(IssueGroup {
                project: project.to_string(),
                building: building.to_string(),
                category: category.to_string(),
                numbers: members.iter().map(|m| m.number.to_string()).collect(),
                complainants,
            })
        })
        .collect();
    found.sort_by_key(|g| std::cmp::Reverse(g.complainants));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn suggestion_table() {
        let rules = SeverityRules::default();
        let none = SeverityFacts::default();
        let cases: Vec<(&str, SeverityFacts, Severity, Vec<Reason>)> = vec![
            ("nothing special", none.clone(), Severity::General, vec![]),
            (
                "lawsuit",
                SeverityFacts {
                    lawsuit_risk: true,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::Lawsuit],
            ),
            (
                "media",
                SeverityFacts {
                    media_exposure: true,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::Media],
            ),
            (
                "two people are not a collective complaint",
                SeverityFacts {
                    complainants: 2,
                    ..none.clone()
                },
                Severity::General,
                vec![],
            ),
            (
                "three people are",
                SeverityFacts {
                    complainants: 3,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::Collective],
            ),
            (
                "three different complainants, same complaint",
                SeverityFacts {
                    same_issue_complainants: 3,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::SameIssue],
            ),
            (
                "compensation",
                SeverityFacts {
                    compensation_requested: true,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::Compensation],
            ),
            (
                "staff violation (002)",
                SeverityFacts {
                    staff_violation: true,
                    ..none.clone()
                },
                Severity::Major,
                vec![Reason::StaffViolation],
            ),
            (
                "several reasons, in order",
                SeverityFacts {
                    lawsuit_risk: true,
                    media_exposure: false,
                    complainants: 6,
                    same_issue_complainants: 1,
                    compensation_requested: true,
                    staff_violation: false,
                },
                Severity::Major,
                vec![Reason::Lawsuit, Reason::Collective, Reason::Compensation],
            ),
        ];
        for (case, facts, severity, reasons) in cases {
            assert_eq!(suggest(&facts, &rules), (severity, reasons), "{case}");
        }
    }

    #[test]
    fn collective_threshold_is_a_setting() {
        let five = SeverityRules {
            collective_min: 5,
            ..SeverityRules::default()
        };
        let four = SeverityFacts {
            complainants: 4,
            ..SeverityFacts::default()
        };
        assert_eq!(suggest(&four, &five), (Severity::General, vec![]));
        assert_eq!(
            suggest(
                &SeverityFacts {
                    complainants: 5,
                    ..four
                },
                &five
            )
            .0,
            Severity::Major
        );
    }

    #[test]
    fn reasons_have_chinese_labels_and_facts_default_when_missing() {
        assert_eq!(Reason::Lawsuit.label(), "可能引发法律诉讼");
        assert_eq!(Reason::from_code("media"), Some(Reason::Media));
        let facts: SeverityFacts = serde_json::from_str(r#"{"media_exposure": true}"#).unwrap();
        assert_eq!(facts.complainants, 1);
        assert!(facts.media_exposure);
    }

    fn item<'a>(
        number: &'a str,
        phone: &'a str,
        building: &'a str,
        category: &'a str,
        received: &str,
    ) -> CaseItem<'a> {
        CaseItem {
            number,
            phone,
            project: "滨江花园",
            building,
            category,
            received: at(received),
        }
    }

    #[test]
    fn groups_three_different_phones_on_one_building_and_category() {
        let now = at("2026-03-31T12:00:00+08:00");
        let items = [
            // Building 3, water leaks: three different phones within 30 days -> a group.
            item(
                "N1",
                "13800000001",
                "3栋",
                "工程质量",
                "2026-03-05T10:00:00+08:00",
            ),
            item(
                "N2",
                "13800000002",
                "3栋",
                "工程质量",
                "2026-03-10T10:00:00+08:00",
            ),
            item(
                "N3",
                "138-0000-0001",
                "3栋",
                "工程质量",
                "2026-03-11T10:00:00+08:00",
            ), // same phone as N1
            item(
                "N4",
                "13800000003",
                "3栋 ",
                "工程质量",
                "2026-03-30T10:00:00+08:00",
            ),
            // Too old: 2026-03-01 12:00 is the window's start.
            item(
                "N5",
                "13800000004",
                "3栋",
                "工程质量",
                "2026-03-01T11:59:00+08:00",
            ),
            // Building 5: only two phones.
            item(
                "N6",
                "13900000001",
                "5栋",
                "工程质量",
                "2026-03-20T10:00:00+08:00",
            ),
            item(
                "N7",
                "13900000002",
                "5栋",
                "工程质量",
                "2026-03-21T10:00:00+08:00",
            ),
            // Same building, other category.
            item(
                "N8",
                "13700000001",
                "3栋",
                "物业管理",
                "2026-03-21T10:00:00+08:00",
            ),
            // No phone: not a complainant we can count.
            item("N9", "", "3栋", "工程质量", "2026-03-21T10:00:00+08:00"),
        ];
        let groups = group_candidates(&items, &SeverityRules::default(), now);
        assert_eq!(
            groups,
            vec![IssueGroup {
                project: "滨江花园".into(),
                building: "3栋".into(),
                category: "工程质量".into(),
                numbers: vec!["N1".into(), "N2".into(), "N3".into(), "N4".into()],
                complainants: 3,
            }]
        );
        // With a threshold of 2, building 5 and 3 both qualify; the larger comes first.
        let two = SeverityRules {
            same_issue_min: 2,
            ..SeverityRules::default()
        };
        let groups = group_candidates(&items, &two, now);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].building, "3栋");
        assert_eq!(groups[1].building, "5栋");
    }
}
