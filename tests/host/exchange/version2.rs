//! The export file's version 2 (issue 12): buyers with their logs and callbacks travel in the
//! JSON and NDJSON files; a version-1 file still imports (migrated); two copies of a buyer
//! merge by entry id.

use complaint_desk::domain::exchange::{
    self, mask_export, parse_any, to_ndjson, ExportFile, ImportError, VERSION,
};

use super::files::sample_file;
use crate::aftersales::quotas::month_of_buyers;

fn v2_file() -> ExportFile {
    let mut file = sample_file();
    file.buyers = month_of_buyers();
    file
}

#[test]
fn this_build_writes_version_2_with_the_buyers() {
    assert_eq!(VERSION, 2);
    let file = v2_file();
    let text = serde_json::to_string(&file).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 2);
    let b = &v["buyers"][0];
    for key in [
        "id",
        "office",
        "name",
        "phones",
        "project",
        "building",
        "unit",
        "signed_on",
        "salesperson",
        "entries",
    ] {
        assert!(b.get(key).is_some(), "buyer field {key}");
    }
    let e = &b["entries"][0];
    assert_eq!(
        (
            e["type"].as_str(),
            e["kind"].as_str(),
            e["reached"].as_bool()
        ),
        (Some("callback"), Some("signing"), Some(true))
    );
    let back = exchange::parse_import(&text).unwrap();
    assert_eq!(back.buyers, file.buyers);
    assert_eq!(back.complaints.len(), 42);
}

#[test]
fn a_version_1_file_still_imports() {
    // What a version-1 build wrote: the same fields without `buyers`, version 1.
    let v2 = serde_json::to_string(&sample_file()).unwrap();
    let text = v2
        .replacen("\"version\":2", "\"version\":1", 1)
        .replacen(",\"buyers\":[]}", "}", 1);
    assert!(!text.contains("buyers") && text.len() < v2.len());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let imported = exchange::parse_import(&text).unwrap();
    assert!(imported.buyers.is_empty());
    let current = exchange::parse_import(&serde_json::to_string(&sample_file()).unwrap()).unwrap();
    let numbers = |i: &exchange::Imported| {
        i.complaints
            .iter()
            .map(|(c, _)| c.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(&imported), numbers(&current));
    // The step itself: version 2, no buyers.
    let file: ExportFile = serde_json::from_value(v.clone()).unwrap();
    let migrated = exchange::migrate_v1(file).unwrap();
    assert_eq!((migrated.version, migrated.buyers.len()), (2, 0));
    // A "version 1" file with buyers is no file any build wrote.
    let odd =
        serde_json::to_string(&v2_file())
            .unwrap()
            .replacen("\"version\":2", "\"version\":1", 1);
    let err = exchange::parse_import(&odd).unwrap_err();
    assert!(
        err.to_string().contains("版本 1 的文件不应有客户记录"),
        "{err}"
    );
    // A version-1 NDJSON file (no buyer lines, no buyer count) too.
    let ndjson = to_ndjson(&sample_file())
        .replacen("\"version\":2", "\"version\":1", 1)
        .replacen(",\"buyers\":0}", "}", 1);
    assert_eq!(parse_any(&ndjson).unwrap().complaints.len(), 42);
}

#[test]
fn the_ndjson_variant_carries_the_buyers() {
    let file = v2_file();
    let text = to_ndjson(&file);
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), 1 + 42 + file.buyers.len());
    assert!(lines[0].ends_with(&format!(",\"buyers\":{}}}", file.buyers.len())));
    assert!(lines[43].starts_with("{\"record\":\"buyer\",\"id\":\"SH01-"));
    let back = parse_any(&text).unwrap();
    assert_eq!(back.buyers, file.buyers);
    // A buyer line missing: refused, nothing read.
    let cut = lines[..lines.len() - 1].join("\n");
    assert_eq!(
        parse_any(&cut).unwrap_err().to_string(),
        format!(
            "文件应有 {} 条客户记录，实际有 {} 条（文件可能不完整）",
            file.buyers.len(),
            file.buyers.len() - 1
        )
    );
    // A sample for `tests/duckdb_check.py`'s quota query.
    let path =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ndjson-buyers-sample.ndjson");
    std::fs::write(&path, &text).unwrap();
}

#[test]
fn a_file_with_a_buyer_twice_or_an_entry_twice_is_refused() {
    let mut file = v2_file();
    file.buyers.push(file.buyers[0].clone());
    let err = exchange::parse_import(&serde_json::to_string(&file).unwrap()).unwrap_err();
    assert!(
        matches!(err, ImportError::DuplicateBuyer(ref id) if id == "SH01-s1"),
        "{err}"
    );
    let mut file = v2_file();
    let e = file.buyers[1].entries[0].clone();
    file.buyers[1].entries.push(e);
    let err = exchange::parse_import(&serde_json::to_string(&file).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "客户 客户s2 的服务记录中编号 {} 重复出现",
            file.buyers[1].entries[0].id
        )
    );
}

#[test]
fn a_masked_copy_hides_buyers_names_and_phones() {
    let masked = mask_export(&v2_file());
    assert_eq!(masked.buyers[0].name, "客*");
    assert_eq!(masked.buyers[0].phones, ["138****1111"]);
    assert_eq!(masked.buyers[0].entries, v2_file().buyers[0].entries);
}
