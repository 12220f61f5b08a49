//! Classroom mode: packs, results with checksums, and the dashboard figures.

use std::collections::BTreeMap;

use service_dojo::classroom::{Class, Pack, Results};
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

/// A trainee who always picks options of one quality.
fn results(name: &str, quality: Quality, pack: &Pack) -> Results {
    let sessions: Vec<SessionRecord> = pack
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let scenario = builtin().get(id).unwrap();
            let mut c = Conversation::start(scenario, 100 + i as u64);
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
            SessionRecord::from_conversation(scenario, &c, pack.mode, pack.beginner, 0.0, 60_000.0)
                .unwrap()
        })
        .collect();
    Results::new(name, pack, sessions, 1.0e12)
}

#[test]
fn a_pack_travels_as_a_link_code_and_as_a_file() {
    let pack = pack();
    assert_eq!(Pack::parse(&pack.to_code(), builtin()).unwrap(), pack);
    assert_eq!(Pack::parse(&pack.to_json(), builtin()).unwrap(), pack);
    assert!(Pack::parse("not a pack", builtin()).is_err());
    let mut unknown = pack.clone();
    unknown.scenarios.push("no-such-scenario".into());
    assert!(Pack::parse(&unknown.to_json(), builtin())
        .unwrap_err()
        .en
        .contains("no-such-scenario"));
}

#[test]
fn results_survive_file_and_code_and_detect_edits() {
    let pack = pack();
    let r = results("小张", Quality::Good, &pack);
    assert_eq!(Results::parse(&r.to_json()).unwrap(), r);
    assert_eq!(Results::parse(&r.to_code()).unwrap(), r);
    let edited = r.to_json().replacen("小张", "小章", 1);
    assert!(Results::parse(&edited).unwrap_err().en.contains("checksum"));
    let mut code = r.to_code();
    code.truncate(code.len() - 10);
    assert!(Results::parse(&code).is_err());
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
    let reasons: Vec<String> = class
        .rejected
        .iter()
        .map(|r| format!("{}: {}", r.file, r.reason.en))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons[0].contains("duplicate"));
    assert!(reasons[1].contains("another pack"));
    assert!(reasons[2].contains("cannot be read"));
    assert!(class.rejected[2].reason.zh.contains("无法读取"));

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
