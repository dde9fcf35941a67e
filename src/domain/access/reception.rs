//! The reception tablet's form (案场接待): what a customer at the show flat fills in, checked
//! like the desk's intake plus the project list and the consent to the use of personal
//! information (个人信息保护法), and the reply date the customer is promised.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::domain::case::ComplaintState;
use crate::domain::case::Event;
use crate::domain::deadlines::stage_deadlines;
use crate::domain::intake::{FieldErrors, IntakeForm};
use crate::domain::vocabulary::{
    Channel, CustomerType, Kind, Mood, Role, Settings, Severity, Stage,
};

/// Why reception mode cannot start.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReceptionError {
    /// The office has no project list yet.
    #[error("请先在“设置 → 楼盘与楼栋”中添加楼盘，接待模式需要从列表中选择楼盘")]
    NoProjects,
    /// The person may not run reception.
    #[error("只有客服专员、经理或总经理可以开启或退出接待模式")]
    Role,
}

/// The reception form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionForm {
    /// The customer's name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Customer type code.
    pub customer_type: String,
    /// Project, chosen from the office's list.
    pub project: String,
    /// Building, from the project's list when it has one.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// What happened.
    pub content: String,
    /// What the customer wants.
    pub remedy: String,
    /// Mood code (one of four faces).
    pub mood: String,
    /// Consent to the use of this personal information for handling the complaint.
    pub consent: bool,
}

impl Default for ReceptionForm {
    fn default() -> Self {
        ReceptionForm {
            name: String::new(),
            phone: String::new(),
            customer_type: CustomerType::Owner.code().into(),
            project: String::new(),
            building: String::new(),
            unit: String::new(),
            content: String::new(),
            remedy: String::new(),
            mood: String::new(),
            consent: false,
        }
    }
}

/// Whether `role` may start reception mode on a device with these `settings`.
pub fn may_start(settings: &Settings, role: Role) -> Result<(), ReceptionError> {
    if !role.may_run_reception() {
        return Err(ReceptionError::Role);
    }
    if settings.projects.is_empty() {
        return Err(ReceptionError::NoProjects);
    }
    Ok(())
}

impl ReceptionForm {
    /// The category a reception complaint is registered under: 其他 when the list has it,
    /// else the last category (the desk reclassifies it when it reads the complaint).
    fn category(settings: &Settings) -> String {
        settings
            .categories
            .iter()
            .find(|c| c.as_str() == "其他")
            .or(settings.categories.last())
            .cloned()
            .unwrap_or_default()
    }

    /// The desk's intake form this reception form stands for (channel 案场, kind 投诉, the
    /// severity the rules suggest for a lone customer), or the messages of the fields only
    /// reception checks (consent, project from the list, building from the project's list,
    /// mood). The intake form's own checks follow at registration.
    pub fn intake_form(&self, settings: &Settings) -> Result<IntakeForm, FieldErrors> {
        let mut errors = BTreeMap::new();
        match settings.project_named(self.project.trim()) {
            None => {
                errors.insert("project", "请选择楼盘".to_string());
            }
            Some(p) => {
                if !p.buildings.is_empty()
                    && !self.building.trim().is_empty()
                    && !p.buildings.iter().any(|b| b == self.building.trim())
                {
                    errors.insert("building", "请选择楼栋".to_string());
                }
            }
        }
        if Mood::from_code(&self.mood).is_none() {
            errors.insert("mood", "请选择您现在的心情".to_string());
        }
        if !self.consent {
            errors.insert(
                "consent",
                "请阅读并勾选同意，我们才能使用您的信息处理投诉".to_string(),
            );
        }
        let form = IntakeForm {
            name: self.name.clone(),
            phone: self.phone.clone(),
            customer_type: self.customer_type.clone(),
            project: self.project.trim().to_string(),
            building: self.building.clone(),
            unit: self.unit.clone(),
            content: self.content.clone(),
            remedy: self.remedy.clone(),
            mood: self.mood.clone(),
            channel: Channel::OnSite.code().into(),
            kind: Kind::Complaint.code().into(),
            category: Self::category(settings),
            severity: Severity::General.code().into(),
            ..IntakeForm::default()
        };
        let suggested = form.suggestion(&settings.severity_rules).0;
        let form = IntakeForm {
            severity: suggested.code().into(),
            ..form
        };
        if errors.is_empty() {
            Ok(form)
        } else {
            Err(errors)
        }
    }
}

/// The date by which the office promised to answer (the 答复客户 stage's deadline, R-04 and
/// R-17), for a complaint just registered with these `events`.
pub fn promised_reply(
    events: &[Event],
    state: &ComplaintState,
    settings: &Settings,
) -> Option<DateTime<FixedOffset>> {
    stage_deadlines(events, state, &settings.calendar, &settings.deadlines)
        .into_iter()
        .find(|d| d.stage == Stage::Answer)
        .map(|d| d.due)
}
