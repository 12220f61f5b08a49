//! The trainer's classes, kept in the browser between visits: several named
//! classes, each holding the results imported into it.
//!
//! Kept with the same guarantees as progress: the stored value is versioned
//! (a newer version is never overwritten), two tabs' writes are merged
//! (classes and results united by id; a deleted class remembered by
//! tombstone; the newer name wins), and data that cannot be read is salvaged
//! class by class and result by result, the original backed up by the
//! browser layer before anything is written.
//!
//! A class keeps each result as the (deflated) results code the trainee
//! handed in, so it stays small and is checked again, as strictly as a file,
//! every time it is loaded: nothing read back from storage is trusted.

use serde::{Deserialize, Serialize};

use super::class::{Class, Rejected};
use crate::i18n::Text;
use crate::scenario::Library;

/// Bumped when the stored shape changes.
pub const CLASSES_VERSION: u32 = 1;

/// One accepted result, as it is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// [`super::Results::identity`]: what unites two tabs' copies.
    pub id: String,
    /// The file (or "(code)") it was imported from, named in messages.
    pub file: String,
    /// The results code (`DOJO2:`, deflated).
    pub code: String,
}

/// A named class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedClass {
    pub id: String,
    pub name: String,
    /// When the name last changed (the newer name wins in a merge).
    #[serde(default)]
    pub renamed_ms: f64,
    #[serde(default)]
    pub results: Vec<Kept>,
}

/// Every class of this browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classes {
    pub version: u32,
    #[serde(default)]
    pub classes: Vec<SavedClass>,
    /// Ids of deleted classes (tombstones).
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Default for Classes {
    fn default() -> Classes {
        Classes {
            version: CLASSES_VERSION,
            classes: Vec::new(),
            deleted: Vec::new(),
        }
    }
}

/// What reading the stored classes found.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    /// Read as it is (or nothing was stored).
    Read(Classes),
    /// Written by a newer version: shown, merged into, but never overwritten.
    Newer(u32),
    /// Damaged: what could be salvaged. The original must be backed up
    /// before anything is written.
    Damaged(Classes),
}

/// Something the trainer must be told about the kept classes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassesNotice {
    /// Damaged data was backed up under `backup`; what could be read is kept.
    Recovered {
        backup: String,
        classes: usize,
        results: usize,
    },
    /// Damaged, and the backup failed: nothing is written, so nothing is lost.
    NotBackedUp,
    /// Stored by a newer version of the app: nothing is written.
    NewerVersion(u32),
    /// No storage (private mode, disabled): classes stay in memory.
    Unavailable,
    /// The storage is full: the latest change was not saved.
    Full,
}

impl ClassesNotice {
    pub fn message(&self) -> Text {
        match self {
            ClassesNotice::Recovered { backup, classes, results } => Text::new(
                format!("保存的班级数据有损坏。原始数据已备份到“{backup}”，不会被覆盖；能读出的 {classes} 个班级（{results} 份结果）已恢复。"),
                format!("The saved classes were damaged. The original data is backed up under “{backup}” and will not be overwritten; {classes} class(es) with {results} result(s) that could be read were recovered."),
            ),
            ClassesNotice::NotBackedUp => Text::new(
                "保存的班级数据有损坏，且无法备份；为避免丢失，本次不会保存班级的任何改动。",
                "The saved classes are damaged and could not be backed up; to avoid losing them, no change to the classes will be saved this time.",
            ),
            ClassesNotice::NewerVersion(v) => Text::new(
                format!("保存的班级来自更新的版本（v{v}）。为避免覆盖，本次不会保存班级的改动；请使用新版本。"),
                format!("The saved classes come from a newer version (v{v}). To avoid overwriting them, changes to the classes will not be saved this time; use the newer version."),
            ),
            ClassesNotice::Unavailable => Text::new(
                "此浏览器不允许保存数据：班级只保留到关闭页面为止。",
                "This browser does not allow saving: the classes are kept only until the page is closed.",
            ),
            ClassesNotice::Full => Text::new(
                "浏览器存储空间已满，班级的最新改动没有保存。可以删除不再需要的班级后再试。",
                "The browser's storage is full, so the latest change to the classes was not saved. Delete classes you no longer need and try again.",
            ),
        }
    }
}

impl Classes {
    /// Read what is stored (`None`: nothing yet).
    pub fn read(raw: Option<&str>) -> Stored {
        let Some(raw) = raw else {
            return Stored::Read(Classes::default());
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) else {
            return Stored::Damaged(Classes::default());
        };
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v > CLASSES_VERSION as u64 => {
                return Stored::Newer(v.min(u32::MAX as u64) as u32)
            }
            Some(v) if v == CLASSES_VERSION as u64 => {}
            _ => return Stored::Damaged(Classes::recover(&value)),
        }
        match serde_json::from_value::<Classes>(value.clone()) {
            Ok(classes) => Stored::Read(classes),
            Err(_) => Stored::Damaged(Classes::recover(&value)),
        }
    }

    /// Salvage what reads on its own: each class, and each result in it.
    fn recover(value: &serde_json::Value) -> Classes {
        let mut out = Classes::default();
        let list = |v: &serde_json::Value, key: &str| -> Vec<serde_json::Value> {
            v.get(key)
                .and_then(|x| x.as_array())
                .cloned()
                .unwrap_or_default()
        };
        for id in list(value, "deleted") {
            if let Some(id) = id.as_str() {
                out.deleted.push(id.to_string());
            }
        }
        for raw in list(value, "classes") {
            let Some(id) = raw.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let mut class = SavedClass {
                id: id.to_string(),
                name: raw
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or("?")
                    .to_string(),
                renamed_ms: 0.0,
                results: Vec::new(),
            };
            for kept in list(&raw, "results") {
                if let Ok(kept) = serde_json::from_value::<Kept>(kept) {
                    class.results.push(kept);
                }
            }
            out.classes.push(class);
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Before writing: merge what is stored *now* (another tab may have
    /// written since this one read). `Ok(true)` means the stored text is
    /// damaged and must be backed up before it is replaced; a newer
    /// version's data is never replaced.
    pub fn merge_stored(&mut self, raw: Option<&str>) -> Result<bool, ClassesNotice> {
        match Classes::read(raw) {
            Stored::Read(stored) => {
                self.merge(&stored);
                Ok(false)
            }
            Stored::Damaged(salvaged) => {
                self.merge(&salvaged);
                Ok(true)
            }
            Stored::Newer(version) => Err(ClassesNotice::NewerVersion(version)),
        }
    }

    /// How many results all classes hold (for messages).
    pub fn result_count(&self) -> usize {
        self.classes.iter().map(|c| c.results.len()).sum()
    }

    pub fn get(&self, id: &str) -> Option<&SavedClass> {
        self.classes.iter().find(|c| c.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut SavedClass> {
        self.classes.iter_mut().find(|c| c.id == id)
    }

    /// A new, empty class; `nonce` is fresh randomness from the caller (two
    /// tabs creating a class in the same millisecond get two ids).
    pub fn add_class(&mut self, name: &str, now_ms: f64, nonce: u64) -> String {
        let id = format!("c{:x}-{:x}", now_ms.max(0.0) as u64, nonce & 0xffff_ffff);
        self.classes.push(SavedClass {
            id: id.clone(),
            name: clip_name(name),
            renamed_ms: now_ms,
            results: Vec::new(),
        });
        id
    }

    pub fn rename(&mut self, id: &str, name: &str, now_ms: f64) -> bool {
        let name = clip_name(name);
        match self.get_mut(id) {
            Some(class) if !name.is_empty() => {
                class.name = name;
                class.renamed_ms = now_ms;
                true
            }
            _ => false,
        }
    }

    /// Delete a class and its results (the UI asks first).
    pub fn delete(&mut self, id: &str) -> bool {
        let before = self.classes.len();
        self.classes.retain(|c| c.id != id);
        if !self.deleted.iter().any(|d| d == id) {
            self.deleted.push(id.to_string());
        }
        self.classes.len() < before
    }

    /// Take in what another tab stored: nothing either side added is lost,
    /// and what either side deleted stays deleted.
    pub fn merge(&mut self, other: &Classes) {
        for id in &other.deleted {
            if !self.deleted.contains(id) {
                self.deleted.push(id.clone());
            }
        }
        let deleted = self.deleted.clone();
        self.classes.retain(|c| !deleted.contains(&c.id));
        for theirs in other.classes.iter().filter(|c| !deleted.contains(&c.id)) {
            match self.get_mut(&theirs.id) {
                Some(mine) => mine.merge(theirs),
                None => self.classes.push(theirs.clone()),
            }
        }
    }
}

/// Names are trimmed and at most [`super::MAX_NAME_CHARS`] characters.
fn clip_name(name: &str) -> String {
    name.trim().chars().take(super::MAX_NAME_CHARS).collect()
}

impl SavedClass {
    /// The class as the dashboard shows it: every kept result checked again
    /// (one that no longer passes is listed as rejected, with its file).
    pub fn class(&self, library: &Library) -> Class {
        let mut class = Class::default();
        for kept in &self.results {
            class.add_with(&kept.file, &kept.code, library);
        }
        class
    }

    /// Import files or codes into this class; returns what was refused and why.
    pub fn import(&mut self, files: &[(String, String)], library: &Library) -> Vec<Rejected> {
        let mut class = self.class(library);
        let already = class.rejected.len();
        for (file, text) in files {
            if let Ok(results) = class.import(file, text, library) {
                self.results.push(Kept {
                    id: results.identity().to_string(),
                    file: file.clone(),
                    code: results.to_code(),
                });
            }
        }
        class.rejected.split_off(already)
    }

    fn merge(&mut self, other: &SavedClass) {
        if other.renamed_ms > self.renamed_ms {
            self.name = other.name.clone();
            self.renamed_ms = other.renamed_ms;
        }
        for kept in &other.results {
            if !self.results.iter().any(|k| k.id == kept.id) {
                self.results.push(kept.clone());
            }
        }
    }
}
