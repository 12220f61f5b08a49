use leptos::prelude::*;
use leptos_router::components::A;

use crate::progress::Mode;
use crate::scenario::builtin;
use crate::ui::components::radar::RadarChart;
use crate::ui::{use_lang, use_progress};

/// The trainee's finished sessions and averages.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let library = builtin();
    view! {
        <section class="progress-page">
            <h1>{move || lang.tr("我的进度", "My progress")}</h1>
            {move || {
                let store = progress.store.get();
                match store.average() {
                    None => view! {
                        <p>{move || lang.tr("还没有完成的练习。", "No finished sessions yet.")} " " <A href="/">{move || lang.tr("去选一个场景", "Pick a scenario")}</A></p>
                    }.into_any(),
                    Some(average) => {
                        let rows = store.sessions.iter().rev().map(|s| {
                            let title = library.get(&s.scenario).map(|sc| sc.title.clone());
                            let id = s.scenario.clone();
                            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(s.finished_ms));
                            let when = format!("{}-{:02}-{:02} {:02}:{:02}", date.get_full_year(), date.get_month() + 1, date.get_date(), date.get_hours(), date.get_minutes());
                            let mode = s.mode;
                            let overall = s.overall;
                            view! {
                                <tr>
                                    <td>{when}</td>
                                    <td>{move || title.as_ref().map(|t| lang.text(t)).unwrap_or_else(|| id.clone())}</td>
                                    <td>{move || match mode { Mode::Practice => lang.tr("练习", "Practice"), Mode::Assessment => lang.tr("测评", "Assessment") }}</td>
                                    <td>{overall}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <RadarChart scores=average/>
                            <table class="sessions">
                                <caption>{move || lang.tr("完成的练习", "Finished sessions")}</caption>
                                <thead><tr>
                                    <th scope="col">{move || lang.tr("时间", "When")}</th>
                                    <th scope="col">{move || lang.tr("场景", "Scenario")}</th>
                                    <th scope="col">{move || lang.tr("模式", "Mode")}</th>
                                    <th scope="col">{move || lang.tr("总分", "Overall")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            }}
        </section>
    }
}
