//! SCORM export from the classroom page (issue 17): the same package
//! `dojo scorm` makes, built in the browser. The app's files are the ones its
//! service worker lists (`lms::package::app_file_list`), fetched from the
//! app's own folder — from the worker's cache when it has them, so export
//! works offline once the app is installed — then zipped with the pack by
//! `lms::package::build` and offered as a download. Nothing leaves the
//! browser.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::classroom::Pack;
use crate::lms::package::{app_file_list, build, AppFile, SERVICE_WORKER};
use crate::lms::{LmsError, Scorm};
use crate::ui::use_lang;

/// One of the app's files, as bytes (`status` 0: no answer at all).
async fn fetch_bytes(path: &str) -> Result<Vec<u8>, LmsError> {
    let missing = |status: u16| LmsError::AppFileMissing {
        path: path.to_string(),
        status,
    };
    let window = web_sys::window().ok_or_else(|| missing(0))?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| missing(0))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| missing(0))?;
    if !response.ok() {
        return Err(missing(response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|_| missing(0))?)
        .await
        .map_err(|_| missing(0))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Every file of the app, by the service worker's list.
async fn app_files() -> Result<Vec<AppFile>, LmsError> {
    let sw = fetch_bytes(SERVICE_WORKER)
        .await
        .map_err(|_| LmsError::NoFileList)?;
    let list = app_file_list(&String::from_utf8_lossy(&sw))?;
    let mut files = Vec::with_capacity(list.len());
    for path in list {
        let bytes = if path == SERVICE_WORKER {
            sw.clone()
        } else {
            fetch_bytes(&path).await?
        };
        files.push(AppFile { path, bytes });
    }
    Ok(files)
}

/// Offer bytes for download under `file_name`.
fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
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
    // A few megabytes: released once the download has surely started.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The package's file name: the pack's id and the version.
fn file_name(pack: &Pack, version: Scorm) -> String {
    let v = match version {
        Scorm::V12 => "scorm12",
        Scorm::V2004 => "scorm2004",
    };
    format!("pack-{}-{v}.zip", pack.id())
}

enum State {
    Idle,
    Working,
    Done(String, usize),
    Failed(LmsError),
}

/// The two export buttons and what became of the last export.
#[component]
pub fn ScormExport(pack: Pack) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new_local(State::Idle);
    let export = move |version: Scorm| {
        let pack = pack.clone();
        state.set(State::Working);
        wasm_bindgen_futures::spawn_local(async move {
            let result = match app_files().await {
                Ok(files) => build(version, &pack, &files),
                Err(e) => Err(e),
            };
            match result {
                Ok(zip) => {
                    let name = file_name(&pack, version);
                    download_bytes(&name, &zip, "application/zip");
                    state.set(State::Done(name, zip.len()));
                }
                Err(e) => state.set(State::Failed(e)),
            }
        });
    };
    let export_12 = export.clone();
    view! {
        <div class="scorm-export" role="group" aria-labelledby="scorm-export-title">
            <h3 id="scorm-export-title">{move || lang.tr("导出到 LMS（SCORM 课件包）", "Export for an LMS (SCORM package)")}</h3>
            <p class="hint">{move || lang.tr("在浏览器里生成，包含应用和这个练习包；上传到 LMS（Moodle 等）即可。", "Made in this browser, holding the app and this pack; upload it to your LMS (Moodle and others).")}</p>
            <div class="debrief-actions">
                <button type="button" class="secondary" disabled=move || state.with(|s| matches!(s, State::Working)) on:click=move |_| export_12(Scorm::V12)>{move || lang.tr("下载 SCORM 1.2 包", "Download SCORM 1.2 package")}</button>
                <button type="button" class="secondary" disabled=move || state.with(|s| matches!(s, State::Working)) on:click=move |_| export(Scorm::V2004)>{move || lang.tr("下载 SCORM 2004 包", "Download SCORM 2004 package")}</button>
            </div>
            <p class="scorm-export-status" aria-live="polite">{move || state.with(|s| match s {
                State::Idle => String::new(),
                State::Working => lang.tr("正在生成课件包…", "Making the package…").to_string(),
                State::Done(name, size) => format!("{} {name} ({})", lang.tr("已生成：", "Made:"), crate::cli::human_bytes(*size)),
                State::Failed(_) => String::new(),
            })}</p>
            {move || state.with(|s| match s {
                State::Failed(e) => {
                    let message = e.message();
                    Some(view! { <p class="notice pack-error scorm-export-error" role="alert">{move || lang.text(&message)}</p> })
                }
                _ => None,
            })}
        </div>
    }
}
