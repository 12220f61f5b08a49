//! One trainee's full transcripts on the dashboard, opened from their row:
//! per scenario the ending and scores, then every exchange as it was said —
//! the customer's line, the reply with its findings marked and explained.
//! A detail view with a heading (focused on opening) and a way back.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::classroom::Results;
use crate::engine::Conversation as Engine;
use crate::scenario::Library;
use crate::ui::components::findings::{FindingList, HighlightedText};
use crate::ui::components::scores::ScoreBars;
use crate::ui::components::verdict::VerdictTable;
use crate::ui::use_lang;

/// Focus an element by id once the view has been drawn.
pub fn focus_later(id: String) {
    set_timeout(
        move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

#[component]
pub fn Transcripts(
    /// The trainee's results.
    results: Results,
    /// The trainee as shown in the table ("王芳 (2)").
    name: String,
    /// Back to the class table.
    on_back: Callback<()>,
    /// The built-in library the results were checked against.
    library: &'static Library,
    /// The trainer's own scenarios the pack carries (named like built-in ones).
    #[prop(optional)]
    carried: Vec<crate::scenario::Scenario>,
) -> impl IntoView {
    let lang = use_lang();
    focus_later("transcripts-title".into());
    let verdict = results.judge();
    let heading_name = name.clone();
    let sessions = results
        .sessions
        .iter()
        .enumerate()
        .map(|(i, session)| {
            // Results are checked against the library on import: the
            // scenario, its turns and ending exist.
            let scenario = library
                .get(&session.scenario)
                .or_else(|| carried.iter().find(|s| s.id == session.scenario));
            let title = scenario.map(|s| s.title.clone());
            let ending = scenario
                .and_then(|s| s.endings.iter().find(|e| e.id == session.ending))
                .map(|e| e.title.clone())
                // A rush-hour customer who was forgotten and left.
                .or_else(|| {
                    (session.ending == crate::classroom::rush_round::LEFT_ENDING).then(|| {
                        crate::i18n::Text::new("高峰时段：等太久，离开了", "Rush hour: waited too long and left")
                    })
                });
            let exchanges = session
                .exchanges
                .iter()
                .enumerate()
                .map(|(n, exchange)| {
                    let line = scenario
                        .and_then(|s| Engine::line_of(s, exchange))
                        .cloned()
                        .unwrap_or_default();
                    let a = exchange.assessment.clone();
                    view! {
                        <li class="transcript-turn">
                            <p class="bubble customer">
                                <span class="who">{move || format!("{} {}", lang.tr("顾客", "Customer"), n + 1)}</span>
                                <span class="said">{move || lang.text(&line)}</span>
                            </p>
                            <p class="bubble trainee">
                                <span class="who">{move || lang.tr("学员回复", "Reply")}</span>
                                <HighlightedText text=exchange.reply.clone() findings=a.findings.clone()/>
                                <span class="turn-score">{move || format!("{} {}", lang.tr("本句总分", "overall"), a.overall)}</span>
                            </p>
                            <FindingList reply=exchange.reply.clone() findings=a.findings.clone()/>
                        </li>
                    }
                })
                .collect_view();
            let pruned = session.pruned;
            view! {
                <article class="transcript-session" aria-labelledby=format!("session-{i}")>
                    <h3 id=format!("session-{i}")>
                        {move || title.as_ref().map(|t| lang.text(t)).unwrap_or_default()}
                        " — "
                        {move || ending.as_ref().map(|t| lang.text(t)).unwrap_or_default()}
                    </h3>
                    <ScoreBars scores=session.scores overall=session.overall/>
                    {pruned.then(|| view! { <p class="hint">{move || lang.tr("这次练习的对话记录已被精简，只保留了分数。", "This session's transcript was pruned; only the scores are kept.")}</p> })}
                    <ol class="transcript">{exchanges}</ol>
                </article>
            }
        })
        .collect_view();
    view! {
        <section class="transcripts" aria-labelledby="transcripts-title">
            <button class="secondary no-print" on:click=move |_| on_back.run(())>
                {move || lang.tr("← 返回班级", "← Back to the class")}
            </button>
            <h2 id="transcripts-title" tabindex="-1">
                {move || match lang.0.get() {
                    crate::i18n::Lang::Zh => format!("{heading_name} 的对话记录"),
                    crate::i18n::Lang::En => format!("Transcripts of {heading_name}"),
                }}
            </h2>
            <VerdictTable verdict=verdict/>
            {sessions}
            <button class="secondary no-print" on:click=move |_| on_back.run(())>
                {move || lang.tr("← 返回班级", "← Back to the class")}
            </button>
        </section>
    }
}
