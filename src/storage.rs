//! The one adapter between the app's data and the browser: localStorage as a
//! [`KeyValue`] for the pure protocol in `persist` (read-merge-write, backups,
//! never overwriting what cannot be read), the Web Locks API to serialise
//! writes across tabs, the `storage` event that repairs a lost race,
//! persistent-storage requests, backups, and downloads.
//!
//! Any value with a version, a JSON form and a merge can be kept here
//! ([`Versioned`]): give it its own key, `load` it once, `save` it after
//! every change, and `on_write` to hear other tabs. The guarantees are those
//! of `persist`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::persist::{self, KeyValue};
pub use crate::persist::{Backup, LoadProblem, Loaded, SaveError, Saved, Versioned};

/// localStorage, as the protocol sees it.
pub struct Local(web_sys::Storage);

impl KeyValue for Local {
    fn get(&self, key: &str) -> Result<Option<String>, SaveError> {
        self.0.get_item(key).map_err(|_| SaveError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), SaveError> {
        self.0.set_item(key, value).map_err(|error| {
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

    fn remove(&mut self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let n = self.0.length().unwrap_or(0);
        (0..n)
            .filter_map(|i| self.0.key(i).ok().flatten())
            .collect()
    }
}

/// localStorage, or `None` when the browser refuses it (accessing
/// `localStorage` itself throws when storage is disabled).
pub fn local() -> Option<Local> {
    web_sys::window()?.local_storage().ok().flatten().map(Local)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Read the value under `key` (migrated; damaged data backed up first).
pub fn load<T: Versioned + Default>(key: &str) -> Loaded<T> {
    match local() {
        Some(mut kv) => persist::load(&mut kv, key, now_ms()),
        None => Loaded {
            value: T::default(),
            problem: Some(LoadProblem::NoStorage),
            writable: false,
        },
    }
}

/// Read-merge-write now, without the lock (for a key only this tab writes).
pub fn save_now<T: Versioned>(key: &str, value: &mut T) -> Result<Saved, SaveError> {
    let mut kv = local().ok_or(SaveError::Unavailable)?;
    persist::save(&mut kv, key, value, now_ms())
}

/// Read-merge-write under the cross-tab lock named after `key`: `current`
/// gives the value when the lock is granted (so the latest one is written),
/// `done` gets the merged value, or why nothing was written.
pub fn save<T: Versioned + 'static>(
    key: &str,
    current: impl FnOnce() -> T + 'static,
    done: impl FnOnce(Result<(T, Saved), SaveError>) + 'static,
) {
    let key_owned = key.to_string();
    with_lock(key, move || {
        let mut value = current();
        let result = save_now(&key_owned, &mut value).map(|saved| (value, saved));
        done(result);
    });
}

/// Run `job` while holding the Web Lock `name` (shared by every tab of this
/// origin), or at once where the browser has no Web Locks (or refuses them,
/// as for pages opened from a file). Jobs under one name run in request order.
pub fn with_lock(name: &str, job: impl FnOnce() + 'static) {
    let job: Rc<RefCell<Option<Box<dyn FnOnce()>>>> = Rc::new(RefCell::new(Some(Box::new(job))));
    let run = {
        let job = job.clone();
        move || {
            if let Some(job) = job.borrow_mut().take() {
                job();
            }
        }
    };
    let Some(locks) = navigator_field("locks") else {
        return run();
    };
    let Some(request) = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    else {
        return run();
    };
    let granted = {
        let run = run.clone();
        Closure::once_into_js(move |_lock: JsValue| {
            run();
            JsValue::UNDEFINED
        })
    };
    let lock_name = format!("{name}.lock");
    match request.call2(&locks, &JsValue::from_str(&lock_name), &granted) {
        Ok(promise) => {
            // Refused (a file:// page): run without the lock; the merge is
            // correct without it, the lock only makes races rarer.
            let refused = Closure::<dyn FnMut(JsValue)>::once(move |_error: JsValue| run());
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                let _ = promise.catch(&refused);
            }
            // Lives until the page goes: it may be called after this returns.
            refused.forget();
        }
        Err(_) => run(),
    }
}

/// `navigator.<name>`, if the browser has it.
fn navigator_field(name: &str) -> Option<JsValue> {
    let navigator =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    js_sys::Reflect::get(&navigator, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Call `on_change(key, new value)` whenever another tab writes a key that
/// starts with `prefix` (`None`: removed). The listener lives as long as the page.
pub fn on_write(prefix: &str, on_change: impl Fn(String, Option<String>) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let prefix = prefix.to_string();
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if let Some(key) = event.key().filter(|k| k.starts_with(&prefix)) {
                on_change(key, event.new_value());
            }
        });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Every key starting with `prefix`, with its value.
pub fn entries(prefix: &str) -> Vec<(String, String)> {
    let Some(kv) = local() else {
        return Vec::new();
    };
    kv.keys()
        .into_iter()
        .filter(|k| k.starts_with(prefix))
        .filter_map(|k| Some((k.clone(), kv.get(&k).ok()??)))
        .collect()
}

pub fn remove(key: &str) {
    if let Some(mut kv) = local() {
        kv.remove(key);
    }
}

/// The value under `key`, as stored.
pub fn raw(key: &str) -> Option<String> {
    local()?.get(key).ok()?
}

/// The backups of `key`, oldest first.
pub fn backups(key: &str) -> Vec<Backup> {
    local()
        .map(|kv| persist::backups(&kv, key))
        .unwrap_or_default()
}

/// Ask the browser to keep this origin's data when space runs low
/// (`navigator.storage.persist()`). `done` gets whether it was granted, or
/// `None` where the browser has no such request.
pub fn request_persistence(done: impl FnOnce(Option<bool>) + 'static) {
    let storage = navigator_field("storage");
    let persist = storage.as_ref().and_then(|s| {
        js_sys::Reflect::get(s, &JsValue::from_str("persist"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let (Some(storage), Some(persist)) = (storage, persist) else {
        return done(None);
    };
    let Ok(promise) = persist
        .call0(&storage)
        .and_then(|p| p.dyn_into::<js_sys::Promise>().map_err(JsValue::from))
    else {
        return done(None);
    };
    leptos::task::spawn_local(async move {
        let granted = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool());
        done(granted);
    });
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
    local().ok_or(SaveError::Unavailable)?.get(key)
}

/// Write `value` under `key`, telling a full storage apart.
pub fn write_key(key: &str, value: &str) -> Result<(), SaveError> {
    local().ok_or(SaveError::Unavailable)?.set(key, value)
}

/// Copy unreadable text verbatim to a fresh backup key of the value `what`
/// (`service-dojo.<what>.backup.<time>`, listed with the other backups);
/// `None` if that failed.
pub fn back_up(what: &str, raw: &str) -> Option<String> {
    let mut kv = local()?;
    let key = persist::fresh_backup_key(&kv, &format!("service-dojo.{what}"), now_ms());
    kv.set(&key, raw).ok()?;
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
