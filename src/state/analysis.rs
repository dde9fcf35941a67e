//! The dashboard's prepared summaries ([`IndicatorTable`]): built from the queue index when a
//! page first asks for them after the data or the repeat and same-issue rules changed, and
//! kept for every later period, project or page (dashboard, monthly report) until then.

use leptos::prelude::*;

use super::{QueueCtx, SettingsCtx};
use crate::domain::analysis::IndicatorTable;
use crate::domain::queue::QueueIndex;
use crate::domain::vocabulary::{RepeatRules, SeverityRules};

/// The table and what it was built from.
struct Built {
    /// Which queue index ([`QueueIndex::edits`]).
    index: u64,
    /// How many of its edits the table has taken in.
    seen: usize,
    /// The rules the cross flags were computed with.
    rules: (RepeatRules, SeverityRules),
    table: IndicatorTable,
}

/// Up to this many saved complaints are taken in one by one ([`IndicatorTable::upsert`]);
/// more, and the table is built again.
const UPSERTS_MAX: usize = 64;

/// The indicator table of the queue's current revision. `Copy`: arena handles.
#[derive(Clone, Copy)]
pub struct AnalysisCtx {
    built: StoredValue<Option<Built>, LocalStorage>,
    queue: QueueCtx,
    settings: SettingsCtx,
}

impl AnalysisCtx {
    /// Provides it to everything below; nothing is built until a page asks.
    pub fn provide(queue: QueueCtx, settings: SettingsCtx) -> AnalysisCtx {
        let ctx = AnalysisCtx {
            built: StoredValue::new_local(None),
            queue,
            settings,
        };
        provide_context(ctx);
        ctx
    }

    /// The context; panics only if called outside the app shell.
    pub fn expect_context() -> AnalysisCtx {
        expect_context::<AnalysisCtx>()
    }

    /// Reads the queue index with its indicator table (brought up to date first when the
    /// index or the rules changed since: the complaints saved since taken in one by one, or
    /// after a reload, an import or many changes, built again), tracking both: the caller
    /// runs again when either changes.
    pub fn with<R>(&self, f: impl FnOnce(&QueueIndex, &IndicatorTable) -> R) -> R {
        self.queue.track();
        let rules = self
            .settings
            .with(|s| (s.repeat_rules.clone(), s.severity_rules.clone()));
        self.queue.with_untracked(|q| {
            let (index, edits) = q.edits();
            self.settings.with_untracked(|s| {
                self.built.update_value(|slot| {
                    let pending = slot
                        .as_ref()
                        .filter(|b| b.index == index && b.rules == rules && b.seen <= edits.len())
                        .map(|b| edits.len() - b.seen);
                    match (slot.as_mut(), pending) {
                        (Some(b), Some(n)) if n <= UPSERTS_MAX => {
                            for &pos in &edits[b.seen..] {
                                b.table.upsert(q.rows(), pos as usize, s);
                            }
                            b.seen = edits.len();
                        }
                        _ => *slot = None,
                    }
                    // Built again when it is not there or (it cannot be, but a figure must
                    // never count wrong) out of step with the index.
                    if slot.as_ref().is_none_or(|b| b.table.len() != q.len()) {
                        *slot = Some(Built {
                            index,
                            seen: edits.len(),
                            rules,
                            table: IndicatorTable::build(q.rows(), s),
                        });
                    }
                })
            });
            self.built.with_value(|b| match b {
                Some(b) => f(q, &b.table),
                None => f(q, &IndicatorTable::default()),
            })
        })
    }
}
