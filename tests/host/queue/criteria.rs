//! The criteria the queue's filter, the queue link and the indicators share: each condition
//! alone, all of them together, the project compared without surrounding spaces, the rest
//! exactly, the registration period `[from, to)`; and the queue and the indicators select
//! the same complaints by them.

use complaint_desk::domain::analysis::{indicators_of, CrossFlags, Period};
use complaint_desk::domain::queue::{Filter, QueueIndex, QueueLink, Summary};
use complaint_desk::domain::vocabulary::{Channel, Criteria, Kind, Settings, Severity};

use crate::helpers;

/// The one row every case is judged on: 滨江华府, SH01, 工程质量, major, by WeChat, an
/// inquiry, registered at 5 000 ms.
fn row() -> Summary {
    Summary {
        project: "滨江华府".into(),
        category: "工程质量".into(),
        severity: Severity::Major,
        channel: Channel::Wechat,
        kind: Kind::Inquiry,
        received: 5_000,
        ..helpers::summary("SH01-A-20260301-0001")
    }
}

/// Every condition set to what [`row`] has.
fn all_met() -> Criteria {
    Criteria {
        project: Some("滨江华府".into()),
        office: Some("SH01".into()),
        category: Some("工程质量".into()),
        severity: Some(Severity::Major),
        channel: Some(Channel::Wechat),
        kind: Some(Kind::Inquiry),
        received: Some((5_000, 5_001)),
    }
}

fn project(p: &str) -> Criteria {
    Criteria {
        project: Some(p.into()),
        ..Criteria::default()
    }
}

fn office(o: &str) -> Criteria {
    Criteria {
        office: Some(o.into()),
        ..Criteria::default()
    }
}

fn category(c: &str) -> Criteria {
    Criteria {
        category: Some(c.into()),
        ..Criteria::default()
    }
}

fn received(from: i64, to: i64) -> Criteria {
    Criteria {
        received: Some((from, to)),
        ..Criteria::default()
    }
}

#[test]
fn each_condition_alone() {
    let cases: Vec<(&str, Criteria, bool)> = vec![
        ("nothing set", Criteria::default(), true),
        ("project", project("滨江华府"), true),
        ("project, spaces around", project(" 滨江华府\t"), true),
        ("project, another", project("江南名苑"), false),
        ("project, a prefix only", project("滨江"), false),
        ("project, empty", project(""), false),
        ("office", office("SH01"), true),
        ("office, another", office("SH02"), false),
        ("office, not trimmed", office(" SH01"), false),
        ("office, case kept", office("sh01"), false),
        ("category", category("工程质量"), true),
        ("category, not trimmed", category("工程质量 "), false),
        ("category, a prefix only", category("工程"), false),
        (
            "severity",
            Criteria {
                severity: Some(Severity::Major),
                ..Criteria::default()
            },
            true,
        ),
        (
            "severity, another",
            Criteria {
                severity: Some(Severity::General),
                ..Criteria::default()
            },
            false,
        ),
        (
            "channel",
            Criteria {
                channel: Some(Channel::Wechat),
                ..Criteria::default()
            },
            true,
        ),
        (
            "channel, another",
            Criteria {
                channel: Some(Channel::Phone),
                ..Criteria::default()
            },
            false,
        ),
        (
            "kind",
            Criteria {
                kind: Some(Kind::Inquiry),
                ..Criteria::default()
            },
            true,
        ),
        (
            "kind, another",
            Criteria {
                kind: Some(Kind::Complaint),
                ..Criteria::default()
            },
            false,
        ),
        ("received, from is in", received(5_000, 5_001), true),
        ("received, a wide span", received(0, 10_000), true),
        ("received, to is out", received(0, 5_000), false),
        ("received, just after", received(5_001, 10_000), false),
        ("received, an empty span", received(5_000, 5_000), false),
        ("received, reversed", received(5_001, 4_999), false),
    ];
    for (name, criteria, expected) in cases {
        assert_eq!(row().meets(&criteria), expected, "{name}: {criteria:?}");
    }
}

#[test]
fn the_project_is_trimmed_on_both_sides() {
    let spaced = Summary {
        project: "  滨江华府 ".into(),
        ..row()
    };
    assert!(spaced.meets(&project("滨江华府")));
    assert!(spaced.meets(&project(" 滨江华府  ")));
    assert!(!spaced.meets(&project("滨江 华府")), "inner spaces count");
}

#[test]
fn conditions_combine_with_and() {
    assert!(row().meets(&all_met()));
    let one_off: Vec<(&str, Criteria)> = vec![
        (
            "project",
            Criteria {
                project: Some("江南名苑".into()),
                ..all_met()
            },
        ),
        (
            "office",
            Criteria {
                office: Some("SH02".into()),
                ..all_met()
            },
        ),
        (
            "category",
            Criteria {
                category: Some("销售管理".into()),
                ..all_met()
            },
        ),
        (
            "severity",
            Criteria {
                severity: Some(Severity::General),
                ..all_met()
            },
        ),
        (
            "channel",
            Criteria {
                channel: Some(Channel::Phone),
                ..all_met()
            },
        ),
        (
            "kind",
            Criteria {
                kind: Some(Kind::Suggestion),
                ..all_met()
            },
        ),
        (
            "received",
            Criteria {
                received: Some((0, 5_000)),
                ..all_met()
            },
        ),
    ];
    for (name, criteria) in one_off {
        assert!(!row().meets(&criteria), "{name} alone off fails the whole");
    }
    // Any subset of the conditions that hold still holds.
    let pairs = [
        Criteria {
            project: all_met().project,
            kind: all_met().kind,
            ..Criteria::default()
        },
        Criteria {
            office: all_met().office,
            received: all_met().received,
            ..Criteria::default()
        },
        Criteria {
            severity: all_met().severity,
            channel: all_met().channel,
            ..Criteria::default()
        },
    ];
    for criteria in pairs {
        assert!(row().meets(&criteria), "{criteria:?}");
    }
}

/// Rows across offices, projects, kinds and times (March 2026, Shanghai time).
fn rows() -> Vec<Summary> {
    let at = |d| helpers::ms(2026, 3, d, 10, 0);
    let r = |number: &str, project: &str, kind, day| Summary {
        project: project.into(),
        kind,
        received: at(day),
        ..helpers::summary(number)
    };
    vec![
        r("SH01-A-20260302-0001", "滨江华府", Kind::Complaint, 2),
        r("SH01-A-20260305-0001", " 滨江华府", Kind::Inquiry, 5),
        r("SH01-A-20260310-0001", "江南名苑", Kind::Complaint, 10),
        r("SH02-A-20260312-0001", "滨江华府 ", Kind::Complaint, 12),
        r("SH02-A-20260320-0001", "江南名苑", Kind::Suggestion, 20),
    ]
}

#[test]
fn the_queue_the_link_and_the_indicators_select_the_same_complaints() {
    let rows = rows();
    let index = QueueIndex::new(rows.clone());
    let settings = Settings::new("HQ", "A");
    let flags = CrossFlags::build(&rows, &settings);
    let march = Period::month(2026, 3, helpers::shanghai());
    // Each with how many of the five rows it keeps.
    let cases = [
        (Criteria::default(), 5),
        (project("滨江华府"), 3),
        (office("SH02"), 2),
        (
            Criteria {
                kind: Some(Kind::Complaint),
                ..project(" 滨江华府 ")
            },
            2,
        ),
        (
            received(
                helpers::ms(2026, 3, 5, 10, 0),
                helpers::ms(2026, 3, 12, 10, 0),
            ),
            2,
        ),
    ];
    for (criteria, count) in cases {
        let expected: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| rows[i as usize].meets(&criteria))
            .collect();
        assert_eq!(expected.len(), count, "{criteria:?}");
        let link = QueueLink::parse(
            &QueueLink {
                criteria: criteria.clone(),
                ..QueueLink::default()
            }
            .to_query(),
        );
        let filter = link.apply(Filter::default());
        assert_eq!(filter.criteria, criteria, "the link carries the criteria");
        let mut got = index.select(&filter, None);
        got.sort_unstable();
        assert_eq!(got, expected, "{criteria:?}");
        let figures = indicators_of(&rows, &flags, &march, &criteria);
        assert_eq!(figures.received, expected.len(), "{criteria:?}");
    }
}
