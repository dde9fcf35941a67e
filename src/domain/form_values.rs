//! Small helpers for the forms the UI holds as one value: the intake form cleared for the next
//! registration, and an action's form filled with its defaults.

use super::command::ActionInput;
use super::intake::IntakeForm;
use super::model::{Severity, TransferTarget};

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

impl ActionInput {
    /// An action's form as it opens: score 5, accepted, transfer to the developer, the
    /// complaint's current `severity`, a new sheet due at `sheet_due` (`YYYY-MM-DDTHH:MM`) and
    /// the first of the open sheets (`first_sheet`, empty when none is open).
    pub fn prefilled(severity: Severity, sheet_due: String, first_sheet: String) -> ActionInput {
        ActionInput {
            score: "5".into(),
            accepted: true,
            target: TransferTarget::Developer.code().into(),
            severity: severity.code().into(),
            sheet_due,
            sheet: first_sheet,
            ..ActionInput::default()
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

    #[test]
    fn an_action_form_opens_with_its_defaults() {
        let input =
            ActionInput::prefilled(Severity::General, "2026-03-03T10:00".into(), "S1".into());
        assert_eq!(input.score, "5");
        assert!(input.accepted);
        assert_eq!(input.target, TransferTarget::Developer.code());
        assert_eq!(input.severity, Severity::General.code());
        assert_eq!(input.sheet_due, "2026-03-03T10:00");
        assert_eq!(input.sheet, "S1");
        assert_eq!(input.handler, "");
    }
}
