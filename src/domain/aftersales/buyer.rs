//! The buyer's service record: who bought what and when, who serves them, and an
//! append-only log of everything done for them (contacts, documents, callbacks, hand-overs).
//! Like a complaint's history, the log is never edited: the current salesperson, the
//! ownership history and the callbacks are read from it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::callback::{fnv64, CallbackKind, CallbackResult};
use crate::domain::vocabulary::{coded_enum, phone_key, Project};

/// One buyer (已购客户) and their service record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Buyer {
    /// `office-<16 hex digits>`, from the office and the buyer's import key (see
    /// [`buyer_id`]): the same buyer imported on two devices gets the same id.
    pub id: String,
    /// The office that serves them.
    pub office: String,
    /// The buyer's name.
    pub name: String,
    /// Their phones, the first one the main one.
    pub phones: Vec<String>,
    /// Project (楼盘).
    pub project: String,
    /// Building (楼栋), may be empty.
    #[serde(default)]
    pub building: String,
    /// Unit (房号).
    pub unit: String,
    /// The contract's signing date (签约日期).
    pub signed_on: NaiveDate,
    /// The handover date (交房日期) once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover_on: Option<NaiveDate>,
    /// The salesperson who signed them and served them first (销售顾问).
    pub salesperson: String,
    /// Everything done for them, in time order, append-only.
    #[serde(default)]
    pub entries: Vec<BuyerEntry>,
}

/// One line of a buyer's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuyerEntry {
    /// `office-device-time-counter`, like a complaint event's id (unique across devices).
    pub id: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who recorded it (a staff name).
    pub by: String,
    /// What happened.
    #[serde(flatten)]
    pub data: EntryData,
}

coded_enum! {
    /// What a contact with the buyer was about (source 002: 工程主要进度按期通告，节假日、
    /// 生日短信问候，放款、还款通知记录，客户问询或投诉记录，其他内容).
    ContactKind {
        /// Construction progress notice.
        Progress => "progress", "工程进度通告";
        /// Holiday or birthday greeting.
        Greeting => "greeting", "节日生日问候";
        /// Loan or repayment notice.
        Loan => "loan", "放款还款通知";
        /// The buyer asked something.
        Inquiry => "inquiry", "客户问询";
        /// The buyer complained (linked to the complaint).
        Complaint => "complaint", "客户投诉";
        /// Anything else.
        Other => "other", "其他";
    }
}

coded_enum! {
    /// Whether a document went to the buyer or came back (资料发放、领取).
    DocumentMove {
        /// Handed over to the buyer (发放).
        HandedOver => "handed_over", "发放";
        /// Received back from the buyer (领取、收回).
        Received => "received", "收回";
    }
}

/// What a log entry records; the `type` tag in the export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryData {
    /// A contact: what was said.
    Contact {
        /// About what.
        kind: ContactKind,
        /// What was said.
        note: String,
        /// The complaint it is about (its number), for a complaint.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        complaint: Option<String>,
        /// The callback (its entry id) the complaint was heard in, when it was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        callback: Option<String>,
    },
    /// A document handed over or received back.
    Document {
        /// Which way.
        direction: DocumentMove,
        /// What (合同, 银行卡, 收据 …).
        item: String,
        /// To (or from) whom.
        #[serde(default)]
        party: String,
        /// Who signed for it.
        #[serde(default)]
        signed_by: String,
    },
    /// A callback attempt.
    Callback(CallbackResult),
    /// The buyer was handed to another salesperson.
    Assigned {
        /// The new salesperson.
        salesperson: String,
    },
    /// The new salesperson has contacted the buyer, introduced themselves and left their
    /// number: the hand-over task is done.
    Introduced {
        /// The salesperson who did it.
        salesperson: String,
        /// What was said.
        #[serde(default)]
        note: String,
    },
}

/// Who served a buyer from when to when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ownership {
    /// The salesperson.
    pub salesperson: String,
    /// From (the signing date for the first one, else the day of the hand-over).
    pub from: NaiveDate,
    /// Until (the day of the next hand-over); `None` for the current one.
    pub until: Option<NaiveDate>,
}

/// Where a buyer stands in the after-sales period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServicePeriod {
    /// In service; `until` is the period's last day when known.
    Open {
        /// The last day of service, if known.
        until: Option<NaiveDate>,
    },
    /// The period ended on `ended`: the record stays readable but is closed for service.
    Closed {
        /// The period's last day.
        ended: NaiveDate,
    },
}

/// Why an entry was refused; nothing is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BuyerError {
    /// The after-sales period is over.
    #[error("该客户的售后服务期已于 {0} 结束，记录只能查看，不能再登记服务")]
    Closed(String),
    /// A score outside 1-5.
    #[error("满意度应为 1 到 5 分")]
    Score,
    /// A reached callback without a score.
    #[error("接通的回访请填写满意度")]
    NoScore,
    /// An empty required text.
    #[error("请填写{0}")]
    Empty(&'static str),
    /// The handover callback of a buyer who is not in the handover sample, or has no
    /// handover date.
    #[error("该客户不在交房回访抽样之内")]
    NotSampled,
}

/// A buyer's id: the office and 16 hex digits of the 64-bit FNV-1a of the import key
/// (project, building, unit, the main phone's digits), so re-importing a buyer or importing
/// them on another device gives the same id.
pub fn buyer_id(office: &str, project: &str, building: &str, unit: &str, phone: &str) -> String {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        project.trim(),
        building.trim(),
        unit.trim(),
        phone_key(phone)
    );
    format!("{office}-{:016x}", fnv64(key.as_bytes()))
}

impl Buyer {
    /// The import key that matches a re-imported row (project, building, unit, main phone).
    pub fn key(&self) -> (String, String, String, String) {
        (
            self.project.trim().to_string(),
            self.building.trim().to_string(),
            self.unit.trim().to_string(),
            phone_key(self.phones.first().map(String::as_str).unwrap_or("")),
        )
    }

    /// The last day of the after-sales period (R-31, source 002): for an outside-agency
    /// project the end of the agency contract, otherwise the handover and move-in day
    /// (交房进户); `None` while not known.
    pub fn period_end(&self, project: Option<&Project>) -> Option<NaiveDate> {
        match project.and_then(|p| p.agency_contract_end) {
            Some(end) => Some(end),
            None => self.handover_on,
        }
    }

    /// Where the buyer stands on `today`: open from signing through the period's last day.
    pub fn period(&self, project: Option<&Project>, today: NaiveDate) -> ServicePeriod {
        match self.period_end(project) {
            Some(end) if today > end => ServicePeriod::Closed { ended: end },
            until => ServicePeriod::Open { until },
        }
    }

    /// Whether the buyer is still served on `today`.
    pub fn in_service(&self, project: Option<&Project>, today: NaiveDate) -> bool {
        matches!(self.period(project, today), ServicePeriod::Open { .. })
    }

    /// The salesperson who serves the buyer now.
    pub fn current_salesperson(&self) -> &str {
        self.entries
            .iter()
            .rev()
            .find_map(|e| match &e.data {
                EntryData::Assigned { salesperson } => Some(salesperson.as_str()),
                _ => None,
            })
            .unwrap_or(&self.salesperson)
    }

    /// Who served the buyer from when to when, the first from signing.
    pub fn ownership(&self) -> Vec<Ownership> {
        let mut out = vec![Ownership {
            salesperson: self.salesperson.clone(),
            from: self.signed_on,
            until: None,
        }];
        for e in &self.entries {
            if let EntryData::Assigned { salesperson } = &e.data {
                let day = e.at.date_naive();
                if let Some(last) = out.last_mut() {
                    last.until = Some(day);
                }
                out.push(Ownership {
                    salesperson: salesperson.clone(),
                    from: day,
                    until: None,
                });
            }
        }
        out
    }

    /// The hand-over task still open: the salesperson the buyer was last handed to, when
    /// they have not yet introduced themselves since (with the hand-over's time).
    pub fn open_handover_task(&self) -> Option<(&str, DateTime<FixedOffset>)> {
        let (i, e) = self
            .entries
            .iter()
            .enumerate()
            .rev()
            .find(|(_, e)| matches!(e.data, EntryData::Assigned { .. }))?;
        let EntryData::Assigned { salesperson } = &e.data else {
            return None;
        };
        let done = self.entries[i + 1..].iter().any(
            |x| matches!(&x.data, EntryData::Introduced { salesperson: s, .. } if s == salesperson),
        );
        (!done).then_some((salesperson.as_str(), e.at))
    }

    /// How many complaints were registered from callbacks of `kind`: callbacks that carry a
    /// complaint's number, and complaint contacts that name a callback of that kind.
    pub fn complaints_from_callbacks(&self, kind: CallbackKind) -> usize {
        let ids: Vec<&str> = self.callbacks(kind).map(|(e, _)| e.id.as_str()).collect();
        let direct = self
            .callbacks(kind)
            .filter(|(_, r)| r.complaint.is_some())
            .count();
        let linked = self
            .entries
            .iter()
            .filter(|e| {
                matches!(&e.data, EntryData::Contact { complaint: Some(_), callback: Some(c), .. } if ids.contains(&c.as_str()))
            })
            .count();
        direct + linked
    }

    /// The callback attempts of one kind, in time order.
    pub fn callbacks(
        &self,
        kind: CallbackKind,
    ) -> impl Iterator<Item = (&BuyerEntry, &CallbackResult)> {
        self.entries.iter().filter_map(move |e| match &e.data {
            EntryData::Callback(r) if r.kind == kind => Some((e, r)),
            _ => None,
        })
    }

    /// The first callback of `kind` that reached the buyer, if any.
    pub fn reached(&self, kind: CallbackKind) -> Option<(&BuyerEntry, &CallbackResult)> {
        self.callbacks(kind).find(|(_, r)| r.reached)
    }

    /// The complaints linked to this buyer (numbers, in the order they were linked).
    pub fn complaints(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entries {
            let n = match &e.data {
                EntryData::Contact {
                    complaint: Some(n), ..
                } => Some(n.as_str()),
                EntryData::Callback(r) => r.complaint.as_deref(),
                _ => None,
            };
            if let Some(n) = n.filter(|n| !out.contains(n)) {
                out.push(n);
            }
        }
        out
    }

    /// Whether the buyer matches a search text (every word in the name, a phone or the unit
    /// as `building-unit`, `building unit` or either alone).
    pub fn matches(&self, query: &str) -> bool {
        let hay = format!(
            "{} {} {} {} {}{} {}",
            self.name,
            self.phones.join(" "),
            self.project,
            self.building,
            self.building,
            self.unit,
            self.unit
        );
        let digits: String = self.phones.iter().map(|p| phone_key(p) + " ").collect();
        query.split_whitespace().all(|w| {
            hay.contains(w)
                || (w.chars().all(|c| c.is_ascii_digit() || "-+ ".contains(c)) && {
                    let k = phone_key(w);
                    !k.is_empty() && digits.contains(&k)
                })
        })
    }

    /// Appends an entry after checking it against the period rule: once the period is
    /// over only callbacks may be recorded (the operations department's quality calls after
    /// handover); contacts, documents and hand-overs are refused. An entry dated before the
    /// latest one takes the latest one's time, so the log stays in time order.
    pub fn append(
        &mut self,
        project: Option<&Project>,
        mut entry: BuyerEntry,
    ) -> Result<(), BuyerError> {
        check(&entry.data)?;
        if !matches!(entry.data, EntryData::Callback(_)) {
            if let ServicePeriod::Closed { ended } = self.period(project, entry.at.date_naive()) {
                return Err(BuyerError::Closed(ended.format("%Y-%m-%d").to_string()));
            }
        }
        if let Some(last) = self.entries.last() {
            if entry.at < last.at {
                entry.at = last.at;
            }
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// The checks an entry's own fields must pass.
fn check(data: &EntryData) -> Result<(), BuyerError> {
    match data {
        EntryData::Contact { note, .. } if note.trim().is_empty() => {
            Err(BuyerError::Empty("沟通内容"))
        }
        EntryData::Document { item, .. } if item.trim().is_empty() => {
            Err(BuyerError::Empty("资料名称"))
        }
        EntryData::Assigned { salesperson } if salesperson.trim().is_empty() => {
            Err(BuyerError::Empty("接手的销售顾问"))
        }
        EntryData::Callback(r) => match (r.reached, r.score) {
            (_, Some(s)) if !(1..=5).contains(&s) => Err(BuyerError::Score),
            (true, None) => Err(BuyerError::NoScore),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}
