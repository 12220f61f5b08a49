//! Keeping progress safe from the browser: persistent storage, a reminder
//! to export, and the backups of damaged data (seen, downloaded, removed).
//! Progress lives in this browser only; clearing site data wipes it.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::progress;
use crate::storage::{self, Backup};
use crate::ui::{use_lang, use_progress, Progress};

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Download the active profile and remember when.
pub fn export(progress: Progress) {
    let (file, name) = progress
        .store
        .with_untracked(|s| (s.export_profile(), s.profile().name.clone()));
    let safe: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    storage::download(&format!("service-dojo-{safe}.json"), &file);
    progress.update(|s| s.mark_exported(now_ms()));
}

pub fn format_date(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

fn kilobytes(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// Shown on every screen while the active trainee has progress older than a
/// week that was never exported.
#[component]
pub fn ExportReminder() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let later = RwSignal::new(false);
    move || {
        let due = progress.store.with(|s| s.profile().needs_export(now_ms()));
        (due && !later.get()).then(|| view! {
            <aside class="notice reminder" aria-labelledby="export-reminder">
                <p id="export-reminder">{move || lang.tr(
                    "你有一周前的练习记录还没有导出。进度只保存在这个浏览器里，清除浏览数据会把它删掉：导出一份文件保存好。",
                    "You have practice older than a week that was never exported. Progress is kept only in this browser and clearing site data wipes it: export it to a file and keep that safe.",
                )}</p>
                <div class="notice-actions">
                    <button on:click=move |_| export(progress)>{move || lang.tr("立即导出", "Export now")}</button>
                    <button on:click=move |_| later.set(true)>{move || lang.tr("以后再说", "Later")}</button>
                </div>
            </aside>
        })
    }
}

/// In the "storage full" notice: free the space old backups take (the user
/// sees how many and how large before clicking).
#[component]
pub fn RemoveBackups() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let list = RwSignal::new(storage::backups(progress::KEY));
    move || {
        let (count, bytes) = list.with(|l| (l.len(), l.iter().map(|b| b.bytes).sum::<usize>()));
        (count > 0).then(|| {
            let size = kilobytes(bytes);
            view! {
                <button on:click=move |_| {
                    for backup in list.get_untracked() {
                        storage::remove(&backup.key);
                    }
                    list.set(storage::backups(progress::KEY));
                    progress.persist(|| {});
                }>
                    {move || match lang.0.get() {
                        crate::i18n::Lang::Zh => format!("删除 {count} 个旧备份（{size}）"),
                        crate::i18n::Lang::En => format!("Remove {count} old backup(s) ({size})"),
                    }}
                </button>
            }
        })
    }
}

/// On My progress: whether the browser keeps the data, when it was last
/// exported, and the backups of damaged data.
#[component]
pub fn StoragePanel() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let backups = RwSignal::new(storage::backups(progress::KEY));
    let persisted = move || -> Text {
        match progress.persisted.get() {
            Some(true) => Text::new(
                "浏览器已同意长期保存这些数据：空间不足时也不会自动清除。但手动清除浏览数据仍会删掉它们。",
                "The browser agreed to keep this data: it will not be cleared when space runs low. Clearing site data by hand still deletes it.",
            ),
            Some(false) => Text::new(
                "浏览器没有同意长期保存：空间不足时可能清除这些数据，清除浏览数据也会删掉它们。请定期导出。",
                "The browser did not agree to keep this data: it may clear it when space runs low, and clearing site data deletes it. Export regularly.",
            ),
            None => Text::new(
                "这个浏览器无法确认会长期保存数据；清除浏览数据会删掉进度。请定期导出。",
                "This browser cannot confirm that it keeps the data; clearing site data deletes your progress. Export regularly.",
            ),
        }
    };
    let exported = move || {
        let ms = progress.store.with(|s| s.profile().exported_ms);
        if ms > 0.0 {
            let when = format_date(ms);
            match lang.0.get() {
                crate::i18n::Lang::Zh => format!("上次导出：{when}"),
                crate::i18n::Lang::En => format!("Last exported: {when}"),
            }
        } else {
            lang.tr(
                "这个练习者还没有导出过。",
                "This trainee has never been exported.",
            )
            .to_string()
        }
    };
    let row = move |backup: Backup| {
        let when = format_date(backup.saved_ms);
        let size = kilobytes(backup.bytes);
        let key = backup.key.clone();
        let download_key = backup.key.clone();
        view! {
            <tr>
                <td>{when}</td>
                <td>{size}</td>
                <td><code>{backup.key.clone()}</code></td>
                <td class="backup-actions">
                    <button class="secondary" on:click=move |_| {
                        if let Some(raw) = storage::raw(&download_key) {
                            storage::download_as(&format!("{download_key}.txt"), &raw, "text/plain");
                        }
                    }>{move || lang.tr("下载", "Download")}</button>
                    <button class="secondary" on:click=move |_| {
                        storage::remove(&key);
                        backups.set(storage::backups(progress::KEY));
                    }>{move || lang.tr("删除", "Remove")}</button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="storage-panel" aria-labelledby="storage-title">
            <h2 id="storage-title">{move || lang.tr("数据保存在哪里", "Where your data is kept")}</h2>
            <p class="persisted" data-persisted=move || match progress.persisted.get() { Some(true) => "granted", Some(false) => "denied", None => "unknown" }>
                {move || lang.text(&persisted())}
            </p>
            <p class="exported">{exported}</p>
            <h3>{move || lang.tr("旧备份", "Old backups")}</h3>
            {move || if backups.with(Vec::is_empty) {
                view! { <p class="no-backups">{move || lang.tr("没有备份。", "No backups.")}</p> }.into_any()
            } else {
                view! {
                    <p>{move || lang.tr(
                        "读取失败的数据会原样备份在这里，从不覆盖。下载保存后可以删除，以腾出空间。",
                        "Data that could not be read is kept here unchanged, never overwritten. Download it, then remove it to free space.",
                    )}</p>
                    <table class="sessions backups">
                        <thead><tr>
                            <th scope="col">{move || lang.tr("时间", "When")}</th>
                            <th scope="col">{move || lang.tr("大小", "Size")}</th>
                            <th scope="col">{move || lang.tr("存储键", "Key")}</th>
                            <th scope="col">{move || lang.tr("操作", "Actions")}</th>
                        </tr></thead>
                        <tbody>{move || backups.get().into_iter().map(row).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
