use crate::ui::router::Link;
use leptos::prelude::*;

use crate::scenario::{catalogue, Archetype, Channel, Entry};
use crate::ui::{use_lang, use_progress};

/// Difficulty as stars plus words, so it reads without colour or symbols.
pub fn difficulty_stars(difficulty: u8) -> String {
    (1..=3)
        .map(|i| if i <= difficulty { '★' } else { '☆' })
        .collect()
}

/// The scenario library as filterable cards, with a recommended next one.
#[component]
pub fn Catalogue() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let library = catalogue();
    let archetype = RwSignal::new(String::new());
    let difficulty = RwSignal::new(String::new());

    let visible = move || {
        let archetype = archetype.get();
        let difficulty = difficulty.get();
        library
            .scenarios
            .iter()
            .filter(|s| archetype.is_empty() || s.archetype.id() == archetype)
            .filter(|s| difficulty.is_empty() || s.difficulty.to_string() == difficulty)
            .collect::<Vec<&'static Entry>>()
    };

    let recommended = move || {
        progress.store.with(|store| {
            store.profile().recommend(&library.scenarios).map(|(scenario, weakest)| {
                let reason = move || match weakest {
                    Some(c) => format!(
                        "{}{}",
                        lang.tr("针对你最弱的能力：", "Targets your weakest competency: "),
                        c.name().get(lang.0.get())
                    ),
                    None => lang.tr("从这里开始：一位需要安抚的顾客。", "Start here: a customer who needs calming down.").to_string(),
                };
                view! {
                    <section class="recommended" aria-labelledby="recommended-title">
                        <h2 id="recommended-title">{move || lang.tr("推荐下一个", "Recommended next")}</h2>
                        <p class="recommended-reason">{reason}</p>
                        <ScenarioCard scenario=scenario/>
                    </section>
                }
            })
        })
    };

    view! {
        <div class="catalogue">
            <section class="hero">
                <h1>{move || lang.tr("客服陪练场", "Service Dojo")}</h1>
                <p class="tagline">
                    {move || lang.tr(
                        "和难缠的顾客练对话：每句回复都从同理心、耐心、情绪控制、诚信四个方面打分，并说明理由。",
                        "Practise conversations with difficult customers: every reply is scored on empathy, patience, emotion control and integrity — and every point is explained.",
                    )}
                </p>
            </section>
            {move || {
                (!library.problems.is_empty()).then(|| {
                    view! {
                        <div class="notice" role="alert">
                            <p>{move || lang.tr("以下场景文件有错误，已跳过：", "These scenario files have errors and were skipped:")}</p>
                            <ul>{library.problems.iter().map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}</ul>
                        </div>
                    }
                })
            }}
            {recommended}
            <section aria-labelledby="library-title">
                <h2 id="library-title">{move || lang.tr("全部场景", "All scenarios")}</h2>
                <div class="filters" role="group" aria-label=move || lang.tr("筛选场景", "Filter scenarios")>
                    <label>
                        {move || lang.tr("顾客类型", "Customer type")}
                        <select on:change=move |ev| archetype.set(event_target_value(&ev)) prop:value=move || archetype.get()>
                            <option value="">{move || lang.tr("全部", "All")}</option>
                            {Archetype::ALL
                                .into_iter()
                                .filter(|a| library.scenarios.iter().any(|s| s.archetype == *a))
                                .map(|a| view! { <option value=a.id()>{move || lang.text(&a.name())}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        {move || lang.tr("难度", "Difficulty")}
                        <select on:change=move |ev| difficulty.set(event_target_value(&ev)) prop:value=move || difficulty.get()>
                            <option value="">{move || lang.tr("全部", "All")}</option>
                            {(1..=3u8)
                                .map(|d| view! { <option value=d.to_string()>{format!("{} ({d}/3)", difficulty_stars(d))}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <p class="filter-count" aria-live="polite">
                        {move || format!("{} {}", visible().len(), lang.tr("个场景", "scenarios"))}
                    </p>
                </div>
                <ul class="cards">
                    {move || visible().into_iter().map(|s| view! { <li><ScenarioCard scenario=s/></li> }).collect_view()}
                </ul>
            </section>
            <crate::ui::pages::my_scenarios::MyScenarioCards/>
        </div>
    }
}

/// One scenario: title, brief, channel, difficulty and best score so far.
#[component]
fn ScenarioCard(
    /// The scenario shown.
    scenario: &'static Entry,
) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let best = move || {
        progress
            .store
            .with(|s| s.profile().best_overall(&scenario.id))
    };
    let href = format!("/play/{}", scenario.id);
    view! {
        <article class="card" data-archetype=scenario.archetype.id()>
            <header>
                <span class="card-archetype">{move || lang.text(&scenario.archetype.name())}</span>
                <span class="card-channel">
                    {move || match scenario.channel {
                        Channel::Phone => lang.tr("☎ 电话", "☎ Phone"),
                        Channel::Chat => lang.tr("💬 在线", "💬 Chat"),
                    }}
                </span>
            </header>
            <h3>
                <Link href=href.clone()>{move || lang.text(&scenario.title)}</Link>
            </h3>
            <p class="card-brief">{move || lang.text(&scenario.brief)}</p>
            <footer>
                <span class="card-difficulty">
                    <span aria-hidden="true">{difficulty_stars(scenario.difficulty)}</span>
                    " "
                    {move || format!("{} {}/3", lang.tr("难度", "Difficulty"), scenario.difficulty)}
                </span>
                <span class="card-best">
                    {move || match best() {
                        Some(b) => format!("{} {b}", lang.tr("最佳", "Best")),
                        None => lang.tr("未练习", "Not tried yet").to_string(),
                    }}
                </span>
            </footer>
        </article>
    }
}
