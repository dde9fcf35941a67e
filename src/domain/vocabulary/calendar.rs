//! The office's working calendar (issue 3): work periods, work weekdays, public holidays and
//! make-up workdays (调休), and arithmetic in working time.
//!
//! Every function takes the moment it works from as an argument; nothing reads the clock.
//! Times are handled in the calendar's fixed UTC offset (mainland China has no daylight saving
//! time, so Asia/Shanghai is exactly `+08:00` all year) and returned in that offset.
//!
//! ```
//! use chrono::DateTime;
//! use complaint_desk::domain::vocabulary::WorkCalendar;
//!
//! let cal = WorkCalendar::default();
//! // A call at 17:50 on Friday 2026-03-06, plus one work hour: 10 minutes on Friday,
//! // 50 on Monday morning.
//! let call = DateTime::parse_from_rfc3339("2026-03-06T17:50:00+08:00").unwrap();
//! let due = cal.add_work_minutes(call, 60);
//! assert_eq!(due.to_rfc3339(), "2026-03-09T09:50:00+08:00");
//! ```

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike,
    Weekday,
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知), shipped with the
/// app because the static bundle cannot read `../shared` at run time.
pub const OFFICIAL_2026_JSON: &str = include_str!("cn-holidays-2026.json");

/// How many days the working-time arithmetic scans before giving up. Only a calendar with no
/// workday at all (refused by [`WorkCalendar::validate`]) can reach it.
const MAX_SCAN_DAYS: u32 = 3660;

/// A dated entry of the calendar: a holiday, or a make-up workday with the holiday it makes
/// up for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedDate {
    /// The day.
    pub date: NaiveDate,
    /// The holiday's name (for a make-up workday: the holiday it makes up for), e.g. `春节`.
    pub name: String,
}

/// A make-up workday as written in a holiday file: `{"date": ..., "for": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeupEntry {
    /// The day (usually a Saturday or Sunday) that becomes a workday.
    pub date: NaiveDate,
    /// The holiday it makes up for.
    #[serde(rename = "for")]
    pub for_holiday: String,
}

/// One year's official schedule, the shape of `cn-holidays-2026.json`. A user adds next
/// year's schedule by importing a file of this shape or by typing one in, then calling
/// [`WorkCalendar::merge_year`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayFile {
    /// Where the schedule comes from (the State Council notice and its date).
    #[serde(default)]
    pub source: String,
    /// The year it covers; every date must fall in it.
    pub year: i32,
    /// Days off.
    pub holidays: Vec<NamedDate>,
    /// Weekend days that are workdays (调休).
    #[serde(default)]
    pub makeup_workdays: Vec<MakeupEntry>,
}

/// Why a calendar or a holiday file was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// No work period at all.
    #[error("至少需要设置一个工作时段")]
    NoWorkPeriods,
    /// A work period does not start before it ends.
    #[error("工作时段 {s}–{e} 的开始时间必须早于结束时间", s = clock_text(.start), e = clock_text(.end))]
    BadPeriod {
        /// Start of the period.
        start: NaiveTime,
        /// End of the period.
        end: NaiveTime,
    },
    /// Work periods overlap or are not in order of time.
    #[error("工作时段须按时间先后排列且互不重叠：{s}–{e} 与前一时段冲突", s = clock_text(.start), e = clock_text(.end))]
    OverlappingPeriods {
        /// Start of the offending period.
        start: NaiveTime,
        /// End of the offending period.
        end: NaiveTime,
    },
    /// No weekday is a workday.
    #[error("至少需要一个工作日（星期几）")]
    NoWorkWeekdays,
    /// The UTC offset is outside -12:00..=+14:00.
    #[error("UTC 偏移 {0} 分钟超出范围（-720 到 840）")]
    BadOffset(i32),
    /// A day is both a holiday and a make-up workday.
    #[error("{0} 不能既是节假日又是调休上班日")]
    HolidayAndMakeup(NaiveDate),
    /// A day is listed twice in the same list.
    #[error("日期 {0} 重复")]
    DuplicateDate(NaiveDate),
    /// A date in a holiday file is outside the file's year.
    #[error("{date} 不属于 {year} 年")]
    WrongYear {
        /// The date.
        date: NaiveDate,
        /// The file's year.
        year: i32,
    },
    /// The year is not plausible.
    #[error("年份 {0} 不在 2000–2100 之间")]
    BadYear(i32),
    /// A holiday has no name.
    #[error("{0} 的节日名称不能为空")]
    MissingName(NaiveDate),
    /// The holiday file is not valid JSON of the expected shape.
    #[error("节假日文件格式错误：{0}")]
    Parse(String),
}

impl HolidayFile {
    /// The official 2026 schedule shipped with the app.
    pub fn official_2026() -> Self {
        serde_json::from_str(OFFICIAL_2026_JSON).expect("the embedded 2026 holiday file is valid")
    }

    /// Checks the year, that every date falls in it, that names are present, and that no day
    /// is listed twice or is both a holiday and a make-up workday.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if !(2000..=2100).contains(&self.year) {
            return Err(CalendarError::BadYear(self.year));
        }
        let makeup: Vec<NamedDate> = self.makeup_as_named();
        for entry in self.holidays.iter().chain(&makeup) {
            if entry.date.year() != self.year {
                return Err(CalendarError::WrongYear {
                    date: entry.date,
                    year: self.year,
                });
            }
            if entry.name.trim().is_empty() {
                return Err(CalendarError::MissingName(entry.date));
            }
        }
        check_dates(&self.holidays, &makeup)
    }

    fn makeup_as_named(&self) -> Vec<NamedDate> {
        self.makeup_workdays
            .iter()
            .map(|m| NamedDate {
                date: m.date,
                name: m.for_holiday.clone(),
            })
            .collect()
    }
}

/// No duplicates within a list, no day in both lists.
fn check_dates(holidays: &[NamedDate], makeup: &[NamedDate]) -> Result<(), CalendarError> {
    let mut seen = std::collections::HashSet::new();
    for h in holidays {
        if !seen.insert(h.date) {
            return Err(CalendarError::DuplicateDate(h.date));
        }
    }
    let mut seen_makeup = std::collections::HashSet::new();
    for m in makeup {
        if seen.contains(&m.date) {
            return Err(CalendarError::HolidayAndMakeup(m.date));
        }
        if !seen_makeup.insert(m.date) {
            return Err(CalendarError::DuplicateDate(m.date));
        }
    }
    Ok(())
}

/// The office's working calendar. `Default` is Asia/Shanghai, Monday to Friday,
/// 09:00–12:00 and 13:30–18:00, with the official 2026 holidays and make-up workdays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkCalendar {
    /// Work periods of a workday as `(start, end)`, in order and not overlapping; the gaps
    /// (the lunch break) are not working time.
    pub work_periods: Vec<(NaiveTime, NaiveTime)>,
    /// Weekdays that are workdays unless they are holidays.
    pub work_weekdays: Vec<Weekday>,
    /// The office's offset from UTC in minutes (Asia/Shanghai: 480; no DST in China).
    pub utc_offset_minutes: i32,
    /// Public holidays: days off even on a work weekday.
    pub holidays: Vec<NamedDate>,
    /// Make-up workdays (调休): workdays even on a weekend.
    pub makeup_workdays: Vec<NamedDate>,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("constant time of day")
}

impl Default for WorkCalendar {
    fn default() -> Self {
        let mut cal = WorkCalendar {
            work_periods: vec![(hm(9, 0), hm(12, 0)), (hm(13, 30), hm(18, 0))],
            work_weekdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            utc_offset_minutes: 480,
            holidays: Vec::new(),
            makeup_workdays: Vec::new(),
        };
        cal.merge_year(&HolidayFile::official_2026())
            .expect("the embedded 2026 holiday file is valid");
        cal
    }
}

impl WorkCalendar {
    /// This calendar with its work periods, holidays and make-up workdays read from the
    /// settings form's texts (see [`parse_periods`] and [`parse_dates`]); the first text that
    /// does not read is refused and nothing is taken.
    pub fn with_texts(
        &self,
        periods: &str,
        holidays: &str,
        makeup: &str,
    ) -> Result<WorkCalendar, CalendarError> {
        Ok(WorkCalendar {
            work_periods: parse_periods(periods)?,
            holidays: parse_dates(holidays)?,
            makeup_workdays: parse_dates(makeup)?,
            ..self.clone()
        })
    }

    /// The calendar's UTC offset (`+08:00` when the stored minutes are out of range).
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_minutes.saturating_mul(60))
            .unwrap_or_else(|| FixedOffset::east_opt(8 * 3600).expect("valid offset"))
    }

    /// `dt` as wall-clock time in the calendar's offset.
    fn local(&self, dt: DateTime<FixedOffset>) -> NaiveDateTime {
        dt.with_timezone(&self.offset()).naive_local()
    }

    /// A wall-clock time in the calendar's offset as an instant.
    fn at(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        let offset = self.offset();
        let utc = local - TimeDelta::seconds(i64::from(offset.local_minus_utc()));
        DateTime::from_naive_utc_and_offset(utc, offset)
    }

    /// Checks work periods, weekdays, offset and the holiday lists.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.work_periods.is_empty() {
            return Err(CalendarError::NoWorkPeriods);
        }
        let mut previous_end: Option<NaiveTime> = None;
        for &(start, end) in &self.work_periods {
            if start >= end {
                return Err(CalendarError::BadPeriod { start, end });
            }
            if previous_end.is_some_and(|p| start < p) {
                return Err(CalendarError::OverlappingPeriods { start, end });
            }
            previous_end = Some(end);
        }
        if self.work_weekdays.is_empty() {
            return Err(CalendarError::NoWorkWeekdays);
        }
        if !(-720..=840).contains(&self.utc_offset_minutes) {
            return Err(CalendarError::BadOffset(self.utc_offset_minutes));
        }
        check_dates(&self.holidays, &self.makeup_workdays)
    }

    /// Replaces the holidays and make-up workdays of `file.year` by the file's, leaving other
    /// years alone. The file is validated first; on error nothing changes.
    pub fn merge_year(&mut self, file: &HolidayFile) -> Result<(), CalendarError> {
        file.validate()?;
        let year = file.year;
        self.holidays.retain(|h| h.date.year() != year);
        self.makeup_workdays.retain(|m| m.date.year() != year);
        self.holidays.extend(file.holidays.iter().cloned());
        self.makeup_workdays.extend(file.makeup_as_named());
        self.holidays.sort_by_key(|h| h.date);
        self.makeup_workdays.sort_by_key(|m| m.date);
        Ok(())
    }

    /// The years that have holiday or make-up entries, ascending (to warn when a year a
    /// deadline falls in has no official schedule yet).
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .holidays
            .iter()
            .chain(&self.makeup_workdays)
            .map(|d| d.date.year())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The holiday's name when `date` is a holiday.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays
            .iter()
            .find(|h| h.date == date)
            .map(|h| h.name.as_str())
    }

    /// Whether `date` is a make-up workday (调休上班).
    pub fn is_makeup_workday(&self, date: NaiveDate) -> bool {
        self.makeup_workdays.iter().any(|m| m.date == date)
    }

    /// Whether `date` is a workday: a make-up workday always is (even on a weekend), a holiday
    /// never is, any other day is when its weekday is a work weekday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        if self.is_makeup_workday(date) {
            return true;
        }
        if self.holiday_name(date).is_some() {
            return false;
        }
        self.work_weekdays.contains(&date.weekday())
    }

    /// Whether `dt` falls inside a work period (start inclusive, end exclusive) of a workday.
    pub fn is_work_time(&self, dt: DateTime<FixedOffset>) -> bool {
        let local = self.local(dt);
        let time = local.time();
        self.is_workday(local.date())
            && self
                .work_periods
                .iter()
                .any(|&(start, end)| start <= time && time < end)
    }

    /// The length of a full workday in work minutes (450 for the default periods).
    pub fn work_day_minutes(&self) -> u32 {
        let seconds: i64 = self
            .work_periods
            .iter()
            .filter(|(start, end)| start < end)
            .map(|&(start, end)| (end - start).num_seconds())
            .sum();
        u32::try_from(seconds / 60).unwrap_or(u32::MAX)
    }

    /// The moment `minutes` of working time after `start`: only minutes inside work periods
    /// of workdays count. A start outside working time begins at the next work period's
    /// start. A deadline that uses up a period exactly ends at that period's end (17:00 plus
    /// 60 work minutes is 18:00 the same day, not 09:00 the next workday; 11:00 plus 60 is
    /// 12:00, not 13:30). Together: for any non-zero `minutes`, a start outside working time,
    /// or at a period's opening, counts as the close of the work period before it (the same
    /// moment of working time): 12:30 or 13:30 plus 60 is 14:30. Zero minutes give the next
    /// work start ([`Self::next_work_start`]).
    pub fn add_work_minutes(
        &self,
        start: DateTime<FixedOffset>,
        minutes: u32,
    ) -> DateTime<FixedOffset> {
        self.add_work_seconds(start, i64::from(minutes) * 60)
    }

    fn add_work_seconds(
        &self,
        start: DateTime<FixedOffset>,
        seconds: i64,
    ) -> DateTime<FixedOffset> {
        let local = self.local(start);
        let mut date = local.date();
        let mut from = local.time();
        let mut left = seconds.max(0);
        for _ in 0..MAX_SCAN_DAYS {
            if self.is_workday(date) {
                for &(period_start, period_end) in &self.work_periods {
                    if from >= period_end || period_start >= period_end {
                        continue;
                    }
                    let begin = from.max(period_start);
                    let available = (period_end - begin).num_seconds();
                    if left <= available {
                        return self.at(date.and_time(begin) + TimeDelta::seconds(left));
                    }
                    left -= available;
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
            from = NaiveTime::MIN;
        }
        self.at(date.and_time(from))
    }

    /// The start of working time at or after `dt`: `dt` itself inside a work period, else the
    /// start of the next work period on a workday (after 18:00 on Friday: Monday 09:00, or the
    /// first workday after a holiday).
    pub fn next_work_start(&self, dt: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        self.add_work_seconds(dt, 0)
    }

    /// `n` work days after `start`: `n` × [`Self::work_day_minutes`] of working time by
    /// [`Self::add_work_minutes`], which is the same clock time `n` workdays later, a start
    /// outside work hours (or at a period's opening) counting as the close of the work period
    /// before it.
    ///
    /// So Monday 10:00 + 1 = Tuesday 10:00 and Friday 10:00 + 1 = Monday 10:00; a start in
    /// the lunch break, or at 13:30, counts as 12:00 (Thursday 12:30 + 1 = Friday 12:00); a
    /// start before opening, or at 09:00, counts as the close of the workday before
    /// (Thursday 07:45 + 1 = Thursday 18:00); a start in the evening, on a weekend or a
    /// holiday counts as the close of the last workday (Friday 19:00 or Saturday + 1 =
    /// Monday 18:00). The lunch break is not moved to the close of the day: 12:30 would then
    /// be due after 13:31 (Friday 13:31), although registered earlier. Holidays and weekends
    /// in between do not count; make-up workdays do. `n` = 0 gives `start` inside work hours
    /// and the next work start outside them.
    pub fn add_work_days(&self, start: DateTime<FixedOffset>, n: u32) -> DateTime<FixedOffset> {
        self.add_work_minutes(start, n.saturating_mul(self.work_day_minutes()))
    }

    /// Working time between `a` and `b` in whole minutes (rounded toward zero); negative when
    /// `b` is before `a`.
    pub fn work_minutes_between(&self, a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> i64 {
        if b < a {
            return -self.work_minutes_between(b, a);
        }
        let (from, to) = (self.local(a), self.local(b));
        let mut seconds = 0;
        let mut date = from.date();
        while date <= to.date() {
            if self.is_workday(date) {
                for &(period_start, period_end) in &self.work_periods {
                    let lo = date.and_time(period_start).max(from);
                    let hi = date.and_time(period_end).min(to);
                    if hi > lo {
                        seconds += (hi - lo).num_seconds();
                    }
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        seconds / 60
    }

    /// The last second (23:59:59) of `dt`'s calendar day in the calendar's offset.
    pub fn end_of_day(&self, dt: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let last = NaiveTime::from_hms_opt(23, 59, 59).expect("constant time of day");
        self.at(self.local(dt).date().and_time(last))
    }
}

/// `09:00-12:00, 13:30-18:00`: work periods as the settings form shows them.
pub fn periods_text(periods: &[(NaiveTime, NaiveTime)]) -> String {
    periods
        .iter()
        .map(|(s, e)| format!("{}-{}", clock_text(s), clock_text(e)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time of day as `09:05` (written by hand: chrono's format strings would bring their
/// whole interpreter into the bundle).
fn clock_text(t: &NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn parse_hm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    NaiveTime::from_hms_opt(h.trim().parse().ok()?, m.trim().parse().ok()?, 0)
}

/// Parses work periods typed as `09:00-12:00, 13:30-18:00` (commas, `，` or new lines between
/// periods; `-`, `–` or `~` inside one). The result still needs [`WorkCalendar::validate`].
pub fn parse_periods(text: &str) -> Result<Vec<(NaiveTime, NaiveTime)>, CalendarError> {
    text.split([',', '，', '\n', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (s, e) = p.split_once(['-', '–', '~']).ok_or_else(|| {
                CalendarError::Parse(format!("工作时段「{p}」应写成 09:00-12:00"))
            })?;
            match (parse_hm(s), parse_hm(e)) {
                (Some(s), Some(e)) => Ok((s, e)),
                _ => Err(CalendarError::Parse(format!(
                    "工作时段「{p}」应写成 09:00-12:00"
                ))),
            }
        })
        .collect()
}

/// Dates one per line, `2026-10-01 国庆节`, as the settings form shows them.
pub fn dates_text(dates: &[NamedDate]) -> String {
    dates
        .iter()
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02} {}",
                d.date.year(),
                d.date.month(),
                d.date.day(),
                d.name
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses dates typed one per line as `2026-10-01 国庆节` (the name may be left out for a
/// make-up workday). Blank lines are skipped; a bad line is named in the error.
pub fn parse_dates(text: &str) -> Result<Vec<NamedDate>, CalendarError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
            let date = match (
                parts.next().flatten(),
                parts.next().flatten(),
                parts.next().flatten(),
            ) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
                _ => None,
            }
            .ok_or_else(|| CalendarError::Parse(format!("「{line}」应写成 2026-10-01 国庆节")))?;
            Ok(NamedDate {
                date,
                name: name.trim().to_string(),
            })
        })
        .collect()
}
