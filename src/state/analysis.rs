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
    /// The queue index's revision.
    rev: u64,
    /// How many summaries the index held.
    len: usize,
    /// The rules the cross flags were computed with.
    rules: (RepeatRules, SeverityRules),
    table: IndicatorTable,
}

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

    /// Reads the queue index with its indicator table (built first when the index or the
    /// rules changed since), tracking both: the caller runs again when either changes.
    pub fn with<R>(&self, f: impl FnOnce(&QueueIndex, &IndicatorTable) -> R) -> R {
        let rev = self.queue.rev();
        let rules = self
            .settings
            .with(|s| (s.repeat_rules.clone(), s.severity_rules.clone()));
        self.queue.with_untracked(|q| {
            let fresh = self.built.with_value(|b| {
                b.as_ref()
                    .is_some_and(|b| b.rev == rev && b.len == q.len() && b.rules == rules)
            });
            if !fresh {
                let table = self
                    .settings
                    .with_untracked(|s| IndicatorTable::build(q.rows(), s));
                self.built.set_value(Some(Built {
                    rev,
                    len: q.len(),
                    rules,
                    table,
                }));
            }
            self.built.with_value(|b| match b {
                Some(b) => f(q, &b.table),
                None => f(q, &IndicatorTable::default()),
            })
        })
    }
}
