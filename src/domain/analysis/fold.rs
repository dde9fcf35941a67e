//! The indicators of a period in one pass over the summaries: each row feeds the tallies of
//! `tally.rs`, and their results make the [`Indicators`].

use super::cross_flags::CrossFlags;
use crate::domain::case::ComplaintState;
use crate::domain::vocabulary::{Criteria, Settings};
use crate::domain::{case::Complaint, queue::Summary};

use super::figures::Indicators;
use super::period::Period;
use super::tally::{
    Breakdowns, CallbackTally, CrossTally, EscalationTally, Flow, HandlingTally, MajorTally,
    RootCauses, SatisfactionTally, Span, Timeliness,
};

/// Computes the indicators of `period` over the complaints (each with its state replayed
/// from all its events, as the store keeps them) that pass `filter`, with the office's
/// calendar, time limits, repeat and same-issue rules from `settings`. Every figure is
/// defined on the field of [`Indicators`] that holds it.
///
/// This reads each history into its [`Facts`](crate::domain::queue::Facts) first; over many
/// complaints, keep the summaries (which carry their facts) and the [`CrossFlags`] and call
/// [`indicators_of`].
pub fn indicators(
    items: &[(Complaint, ComplaintState)],
    period: &Period,
    filter: &Criteria,
    settings: &Settings,
) -> Indicators {
    let rows: Vec<Summary> = items
        .iter()
        .map(|(c, s)| Summary::new(c, s, settings))
        .collect();
    let flags = CrossFlags::build(&rows, settings);
    indicators_of(&rows, &flags, period, filter)
}

/// The indicators of `period` over the summaries that pass `filter`, from their
/// [`Facts`](crate::domain::queue::Facts) and the [`CrossFlags`] computed over the same
/// summaries (same order).
pub fn indicators_of(
    rows: &[Summary],
    flags: &CrossFlags,
    period: &Period,
    filter: &Criteria,
) -> Indicators {
    let span = Span::of(period);
    // Period figures: what had happened by `to`.
    let mut escalations = EscalationTally::default();
    let mut flow = Flow::default();
    let mut satisfaction = SatisfactionTally::default();
    let mut callback = CallbackTally::default();
    let mut handling = HandlingTally::default();
    // The cohort received in the period.
    let mut received = 0;
    let mut breakdowns = Breakdowns::new();
    let mut causes = RootCauses::default();
    let mut cross = CrossTally::default();
    let mut major = MajorTally::default();
    let mut timeliness = Timeliness::new();

    for (i, row) in rows.iter().enumerate() {
        if row.received >= span.to || !row.meets(filter) {
            continue;
        }
        let f = &row.facts;
        escalations.add(f, span);
        flow.add(f, span);
        satisfaction.add(f, span);
        callback.add(row, span);
        handling.add(f, span);

        if row.received < span.from {
            continue;
        }
        received += 1;
        breakdowns.add(row);
        causes.add(f);
        cross.add(i, flags, span);
        major.add(row);
        timeliness.add(f);
    }

    let by = breakdowns.finish();
    let (root_causes, uninvestigated) = causes.finish();
    let (repeats, group_complaints) = cross.finish();
    let (major_received, major_gm_approved) = major.finish();
    Indicators {
        period: *period,
        received,
        closed: flow.closed,
        archived: flow.archived,
        cancelled: flow.cancelled,
        open: flow.open,
        by_category: by.category,
        by_severity: by.severity,
        by_status: by.status,
        by_channel: by.channel,
        by_kind: by.kind,
        by_project: by.project,
        by_handler: by.handler,
        by_office: by.office,
        timeliness: timeliness.finish(),
        handling: handling.finish(),
        satisfaction: satisfaction.finish(),
        resolution: flow.resolution,
        callback: callback.finish(),
        repeats,
        group_complaints,
        escalations: escalations.finish(),
        major_received,
        major_gm_approved,
        root_causes,
        uninvestigated,
    }
}
