//! Within authority: nobody promises compensation beyond their role's limit. A
//! proposal may name any amount; it is *covered* once its proposer's role or the role
//! of someone who approved it has a limit at or above the amount. The plan's approval and the
//! answer to the customer wait until every proposal is covered, and only a role whose limit
//! covers a proposal may approve it.

use thiserror::Error;

use super::event::EventData;
use super::workflow::{CompensationProposal, ComplaintState};
use crate::domain::vocabulary::{AuthorityLimits, Role};

/// Why an action is beyond the actor's authority.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AuthorityError {
    /// The approver's own limit does not cover the amount.
    #[error("赔偿金额 {amount} 元超出「{role}」的权限（{limit} 元以内），需由{covering}批准")]
    BeyondLimit {
        /// The proposal's amount in yuan.
        amount: u64,
        /// The actor's role label.
        role: &'static str,
        /// The actor's limit.
        limit: u64,
        /// The roles that may approve it.
        covering: String,
    },
    /// A proposal above its proposer's limit has no approval that covers it yet.
    #[error(
        "赔偿方案 {amount} 元超出提出人的权限，须先由{covering}「批准赔偿」，才能「{action}」"
    )]
    Unapproved {
        /// The proposal's amount in yuan.
        amount: u64,
        /// The roles that may approve it.
        covering: String,
        /// The action refused.
        action: &'static str,
    },
    /// A written reply's approval by a role that is not its next level.
    #[error("书面答复下一级审核应由「{expected}」进行")]
    WrongReplyLevel {
        /// The next level's role label.
        expected: &'static str,
    },
    /// Every approval level was passed already.
    #[error("书面答复已通过全部审核，无需再审")]
    ReplyApproved,
    /// The written reply has not passed every level.
    #[error("书面答复尚未通过全部审核（下一级：{next}），不能「答复客户」")]
    ReplyUnapproved {
        /// The next level's role label.
        next: &'static str,
    },
}

/// a written reply (书面答复) passes each approval level of `levels` (settings, in
/// order; default manager then GM) before it is sent: an approval must be the next level's
/// role, and the answer waits until every level approved the reply drafted last. A
/// complaint with no written reply drafted is answered as before.
pub fn check_reply_levels(
    state: &ComplaintState,
    data: &EventData,
    role: Role,
    levels: &[Role],
) -> Result<(), AuthorityError> {
    let Some(w) = &state.written_reply else {
        return Ok(());
    };
    let next = levels.get(w.approvals.len()).copied();
    match (data, next) {
        (EventData::ApproveReply, None) => Err(AuthorityError::ReplyApproved),
        (EventData::ApproveReply, Some(r)) if r != role => Err(AuthorityError::WrongReplyLevel {
            expected: r.label(),
        }),
        (EventData::Answer { .. }, Some(r)) => {
            Err(AuthorityError::ReplyUnapproved { next: r.label() })
        }
        _ => Ok(()),
    }
}

fn covering_text(limits: &AuthorityLimits, amount: u64) -> String {
    let roles = limits.covering(amount);
    if roles.is_empty() {
        "总裁（超出总经理权限，请记录总裁批复后由总经理批准）".into()
    } else {
        roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join("或")
    }
}

/// Whether a proposal is covered by its proposer's or an approver's limit.
pub fn is_covered(p: &CompensationProposal, limits: &AuthorityLimits) -> bool {
    limits.covers(p.by.1, p.amount) || p.approvals.iter().any(|(_, r)| limits.covers(*r, p.amount))
}

/// The proposals still waiting for an approval that covers them, oldest first.
pub fn uncovered<'a>(
    state: &'a ComplaintState,
    limits: &'a AuthorityLimits,
) -> impl Iterator<Item = &'a CompensationProposal> {
    state
        .compensations
        .iter()
        .filter(move |p| !is_covered(p, limits))
}

/// Checks `data`, done by someone of `role` on a complaint in `state`, against the authority
/// limits: approving a proposal needs a role whose limit covers it; approving the plan,
/// answering and settling on the spot need every proposal covered. Other actions pass.
pub fn check_authority(
    state: &ComplaintState,
    data: &EventData,
    role: Role,
    limits: &AuthorityLimits,
) -> Result<(), AuthorityError> {
    match data {
        EventData::ApproveCompensation { compensation } => match state.compensation(compensation) {
            Some(p) if !limits.covers(role, p.amount) => Err(AuthorityError::BeyondLimit {
                amount: p.amount,
                role: role.label(),
                limit: limits.limit(role),
                covering: covering_text(limits, p.amount),
            }),
            _ => Ok(()),
        },
        EventData::Approve | EventData::Answer { .. } | EventData::Settle { .. } => {
            match uncovered(state, limits).next() {
                Some(p) => Err(AuthorityError::Unapproved {
                    amount: p.amount,
                    covering: covering_text(limits, p.amount),
                    action: data.action().map_or("", |a| a.label()),
                }),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}
