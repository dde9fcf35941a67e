//! The queue (R-23 searchable later): filters, free-text search, sort orders, the
//! narrowing shortcut and upsert, over six hand-made summaries whose expected answers are
//! worked out by hand below.

use complaint_desk::domain::case::Status;
use complaint_desk::domain::queue::{Filter, QueueIndex, Sort, Summary};
use complaint_desk::domain::vocabulary::{Channel, Criteria, Severity};

use crate::helpers;

#[allow(clippy::too_many_arguments)]
fn row(
    number: &str,
    status: Status,
    category: &str,
    severity: Severity,
    channel: Channel,
    handler: &str,
    name: &str,
    phone: &str,
    project: &str,
    unit: &str,
    content: &str,
    received: i64,
    updated: i64,
    score: Option<u8>,
) -> Summary {
    Summary {
        status,
        category: category.into(),
        severity,
        channel,
        handler: handler.into(),
        name: name.into(),
        phone: phone.into(),
        project: project.into(),
        unit: unit.into(),
        content: content.into(),
        received,
        updated,
        score,
        ..helpers::summary(number)
    }
}

/// The data set. Customer names are unique, so results are compared as name lists.
///
/// | name     | number               | status        | category | sev.  | channel | handler | received | updated |
/// |----------|----------------------|---------------|----------|-------|---------|---------|----------|---------|
/// | 王伟     | SH01-A-20260301-0001 | registered    | 工程质量 | gen.  | phone   |         | 3000     | 3500    |
/// | 张敏     | SH01-A-20260301-0002 | investigating | 销售管理 | major | wechat  | 李娜    | 6000     | 9000    |
/// | 刘强     | SH01-A-20260302-0001 | archived      | 工程质量 | gen.  | phone   | 李娜    | 1000     | 8000    |
/// | 王芳     | SH01-B-20260302-0001 | cancelled     | 物业管理 | gen.  | onsite  |         | 4000     | 4500    |
/// | 陈静     | SH02-A-20260303-0001 | plan_proposed | 工程质量 | major | email   | 陈杰    | 2000     | 2500    |
/// | Wang Lei | SH02-A-20260303-0002 | answered      | 客户服务 | gen.  | phone   | 陈杰    | 5000     | 7000    |
///
/// They go into the index out of number order, so that sorting by number is visible.
#[rustfmt::skip]
fn rows() -> Vec<Summary> {
    use Channel as C;
    use Severity as V;
    use Status as S;
    vec![
        row("SH01-B-20260302-0001", S::Cancelled, "物业管理", V::General, C::OnSite, "",
            "王芳", "13700001111", "翠湖天地", "", "地下车库照明损坏", 4000, 4500, None),
        row("SH02-A-20260303-0002", S::Answered, "客户服务", V::General, C::Phone, "陈杰",
            "Wang Lei", "18600002222", "云栖府", "9栋", "接待人员态度冷淡", 5000, 7000, None),
        row("SH01-A-20260301-0001", S::Registered, "工程质量", V::General, C::Phone, "",
            "王伟", "13800138000", "滨江华府", "3栋 1202", "卫生间墙面渗水", 3000, 3500, None),
        row("SH01-A-20260302-0001", S::Archived, "工程质量", V::General, C::Phone, "李娜",
            "刘强", "13912345678", "滨江华府", "1栋 101", "入户门变形关不严", 1000, 8000, Some(4)),
        row("SH02-A-20260303-0001", S::PlanProposed, "工程质量", V::Major, C::Email, "陈杰",
            "陈静", "0755 1234 5678", "滨江华府", "3栋 1501", "渗水严重 要求赔偿", 2000, 2500, None),
        row("SH01-A-20260301-0002", S::Investigating, "销售管理", V::Major, C::Wechat, "李娜",
            "张敏", "021-12345678", "御景湾", "5栋 801", "置业顾问承诺赠送车位 Parking", 6000, 9000, None),
    ]
}

fn index() -> QueueIndex {
    QueueIndex::new(rows())
}

fn names(idx: &QueueIndex, positions: &[u32]) -> Vec<String> {
    positions
        .iter()
        .map(|&p| idx.get(p).expect("a valid position").name.clone())
        .collect()
}

fn run(f: &Filter) -> Vec<String> {
    let idx = index();
    names(&idx, &idx.select(f, None))
}

fn text(t: &str) -> Filter {
    Filter {
        text: t.into(),
        ..Filter::default()
    }
}

// Newest-first (the default) over all six: 张敏 6000, Wang Lei 5000, 王芳 4000, 王伟 3000,
// 陈静 2000, 刘强 1000.

#[test]
fn no_filter_selects_everything_newest_first() {
    assert_eq!(
        run(&Filter::default()),
        ["张敏", "Wang Lei", "王芳", "王伟", "陈静", "刘强"]
    );
}

#[test]
fn status_filter_keeps_only_that_status() {
    let f = |s| Filter {
        status: Some(s),
        ..Filter::default()
    };
    assert_eq!(run(&f(Status::Registered)), ["王伟"]);
    assert_eq!(run(&f(Status::Archived)), ["刘强"]);
    assert_eq!(run(&f(Status::PlanProposed)), ["陈静"]);
    assert!(run(&f(Status::Dispatched)).is_empty());
}

#[test]
fn open_only_drops_archived_and_cancelled() {
    let f = Filter {
        open_only: true,
        ..Filter::default()
    };
    assert_eq!(run(&f), ["张敏", "Wang Lei", "王伟", "陈静"]);
}

#[test]
fn category_filter() {
    let f = |c: &str| Filter {
        criteria: Criteria {
            category: Some(c.into()),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(run(&f("工程质量")), ["王伟", "陈静", "刘强"]);
    assert_eq!(run(&f("销售管理")), ["张敏"]);
    assert!(run(&f("付款事务")).is_empty());
}

#[test]
fn severity_filter() {
    let f = |s| Filter {
        criteria: Criteria {
            severity: Some(s),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(run(&f(Severity::Major)), ["张敏", "陈静"]);
    assert_eq!(
        run(&f(Severity::General)),
        ["Wang Lei", "王芳", "王伟", "刘强"]
    );
}

#[test]
fn channel_filter() {
    let f = |c| Filter {
        criteria: Criteria {
            channel: Some(c),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(run(&f(Channel::Phone)), ["Wang Lei", "王伟", "刘强"]);
    assert_eq!(run(&f(Channel::OnSite)), ["王芳"]);
    assert_eq!(run(&f(Channel::Wechat)), ["张敏"]);
    assert!(run(&f(Channel::Letter)).is_empty());
}

#[test]
fn handler_filter() {
    let f = |h: &str| Filter {
        handler: Some(h.into()),
        ..Filter::default()
    };
    assert_eq!(run(&f("李娜")), ["张敏", "刘强"]);
    assert_eq!(run(&f("陈杰")), ["Wang Lei", "陈静"]);
    assert!(run(&f("无此人")).is_empty());
}

#[test]
fn filters_combine_with_and() {
    let f = Filter {
        criteria: Criteria {
            category: Some("工程质量".into()),
            ..Criteria::default()
        },
        open_only: true,
        ..Filter::default()
    };
    assert_eq!(run(&f), ["王伟", "陈静"]);
    let f = Filter {
        criteria: Criteria {
            channel: Some(Channel::Phone),
            ..Criteria::default()
        },
        handler: Some("陈杰".into()),
        ..Filter::default()
    };
    assert_eq!(run(&f), ["Wang Lei"]);
    let f = Filter {
        criteria: Criteria {
            severity: Some(Severity::Major),
            ..Criteria::default()
        },
        status: Some(Status::Archived),
        ..Filter::default()
    };
    assert!(run(&f).is_empty());
}

#[test]
fn text_search_by_number_ignores_case() {
    assert_eq!(run(&text("SH01-A-20260302-0001")), ["刘强"]);
    assert_eq!(run(&text("sh01-a-20260302-0001")), ["刘强"]);
    assert_eq!(run(&text("sh02")), ["Wang Lei", "陈静"]);
    assert_eq!(run(&text("Sh01-b")), ["王芳"]);
    assert_eq!(run(&text("20260301")), ["张敏", "王伟"]);
}

#[test]
fn text_search_by_name() {
    assert_eq!(run(&text("王")), ["王芳", "王伟"]);
    assert_eq!(run(&text("王伟")), ["王伟"]);
    assert_eq!(run(&text("wang")), ["Wang Lei"]);
    assert_eq!(run(&text("WANG LEI")), ["Wang Lei"]);
}

#[test]
fn text_search_by_phone() {
    assert_eq!(run(&text("13800138000")), ["王伟"]);
    // Matches 021-12345678 and 13912345678, but not "0755 1234 5678" (spaces).
    assert_eq!(run(&text("12345678")), ["张敏", "刘强"]);
    assert_eq!(run(&text("021-")), ["张敏"]);
}

#[test]
fn text_search_by_unit_and_project() {
    assert_eq!(run(&text("3栋")), ["王伟", "陈静"]);
    assert_eq!(run(&text("1202")), ["王伟"]);
    assert_eq!(run(&text("翠湖天地")), ["王芳"]);
    assert_eq!(run(&text("滨江华府")), ["王伟", "陈静", "刘强"]);
}

#[test]
fn text_search_by_content() {
    assert_eq!(run(&text("渗水")), ["王伟", "陈静"]);
    assert_eq!(run(&text("车库")), ["王芳"]);
    assert_eq!(run(&text("parking")), ["张敏"]);
}

#[test]
fn several_words_must_all_match() {
    assert_eq!(run(&text("滨江华府 渗水")), ["王伟", "陈静"]);
    assert_eq!(run(&text("3栋 渗水 赔偿")), ["陈静"]);
    assert_eq!(run(&text("王 车库")), ["王芳"]);
    assert_eq!(run(&text("王 渗水")), ["王伟"]);
    // Words may come from different fields of the same complaint, in any order.
    assert_eq!(run(&text("赔偿 sh02")), ["陈静"]);
    assert!(run(&text("渗水 车库")).is_empty());
}

#[test]
fn extra_whitespace_in_the_search_is_ignored() {
    assert_eq!(run(&text("  渗水   滨江华府  ")), ["王伟", "陈静"]);
    assert_eq!(run(&text("   ")).len(), 6);
}

#[test]
fn a_word_does_not_match_across_two_fields() {
    // 王伟's project ends in "华府" and its unit starts with "3栋": joined text must not match.
    assert!(run(&text("华府3栋")).is_empty());
    // The number's tail and the name.
    assert!(run(&text("0001王伟")).is_empty());
}

#[test]
fn text_and_filters_combine() {
    let f = Filter {
        status: Some(Status::Archived),
        text: "滨江华府".into(),
        ..Filter::default()
    };
    assert_eq!(run(&f), ["刘强"]);
    let f = Filter {
        open_only: true,
        text: "滨江华府".into(),
        ..Filter::default()
    };
    assert_eq!(run(&f), ["王伟", "陈静"]);
}

// ---------------------------------------------------------------------------------------
// Sorts.
// ---------------------------------------------------------------------------------------

fn sorted(sort: Sort) -> Vec<String> {
    run(&Filter {
        sort,
        ..Filter::default()
    })
}

#[test]
fn sort_newest_first_by_registration() {
    assert_eq!(
        sorted(Sort::NewestFirst),
        ["张敏", "Wang Lei", "王芳", "王伟", "陈静", "刘强"]
    );
}

#[test]
fn sort_oldest_first_by_registration() {
    assert_eq!(
        sorted(Sort::OldestFirst),
        ["刘强", "陈静", "王伟", "王芳", "Wang Lei", "张敏"]
    );
}

#[test]
fn sort_most_recently_updated_first() {
    // updated: 张敏 9000, 刘强 8000, Wang Lei 7000, 王芳 4500, 王伟 3500, 陈静 2500
    assert_eq!(
        sorted(Sort::UpdatedFirst),
        ["张敏", "刘强", "Wang Lei", "王芳", "王伟", "陈静"]
    );
}

#[test]
fn sort_major_first_then_newest() {
    // major: 张敏 6000, 陈静 2000; general: Wang Lei 5000, 王芳 4000, 王伟 3000, 刘强 1000
    assert_eq!(
        sorted(Sort::SeverityFirst),
        ["张敏", "陈静", "Wang Lei", "王芳", "王伟", "刘强"]
    );
}

#[test]
fn sort_by_number() {
    // SH01-A-20260301-0001 王伟, SH01-A-20260301-0002 张敏, SH01-A-20260302-0001 刘强,
    // SH01-B-20260302-0001 王芳, SH02-A-20260303-0001 陈静, SH02-A-20260303-0002 Wang Lei
    assert_eq!(
        sorted(Sort::Number),
        ["王伟", "张敏", "刘强", "王芳", "陈静", "Wang Lei"]
    );
}

#[test]
fn sort_applies_to_a_filtered_result() {
    let f = Filter {
        criteria: Criteria {
            category: Some("工程质量".into()),
            ..Criteria::default()
        },
        sort: Sort::UpdatedFirst,
        ..Filter::default()
    };
    assert_eq!(run(&f), ["刘强", "王伟", "陈静"]);
}

#[test]
fn sort_codes_round_trip_and_unknown_falls_back_to_newest() {
    for (sort, code, label) in Sort::ALL {
        assert_eq!(Sort::from_code(code), *sort);
        assert!(!label.is_empty());
    }
    assert_eq!(Sort::from_code("severity"), Sort::SeverityFirst);
    assert_eq!(Sort::from_code("bogus"), Sort::NewestFirst);
    assert_eq!(Sort::from_code(""), Sort::NewestFirst);
}

// ---------------------------------------------------------------------------------------
// Narrowing.
// ---------------------------------------------------------------------------------------

#[test]
fn typing_more_of_the_same_search_narrows() {
    assert!(text("王").narrows(&Filter::default()));
    assert!(text("王伟").narrows(&text("王")));
    assert!(text("滨江华府 渗").narrows(&text("滨江华府")));
    assert!(text("wang l").narrows(&text("WANG")));
    assert!(text("渗水").narrows(&text("渗水")));
    assert!(Filter::default().narrows(&Filter::default()));
}

#[test]
fn deleting_or_changing_the_search_does_not_narrow() {
    assert!(!text("王").narrows(&text("王伟")));
    assert!(!Filter::default().narrows(&text("王")));
    assert!(!text("车库").narrows(&text("渗水")));
    // "ab" then "a b": the words are no longer one word.
    assert!(!text("滨 江").narrows(&text("滨江")));
}

#[test]
fn changing_any_other_field_does_not_narrow() {
    let base = text("滨江");
    let changes = [
        Filter {
            status: Some(Status::Registered),
            ..base.clone()
        },
        Filter {
            open_only: true,
            ..base.clone()
        },
        Filter {
            criteria: Criteria {
                category: Some("工程质量".into()),
                ..base.criteria.clone()
            },
            ..base.clone()
        },
        Filter {
            criteria: Criteria {
                severity: Some(Severity::Major),
                ..base.criteria.clone()
            },
            ..base.clone()
        },
        Filter {
            criteria: Criteria {
                channel: Some(Channel::Phone),
                ..base.criteria.clone()
            },
            ..base.clone()
        },
        Filter {
            handler: Some("李娜".into()),
            ..base.clone()
        },
        Filter {
            sort: Sort::Number,
            ..base.clone()
        },
    ];
    for f in changes {
        let mut longer = f.clone();
        longer.text = "滨江华府".into();
        assert!(!longer.narrows(&base), "{f:?}");
    }
}

#[test]
fn select_within_a_narrowed_result_equals_a_full_select() {
    let idx = index();
    let pairs: Vec<(Filter, Filter)> = vec![
        (Filter::default(), text("王")),
        (text("王"), text("王伟")),
        (text("滨江"), text("滨江华府 渗水")),
        (text("sh0"), text("SH01-A")),
        (text("WANG"), text("wang lei")),
        (
            Filter {
                open_only: true,
                sort: Sort::UpdatedFirst,
                ..text("滨江")
            },
            Filter {
                open_only: true,
                sort: Sort::UpdatedFirst,
                ..text("滨江华府")
            },
        ),
        (
            Filter {
                sort: Sort::Number,
                ..text("1")
            },
            Filter {
                sort: Sort::Number,
                ..text("13")
            },
        ),
        (
            Filter {
                sort: Sort::SeverityFirst,
                ..Filter::default()
            },
            Filter {
                sort: Sort::SeverityFirst,
                ..text("渗水")
            },
        ),
    ];
    for (prev, next) in pairs {
        assert!(next.narrows(&prev), "{next:?} should narrow {prev:?}");
        let prev_result = idx.select(&prev, None);
        let within = idx.select(&next, Some(&prev_result));
        let full = idx.select(&next, None);
        assert_eq!(within, full, "{prev:?} → {next:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Index maintenance.
// ---------------------------------------------------------------------------------------

#[test]
fn index_basics() {
    let idx = index();
    assert_eq!(idx.len(), 6);
    assert!(!idx.is_empty());
    // The rows as given, their content held in the search text alone.
    let expected: Vec<Summary> = rows()
        .into_iter()
        .map(|s| Summary {
            content: String::new(),
            ..s
        })
        .collect();
    assert_eq!(idx.rows(), expected.as_slice());
    assert!(idx
        .text_of(0)
        .is_some_and(|t| t.ends_with(&rows()[0].content)));
    assert!(idx.text_of(6).is_none());
    assert!(idx.get(6).is_none());
    assert!(QueueIndex::default().is_empty());
    assert!(QueueIndex::new(Vec::new())
        .select(&Filter::default(), None)
        .is_empty());
}

#[test]
fn handlers_are_distinct_sorted_and_skip_unassigned() {
    assert_eq!(index().handlers(), ["李娜", "陈杰"]);
}

#[test]
fn upsert_replaces_a_row_with_the_same_number() {
    let mut idx = index();
    let mut changed = rows()
        .into_iter()
        .find(|s| s.number == "SH01-A-20260301-0001")
        .unwrap();
    changed.status = Status::Dispatched;
    changed.handler = "赵刚".into();
    changed.name = "王伟强".into();
    changed.updated = 9500;
    idx.upsert(changed.clone());

    assert_eq!(idx.len(), 6, "replaced, not added");
    assert!(idx.contains("SH01-A-20260301-0001"));
    assert!(!idx.contains("SH01-A-20260301-0099"));
    let by_status = |s| Filter {
        status: Some(s),
        ..Filter::default()
    };
    assert!(names(&idx, &idx.select(&by_status(Status::Registered), None)).is_empty());
    assert_eq!(
        names(&idx, &idx.select(&by_status(Status::Dispatched), None)),
        ["王伟强"]
    );
    // The search text follows the new row.
    assert_eq!(names(&idx, &idx.select(&text("王伟强"), None)), ["王伟强"]);
    assert_eq!(
        names(&idx, &idx.select(&text("赵刚"), None)),
        Vec::<String>::new(),
        "handlers are filtered, not searched"
    );
    assert_eq!(idx.handlers(), ["李娜", "赵刚", "陈杰"]);
    let updated_first = Filter {
        sort: Sort::UpdatedFirst,
        ..Filter::default()
    };
    assert_eq!(names(&idx, &idx.select(&updated_first, None))[0], "王伟强");
}

#[test]
fn upsert_adds_a_new_number_at_the_end() {
    let mut idx = index();
    let new = row(
        "SH03-A-20260304-0001",
        Status::Registered,
        "付款事务",
        Severity::General,
        Channel::Letter,
        "",
        "周杰",
        "4008208820",
        "星河湾",
        "",
        "按揭放款后仍收到催款通知",
        7000,
        7000,
        None,
    );
    idx.upsert(new.clone());
    assert_eq!(idx.len(), 7);
    assert_eq!(
        idx.get(6),
        Some(&Summary {
            content: String::new(),
            ..new.clone()
        })
    );
    assert_eq!(names(&idx, &idx.select(&text("催款"), None)), ["周杰"]);
    assert_eq!(
        names(&idx, &idx.select(&Filter::default(), None))[0],
        "周杰"
    );
    // Upserting it again replaces it in place.
    let mut again = new;
    again.status = Status::Cancelled;
    idx.upsert(again);
    assert_eq!(idx.len(), 7);
    assert_eq!(idx.get(6).unwrap().status, Status::Cancelled);
}

#[test]
fn project_and_received_range_filters_as_a_dashboard_link_sets_them() {
    // 滨江华府: 王伟 3000, 陈静 2000, 刘强 1000; the range [2000, 5000) keeps 3000 and 2000 of
    // those, and 4000 (王芳) of the rest.
    let project = Filter {
        criteria: Criteria {
            project: Some(" 滨江华府 ".into()),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(run(&project), ["王伟", "陈静", "刘强"]);
    let range = Filter {
        criteria: Criteria {
            received: Some((2000, 5000)),
            ..Criteria::default()
        },
        ..Filter::default()
    };
    assert_eq!(run(&range), ["王芳", "王伟", "陈静"]);
    let both = Filter {
        criteria: Criteria {
            received: Some((2000, 5000)),
            ..project.criteria.clone()
        },
        ..project
    };
    assert_eq!(run(&both), ["王伟", "陈静"]);
}

#[test]
fn the_project_menu_lists_each_project_once_in_code_point_order() {
    // 云 U+4E91 < 御 U+5FA1 < 滨 U+6EE8 < 翠 U+7FE0; 滨江华府 has three rows.
    assert_eq!(
        index().projects(),
        ["云栖府", "御景湾", "滨江华府", "翠湖天地"]
    );
}
