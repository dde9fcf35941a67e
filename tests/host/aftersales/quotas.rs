//! The quota figures of a hand-built March 2026, every expected number worked out by
//! hand below, and the worklist of that month.
//!
//! 江南府, signed in March (each due a callback by the same day of April):
//! - s1 signed 03-02, reached 03-20 (5): on time.
//! - s2 signed 03-10, not reached 03-15, reached 04-09 (4): on time (due 04-10), after a retry.
//! - s3 signed 03-31, reached 05-01 (2): late (due 04-30), done.
//! - s4 signed 03-15, not reached 03-20: not done.
//! - s5 signed 02-20, reached 03-05 (1): February's, not March's.
//!
//! 江南府, handed over in March: h1..h4 (03-02..03-05), drawn ceil(0.3 × 4) = 2: h1 and h3
//! (see the sample tests). h1 reached 03-20 (4), a complaint registered from it: on time.
//! h3 not reached 03-10, reached 04-10 (3): late (due 04-04), done. h2 and h4: nothing.
//!
//! 外滩苑: o1 signed 03-05, reached 03-06 (3), a complaint registered from it.
//!
//! So 江南府 March: signing on time 2 (s1, s2) of 4 due, done 3; handovers 4, drawn 2, on time
//! 1, done 2; scores 5 + 4 + 2 + 4 + 3 = 18 over 5 = 3.60; complaints 1.
//! All projects March: due 5, on time 3, done 4; handovers 4, drawn 2, on time 1, done 2;
//! scores 18 + 3 = 21 over 6 = 3.50; complaints 2.
//! 江南府 February: due 1 (s5), on time 1 (03-05 ≤ 03-20), done 1; score 1; nothing else.

use complaint_desk::domain::aftersales::{
    office_quotas, quota_figures, worklist, Buyer, CallbackKind, Month, QuotaFigures, WorkKind,
    WorkState,
};

use super::fixtures::{buyer, call, d, with};

const MARCH: Month = Month {
    year: 2026,
    month: 3,
};
const S: CallbackKind = CallbackKind::Signing;
const H: CallbackKind = CallbackKind::Handover;

pub fn month_of_buyers() -> Vec<Buyer> {
    let p = "江南府";
    let h = |n: u32| buyer(&format!("h{n}"), p, d(2025, 6, 1), Some(d(2026, 3, 1 + n)));
    vec![
        with(
            buyer("s1", p, d(2026, 3, 2), None),
            vec![call(S, d(2026, 3, 20), Some(5), None)],
        ),
        with(
            buyer("s2", p, d(2026, 3, 10), None),
            vec![
                call(S, d(2026, 3, 15), None, None),
                call(S, d(2026, 4, 9), Some(4), None),
            ],
        ),
        with(
            buyer("s3", p, d(2026, 3, 31), None),
            vec![call(S, d(2026, 5, 1), Some(2), None)],
        ),
        with(
            buyer("s4", p, d(2026, 3, 15), None),
            vec![call(S, d(2026, 3, 20), None, None)],
        ),
        with(
            buyer("s5", p, d(2026, 2, 20), None),
            vec![call(S, d(2026, 3, 5), Some(1), None)],
        ),
        with(
            h(1),
            vec![call(
                H,
                d(2026, 3, 20),
                Some(4),
                Some("SH01-A-20260320-0001"),
            )],
        ),
        h(2),
        with(
            h(3),
            vec![
                call(H, d(2026, 3, 10), None, None),
                call(H, d(2026, 4, 10), Some(3), None),
            ],
        ),
        h(4),
        with(
            buyer("o1", "外滩苑", d(2026, 3, 5), None),
            vec![call(
                S,
                d(2026, 3, 6),
                Some(3),
                Some("SH01-A-20260306-0001"),
            )],
        ),
    ]
}

#[test]
fn a_projects_month() {
    let q = quota_figures(&month_of_buyers(), None, Some("江南府"), MARCH);
    assert_eq!(
        q,
        QuotaFigures {
            signing_due: 4,
            signing_on_time: 2,
            signing_done: 3,
            handovers: 4,
            handover_drawn: 2,
            handover_on_time: 1,
            handover_done: 2,
            score_sum: 18,
            scored: 5,
            complaints: 1,
        }
    );
    assert_eq!(q.signing_text(), "2/4");
    assert_eq!(q.handover_text(), "1/2");
    assert_eq!(q.average_text(), "3.60");
}

#[test]
fn every_project_and_another_month() {
    let all = quota_figures(&month_of_buyers(), Some("SH01"), None, MARCH);
    assert_eq!(
        (all.signing_due, all.signing_on_time, all.signing_done),
        (5, 3, 4)
    );
    assert_eq!(
        (
            all.handovers,
            all.handover_drawn,
            all.handover_on_time,
            all.handover_done
        ),
        (4, 2, 1, 2)
    );
    assert_eq!(
        (
            all.score_sum,
            all.scored,
            all.average_text().as_str(),
            all.complaints
        ),
        (21, 6, "3.50", 2)
    );
    let feb = quota_figures(
        &month_of_buyers(),
        None,
        Some("江南府"),
        Month {
            year: 2026,
            month: 2,
        },
    );
    assert_eq!(
        feb,
        QuotaFigures {
            signing_due: 1,
            signing_on_time: 1,
            signing_done: 1,
            score_sum: 1,
            scored: 1,
            ..QuotaFigures::default()
        }
    );
    let empty = quota_figures(&[], None, None, MARCH);
    assert_eq!(
        (empty.signing_text().as_str(), empty.average_text().as_str()),
        ("0/0", "—")
    );
}

#[test]
fn per_office_at_head_office() {
    let mut list = month_of_buyers();
    let mut bj = buyer("b1", "北城", d(2026, 3, 3), None);
    bj.id = "BJ01-b1".into();
    bj.office = "BJ01".into();
    list.push(bj);
    let by_office = office_quotas(&list, None, MARCH);
    assert_eq!(by_office.keys().collect::<Vec<_>>(), ["BJ01", "SH01"]);
    assert_eq!(by_office["BJ01"].signing_text(), "0/1");
    assert_eq!(by_office["SH01"].signing_text(), "3/5");
    assert_eq!(by_office["SH01"].handover_text(), "1/2");
}

#[test]
fn the_worklist_of_the_month() {
    let rows = worklist(&month_of_buyers(), MARCH, d(2026, 4, 16));
    let got: Vec<(&str, WorkKind, WorkState)> = rows
        .iter()
        .map(|r| (r.buyer.as_str(), r.kind, r.state))
        .collect();
    // Overdue first (s4: due 04-15), then done by last day: s1 04-02, h1 04-02, h3 04-04,
    // o1 04-05, s2 04-10, s3 04-30.
    assert_eq!(
        got,
        [
            ("SH01-s4", WorkKind::Signing, WorkState::Overdue),
            ("SH01-h1", WorkKind::Handover, WorkState::Done),
            ("SH01-s1", WorkKind::Signing, WorkState::Done),
            ("SH01-h3", WorkKind::Handover, WorkState::Done),
            ("SH01-o1", WorkKind::Signing, WorkState::Done),
            ("SH01-s2", WorkKind::Signing, WorkState::Done),
            ("SH01-s3", WorkKind::Signing, WorkState::Done),
        ]
    );
    assert_eq!(rows[0].unreached, 1);
    // On 04-15 s4 is still due (its last day).
    let rows = worklist(&month_of_buyers(), MARCH, d(2026, 4, 15));
    assert_eq!(rows[0].state, WorkState::Due);
}
