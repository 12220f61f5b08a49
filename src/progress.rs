//! The trainees' progress: profiles (several trainees can share a browser),
//! finished sessions, an unfinished session to resume, best scores, the
//! weakest competency and what to practise next. Plain data, stored by the
//! browser layer as versioned JSON (see `storage`), tested natively.
//!
//! Robustness rules: older versions are migrated on load; two tabs' writes are
//! merged, never overwritten (sessions are kept by id, deletions by tombstone);
//! transcripts can be pruned to save space while scores are kept.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::engine::{average, Conversation, Exchange};
use crate::i18n::Lang;
use crate::scenario::{Archetype, EndingKind, Listed, Scenario};
use crate::scorer::{Competency, Scores};

/// Bumped when the stored shape changes; older data is migrated on load.
pub const STORE_VERSION: u32 = 2;
/// The marker of an exported profile file.
pub const EXPORT_FORMAT: &str = "service-dojo-profile";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Hints while typing, feedback after each reply, retries allowed.
    Practice,
    /// No hints, no retries; the result counts as an assessment.
    Assessment,
}

/// A finished session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub scenario: String,
    pub mode: Mode,
    pub beginner: bool,
    /// Milliseconds since the Unix epoch.
    pub started_ms: f64,
    pub finished_ms: f64,
    pub ending: String,
    pub ending_kind: EndingKind,
    pub scores: Scores,
    pub overall: u8,
    /// Per-turn replies and scores; emptied when pruned to save space.
    pub exchanges: Vec<Exchange>,
    #[serde(default)]
    pub pruned: bool,
}

impl SessionRecord {
    pub fn from_conversation(
        scenario: &Scenario,
        conversation: &Conversation,
        mode: Mode,
        beginner: bool,
        started_ms: f64,
        finished_ms: f64,
    ) -> Option<SessionRecord> {
        let ending = conversation.ending(scenario)?;
        Some(SessionRecord {
            id: format!("{}-{}", scenario.id, conversation.seed),
            scenario: scenario.id.clone(),
            mode,
            beginner,
            started_ms,
            finished_ms,
            ending: ending.id.clone(),
            ending_kind: ending.kind,
            scores: conversation.average().unwrap_or_default(),
            overall: conversation.average_overall().unwrap_or(0),
            exchanges: conversation.exchanges.clone(),
            pruned: false,
        })
    }

    pub fn minutes(&self) -> f64 {
        ((self.finished_ms - self.started_ms) / 60_000.0).max(0.0)
    }
}

/// A session in progress, saved after every reply so it survives a reload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unfinished {
    pub mode: Mode,
    pub beginner: bool,
    pub started_ms: f64,
    pub updated_ms: f64,
    pub conversation: Conversation,
}

/// One trainee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    /// When the name last changed (the newer name wins when two tabs merge).
    #[serde(default)]
    pub renamed_ms: f64,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
    #[serde(default)]
    pub unfinished: Option<Unfinished>,
}

impl Profile {
    pub fn new(id: impl Into<String>, name: impl Into<String>, now_ms: f64) -> Profile {
        Profile {
            id: id.into(),
            name: name.into(),
            renamed_ms: now_ms,
            sessions: Vec::new(),
            unfinished: None,
        }
    }

    /// Add a session unless one with the same id is already there.
    pub fn add(&mut self, record: SessionRecord) -> bool {
        if self.sessions.iter().any(|s| s.id == record.id) {
            return false;
        }
        self.sessions.push(record);
        self.sessions
            .sort_by(|a, b| a.finished_ms.total_cmp(&b.finished_ms));
        true
    }

    pub fn best_overall(&self, scenario: &str) -> Option<u8> {
        self.sessions
            .iter()
            .filter(|s| s.scenario == scenario)
            .map(|s| s.overall)
            .max()
    }

    pub fn first_overall(&self, scenario: &str) -> Option<u8> {
        self.sessions
            .iter()
            .find(|s| s.scenario == scenario)
            .map(|s| s.overall)
    }

    /// The mean of every finished session's scores.
    pub fn average(&self) -> Option<Scores> {
        average(self.sessions.iter().map(|s| &s.scores))
    }

    pub fn weakest(&self) -> Option<Competency> {
        self.average().map(|a| a.weakest())
    }

    pub fn minutes(&self) -> f64 {
        self.sessions.iter().map(SessionRecord::minutes).sum()
    }

    /// Scenarios that train the weakest competency, not yet mastered first, easiest first.
    pub fn recommendations<'l, S: Listed>(&self, library: &'l [S]) -> Vec<&'l S> {
        let targets = match self.weakest() {
            Some(c) => archetypes_for(c),
            None => &[Archetype::Angry][..],
        };
        let mastered = |s: &S| self.best_overall(s.id()).is_some_and(|b| b >= 80);
        let mut list: Vec<&S> = library
            .iter()
            .filter(|s| targets.contains(&s.archetype()))
            .collect();
        list.sort_by_key(|s| {
            (
                mastered(s),
                self.best_overall(s.id()).is_some(),
                s.difficulty(),
                s.id().to_string(),
            )
        });
        list
    }

    pub fn recommend<'l, S: Listed>(
        &self,
        library: &'l [S],
    ) -> Option<(&'l S, Option<Competency>)> {
        let first = self
            .recommendations(library)
            .into_iter()
            .next()
            .or_else(|| library.first())?;
        Some((first, self.weakest()))
    }

    /// Merge another copy of this profile (another tab, an import): sessions
    /// are united by id, the newer name and the newer unfinished session win.
    /// Returns the number of sessions added.
    pub fn merge(&mut self, other: &Profile) -> usize {
        let mut added = 0;
        for session in &other.sessions {
            match self.sessions.iter_mut().find(|s| s.id == session.id) {
                Some(mine) => {
                    // Pruning is deliberate: a pruned copy stays pruned.
                    if session.pruned && !mine.pruned {
                        mine.exchanges.clear();
                        mine.pruned = true;
                    }
                }
                None => {
                    self.sessions.push(session.clone());
                    added += 1;
                }
            }
        }
        self.sessions
            .sort_by(|a, b| a.finished_ms.total_cmp(&b.finished_ms));
        if other.renamed_ms > self.renamed_ms {
            self.name = other.name.clone();
            self.renamed_ms = other.renamed_ms;
        }
        let finished: BTreeSet<&str> = self.sessions.iter().map(|s| s.id.as_str()).collect();
        let newer = match (&self.unfinished, &other.unfinished) {
            (Some(mine), Some(theirs)) => theirs.updated_ms > mine.updated_ms,
            (None, Some(_)) => true,
            _ => false,
        };
        if newer {
            self.unfinished = other.unfinished.clone();
        }
        // An unfinished session that has since been finished is done.
        if let Some(u) = &self.unfinished {
            if finished
                .contains(format!("{}-{}", u.conversation.scenario, u.conversation.seed).as_str())
            {
                self.unfinished = None;
            }
        }
        added
    }
}

/// Everything kept for one browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    #[serde(default)]
    pub lang: Option<Lang>,
    pub active: String,
    pub profiles: Vec<Profile>,
    /// Ids of deleted profiles, so a merge with an older copy does not bring them back.
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Default for Store {
    fn default() -> Store {
        Store {
            version: STORE_VERSION,
            lang: None,
            active: "default".into(),
            profiles: vec![Profile::new("default", "我 / Me", 0.0)],
            deleted: Vec::new(),
        }
    }
}

/// Why stored data could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotJson(String),
    NewerVersion(u32),
    WrongShape(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotJson(e) => write!(f, "not valid JSON: {e}"),
            LoadError::NewerVersion(v) => write!(f, "written by a newer version (v{v})"),
            LoadError::WrongShape(e) => write!(f, "unexpected shape: {e}"),
        }
    }
}

/// Version 1 kept one trainee's sessions at the top level.
fn migrate_v1(mut value: serde_json::Value) -> serde_json::Value {
    let sessions = value
        .get_mut("sessions")
        .map(serde_json::Value::take)
        .unwrap_or_else(|| serde_json::json!([]));
    let lang = value
        .get("lang")
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "version": 2,
        "lang": lang,
        "active": "default",
        "profiles": [{ "id": "default", "name": "我 / Me", "renamed_ms": 0.0, "sessions": sessions }],
        "deleted": [],
    })
}

/// Salvage what can be read from a damaged store: each profile, and each
/// session inside it, is kept if it parses on its own.
pub fn recover(json: &str) -> Option<Store> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let value = match value.get("version").and_then(|v| v.as_u64()) {
        Some(1) => migrate_v1(value),
        _ => value,
    };
    let mut store = Store {
        lang: value
            .get("lang")
            .and_then(|l| serde_json::from_value(l.clone()).ok()),
        profiles: Vec::new(),
        ..Store::default()
    };
    for raw in value.get("profiles")?.as_array()? {
        let id = raw.get("id").and_then(|v| v.as_str())?.to_string();
        let name = raw
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string();
        let mut profile = Profile::new(id, name, 0.0);
        for session in raw
            .get("sessions")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            if let Ok(record) = serde_json::from_value::<SessionRecord>(session.clone()) {
                profile.add(record);
            }
        }
        store.profiles.push(profile);
    }
    if store.profiles.is_empty() {
        return None;
    }
    store.active = value
        .get("active")
        .and_then(|a| a.as_str())
        .filter(|a| store.profiles.iter().any(|p| p.id == *a))
        .map(str::to_string)
        .unwrap_or_else(|| store.profiles[0].id.clone());
    Some(store)
}

impl Store {
    /// Read stored JSON, migrating older versions.
    pub fn from_json(json: &str) -> Result<Store, LoadError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| LoadError::NotJson(e.to_string()))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        let value = match version {
            v if v > STORE_VERSION => return Err(LoadError::NewerVersion(v)),
            1 => migrate_v1(value),
            2 => value,
            other => return Err(LoadError::WrongShape(format!("unknown version {other}"))),
        };
        let mut store: Store =
            serde_json::from_value(value).map_err(|e| LoadError::WrongShape(e.to_string()))?;
        if store.profiles.is_empty() {
            return Err(LoadError::WrongShape("no profiles".into()));
        }
        if !store.profiles.iter().any(|p| p.id == store.active) {
            store.active = store.profiles[0].id.clone();
        }
        Ok(store)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn profile(&self) -> &Profile {
        self.profiles
            .iter()
            .find(|p| p.id == self.active)
            .unwrap_or(&self.profiles[0])
    }

    pub fn profile_mut(&mut self) -> &mut Profile {
        let index = self
            .profiles
            .iter()
            .position(|p| p.id == self.active)
            .unwrap_or(0);
        &mut self.profiles[index]
    }

    pub fn add_profile(&mut self, name: &str, now_ms: f64) -> String {
        let id = format!("p{}", now_ms as u64);
        let id = if self.profiles.iter().any(|p| p.id == id) {
            format!("{id}-{}", self.profiles.len())
        } else {
            id
        };
        self.profiles
            .push(Profile::new(id.clone(), name.trim(), now_ms));
        self.active = id.clone();
        id
    }

    pub fn rename_profile(&mut self, id: &str, name: &str, now_ms: f64) {
        if let Some(p) = self.profiles.iter_mut().find(|p| p.id == id) {
            p.name = name.trim().to_string();
            p.renamed_ms = now_ms;
        }
    }

    /// Delete a profile; the last one cannot be deleted (there is always someone practising).
    pub fn delete_profile(&mut self, id: &str) -> bool {
        if self.profiles.len() <= 1 || !self.profiles.iter().any(|p| p.id == id) {
            return false;
        }
        self.profiles.retain(|p| p.id != id);
        self.deleted.push(id.to_string());
        if self.active == id {
            self.active = self.profiles[0].id.clone();
        }
        true
    }

    /// Merge what another tab wrote: neither side's sessions are lost.
    pub fn merge(&mut self, other: &Store) {
        for id in &other.deleted {
            if !self.deleted.contains(id) {
                self.deleted.push(id.clone());
            }
        }
        let deleted = self.deleted.clone();
        self.profiles.retain(|p| !deleted.contains(&p.id));
        for theirs in other.profiles.iter().filter(|p| !deleted.contains(&p.id)) {
            match self.profiles.iter_mut().find(|p| p.id == theirs.id) {
                Some(mine) => {
                    mine.merge(theirs);
                }
                None => self.profiles.push(theirs.clone()),
            }
        }
        if self.profiles.is_empty() {
            self.profiles.push(Profile::new("default", "我 / Me", 0.0));
        }
        if !self.profiles.iter().any(|p| p.id == self.active) {
            self.active = self.profiles[0].id.clone();
        }
    }

    /// Drop the transcripts of all but the newest `keep` sessions of every
    /// profile (scores stay). Returns how many were pruned.
    pub fn prune(&mut self, keep: usize) -> usize {
        let mut pruned = 0;
        for profile in &mut self.profiles {
            let len = profile.sessions.len();
            for session in profile.sessions.iter_mut().take(len.saturating_sub(keep)) {
                if !session.pruned {
                    session.exchanges.clear();
                    session.pruned = true;
                    pruned += 1;
                }
            }
        }
        pruned
    }

    /// The active profile as an export file.
    pub fn export_profile(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": STORE_VERSION,
            "profile": self.profile(),
        }))
        .unwrap_or_default()
    }

    /// Merge an exported profile into the active one; returns the number of sessions added.
    pub fn import_profile(&mut self, json: &str) -> Result<usize, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
            return Err("this is not a Service Dojo profile export".into());
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > STORE_VERSION {
            return Err(format!("written by a newer version (v{version})"));
        }
        let profile: Profile =
            serde_json::from_value(value.get("profile").cloned().unwrap_or_default())
                .map_err(|e| format!("the profile could not be read: {e}"))?;
        let target = self.profile_mut();
        let mut incoming = profile;
        incoming.unfinished = None;
        incoming.renamed_ms = f64::MIN;
        Ok(target.merge(&incoming))
    }
}

/// Which customers train which competency most.
pub fn archetypes_for(competency: Competency) -> &'static [Archetype] {
    match competency {
        Competency::Empathy => &[
            Archetype::Angry,
            Archetype::AbusedShift,
            Archetype::FollowUp,
            Archetype::Perfectionist,
        ],
        Competency::Patience => &[
            Archetype::Repeat,
            Archetype::Novice,
            Archetype::Expert,
            Archetype::Chatter,
            Archetype::Silent,
            Archetype::Perfectionist,
        ],
        Competency::EmotionControl => &[
            Archetype::Angry,
            Archetype::AbusedShift,
            Archetype::Bargainer,
        ],
        Competency::Integrity => &[
            Archetype::Bargainer,
            Archetype::Privacy,
            Archetype::Suspicious,
            Archetype::Financial,
            Archetype::Undecided,
            Archetype::Perfectionist,
        ],
        Competency::Overall => &[Archetype::Angry],
    }
}
