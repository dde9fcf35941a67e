//! Indicator facts: what the indicators ([`crate::domain::analysis`]) need from one
//! complaint's history, read once when the complaint is saved and kept in its
//! [`Summary`](super::summary::Summary). The flags that depend on other complaints (repeats,
//! same-issue groups) are computed once over all summaries, in the analysis. The indicators of any period are then one pass over compact records instead
//! of a replay of every history, which is what lets the dashboard refresh in well under a
//! second over a head office's million complaints.
//!
//! Every time is epoch milliseconds. The facts depend on the office's calendar and time
//! limits (stage deadlines, working time), so they are rebuilt with the summary whenever
//! those change.

use serde::{Deserialize, Serialize};

use crate::domain::case::{Complaint, ComplaintState, EventData, Status};
use crate::domain::deadlines::stage_deadlines;
use crate::domain::vocabulary::{DeadlineSettings, EscalationLevel, Role, Stage, WorkCalendar};

/// Epoch milliseconds.
pub type Ms = i64;

/// One spell during which the complaint was closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    /// When it was closed (archived or cancelled).
    #[serde(rename = "t")]
    pub at: Ms,
    /// When the next status change (a reopen) ended the spell; `None` while still closed.
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub reopened: Option<Ms>,
    /// Archived (已归档) rather than cancelled (已作废).
    #[serde(rename = "a")]
    pub archived: bool,
    /// What the customer said at the latest callback before the closing, in the same round
    /// (a reopen clears it); `None` when there was none.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
}

/// One answer to the customer (答复客户).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    /// When.
    #[serde(rename = "t")]
    pub at: Ms,
    /// Whether a callback was recorded after it, before any later answer.
    #[serde(rename = "c")]
    pub called_back: bool,
}

/// One satisfaction callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Called {
    /// When.
    #[serde(rename = "t")]
    pub at: Ms,
    /// Score 1..=5.
    #[serde(rename = "s")]
    pub score: u8,
    /// Whether the customer accepted the outcome.
    #[serde(rename = "k")]
    pub accepted: bool,
}

/// What the indicators need from one complaint's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Closed spells, oldest first.
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub closings: Vec<Closing>,
    /// Answers, oldest first.
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answered>,
    /// Callbacks, oldest first.
    #[serde(rename = "b", default, skip_serializing_if = "Vec::is_empty")]
    pub callbacks: Vec<Called>,
    /// Working minutes from registration to the first answer (office calendar).
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    pub handling_minutes: Option<i64>,
    /// Escalations: when, and the level risen to.
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<(Ms, EscalationLevel)>,
    /// Whether a plan was approved by the GM.
    #[serde(rename = "g", default, skip_serializing_if = "is_false")]
    pub gm_approved: bool,
    /// Each applicable stage of [`stage_deadlines`]: met (`Some(true)`), late
    /// (`Some(false)`) or still open (`None`).
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<(Stage, Option<bool>)>,
    /// The latest responsibility attribution (R-27), trimmed; empty when none.
    #[serde(rename = "r", default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Facts {
    /// Reads the facts from a complaint's history (`events` oldest first) and its current
    /// state, with the office's calendar and time limits.
    pub fn of(
        complaint: &Complaint,
        state: &ComplaintState,
        cal: &WorkCalendar,
        limits: &DeadlineSettings,
    ) -> Facts {
        let mut out = Facts::default();
        let mut status = Status::Registered;
        let mut accepted: Option<bool> = None;
        let mut watching: Option<usize> = None;
        // Events set aside by a conflict (or discarded by its resolution) did not happen.
        let events = state.in_effect(&complaint.events);
        for event in events.iter().skip(1) {
            let at = event.at.timestamp_millis();
            match &event.data {
                d if d.is_answer() => {
                    watching = Some(out.answers.len());
                    out.answers.push(Answered {
                        at,
                        called_back: false,
                    });
                }
                EventData::Callback {
                    score,
                    accepted: yes,
                } => {
                    accepted = Some(*yes);
                    out.callbacks.push(Called {
                        at,
                        score: *score,
                        accepted: *yes,
                    });
                    if let Some(i) = watching.take() {
                        out.answers[i].called_back = true;
                    }
                }
                EventData::Reopen => accepted = None,
                EventData::Approve if event.role == Role::Gm => out.gm_approved = true,
                EventData::Escalate { level, .. } => out.escalations.push((at, *level)),
                _ => {}
            }
            // Paperwork on a closed complaint (returning it to group HQ) neither reopens
            // nor closes it again.
            if let Some(next) = event
                .data
                .action()
                .and_then(|a| a.next(status))
                .filter(|n| !(status.is_closed() && *n == status))
            {
                if let Some(open) = out.closings.last_mut().filter(|c| c.reopened.is_none()) {
                    open.reopened = Some(at);
                }
                if next.is_closed() {
                    out.closings.push(Closing {
                        at,
                        reopened: None,
                        archived: next == Status::Archived,
                        accepted,
                    });
                }
                status = next;
            }
        }
        out.handling_minutes = events
            .iter()
            .find(|e| e.data.is_answer())
            .map(|e| cal.work_minutes_between(state.received_at, e.at));
        out.stages = stage_deadlines(&events, state, cal, limits)
            .into_iter()
            .map(|d| (d.stage, d.met))
            .collect();
        out.root_cause = state
            .responsibility
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string();
        out
    }

    /// The closed spell current at `to` (events before `to`), if the complaint was closed
    /// then.
    pub fn closed_at(&self, to: Ms) -> Option<&Closing> {
        self.view().closed_at(to)
    }

    /// The latest callback in `[from, to)`.
    pub fn callback_in(&self, from: Ms, to: Ms) -> Option<&Called> {
        self.view().callback_in(from, to)
    }

    /// The latest answer in `[from, to)`.
    pub fn answer_in(&self, from: Ms, to: Ms) -> Option<&Answered> {
        self.view().answer_in(from, to)
    }

    /// When the complaint was first answered.
    pub fn first_answer(&self) -> Option<Ms> {
        self.view().first_answer()
    }

    /// The facts as borrowed slices (what the indicators read, wherever the facts are kept).
    pub fn view(&self) -> FactsView<'_> {
        FactsView {
            closings: &self.closings,
            answers: &self.answers,
            callbacks: &self.callbacks,
            handling_minutes: self.handling_minutes,
            escalations: &self.escalations,
            gm_approved: self.gm_approved,
            stages: &self.stages,
        }
    }
}

/// One complaint's [`Facts`] as borrowed slices, whether they are read from its summary or
/// from a table that keeps every complaint's facts side by side (the root cause aside). The
/// fields mean what the same fields of [`Facts`] mean.
#[derive(Clone, Copy, Debug, Default)]
pub struct FactsView<'a> {
    /// Closed spells, oldest first.
    pub closings: &'a [Closing],
    /// Answers, oldest first.
    pub answers: &'a [Answered],
    /// Callbacks, oldest first.
    pub callbacks: &'a [Called],
    /// Working minutes from registration to the first answer.
    pub handling_minutes: Option<i64>,
    /// Escalations: when, and the level risen to.
    pub escalations: &'a [(Ms, EscalationLevel)],
    /// Whether a plan was approved by the GM.
    pub gm_approved: bool,
    /// Each applicable stage: met, late or still open.
    pub stages: &'a [(Stage, Option<bool>)],
}

impl<'a> FactsView<'a> {
    /// The closed spell current at `to` (events before `to`), if the complaint was closed
    /// then.
    pub fn closed_at(self, to: Ms) -> Option<&'a Closing> {
        self.closings
            .iter()
            .rev()
            .find(|c| c.at < to)
            .filter(|c| c.reopened.is_none_or(|r| r >= to))
    }

    /// The latest callback in `[from, to)`.
    pub fn callback_in(self, from: Ms, to: Ms) -> Option<&'a Called> {
        self.callbacks
            .iter()
            .rev()
            .find(|c| c.at >= from && c.at < to)
    }

    /// The latest answer in `[from, to)`.
    pub fn answer_in(self, from: Ms, to: Ms) -> Option<&'a Answered> {
        self.answers
            .iter()
            .rev()
            .find(|a| a.at >= from && a.at < to)
    }

    /// When the complaint was first answered.
    pub fn first_answer(self) -> Option<Ms> {
        self.answers.first().map(|a| a.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spells() -> Facts {
        Facts {
            closings: vec![
                Closing {
                    at: 100,
                    reopened: Some(200),
                    archived: true,
                    accepted: Some(false),
                },
                Closing {
                    at: 300,
                    reopened: None,
                    archived: false,
                    accepted: None,
                },
            ],
            ..Facts::default()
        }
    }

    #[test]
    fn the_spell_current_at_the_end_of_a_period() {
        let f = spells();
        // (end of the period, closed at `at` of the spell current then)
        let table: [(Ms, Option<Ms>); 7] = [
            (50, None),
            (100, None), // closed at 100: not before the end
            (101, Some(100)),
            (200, Some(100)), // reopened at 200: not before the end
            (201, None),
            (300, None),
            (301, Some(300)),
        ];
        for (to, want) in table {
            assert_eq!(f.closed_at(to).map(|c| c.at), want, "to = {to}");
        }
    }

    #[test]
    fn latest_answer_and_callback_inside_a_period() {
        let f = Facts {
            answers: vec![
                Answered {
                    at: 10,
                    called_back: true,
                },
                Answered {
                    at: 20,
                    called_back: false,
                },
            ],
            callbacks: vec![Called {
                at: 15,
                score: 2,
                accepted: false,
            }],
            ..Facts::default()
        };
        assert_eq!(f.answer_in(0, 30).map(|a| a.at), Some(20));
        assert_eq!(f.answer_in(0, 20).map(|a| a.called_back), Some(true));
        assert_eq!(f.answer_in(21, 30), None);
        assert_eq!(f.callback_in(15, 16).map(|c| c.score), Some(2));
        assert_eq!(f.callback_in(16, 30), None);
        assert_eq!(f.first_answer(), Some(10));
    }

    #[test]
    fn facts_are_stored_compactly_and_read_back() {
        let f = spells();
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"c":[{"t":100,"r":200,"a":true,"k":false},{"t":300,"a":false}]}"#
        );
        assert_eq!(serde_json::from_str::<Facts>(&json).unwrap(), f);
        assert_eq!(
            serde_json::from_str::<Facts>("{}").unwrap(),
            Facts::default()
        );
    }
}
