//! Handing buyers over (R-30, source 002: 异动、离职业务人员的客户售后服务项目经理指派案场业务人员
//! 接手…由新业务人员主动电话或短信等联系方式联系客户): all, or chosen ones, of a salesperson's buyers
//! to another in one step; each record gains an `assigned` entry (so its ownership history
//! shows who served it from when to when) and the new salesperson a hand-over task.

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use super::buyer::{Buyer, BuyerEntry, EntryData};
use crate::domain::vocabulary::Project;

/// Why a reassignment was refused; nothing changes.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReassignError {
    /// No salesperson to hand from.
    #[error("请选择移交的销售顾问")]
    NoFrom,
    /// No salesperson to hand to.
    #[error("请选择接手的销售顾问")]
    NoTo,
    /// The same person on both sides.
    #[error("接手的销售顾问不能是移交人本人")]
    Same,
    /// The one taking over is not an active staff member.
    #[error("{0} 不在在职员工名单中，不能接手客户")]
    Inactive(String),
    /// A chosen buyer is not served by the one handing over.
    #[error("客户 {0} 目前不由 {1} 服务")]
    NotTheirs(String, String),
    /// A chosen buyer's after-sales period is over.
    #[error("客户 {0} 的售后服务期已结束，不需要移交")]
    Closed(String),
    /// Nothing to move.
    #[error("{0} 名下没有在服务期内的客户")]
    Nothing(String),
}

/// A reassignment's outcome: the changed records, and the buyers left as they were because
/// their period is over (when all were moved).
#[derive(Clone, Debug, PartialEq)]
pub struct Reassignment {
    /// The buyers handed over, each with its new entry.
    pub moved: Vec<Buyer>,
    /// Buyers of `from` whose after-sales period is over (not moved).
    pub closed: usize,
}

/// Moves `from`'s buyers (all of them in service, or only `chosen` ids) to `to`, recorded at
/// `at` by `by`; `id` makes each new entry's id (`id(i)` for the i-th moved buyer);
/// `project` finds a buyer's project settings (the period rule) and `active` says whether a
/// staff member may take buyers over.
#[allow(clippy::too_many_arguments)]
pub fn reassign<'a>(
    buyers: &[Buyer],
    from: &str,
    to: &str,
    chosen: Option<&[String]>,
    at: DateTime<FixedOffset>,
    by: &str,
    id: impl Fn(usize) -> String,
    project: impl Fn(&str) -> Option<&'a Project>,
    active: impl Fn(&str) -> bool,
) -> Result<Reassignment, ReassignError> {
    let (from, to) = (from.trim(), to.trim());
    if from.is_empty() {
        return Err(ReassignError::NoFrom);
    }
    if to.is_empty() {
        return Err(ReassignError::NoTo);
    }
    if from == to {
        return Err(ReassignError::Same);
    }
    if !active(to) {
        return Err(ReassignError::Inactive(to.into()));
    }
    let today = at.date_naive();
    let mut picked: Vec<&Buyer> = Vec::new();
    let mut closed = 0;
    match chosen {
        Some(ids) => {
            for i in ids {
                let Some(b) = buyers.iter().find(|b| &b.id == i) else {
                    continue;
                };
                if b.current_salesperson() != from {
                    return Err(ReassignError::NotTheirs(b.name.clone(), from.into()));
                }
                if !b.in_service(project(&b.project), today) {
                    return Err(ReassignError::Closed(b.name.clone()));
                }
                picked.push(b);
            }
        }
        None => {
            for b in buyers.iter().filter(|b| b.current_salesperson() == from) {
                if b.in_service(project(&b.project), today) {
                    picked.push(b);
                } else {
                    closed += 1;
                }
            }
        }
    }
    if picked.is_empty() {
        return Err(ReassignError::Nothing(from.into()));
    }
    let mut moved = Vec::with_capacity(picked.len());
    for (i, b) in picked.into_iter().enumerate() {
        let mut b = b.clone();
        let entry = BuyerEntry {
            id: id(i),
            at,
            by: by.into(),
            data: EntryData::Assigned {
                salesperson: to.into(),
            },
        };
        b.append(project(&b.project), entry)
            .map_err(|_| ReassignError::Closed(b.name.clone()))?;
        moved.push(b);
    }
    Ok(Reassignment { moved, closed })
}
