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

use crate::domain::vocabulary::{coded_enum, Severity, SeverityFacts, SeverityRules};

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

/// The sentence the intake form shows under the facts: the suggested severity, the reasons,
/// and the same-issue count once two or more different complainants are known, e.g.
/// `系统建议：重大（已被媒体曝光）（近期同楼栋同类投诉 3 人）`.
pub fn suggestion_text(severity: Severity, reasons: &[Reason], same_issue: u32) -> String {
    let why = reasons
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("、");
    let group = if same_issue >= 2 {
        format!("（近期同楼栋同类投诉 {same_issue} 人）")
    } else {
        String::new()
    };
    if why.is_empty() {
        format!("系统建议：{}{group}", severity.label())
    } else {
        format!("系统建议：{}（{why}）{group}", severity.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn suggestion_sentences() {
        assert_eq!(suggestion_text(Severity::General, &[], 0), "系统建议：一般");
        assert_eq!(suggestion_text(Severity::General, &[], 1), "系统建议：一般");
        assert_eq!(
            suggestion_text(Severity::General, &[], 2),
            "系统建议：一般（近期同楼栋同类投诉 2 人）"
        );
        assert_eq!(
            suggestion_text(Severity::Major, &[Reason::Lawsuit, Reason::Media], 3),
            "系统建议：重大（可能引发法律诉讼、已被媒体曝光）（近期同楼栋同类投诉 3 人）"
        );
    }
}
