//! The trainer's classes in this browser: read once, when the dashboard is
//! first opened; every change merged with what is stored *now* (another tab
//! may have written) and written back; other tabs' writes taken in. The
//! rules (versions, merge, salvage) are the core's (`classroom::saved`);
//! `storage` reads, writes and backs up.

use leptos::prelude::*;

use crate::classroom::{Classes, ClassesNotice, Stored};
use crate::storage::{self, SaveError};

/// The storage key of the classes (beside the progress, never inside it).
pub const KEY: &str = "service-dojo.classes";

#[derive(Clone, Copy)]
pub struct KeptClasses {
    pub classes: RwSignal<Classes>,
    /// What the trainer must know (damaged data backed up, storage full…).
    pub notice: RwSignal<Option<ClassesNotice>>,
    writable: StoredValue<bool>,
    loaded: StoredValue<bool>,
}

fn from_error(error: SaveError) -> ClassesNotice {
    match error {
        SaveError::Full => ClassesNotice::Full,
        SaveError::Unavailable => ClassesNotice::Unavailable,
        // Saved by a newer version of the app: left as it is, not written over.
        SaveError::Newer(_) => ClassesNotice::Unavailable,
    }
}

impl KeptClasses {
    /// Empty until [`KeptClasses::load`]: a trainee's page never touches the classes.
    pub fn provide() {
        provide_context(KeptClasses {
            classes: RwSignal::new(Classes::default()),
            notice: RwSignal::new(None),
            writable: StoredValue::new(false),
            loaded: StoredValue::new(false),
        });
    }

    /// The classes, read from storage the first time.
    pub fn load() -> KeptClasses {
        let kept = expect_context::<KeptClasses>();
        if kept.loaded.get_value() {
            return kept;
        }
        kept.loaded.set_value(true);
        let raw = match storage::read_key(KEY) {
            Ok(raw) => raw,
            Err(error) => {
                kept.notice.set(Some(from_error(error)));
                return kept;
            }
        };
        match Classes::read(raw.as_deref()) {
            Stored::Read(classes) => {
                kept.classes.set(classes);
                kept.writable.set_value(true);
            }
            Stored::Newer(version) => kept.notice.set(Some(ClassesNotice::NewerVersion(version))),
            Stored::Damaged(salvaged) => {
                match storage::back_up("classes", raw.as_deref().unwrap_or_default()) {
                    Some(backup) => {
                        kept.notice.set(Some(ClassesNotice::Recovered {
                            backup,
                            classes: salvaged.classes.len(),
                            results: salvaged.result_count(),
                        }));
                        // The original is safe under the backup key: store what
                        // was recovered, so the next visit starts clean.
                        let _ = storage::write_key(KEY, &salvaged.to_json());
                        kept.writable.set_value(true);
                    }
                    None => kept.notice.set(Some(ClassesNotice::NotBackedUp)),
                }
                kept.classes.set(salvaged);
            }
        }
        storage::on_key_write(KEY, move || {
            if let Ok(Some(raw)) = storage::read_key(KEY) {
                if let Stored::Read(stored) = Classes::read(Some(&raw)) {
                    kept.classes.update(|c| c.merge(&stored));
                }
            }
        });
        kept
    }

    /// Change the classes and keep them: merge what is stored now, back up
    /// stored text that cannot be read, then write.
    pub fn update(&self, change: impl FnOnce(&mut Classes)) {
        self.classes.update(change);
        if !self.writable.get_value() {
            return;
        }
        let mut classes = self.classes.get_untracked();
        let raw = match storage::read_key(KEY) {
            Ok(raw) => raw,
            Err(error) => return self.notice.set(Some(from_error(error))),
        };
        match classes.merge_stored(raw.as_deref()) {
            Ok(damaged) => {
                if damaged
                    && storage::back_up("classes", raw.as_deref().unwrap_or_default()).is_none()
                {
                    self.writable.set_value(false);
                    return self.notice.set(Some(ClassesNotice::NotBackedUp));
                }
            }
            Err(notice) => {
                self.writable.set_value(false);
                return self.notice.set(Some(notice));
            }
        }
        match storage::write_key(KEY, &classes.to_json()) {
            Ok(()) => {
                if self.notice.get_untracked() == Some(ClassesNotice::Full) {
                    self.notice.set(None);
                }
            }
            Err(error) => self.notice.set(Some(from_error(error))),
        }
        self.classes.set(classes);
    }
}
