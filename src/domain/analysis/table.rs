//! The dashboard's figures at head-office scale: the summaries' fields that the filters and
//! the breakdowns read, kept once per data revision as small fixed-width rows with interned
//! names ([`IndicatorTable`]), with the [`CrossFlags`] beside them. A period or project change
//! is then one pass that filters on integers and folds this period, the period before and the
//! 12-month trend together ([`IndicatorTable::figures`]); the whole data set's figures, the
//! offices side by side and the filter menus come from one more pass
//! ([`IndicatorTable::overview`]).
//!
//! Every figure equals the one of the per-figure functions ([`indicators_of`](super::indicators_of),
//! [`monthly_trend`](super::monthly_trend), [`Overview::of`], [`by_office`](super::by_office))
//! over the same summaries: the period tallies are the same code, and the breakdowns count by
//! id what those count by name.

use std::collections::BTreeMap;

use super::cross_flags::{CrossFlags, CrossKey, KeyMaker};
use super::figures::Indicators;
use super::fold::Fold;
use super::overview::{OfficeLine, Overview};
use super::period::Period;
use super::tally::{pack_stages, ranked, ReceivedBy};
use super::trend::{TrendPoint, TrendTally};
use crate::domain::case::Status;
use crate::domain::queue::{Answered, Called, Closing, Facts, FactsView, Ms, Summary};
use crate::domain::vocabulary::{
    Channel, Criteria, EscalationLevel, FastMap, Kind, Settings, Severity,
};

/// Names as small integer ids, in order of first appearance.
#[derive(Clone, Debug, Default)]
struct Names {
    ids: FastMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    fn len(&self) -> usize {
        self.names.len()
    }

    fn name(&self, id: usize) -> &str {
        &self.names[id]
    }
}

/// One summary's fields that the filters, breakdowns, overview and tallies read (the
/// registration time and category are in its [`CrossKey`]).
#[derive(Clone, Copy, Debug)]
struct Row {
    /// Working minutes to the first answer, [`NO_MINUTES`] for none.
    handling: i64,
    /// Project without surrounding spaces.
    project: u32,
    office: u32,
    handler: u32,
    /// The latest responsibility attribution (empty: none).
    cause: u32,
    /// Where its closings, answers, callbacks and escalations start in the table's lists.
    starts: [u32; 4],
    /// How many of each.
    lens: [u8; 4],
    /// The stages, packed by [`pack_stages`].
    stages: u16,
    status: Status,
    severity: Severity,
    channel: Channel,
    kind: Kind,
    score: Option<u8>,
    gm_approved: bool,
    /// Its facts do not fit the row (more than 255 of a kind, a stage listed twice): they
    /// are read from the summary.
    irregular: bool,
}

/// [`Row::handling`] of a complaint not answered yet.
const NO_MINUTES: i64 = i64::MIN;

/// Every row's facts, side by side.
#[derive(Clone, Debug, Default)]
struct FactLists {
    closings: Vec<Closing>,
    answers: Vec<Answered>,
    callbacks: Vec<Called>,
    escalations: Vec<(Ms, EscalationLevel)>,
}

impl FactLists {
    /// Appends one summary's facts; `(starts, lens)`, or `None` when they do not fit a row.
    fn push(&mut self, f: &Facts) -> Option<([u32; 4], [u8; 4])> {
        let len = |n: usize| u8::try_from(n).ok();
        let lens = [
            len(f.closings.len())?,
            len(f.answers.len())?,
            len(f.callbacks.len())?,
            len(f.escalations.len())?,
        ];
        let start = |n: usize| u32::try_from(n).ok();
        let starts = [
            start(self.closings.len())?,
            start(self.answers.len())?,
            start(self.callbacks.len())?,
            start(self.escalations.len())?,
        ];
        self.closings.extend_from_slice(&f.closings);
        self.answers.extend_from_slice(&f.answers);
        self.callbacks.extend_from_slice(&f.callbacks);
        self.escalations.extend_from_slice(&f.escalations);
        Some((starts, lens))
    }

    /// How many bytes the lists take.
    fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.closings.capacity() * size_of::<Closing>()
            + self.answers.capacity() * size_of::<Answered>()
            + self.callbacks.capacity() * size_of::<Called>()
            + self.escalations.capacity() * size_of::<(Ms, EscalationLevel)>()
    }

    /// Gives back what the lists reserved beyond their length.
    fn shrink(&mut self) {
        self.closings.shrink_to_fit();
        self.answers.shrink_to_fit();
        self.callbacks.shrink_to_fit();
        self.escalations.shrink_to_fit();
    }
}

/// The interned names of every field a [`Row`] holds.
#[derive(Clone, Debug, Default)]
struct Vocabulary {
    projects: Names,
    offices: Names,
    handlers: Names,
    causes: Names,
}

impl Vocabulary {
    fn row(&mut self, s: &Summary, lists: &mut FactLists) -> Row {
        let f = &s.facts;
        let stages = pack_stages(&f.stages);
        let fitted = stages.and_then(|_| lists.push(f));
        let (starts, lens) = fitted.unwrap_or_default();
        Row {
            handling: f.handling_minutes.unwrap_or(NO_MINUTES),
            project: self.projects.id(s.project.trim()),
            office: self.offices.id(&s.office),
            handler: self.handlers.id(&s.handler),
            cause: self.causes.id(&f.root_cause),
            starts,
            lens,
            stages: stages.unwrap_or(0),
            status: s.status,
            severity: s.severity,
            channel: s.channel,
            kind: s.kind,
            score: s.score,
            gm_approved: f.gm_approved,
            irregular: fitted.is_none(),
        }
    }
}

/// The criteria as ids: `None` when a name asked for is in no summary (nothing passes).
#[derive(Clone, Copy, Debug)]
struct Wanted {
    project: Option<u32>,
    office: Option<u32>,
    category: Option<u32>,
    severity: Option<Severity>,
    channel: Option<Channel>,
    kind: Option<Kind>,
    received: Option<(i64, i64)>,
}

impl Wanted {
    /// Exactly [`Summary::meets`], on the row's ids.
    #[inline]
    fn passes(&self, r: &Row, k: &CrossKey) -> bool {
        self.project.is_none_or(|p| r.project == p)
            && self.office.is_none_or(|o| r.office == o)
            && self.category.is_none_or(|c| k.category == c)
            && self.severity.is_none_or(|s| r.severity == s)
            && self.channel.is_none_or(|c| r.channel == c)
            && self.kind.is_none_or(|k| r.kind == k)
            && self
                .received
                .is_none_or(|(from, to)| k.received >= from && k.received < to)
    }
}

/// The figures the dashboard shows for one period and filter.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodFigures {
    /// The period's indicators.
    pub current: Indicators,
    /// The indicators of the period before ([`Period::previous`]).
    pub previous: Indicators,
    /// Received and closed per month of the trend.
    pub trend: Vec<TrendPoint>,
}

/// The whole data set's figures today.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllFigures {
    /// The overview of every complaint.
    pub overview: Overview,
    /// Every office side by side, by office code.
    pub offices: Vec<OfficeLine>,
    /// The distinct projects (without surrounding spaces), sorted: the project menu.
    pub project_names: Vec<String>,
    /// The distinct office codes, sorted: the office menu.
    pub office_names: Vec<String>,
}

/// The summaries prepared for the dashboard: one small row per summary (same positions),
/// their facts side by side and the cross flags. Build it once per data revision with
/// [`IndicatorTable::build`]; after one saved complaint, [`IndicatorTable::upsert`] brings it
/// up to date.
#[derive(Clone, Debug, Default)]
pub struct IndicatorTable {
    vocabulary: Vocabulary,
    keys: KeyMaker,
    cross: Vec<CrossKey>,
    rows: Vec<Row>,
    lists: FactLists,
    flags: CrossFlags,
}

impl IndicatorTable {
    /// Prepares `rows` with the repeat and same-issue rules of `settings`.
    pub fn build(rows: &[Summary], settings: &Settings) -> Self {
        let mut table = IndicatorTable::default();
        // Id 0: the uninvestigated complaints' empty root cause.
        table.vocabulary.causes.id("");
        table.rows.reserve(rows.len());
        table.cross.reserve(rows.len());
        for s in rows {
            table.rows.push(table.vocabulary.row(s, &mut table.lists));
            table.cross.push(table.keys.key(s));
        }
        table.lists.shrink();
        table.flags = CrossFlags::of_keys(
            &table.cross,
            &|a, b| rows[a].number.cmp(&rows[b].number),
            settings,
        );
        table
    }

    /// How many summaries the table was built over.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds no summary.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The repeat and group flags.
    pub fn flags(&self) -> &CrossFlags {
        &self.flags
    }

    /// About how many bytes the table holds (its rows, facts and flags).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.rows.capacity() * size_of::<Row>()
            + self.cross.capacity() * size_of::<CrossKey>()
            + self.lists.bytes()
            + self.flags.repeat.capacity()
            + self.flags.group_from.capacity() * size_of::<Option<Ms>>()
    }

    /// Brings the table up to date after summary `pos` of `rows` was replaced, or appended
    /// (`pos` is then the old length): its own row at once, and the cross flags of the
    /// complaints of the same customer and of the same issue (before and after the change).
    /// `rows` are the summaries after the change. Equal to a table built over `rows`.
    pub fn upsert(&mut self, rows: &[Summary], pos: usize, settings: &Settings) {
        let Some(s) = rows.get(pos) else {
            return;
        };
        // A replaced row's facts stay in the lists unused until the next build.
        let row = self.vocabulary.row(s, &mut self.lists);
        let key = self.keys.key(s);
        let old = match self.rows.get_mut(pos) {
            Some(slot) => {
                *slot = row;
                Some(std::mem::replace(&mut self.cross[pos], key))
            }
            None => {
                self.rows.push(row);
                self.cross.push(key);
                None
            }
        };
        let number = |a: usize, b: usize| rows[a].number.cmp(&rows[b].number);
        self.flags.update(&self.cross, pos, old, &number, settings);
    }

    /// One row's facts.
    #[inline]
    fn facts<'a>(&'a self, r: &Row, s: &'a Summary) -> FactsView<'a> {
        if r.irregular {
            return s.facts.view();
        }
        let l = &self.lists;
        let range = |k: usize| r.starts[k] as usize..r.starts[k] as usize + r.lens[k] as usize;
        FactsView {
            closings: &l.closings[range(0)],
            answers: &l.answers[range(1)],
            callbacks: &l.callbacks[range(2)],
            handling_minutes: (r.handling != NO_MINUTES).then_some(r.handling),
            escalations: &l.escalations[range(3)],
            gm_approved: r.gm_approved,
            stages: &[],
        }
    }

    fn wanted(&self, c: &Criteria) -> Option<Wanted> {
        let v = &self.vocabulary;
        let id = |names: &Names, wanted: &Option<String>, trim: bool| match wanted.as_deref() {
            None => Ok(None),
            Some(w) => names
                .find(if trim { w.trim() } else { w })
                .map(Some)
                .ok_or(()),
        };
        Some(Wanted {
            project: id(&v.projects, &c.project, true).ok()?,
            office: id(&v.offices, &c.office, false).ok()?,
            category: match c.category.as_deref() {
                None => None,
                Some(w) => Some(self.keys.category_id(w)?),
            },
            severity: c.severity,
            channel: c.channel,
            kind: c.kind,
            received: c.received,
        })
    }

    /// This period's indicators, the period before's and the trend over `months`, in one pass
    /// over `rows` (the summaries the table was built over, same order): each equal to
    /// [`indicators_of`](super::indicators_of) and [`monthly_trend`](super::monthly_trend)
    /// with the table's flags.
    pub fn figures(
        &self,
        rows: &[Summary],
        period: &Period,
        filter: &Criteria,
        months: &[Period],
    ) -> PeriodFigures {
        let categories = self.keys.category_names();
        let mut current = Counting::new(period, &self.vocabulary, categories.len());
        let mut previous = Counting::new(&period.previous(), &self.vocabulary, categories.len());
        let mut trend = TrendTally::new(months);
        if let (Some(wanted), true) = (self.wanted(filter), rows.len() == self.rows.len()) {
            let flags = &self.flags;
            for (i, ((r, k), s)) in self.rows.iter().zip(&self.cross).zip(rows).enumerate() {
                if !wanted.passes(r, k) {
                    continue;
                }
                let f = self.facts(r, s);
                current.add(i, r, k, f, s, flags);
                previous.add(i, r, k, f, s, flags);
                trend.add(k.received, f.closings);
            }
        }
        PeriodFigures {
            current: current.finish(&self.vocabulary, categories),
            previous: previous.finish(&self.vocabulary, categories),
            trend: trend.finish(),
        }
    }

    /// The whole data set's figures, with `now_ms` the moment overdue is judged at: the same
    /// as [`Overview::of`], [`by_office`](super::by_office) and the queue index's project and
    /// office menus over `rows` (the summaries the table was built over).
    pub fn overview(&self, rows: &[Summary], now_ms: i64) -> AllFigures {
        let v = &self.vocabulary;
        let category_names = self.keys.category_names();
        let mut categories = vec![0usize; category_names.len()];
        let mut projects = vec![0usize; v.projects.len()];
        let mut offices: Vec<OfficeLine> = vec![OfficeLine::default(); v.offices.len()];
        let mut statuses = vec![0usize; Status::ALL.len()];
        let mut severities = vec![0usize; Severity::ALL.len()];
        let mut channels = vec![0usize; Channel::ALL.len()];
        let (mut score_sum, mut scored) = (0u64, 0usize);
        for ((r, k), s) in self.rows.iter().zip(&self.cross).zip(rows) {
            categories[k.category as usize] += 1;
            projects[r.project as usize] += 1;
            let line = &mut offices[r.office as usize];
            line.total += 1;
            if !r.status.is_closed() {
                line.open += 1;
                if s.next_due().is_some_and(|d| d < now_ms) {
                    line.overdue += 1;
                }
            }
            if let Some(score) = r.score {
                line.scored += 1;
                line.score_sum += u64::from(score);
                score_sum += u64::from(score);
                scored += 1;
            }
            count_in(&mut statuses, Status::ALL, r.status);
            count_in(&mut severities, Severity::ALL, r.severity);
            count_in(&mut channels, Channel::ALL, r.channel);
        }
        let total = self.rows.len().min(rows.len());
        let open = offices.iter().map(|o| o.open).sum::<usize>();
        let overview = Overview {
            total,
            open,
            closed: total - open,
            by_status: Status::ALL.iter().copied().zip(statuses).collect(),
            by_category: ranked(named(category_names, &categories)),
            by_severity: Severity::ALL.iter().copied().zip(severities).collect(),
            by_channel: Channel::ALL.iter().copied().zip(channels).collect(),
            avg_score_x100: (scored > 0)
                .then(|| ((score_sum * 200 + scored as u64) / (2 * scored as u64)) as u32),
            scored,
        };
        let mut by_code: BTreeMap<&str, OfficeLine> = BTreeMap::new();
        for (id, line) in offices.into_iter().enumerate() {
            if line.total > 0 {
                let office = v.offices.name(id);
                by_code.insert(
                    office,
                    OfficeLine {
                        office: office.to_string(),
                        ..line
                    },
                );
            }
        }
        let office_counts: Vec<usize> = v
            .offices
            .names
            .iter()
            .map(|o| by_code.get(o.as_str()).map_or(0, |l| l.total))
            .collect();
        AllFigures {
            overview,
            offices: by_code.into_values().collect(),
            project_names: menu(present(&v.projects, &projects)),
            office_names: menu(present(&v.offices, &office_counts)),
        }
    }
}

/// Adds one to `value`'s slot in `counts` (slots in the order of `all`).
#[inline]
fn count_in<T: PartialEq>(counts: &mut [usize], all: &[T], value: T) {
    if let Some(k) = all.iter().position(|x| *x == value) {
        counts[k] += 1;
    }
}

/// The names counted at least once, with their counts.
fn present<'a>(names: &'a Names, counts: &'a [usize]) -> impl Iterator<Item = (&'a str, usize)> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(id, n)| (names.name(id), *n))
}

/// The names of `names` (by id) counted at least once, with their counts.
fn named<'a>(names: &'a [String], counts: &'a [usize]) -> impl Iterator<Item = (&'a str, usize)> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(id, n)| (names[id].as_str(), *n))
}

/// A filter menu: the distinct non-empty names without surrounding spaces, sorted.
fn menu<'a>(names: impl Iterator<Item = (&'a str, usize)>) -> Vec<String> {
    let mut out: Vec<String> = names
        .map(|(n, _)| n.trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One period's fold with its breakdowns by id.
struct Counting {
    fold: Fold,
    categories: Vec<usize>,
    projects: Vec<usize>,
    handlers: Vec<usize>,
    offices: Vec<usize>,
    causes: Vec<usize>,
    severities: [usize; 2],
    channels: Vec<usize>,
    kinds: Vec<usize>,
    statuses: Vec<usize>,
}

impl Counting {
    fn new(period: &Period, v: &Vocabulary, categories: usize) -> Self {
        Counting {
            fold: Fold::new(period),
            categories: vec![0; categories],
            projects: vec![0; v.projects.len()],
            handlers: vec![0; v.handlers.len()],
            offices: vec![0; v.offices.len()],
            causes: vec![0; v.causes.len()],
            severities: [0; 2],
            channels: vec![0; Channel::ALL.len()],
            kinds: vec![0; Kind::ALL.len()],
            statuses: vec![0; Status::ALL.len()],
        }
    }

    /// Counts row `i` when it was registered before the period's end.
    #[inline]
    fn add(
        &mut self,
        i: usize,
        r: &Row,
        k: &CrossKey,
        f: FactsView<'_>,
        s: &Summary,
        flags: &CrossFlags,
    ) {
        if k.received >= self.fold.span.to
            || !self.fold.add(i, k.received, r.status, r.severity, f, flags)
        {
            return;
        }
        if r.irregular {
            self.fold.add_stages(&s.facts.stages);
        } else {
            self.fold.add_packed_stages(r.stages);
        }
        self.categories[k.category as usize] += 1;
        self.projects[r.project as usize] += 1;
        self.handlers[r.handler as usize] += 1;
        self.offices[r.office as usize] += 1;
        self.causes[r.cause as usize] += 1;
        self.severities[usize::from(r.severity == Severity::Major)] += 1;
        count_in(&mut self.channels, Channel::ALL, r.channel);
        count_in(&mut self.kinds, Kind::ALL, r.kind);
        count_in(&mut self.statuses, Status::ALL, r.status);
    }

    fn finish(self, v: &Vocabulary, categories: &[String]) -> Indicators {
        let by = ReceivedBy {
            category: ranked(named(categories, &self.categories)),
            severity: vec![
                (Severity::General, self.severities[0]),
                (Severity::Major, self.severities[1]),
            ],
            status: Status::ALL.iter().copied().zip(self.statuses).collect(),
            channel: Channel::ALL.iter().copied().zip(self.channels).collect(),
            kind: Kind::ALL.iter().copied().zip(self.kinds).collect(),
            project: ranked(present(&v.projects, &self.projects)),
            handler: ranked(present(&v.handlers, &self.handlers)),
            office: ranked(present(&v.offices, &self.offices)),
        };
        // Id 0 is the empty root cause: the uninvestigated.
        let uninvestigated = self.causes.first().copied().unwrap_or(0);
        let causes = ranked(present(&v.causes, &self.causes).filter(|(c, _)| !c.is_empty()));
        self.fold.finish(by, (causes, uninvestigated))
    }
}
