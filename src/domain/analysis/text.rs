//! The figures as text, each a call of a plain number format (`domain::number_format`):
//! integer arithmetic only, `—` when there is nothing to show.

use crate::domain::vocabulary::{
    hours_tenths_text, hundredths_text, per_mille_text, signed_tenths_text, MISSING,
};

use super::change::Change;
use super::figures::{HandlingTime, Ratio, Satisfaction};
use super::overview::{OfficeLine, Overview};

impl Ratio {
    /// The share as text, `66.7%`, or `—` when `den` is 0 (integer arithmetic only).
    pub fn percent_text(self) -> String {
        per_mille_text(self.per_mille())
    }
}

impl Change {
    /// The relative change as text, `+12.5%` / `-3.0%`; `—` when there is none (nothing
    /// before, or the previous value was 0).
    pub fn relative_text(&self) -> String {
        signed_tenths_text(self.relative.map(|r| r * 100.0), "%")
    }

    /// The absolute change of a share in percentage points, `+3.2 个百分点`; `—` when
    /// either share is missing.
    pub fn points_text(&self) -> String {
        signed_tenths_text(self.absolute.map(|a| a * 100.0), " 个百分点")
    }

    /// The absolute change with a unit, `+1.5 小时`; `—` when either value is missing.
    pub fn absolute_text(&self, unit: &str) -> String {
        signed_tenths_text(self.absolute, unit)
    }
}

impl HandlingTime {
    /// The average in working hours with one decimal, `16.5`; `—` when nothing was answered.
    pub fn avg_hours_text(&self) -> String {
        hours_tenths_text(self.total_work_minutes, self.answered)
    }

    /// The 90th percentile in working hours with one decimal; `—` when nothing was answered.
    pub fn p90_hours_text(&self) -> String {
        self.p90_work_minutes
            .map_or_else(|| MISSING.into(), |m| hours_tenths_text(m, 1))
    }
}

impl Satisfaction {
    /// The average score with two decimals, `4.25`; `—` when nobody was called back.
    pub fn avg_text(&self) -> String {
        hundredths_text(self.avg_score_x100)
    }
}

impl Overview {
    /// The average score as text, `4.25`, or `—` when there is none.
    pub fn avg_score_text(&self) -> String {
        hundredths_text(self.avg_score_x100)
    }
}

impl OfficeLine {
    /// The average score as text, `4.25`, or `—`.
    pub fn avg_score_text(&self) -> String {
        hundredths_text(self.avg_score_x100())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocabulary::signed_tenths;

    #[test]
    fn hours_and_score_texts() {
        let h = HandlingTime {
            answered: 3,
            total_work_minutes: 2_970,     // 16.5 h on average
            p90_work_minutes: Some(1_263), // 21.05 h
            ..HandlingTime::default()
        };
        assert_eq!(h.avg_hours_text(), "16.5");
        assert_eq!(h.p90_hours_text(), "21.1");
        assert_eq!(HandlingTime::default().avg_hours_text(), "—");
        let s = Satisfaction {
            avg_score_x100: Some(405),
            ..Satisfaction::default()
        };
        assert_eq!(s.avg_text(), "4.05");
        assert_eq!(Satisfaction::default().avg_text(), "—");
    }

    #[test]
    fn change_texts() {
        assert_eq!(signed_tenths(12.46), "+12.5");
        assert_eq!(signed_tenths(-0.26), "-0.3");
        assert_eq!(signed_tenths(0.04), "0.0");
        let c = Change::between(Some(15.0), Some(12.0));
        assert_eq!(c.relative_text(), "+25.0%");
        assert_eq!(Change::between(Some(3.0), Some(0.0)).relative_text(), "—");
        let share = Change::between(Some(0.5), Some(0.625));
        assert_eq!(share.points_text(), "-12.5 个百分点");
        assert_eq!(Change::between(None, Some(0.5)).points_text(), "—");
        assert_eq!(
            Change::between(Some(20.0), Some(18.5)).absolute_text(" 小时"),
            "+1.5 小时"
        );
    }

    #[test]
    fn ratio_text_without_floats() {
        assert_eq!(Ratio { num: 2, den: 3 }.percent_text(), "66.7%");
        assert_eq!(Ratio { num: 1, den: 3 }.per_mille(), Some(333));
        assert_eq!(Ratio { num: 1, den: 8 }.per_mille(), Some(125));
        assert_eq!(Ratio { num: 1, den: 1 }.percent_text(), "100.0%");
        assert_eq!(Ratio { num: 0, den: 0 }.percent_text(), "—");
        assert_eq!(Ratio::default().value(), None);
    }
}
