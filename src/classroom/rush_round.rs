//! A rush-hour round inside an exercise pack (issue 16 item 3): the trainer
//! names two or three scenarios whose customers come at once; the trainee
//! plays them after the pack's ordinary scenarios; each customer becomes one
//! more session of the results (so the dashboard's table, transcripts and
//! figures count them like any other), and what only rush hour has — who
//! left, how long each waited, late replies, the timeline — travels beside
//! them in [`RushResults`], checked on import like everything else.
//!
//! Versioned: a pack with a rush round is written as pack version
//! [`RUSH_PACK_VERSION`] (an older app refuses it by its version instead of
//! silently dropping the round); a pack without one stays version 1, so
//! older apps still open it and its id does not change.

use serde::{Deserialize, Serialize};

use super::error::ClassroomError;
use super::pack::Pack;
use super::results::Results;
use crate::engine::rush::{Event, EventKind, RushHour};
use crate::i18n::Text;
use crate::progress::{Mode, SessionRecord};
use crate::scenario::{Channel, EndingKind, Library, Scenario};

/// Customers in one rush (the rush page plays two or three at once).
pub const MIN_DESKS: usize = 2;
pub const MAX_DESKS: usize = 3;
/// The first pack version that can carry a rush round.
pub const RUSH_PACK_VERSION: u32 = 2;
/// The ending id of a customer who left because they were forgotten (no
/// scenario ending: the conversation never reached one).
pub const LEFT_ENDING: &str = "rush-left";
/// Timeline events in one results file (a rush of three customers has a few
/// dozen; the bound keeps a forged file small to check).
pub const MAX_EVENTS: usize = 1_000;

/// The trainer's choice: which scenarios come at once, in order of arrival.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RushRound {
    pub scenarios: Vec<String>,
}

/// Why a rush round (in a pack or a results file) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RushError {
    /// Not two or three customers.
    DeskCount { count: usize },
    /// The same scenario twice in one rush.
    Repeated(String),
    /// A phone scenario: a call cannot wait in a tab while another is served.
    NotChat(String),
    /// The results' rush part does not fit the pack's round (missing, extra,
    /// another number of customers, a customer marked left who was not).
    Mismatch,
    /// A time that is negative or not a number.
    BadTime,
    /// More timeline events than [`MAX_EVENTS`].
    TooManyEvents { count: usize },
    /// A rush round in a pack that claims a version before rush rounds
    /// (an older app would drop the round without a word).
    OldVersion { version: u32 },
}

impl RushError {
    pub fn message(&self) -> Text {
        match self {
            RushError::DeskCount { count } => Text::new(
                format!("高峰时段需要 {MIN_DESKS}–{MAX_DESKS} 个场景，这里有 {count} 个"),
                format!("a rush-hour round needs {MIN_DESKS}–{MAX_DESKS} scenarios; this one has {count}"),
            ),
            RushError::Repeated(id) => Text::new(
                format!("高峰时段里场景“{id}”出现了两次"),
                format!("scenario “{id}” appears twice in the rush-hour round"),
            ),
            RushError::NotChat(id) => Text::new(
                format!("高峰时段只能用文字聊天场景，“{id}”是电话场景"),
                format!("a rush-hour round takes chat scenarios only; “{id}” is a phone call"),
            ),
            RushError::Mismatch => Text::new(
                "高峰时段的结果与练习包不符（顾客数量或离开的顾客对不上）",
                "the rush-hour results do not fit the pack (the customers or who left do not match)",
            ),
            RushError::BadTime => Text::new(
                "高峰时段的结果里有无效的时间",
                "the rush-hour results contain an invalid time",
            ),
            RushError::TooManyEvents { count } => Text::new(
                format!("高峰时段的时间线有 {count} 条，上限是 {MAX_EVENTS} 条"),
                format!("the rush-hour timeline has {count} events; the limit is {MAX_EVENTS}"),
            ),
            RushError::OldVersion { version } => Text::new(
                format!("练习包标为第 {version} 版，但含有第 {RUSH_PACK_VERSION} 版才有的高峰时段"),
                format!("the pack says version {version} but has a rush-hour round, which needs version {RUSH_PACK_VERSION}"),
            ),
        }
    }
}

impl From<RushError> for ClassroomError {
    fn from(e: RushError) -> ClassroomError {
        ClassroomError::Rush(e)
    }
}

impl RushRound {
    /// Two or three different chat scenarios of the library, in a pack of a
    /// version that has rush rounds.
    pub fn check(&self, version: u32, library: &Library) -> Result<(), ClassroomError> {
        if version < RUSH_PACK_VERSION {
            return Err(RushError::OldVersion { version }.into());
        }
        let count = self.scenarios.len();
        if !(MIN_DESKS..=MAX_DESKS).contains(&count) {
            return Err(RushError::DeskCount { count }.into());
        }
        for (i, id) in self.scenarios.iter().enumerate() {
            if self.scenarios[..i].contains(id) {
                return Err(RushError::Repeated(id.clone()).into());
            }
        }
        let unknown: Vec<String> = self
            .scenarios
            .iter()
            .filter(|id| library.get(id).is_none())
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(ClassroomError::UnknownScenarios(unknown));
        }
        if let Some(phone) = self
            .scenarios
            .iter()
            .find(|id| library.get(id).is_some_and(|s| s.channel != Channel::Chat))
        {
            return Err(RushError::NotChat(phone.clone()).into());
        }
        Ok(())
    }
}

/// The pack with (or without) a rush round, at the version that can carry it.
pub fn with_round(mut pack: Pack, scenarios: Vec<String>) -> Pack {
    if scenarios.is_empty() {
        pack.rush = None;
    } else {
        pack.rush = Some(RushRound { scenarios });
        pack.version = pack.version.max(RUSH_PACK_VERSION);
    }
    pack
}

/// Every scenario a trainee plays in the pack, in order: the ordinary ones,
/// then the rush round's customers (the order of the results' sessions).
pub fn all_scenarios(pack: &Pack) -> Vec<&str> {
    pack.scenarios
        .iter()
        .chain(pack.rush.iter().flat_map(|r| &r.scenarios))
        .map(String::as_str)
        .collect()
}

/// One customer of the rush, as the trainer sees it beside their session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskResult {
    /// Forgotten too long: they left.
    pub left: bool,
    /// Waiting in all (every wait until a reply, and the last one until they left or the rush ended).
    pub waited_ms: f64,
    /// The longest single wait.
    pub longest_wait_ms: f64,
    /// Replies that came late (after a long wait, with no busy notice).
    pub late: usize,
}

/// What only rush hour has: per customer, and the timeline of all of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RushResults {
    pub desks: Vec<DeskResult>,
    pub events: Vec<Event>,
}

impl RushResults {
    /// Summarise a finished (or abandoned) rush at `now_ms` (ms since it began).
    pub fn from_rush(rush: &RushHour, now_ms: f64) -> RushResults {
        let desks = rush
            .desks
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut waits: Vec<f64> =
                    rush.events
                        .iter()
                        .filter(|e| e.desk == i)
                        .filter_map(|e| match e.kind {
                            EventKind::Replied { waited_ms, .. }
                            | EventKind::Left { waited_ms } => Some(waited_ms),
                            _ => None,
                        })
                        .collect();
                // Still waiting when the rush was closed.
                if let Some(w) = d.waited_ms(now_ms) {
                    waits.push(w);
                }
                DeskResult {
                    left: d.left,
                    waited_ms: waits.iter().sum(),
                    longest_wait_ms: waits.iter().copied().fold(0.0, f64::max),
                    late: d.conversation.exchanges.iter().filter(|e| e.late).count(),
                }
            })
            .collect();
        RushResults {
            desks,
            events: rush.events.clone(),
        }
    }
}

/// Each customer of the rush as a session of the results: a finished
/// conversation as usual; a customer who left (or was never reached) with
/// the [`LEFT_ENDING`], scored on the replies they got (all zero when they
/// got none: a forgotten customer is the failure rush hour is about).
pub fn records(
    rush: &RushHour,
    scenarios: &[&Scenario],
    mode: Mode,
    beginner: bool,
    started_ms: f64,
    finished_ms: f64,
) -> Vec<SessionRecord> {
    rush.desks
        .iter()
        .zip(scenarios)
        .map(|(d, scenario)| {
            let c = &d.conversation;
            SessionRecord::from_conversation(scenario, c, mode, beginner, started_ms, finished_ms)
                .unwrap_or_else(|| SessionRecord {
                    id: format!("{}-{}", scenario.id, c.seed),
                    scenario: scenario.id.clone(),
                    mode,
                    beginner,
                    started_ms,
                    finished_ms,
                    ending: LEFT_ENDING.into(),
                    ending_kind: EndingKind::Left,
                    scores: c.average().unwrap_or_default(),
                    overall: c.average_overall().unwrap_or(0),
                    exchanges: c.exchanges.clone(),
                    pruned: false,
                })
        })
        .collect()
}

impl Results {
    /// Add the rush round's part (its sessions are already among
    /// `sessions`), and seal again: verdict and checksum cover it.
    pub fn with_rush(mut self, rush: RushResults) -> Results {
        self.rush = Some(rush);
        self.verdict = Some(self.judge());
        self.checksum = self.compute_checksum();
        self
    }
}

/// Whether session `position` of the results may carry [`LEFT_ENDING`]: it is
/// one of the rush round's customers, marked as gone.
pub fn left_at(results: &Results, position: usize) -> bool {
    let first = results.pack.scenarios.len();
    position >= first
        && results
            .rush
            .as_ref()
            .and_then(|r| r.desks.get(position - first))
            .is_some_and(|d| d.left)
}

/// The rush part of a results file against its pack: present exactly when
/// the pack has a round, one desk per customer, "left" matching the
/// sessions' endings, finite times, late replies no more than replies, a
/// bounded timeline naming only its desks.
pub fn check_results(results: &Results) -> Result<(), ClassroomError> {
    let first = results.pack.scenarios.len();
    let (round, rush) = match (&results.pack.rush, &results.rush) {
        (None, None) => return Ok(()),
        (Some(round), Some(rush)) => (round, rush),
        _ => return Err(RushError::Mismatch.into()),
    };
    if rush.desks.len() != round.scenarios.len() {
        return Err(RushError::Mismatch.into());
    }
    let time_ok = |ms: f64| ms.is_finite() && ms >= 0.0;
    for (i, desk) in rush.desks.iter().enumerate() {
        let Some(session) = results.sessions.get(first + i) else {
            return Err(RushError::Mismatch.into());
        };
        if desk.left != (session.ending == LEFT_ENDING) || desk.late > session.exchanges.len() {
            return Err(RushError::Mismatch.into());
        }
        if !time_ok(desk.waited_ms)
            || !time_ok(desk.longest_wait_ms)
            || desk.longest_wait_ms > desk.waited_ms
        {
            return Err(RushError::BadTime.into());
        }
    }
    if rush.events.len() > MAX_EVENTS {
        return Err(RushError::TooManyEvents {
            count: rush.events.len(),
        }
        .into());
    }
    for e in &rush.events {
        let waited_ok = match e.kind {
            EventKind::Replied { waited_ms, .. } | EventKind::Left { waited_ms } => {
                time_ok(waited_ms)
            }
            _ => true,
        };
        if !time_ok(e.at_ms) || !waited_ok {
            return Err(RushError::BadTime.into());
        }
        if e.desk >= rush.desks.len() {
            return Err(RushError::Mismatch.into());
        }
    }
    Ok(())
}
