//! The Chinese posting lists (unigrams and bigrams of the search text): every search answered
//! through them equals the same search by a scan of every row's text, and the set a plain
//! substring test over the fields finds, before and after rows are replaced and added; the
//! results come in each sort order, small results (put in order by rank) and large ones alike.

use complaint_desk::domain::case::Status;
use complaint_desk::domain::queue::{Filter, QueueIndex, Sort, Summary};
use complaint_desk::domain::vocabulary::Severity;

use crate::helpers;

const NAMES: &[&str] = &[
    "王伟", "王芳", "李娜", "张敏", "刘强", "陈静", "Wang Lei", "赵磊",
];
const PROJECTS: &[&str] = &["滨江华府", "翠湖天地", "云栖府", "御景湾", "江南华庭"];
const CONTENTS: &[&str] = &[
    "卫生间墙面渗水",
    "入户门变形关不严",
    "地下车库照明损坏",
    "置业顾问承诺赠送车位 Parking",
    "外墙空鼓，3栋1802室",
    "楼下天花板有水渍",
    "接待人员态度冷淡",
    "渗水严重 要求赔偿",
    "小区绿化与宣传不符",
    "",
];

/// A small deterministic generator (no randomness between runs).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn summary(i: usize, r: &mut Lcg) -> Summary {
    let number = format!(
        "SH0{}-A-2026{:02}{:02}-{:04}",
        1 + r.below(2),
        1 + r.below(12),
        1 + r.below(28),
        i
    );
    Summary {
        status: [Status::Registered, Status::Investigating, Status::Archived][r.below(3)],
        severity: if r.below(8) == 0 {
            Severity::Major
        } else {
            Severity::General
        },
        name: NAMES[r.below(NAMES.len())].into(),
        phone: format!("13{}{:08}", r.below(10), r.below(100_000_000)),
        project: PROJECTS[r.below(PROJECTS.len())].into(),
        unit: format!("{}栋 {}", 1 + r.below(20), 100 + r.below(3000)),
        content: format!(
            "{}{}",
            CONTENTS[r.below(CONTENTS.len())],
            CONTENTS[r.below(CONTENTS.len())]
        ),
        received: r.below(1_000_000) as i64,
        updated: r.below(1_000_000) as i64,
        due: (r.below(2) == 0).then(|| r.below(1_000_000) as i64),
        ..helpers::summary(&number)
    }
}

fn data(n: usize) -> Vec<Summary> {
    let mut r = Lcg(15);
    (0..n).map(|i| summary(i, &mut r)).collect()
}

/// The numbers of the rows whose fields hold every word, sorted: the answer by definition.
fn by_definition(rows: &[Summary], f: &Filter) -> Vec<String> {
    let words: Vec<String> = f
        .text
        .to_ascii_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut out: Vec<String> = rows
        .iter()
        .filter(|s| f.status.is_none_or(|x| s.status == x))
        .filter(|s| {
            let fields = [
                &s.number, &s.name, &s.phone, &s.project, &s.unit, &s.content,
            ];
            words.iter().all(|w| {
                fields
                    .iter()
                    .any(|t| t.to_ascii_lowercase().contains(w.as_str()))
            })
        })
        .map(|s| s.number.clone())
        .collect();
    out.sort();
    out
}

const QUERIES: &[&str] = &[
    "王",
    "王伟",
    "滨江华府",
    "渗水",
    "渗水 赔偿",
    "空鼓 1802",
    "3栋",
    "栋 1",
    "华",
    "府渗",
    "wang",
    "WANG LEI",
    "sh01",
    "sh02-a-2026",
    "138",
    "parking",
    "车位 parking",
    "龙",
    "滨江 翠湖",
    "卫生间墙面渗水入户门",
    "",
    "水渍，",
    "，3栋",
];

fn check(rows: &[Summary], lists: &QueueIndex, scan: &QueueIndex) {
    assert!(lists.gram_entries() > 0);
    assert_eq!(scan.gram_entries(), 0);
    for sort in [
        Sort::NewestFirst,
        Sort::OldestFirst,
        Sort::Number,
        Sort::DueFirst,
        Sort::SeverityFirst,
    ] {
        for status in [None, Some(Status::Investigating)] {
            for q in QUERIES {
                let f = Filter {
                    text: (*q).into(),
                    sort,
                    status,
                    ..Filter::default()
                };
                let got = lists.select(&f, None);
                assert_eq!(
                    got,
                    scan.select(&f, None),
                    "{q:?} {sort:?} {status:?}: lists and scan differ"
                );
                let mut numbers: Vec<String> = got
                    .iter()
                    .map(|&i| lists.get(i).expect("a row").number.clone())
                    .collect();
                numbers.sort();
                assert_eq!(
                    numbers,
                    by_definition(rows, &f),
                    "{q:?} {sort:?} {status:?}"
                );
            }
        }
    }
}

#[test]
fn searches_through_the_lists_equal_a_scan_and_the_definition() {
    let rows = data(3000);
    let lists = QueueIndex::new(rows.clone());
    let scan = QueueIndex::scanning(rows.clone());
    // Some queries find a handful of rows, others most of them: both ways of ordering run.
    let sizes: Vec<usize> = ["龙", "赵磊", "王", "sh0"]
        .iter()
        .map(|q| {
            lists
                .select(
                    &Filter {
                        text: (*q).into(),
                        ..Filter::default()
                    },
                    None,
                )
                .len()
        })
        .collect();
    assert_eq!(sizes[0], 0);
    assert!(sizes[1] > 0 && sizes[1] * 16 > 3000 / 16, "{sizes:?}");
    assert_eq!(sizes[3], 3000);
    check(&rows, &lists, &scan);
}

#[test]
fn the_lists_follow_replaced_and_added_rows() {
    let mut rows = data(800);
    let mut lists = QueueIndex::new(rows.clone());
    let mut scan = QueueIndex::scanning(rows.clone());
    // Replace some rows' texts (words leave and arrive) and add new ones.
    let mut r = Lcg(7);
    for k in 0..60 {
        let i = (k * 13) % rows.len();
        let mut s = summary(800 + k, &mut r);
        s.number = rows[i].number.clone();
        s.content = format!("龙湖{}", CONTENTS[r.below(CONTENTS.len())]);
        rows[i] = s.clone();
        lists.upsert(s.clone());
        scan.upsert(s);
    }
    for k in 0..40 {
        let mut s = summary(900 + k, &mut r);
        s.number = format!("SH03-B-20261201-{k:04}");
        s.name = "龙飞".into();
        rows.push(s.clone());
        lists.upsert(s.clone());
        scan.upsert(s);
    }
    let dragons = lists.select(
        &Filter {
            text: "龙".into(),
            ..Filter::default()
        },
        None,
    );
    assert_eq!(
        dragons.len(),
        100,
        "60 replaced contents and 40 new names hold 龙"
    );
    check(&rows, &lists, &scan);
}

#[test]
fn a_character_no_row_holds_finds_nothing_and_a_word_across_fields_is_not_found() {
    let mut a = helpers::summary("SH01-A-20260301-0001");
    a.name = "王伟".into();
    a.project = "滨江华府".into();
    let idx = QueueIndex::new(vec![a]);
    let find = |q: &str| {
        idx.select(
            &Filter {
                text: q.into(),
                ..Filter::default()
            },
            None,
        )
        .len()
    };
    assert_eq!(find("王伟"), 1);
    assert_eq!(
        find("伟滨"),
        0,
        "the end of one field and the start of the next are no pair"
    );
    assert_eq!(find("龙"), 0);
    assert_eq!(find("王 滨江"), 1);
}

#[test]
fn lists_built_in_steps_with_saves_between_them_equal_lists_built_at_once() {
    let mut rows = data(1000);
    let mut stepped = QueueIndex::deferred(rows.clone());
    let mut scan = QueueIndex::scanning(rows.clone());
    let mut r = Lcg(3);
    let mut steps = 0;
    let mut k = 0;
    loop {
        // Between two steps: a row already indexed, one not reached yet, and a new one saved.
        for i in [k * 37 % 1000, (k * 37 + 500) % 1000] {
            let mut s = summary(2000 + k, &mut r);
            s.number = rows[i].number.clone();
            s.content = format!("龙湖{k}");
            rows[i] = s.clone();
            stepped.upsert(s.clone());
            scan.upsert(s);
        }
        let mut s = summary(3000 + k, &mut r);
        s.number = format!("SH03-B-20261201-{k:04}");
        rows.push(s.clone());
        stepped.upsert(s.clone());
        scan.upsert(s);
        k += 1;
        // Until they are complete, searches scan, and find the same.
        let f = Filter {
            text: "龙湖".into(),
            ..Filter::default()
        };
        assert_eq!(stepped.select(&f, None), scan.select(&f, None));
        steps += 1;
        if stepped.index_step(150) {
            break;
        }
    }
    assert!(steps > 5, "{steps} steps");
    check(&rows, &stepped, &scan);
    // Saves after the build keep the lists current.
    let mut s = rows[0].clone();
    s.content = "独一无二".into();
    rows[0] = s.clone();
    stepped.upsert(s.clone());
    scan.upsert(s);
    check(&rows, &stepped, &scan);
}
