//! One visit of a pack inside an LMS, as a state machine the browser
//! adapter drives: what to read at start, what to set after each reply and
//! each scenario, what to set at exit. It keeps the interaction count, the
//! finished scenarios and the scenario in progress, so the suspend data
//! written after every reply always lets a reload resume the current turn.
//! Failures are values ([`LmsError`]) for the adapter to show; the local
//! copy of the results (progress store, results file) never depends on them.

use std::collections::BTreeMap;

use super::report::{self, elements, progress, standing, Finished, ReplyReport, Set};
use super::suspend::{Current, Done, Suspend};
use super::{LmsError, Scorm};
use crate::classroom::Pack;
use crate::engine::Conversation;
use crate::progress::SessionRecord;
use crate::scorer::Competency;

/// Where a return visit picks up.
#[derive(Clone, Debug, PartialEq)]
pub struct Resume {
    /// The pack's scenario to play (0-based); equal to the pack's length when all are done.
    pub position: usize,
    /// The conversation to continue, if one was in progress.
    pub conversation: Option<Conversation>,
}

#[derive(Clone, Debug)]
pub struct LmsSession {
    pub version: Scorm,
    pack_id: String,
    scenarios: Vec<String>,
    pass: BTreeMap<Competency, u8>,
    started_ms: f64,
    /// The next interaction's index (the LMS's `_count`).
    interactions: usize,
    done: Vec<Done>,
    current: Option<Current>,
}

impl LmsSession {
    pub fn new(version: Scorm, pack: &Pack, now_ms: f64) -> LmsSession {
        LmsSession {
            version,
            pack_id: pack.id(),
            scenarios: pack.scenarios.clone(),
            pass: pack.pass.clone(),
            started_ms: now_ms,
            interactions: 0,
            done: Vec::new(),
            current: None,
        }
    }

    /// The elements to read after initialising, in this order, for [`LmsSession::resume`].
    pub fn reads(&self) -> [&'static str; 3] {
        let e = elements(self.version);
        [e.entry, e.suspend_data, e.interaction_count]
    }

    /// Take in what the LMS returned for [`LmsSession::reads`]. A first
    /// visit (or unusable suspend data, reported as the error) starts at the
    /// first scenario; the interaction count always continues the LMS's.
    ///
    /// The entry (`resume` or `ab-initio`) is not trusted on its own: some
    /// LMSs report `ab-initio` yet keep the data, others keep nothing after
    /// a normal exit; data of this pack is used whenever it is there.
    pub fn resume(&mut self, _entry: &str, suspend: &str, count: &str) -> Result<Resume, LmsError> {
        self.interactions = count.trim().parse().unwrap_or(0);
        let fresh = Resume {
            position: 0,
            conversation: None,
        };
        let data = match Suspend::decode(suspend, &self.pack_id)? {
            Some(data) => data,
            None => return Ok(fresh),
        };
        if data.d.len() > self.scenarios.len() {
            return Err(LmsError::SuspendDamaged);
        }
        self.done = data.d.clone();
        self.current = data.c.clone();
        let position = self.done.len();
        let conversation = match (&self.current, self.scenarios.get(position)) {
            (Some(current), Some(id)) => Some(current.conversation(id)),
            _ => None,
        };
        Ok(Resume {
            position,
            conversation,
        })
    }

    fn finished(&self) -> Vec<Finished> {
        self.done
            .iter()
            .map(|d| {
                let (scores, overall) = d.scores();
                Finished { scores, overall }
            })
            .collect()
    }

    fn standing_sets(&self) -> Vec<Set> {
        let s = standing(&self.pass, &self.finished(), self.scenarios.len());
        progress(self.version, &self.pass, &s)
    }

    /// The suspend data and location now. When even the current turn does
    /// not fit, the error is returned and the LMS keeps its older data.
    fn suspend_sets(&self) -> (Vec<Set>, Option<LmsError>) {
        let data = Suspend::new(&self.pack_id, self.done.clone(), self.current.clone());
        let e = elements(self.version);
        let mut sets = vec![Set {
            element: e.location.into(),
            value: data.location(),
        }];
        match data.encode(self.version.suspend_limit()) {
            Ok(text) => {
                sets.push(Set {
                    element: e.suspend_data.into(),
                    value: text,
                });
                (sets, None)
            }
            Err(error) => (sets, Some(error)),
        }
    }

    /// At the start of a visit: the standing so far (incomplete until the last scenario).
    pub fn start(&self) -> Vec<Set> {
        self.standing_sets()
    }

    /// After a reply: its interaction, then the suspend data (commit after these).
    pub fn reply(
        &mut self,
        conversation: &Conversation,
        latency_ms: f64,
        now_ms: f64,
    ) -> (Vec<Set>, Option<LmsError>) {
        let Some(exchange) = conversation.exchanges.last() else {
            return (Vec::new(), None);
        };
        let mut sets = report::interaction(
            self.version,
            self.interactions,
            &ReplyReport {
                scenario: &conversation.scenario,
                turn: &exchange.turn,
                number: conversation.exchanges.len(),
                reply: &exchange.reply,
                assessment: &exchange.assessment,
                latency_ms,
                at_ms: now_ms,
                pass: &self.pass,
            },
        );
        self.interactions += 1;
        self.current = (!conversation.over).then(|| Current::from_conversation(conversation));
        let (more, error) = self.suspend_sets();
        sets.extend(more);
        (sets, error)
    }

    /// A scenario of the pack ended: the standing (completed, passed or
    /// failed after the last one) and the suspend data (commit after these).
    pub fn scenario_finished(&mut self, record: &SessionRecord) -> (Vec<Set>, Option<LmsError>) {
        if self.done.len() < self.scenarios.len() {
            self.done
                .push(Done::new(&record.ending, &record.scores, record.overall));
        }
        self.current = None;
        let mut sets = self.standing_sets();
        let (more, error) = self.suspend_sets();
        sets.extend(more);
        (sets, error)
    }

    /// The finished scenarios as session records for the results file,
    /// when a visit resumes without the earlier ones in this browser: scores
    /// and endings only (pruned; the LMS has the replies as interactions).
    pub fn done_records(
        &self,
        library: &crate::scenario::Library,
        mode: crate::progress::Mode,
        beginner: bool,
    ) -> Vec<SessionRecord> {
        self.done
            .iter()
            .zip(&self.scenarios)
            .filter_map(|(d, id)| {
                let scenario = library.get(id)?;
                let ending = scenario.ending(d.ending())?;
                let (scores, overall) = d.scores();
                Some(SessionRecord {
                    id: format!("{id}-lms-{}", self.pack_id),
                    scenario: id.clone(),
                    mode,
                    beginner,
                    started_ms: self.started_ms,
                    finished_ms: self.started_ms,
                    ending: ending.id.clone(),
                    ending_kind: ending.kind,
                    scores,
                    overall,
                    exchanges: Vec::new(),
                    pruned: true,
                })
            })
            .collect()
    }

    /// Every scenario of the pack is done.
    pub fn complete(&self) -> bool {
        self.done.len() >= self.scenarios.len()
    }

    /// On leaving (unload): session time, exit mode, location and suspend
    /// data; then commit and terminate.
    pub fn exit(&self, now_ms: f64) -> Vec<Set> {
        let data = Suspend::new(&self.pack_id, self.done.clone(), self.current.clone());
        let text = data
            .encode(self.version.suspend_limit())
            .unwrap_or_default();
        let mut sets = report::exit(
            self.version,
            now_ms - self.started_ms,
            self.complete(),
            &data.location(),
            &text,
        );
        // Data that does not fit is not sent at all: the LMS keeps the last that did.
        if text.is_empty() {
            let suspend = elements(self.version).suspend_data;
            sets.retain(|s| s.element != suspend);
        }
        sets
    }
}
