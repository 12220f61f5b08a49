//! What the app sets in the LMS, as data: element names and values for each
//! version, in the order they must be set (an interaction's `id` before the
//! rest, its `type` before its response). The browser adapter makes one
//! `SetValue` per [`Set`] and commits; nothing here touches the LMS.
//!
//! - one interaction per reply ([`interaction`]): id `scenario/turn/n`,
//!   type fill-in (1.2) or long-fill-in (2004), the reply cut to the
//!   version's limit with a marker, correct/wrong against the pack's pass
//!   marks, latency, time; in 2004 a description with the four competency
//!   scores and the main findings (SCORM 1.2 interactions have no
//!   description: the competencies go to four objectives, [`progress`]);
//! - the score, completion and success ([`progress`]);
//! - session time, exit mode, location and suspend data ([`exit`]).

use std::collections::BTreeMap;

use super::duration::{duration_2004, time_of_day_12, timespan_12, timestamp_2004};
use super::{truncate, Scorm};
use crate::engine::average;
use crate::scorer::{Assessment, Competency, Scores};

/// One `SetValue(element, value)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set {
    pub element: String,
    pub value: String,
}

fn set(element: impl Into<String>, value: impl Into<String>) -> Set {
    Set {
        element: element.into(),
        value: value.into(),
    }
}

/// SCORM 1.2 `student_response` of a fill-in (CMIFeedback): 255 characters.
pub const RESPONSE_LIMIT_12: usize = 255;
/// SCORM 2004 `learner_response` of a long-fill-in: 4,000 characters.
pub const RESPONSE_LIMIT_2004: usize = 4_000;
/// SCORM 2004 `description` (localized_string_type, SPM 250).
pub const DESCRIPTION_LIMIT_2004: usize = 250;
/// How many findings the description names (the ones that cost most first).
pub const MAIN_FINDINGS: usize = 3;

/// The elements read at start and written at exit, per version.
pub struct Elements {
    pub entry: &'static str,
    pub suspend_data: &'static str,
    pub location: &'static str,
    pub learner_id: &'static str,
    pub learner_name: &'static str,
    pub interaction_count: &'static str,
}

pub fn elements(version: Scorm) -> Elements {
    match version {
        Scorm::V12 => Elements {
            entry: "cmi.core.entry",
            suspend_data: "cmi.suspend_data",
            location: "cmi.core.lesson_location",
            learner_id: "cmi.core.student_id",
            learner_name: "cmi.core.student_name",
            interaction_count: "cmi.interactions._count",
        },
        Scorm::V2004 => Elements {
            entry: "cmi.entry",
            suspend_data: "cmi.suspend_data",
            location: "cmi.location",
            learner_id: "cmi.learner_id",
            learner_name: "cmi.learner_name",
            interaction_count: "cmi.interactions._count",
        },
    }
}

/// One reply, as the LMS is told about it.
#[derive(Clone, Debug)]
pub struct ReplyReport<'a> {
    pub scenario: &'a str,
    pub turn: &'a str,
    /// The reply's number within its scenario, from 1 (a turn can be answered twice).
    pub number: usize,
    pub reply: &'a str,
    pub assessment: &'a Assessment,
    /// From the customer's line shown to the reply sent.
    pub latency_ms: f64,
    /// When the reply was sent (ms since the epoch).
    pub at_ms: f64,
    /// The pack's pass marks.
    pub pass: &'a BTreeMap<Competency, u8>,
}

/// An identifier's characters: letters, digits, `-`, `_`, `.`; anything else becomes `_`.
fn id_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `scenario/turn/n`: the interaction's id (a URN in 2004, whose ids are URIs).
pub fn interaction_id(version: Scorm, scenario: &str, turn: &str, number: usize) -> String {
    let id = format!("{}/{}/{number}", id_part(scenario), id_part(turn));
    match version {
        Scorm::V12 => id,
        Scorm::V2004 => format!("urn:service-dojo:{id}"),
    }
}

/// Correct when every competency reaches the pack's mark; neutral when the
/// pack sets no marks (there is nothing to be right or wrong against).
pub fn passes(scores: &Scores, pass: &BTreeMap<Competency, u8>) -> Option<bool> {
    if pass.values().all(|&m| m == 0) {
        return None;
    }
    Some(
        Competency::FOUR
            .iter()
            .all(|&c| scores.get(c) >= pass.get(&c).copied().unwrap_or(0)),
    )
}

/// The four scores, the overall score and the findings that cost (or gave)
/// most, in English (LMS reports are read by administrators; the rule ids
/// are the same in both languages), cut to `limit`.
pub fn description(assessment: &Assessment, limit: usize) -> String {
    let s = &assessment.scores;
    let mut text = format!(
        "empathy {}, patience {}, emotion control {}, integrity {}; overall {}",
        s.empathy, s.patience, s.emotion_control, s.integrity, assessment.overall
    );
    let mut findings: Vec<_> = assessment
        .findings
        .iter()
        .filter(|f| f.points != 0)
        .collect();
    // Losses first, largest first; then gains, largest first.
    findings.sort_by_key(|f| (f.points > 0, -(f.points.abs())));
    if !findings.is_empty() {
        text.push_str(". Findings: ");
        let named: Vec<String> = findings
            .iter()
            .take(MAIN_FINDINGS)
            .map(|f| {
                if f.section.is_empty() {
                    format!("{} {:+}", f.rule, f.points)
                } else {
                    format!("{} {:+} ({})", f.rule, f.points, f.section)
                }
            })
            .collect();
        text.push_str(&named.join("; "));
    }
    truncate(&text, limit)
}

/// The learner's words as a response value: on one line (the LMS's
/// formats do not take line breaks), cut to `limit`.
fn response(reply: &str, limit: usize) -> String {
    let one_line: String = reply
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    truncate(one_line.trim(), limit)
}

/// The values to set for one reply, as interaction number `index` (the LMS's `_count` before it).
pub fn interaction(version: Scorm, index: usize, reply: &ReplyReport) -> Vec<Set> {
    let verdict = passes(&reply.assessment.scores, reply.pass);
    let id = interaction_id(version, reply.scenario, reply.turn, reply.number);
    match version {
        Scorm::V12 => {
            let p = format!("cmi.interactions.{index}.");
            vec![
                set(format!("{p}id"), id),
                set(format!("{p}type"), "fill-in"),
                set(
                    format!("{p}student_response"),
                    response(reply.reply, RESPONSE_LIMIT_12),
                ),
                set(
                    format!("{p}result"),
                    match verdict {
                        Some(true) => "correct",
                        Some(false) => "wrong",
                        None => "neutral",
                    },
                ),
                set(format!("{p}latency"), timespan_12(reply.latency_ms)),
                set(format!("{p}time"), time_of_day_12(reply.at_ms)),
            ]
        }
        Scorm::V2004 => {
            let p = format!("cmi.interactions.{index}.");
            let mut learner = response(reply.reply, RESPONSE_LIMIT_2004);
            // A leading `{` would be read as a delimiter (`{lang=…}`): name
            // the language as undetermined so the text is taken as it is.
            if learner.starts_with('{') {
                learner = truncate(&format!("{{lang=und}}{learner}"), RESPONSE_LIMIT_2004);
            }
            vec![
                set(format!("{p}id"), id),
                set(format!("{p}type"), "long-fill-in"),
                set(format!("{p}timestamp"), timestamp_2004(reply.at_ms)),
                set(format!("{p}learner_response"), learner),
                set(
                    format!("{p}result"),
                    match verdict {
                        Some(true) => "correct",
                        Some(false) => "incorrect",
                        None => "neutral",
                    },
                ),
                set(format!("{p}latency"), duration_2004(reply.latency_ms)),
                set(
                    format!("{p}description"),
                    description(reply.assessment, DESCRIPTION_LIMIT_2004),
                ),
            ]
        }
    }
}

/// One finished scenario of the pack, as far as the score is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    pub scores: Scores,
    pub overall: u8,
}

/// The pack's standing: each competency's mean over finished scenarios
/// against its mark, passed when all reach theirs (the rule of
/// `classroom::Results::judge`), the raw score the mean overall score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub means: Scores,
    pub raw: u8,
    pub passed: bool,
    pub done: usize,
    pub total: usize,
}

pub fn standing(pass: &BTreeMap<Competency, u8>, done: &[Finished], total: usize) -> Standing {
    let means = average(done.iter().map(|f| &f.scores)).unwrap_or_default();
    let sum: u32 = done.iter().map(|f| f.overall as u32).sum();
    let raw = (sum / done.len().max(1) as u32) as u8;
    let passed = Competency::FOUR
        .iter()
        .all(|&c| means.get(c) >= pass.get(&c).copied().unwrap_or(0));
    Standing {
        means,
        raw,
        passed,
        done: done.len(),
        total,
    }
}

/// A number for a SCORM decimal: at most 4 places, no trailing zeros.
fn decimal(x: f64) -> String {
    let text = format!("{x:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Score, completion and success after a scenario of the pack ends (and at
/// start, with nothing done). Completed when every scenario is done; passed
/// or failed only then (before, 1.2 says incomplete and 2004 unknown). In
/// 1.2 the four competencies are also objectives with their mean scores and
/// status, since its interactions have no description.
pub fn progress(version: Scorm, pass: &BTreeMap<Competency, u8>, standing: &Standing) -> Vec<Set> {
    let complete = standing.done >= standing.total && standing.total > 0;
    let mut sets = Vec::new();
    let scored = standing.done > 0;
    match version {
        Scorm::V12 => {
            if scored {
                sets.push(set("cmi.core.score.min", "0"));
                sets.push(set("cmi.core.score.max", "100"));
                sets.push(set("cmi.core.score.raw", standing.raw.to_string()));
            }
            let status = match (complete, standing.passed) {
                (false, _) => "incomplete",
                (true, true) => "passed",
                (true, false) => "failed",
            };
            sets.push(set("cmi.core.lesson_status", status));
            if scored {
                for (n, c) in Competency::FOUR.iter().enumerate() {
                    let p = format!("cmi.objectives.{n}.");
                    let mark = pass.get(c).copied().unwrap_or(0);
                    let score = standing.means.get(*c);
                    sets.push(set(format!("{p}id"), c.id()));
                    sets.push(set(format!("{p}score.min"), "0"));
                    sets.push(set(format!("{p}score.max"), "100"));
                    sets.push(set(format!("{p}score.raw"), score.to_string()));
                    let status = match (complete, score >= mark) {
                        (false, _) => "incomplete",
                        (true, true) => "passed",
                        (true, false) => "failed",
                    };
                    sets.push(set(format!("{p}status"), status));
                }
            }
        }
        Scorm::V2004 => {
            if scored {
                sets.push(set("cmi.score.min", "0"));
                sets.push(set("cmi.score.max", "100"));
                sets.push(set("cmi.score.raw", standing.raw.to_string()));
                sets.push(set(
                    "cmi.score.scaled",
                    decimal(standing.raw as f64 / 100.0),
                ));
            }
            if standing.total > 0 {
                sets.push(set(
                    "cmi.progress_measure",
                    decimal(standing.done.min(standing.total) as f64 / standing.total as f64),
                ));
            }
            sets.push(set(
                "cmi.completion_status",
                if complete { "completed" } else { "incomplete" },
            ));
            sets.push(set(
                "cmi.success_status",
                match (complete, standing.passed) {
                    (false, _) => "unknown",
                    (true, true) => "passed",
                    (true, false) => "failed",
                },
            ));
        }
    }
    sets
}

/// At the end of the visit: the session time, whether to come back
/// (suspend) or not, where the trainee is, and the suspend data.
pub fn exit(
    version: Scorm,
    session_ms: f64,
    complete: bool,
    location: &str,
    suspend: &str,
) -> Vec<Set> {
    let e = elements(version);
    match version {
        Scorm::V12 => vec![
            set("cmi.core.session_time", timespan_12(session_ms)),
            set(e.location, location),
            set(e.suspend_data, suspend),
            set("cmi.core.exit", if complete { "" } else { "suspend" }),
        ],
        Scorm::V2004 => vec![
            set("cmi.session_time", duration_2004(session_ms)),
            set(e.location, location),
            set(e.suspend_data, suspend),
            set("cmi.exit", if complete { "normal" } else { "suspend" }),
        ],
    }
}

/// Whether the LMS says this is a return visit (`resume`) rather than a first one.
pub fn is_resume(entry: &str) -> bool {
    entry.trim() == "resume"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;
    use crate::scorer::Finding;

    fn assessment(scores: [u8; 4], overall: u8, findings: &[(&str, i32)]) -> Assessment {
        Assessment {
            scores: Scores {
                empathy: scores[0],
                patience: scores[1],
                emotion_control: scores[2],
                integrity: scores[3],
            },
            overall,
            findings: findings
                .iter()
                .map(|(rule, points)| Finding {
                    competency: Competency::Empathy,
                    rule: rule.to_string(),
                    points: *points,
                    span: None,
                    message: Text::default(),
                    section: "02 §3.5".into(),
                    suggestion: None,
                })
                .collect(),
            expectations: vec![],
            acts: vec![],
        }
    }

    fn value<'a>(sets: &'a [Set], element: &str) -> &'a str {
        &sets
            .iter()
            .find(|s| s.element == element)
            .unwrap_or_else(|| panic!("no {element}"))
            .value
    }

    #[test]
    fn one_reply_in_each_version() {
        let a = assessment(
            [72, 65, 80, 90],
            76,
            &[
                ("cold", -15),
                ("warm", 5),
                ("curt", -20),
                ("x", -1),
                ("y", -2),
            ],
        );
        let pass: BTreeMap<_, _> = [(Competency::Empathy, 70), (Competency::Integrity, 60)].into();
        let long = "好".repeat(5000);
        let reply = ReplyReport {
            scenario: "angry-late-cake",
            turn: "t2",
            number: 3,
            reply: &long,
            assessment: &a,
            latency_ms: 12_340.0,
            at_ms: 1_795_990_212_345.0,
            pass: &pass,
        };
        let v12 = interaction(Scorm::V12, 4, &reply);
        assert_eq!(v12[0], set("cmi.interactions.4.id", "angry-late-cake/t2/3"));
        assert_eq!(value(&v12, "cmi.interactions.4.type"), "fill-in");
        let response = value(&v12, "cmi.interactions.4.student_response");
        assert_eq!(super::super::js_len(response), 255);
        assert!(response.ends_with('…'));
        assert_eq!(value(&v12, "cmi.interactions.4.result"), "correct");
        assert_eq!(value(&v12, "cmi.interactions.4.latency"), "0000:00:12.34");
        assert_eq!(value(&v12, "cmi.interactions.4.time"), "22:10:12");

        let v2004 = interaction(Scorm::V2004, 0, &reply);
        assert_eq!(
            v2004[0],
            set(
                "cmi.interactions.0.id",
                "urn:service-dojo:angry-late-cake/t2/3"
            )
        );
        assert_eq!(v2004[1], set("cmi.interactions.0.type", "long-fill-in"));
        assert_eq!(
            super::super::js_len(value(&v2004, "cmi.interactions.0.learner_response")),
            4000
        );
        assert_eq!(value(&v2004, "cmi.interactions.0.latency"), "PT12.34S");
        assert_eq!(
            value(&v2004, "cmi.interactions.0.timestamp"),
            "2026-11-29T22:10:12.34Z"
        );
        let d = value(&v2004, "cmi.interactions.0.description");
        assert!(
            d.starts_with("empathy 72, patience 65, emotion control 80, integrity 90; overall 76"),
            "{d}"
        );
        // The three costliest findings, largest loss first; the small ones and the gain are left out.
        assert!(
            d.contains("Findings: curt -20 (02 §3.5); cold -15 (02 §3.5); y -2"),
            "{d}"
        );
        assert!(!d.contains("warm"));

        // Below a mark: wrong / incorrect; no marks at all: neutral.
        let low = assessment([50, 65, 80, 90], 60, &[]);
        let r = ReplyReport {
            assessment: &low,
            ..reply.clone()
        };
        assert_eq!(
            value(&interaction(Scorm::V12, 0, &r), "cmi.interactions.0.result"),
            "wrong"
        );
        assert_eq!(
            value(
                &interaction(Scorm::V2004, 0, &r),
                "cmi.interactions.0.result"
            ),
            "incorrect"
        );
        let none = BTreeMap::new();
        let r = ReplyReport { pass: &none, ..r };
        assert_eq!(
            value(
                &interaction(Scorm::V2004, 0, &r),
                "cmi.interactions.0.result"
            ),
            "neutral"
        );
    }

    #[test]
    fn responses_are_one_line_and_not_read_as_delimiters() {
        let a = assessment([70; 4], 70, &[]);
        let pass = BTreeMap::new();
        let reply = ReplyReport {
            scenario: "s 1",
            turn: "t/1",
            number: 1,
            reply: "{好的}\n马上处理",
            assessment: &a,
            latency_ms: 0.0,
            at_ms: 0.0,
            pass: &pass,
        };
        let v = interaction(Scorm::V2004, 0, &reply);
        assert_eq!(
            value(&v, "cmi.interactions.0.id"),
            "urn:service-dojo:s_1/t_1/1"
        );
        assert_eq!(
            value(&v, "cmi.interactions.0.learner_response"),
            "{lang=und}{好的} 马上处理"
        );
        let v = interaction(Scorm::V12, 0, &reply);
        assert_eq!(
            value(&v, "cmi.interactions.0.student_response"),
            "{好的} 马上处理"
        );
    }

    #[test]
    fn a_long_description_is_cut_with_the_marker() {
        let names: Vec<(String, i32)> = (0..3)
            .map(|i| (format!("rule_{}", "x".repeat(100 + i)), -10))
            .collect();
        let findings: Vec<(&str, i32)> = names.iter().map(|(n, p)| (n.as_str(), *p)).collect();
        let d = description(
            &assessment([1, 2, 3, 4], 5, &findings),
            DESCRIPTION_LIMIT_2004,
        );
        assert_eq!(super::super::js_len(&d), 250);
        assert!(d.ends_with('…'));
    }

    #[test]
    fn score_completion_and_success() {
        let pass: BTreeMap<_, _> = [(Competency::Empathy, 70)].into();
        let f = |e: u8, o: u8| Finished {
            scores: Scores {
                empathy: e,
                patience: 80,
                emotion_control: 80,
                integrity: 80,
            },
            overall: o,
        };
        // Half-way: incomplete, success unknown, score so far.
        let half = standing(&pass, &[f(90, 81)], 2);
        let v = progress(Scorm::V2004, &pass, &half);
        assert_eq!(value(&v, "cmi.completion_status"), "incomplete");
        assert_eq!(value(&v, "cmi.success_status"), "unknown");
        assert_eq!(value(&v, "cmi.score.raw"), "81");
        assert_eq!(value(&v, "cmi.score.scaled"), "0.81");
        assert_eq!(value(&v, "cmi.progress_measure"), "0.5");
        let v = progress(Scorm::V12, &pass, &half);
        assert_eq!(value(&v, "cmi.core.lesson_status"), "incomplete");
        assert_eq!(value(&v, "cmi.objectives.0.id"), "empathy");
        assert_eq!(value(&v, "cmi.objectives.0.score.raw"), "90");
        // Done, mean empathy (90+49)/2 = 69.5 → 70 (rounded as results are): passed.
        let done = standing(&pass, &[f(90, 81), f(49, 60)], 2);
        assert_eq!(done.means.empathy, 70);
        assert_eq!(done.raw, 70);
        assert!(done.passed);
        let v = progress(Scorm::V2004, &pass, &done);
        assert_eq!(value(&v, "cmi.completion_status"), "completed");
        assert_eq!(value(&v, "cmi.success_status"), "passed");
        assert_eq!(value(&v, "cmi.progress_measure"), "1");
        assert_eq!(
            value(
                &progress(Scorm::V12, &pass, &done),
                "cmi.core.lesson_status"
            ),
            "passed"
        );
        let failed = standing(&pass, &[f(90, 81), f(40, 60)], 2);
        assert_eq!(
            value(
                &progress(Scorm::V12, &pass, &failed),
                "cmi.core.lesson_status"
            ),
            "failed"
        );
        assert_eq!(
            value(
                &progress(Scorm::V12, &pass, &failed),
                "cmi.objectives.0.status"
            ),
            "failed"
        );
        assert_eq!(
            value(
                &progress(Scorm::V2004, &pass, &failed),
                "cmi.success_status"
            ),
            "failed"
        );
        // Nothing done yet: no score is claimed.
        let start = standing(&pass, &[], 2);
        assert!(progress(Scorm::V2004, &pass, &start)
            .iter()
            .all(|s| !s.element.starts_with("cmi.score")));
    }

    #[test]
    fn exit_values() {
        let v = exit(Scorm::V12, 65_300.0, false, "2", "data");
        assert_eq!(value(&v, "cmi.core.session_time"), "0000:01:05.30");
        assert_eq!(value(&v, "cmi.core.exit"), "suspend");
        assert_eq!(value(&v, "cmi.core.lesson_location"), "2");
        let v = exit(Scorm::V2004, 65_300.0, true, "2", "data");
        assert_eq!(value(&v, "cmi.session_time"), "PT1M5.30S");
        assert_eq!(value(&v, "cmi.exit"), "normal");
        assert_eq!(value(&v, "cmi.suspend_data"), "data");
        assert!(is_resume("resume") && !is_resume("ab-initio") && !is_resume(""));
    }
}
