//! Conflicts between two devices' histories: when the union of two copies of a complaint
//! does not replay (one device cancelled while the other approved a plan), nothing is
//! dropped. The merge keeps every event and writes a **marker** ([`EventData::Conflict`])
//! naming the events the workflow refused (*set aside*: kept in the history, not replayed)
//! and the other branch's events replayed in their place; a manager or the GM later records
//! a **resolution** ([`EventData::ResolveConflict`]) that keeps one branch. History is never
//! edited.
//!
//! **The replay** ([`ComplaintState::replay`]) runs in two passes. Pass 1 reads the conflict
//! records in the order of their time (at equal times resolutions before markers, then by
//! id; their place in the history does not matter, so two devices' unions agree): a marker
//! sets its events aside, a resolution replays its `keep` again and sets its `discard` aside.
//! Pass 2 applies every event not set aside, strictly as ever.
//!
//! **Determinism.** The marker's content follows from the union alone: the events refused
//! walking the union in its order (greedily: a refused event is set aside and the walk goes
//! on), the other branch's events, the time of the latest of them (or of an earlier conflict
//! record, so the newest marker is read last), and an id derived from that content
//! ([`marker_id`]). Two devices that merge the same two copies, in either order, write the
//! same event, and the union of their histories holds it once.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};

use super::event::{Event, EventData};
use super::workflow::{ComplaintState, WorkflowError};
use crate::domain::vocabulary::Role;

/// The actor of the events the app records by itself.
pub const SYSTEM_ACTOR: &str = "系统";

/// The device code of a marker's id. A marker's id carries a 16-digit hash where other ids
/// carry the time in milliseconds (at most 12 hex digits for many centuries), so it never
/// meets an id a device wrote, whatever that device's code.
pub const CONFLICT_DEVICE: &str = "SYS";

impl ComplaintState {
    /// Replays a whole history, in two passes: the conflict records decide which events are
    /// set aside (none in a history without conflicts), then every other event is applied
    /// in order, strictly: an event the workflow refuses fails the replay (a damaged
    /// history stays refused). See the module's text.
    pub fn replay(events: &[Event]) -> Result<Self, WorkflowError> {
        let plan = Plan::of(events)?;
        let mut state = fold(events, &plan.skip, None).map_err(|(_, e)| e)?;
        plan.record(&mut state);
        Ok(state)
    }

    /// Whether the detail page offers `role` the resolution of an open conflict: a manager
    /// or the GM (everyone else sees the conflict and is asked to call one).
    pub fn offers_resolution(&self, role: Role) -> bool {
        self.has_conflict() && role.manages_staff()
    }
}

/// What pass 1 of the replay decided: the events not replayed and the conflict left open.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// The ids of the events not replayed.
    pub skip: HashSet<&'a str>,
    /// Set-aside ids no resolution decided yet, in history order.
    conflict: Vec<String>,
    /// The other branch's ids of the markers still open, in history order.
    applied: Vec<String>,
    /// Every skipped id, in history order.
    skipped: Vec<String>,
}

impl<'a> Plan<'a> {
    /// Pass 1 over `events`: nothing to do (and nothing allocated) when the history holds
    /// no conflict record. A record naming an event not in the history, the registration or
    /// another record is refused.
    pub fn of(events: &'a [Event]) -> Result<Self, WorkflowError> {
        if !events.iter().any(|e| e.data.is_conflict_record()) {
            return Ok(Plan::default());
        }
        let position: HashMap<&str, usize> = events
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let known = |id: &str| -> Result<usize, WorkflowError> {
            match position.get(id) {
                Some(&i) if i > 0 && !events[i].data.is_conflict_record() => Ok(i),
                _ => Err(WorkflowError::BadConflictRecord(id.to_string())),
            }
        };
        let mut records: Vec<&Event> = events
            .iter()
            .filter(|e| e.data.is_conflict_record())
            .collect();
        records.sort_by(|a, b| {
            let key = |e: &Event| matches!(e.data, EventData::Conflict { .. });
            (a.at, key(a), a.id.as_str()).cmp(&(b.at, key(b), b.id.as_str()))
        });
        let mut skip: HashSet<usize> = HashSet::new();
        let mut pending: HashSet<usize> = HashSet::new();
        let mut markers: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for r in records {
            match &r.data {
                EventData::Conflict { set_aside, applied } => {
                    let set_aside = set_aside
                        .iter()
                        .map(|id| known(id))
                        .collect::<Result<Vec<_>, _>>()?;
                    let applied = applied
                        .iter()
                        .map(|id| known(id))
                        .collect::<Result<Vec<_>, _>>()?;
                    skip.extend(&set_aside);
                    pending.extend(&set_aside);
                    markers.push((set_aside, applied));
                }
                EventData::ResolveConflict { keep, discard } => {
                    for id in keep {
                        let i = known(id)?;
                        skip.remove(&i);
                        pending.remove(&i);
                    }
                    for id in discard {
                        let i = known(id)?;
                        skip.insert(i);
                        pending.remove(&i);
                    }
                }
                _ => {}
            }
        }
        let mut applied: HashSet<usize> = markers
            .iter()
            .filter(|(set_aside, _)| set_aside.iter().any(|i| pending.contains(i)))
            .flat_map(|(_, applied)| applied.iter().copied())
            .collect();
        applied.retain(|i| !skip.contains(i));
        let in_order = |set: &HashSet<usize>| -> Vec<String> {
            let mut v: Vec<usize> = set.iter().copied().collect();
            v.sort_unstable();
            v.into_iter().map(|i| events[i].id.clone()).collect()
        };
        Ok(Plan {
            conflict: in_order(&pending),
            applied: in_order(&applied),
            skipped: in_order(&skip),
            skip: skip.iter().map(|&i| events[i].id.as_str()).collect(),
        })
    }

    /// Writes what pass 1 decided into the replayed state.
    pub fn record(self, state: &mut ComplaintState) {
        state.conflict = self.conflict;
        state.conflict_applied = self.applied;
        state.skipped = self.skipped;
    }
}

/// Pass 2: applies every event of `events` not in `skip`. Strict (`set_aside` is `None`): the
/// first refused event fails it, with its position. Tolerant: a refused event (other than a
/// registration or a conflict record) is set aside, its position pushed to `set_aside`, and
/// the walk goes on.
pub fn fold(
    events: &[Event],
    skip: &HashSet<&str>,
    mut set_aside: Option<&mut Vec<usize>>,
) -> Result<ComplaintState, (usize, WorkflowError)> {
    let (first, rest) = events.split_first().ok_or((0, WorkflowError::BadStart))?;
    let mut state = ComplaintState::start(first).map_err(|e| (0, e))?;
    for (i, event) in rest.iter().enumerate() {
        if !skip.is_empty() && skip.contains(event.id.as_str()) {
            continue;
        }
        if let Err(e) = state.apply(event) {
            let hard =
                matches!(event.data, EventData::Register { .. }) || event.data.is_conflict_record();
            match set_aside.as_deref_mut() {
                Some(v) if !hard => v.push(i + 1),
                _ => return Err((i + 1, e)),
            }
        }
    }
    Ok(state)
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The id of a marker of `office`'s complaint: `<office>-SYS-<16 hex digits>-0`, the hash
/// of its set-aside and applied ids (see [`CONFLICT_DEVICE`]).
pub fn marker_id(office: &str, set_aside: &[String], applied: &[String]) -> String {
    let bytes = set_aside
        .iter()
        .flat_map(|id| id.bytes().chain([b'\n']))
        .chain([0])
        .chain(applied.iter().flat_map(|id| id.bytes().chain([b'\n'])));
    format!("{office}-{CONFLICT_DEVICE}-{:016x}-0", fnv1a(bytes))
}

/// Whether `event` is a marker whose id is the one its content gives (see [`marker_id`]).
pub fn is_marker_id_plausible(office: &str, event: &Event) -> bool {
    match &event.data {
        EventData::Conflict { set_aside, applied } => {
            event.id == marker_id(office, set_aside, applied)
        }
        _ => true,
    }
}

/// Where an event of a merged union came from: only one of the two copies (`Some(true)`:
/// ours, `Some(false)`: theirs), or both (`None`).
pub type Side<'a> = &'a dyn Fn(&str) -> Option<bool>;

/// Keeps a union that does not replay: sets aside the events the workflow refuses (walking
/// the union in its order, after what earlier conflict records set aside), and inserts the
/// marker naming them and the other branch's events (those of the copy that holds no
/// set-aside event, since the fork: the events of one copy only) right after the last one
/// set aside, among the events of the same time by id. `office` is the complaint's.
///
/// Returns `Ok(false)` (nothing changed) when nothing is refused, and the replay's error
/// when the union cannot be kept this way (a history broken in itself).
pub fn mark_conflict(
    office: &str,
    events: &mut Vec<Event>,
    side: Side<'_>,
) -> Result<bool, WorkflowError> {
    let plan = Plan::of(events)?;
    let mut refused = Vec::new();
    fold(events, &plan.skip, Some(&mut refused)).map_err(|(_, e)| e)?;
    let Some(&last) = refused.last() else {
        return Ok(false);
    };
    let set_aside_sides: HashSet<Option<bool>> =
        refused.iter().map(|&i| side(&events[i].id)).collect();
    let other = |s: Option<bool>| match s {
        None => false,
        Some(ours) => {
            !set_aside_sides.contains(&Some(ours)) || set_aside_sides.contains(&Some(!ours))
        }
    };
    let applied: Vec<String> = events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            !refused.contains(i)
                && !plan.skip.contains(e.id.as_str())
                && !e.data.is_conflict_record()
                && other(side(&e.id))
        })
        .map(|(_, e)| e.id.clone())
        .collect();
    let set_aside: Vec<String> = refused.iter().map(|&i| events[i].id.clone()).collect();
    let at: DateTime<FixedOffset> = refused
        .iter()
        .map(|&i| events[i].at)
        .chain(
            events
                .iter()
                .filter(|e| e.data.is_conflict_record())
                .map(|e| e.at),
        )
        .max()
        .unwrap_or(events[last].at);
    let marker = Event {
        id: marker_id(office, &set_aside, &applied),
        at,
        actor: SYSTEM_ACTOR.to_string(),
        role: Role::System,
        // The timeline says what a marker means; its content is only what it decides.
        note: String::new(),
        data: EventData::Conflict { set_aside, applied },
    };
    let key = (marker.at, marker.id.clone());
    let mut place = last + 1;
    while events
        .get(place)
        .is_some_and(|e| (e.at, e.id.as_str()) <= (key.0, key.1.as_str()))
    {
        place += 1;
    }
    events.insert(place, marker);
    Ok(true)
}

/// A manager's two ways out of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// 保留已生效的处理: the set-aside events stay set aside for good.
    KeepApplied,
    /// 改用被搁置的处理: the set-aside events are replayed, and the other branch's events
    /// that stand in their way are set aside instead.
    UseSetAside,
}

impl Resolution {
    /// Both, in the order offered.
    pub const ALL: [Resolution; 2] = [Resolution::KeepApplied, Resolution::UseSetAside];

    /// The code (the button's test id is `conflict-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Resolution::KeepApplied => "keep_applied",
            Resolution::UseSetAside => "use_set_aside",
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::KeepApplied => "保留已生效的处理",
            Resolution::UseSetAside => "改用被搁置的处理",
        }
    }
}

/// The two branches of a complaint's open conflict, for a manager to compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Branches {
    /// The other branch's events, replayed (since the fork), oldest first.
    pub applied: Vec<Event>,
    /// The events set aside, oldest first.
    pub set_aside: Vec<Event>,
}

/// The branches of the open conflict of a complaint with history `events` and state `state`
/// (both empty when there is none).
pub fn branches(events: &[Event], state: &ComplaintState) -> Branches {
    let pick = |ids: &[String]| -> Vec<Event> {
        events
            .iter()
            .filter(|e| ids.contains(&e.id))
            .cloned()
            .collect()
    };
    Branches {
        applied: pick(&state.conflict_applied),
        set_aside: pick(&state.conflict),
    }
}

/// The time a resolution recorded at `now` is dated: `now`, or a millisecond after the
/// latest conflict record when `now` is not later (a clock behind), so that it is read after
/// the markers it resolves.
pub fn resolution_time(events: &[Event], now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let latest = events
        .iter()
        .filter(|e| e.data.is_conflict_record())
        .map(|e| e.at)
        .max();
    match latest {
        Some(l) if l >= now => l + chrono::Duration::milliseconds(1),
        _ => now,
    }
}

/// A trial resolution appended to `events`: whether the history then replays with no
/// conflict left open, and where it fails when it does not.
fn trial(events: &[Event], data: &EventData) -> Result<(), Option<usize>> {
    let at = resolution_time(events, events.iter().map(|e| e.at).max().ok_or(None)?);
    let mut with = events.to_vec();
    with.push(Event {
        id: "trial".into(),
        at,
        actor: String::new(),
        role: Role::Manager,
        note: String::new(),
        data: data.clone(),
    });
    let plan = Plan::of(&with).map_err(|_| None)?;
    if !plan.conflict.is_empty() {
        return Err(None);
    }
    fold(&with, &plan.skip, None)
        .map(|_| ())
        .map_err(|(i, _)| Some(i))
}

/// The resolution `choice` of the open conflict of a complaint with history `events` and
/// state `state`, checked by a trial replay; `None` when there is no open conflict or the
/// choice does not replay. Keeping the set-aside events discards the other branch's events
/// that stand in their way: the latest one before each event refused, until it replays.
pub fn resolution(
    events: &[Event],
    state: &ComplaintState,
    choice: Resolution,
) -> Option<EventData> {
    if state.conflict.is_empty() {
        return None;
    }
    let set_aside = state.conflict.clone();
    match choice {
        Resolution::KeepApplied => {
            let data = EventData::ResolveConflict {
                keep: Vec::new(),
                discard: set_aside,
            };
            trial(events, &data).ok().map(|()| data)
        }
        Resolution::UseSetAside => {
            let candidates: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, e)| state.conflict_applied.contains(&e.id))
                .map(|(i, _)| i)
                .collect();
            let mut keep: Vec<String> = set_aside;
            let mut discard: Vec<usize> = Vec::new();
            loop {
                let mut ids: Vec<usize> = discard.clone();
                ids.sort_unstable();
                let data = EventData::ResolveConflict {
                    keep: keep.clone(),
                    discard: ids.iter().map(|&i| events[i].id.clone()).collect(),
                };
                let refused = match trial(events, &data) {
                    Ok(()) => return Some(data),
                    Err(None) => return None,
                    Err(Some(at)) => at,
                };
                // The refused event itself if it is the other branch's, else the latest of
                // the other branch's events before it; none left: the refused set-aside
                // event cannot stand either (two set-aside events exclude each other).
                match candidates
                    .iter()
                    .rev()
                    .find(|&&i| i <= refused && !discard.contains(&i))
                {
                    Some(&i) => discard.push(i),
                    None => {
                        let id = events.get(refused)?.id.clone();
                        let before = keep.len();
                        keep.retain(|k| *k != id);
                        if keep.len() == before || keep.is_empty() {
                            return None;
                        }
                        discard.push(refused);
                    }
                }
            }
        }
    }
}

/// The resolutions a manager is offered for the open conflict of a complaint (each checked
/// by a trial replay), in the order of [`Resolution::ALL`].
pub fn resolutions(events: &[Event], state: &ComplaintState) -> Vec<(Resolution, EventData)> {
    Resolution::ALL
        .iter()
        .filter_map(|&r| resolution(events, state, r).map(|d| (r, d)))
        .collect()
}
