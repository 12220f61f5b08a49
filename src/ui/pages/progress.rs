//! `/progress`: profiles, totals, trends, first vs best per scenario, what to
//! practise next, export and import.

use crate::ui::router::Link;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Text;
use crate::progress::{Mode, MAX_IMPORT_BYTES};
use crate::scenario::catalogue;
use crate::scorer::Competency;
use crate::ui::components::durability::{self, StoragePanel};
use crate::ui::components::radar::RadarChart;
use crate::ui::components::trend::TrendChart;
use crate::ui::{use_lang, use_progress};

use durability::format_date;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="progress-page">
            <h1>{move || lang.tr("我的进度", "My progress")}</h1>
            <Profiles/>
            <Summary/>
            <ExportImport/>
            <StoragePanel/>
        </section>
    }
}

/// Create, switch, rename and delete trainee profiles.
#[component]
fn Profiles() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let new_name = RwSignal::new(String::new());
    let rename = RwSignal::new(String::new());
    let confirming_delete = RwSignal::new(false);
    let now = || js_sys::Date::now();
    view! {
        <section class="profiles" aria-labelledby="profiles-title">
            <h2 id="profiles-title">{move || lang.tr("练习者", "Trainee")}</h2>
            <label>
                {move || lang.tr("当前练习者", "Current trainee")}
                <select
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        confirming_delete.set(false);
                        progress.update(|s| s.set_active(&id, now()));
                    }
                    prop:value=move || progress.store.with(|s| s.active.clone())
                >
                    {move || progress.store.with(|s| {
                        s.profiles.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()
                    })}
                </select>
            </label>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                let name = new_name.get_untracked();
                if !name.trim().is_empty() {
                    progress.update(|s| { s.add_profile(&name, now()); });
                    new_name.set(String::new());
                }
            }>
                <label>
                    {move || lang.tr("新练习者的名字", "New trainee's name")}
                    <input type="text" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="secondary">{move || lang.tr("添加", "Add")}</button>
            </form>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                let name = rename.get_untracked();
                if !name.trim().is_empty() {
                    let id = progress.store.with_untracked(|s| s.active.clone());
                    progress.update(|s| s.rename_profile(&id, &name, now()));
                    rename.set(String::new());
                }
            }>
                <label>
                    {move || lang.tr("改名为", "Rename to")}
                    <input type="text" prop:value=move || rename.get() on:input=move |ev| rename.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="secondary">{move || lang.tr("改名", "Rename")}</button>
            </form>
            {move || {
                let many = progress.store.with(|s| s.profiles.len() > 1);
                let name = progress.store.with(|s| s.profile().name.clone());
                if !many {
                    return None;
                }
                Some(if confirming_delete.get() {
                    view! {
                        <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete">
                            <p id="confirm-delete">
                                {move || lang.text(&Text::new(
                                    "确定删除“{name}”及其全部练习记录吗？此操作无法撤销。",
                                    "Delete “{name}” and all their sessions? This cannot be undone.",
                                ).with("name", &name))}
                            </p>
                            <button class="danger" on:click=move |_| {
                                let id = progress.store.with_untracked(|s| s.active.clone());
                                progress.update(|s| { s.delete_profile(&id); });
                                confirming_delete.set(false);
                            }>{move || lang.tr("删除", "Delete")}</button>
                            <button class="secondary" on:click=move |_| confirming_delete.set(false)>{move || lang.tr("取消", "Cancel")}</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button class="secondary" on:click=move |_| confirming_delete.set(true)>
                            {move || lang.tr("删除这个练习者…", "Delete this trainee…")}
                        </button>
                    }.into_any()
                })
            }}
        </section>
    }
}

/// Totals, trends, first vs best per scenario, weakest competency and recommendations.
#[component]
fn Summary() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let library = catalogue();
    move || {
        let profile = progress.store.with(|s| s.profile().clone());
        let Some(average) = profile.average() else {
            return view! {
                <p class="empty">{move || lang.tr("还没有完成的练习。", "No finished sessions yet.")} " " <Link href="/">{move || lang.tr("去选一个场景", "Pick a scenario")}</Link></p>
            }
            .into_any();
        };
        let sessions = profile.sessions.len();
        let minutes = profile.minutes().round() as u64;
        let weakest = profile.weakest().unwrap_or(Competency::Empathy);
        let trend: Vec<_> = profile.sessions.iter().map(|s| s.scores).collect();
        let mut played: Vec<&str> = profile
            .sessions
            .iter()
            .map(|s| s.scenario.as_str())
            .collect();
        played.sort();
        played.dedup();
        let first_best = played
            .into_iter()
            .map(|id| {
                let title = library.get(id).map(|s| s.title.clone());
                let id_text = id.to_string();
                let first = profile.first_overall(id).unwrap_or(0);
                let best = profile.best_overall(id).unwrap_or(0);
                view! {
                    <tr>
                        <th scope="row">{move || title.as_ref().map(|t| lang.text(t)).unwrap_or_else(|| id_text.clone())}</th>
                        <td>{first}</td>
                        <td>{best}</td>
                    </tr>
                }
            })
            .collect_view();
        let recommended = profile
            .recommendations(&library.scenarios)
            .into_iter()
            .take(3)
            .map(|s| view! { <li><Link href=format!("/play/{}", s.id)>{move || lang.text(&s.title)}</Link></li> })
            .collect_view();
        let history = profile
            .sessions
            .iter()
            .rev()
            .map(|s| {
                let title = library.get(&s.scenario).map(|sc| sc.title.clone());
                let id = s.scenario.clone();
                let mode = s.mode;
                let scores = s.scores;
                let overall = s.overall;
                let when = format_date(s.finished_ms);
                view! {
                    <tr>
                        <td>{when}</td>
                        <td>{move || title.as_ref().map(|t| lang.text(t)).unwrap_or_else(|| id.clone())}</td>
                        <td>{move || match mode { Mode::Practice => lang.tr("练习", "Practice"), Mode::Assessment => lang.tr("测评", "Assessment") }}</td>
                        <td>{overall}</td>
                        {Competency::FOUR.iter().map(|c| view! { <td>{scores.get(*c)}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="totals-title">
                <h2 id="totals-title">{move || lang.tr("总览", "Overview")}</h2>
                <dl class="totals">
                    <div><dt>{move || lang.tr("完成练习", "Sessions finished")}</dt><dd data-total="sessions">{sessions}</dd></div>
                    <div><dt>{move || lang.tr("练习时长（分钟）", "Minutes practised")}</dt><dd>{minutes}</dd></div>
                    <div><dt>{move || lang.tr("最弱的能力", "Weakest competency")}</dt><dd>{move || lang.text(&weakest.name())}</dd></div>
                </dl>
                <div class="debrief-scores">
                    <RadarChart scores=average/>
                    <div>
                        <h3>{move || lang.text(&Text::new("推荐练习（针对{weakest}）", "Recommended for {weakest}").with("weakest", lang.text(&weakest.name())))}</h3>
                        <ul>{recommended}</ul>
                    </div>
                </div>
            </section>
            <section aria-labelledby="trend-title">
                <h2 id="trend-title">{move || lang.tr("能力趋势", "Trend by competency")}</h2>
                <TrendChart points=trend/>
            </section>
            <section aria-labelledby="first-best-title">
                <h2 id="first-best-title">{move || lang.tr("每个场景：第一次与最佳", "Each scenario: first and best")}</h2>
                <table class="sessions">
                    <thead><tr>
                        <th scope="col">{move || lang.tr("场景", "Scenario")}</th>
                        <th scope="col">{move || lang.tr("第一次", "First")}</th>
                        <th scope="col">{move || lang.tr("最佳", "Best")}</th>
                    </tr></thead>
                    <tbody>{first_best}</tbody>
                </table>
            </section>
            <section aria-labelledby="history-title">
                <h2 id="history-title">{move || lang.tr("练习记录", "History")}</h2>
                <table class="sessions history">
                    <thead><tr>
                        <th scope="col">{move || lang.tr("时间", "When")}</th>
                        <th scope="col">{move || lang.tr("场景", "Scenario")}</th>
                        <th scope="col">{move || lang.tr("模式", "Mode")}</th>
                        <th scope="col">{move || lang.tr("总分", "Overall")}</th>
                        {Competency::FOUR.iter().map(|c| { let c = *c; view! { <th scope="col">{move || lang.text(&c.name())}</th> } }).collect_view()}
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </section>
        }
        .into_any()
    }
}

/// The active profile to a JSON file and back (merged, never duplicated).
#[component]
fn ExportImport() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    // Kept in both languages, so it follows a later language switch.
    let result = RwSignal::new(None::<Text>);
    let export = move |_| durability::export(progress);
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        // Untrusted: refused by its size before a byte is read.
        if file.size() > MAX_IMPORT_BYTES as f64 {
            let bytes = file.size() as usize;
            result.set(Some(
                crate::progress::ImportError::TooLarge { bytes }.message(),
            ));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            // Its findings get their words back from the rules.
            let rules = crate::ui::library::ensure_rules().await;
            let message = match (text, rules) {
                (None, _) => Text::new("无法读取这个文件。", "The file could not be read."),
                (Some(_), Err(_)) => Text::new(
                    "评分规则无法载入，文件未导入。请联网后重试。",
                    "The scoring rules could not be loaded, so the file was not imported. Try again when online.",
                ),
                (Some(text), Ok(())) => {
                    let mut outcome = Err(crate::progress::ImportError::NotAnExport);
                    progress.update(|s| outcome = s.import_profile(&text, js_sys::Date::now()));
                    match outcome {
                        Ok(imported) => Text::new(
                            "导入完成：“{name}”新增 {added} 条练习记录（重复的已跳过）。",
                            "Import done: {added} new session(s) for “{name}” (duplicates skipped).",
                        )
                        .with("name", &imported.name)
                        .with("added", imported.added),
                        Err(error) => error.message(),
                    }
                }
            };
            result.set(Some(message));
        });
    };
    view! {
        <section class="export-import" aria-labelledby="backup-title">
            <h2 id="backup-title">{move || lang.tr("备份与迁移", "Backup and transfer")}</h2>
            <p>{move || lang.tr("把当前练习者的记录导出为文件，或从文件导入（会合并，不会重复）。", "Export the current trainee's records to a file, or import one (merged, never duplicated).")}</p>
            <div class="debrief-actions">
                <button class="secondary" on:click=export>{move || lang.tr("导出为文件", "Export to a file")}</button>
                <label class="file-button">
                    {move || lang.tr("从文件导入", "Import from a file")}
                    <input type="file" accept=".json,application/json" on:change=import/>
                </label>
            </div>
            <p role="status" class="import-result">{move || result.get().map(|t| lang.text(&t))}</p>
        </section>
    }
}
