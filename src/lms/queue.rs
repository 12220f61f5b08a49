//! The offline queue of xAPI statements, as data: kept in browser storage
//! (it is [`Versioned`], so the storage protocol merges two tabs' copies and
//! never overwrites what it cannot read), sent one at a time in the order
//! they were made, each exactly once.
//!
//! - Order: only the oldest waiting statement is ever due; a later one is
//!   not sent before it.
//! - No duplicates: a statement id already queued or already delivered is
//!   not queued again; the LRS answering 409 (it has that id) counts as
//!   delivered, so a statement whose answer was lost is not stored twice.
//! - Back-off: after a failure (5xx, 429, time-out, no network) the next try
//!   waits 2 s, 4 s, 8 s… up to 5 minutes; a refused key (401/403) waits the
//!   full 5 minutes (a person has to fix it); a statement the LRS rejects as
//!   such (another 4xx) is set aside (kept, shown, not retried) so it does
//!   not block the rest.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::LmsError;
use crate::persist::{StoreError, Versioned};

/// The storage key of the queue (one per browser profile, all packs).
pub const KEY: &str = "service-dojo.xapi-queue";
pub const QUEUE_VERSION: u32 = 1;
/// The first retry's delay.
pub const BACKOFF_BASE_MS: f64 = 2_000.0;
/// The longest delay between tries.
pub const BACKOFF_MAX_MS: f64 = 300_000.0;
/// How many delivered ids are remembered (to refuse re-queuing and to merge tabs).
pub const REMEMBERED: usize = 5_000;
/// How long the adapter waits for the LRS before calling it a time-out.
pub const TIMEOUT_MS: u32 = 15_000;

/// One statement waiting to be sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub id: String,
    /// When it was made (ms since the epoch): the order of sending, also across tabs.
    pub made_ms: f64,
    /// A counter that orders statements made in the same millisecond.
    pub seq: u64,
    pub statement: Value,
}

/// What the LRS (or the network) answered to one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 200/204: stored.
    Stored,
    /// 409: the LRS already has this id (an earlier try got through).
    AlreadyStored,
    /// 401/403: the key was refused.
    Refused(u16),
    /// 5xx or 429: try again later.
    Failed(u16),
    /// Another 4xx: the LRS will never take this statement.
    Rejected(u16),
    Timeout,
    Offline,
}

impl Outcome {
    /// Classify an HTTP status.
    pub fn of_status(status: u16) -> Outcome {
        match status {
            200..=299 => Outcome::Stored,
            409 => Outcome::AlreadyStored,
            401 | 403 => Outcome::Refused(status),
            429 | 500..=599 => Outcome::Failed(status),
            400..=499 => Outcome::Rejected(status),
            // 1xx/3xx: not an answer the statements resource gives; retry.
            _ => Outcome::Failed(status),
        }
    }

    /// The message for the trainee, `None` when all is well.
    pub fn error(self) -> Option<LmsError> {
        match self {
            Outcome::Stored | Outcome::AlreadyStored => None,
            Outcome::Refused(s) => Some(LmsError::LrsRefused(s)),
            Outcome::Failed(s) => Some(LmsError::LrsFailed(s)),
            Outcome::Rejected(s) => Some(LmsError::LrsRejected(s)),
            Outcome::Timeout => Some(LmsError::LrsTimeout),
            Outcome::Offline => Some(LmsError::Offline),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// Waiting, oldest first.
    pub waiting: Vec<Queued>,
    /// Refused by the LRS as statements: kept, not retried.
    #[serde(default)]
    pub set_aside: Vec<Queued>,
    /// Ids delivered (most recent last, at most [`REMEMBERED`]).
    #[serde(default)]
    pub delivered: Vec<String>,
    /// Failures in a row, for the back-off.
    #[serde(default)]
    pub failures: u32,
    /// Not before this time (ms since the epoch).
    #[serde(default)]
    pub next_try_ms: f64,
    #[serde(default)]
    pub next_seq: u64,
}

fn order(a: &Queued, b: &Queued) -> std::cmp::Ordering {
    a.made_ms
        .total_cmp(&b.made_ms)
        .then(a.seq.cmp(&b.seq))
        .then(a.id.cmp(&b.id))
}

impl Queue {
    fn known(&self, id: &str) -> bool {
        self.waiting.iter().any(|q| q.id == id)
            || self.set_aside.iter().any(|q| q.id == id)
            || self.delivered.iter().any(|d| d == id)
    }

    /// Queue a statement (its `id` decides duplicates). False when that id
    /// is already queued or delivered, or the statement has no id.
    pub fn push(&mut self, statement: Value, now_ms: f64) -> bool {
        let Some(id) = statement
            .get("id")
            .and_then(|v| v.as_str())
            .map(str::to_string)
        else {
            return false;
        };
        if self.known(&id) {
            return false;
        }
        self.waiting.push(Queued {
            id,
            made_ms: now_ms,
            seq: self.next_seq,
            statement,
        });
        self.next_seq += 1;
        self.waiting.sort_by(order);
        true
    }

    /// The statement to send now: the oldest waiting one, once the back-off has passed.
    pub fn due(&self, now_ms: f64) -> Option<&Queued> {
        if now_ms < self.next_try_ms {
            return None;
        }
        self.waiting.first()
    }

    /// When the next try may happen (for the adapter's timer), if anything waits.
    pub fn wake_at(&self) -> Option<f64> {
        (!self.waiting.is_empty()).then_some(self.next_try_ms)
    }

    fn remember(&mut self, id: String) {
        self.delivered.push(id);
        if self.delivered.len() > REMEMBERED {
            let extra = self.delivered.len() - REMEMBERED;
            self.delivered.drain(..extra);
        }
    }

    /// The delay after `failures` failures in a row.
    pub fn backoff_ms(failures: u32) -> f64 {
        let exp = failures.saturating_sub(1).min(20);
        (BACKOFF_BASE_MS * 2f64.powi(exp as i32)).min(BACKOFF_MAX_MS)
    }

    /// Record what the LRS answered for statement `id`; returns the message
    /// for the trainee, if any.
    pub fn answered(&mut self, id: &str, outcome: Outcome, now_ms: f64) -> Option<LmsError> {
        let position = self.waiting.iter().position(|q| q.id == id);
        match outcome {
            Outcome::Stored | Outcome::AlreadyStored => {
                if let Some(p) = position {
                    let q = self.waiting.remove(p);
                    self.remember(q.id);
                } else if !self.delivered.iter().any(|d| d == id) {
                    self.remember(id.to_string());
                }
                self.failures = 0;
                self.next_try_ms = 0.0;
            }
            Outcome::Rejected(_) => {
                if let Some(p) = position {
                    let q = self.waiting.remove(p);
                    self.set_aside.push(q);
                }
            }
            Outcome::Refused(_) => {
                self.failures += 1;
                self.next_try_ms = now_ms + BACKOFF_MAX_MS;
            }
            Outcome::Failed(_) | Outcome::Timeout | Outcome::Offline => {
                self.failures += 1;
                self.next_try_ms = now_ms + Queue::backoff_ms(self.failures);
            }
        }
        outcome.error()
    }

    /// The network came back: try at once.
    pub fn online(&mut self) {
        self.next_try_ms = 0.0;
    }
}

impl Versioned for Queue {
    const VERSION: u32 = QUEUE_VERSION;

    fn from_json(json: &str) -> Result<Queue, StoreError> {
        let value: Value = serde_json::from_str(json).map_err(|e| StoreError::not_json(&e))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > QUEUE_VERSION {
            return Err(StoreError::NewerVersion(version));
        }
        serde_json::from_value(value.get("queue").cloned().unwrap_or_default())
            .map_err(|e| StoreError::WrongShape(e.to_string()))
    }

    fn to_json(&self) -> String {
        serde_json::json!({ "version": QUEUE_VERSION, "queue": self }).to_string()
    }

    /// Another tab's queue: delivered ids are a union, and a statement
    /// either tab delivered leaves the waiting list; waiting statements are a
    /// union by id, in the order they were made.
    fn merge(&mut self, other: &Queue) {
        for id in &other.delivered {
            if !self.delivered.contains(id) {
                self.remember(id.clone());
            }
        }
        let delivered = self.delivered.clone();
        let mut waiting: Vec<Queued> = self.waiting.drain(..).collect();
        for q in &other.waiting {
            if !waiting.iter().any(|w| w.id == q.id) {
                waiting.push(q.clone());
            }
        }
        waiting.retain(|q| !delivered.contains(&q.id));
        waiting.sort_by(order);
        self.waiting = waiting;
        for q in &other.set_aside {
            if !self.set_aside.iter().any(|s| s.id == q.id) {
                self.set_aside.push(q.clone());
            }
        }
        self.set_aside.sort_by(order);
        self.waiting
            .retain(|q| !self.set_aside.iter().any(|s| s.id == q.id));
        self.next_seq = self.next_seq.max(other.next_seq);
        self.next_try_ms = self.next_try_ms.max(other.next_try_ms);
        self.failures = self.failures.max(other.failures);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::covers;
    use serde_json::json;

    fn st(id: &str) -> Value {
        json!({ "id": id, "verb": { "id": "v" } })
    }

    #[test]
    fn in_order_once_each_with_backoff() {
        let mut q = Queue::default();
        assert!(q.push(st("a"), 10.0));
        assert!(q.push(st("b"), 10.0));
        assert!(q.push(st("c"), 5.0));
        assert!(!q.push(st("a"), 20.0), "a duplicate id is not queued");
        assert!(!q.push(json!({ "verb": {} }), 20.0), "no id, not queued");
        let order: Vec<&str> = q.waiting.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            order,
            ["c", "a", "b"],
            "by time made, then by the order pushed"
        );

        // Offline: 2 s, then 4 s, 8 s … capped at 5 minutes.
        assert_eq!(q.due(0.0).unwrap().id, "c");
        assert_eq!(
            q.answered("c", Outcome::Offline, 1_000.0),
            Some(LmsError::Offline)
        );
        assert!(q.due(2_999.0).is_none());
        assert_eq!(
            q.due(3_000.0).unwrap().id,
            "c",
            "the head again, never b first"
        );
        q.answered("c", Outcome::of_status(503), 3_000.0);
        assert_eq!(q.next_try_ms, 7_000.0);
        assert_eq!(Queue::backoff_ms(3), 8_000.0);
        assert_eq!(Queue::backoff_ms(40), BACKOFF_MAX_MS);
        // The network returns: at once.
        q.online();
        assert_eq!(q.answered("c", Outcome::of_status(204), 7_500.0), None);
        assert_eq!(q.failures, 0);
        // The answer for a was lost; the LRS says 409 on the retry: delivered, not twice.
        assert_eq!(q.due(7_500.0).unwrap().id, "a");
        assert_eq!(q.answered("a", Outcome::of_status(409), 8_000.0), None);
        assert!(
            !q.push(st("a"), 9_000.0),
            "delivered ids are not queued again"
        );
        // A statement the LRS will never take is set aside, kept, and does not block b.
        assert!(q.push(st("d"), 1.0));
        assert_eq!(q.due(9_000.0).unwrap().id, "d");
        assert!(matches!(
            q.answered("d", Outcome::of_status(400), 9_000.0),
            Some(LmsError::LrsRejected(400))
        ));
        assert_eq!(q.set_aside[0].id, "d");
        assert_eq!(q.due(9_000.0).unwrap().id, "b");
        // A refused key waits the longest delay.
        assert!(matches!(
            q.answered("b", Outcome::of_status(401), 10_000.0),
            Some(LmsError::LrsRefused(401))
        ));
        assert_eq!(q.next_try_ms, 10_000.0 + BACKOFF_MAX_MS);
        assert_eq!(q.delivered, ["c", "a"]);
    }

    #[test]
    fn two_tabs_merge_without_resending() {
        let mut one = Queue::default();
        one.push(st("a"), 1.0);
        one.push(st("b"), 2.0);
        let mut two = one.clone();
        // Tab one delivers a; tab two queues c meanwhile.
        one.answered("a", Outcome::Stored, 3.0);
        two.push(st("c"), 4.0);
        let mut merged = two.clone();
        merged.merge(&one);
        let ids: Vec<&str> = merged.waiting.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"], "a was delivered by the other tab");
        assert!(covers(&merged, &one) && covers(&merged, &two));
        // Stored and read back.
        let back = Queue::from_json(&merged.to_json()).unwrap();
        assert_eq!(back, merged);
        assert_eq!(
            Queue::from_json("{\"version\":9}"),
            Err(StoreError::NewerVersion(9))
        );
    }
}
