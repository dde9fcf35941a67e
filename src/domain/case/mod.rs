//! One complaint: the complaint as stored with its numbering, its append-only history of
//! events, the workflow that replays the history into a state, and an action's input as typed.
//! Imports only the vocabulary.

mod action_input;
mod authority;
mod complaint;
mod conflict;
mod disclosure;
mod event;
mod workflow;

pub use action_input::{event_data, parse_yuan, ActionInput};
pub use authority::{check_authority, check_reply_levels, is_covered, uncovered, AuthorityError};
pub(crate) use complaint::is_code;
pub use complaint::{complaint_number, event_id, event_id_codes, Complaint};
pub use conflict::{
    branches, is_marker_id_plausible, mark_conflict, marker_id, resolution, resolution_time,
    resolutions, Branches, Resolution, Side, CONFLICT_DEVICE, SYSTEM_ACTOR,
};
pub use disclosure::disclosure_warnings;
pub use event::{required_fields, Event, EventData};
pub use workflow::{
    Action, CompensationProposal, ComplaintState, Field, GmLook, MeetingRecord, Sheet, Status,
    WorkflowError, WrittenReply, PURGE_LABEL, RESOLVE_LABEL,
};
