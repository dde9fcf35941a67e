//! The after-sales operations (issue 12, R-28..R-31): the buyer list's import, entries in a
//! buyer's record, callbacks, hand-overs, the link to complaints, and the buyers of an
//! export file. Each write is one transaction of the buyers' store.

use crate::domain::aftersales::{
    merge_buyer, parse_buyer_csv, plan_import, reassign, Buyer, BuyerEntry, BuyerMerge,
    ContactKind, EntryData, ImportPlan, Reassignment,
};
use crate::domain::exchange::ImportError;
use crate::domain::vocabulary::Settings;
use crate::store::Store;

use super::{Ctx, ServiceError};

/// Every stored buyer, by name then id.
pub async fn list<S: Store>(store: &S) -> Result<Vec<Buyer>, ServiceError> {
    let mut all = store.buyers().await?;
    all.sort_by(|a, b| {
        (&a.project, &a.building, &a.unit, &a.id).cmp(&(&b.project, &b.building, &b.unit, &b.id))
    });
    Ok(all)
}

/// One buyer by id.
pub async fn get<S: Store>(store: &S, id: &str) -> Result<Buyer, ServiceError> {
    store
        .buyers()
        .await?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| ServiceError::BuyerNotFound(id.into()))
}

/// What importing the buyer list `text` would do (the preview): every row read and checked,
/// matched against the stored buyers; nothing is written.
pub async fn preview_import<S: Store>(
    store: &S,
    settings: &Settings,
    text: &str,
) -> Result<ImportPlan, ServiceError> {
    let rows = parse_buyer_csv(text)?;
    Ok(plan_import(
        rows,
        &store.buyers().await?,
        &settings.office_code,
    ))
}

/// Imports the buyer list `text`: read and checked whole (a bad row refuses the file and
/// nothing is written), matched on project + building + unit + phone against the buyers
/// stored at that moment, and written in one transaction.
pub async fn import<S: Store>(
    store: &S,
    settings: &Settings,
    text: &str,
) -> Result<ImportPlan, ServiceError> {
    let rows = parse_buyer_csv(text)?;
    let office = settings.office_code.clone();
    let ids: Vec<String> = plan_import(rows.clone(), &[], &office)
        .writes
        .iter()
        .map(|b| b.id.clone())
        .collect();
    store
        .update_buyers(&ids, |found| {
            let stored: Vec<Buyer> = found.into_iter().flatten().collect();
            let plan = plan_import(rows, &stored, &office);
            Ok::<_, ServiceError>((plan.writes.clone(), plan))
        })
        .await
}

/// Appends an entry to a buyer's record, recorded by the acting person now (refused, with
/// nothing written, when the after-sales period is over and it is not a callback, or its
/// fields are wrong).
pub async fn record<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    id: &str,
    data: EntryData,
) -> Result<Buyer, ServiceError> {
    let actor = ctx.actor()?;
    let entry = BuyerEntry {
        id: ctx.event_id(),
        at: ctx.now,
        by: actor.name.clone(),
        data,
    };
    change(store, id, |b| {
        b.append(ctx.settings.project_named(&b.project), entry)?;
        Ok(())
    })
    .await
}

/// Reads buyer `id`, lets `f` change the record and writes it back, in one transaction;
/// nothing is written when `f` refuses (or the buyer is not stored).
async fn change<S: Store>(
    store: &S,
    id: &str,
    f: impl FnOnce(&mut Buyer) -> Result<(), ServiceError>,
) -> Result<Buyer, ServiceError> {
    store
        .update_buyers(&[id.to_string()], |found| {
            let mut b = found
                .into_iter()
                .flatten()
                .next()
                .ok_or_else(|| ServiceError::BuyerNotFound(id.into()))?;
            f(&mut b)?;
            Ok::<_, ServiceError>((vec![b.clone()], b))
        })
        .await
}

/// Links complaint `number` to the buyer `id` (a complaint contact in their record, naming
/// the callback it was heard in, if any).
pub async fn link_complaint<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    id: &str,
    number: &str,
    callback: Option<&str>,
) -> Result<Buyer, ServiceError> {
    let note = if callback.is_some() {
        format!("回访中客户提出投诉，已登记为 {number}")
    } else {
        format!("客户投诉，已登记为 {number}")
    };
    // A complaint is linked even when the period is over: it is the complaint desk's record.
    let actor = ctx.actor()?;
    let entry = BuyerEntry {
        id: format!("{}-l", ctx.event_id()),
        at: ctx.now,
        by: actor.name.clone(),
        data: EntryData::Contact {
            kind: ContactKind::Complaint,
            note,
            complaint: Some(number.into()),
            callback: callback.map(str::to_string),
        },
    };
    change(store, id, |b| {
        if let Some(last) = b.entries.last() {
            let at = entry.at.max(last.at);
            b.entries.push(BuyerEntry { at, ..entry });
        } else {
            b.entries.push(entry);
        }
        Ok(())
    })
    .await
}

/// Hands `from`'s buyers (all in service, or only `chosen`) to `to` in one transaction
/// only an active staff member may take them over.
pub async fn hand_over<S: Store>(
    store: &S,
    ctx: &Ctx<'_>,
    from: &str,
    to: &str,
    chosen: Option<Vec<String>>,
) -> Result<Reassignment, ServiceError> {
    let actor = ctx.actor()?;
    let settings = ctx.settings;
    let active = |name: &str| settings.staff.iter().any(|s| s.name == name && s.active);
    let id = |_: usize| ctx.event_id();
    let project = |name: &str| settings.project_named(name);
    // Which buyers: decided on everything stored, then done on those records as read in
    // the writing transaction.
    let all = store.buyers().await?;
    let first = reassign(
        &all,
        from,
        to,
        chosen.as_deref(),
        ctx.now,
        &actor.name,
        id,
        project,
        active,
    )?;
    let ids: Vec<String> = first.moved.iter().map(|b| b.id.clone()).collect();
    store
        .update_buyers(&ids, |found| {
            let found: Vec<Buyer> = found.into_iter().flatten().collect();
            let mut r = reassign(
                &found,
                from,
                to,
                Some(&ids),
                ctx.now,
                &actor.name,
                id,
                project,
                active,
            )?;
            r.closed = first.closed;
            Ok::<_, ServiceError>((r.moved.clone(), r))
        })
        .await
}

/// Checks that the buyers of an export file merge with the copies stored here (read only).
pub async fn check_merge<S: Store>(store: &S, file: &[Buyer]) -> Result<(), ServiceError> {
    if file.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = file.iter().map(|b| b.id.clone()).collect();
    store
        .update_buyers(&ids, |found| {
            for (old, new) in found.iter().zip(file) {
                if let Some(old) = old {
                    merge_buyer(old, new).map_err(ImportError::from)?;
                }
            }
            Ok::<_, ServiceError>((Vec::new(), ()))
        })
        .await
}

/// Writes an export file's buyers: new ones added, stored ones merged with the file's copy
/// (union of log entries by id), in one transaction. Returns (added, merged, entries added).
pub async fn merge_in<S: Store>(
    store: &S,
    file: Vec<Buyer>,
) -> Result<(usize, usize, usize), ServiceError> {
    if file.is_empty() {
        return Ok((0, 0, 0));
    }
    let ids: Vec<String> = file.iter().map(|b| b.id.clone()).collect();
    store
        .update_buyers(&ids, |found| {
            let (mut added, mut merged, mut entries) = (0, 0, 0);
            let mut writes = Vec::new();
            for (old, new) in found.into_iter().zip(file) {
                match old {
                    None => {
                        added += 1;
                        writes.push(new);
                    }
                    Some(old) => match merge_buyer(&old, &new).map_err(ImportError::from)? {
                        BuyerMerge::Unchanged => {}
                        BuyerMerge::Updated { buyer, added: n } => {
                            merged += 1;
                            entries += n;
                            writes.push(*buyer);
                        }
                    },
                }
            }
            Ok::<_, ServiceError>((writes, (added, merged, entries)))
        })
        .await
}
