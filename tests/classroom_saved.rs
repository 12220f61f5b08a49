//! The trainer's classes kept between visits: survive a reload, several
//! named classes, rename, delete; two tabs merged over many rounds with
//! nothing lost; damaged data salvaged (the caller backs it up); a newer
//! version never overwritten; stored results checked again on load.

use std::collections::BTreeMap;

use service_dojo::classroom::{Classes, ClassroomError, Pack, Results, Stored};
use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::progress::{Mode, SessionRecord};
use service_dojo::scenario::{builtin, Quality};
use service_dojo::scorer::{Competency, Scorer};

fn pack() -> Pack {
    let id = builtin().scenarios[0].id.clone();
    let pass = Competency::FOUR
        .iter()
        .map(|&c| (c, 60))
        .collect::<BTreeMap<_, _>>();
    Pack::new("第一周", vec![id], Mode::Practice, true, None, pass)
}

fn session(quality: Quality, pack: &Pack, seed: u64) -> SessionRecord {
    let scenario = builtin().get(&pack.scenarios[0]).unwrap();
    let mut c = Conversation::start(scenario, seed);
    while !c.over && c.exchanges.len() < 20 {
        let turn = c.turn(scenario).unwrap();
        let text = turn
            .options
            .iter()
            .find(|o| o.quality == quality)
            .unwrap()
            .text
            .get(Lang::Zh)
            .to_string();
        c.respond(scenario, Scorer::builtin(), &text, None, false);
    }
    SessionRecord::from_conversation(scenario, &c, pack.mode, true, 0.0, 60_000.0).unwrap()
}

/// The results code of one trainee (n makes each one distinct).
fn code(name: &str, n: u64) -> String {
    let pack = pack();
    let quality = if n % 2 == 0 {
        Quality::Good
    } else {
        Quality::Bad
    };
    let mut s = session(quality, &pack, 1);
    // Distinct content per trainee, as real play-throughs are.
    s.finished_ms += n as f64;
    Results::new(name, &pack, vec![s], 1.0e12 + n as f64, n).to_code()
}

/// What a tab does on every change: read what is stored now, merge, write.
fn save(tab: &mut Classes, storage: &mut Option<String>, backups: &mut Vec<String>) {
    if tab.merge_stored(storage.as_deref()).unwrap() {
        backups.push(storage.clone().unwrap());
    }
    *storage = Some(tab.to_json());
}

fn load(storage: &Option<String>) -> Classes {
    match Classes::read(storage.as_deref()) {
        Stored::Read(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn classes_survive_a_reload_named_renamed_and_deleted() {
    let library = builtin();
    let mut storage = None;
    let mut backups = Vec::new();
    let mut tab = load(&storage);
    let a = tab.add_class("  周一班  ", 1.0, 1);
    let b = tab.add_class("周三班", 2.0, 2);
    assert_ne!(a, b);
    let refused = tab.get_mut(&a).unwrap().import(
        &[
            ("wang.json".into(), code("王芳", 1)),
            ("li.json".into(), code("李四", 2)),
            ("junk.json".into(), "{ not json".into()),
            ("wang-again.json".into(), code("王芳", 1)),
        ],
        library,
    );
    let files: Vec<&str> = refused.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["junk.json", "wang-again.json"]);
    assert!(matches!(refused[1].error, ClassroomError::Duplicate { .. }));
    save(&mut tab, &mut storage, &mut backups);

    // A reload: the same classes, names and results, checked again.
    let mut reloaded = load(&storage);
    assert_eq!(reloaded, tab);
    assert_eq!(reloaded.get(&a).unwrap().name, "周一班");
    let class = reloaded.get(&a).unwrap().class(library);
    assert!(class.rejected.is_empty());
    let names: Vec<&str> = class.results.iter().map(|r| r.trainee.as_str()).collect();
    assert_eq!(names, ["李四", "王芳"]);
    assert!(reloaded.get(&b).unwrap().class(library).results.is_empty());

    assert!(reloaded.rename(&b, "周三晚班", 3.0));
    assert!(!reloaded.rename(&b, "   ", 4.0), "an empty name is refused");
    assert!(reloaded.delete(&a));
    save(&mut reloaded, &mut storage, &mut backups);
    let again = load(&storage);
    assert_eq!(again.classes.len(), 1);
    assert_eq!(again.classes[0].name, "周三晚班");
    assert!(backups.is_empty());
}

/// Two tabs, each importing into the same class and creating classes, over
/// many interleaved rounds: every import survives, deletions stick, the
/// newer name wins.
#[test]
fn two_tabs_never_lose_each_others_classes_or_results() {
    let library = builtin();
    let mut storage = None;
    let mut backups = Vec::new();
    let mut first = load(&storage);
    let shared = first.add_class("共用班", 1.0, 1);
    save(&mut first, &mut storage, &mut backups);
    let mut second = load(&storage);
    let codes: Vec<String> = (0..40).map(|n| code(&format!("学员{n}"), n)).collect();
    for round in 0..20u64 {
        // Both tabs work from what they last saw, then save in either order.
        let (x, y) = (round as usize * 2, round as usize * 2 + 1);
        first
            .get_mut(&shared)
            .unwrap()
            .import(&[(format!("{x}.json"), codes[x].clone())], library);
        second
            .get_mut(&shared)
            .unwrap()
            .import(&[(format!("{y}.json"), codes[y].clone())], library);
        first.add_class(&format!("一号标签页 {round}"), 10.0 + round as f64, round);
        second.add_class(
            &format!("二号标签页 {round}"),
            10.0 + round as f64,
            1000 + round,
        );
        if round % 2 == 0 {
            save(&mut first, &mut storage, &mut backups);
            save(&mut second, &mut storage, &mut backups);
        } else {
            save(&mut second, &mut storage, &mut backups);
            save(&mut first, &mut storage, &mut backups);
        }
    }
    let stored = load(&storage);
    let class = stored.get(&shared).unwrap().class(library);
    assert_eq!(class.results.len(), 40, "{:?}", class.rejected);
    assert_eq!(stored.classes.len(), 41);

    // One tab deletes a class while the other renames it: it stays deleted.
    let victim = stored.classes[1].id.clone();
    let mut a = load(&storage);
    let mut b = load(&storage);
    a.delete(&victim);
    b.rename(&victim, "改了名", 99.0);
    save(&mut a, &mut storage, &mut backups);
    save(&mut b, &mut storage, &mut backups);
    assert!(load(&storage).get(&victim).is_none());

    // Two renames: the later one wins whichever tab saves last.
    let mut a = load(&storage);
    let mut b = load(&storage);
    b.rename(&shared, "后改的名字", 200.0);
    a.rename(&shared, "先改的名字", 100.0);
    save(&mut b, &mut storage, &mut backups);
    save(&mut a, &mut storage, &mut backups);
    assert_eq!(load(&storage).get(&shared).unwrap().name, "后改的名字");
    assert!(backups.is_empty());
}

#[test]
fn damaged_classes_are_salvaged_and_the_original_backed_up() {
    let library = builtin();
    let mut tab = Classes::default();
    let id = tab.add_class("班级", 1.0, 1);
    tab.get_mut(&id).unwrap().import(
        &[
            ("a.json".into(), code("甲", 1)),
            ("b.json".into(), code("乙", 2)),
        ],
        library,
    );
    let other = tab.add_class("另一个班", 2.0, 2);
    let json = tab.to_json();

    // Not JSON at all: nothing to salvage; the writer must back it up first.
    assert_eq!(
        Classes::read(Some("{{{")),
        Stored::Damaged(Classes::default())
    );
    let mut fresh = Classes::default();
    assert_eq!(fresh.merge_stored(Some("{{{")), Ok(true));

    // One result and one class mangled: the rest is recovered.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["classes"][0]["results"][1] = serde_json::json!({"id": 5});
    value["classes"][1]["name"] = serde_json::json!(["not", "a", "name"]);
    value["classes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!("garbage"));
    let Stored::Damaged(salvaged) = Classes::read(Some(&value.to_string())) else {
        panic!("not seen as damaged");
    };
    assert_eq!(salvaged.classes.len(), 2);
    assert_eq!(salvaged.get(&id).unwrap().results.len(), 1);
    assert_eq!(salvaged.get(&other).unwrap().name, "?");

    // A newer version is never merged into or overwritten.
    let newer = json.replacen("\"version\":1", "\"version\":7", 1);
    assert_eq!(Classes::read(Some(&newer)), Stored::Newer(7));
    let e = Classes::default().merge_stored(Some(&newer)).unwrap_err();
    assert!(e.message().en.contains("v7"), "{}", e.message().en);
    assert!(e.message().zh.contains("v7"), "{}", e.message().zh);
}

/// Storage is not trusted: a result edited in storage is left out when the
/// class is loaded, named by its file, and the others are kept.
#[test]
fn a_result_edited_in_storage_is_left_out_with_its_file_named() {
    let library = builtin();
    let mut tab = Classes::default();
    let id = tab.add_class("班级", 1.0, 1);
    tab.get_mut(&id).unwrap().import(
        &[
            ("a.json".into(), code("甲", 1)),
            ("b.json".into(), code("乙", 2)),
        ],
        library,
    );
    let mut value: serde_json::Value = serde_json::from_str(&tab.to_json()).unwrap();
    value["classes"][0]["results"][0]["code"] = serde_json::json!("DOJO2:AAAA");
    let Stored::Read(read) = Classes::read(Some(&value.to_string())) else {
        panic!()
    };
    let class = read.get(&id).unwrap().class(library);
    assert_eq!(class.results.len(), 1);
    assert_eq!(class.rejected.len(), 1);
    assert_eq!(class.rejected[0].file, "a.json");
    assert!(class.rejected[0]
        .message()
        .en
        .starts_with("a.json: the results code is damaged"));
}
