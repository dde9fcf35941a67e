//! Validation of the intake form: raw text from the form in, a checked [`Intake`] or a
//! message per field out. The form keeps what was typed; nothing is saved on error.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::severity::{suggest, Reason};
use crate::domain::vocabulary::{
    Channel, CustomerType, Intake, Kind, Mood, Severity, SeverityFacts, SeverityRules,
};

/// The intake form as typed: every field is text, as it comes from the inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntakeForm {
    /// Customer name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Customer type code.
    pub customer_type: String,
    /// Project.
    pub project: String,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Event time (`YYYY-MM-DDTHH:MM`).
    pub event_time: String,
    /// Event place.
    pub event_place: String,
    /// Content.
    pub content: String,
    /// Desired remedy.
    pub remedy: String,
    /// Mood code.
    pub mood: String,
    /// Channel code.
    pub channel: String,
    /// Kind code.
    pub kind: String,
    /// Category.
    pub category: String,
    /// Severity code.
    pub severity: String,
    /// The customer mentions a lawsuit.
    pub lawsuit_risk: bool,
    /// Media exposure, or the threat of it.
    pub media_exposure: bool,
    /// Compensation is asked for.
    pub compensation: bool,
    /// Staff violated rules or discipline.
    pub staff_violation: bool,
    /// How many people complain together, as typed (empty = 1).
    pub complainants: String,
    /// Different complainants with the same issue recently, this one included (looked up by
    /// the caller in the queue's index).
    pub same_issue: u32,
    /// Why the chosen severity differs from the suggestion.
    pub severity_reason: String,
    /// the staff member who received it, when not the one registering.
    pub received_by: String,
}

/// Field name (as in `intake-<field>` test ids) to its Chinese error message.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// Whether `phone` looks like a mainland mobile (11 digits starting 1[3-9]), a landline
/// (0 + area code + number, optional dash), or a 400/800 service number.
pub fn phone_ok(phone: &str) -> bool {
    let p: String = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !p.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let b = p.as_bytes();
    match b.first() {
        Some(b'1') => b.len() == 11 && (b'3'..=b'9').contains(&b[1]),
        Some(b'0') => (10..=12).contains(&b.len()),
        Some(b'4') | Some(b'8') => b.len() == 10 && (p.starts_with("400") || p.starts_with("800")),
        _ => false,
    }
}

impl IntakeForm {
    /// A form with the usual defaults selected.
    pub fn with_defaults() -> Self {
        IntakeForm {
            customer_type: CustomerType::Owner.code().into(),
            mood: Mood::Calm.code().into(),
            channel: Channel::Phone.code().into(),
            kind: Kind::Complaint.code().into(),
            severity: Severity::General.code().into(),
            ..Default::default()
        }
    }

    /// The severity facts as typed; `None` when the number of complainants is not a number.
    pub fn facts(&self) -> Option<SeverityFacts> {
        let complainants = match self.complainants.trim() {
            "" => 1,
            n => n.parse().ok().filter(|n| *n >= 1)?,
        };
        Some(SeverityFacts {
            lawsuit_risk: self.lawsuit_risk,
            media_exposure: self.media_exposure,
            complainants,
            same_issue_complainants: self.same_issue,
            compensation_requested: self.compensation,
            staff_violation: self.staff_violation,
        })
    }

    /// The app's severity suggestion for these facts, with its reasons.
    pub fn suggestion(&self, rules: &SeverityRules) -> (Severity, Vec<Reason>) {
        suggest(&self.facts().unwrap_or_default(), rules)
    }

    /// Whether the severity chosen on the form is not the `suggested` one (or none is chosen):
    /// the form then asks for a reason (R-07: the app suggests, a person confirms or overrides).
    pub fn overrides_suggestion(&self, suggested: Severity) -> bool {
        Severity::from_code(&self.severity) != Some(suggested)
    }

    /// Checks every field against the rules, with `categories` the configured list and `now`
    /// the office's local time (an event cannot be in the future).
    /// and that a severity other than the suggested one comes with a reason (R-07: the app
    /// suggests, a person confirms or overrides).
    pub fn validate(
        &self,
        categories: &[String],
        now: NaiveDateTime,
        rules: &SeverityRules,
    ) -> Result<Intake, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.insert("name", "请填写客户姓名".into());
        } else if name.chars().count() > 40 {
            errors.insert("name", "客户姓名不能超过 40 个字".into());
        }
        let phone = self.phone.trim();
        if phone.is_empty() {
            errors.insert("phone", "请填写联系电话".into());
        } else if !phone_ok(phone) {
            errors.insert("phone", "电话格式不正确：手机 11 位，座机带区号".into());
        }
        if self.project.trim().is_empty() {
            errors.insert("project", "请填写项目名称".into());
        }
        let content = self.content.trim();
        if content.is_empty() {
            errors.insert("content", "请填写投诉内容".into());
        } else if content.chars().count() > 5000 {
            errors.insert("content", "投诉内容不能超过 5000 字".into());
        }
        if !categories.iter().any(|c| c == &self.category) {
            errors.insert("category", "请选择类别".into());
        }
        let event_time = self.event_time.trim();
        if !event_time.is_empty() {
            match crate::domain::vocabulary::parse_local_minute(event_time) {
                Some(t) if t > now => {
                    errors.insert("event_time", "事件时间不能晚于现在".into());
                }
                Some(_) => {}
                None => {
                    errors.insert("event_time", "事件时间格式不正确".into());
                }
            }
        }
        let customer_type = CustomerType::from_code(&self.customer_type);
        if customer_type.is_none() {
            errors.insert("customer_type", "请选择客户类型".into());
        }
        let mood = Mood::from_code(&self.mood);
        if mood.is_none() {
            errors.insert("mood", "请选择客户情绪".into());
        }
        let channel = Channel::from_code(&self.channel);
        if channel.is_none() {
            errors.insert("channel", "请选择来源渠道".into());
        }
        let kind = Kind::from_code(&self.kind);
        if kind.is_none() {
            errors.insert("kind", "请选择类型".into());
        }
        let severity = Severity::from_code(&self.severity);
        if severity.is_none() {
            errors.insert("severity", "请选择严重程度".into());
        }
        let facts = self.facts();
        if facts.is_none() {
            errors.insert("complainants", "投诉人数须为大于 0 的整数".into());
        }
        if severity.is_some()
            && self.overrides_suggestion(self.suggestion(rules).0)
            && self.severity_reason.trim().is_empty()
        {
            errors.insert(
                "severity_reason",
                "所选严重程度与系统建议不同，请填写理由".into(),
            );
        }
        match (customer_type, mood, channel, kind, severity, facts) {
            (
                Some(customer_type),
                Some(mood),
                Some(channel),
                Some(kind),
                Some(severity),
                Some(facts),
            ) if errors.is_empty() => Ok(Intake {
                customer_name: name.to_string(),
                phone: phone.to_string(),
                customer_type,
                project: self.project.trim().to_string(),
                building: self.building.trim().to_string(),
                unit: self.unit.trim().to_string(),
                event_time: event_time.to_string(),
                event_place: self.event_place.trim().to_string(),
                content: content.to_string(),
                desired_remedy: self.remedy.trim().to_string(),
                mood,
                channel,
                kind,
                category: self.category.clone(),
                severity,
                facts,
                severity_reason: self.severity_reason.trim().to_string(),
                received_by: self.received_by.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

impl IntakeForm {
    /// The form for the next registration after one was saved: the customer, the place, the
    /// time and the texts are cleared; the choices (type, channel, kind, category, severity,
    /// mood, facts) stay as they were.
    pub fn next(&self) -> IntakeForm {
        IntakeForm {
            name: String::new(),
            phone: String::new(),
            project: String::new(),
            building: String::new(),
            unit: String::new(),
            event_time: String::new(),
            event_place: String::new(),
            content: String::new(),
            remedy: String::new(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_intake_form_keeps_the_choices_and_clears_the_rest() {
        let typed = IntakeForm {
            name: "张三".into(),
            phone: "13800000000".into(),
            project: "星河湾".into(),
            building: "3".into(),
            unit: "1201".into(),
            event_time: "2026-03-02T10:00".into(),
            event_place: "大堂".into(),
            content: "漏水".into(),
            remedy: "维修".into(),
            category: "工程质量".into(),
            lawsuit_risk: true,
            complainants: "3".into(),
            severity_reason: "理由".into(),
            ..IntakeForm::with_defaults()
        };
        let next = typed.next();
        assert_eq!(
            next,
            IntakeForm {
                category: "工程质量".into(),
                lawsuit_risk: true,
                complainants: "3".into(),
                severity_reason: "理由".into(),
                ..IntakeForm::with_defaults()
            }
        );
    }
}
