//! The buyer list's CSV import: UTF-8 (with or without BOM) and GBK, headers by name
//! and synonym, a bad row refusing the whole file with its line and reason, re-import adding
//! nothing.

use complaint_desk::domain::aftersales::{
    decode_csv, parse_buyer_csv, plan_import, BuyerRow, CsvError,
};

use chrono::NaiveDate;

use super::fixtures::d;

const UTF8: &str = "姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问\r\n\
王芳,13800001111,江南府,1栋,1203,2026-03-05,,李娜\r\n\
\"欧阳娜娜\",\"021-55556666 / 139 0000 2222\",江南府,2栋,=\"0801\",2026/3/8,2026-09-30,李娜\r\n";

/// The same kind of list as Chinese Excel saves it (GBK), with synonyms for the headers:
/// 客户姓名,联系电话,楼盘,楼栋,房号,签约日期,交房日期,置业顾问 / 王芳,13800001111,江南府,1栋,1203,
/// 2026/3/5,,李娜 / 欧阳娜娜,021-55556666,江南府,2栋,801,2026年3月8日,2026-09-30,李娜
/// (bytes from a GBK encoder outside the app).
const GBK_HEX: &str = "bfcdbba7d0d5c3fb2cc1aacfb5b5e7bbb02cc2a5c5cc2cc2a5b6b02cb7bfbac52cc7a9d4bcc8d5c6da2cbdbbb7bfc8d5c6da2cd6c3d2b5b9cbceca0d0acdf5b7bc2c31333830303030313131312cbdadc4cfb8ae2c31b6b02c313230332c323032362f332f352c2cc0eec4c80d0ac5b7d1f4c4c8c4c82c3032312d35353535363636362cbdadc4cfb8ae2c32b6b02c3830312c32303236c4ea33d4c238c8d52c323032362d30392d33302cc0eec4c80d0a";

/// A stand-in for the browser's `TextDecoder('gbk')` that knows the characters of the file
/// above (from the GBK code table); anything else is undecodable.
fn tiny_gbk(bytes: &[u8]) -> Option<String> {
    const TABLE: &[(u16, char)] = &[
        (0xd2b5, '业'),
        (0xbdbb, '交'),
        (0xc4cf, '南'),
        (0xbac5, '号'),
        (0xc3fb, '名'),
        (0xd0d5, '姓'),
        (0xc4c8, '娜'),
        (0xbfcd, '客'),
        (0xc4ea, '年'),
        (0xb8ae, '府'),
        (0xbba7, '户'),
        (0xb7bf, '房'),
        (0xc8d5, '日'),
        (0xd4c2, '月'),
        (0xc6da, '期'),
        (0xc0ee, '李'),
        (0xb6b0, '栋'),
        (0xc2a5, '楼'),
        (0xc5b7, '欧'),
        (0xbdad, '江'),
        (0xcdf5, '王'),
        (0xb5e7, '电'),
        (0xc5cc, '盘'),
        (0xc7a9, '签'),
        (0xcfb5, '系'),
        (0xd4bc, '约'),
        (0xd6c3, '置'),
        (0xc1aa, '联'),
        (0xb7bc, '芳'),
        (0xbbb0, '话'),
        (0xceca, '问'),
        (0xd1f4, '阳'),
        (0xb9cb, '顾'),
    ];
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            out.push(bytes[i] as char);
            i += 1;
        } else {
            let code = u16::from_be_bytes([bytes[i], *bytes.get(i + 1)?]);
            out.push(TABLE.iter().find(|(c, _)| *c == code)?.1);
            i += 2;
        }
    }
    Some(out)
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn no_gbk(_: &[u8]) -> Option<String> {
    None
}

#[test]
fn a_utf8_list_with_or_without_bom() {
    for bytes in [
        UTF8.as_bytes().to_vec(),
        [b"\xef\xbb\xbf".as_slice(), UTF8.as_bytes()].concat(),
    ] {
        let text = decode_csv(&bytes, no_gbk).unwrap();
        let rows = parse_buyer_csv(&text).unwrap();
        assert_eq!(
            rows[1],
            BuyerRow {
                line: 3,
                name: "欧阳娜娜".into(),
                phones: vec!["021-55556666".into(), "139 0000 2222".into()],
                project: "江南府".into(),
                building: "2栋".into(),
                unit: "0801".into(),
                signed_on: d(2026, 3, 8),
                handover_on: Some(d(2026, 9, 30)),
                salesperson: "李娜".into(),
            }
        );
        assert_eq!(rows[0].signed_on, d(2026, 3, 5));
        assert_eq!(rows[0].handover_on, None);
    }
}

#[test]
fn phones_in_one_cell_are_split() {
    let text = "姓名,电话,项目,房号,签约日期,销售顾问\n王芳,021-55556666/13900002222、13700003333,江南府,1203,2026-03-05,李娜\n";
    let rows = parse_buyer_csv(text).unwrap();
    assert_eq!(
        rows[0].phones,
        ["021-55556666", "13900002222", "13700003333"]
    );
    assert_eq!(rows[0].building, "", "楼栋 may be left out");
}

#[test]
fn a_gbk_list_with_header_synonyms() {
    let bytes = hex(GBK_HEX);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the bytes are not UTF-8"
    );
    assert_eq!(decode_csv(&bytes, no_gbk), Err(CsvError::Encoding));
    let text = decode_csv(&bytes, tiny_gbk).unwrap();
    let rows = parse_buyer_csv(&text).unwrap();
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        NaiveDate,
        Option<NaiveDate>,
        &'a str,
    );
    let got: Vec<Row> = rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.phones[0].as_str(),
                r.unit.as_str(),
                r.signed_on,
                r.handover_on,
                r.salesperson.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("王芳", "13800001111", "1203", d(2026, 3, 5), None, "李娜"),
            (
                "欧阳娜娜",
                "021-55556666",
                "801",
                d(2026, 3, 8),
                Some(d(2026, 9, 30)),
                "李娜"
            ),
        ]
    );
}

#[test]
fn a_bad_row_refuses_the_file_with_its_line_and_reason() {
    let head = "姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问\n";
    let good = "王芳,13800001111,江南府,1栋,1203,2026-03-05,,李娜\n";
    for (row, message) in [
        (
            "李四,,江南府,1栋,1204,2026-03-05,,李娜",
            "第 3 行（李四）：「电话」为空",
        ),
        (
            ",13800002222,江南府,1栋,1204,2026-03-05,,李娜",
            "第 3 行（姓名为空）：「姓名」为空",
        ),
        (
            "李四,138,江南府,1栋,1204,2026-03-05,,李娜",
            "第 3 行（李四）：电话 138 不是有效的号码",
        ),
        (
            "李四,13800002222,江南府,1栋,1204,2026-13-05,,李娜",
            "第 3 行（李四）：签约日期 2026-13-05 不是有效的日期（应写成 2026-03-05 这样）",
        ),
        (
            "李四,13800002222,江南府,1栋,1204,2026-03-05,2026-01-01,李娜",
            "第 3 行（李四）：交房日期 2026-01-01 早于签约日期 2026-03-05",
        ),
        (
            "李四,13800002222,江南府,1栋,1204,2026-03-05,,",
            "第 3 行（李四）：「销售顾问」为空",
        ),
        (
            "王芳,138 0000 1111,江南府,1栋,1203,2026-03-06,,李娜",
            "第 3 行（王芳）：与第 2 行是同一套房的同一位客户（项目、楼栋、房号和电话都相同）",
        ),
    ] {
        let err = parse_buyer_csv(&format!("{head}{good}{row}\n{good}")).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
    let err =
        parse_buyer_csv("姓名,电话,楼盘,房号,签约日期\n王芳,1380000111,江南府,1,2026-01-01\n")
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        "表头中没有「销售顾问」列（也可写作：置业顾问、销售人员、业务员、经办人）"
    );
    assert_eq!(parse_buyer_csv(head), Err(CsvError::NoRows));
    assert_eq!(parse_buyer_csv(""), Err(CsvError::Empty));
    assert_eq!(
        parse_buyer_csv(&format!("{head}\"王芳,1")),
        Err(CsvError::Quote(2))
    );
}

#[test]
fn importing_again_adds_nothing_and_fills_what_became_known() {
    let rows = parse_buyer_csv(UTF8).unwrap();
    let first = plan_import(rows.clone(), &[], "SH01");
    assert_eq!((first.new, first.updated, first.unchanged), (2, 0, 0));
    let stored = first.writes.clone();
    let again = plan_import(rows, &stored, "SH01");
    assert_eq!(
        (
            again.new,
            again.updated,
            again.unchanged,
            again.writes.len()
        ),
        (0, 0, 2, 0)
    );
    assert_eq!(
        again.rows.iter().map(|r| r.outcome).collect::<Vec<_>>(),
        ["已有", "已有"]
    );
    // The sales system now knows 王芳's handover date; the phone is written differently.
    let later = "客户姓名,手机,楼盘,楼栋,单元,签约日期,交房日期,置业顾问\n王芳,138-0000-1111,江南府,1栋,1203,2026-03-05,2026-10-01,李娜\n";
    let plan = plan_import(parse_buyer_csv(later).unwrap(), &stored, "SH01");
    assert_eq!((plan.new, plan.updated, plan.unchanged), (0, 1, 0));
    assert_eq!(plan.writes[0].id, stored[0].id);
    assert_eq!(plan.writes[0].handover_on, Some(d(2026, 10, 1)));
    assert_eq!(
        plan.writes[0].phones,
        ["13800001111"],
        "the same phone is not added twice"
    );
    // Ids come from the office and the import key: another device gets the same ones.
    assert_eq!(
        plan_import(parse_buyer_csv(UTF8).unwrap(), &[], "SH01").writes[0].id,
        stored[0].id
    );
}
