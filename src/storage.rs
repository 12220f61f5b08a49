//! The one adapter between the progress model and the browser's localStorage.
//!
//! Nothing is lost: data that cannot be read is copied to a backup key before
//! anything is written, whatever can be salvaged is used, and the user is
//! told. Every write first merges what another tab may have written. When
//! storage is unavailable (private mode, disabled), the app runs in memory and
//! says so; when it is full, the caller is told so it can offer to prune.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::i18n::Text;
use crate::progress::{recover, LoadError, Store};

pub const KEY: &str = "service-dojo";
pub const BACKUP_PREFIX: &str = "service-dojo.backup.";

fn local_storage() -> Option<web_sys::Storage> {
    // Accessing `localStorage` itself throws when storage is disabled.
    web_sys::window()?.local_storage().ok().flatten()
}

/// What loading found, with a message for the user when something is off.
pub struct Loaded {
    pub store: Store,
    pub notice: Option<Text>,
    /// False when progress cannot be kept (no storage, or data we must not overwrite).
    pub writable: bool,
}

/// Why a write failed.
pub enum SaveError {
    /// The quota is used up: offer to export and prune.
    Full,
    Unavailable,
}

impl SaveError {
    pub fn message(&self) -> Text {
        match self {
            SaveError::Full => Text::new(
                "浏览器存储空间已满，最新进度未能保存。可以先导出备份，再精简旧的对话记录（分数会保留）。",
                "The browser's storage is full, so the latest progress was not saved. Export a backup, then prune old transcripts (scores are kept).",
            ),
            SaveError::Unavailable => Text::new("无法保存进度。", "Progress could not be saved."),
        }
    }
}

pub fn load() -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded {
            store: Store::default(),
            notice: Some(Text::new(
                "此浏览器不允许保存数据（可能是隐私模式或已禁用存储）。练习可以照常进行，但关闭页面后进度不会保留。",
                "This browser does not allow saving (private mode, or storage is disabled). You can practise as usual, but progress will not be kept after you close the page.",
            )),
            writable: false,
        };
    };
    let raw = match storage.get_item(KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                store: Store::default(),
                notice: None,
                writable: true,
            }
        }
        Err(_) => return Loaded {
            store: Store::default(),
            notice: Some(Text::new(
                "无法读取已保存的进度，本次进度只保存在内存中。",
                "Saved progress could not be read; this session's progress stays in memory only.",
            )),
            writable: false,
        },
    };
    match Store::from_json(&raw) {
        Ok(store) => Loaded {
            store,
            notice: None,
            writable: true,
        },
        Err(LoadError::NewerVersion(version)) => Loaded {
            store: Store::default(),
            notice: Some(Text::new(
                format!("已保存的进度来自更新的版本（v{version}）。为避免覆盖它，本次不会保存任何进度。"),
                format!("Saved progress comes from a newer version (v{version}). To avoid overwriting it, nothing will be saved this time."),
            )),
            writable: false,
        },
        Err(error) => {
            let backup = format!("{BACKUP_PREFIX}{}", js_sys::Date::now() as u64);
            if storage.set_item(&backup, &raw).is_err() {
                return Loaded {
                    store: recover(&raw).unwrap_or_default(),
                    notice: Some(Text::new(
                        "已保存的进度已损坏，且无法备份；为避免丢失，本次不会覆盖它。",
                        "Saved progress is damaged and could not be backed up; to avoid losing it, it will not be overwritten this time.",
                    )),
                    writable: false,
                };
            }
            let store = recover(&raw).unwrap_or_default();
            let sessions: usize = store.profiles.iter().map(|p| p.sessions.len()).sum();
            // The original is safe under the backup key: replace it with what
            // was recovered, so the next visit starts clean (and backs up nothing twice).
            let _ = storage.set_item(KEY, &store.to_json());
            Loaded {
                store,
                notice: Some(Text::new(
                    format!("已保存的进度有损坏（{error}）。原始数据已备份到“{backup}”，不会被覆盖；能读出的 {sessions} 条练习记录已恢复。"),
                    format!("Saved progress was damaged ({error}). The original data is backed up under “{backup}” and will not be overwritten; {sessions} finished session(s) that could be read were recovered."),
                )),
                writable: true,
            }
        }
    }
}

/// Merge what is stored (another tab may have written) into `store`, then write it.
pub fn save(store: &mut Store) -> Result<(), SaveError> {
    let storage = local_storage().ok_or(SaveError::Unavailable)?;
    if let Ok(Some(raw)) = storage.get_item(KEY) {
        if let Ok(stored) = Store::from_json(&raw) {
            store.merge(&stored);
        }
    }
    storage.set_item(KEY, &store.to_json()).map_err(|error| {
        let name = error
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            SaveError::Full
        } else {
            SaveError::Unavailable
        }
    })
}

/// Call `on_change` with the stored data whenever another tab writes it.
pub fn on_other_tab_write(on_change: impl Fn(Store) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if event.key().as_deref() != Some(KEY) {
                return;
            }
            if let Some(store) = event
                .new_value()
                .and_then(|raw| Store::from_json(&raw).ok())
            {
                on_change(store);
            }
        });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}

/// Offer a JSON file for download (export).
pub fn download(file_name: &str, contents: &str) {
    download_as(file_name, contents, "application/json");
}

/// Offer a text file of the given type for download.
pub fn download_as(file_name: &str, contents: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(file_name);
        if let Some(body) = document.body() {
            let _ = body.append_child(&anchor);
            anchor.click();
            anchor.remove();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

// Other values kept beside the progress under their own keys (the
// classroom's classes, `ui::classes`): the versioning and the merge live in
// the core, this adapter only reads, writes, backs up and listens.

/// Read the text stored under `key` (`Ok(None)`: nothing yet).
pub fn read_key(key: &str) -> Result<Option<String>, SaveError> {
    let storage = local_storage().ok_or(SaveError::Unavailable)?;
    storage.get_item(key).map_err(|_| SaveError::Unavailable)
}

/// Write `value` under `key`, telling a full storage apart.
pub fn write_key(key: &str, value: &str) -> Result<(), SaveError> {
    let storage = local_storage().ok_or(SaveError::Unavailable)?;
    storage.set_item(key, value).map_err(|error| {
        let name = error
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            SaveError::Full
        } else {
            SaveError::Unavailable
        }
    })
}

/// Copy unreadable text verbatim to a new backup key (`what` names the value
/// in the key, e.g. `service-dojo.backup.classes.<time>`); `None` if that failed.
pub fn back_up(what: &str, raw: &str) -> Option<String> {
    let key = format!("{BACKUP_PREFIX}{what}.{}", js_sys::Date::now() as u64);
    let storage = local_storage()?;
    storage.set_item(&key, raw).ok()?;
    Some(key)
}

/// Call `on_change` whenever another tab writes `key`.
pub fn on_key_write(key: &'static str, on_change: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if event.key().as_deref() == Some(key) {
                on_change();
            }
        });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}
