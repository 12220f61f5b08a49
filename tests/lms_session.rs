//! A pack played inside a model LMS through `lms::session`, for SCORM 1.2
//! and 2004: every reply an interaction, the score and statuses at the end
//! agreeing with the results file, and a reload mid-pack resuming the same
//! turn from the suspend data the LMS kept. The model LMS keeps values by
//! element and checks what a runtime checks here: an interaction's id is
//! set first, indexes follow `_count`, suspend data within the limit.

use std::collections::{BTreeMap, BTreeSet};

use service_dojo::classroom::{Pack, Results};
use service_dojo::engine::Conversation;
use service_dojo::lms::report::Set;
use service_dojo::lms::session::LmsSession;
use service_dojo::lms::suspend::averages;
use service_dojo::lms::{js_len, Scorm};
use service_dojo::progress::{Mode, SessionRecord};
use service_dojo::scenario::builtin;
use service_dojo::scorer::{Competency, Scorer};

#[derive(Default)]
struct ModelLms {
    values: BTreeMap<String, String>,
    count: usize,
    limit: usize,
}

impl ModelLms {
    fn get(&self, element: &str) -> String {
        if element == "cmi.interactions._count" {
            return self.count.to_string();
        }
        self.values.get(element).cloned().unwrap_or_default()
    }

    fn apply(&mut self, sets: &[Set]) {
        for s in sets {
            if let Some(rest) = s.element.strip_prefix("cmi.interactions.") {
                let (index, field) = rest.split_once('.').unwrap();
                let index: usize = index.parse().unwrap();
                if field == "id" {
                    assert!(
                        index <= self.count,
                        "index {index} skips past _count {}",
                        self.count
                    );
                    if index == self.count {
                        self.count += 1;
                    }
                } else {
                    assert!(
                        self.values
                            .contains_key(&format!("cmi.interactions.{index}.id")),
                        "{} before its id",
                        s.element
                    );
                }
            }
            if s.element == "cmi.suspend_data" {
                assert!(
                    js_len(&s.value) <= self.limit,
                    "suspend data over the limit"
                );
            }
            self.values.insert(s.element.clone(), s.value.clone());
        }
    }
}

fn play_in_lms(version: Scorm) {
    let library = builtin();
    let ids: Vec<String> = library
        .scenarios
        .iter()
        .skip(2)
        .take(2)
        .map(|s| s.id.clone())
        .collect();
    let pass: BTreeMap<Competency, u8> = Competency::FOUR.iter().map(|&c| (c, 55)).collect();
    let pack = Pack::new("LMS 练习", ids.clone(), Mode::Assessment, false, None, pass);
    let mut lms = ModelLms {
        limit: version.suspend_limit(),
        ..Default::default()
    };
    let mut now = 1.8e12;

    let mut session = LmsSession::new(version, &pack, now);
    let [entry, suspend, count] = session.reads();
    let resume = session
        .resume(&lms.get(entry), &lms.get(suspend), &lms.get(count))
        .unwrap();
    assert_eq!(resume.position, 0);
    assert!(resume.conversation.is_none());
    lms.apply(&session.start());

    let mut records: Vec<SessionRecord> = Vec::new();
    let mut replies = 0;
    let mut reloaded = false;
    let mut position = 0;
    let mut conversation: Option<Conversation> = None;
    while position < ids.len() {
        let scenario = library.get(&ids[position]).unwrap();
        let mut c = conversation
            .take()
            .unwrap_or_else(|| Conversation::start(scenario, 40 + position as u64));
        while let Some(turn) = c.turn(scenario) {
            let reply = turn.model[0].text.zh.clone();
            c.respond(scenario, Scorer::builtin(), &reply, None, false);
            now += 20_000.0;
            let (sets, error) = session.reply(&c, 20_000.0, now);
            assert_eq!(error, None);
            lms.apply(&sets);
            replies += 1;
            // Reload after the first reply of the second scenario: a new
            // visit reads what the LMS kept and resumes the same turn.
            if position == 1 && !reloaded && !c.over {
                reloaded = true;
                lms.apply(&session.exit(now));
                assert_eq!(
                    lms.get(if version == Scorm::V12 {
                        "cmi.core.exit"
                    } else {
                        "cmi.exit"
                    }),
                    "suspend"
                );
                session = LmsSession::new(version, &pack, now);
                let [entry, suspend, count] = session.reads();
                let resume = session
                    .resume(&lms.get(entry), &lms.get(suspend), &lms.get(count))
                    .unwrap();
                assert_eq!(resume.position, 1);
                let resumed = resume.conversation.expect("a conversation to continue");
                assert_eq!(resumed.at, c.at);
                assert_eq!(resumed.mood, c.mood);
                assert_eq!(resumed.said, c.said);
                assert_eq!(averages(&resumed), averages(&c));
                c = resumed;
            }
            if c.exchanges.len() > 30 {
                break;
            }
        }
        let record =
            SessionRecord::from_conversation(scenario, &c, pack.mode, false, 0.0, now).unwrap();
        let (sets, error) = session.scenario_finished(&record);
        assert_eq!(error, None);
        lms.apply(&sets);
        records.push(record);
        position += 1;
    }
    assert!(reloaded, "the second scenario had more than one turn");
    lms.apply(&session.exit(now + 1_000.0));

    // Every reply is an interaction, with distinct ids.
    assert_eq!(lms.count, replies);
    let ids_seen: BTreeSet<String> = (0..lms.count)
        .map(|i| lms.get(&format!("cmi.interactions.{i}.id")))
        .collect();
    assert_eq!(ids_seen.len(), replies);
    // The score and statuses agree with the results file of the same play.
    let results = Results::new("学员", &pack, records, now, 1);
    let passed = results.judge().passed;
    match version {
        Scorm::V12 => {
            assert_eq!(lms.get("cmi.core.score.raw"), results.overall().to_string());
            assert_eq!(
                lms.get("cmi.core.lesson_status"),
                if passed { "passed" } else { "failed" }
            );
            assert_eq!(lms.get("cmi.core.exit"), "");
        }
        Scorm::V2004 => {
            assert_eq!(lms.get("cmi.score.raw"), results.overall().to_string());
            assert_eq!(lms.get("cmi.completion_status"), "completed");
            assert_eq!(
                lms.get("cmi.success_status"),
                if passed { "passed" } else { "failed" }
            );
            assert_eq!(lms.get("cmi.exit"), "normal");
        }
    }
    // A visit after the end resumes at the end, not at the start.
    let mut after = LmsSession::new(version, &pack, now);
    let [entry, suspend, count] = after.reads();
    let resume = after
        .resume(&lms.get(entry), &lms.get(suspend), &lms.get(count))
        .unwrap();
    assert_eq!(resume.position, 2);
    assert!(after.complete());
    // Its records make a results file the dashboard accepts, with the same verdict.
    let rebuilt = after.done_records(library, pack.mode, false);
    let again = Results::new("学员", &pack, rebuilt, now, 2);
    assert_eq!(
        Results::parse(&again.to_json()).unwrap().judge(),
        results.judge()
    );
}

#[test]
fn a_pack_in_a_scorm_12_lms_with_a_reload() {
    play_in_lms(Scorm::V12);
}

#[test]
fn a_pack_in_a_scorm_2004_lms_with_a_reload() {
    play_in_lms(Scorm::V2004);
}

#[test]
fn resume_data_of_another_pack_starts_afresh_with_a_message() {
    let library = builtin();
    let one = Pack::new(
        "a",
        vec![library.scenarios[0].id.clone()],
        Mode::Practice,
        false,
        None,
        BTreeMap::new(),
    );
    let two = Pack::new(
        "b",
        vec![library.scenarios[1].id.clone()],
        Mode::Practice,
        false,
        None,
        BTreeMap::new(),
    );
    let mut first = LmsSession::new(Scorm::V2004, &one, 0.0);
    first.resume("", "", "0").unwrap();
    let suspend = first
        .exit(1.0)
        .into_iter()
        .find(|s| s.element == "cmi.suspend_data")
        .unwrap()
        .value;
    let mut second = LmsSession::new(Scorm::V2004, &two, 0.0);
    let e = second.resume("resume", &suspend, "3").unwrap_err();
    assert!(
        e.message().en.contains("another pack"),
        "{}",
        e.message().en
    );
}
