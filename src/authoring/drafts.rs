//! The editor's drafts, kept in browser storage under [`DRAFTS_KEY`] with
//! the guarantees of `persist` (versioned, read-merge-write, damaged data
//! backed up, never overwritten by an older version): a reload loses
//! nothing, two tabs editing different drafts keep both. A draft is saved
//! as a scenario value, whatever state it is in, with the time of its last
//! edit; in a merge the later edit of a draft wins, and a deleted draft is
//! remembered (tombstone) so another tab's copy does not bring it back.

use serde::{Deserialize, Serialize};

use crate::persist::{StoreError, Versioned};
use crate::scenario::Scenario;

pub const DRAFTS_KEY: &str = "service-dojo.drafts";
pub const DRAFTS_VERSION: u32 = 1;

/// One draft: a key of its own (the scenario id may change while editing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub key: String,
    pub updated_ms: f64,
    pub scenario: Scenario,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drafts {
    pub version: u32,
    #[serde(default)]
    pub drafts: Vec<StoredDraft>,
    /// Keys of deleted drafts.
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Default for Drafts {
    fn default() -> Drafts {
        Drafts {
            version: DRAFTS_VERSION,
            drafts: Vec::new(),
            deleted: Vec::new(),
        }
    }
}

impl Drafts {
    pub fn get(&self, key: &str) -> Option<&StoredDraft> {
        self.drafts.iter().find(|d| d.key == key)
    }

    /// Keep this version of a draft (new or edited).
    pub fn put(&mut self, key: &str, scenario: &Scenario, now_ms: f64) {
        match self.drafts.iter_mut().find(|d| d.key == key) {
            Some(d) => {
                d.scenario = scenario.clone();
                d.updated_ms = now_ms;
            }
            None => self.drafts.push(StoredDraft {
                key: key.to_string(),
                updated_ms: now_ms,
                scenario: scenario.clone(),
            }),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.drafts.retain(|d| d.key != key);
        if !self.deleted.iter().any(|k| k == key) {
            self.deleted.push(key.to_string());
        }
    }

    /// A key no draft has used (deleted ones included).
    pub fn fresh_key(&self, now_ms: f64) -> String {
        let base = format!("d{}", now_ms.max(0.0) as u64);
        let taken = |k: &str| self.get(k).is_some() || self.deleted.iter().any(|d| d == k);
        if !taken(&base) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|k| !taken(k))
            .expect("a free key")
    }
}

impl Versioned for Drafts {
    const VERSION: u32 = DRAFTS_VERSION;

    fn from_json(json: &str) -> Result<Drafts, StoreError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| StoreError::not_json(&e))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > DRAFTS_VERSION {
            return Err(StoreError::NewerVersion(version));
        }
        serde_json::from_value(value).map_err(|e| StoreError::WrongShape(e.to_string()))
    }

    fn to_json(&self) -> String {
        serde_json::to_string(self).expect("drafts serialise")
    }

    fn merge(&mut self, other: &Drafts) {
        for key in &other.deleted {
            if !self.deleted.contains(key) {
                self.deleted.push(key.clone());
            }
        }
        for draft in &other.drafts {
            match self.drafts.iter_mut().find(|d| d.key == draft.key) {
                Some(mine) if draft.updated_ms > mine.updated_ms => *mine = draft.clone(),
                Some(_) => {}
                None => self.drafts.push(draft.clone()),
            }
        }
        let deleted = self.deleted.clone();
        self.drafts.retain(|d| !deleted.contains(&d.key));
        self.drafts.sort_by(|a, b| a.key.cmp(&b.key));
        self.deleted.sort();
    }

    /// Salvage draft by draft: one damaged draft does not lose the others.
    fn recover(json: &str) -> Option<Drafts> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let drafts = value
            .get("drafts")?
            .as_array()?
            .iter()
            .filter_map(|d| serde_json::from_value(d.clone()).ok())
            .collect();
        let deleted = value
            .get("deleted")
            .and_then(|d| serde_json::from_value(d.clone()).ok())
            .unwrap_or_default();
        Some(Drafts {
            version: DRAFTS_VERSION,
            drafts,
            deleted,
        })
    }
}
