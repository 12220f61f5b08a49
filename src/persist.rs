//! Keeping a value under one key of a key–value store that several tabs share
//! (the browser's localStorage), so that nothing one tab wrote is lost.
//!
//! The protocol is pure Rust so that races can be replayed natively; the
//! browser glue (`storage.rs`) only supplies the store, a cross-tab lock and
//! the "another tab wrote" event. Any value can use it: it needs a version, a
//! JSON form and a merge (see [`Versioned`]).
//!
//! The guarantees:
//! - every write is a read-merge-write of what is stored *now*;
//! - a write is skipped when what is stored already holds everything
//!   (`covers`), so two tabs never echo each other's writes forever;
//! - when another tab's write arrives, the same save runs again: whatever that
//!   write lacked (a race between two tabs whose reads both came before either
//!   write) is written back, so the union survives even without a lock;
//! - data that cannot be read is copied to a backup key that is never
//!   overwritten before anything is written; data from a newer version is
//!   never written over.

use crate::i18n::Text;

/// A value kept as versioned JSON and merged with other copies of itself.
///
/// `merge` must be a union: idempotent, order-insensitive in content, and it
/// must leave `self` equal to before when `other` holds nothing new, because
/// that is how a write that adds nothing is recognised and skipped.
pub trait Versioned: Sized + Clone + PartialEq {
    /// The current version, written as the top-level `"version"` field.
    const VERSION: u32;
    /// Read stored JSON, migrating older versions.
    fn from_json(json: &str) -> Result<Self, StoreError>;
    fn to_json(&self) -> String;
    /// Take in what `other` has (another tab's copy, an older copy).
    fn merge(&mut self, other: &Self);
    /// Salvage what can be read from damaged JSON.
    fn recover(_json: &str) -> Option<Self> {
        None
    }
}

/// Whether `stored` already holds everything `mine` has.
pub fn covers<T: Versioned>(stored: &T, mine: &T) -> bool {
    let mut check = stored.clone();
    check.merge(mine);
    check == *stored
}

/// The top-level `"version"` of stored JSON, if it has one.
pub fn version_of(json: &str) -> Option<u32> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value.get("version")?.as_u64().map(|v| v as u32)
}

/// Why stored data could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON at all (damaged, cut short); where the parser stopped.
    NotJson { line: usize, column: usize },
    /// Written by a newer version of the app: never guessed at, never overwritten.
    NewerVersion(u32),
    /// JSON, but not the expected shape; the parser's detail (English, for the log).
    WrongShape(String),
}

impl StoreError {
    pub fn not_json(error: &serde_json::Error) -> StoreError {
        StoreError::NotJson {
            line: error.line(),
            column: error.column(),
        }
    }

    pub fn message(&self) -> Text {
        match self {
            StoreError::NotJson { line, column } => Text::new(
                format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
                format!("not valid JSON (line {line}, column {column})"),
            ),
            StoreError::NewerVersion(v) => Text::new(
                format!("来自更新的版本（v{v}）"),
                format!("written by a newer version (v{v})"),
            ),
            // The parser's own words are English: the Chinese sentence does not quote them.
            StoreError::WrongShape(detail) => {
                Text::new("数据结构与预期不符", format!("unexpected shape: {detail}"))
            }
        }
    }
}

/// Why a write did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The quota is used up: offer to export and prune.
    Full,
    /// Storage refused (disabled, private mode) or is missing.
    Unavailable,
    /// What is stored comes from a newer version: it is not overwritten.
    Newer(u32),
}

impl SaveError {
    pub fn message(&self) -> Text {
        match self {
            SaveError::Full => Text::new(
                "浏览器存储空间已满，最新进度未能保存。可以先导出备份，再精简旧的对话记录（分数会保留）或删除旧的备份。",
                "The browser's storage is full, so the latest progress was not saved. Export a backup, then prune old transcripts (scores are kept) or remove old backups.",
            ),
            SaveError::Unavailable => Text::new("无法保存进度。", "Progress could not be saved."),
            SaveError::Newer(v) => Text::new(
                format!("已保存的数据来自更新的版本（v{v}）。为避免覆盖它，本次不会保存。"),
                format!("The saved data comes from a newer version (v{v}). To avoid overwriting it, nothing is saved this time."),
            ),
        }
    }
}

/// A key–value store shared with other tabs (localStorage, or a map in tests).
pub trait KeyValue {
    /// `Err` when storage cannot be read at all.
    fn get(&self, key: &str) -> Result<Option<String>, SaveError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError>;
    fn remove(&mut self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// A plain in-memory store (tests, and the model of one tab's view).
impl KeyValue for std::collections::BTreeMap<String, String> {
    fn get(&self, key: &str) -> Result<Option<String>, SaveError> {
        Ok(std::collections::BTreeMap::get(self, key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError> {
        self.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) {
        std::collections::BTreeMap::remove(self, key);
    }
    fn keys(&self) -> Vec<String> {
        std::collections::BTreeMap::keys(self).cloned().collect()
    }
}

/// The prefix of the backups of `key`: `<key>.backup.<milliseconds>`.
pub fn backup_prefix(key: &str) -> String {
    format!("{key}.backup.")
}

/// A backup key that does not exist yet: an earlier backup is never overwritten.
pub fn fresh_backup_key(kv: &dyn KeyValue, key: &str, now_ms: f64) -> String {
    let base = format!("{}{}", backup_prefix(key), now_ms.max(0.0) as u64);
    let taken = |k: &str| matches!(kv.get(k), Ok(Some(_)));
    if !taken(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken(k))
        .unwrap_or(base)
}

/// What went wrong while loading, for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// Storage is missing or refuses access: the app runs in memory.
    NoStorage,
    /// Storage exists but reading failed.
    Unreadable,
    /// Data from a newer version: left alone, nothing written this visit.
    Newer(u32),
    /// Damaged data, copied verbatim to `backup`; what could be read was kept.
    Damaged { error: StoreError, backup: String },
    /// Damaged data that could not be backed up: not overwritten this visit.
    NotBackedUp(StoreError),
}

impl LoadProblem {
    pub fn message(&self) -> Text {
        match self {
            LoadProblem::NoStorage => Text::new(
                "此浏览器不允许保存数据（可能是隐私模式或已禁用存储）。练习可以照常进行，但关闭页面后进度不会保留。",
                "This browser does not allow saving (private mode, or storage is disabled). You can practise as usual, but progress will not be kept after you close the page.",
            ),
            LoadProblem::Unreadable => Text::new(
                "无法读取已保存的进度，本次进度只保存在内存中。",
                "Saved progress could not be read; this session's progress stays in memory only.",
            ),
            LoadProblem::Newer(v) => Text::new(
                format!("已保存的进度来自更新的版本（v{v}）。为避免覆盖它，本次不会保存任何进度。"),
                format!("Saved progress comes from a newer version (v{v}). To avoid overwriting it, nothing will be saved this time."),
            ),
            LoadProblem::Damaged { error, backup } => {
                let e = error.message();
                Text::new(
                    format!("已保存的进度有损坏（{}）。原始数据已备份到“{backup}”，不会被覆盖；能读出的记录已恢复。", e.zh),
                    format!("Saved progress was damaged ({}). The original data is backed up under “{backup}” and will not be overwritten; whatever could be read was recovered.", e.en),
                )
            }
            LoadProblem::NotBackedUp(error) => {
                let e = error.message();
                Text::new(
                    format!("已保存的进度已损坏（{}），且无法备份；为避免丢失，本次不会覆盖它。", e.zh),
                    format!("Saved progress is damaged ({}) and could not be backed up; to avoid losing it, it will not be overwritten this time.", e.en),
                )
            }
        }
    }
}

/// What loading found.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    pub value: T,
    pub problem: Option<LoadProblem>,
    /// False when the value must not be written (no storage, newer or
    /// unsaved damaged data under the key).
    pub writable: bool,
}

/// Read `key`: migrate, or back up and salvage damaged data (the backup is
/// written before anything else), or refuse newer data.
pub fn load<T: Versioned + Default>(kv: &mut dyn KeyValue, key: &str, now_ms: f64) -> Loaded<T> {
    let raw = match kv.get(key) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                value: T::default(),
                problem: None,
                writable: true,
            }
        }
        Err(_) => {
            return Loaded {
                value: T::default(),
                problem: Some(LoadProblem::Unreadable),
                writable: false,
            }
        }
    };
    match T::from_json(&raw) {
        Ok(value) => Loaded {
            value,
            problem: None,
            writable: true,
        },
        Err(StoreError::NewerVersion(v)) => Loaded {
            value: T::default(),
            problem: Some(LoadProblem::Newer(v)),
            writable: false,
        },
        Err(error) => {
            let value = T::recover(&raw).unwrap_or_default();
            let backup = fresh_backup_key(kv, key, now_ms);
            if kv.set(&backup, &raw).is_err() {
                return Loaded {
                    value,
                    problem: Some(LoadProblem::NotBackedUp(error)),
                    writable: false,
                };
            }
            // The original is safe under the backup key: replace it with what
            // was recovered, so the next visit starts clean (and backs up nothing twice).
            let _ = kv.set(key, &value.to_json());
            Loaded {
                value,
                problem: Some(LoadProblem::Damaged { error, backup }),
                writable: true,
            }
        }
    }
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written (the merge of what was stored and `mine`).
    Written,
    /// What was stored already held everything: nothing written.
    Covered,
    /// What was stored could not be read: it was copied to this backup key first.
    BackedUp(String),
}

impl Saved {
    /// What the user must be told, if anything.
    pub fn message(&self) -> Option<Text> {
        match self {
            Saved::BackedUp(backup) => Some(Text::new(
                format!("已保存的数据无法读取，已原样备份到“{backup}”（不会被覆盖），然后保存了当前进度。"),
                format!("The saved data could not be read; it was backed up unchanged under “{backup}” (never overwritten) before the current progress was saved."),
            )),
            _ => None,
        }
    }
}

/// Merge what is stored under `key` now into `mine`, then write the result
/// unless the stored copy already holds it all. After this, `mine` holds
/// both sides. Call it for every change, and again whenever another tab
/// writes the key (that is what repairs a race lost without a lock).
pub fn save<T: Versioned>(
    kv: &mut dyn KeyValue,
    key: &str,
    mine: &mut T,
    now_ms: f64,
) -> Result<Saved, SaveError> {
    let mut outcome = Saved::Written;
    if let Some(raw) = kv.get(key)? {
        match T::from_json(&raw) {
            Ok(stored) => {
                mine.merge(&stored);
                if version_of(&raw) == Some(T::VERSION) && covers(&stored, mine) {
                    return Ok(Saved::Covered);
                }
            }
            Err(StoreError::NewerVersion(v)) => return Err(SaveError::Newer(v)),
            Err(_) => {
                // Never overwritten unread: keep it verbatim first.
                let backup = fresh_backup_key(kv, key, now_ms);
                kv.set(&backup, &raw)?;
                if let Some(salvaged) = T::recover(&raw) {
                    mine.merge(&salvaged);
                }
                outcome = Saved::BackedUp(backup);
            }
        }
    }
    kv.set(key, &mine.to_json())?;
    Ok(outcome)
}

/// One backup of a stored value, for the user to see and remove.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub key: String,
    /// When it was made (from its key), milliseconds since the epoch.
    pub saved_ms: f64,
    /// Its size in bytes as the browser counts it (UTF-16: two per unit).
    pub bytes: usize,
}

/// The backups of `key`, oldest first.
pub fn backups(kv: &dyn KeyValue, key: &str) -> Vec<Backup> {
    let prefix = backup_prefix(key);
    let mut list: Vec<Backup> = kv
        .keys()
        .into_iter()
        .filter_map(|k| {
            let stamp = k.strip_prefix(&prefix)?;
            let ms: f64 = stamp.split('-').next()?.parse().ok()?;
            let bytes = kv.get(&k).ok()??.encode_utf16().count() * 2;
            Some(Backup {
                key: k,
                saved_ms: ms,
                bytes,
            })
        })
        .collect();
    list.sort_by(|a, b| a.saved_ms.total_cmp(&b.saved_ms).then(a.key.cmp(&b.key)));
    list
}
