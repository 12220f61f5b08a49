//! My scenarios: the trainer's own scenario library, kept in the browser
//! beside the built-in one, with the same guarantees as progress
//! (`persist`): a versioned value, every write a read-merge-write, backups
//! of unreadable data, two tabs merged.
//!
//! Pure and tested natively. Each scenario is kept as the JSON value of a
//! `scenarios/*.json` file (exactly the format `dojo validate` reads), so an
//! entry that a later version of the validator would refuse is still kept,
//! shown with its problems, and exportable — never dropped.
//!
//! Merging two tabs: per id, the newer change wins; a deletion is a dated
//! tombstone, so a scenario deleted in one tab does not come back from the
//! other, while one saved again after the deletion does.

mod import;
mod template;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::persist::{StoreError, Versioned};
use crate::policy::{Policy, PolicyProblem};
use crate::scenario::{load, Problem, Scenario};

pub use import::{import, read_file, Imported, Refused, MAX_FILES, MAX_SCENARIO_BYTES};
pub use template::{blank, duplicate, free_id};

/// The localStorage key of the library.
pub const STORAGE_KEY: &str = "service-dojo.my-scenarios";

/// One scenario of the library and when it last changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// Milliseconds since the epoch of the last change.
    pub updated: f64,
    /// The scenario file's JSON.
    pub scenario: Value,
}

/// The trainer's library.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyScenarios {
    #[serde(default)]
    pub scenarios: BTreeMap<String, Kept>,
    /// Deleted ids and when: a tombstone newer than a copy wins over it.
    #[serde(default)]
    pub deleted: BTreeMap<String, f64>,
    /// The company policy kept with the scenarios (the newer change wins;
    /// a removal is a dated `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<KeptPolicy>,
}

/// The policy file's JSON (`null` once removed) and when it last changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptPolicy {
    pub updated: f64,
    pub policy: Value,
}

#[derive(Serialize)]
struct Stored<'a> {
    version: u32,
    #[serde(flatten)]
    library: &'a MyScenarios,
}

impl Versioned for MyScenarios {
    const VERSION: u32 = 1;

    fn from_json(json: &str) -> Result<Self, StoreError> {
        let value: Value = serde_json::from_str(json).map_err(|e| StoreError::not_json(&e))?;
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v > Self::VERSION as u64 => return Err(StoreError::NewerVersion(v as u32)),
            Some(_) => {}
            None => return Err(StoreError::WrongShape("no version".into())),
        }
        serde_json::from_value(value).map_err(|e| StoreError::WrongShape(e.to_string()))
    }

    fn to_json(&self) -> String {
        serde_json::to_string(&Stored {
            version: Self::VERSION,
            library: self,
        })
        .unwrap_or_default()
    }

    fn merge(&mut self, other: &Self) {
        for (id, &when) in &other.deleted {
            let entry = self.deleted.entry(id.clone()).or_insert(when);
            if when > *entry {
                *entry = when;
            }
        }
        for (id, theirs) in &other.scenarios {
            match self.scenarios.get(id) {
                Some(mine) if mine.updated > theirs.updated => {}
                // Same time, different content: keep one deterministically
                // (the larger text) so both tabs agree.
                Some(mine)
                    if mine.updated == theirs.updated
                        && mine.scenario.to_string() >= theirs.scenario.to_string() => {}
                _ => {
                    self.scenarios.insert(id.clone(), theirs.clone());
                }
            }
        }
        match (&self.policy, &other.policy) {
            (_, None) => {}
            (None, Some(theirs)) => self.policy = Some(theirs.clone()),
            (Some(mine), Some(theirs)) => {
                if theirs.updated > mine.updated
                    || (theirs.updated == mine.updated
                        && theirs.policy.to_string() > mine.policy.to_string())
                {
                    self.policy = Some(theirs.clone());
                }
            }
        }
        let deleted = &self.deleted;
        self.scenarios
            .retain(|id, kept| deleted.get(id).is_none_or(|&when| kept.updated > when));
    }

    /// A damaged store: keep every entry that still reads as a scenario value.
    fn recover(json: &str) -> Option<Self> {
        let value: Value = serde_json::from_str(json).ok()?;
        let mut library = MyScenarios::default();
        for (id, kept) in value.get("scenarios")?.as_object()? {
            if let Ok(kept) = serde_json::from_value::<Kept>(kept.clone()) {
                library.scenarios.insert(id.clone(), kept);
            }
        }
        Some(library)
    }
}

impl MyScenarios {
    /// Add or replace the scenario under its id.
    pub fn put(&mut self, scenario: &Scenario, now_ms: f64) {
        let value = serde_json::to_value(scenario).unwrap_or(Value::Null);
        // Later than anything known for this id, even with a clock that went back.
        let floor = self
            .scenarios
            .get(&scenario.id)
            .map(|k| k.updated)
            .into_iter()
            .chain(self.deleted.get(&scenario.id).copied())
            .fold(f64::MIN, f64::max);
        let updated = if now_ms > floor { now_ms } else { floor + 1.0 };
        self.scenarios.insert(
            scenario.id.clone(),
            Kept {
                updated,
                scenario: value,
            },
        );
    }

    pub fn contains(&self, id: &str) -> bool {
        self.scenarios.contains_key(id)
    }

    /// The ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.scenarios.keys().cloned().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.scenarios.is_empty()
    }

    /// The scenario under `id`, if it still passes the validator.
    pub fn get(&self, id: &str) -> Option<Scenario> {
        self.load(id)?.ok()
    }

    /// The scenario under `id` checked by the shared validator (the same
    /// code as `dojo validate`).
    pub fn load(&self, id: &str) -> Option<Result<Scenario, Vec<Problem>>> {
        let kept = self.scenarios.get(id)?;
        Some(load(&file_name(id), &kept.scenario.to_string()))
    }

    /// Every scenario, checked: the playable ones and the problems of the rest.
    pub fn all(&self) -> Vec<(String, Result<Scenario, Vec<Problem>>)> {
        self.scenarios
            .keys()
            .filter_map(|id| Some((id.clone(), self.load(id)?)))
            .collect()
    }

    /// Delete `id` (a dated tombstone, so another tab's copy does not bring it back).
    pub fn remove(&mut self, id: &str, now_ms: f64) -> bool {
        let Some(kept) = self.scenarios.remove(id) else {
            return false;
        };
        let when = if now_ms > kept.updated {
            now_ms
        } else {
            kept.updated + 1.0
        };
        self.deleted.insert(id.to_string(), when);
        true
    }

    /// One scenario as a file: its name and pretty JSON, exactly the
    /// `scenarios/*.json` format.
    pub fn export(&self, id: &str) -> Option<(String, String)> {
        let kept = self.scenarios.get(id)?;
        let text = serde_json::to_string_pretty(&kept.scenario).ok()?;
        Some((file_name(id), format!("{text}\n")))
    }

    /// Keep `policy` as the company policy (`None`: remove it).
    pub fn set_policy(&mut self, policy: Option<&Policy>, now_ms: f64) {
        let floor = self.policy.as_ref().map_or(f64::MIN, |k| k.updated);
        self.policy = Some(KeptPolicy {
            updated: if now_ms > floor { now_ms } else { floor + 1.0 },
            policy: policy
                .and_then(|p| serde_json::to_value(p).ok())
                .unwrap_or(Value::Null),
        });
    }

    /// The kept policy checked by the policy validator: `None` when there is
    /// none, its problems when it no longer passes (kept, never dropped).
    pub fn policy(&self) -> Option<Result<Policy, Vec<PolicyProblem>>> {
        let kept = self.policy.as_ref()?;
        if kept.policy.is_null() {
            return None;
        }
        Some(crate::policy::load("policy.json", &kept.policy.to_string()))
    }

    /// Every scenario as files.
    pub fn export_all(&self) -> Vec<(String, String)> {
        self.scenarios
            .keys()
            .filter_map(|id| self.export(id))
            .collect()
    }
}

/// The file a scenario is exported to.
pub fn file_name(id: &str) -> String {
    format!("{id}.json")
}
