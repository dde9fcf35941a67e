//! The escalation ladder of R-18: who an overdue complaint rises to, and when.

use chrono::{DateTime, FixedOffset};

use crate::domain::vocabulary::{DeadlineSettings, EscalationLevel, WorkCalendar};

/// R-18's ladder for an overdue deadline, walked from `start` (the level the complaint sat at
/// when its deadline `overdue_since` passed): every rise due by `now`, oldest first, each with
/// the moment it happened. Once `now` is past the deadline the complaint rises one level, at
/// the deadline; it rises one more at each further [`DeadlineSettings::escalation_step`]
/// (counted by [`TimeLimit::after`](crate::domain::vocabulary::TimeLimit::after) from the
/// previous rise) that `now` has reached, and never above head office. Empty when not overdue yet or already at the top.
fn ladder(
    start: EscalationLevel,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Vec<(EscalationLevel, DateTime<FixedOffset>)> {
    let mut rises = Vec::new();
    if now <= overdue_since {
        return rises;
    }
    let Some(mut level) = start.next() else {
        return rises;
    };
    let mut mark = overdue_since;
    rises.push((level, mark));
    while let Some(up) = level.next() {
        let next_mark = cfg.escalation_step.after(mark, cal);
        // A step that does not move time on (never with a validated setting) ends the walk.
        if next_mark <= mark || now < next_mark {
            break;
        }
        mark = next_mark;
        level = up;
        rises.push((level, mark));
    }
    rises
}

/// R-18's ladder for an overdue deadline. `current` is the level the complaint sat at when its
/// deadline passed (normally [`EscalationLevel::Handler`]), `overdue_since` that deadline.
/// The rule: once `now` is past `overdue_since` the complaint rises one level; it rises one
/// more each time a further [`DeadlineSettings::escalation_step`] passes while it stays
/// overdue (with the defaults: handler → project manager at the deadline, → general manager one
/// work day later, → head office two work days later, and no higher). Returns the level it
/// should be at now, or `None` when it is not overdue yet or already at head office. The
/// result depends only on the arguments, so asking again gives the same answer. It is the
/// last of the rises [`escalation_rises`] lists when `current` is the handler.
pub fn escalation_due(
    current: EscalationLevel,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Option<EscalationLevel> {
    ladder(current, overdue_since, now, cal, cfg)
        .last()
        .map(|(level, _)| *level)
}

/// Every rise of R-18's ladder for the deadline `overdue_since` that is due by `now` and above
/// `recorded` (the highest level already recorded for this very deadline, `None` when none
/// is), oldest first, each with the moment it happened: the first (handler → project manager)
/// at the deadline, each later one an [`DeadlineSettings::escalation_step`] after the one
/// before (→ general manager, → head office), never higher. The ladder is the one
/// [`escalation_due`] walks from [`EscalationLevel::Handler`], so the last rise listed (when
/// any) is the level `escalation_due` gives. A complaint noticed late (after a weekend, or
/// first opened from an imported file) gets every rise it missed, each at its own time, so
/// each can be recorded as its own `escalate` event; asking again with the new `recorded`
/// lists nothing.
///
/// ```
/// use chrono::DateTime;
/// use complaint_desk::domain::deadlines::escalation_rises;
/// use complaint_desk::domain::vocabulary::{DeadlineSettings, EscalationLevel, WorkCalendar};
///
/// let (cal, cfg) = (WorkCalendar::default(), DeadlineSettings::default());
/// let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
/// // Due Friday 2026-03-06 10:00, first looked at on Tuesday at 08:30: two rises so far, one
/// // work day apart (head office is due at Tuesday 10:00).
/// let rises = escalation_rises(None, at("2026-03-06T10:00:00+08:00"),
///                              at("2026-03-10T08:30:00+08:00"), &cal, &cfg);
/// assert_eq!(rises, vec![
///     (EscalationLevel::ProjectManager, at("2026-03-06T10:00:00+08:00")),
///     (EscalationLevel::GeneralManager, at("2026-03-09T10:00:00+08:00")),
/// ]);
/// ```
pub fn escalation_rises(
    recorded: Option<EscalationLevel>,
    overdue_since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    cal: &WorkCalendar,
    cfg: &DeadlineSettings,
) -> Vec<(EscalationLevel, DateTime<FixedOffset>)> {
    let mut rises = ladder(EscalationLevel::Handler, overdue_since, now, cal, cfg);
    rises.retain(|(level, _)| Some(*level) > recorded);
    rises
}
