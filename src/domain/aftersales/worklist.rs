//! The callback worklist 待回访: per month, every signing callback, the handover
//! sample's callbacks, and the open hand-over tasks, each due, overdue or done.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::buyer::Buyer;
use super::callback::{callback_due, CallbackKind};
use super::month::Month;
use super::sample::handover_sample;
use crate::domain::vocabulary::coded_enum;

coded_enum! {
    /// What a worklist row asks for; the code is the row's `data-kind`.
    WorkKind {
        /// Call back within a month of signing.
        Signing => "signing", "签约回访";
        /// Call back within a month of handover (the buyer is in the sample).
        Handover => "handover", "交房回访";
        /// Contact a buyer just handed over to you: introduce yourself, leave your number.
        HandoverTask => "handover_task", "接手联系";
    }
}

coded_enum! {
    /// Where a worklist row stands.
    WorkState {
        /// Not done, not yet late.
        Due => "due", "待办";
        /// Not done and past its last day.
        Overdue => "overdue", "已逾期";
        /// Done (a reached callback; the hand-over contact made).
        Done => "done", "已完成";
    }
}

/// One row of the worklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    /// The buyer's id.
    pub buyer: String,
    /// What is asked.
    pub kind: WorkKind,
    /// Due, overdue or done.
    pub state: WorkState,
    /// The day it follows (signing, handover, or the hand-over of the buyer).
    pub since: NaiveDate,
    /// Its last day on time.
    pub due: NaiveDate,
    /// Who should do it: the buyer's current salesperson.
    pub salesperson: String,
    /// The buyer's project.
    pub project: String,
    /// Attempts so far that did not reach the buyer.
    pub unreached: usize,
}

/// The worklist of `month` on `today`: signing callbacks of buyers who signed in the month,
/// the handover sample of the month, and every open hand-over task (whatever the month);
/// overdue rows first, then due, then done, each by last day and buyer.
pub fn worklist(buyers: &[Buyer], month: Month, today: NaiveDate) -> Vec<WorkItem> {
    let mut samples: HashMap<(&str, &str), HashSet<String>> = HashMap::new();
    let mut out = Vec::new();
    let state = |done: bool, due: NaiveDate| match (done, today > due) {
        (true, _) => WorkState::Done,
        (false, true) => WorkState::Overdue,
        (false, false) => WorkState::Due,
    };
    for b in buyers {
        let item = |kind, since, due, done: bool, unreached| WorkItem {
            buyer: b.id.clone(),
            kind,
            state: state(done, due),
            since,
            due,
            salesperson: b.current_salesperson().to_string(),
            project: b.project.clone(),
            unreached,
        };
        let unreached = |k| b.callbacks(k).filter(|(_, r)| !r.reached).count();
        if month.contains(b.signed_on) {
            let k = CallbackKind::Signing;
            let done = b.reached(k).is_some();
            out.push(item(
                WorkKind::Signing,
                b.signed_on,
                callback_due(b.signed_on),
                done,
                unreached(k),
            ));
        }
        if let Some(h) = b.handover_on.filter(|h| month.contains(*h)) {
            let drawn = samples
                .entry((b.office.as_str(), b.project.trim()))
                .or_insert_with(|| handover_sample(buyers, &b.office, &b.project, month));
            if drawn.contains(&b.id) {
                let k = CallbackKind::Handover;
                let done = b.reached(k).is_some();
                out.push(item(
                    WorkKind::Handover,
                    h,
                    callback_due(h),
                    done,
                    unreached(k),
                ));
            }
        }
        if let Some((_, at)) = b.open_handover_task() {
            let since = at.date_naive();
            out.push(item(
                WorkKind::HandoverTask,
                since,
                since + chrono::Days::new(7),
                false,
                0,
            ));
        }
    }
    let rank = |s: WorkState| match s {
        WorkState::Overdue => 0,
        WorkState::Due => 1,
        WorkState::Done => 2,
    };
    out.sort_by(|a, b| {
        (rank(a.state), a.due, &a.buyer, a.kind).cmp(&(rank(b.state), b.due, &b.buyer, b.kind))
    });
    out
}
