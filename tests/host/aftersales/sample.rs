//! The handover sample: ceil(30% × n) per office, project and handover month, ranked by
//! a hash of facts of the record, the same on every device and stable when buyers are added.
//!
//! The expected ranks were worked out apart from the app (64-bit FNV-1a of
//! `SH01␟江南府␟2026-03␟SH01-h<n>`, by a separate script): h1 0x20b94649…, h3 0x20b94849…,
//! h2 0x20b94949…, h5 0x20b94a49…, h4 0x20b94b49…, h7 0x20b94c49…, h6 0x20b94d49…,
//! h8 0x20b94f49…; so in March the order is h1, h3, h2, h5, h4, h7, h6, h8.

use std::collections::HashSet;

use complaint_desk::domain::aftersales::{
    handover_sample, sample_rank, sample_size, Buyer, CallbackKind, Month,
};

use super::fixtures::{buyer, call, d, with};

const MARCH: Month = Month {
    year: 2026,
    month: 3,
};

fn handed(tags: &[u32]) -> Vec<Buyer> {
    tags.iter()
        .map(|n| {
            buyer(
                &format!("h{n}"),
                "江南府",
                d(2025, 6, 1),
                Some(d(2026, 3, 1 + n)),
            )
        })
        .collect()
}

fn ids(tags: &[u32]) -> HashSet<String> {
    tags.iter().map(|n| format!("SH01-h{n}")).collect()
}

#[test]
fn thirty_percent_rounded_up() {
    // ceil(0.3 n), worked out: 0.3→1, 0.6→1, 0.9→1, 1.2→2, 1.5→2, 1.8→2, 2.1→3, 3.0→3, 3.3→4.
    for (n, k) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 2),
        (6, 2),
        (7, 3),
        (10, 3),
        (11, 4),
        (100, 30),
        (101, 31),
    ] {
        assert_eq!(sample_size(n), k, "n = {n}");
    }
}

#[test]
fn the_ranks_are_the_documented_hash() {
    assert_eq!(
        sample_rank("SH01", "江南府", MARCH, "SH01-h1"),
        0x20b9_4649_fdeb_36f0
    );
    assert_eq!(
        sample_rank("SH01", " 江南府 ", MARCH, "SH01-h8"),
        0x20b9_4f49_fdeb_463b
    );
}

#[test]
fn the_draw_is_reproducible_whatever_the_order() {
    let mut list = handed(&[1, 2, 3, 4]);
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[1, 3])
    );
    list.reverse();
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[1, 3])
    );
    // Other months, projects and offices are not in the draw and do not move it.
    let mut other = buyer("x", "江南府", d(2025, 6, 1), Some(d(2026, 4, 1)));
    list.push(other.clone());
    other.id = "SH01-y".into();
    other.project = "外滩苑".into();
    other.handover_on = Some(d(2026, 3, 9));
    list.push(other.clone());
    other.id = "BJ01-h9".into();
    other.office = "BJ01".into();
    other.project = "江南府".into();
    list.push(other);
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[1, 3])
    );
    assert_eq!(
        handover_sample(
            &list,
            "SH01",
            "江南府",
            Month {
                year: 2026,
                month: 4
            }
        ),
        ids(&[]).into_iter().chain(["SH01-x".to_string()]).collect()
    );
}

#[test]
fn buyers_added_later_keep_the_ones_drawn() {
    // 4 handovers: 2 drawn (h1, h3). A fifth (h5 ranks after h2): still 2, the same two.
    assert_eq!(
        handover_sample(&handed(&[1, 2, 3, 4]), "SH01", "江南府", MARCH),
        ids(&[1, 3])
    );
    assert_eq!(
        handover_sample(&handed(&[1, 2, 3, 4, 5]), "SH01", "江南府", MARCH),
        ids(&[1, 3])
    );
    // Eight: 3 drawn, the earlier two and h2.
    assert_eq!(
        handover_sample(&handed(&[1, 2, 3, 4, 5, 6, 7, 8]), "SH01", "江南府", MARCH),
        ids(&[1, 2, 3])
    );
}

#[test]
fn a_buyer_already_called_stays_in_the_sample() {
    // h2, h4, h5, h6: order h2, h5, h4, h6 → 2 drawn: h2, h5.
    let mut list = handed(&[2, 4, 5, 6]);
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[2, 5])
    );
    // h1 arrives (ranks first) and the count stays 2: h5 would drop out ...
    list.extend(handed(&[1]));
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[1, 2])
    );
    // ... unless h5 has been called already (even unreached): then it stays, and the sample
    // has three.
    let h5 = list.iter().position(|b| b.id == "SH01-h5").unwrap();
    list[h5] = with(
        list[h5].clone(),
        vec![call(CallbackKind::Handover, d(2026, 3, 12), None, None)],
    );
    assert_eq!(
        handover_sample(&list, "SH01", "江南府", MARCH),
        ids(&[1, 2, 5])
    );
}
