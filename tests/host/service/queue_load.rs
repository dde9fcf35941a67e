//! Loading the queue at start (issue 15): from the snapshot and the summaries written since
//! it, the same rows as reading every summary; a damaged, stale or out-of-step snapshot is
//! never used; a snapshot of data cleared since is never stored.

use std::collections::BTreeMap;

use pollster::block_on;

use complaint_desk::domain::case::Complaint;
use complaint_desk::domain::queue::{Filter, QueueIndex, Summary, SNAPSHOT_ROWS};
use complaint_desk::domain::synthetic::generate;
use complaint_desk::domain::vocabulary::Settings;
use complaint_desk::service::queue_load::{in_step, load_queue, save_queue_snapshot, Loaded};
use complaint_desk::store::memory::MemoryStore;
use complaint_desk::store::Store;

use crate::helpers;

fn settings() -> Settings {
    helpers::staffed("SH01", "A")
}

fn items(n: usize, start: u32, seed: u64) -> Vec<(Complaint, Summary)> {
    let s = settings();
    generate(&s, n, start, 200, helpers::cst(2026, 11, 30, 10, 0), seed)
        .into_iter()
        .filter_map(|c| Summary::of(&c, &s).map(|sum| (c, sum)))
        .collect()
}

/// The rows of an index by number: what a load must give, whatever the rows' order.
fn by_number(q: &QueueIndex) -> BTreeMap<String, Summary> {
    q.rows()
        .iter()
        .map(|s| (s.number.clone(), s.clone()))
        .collect()
}

/// The stored summaries by number, as the queue holds them (the content only in the search
/// text, see [`found`]).
fn stored(store: &MemoryStore) -> BTreeMap<String, Summary> {
    block_on(store.summaries())
        .expect("summaries")
        .into_iter()
        .map(|s| {
            let row = Summary {
                content: String::new(),
                ..s
            };
            (row.number.clone(), row)
        })
        .collect()
}

/// The numbers a search finds, sorted.
fn found(q: &QueueIndex, text: &str) -> Vec<String> {
    let f = Filter {
        text: text.into(),
        ..Filter::default()
    };
    let mut out: Vec<String> = q
        .select(&f, None)
        .iter()
        .filter_map(|&i| q.get(i).map(|s| s.number.clone()))
        .collect();
    out.sort();
    out
}

/// The numbers whose stored content holds `word`, sorted.
fn holding(store: &MemoryStore, word: &str) -> Vec<String> {
    let mut out: Vec<String> = block_on(store.summaries())
        .expect("summaries")
        .into_iter()
        .filter(|s| s.content.contains(word) || s.name.contains(word))
        .map(|s| s.number)
        .collect();
    out.sort();
    out
}

/// A load as the queue does it: from the stored snapshot's head when `use_snapshot`.
fn load(store: &MemoryStore, use_snapshot: bool) -> (QueueIndex, Loaded) {
    let head = match use_snapshot {
        true => block_on(store.snapshot_head()).expect("head"),
        false => None,
    };
    block_on(load_queue(store, head.as_ref(), 0)).expect("load")
}

fn save(store: &MemoryStore, q: &QueueIndex, loaded: Loaded) -> bool {
    block_on(save_queue_snapshot(
        store,
        loaded.upto,
        &|k| q.pack_chunk(k),
        &|| true,
    ))
    .expect("saved")
}

#[test]
fn a_restart_from_the_snapshot_gives_every_summary_as_stored() {
    let store = MemoryStore::new();
    let first = items(SNAPSHOT_ROWS + 500, 1, 1);
    block_on(store.put_many(&first, &|_| {})).expect("put");
    // No snapshot yet: every summary is read, and a snapshot is due.
    let (q, loaded) = load(&store, true);
    assert!(!loaded.from_snapshot);
    assert_eq!(loaded.changed, first.len());
    assert!(loaded.snapshot_due(q.len()));
    assert_eq!(by_number(&q), stored(&store));
    assert!(save(&store, &q, loaded));
    // Saves after it: changed complaints and new ones.
    let mut changed: Vec<(Complaint, Summary)> = first.iter().step_by(50).cloned().collect();
    for (_, s) in &mut changed {
        s.content = format!("{} 又渗水了", s.content);
        s.handler = "李四".into();
    }
    block_on(store.put_many(&changed, &|_| {})).expect("put");
    let added = items(40, 90_000, 2);
    block_on(store.put_many(&added, &|_| {})).expect("put");
    let (q, loaded) = load(&store, true);
    assert!(loaded.from_snapshot, "the snapshot is used");
    assert_eq!(loaded.changed, changed.len() + added.len());
    assert!(
        !loaded.snapshot_due(q.len()),
        "a few changes do not rewrite it"
    );
    assert_eq!(
        by_number(&q),
        stored(&store),
        "snapshot + changes = the store"
    );
    for word in ["又渗水了", "渗水", "墙"] {
        assert_eq!(found(&q, word), holding(&store, word), "{word}");
    }
    assert!(!found(&q, "又渗水了").is_empty());
    assert_eq!(q.len(), first.len() + added.len());
    // The one complaint saved twice after the snapshot reads as its last save.
    let (c, mut s) = changed[0].clone();
    s.content = "第三次".into();
    block_on(store.put_many(&[(c, s.clone())], &|_| {})).expect("put");
    let (q, _) = load(&store, true);
    assert_eq!(found(&q, "第三次"), vec![s.number.clone()]);
    assert_eq!(by_number(&q), stored(&store));
}

#[test]
fn a_damaged_or_out_of_step_snapshot_is_not_used() {
    let store = MemoryStore::new();
    block_on(store.put_many(&items(2_500, 1, 3), &|_| {})).expect("put");
    let (q, loaded) = load(&store, true);
    assert!(save(&store, &q, loaded));
    // A chunk that does not read.
    let mut bad = q.pack_chunk(0).expect("a chunk").0;
    bad.truncate(bad.len() - 3);
    store.damage_snapshot(0, bad);
    let (again, loaded) = load(&store, true);
    assert!(!loaded.from_snapshot);
    assert_eq!(by_number(&again), stored(&store));
    // A snapshot that reads but misses a stored row (out of step with the summaries): the
    // check after the start finds it, and the load without it has every row.
    let short = QueueIndex::new(q.rows()[1..].to_vec());
    assert!(block_on(save_queue_snapshot(
        &store,
        loaded.upto,
        &|k| short.pack_chunk(k),
        &|| true
    ))
    .expect("saved"));
    let (again, loaded) = load(&store, true);
    assert!(loaded.from_snapshot);
    assert!(!block_on(in_step(&store, again.len())).expect("counted"));
    let (again, loaded) = load(&store, false);
    assert!(!loaded.from_snapshot, "told not to use the snapshot");
    assert!(block_on(in_step(&store, again.len())).expect("counted"));
    assert_eq!(by_number(&again), stored(&store));
}

#[test]
fn no_snapshot_of_cleared_data_and_none_when_told_to_stop() {
    let store = MemoryStore::new();
    block_on(store.put_many(&items(2_500, 1, 4), &|_| {})).expect("put");
    let (q, loaded) = load(&store, true);
    // Told to stop (another load replaced the index): nothing is stored.
    assert!(!block_on(save_queue_snapshot(
        &store,
        loaded.upto,
        &|k| q.pack_chunk(k),
        &|| false
    ))
    .expect("ran"));
    let (_, again) = load(&store, true);
    assert!(!again.from_snapshot);
    // Cleared while the old index was still in memory: its snapshot is refused.
    block_on(store.clear()).expect("clear");
    assert!(
        !save(&store, &q, loaded),
        "a snapshot from before the clear"
    );
    let (empty, loaded) = load(&store, true);
    assert!(empty.is_empty());
    assert!(!loaded.from_snapshot);
    // New data after the clear is found, snapshot or not.
    let fresh = items(2_100, 1, 5);
    block_on(store.put_many(&fresh, &|_| {})).expect("put");
    let (q, loaded) = load(&store, true);
    assert!(save(&store, &q, loaded));
    let (q2, loaded2) = load(&store, true);
    assert!(loaded2.from_snapshot);
    assert_eq!(by_number(&q2), stored(&store));
    assert_eq!(q2.len(), fresh.len());
}
