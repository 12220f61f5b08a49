//! The one adapter between the progress model and the browser's localStorage.
//!
//! Nothing is lost: data that cannot be read is copied to a backup key before
//! anything is written, and the user is told. When storage is unavailable
//! (private mode, disabled), the app runs in memory and says so.

use crate::i18n::Text;
use crate::progress::{LoadError, Store};

pub const KEY: &str = "service-dojo";
pub const BACKUP_PREFIX: &str = "service-dojo.backup.";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What loading found, with a message for the user when something is off.
pub struct Loaded {
    pub store: Store,
    pub notice: Option<Text>,
    /// False when progress cannot be kept (storage unavailable, or newer data we must not overwrite).
    pub writable: bool,
}

pub fn load() -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded {
            store: Store::default(),
            notice: Some(Text::new(
                "此浏览器不允许保存数据(可能是隐私模式),练习可以照常进行,但关闭页面后进度不会保留。",
                "This browser does not allow saving (private mode?). You can practise as usual, but progress will not be kept after you close the page.",
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
                "无法读取已保存的进度,本次进度只保存在内存中。",
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
                format!("已保存的进度来自更新版本(v{version}),为避免覆盖,本次不会保存。"),
                format!("Saved progress comes from a newer version (v{version}); to avoid overwriting it, nothing will be saved this time."),
            )),
            writable: false,
        },
        Err(_) => {
            let backup = format!("{BACKUP_PREFIX}{}", js_sys::Date::now() as u64);
            let kept = storage.set_item(&backup, &raw).is_ok();
            Loaded {
                store: Store::default(),
                notice: Some(if kept {
                    Text::new(
                        format!("已保存的进度已损坏,无法读取。原始数据已备份到“{backup}”,不会被覆盖;现在从空白进度开始。"),
                        format!("Saved progress was damaged and could not be read. The original data is backed up under “{backup}” and will not be overwritten; starting from empty progress."),
                    )
                } else {
                    Text::new(
                        "已保存的进度已损坏,且无法备份;为避免丢失,本次不会覆盖它。",
                        "Saved progress was damaged and could not be backed up; to avoid losing it, nothing will be saved this time.",
                    )
                }),
                writable: kept,
            }
        }
    }
}

/// Write the store; `Err` carries a message for the user (e.g. quota exceeded).
pub fn save(store: &Store) -> Result<(), Text> {
    let storage = local_storage()
        .ok_or_else(|| Text::new("无法保存进度。", "Progress could not be saved."))?;
    storage.set_item(KEY, &store.to_json()).map_err(|_| {
        Text::new(
            "浏览器存储空间已满,最新进度未能保存。",
            "The browser's storage is full; the latest progress could not be saved.",
        )
    })
}
