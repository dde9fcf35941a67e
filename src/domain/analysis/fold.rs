//! The indicators of a period in one pass over the summaries: each row feeds the tallies of
//! `tally.rs`, and their results make the [`Indicators`].

use super::cross_flags::CrossFlags;
use crate::domain::case::{ComplaintState, Status};
use crate::domain::queue::FactsView;
use crate::domain::vocabulary::{Criteria, Settings, Severity, Stage};
use crate::domain::{case::Complaint, queue::Summary};

use super::figures::Indicators;
use super::period::Period;
use super::tally::{
    Breakdowns, CallbackTally, CrossTally, EscalationTally, Flow, HandlingTally, MajorTally,
    ReceivedBy, RootCauses, SatisfactionTally, Span, Timeliness,
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
    let mut fold = Fold::new(period);
    let mut breakdowns = Breakdowns::new();
    let mut causes = RootCauses::default();
    for (i, row) in rows.iter().enumerate() {
        if row.received >= fold.span.to || !row.meets(filter) {
            continue;
        }
        let f = row.facts.view();
        if fold.add(i, row.received, row.status, row.severity, f, flags) {
            fold.add_stages(f.stages);
            breakdowns.add(row);
            causes.add(&row.facts);
        }
    }
    fold.finish(breakdowns.finish(), causes.finish())
}

/// Every tally of one period but the breakdowns by name (which [`indicators_of`] counts by
/// string and the [`IndicatorTable`](super::IndicatorTable) by interned id).
pub(super) struct Fold {
    /// The period.
    period: Period,
    /// The period as milliseconds.
    pub(super) span: Span,
    // Period figures: what had happened by `to`.
    escalations: EscalationTally,
    flow: Flow,
    satisfaction: SatisfactionTally,
    callback: CallbackTally,
    handling: HandlingTally,
    // The cohort received in the period.
    received: usize,
    cross: CrossTally,
    major: MajorTally,
    timeliness: Timeliness,
}

impl Fold {
    /// Nothing counted yet.
    pub(super) fn new(period: &Period) -> Self {
        Fold {
            period: *period,
            span: Span::of(period),
            escalations: EscalationTally::default(),
            flow: Flow::default(),
            satisfaction: SatisfactionTally::default(),
            callback: CallbackTally::default(),
            handling: HandlingTally::default(),
            received: 0,
            cross: CrossTally::default(),
            major: MajorTally::default(),
            timeliness: Timeliness::new(),
        }
    }

    /// Counts row `i` (its index in the rows `flags` were built over), registered before
    /// the period's end and passing the filter, with its registration time, status and
    /// severity today and its facts; returns whether it was received in the period (the
    /// caller then counts its stages and breakdowns).
    #[inline]
    pub(super) fn add(
        &mut self,
        i: usize,
        received: i64,
        status: Status,
        severity: Severity,
        f: FactsView<'_>,
        flags: &CrossFlags,
    ) -> bool {
        let span = self.span;
        self.escalations.add(f, span);
        self.flow.add(f, span);
        self.satisfaction.add(f, span);
        self.callback.add(f, status, span);
        self.handling.add(f, span);
        if received < span.from {
            return false;
        }
        self.received += 1;
        self.cross.add(i, flags, span);
        self.major.add(severity, f);
        true
    }

    /// Counts the stages of a complaint received in the period.
    #[inline]
    pub(super) fn add_stages(&mut self, stages: &[(Stage, Option<bool>)]) {
        self.timeliness.add(stages);
    }

    /// Counts the stages of a complaint received in the period, packed two bits a stage
    /// (see `tally::pack_stages`).
    #[inline]
    pub(super) fn add_packed_stages(&mut self, packed: u16) {
        self.timeliness.add_packed(packed);
    }

    /// The indicators, with the breakdowns of the received complaints and their root
    /// causes `(largest first, uninvestigated)`.
    pub(super) fn finish(
        self,
        by: ReceivedBy,
        causes: (Vec<(String, usize)>, usize),
    ) -> Indicators {
        let (root_causes, uninvestigated) = causes;
        let (repeats, group_complaints) = self.cross.finish();
        let (major_received, major_gm_approved) = self.major.finish();
        let flow = self.flow;
        Indicators {
            period: self.period,
            received: self.received,
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
            timeliness: self.timeliness.finish(),
            handling: self.handling.finish(),
            satisfaction: self.satisfaction.finish(),
            resolution: flow.resolution,
            callback: self.callback.finish(),
            repeats,
            group_complaints,
            escalations: self.escalations.finish(),
            major_received,
            major_gm_approved,
            root_causes,
            uninvestigated,
        }
    }
}
