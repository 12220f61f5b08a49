//! The trainees' progress: profiles (several trainees can share a browser),
//! finished sessions, an unfinished session to resume, best scores, the
//! weakest competency and what to practise next. Plain data, stored by the
//! browser layer as versioned JSON (see `storage`), tested natively.
//!
//! Robustness rules: older versions are migrated on load; two tabs' writes are
//! merged, never overwritten (sessions are kept by id, deletions by tombstone,
//! settings by the time they were set); an unfinished session lives under its
//! own key, so a reply does not rewrite the history; findings are stored by
//! rule id (`compact`); transcripts can be pruned while scores are kept.

mod compact;
mod step;

use serde::{Deserialize, Serialize};

use crate::engine::{average, Conversation, Exchange};
use crate::i18n::{Lang, Text};
use crate::persist::{StoreError, Versioned};
use crate::scenario::{Archetype, EndingKind, Listed, Scenario};
use crate::scorer::{Competency, Scores};

/// Bumped when the stored shape changes; older data is migrated on load.
/// v3: unfinished sessions under their own keys, findings by rule id,
/// settings with their time, the last export per profile.
pub const STORE_VERSION: u32 = 3;
/// The marker of an exported profile file.
pub const EXPORT_FORMAT: &str = "service-dojo-profile";
/// The key of the history (profiles and finished sessions).
pub const KEY: &str = "service-dojo";
/// Each unfinished session is kept under `<prefix><session id>`.
pub const UNFINISHED_PREFIX: &str = "service-dojo.unfinished.";
/// An exported profile larger than this is refused before it is parsed.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Remind to export when progress older than this has not been exported.
pub const EXPORT_REMINDER_MS: f64 = 7.0 * 24.0 * 3_600_000.0;

pub use compact::{expand, shorten};
pub use step::{after_reply, after_rush_reply, Keep, Playing};

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
    /// The profile that plays it (empty in data from v2: the profile it was stored in).
    #[serde(default)]
    pub profile: String,
    pub mode: Mode,
    pub beginner: bool,
    pub started_ms: f64,
    pub updated_ms: f64,
    pub conversation: Conversation,
}

impl Unfinished {
    /// The session's id: the finished session will carry the same one.
    pub fn id(&self) -> String {
        format!("{}-{}", self.conversation.scenario, self.conversation.seed)
    }

    /// The storage key it lives under.
    pub fn key(&self) -> String {
        format!("{UNFINISHED_PREFIX}{}", self.id())
    }
}

impl Versioned for Unfinished {
    const VERSION: u32 = STORE_VERSION;

    fn from_json(json: &str) -> Result<Unfinished, StoreError> {
        let mut value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| StoreError::not_json(&e))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > STORE_VERSION {
            return Err(StoreError::NewerVersion(version));
        }
        expand(&mut value);
        serde_json::from_value(value.get("unfinished").cloned().unwrap_or_default())
            .map_err(|e| StoreError::WrongShape(e.to_string()))
    }

    fn to_json(&self) -> String {
        let mut value = serde_json::json!({ "version": STORE_VERSION, "unfinished": self });
        shorten(&mut value);
        value.to_string()
    }

    /// The copy with the later reply wins (the same session in two tabs).
    fn merge(&mut self, other: &Unfinished) {
        let key = |u: &Unfinished| (u.updated_ms, u.conversation.exchanges.len());
        if key(other) > key(self) {
            *self = other.clone();
        }
    }
}

/// The unfinished session of `scenario` the active trainee can resume: not
/// over, not finished meanwhile (in another tab), the newest.
pub fn resumable<'u>(
    unfinished: &'u [Unfinished],
    store: &Store,
    scenario: &str,
) -> Option<&'u Unfinished> {
    let profile = store.profile();
    unfinished
        .iter()
        .filter(|u| {
            u.profile == profile.id
                && u.conversation.scenario == scenario
                && !u.conversation.over
                && !profile.sessions.iter().any(|s| s.id == u.id())
        })
        .max_by(|a, b| a.updated_ms.total_cmp(&b.updated_ms))
}

/// Unfinished sessions that are done with: finished meanwhile, or their
/// profile deleted. Their keys can be removed.
pub fn stale<'u>(unfinished: &'u [Unfinished], store: &Store) -> Vec<&'u Unfinished> {
    unfinished
        .iter()
        .filter(|u| {
            store.deleted.contains(&u.profile)
                || store
                    .profiles
                    .iter()
                    .any(|p| p.sessions.iter().any(|s| s.id == u.id()))
        })
        .collect()
}

/// The unfinished sessions kept inside profiles by v2, to move to their own keys.
pub fn legacy_unfinished(json: &str) -> Vec<Unfinished> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    expand(&mut value);
    let Some(profiles) = value.get("profiles").and_then(|p| p.as_array()) else {
        return Vec::new();
    };
    profiles
        .iter()
        .filter_map(|p| {
            let mut u: Unfinished = serde_json::from_value(p.get("unfinished")?.clone()).ok()?;
            u.profile = p.get("id")?.as_str()?.to_string();
            Some(u)
        })
        .collect()
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
    /// When this profile was last exported (0: never).
    #[serde(default)]
    pub exported_ms: f64,
}

impl Profile {
    pub fn new(id: impl Into<String>, name: impl Into<String>, now_ms: f64) -> Profile {
        Profile {
            id: id.into(),
            name: name.into(),
            renamed_ms: now_ms,
            sessions: Vec::new(),
            exported_ms: 0.0,
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

    /// Progress finished before `now_ms - EXPORT_REMINDER_MS` and never
    /// exported: the trainee should export it (clearing site data wipes it).
    pub fn needs_export(&self, now_ms: f64) -> bool {
        self.sessions.iter().any(|s| {
            s.finished_ms > self.exported_ms && s.finished_ms < now_ms - EXPORT_REMINDER_MS
        })
    }

    /// Merge another copy of this profile (another tab, an import): sessions
    /// are united by id, the newer name wins. Returns the number of sessions added.
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
        // Same time, different names: both tabs settle on the same one.
        if (other.renamed_ms, &other.name) > (self.renamed_ms, &self.name) {
            self.name = other.name.clone();
            self.renamed_ms = other.renamed_ms;
        }
        self.exported_ms = self.exported_ms.max(other.exported_ms);
        added
    }
}

/// Everything kept for one browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    #[serde(default)]
    pub lang: Option<Lang>,
    /// When the language was chosen (the later choice wins when tabs merge).
    #[serde(default)]
    pub lang_ms: f64,
    pub active: String,
    /// When the active trainee was chosen.
    #[serde(default)]
    pub active_ms: f64,
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
            lang_ms: 0.0,
            active: "default".into(),
            active_ms: 0.0,
            profiles: vec![Profile::new("default", DEFAULT_NAME, 0.0)],
            deleted: Vec::new(),
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
    let mut value: serde_json::Value = serde_json::from_str(json).ok()?;
    expand(&mut value);
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
    /// Read stored JSON, migrating older versions (v2's unfinished sessions
    /// inside profiles are not read here: see [`legacy_unfinished`]).
    pub fn from_json(json: &str) -> Result<Store, StoreError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| StoreError::not_json(&e))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        let mut value = match version {
            v if v > STORE_VERSION => return Err(StoreError::NewerVersion(v)),
            1 => migrate_v1(value),
            2 | 3 => value,
            other => return Err(StoreError::WrongShape(format!("unknown version {other}"))),
        };
        expand(&mut value);
        let mut store: Store =
            serde_json::from_value(value).map_err(|e| StoreError::WrongShape(e.to_string()))?;
        store.version = STORE_VERSION;
        if store.profiles.is_empty() {
            return Err(StoreError::WrongShape("no profiles".into()));
        }
        if !store.profiles.iter().any(|p| p.id == store.active) {
            store.active = store.profiles[0].id.clone();
        }
        Ok(store)
    }

    /// The stored form: findings by rule id where the rules give their words back.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        shorten(&mut value);
        value.to_string()
    }

    pub fn set_lang(&mut self, lang: Lang, now_ms: f64) {
        self.lang = Some(lang);
        self.lang_ms = now_ms;
    }

    pub fn set_active(&mut self, id: &str, now_ms: f64) {
        if self.profiles.iter().any(|p| p.id == id) {
            self.active = id.to_string();
            self.active_ms = now_ms;
        }
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
        self.active_ms = now_ms;
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

    /// Merge what another tab wrote: neither side's sessions are lost; the
    /// later language and trainee choice win.
    pub fn merge(&mut self, other: &Store) {
        if (other.lang_ms, other.lang.map(Lang::code)) > (self.lang_ms, self.lang.map(Lang::code)) {
            self.lang = other.lang;
            self.lang_ms = other.lang_ms;
        }
        if (other.active_ms, &other.active) > (self.active_ms, &self.active)
            && other.profiles.iter().any(|p| p.id == other.active)
        {
            self.active = other.active.clone();
            self.active_ms = other.active_ms;
        }
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
            self.profiles
                .push(Profile::new("default", DEFAULT_NAME, 0.0));
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

    /// The active profile as an export file (findings by rule id, like the store).
    pub fn export_profile(&self) -> String {
        let mut value = serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": STORE_VERSION,
            "profile": self.profile(),
        });
        shorten(&mut value);
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    /// Remember that the active profile was exported now.
    pub fn mark_exported(&mut self, now_ms: f64) {
        self.profile_mut().exported_ms = now_ms;
    }

    /// Bring in an exported profile, with its name: into the profile with
    /// the same name (or the same id and name), else into the active profile
    /// if it is still the untouched default, else as a new profile. The
    /// target becomes the active trainee. Sessions already there are skipped.
    pub fn import_profile(&mut self, json: &str, now_ms: f64) -> Result<Imported, ImportError> {
        if json.len() > MAX_IMPORT_BYTES {
            return Err(ImportError::TooLarge { bytes: json.len() });
        }
        let mut value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| ImportError::Store(StoreError::not_json(&e)))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
            return Err(ImportError::NotAnExport);
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > STORE_VERSION {
            return Err(ImportError::Store(StoreError::NewerVersion(version)));
        }
        expand(&mut value);
        let mut incoming: Profile =
            serde_json::from_value(value.get("profile").cloned().unwrap_or_default())
                .map_err(|e| ImportError::Store(StoreError::WrongShape(e.to_string())))?;
        incoming.name = incoming.name.trim().chars().take(100).collect();
        if incoming.name.is_empty() {
            incoming.name = "?".into();
        }
        let untouched = |p: &Profile| p.sessions.is_empty() && p.name == DEFAULT_NAME;
        let target = self
            .profiles
            .iter()
            .position(|p| p.name == incoming.name)
            .or_else(|| {
                let active = self.profiles.iter().position(|p| p.id == self.active)?;
                untouched(&self.profiles[active]).then_some(active)
            });
        let index = match target {
            Some(index) => index,
            None => {
                let id = self.add_profile(&incoming.name, now_ms);
                self.profiles.iter().position(|p| p.id == id).unwrap_or(0)
            }
        };
        let profile = &mut self.profiles[index];
        if profile.name != incoming.name {
            profile.name = incoming.name.clone();
            profile.renamed_ms = now_ms;
        }
        incoming.renamed_ms = f64::MIN;
        incoming.exported_ms = 0.0;
        let added = profile.merge(&incoming);
        let (id, name) = (profile.id.clone(), profile.name.clone());
        self.set_active(&id, now_ms);
        Ok(Imported { name, added })
    }
}

/// The name given to the first profile.
pub const DEFAULT_NAME: &str = "我 / Me";

/// What an import brought in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The trainee it went to (now the active one).
    pub name: String,
    /// Sessions added (the others were there already).
    pub added: usize,
}

/// Why an exported profile could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    TooLarge { bytes: usize },
    NotAnExport,
    Store(StoreError),
}

impl ImportError {
    pub fn message(&self) -> Text {
        match self {
            ImportError::TooLarge { bytes } => Text::new(
                format!(
                    "文件太大（{} MB），上限是 {} MB。",
                    bytes / 1_048_576,
                    MAX_IMPORT_BYTES / 1_048_576
                ),
                format!(
                    "The file is too large ({} MB); the limit is {} MB.",
                    bytes / 1_048_576,
                    MAX_IMPORT_BYTES / 1_048_576
                ),
            ),
            ImportError::NotAnExport => Text::new(
                "这不是客服陪练场导出的练习者文件。",
                "This is not a Service Dojo profile export.",
            ),
            ImportError::Store(error) => {
                let e = error.message();
                Text::new(
                    format!("无法读取这个文件：{}。", e.zh),
                    format!("The file could not be read: {}.", e.en),
                )
            }
        }
    }
}

impl Versioned for Store {
    const VERSION: u32 = STORE_VERSION;

    fn from_json(json: &str) -> Result<Store, StoreError> {
        Store::from_json(json)
    }

    fn to_json(&self) -> String {
        Store::to_json(self)
    }

    fn merge(&mut self, other: &Store) {
        Store::merge(self, other)
    }

    fn recover(json: &str) -> Option<Store> {
        recover(json)
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
