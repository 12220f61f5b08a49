//! The debrief at an ending: how it ended and why, the radar chart, the
//! annotated transcript beside the model replies, and what to practise next.

use crate::ui::router::Link;
use leptos::prelude::*;

use crate::engine::Conversation;
use crate::progress::Mode;
use crate::scenario::{EndingKind, Escalation, Scenario};
use crate::ui::components::findings::{signed, HighlightedText};
use crate::ui::components::guideline_viewer::SectionLinks;
use crate::ui::components::radar::RadarChart;
use crate::ui::components::scores::ScoreBars;
use crate::ui::use_lang;

#[component]
pub fn Debrief(
    /// The scenario that was played.
    scenario: &'static Scenario,
    /// The finished conversation.
    conversation: Conversation,
    /// Practice or assessment.
    mode: Mode,
    /// Play the scenario again.
    on_restart: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let Some(ending) = conversation.ending(scenario) else {
        return ().into_any();
    };
    let average = conversation.average().unwrap_or_default();
    let overall = conversation.average_overall().unwrap_or(0);
    let kind = move || match (ending.kind, ending.escalation) {
        (EndingKind::Resolved, _) => lang.tr("✔ 问题解决", "✔ Resolved"),
        (EndingKind::Left, _) => lang.tr("✖ 顾客离开", "✖ The customer left"),
        (EndingKind::Escalated, Some(Escalation::BadReview)) => {
            lang.tr("⚠ 升级：差评", "⚠ Escalated: bad review")
        }
        (EndingKind::Escalated, Some(Escalation::Manager)) => {
            lang.tr("⚠ 升级：要求找主管", "⚠ Escalated: asked for a manager")
        }
        (EndingKind::Escalated, _) => lang.tr("⚠ 升级：投诉", "⚠ Escalated: complaint"),
    };
    // Composed from this conversation only: the authored note, what moved
    // the customer (quoted from the trainee's words), the turning point, and
    // each finding that cost points once (engine::compose_debrief).
    let Some(composed) = conversation.debrief(scenario) else {
        return ().into_any();
    };
    let paragraphs = composed.text.clone();
    let next_steps: Vec<_> = composed.practise.iter().take(3).cloned().collect();
    let transcript = conversation
        .exchanges
        .iter()
        .enumerate()
        .map(|(index, exchange)| {
            let line = Conversation::line_of(scenario, exchange).cloned().unwrap_or_default();
            let model = scenario.turn(&exchange.turn).and_then(|t| t.model.first().cloned());
            let reply = exchange.reply.clone();
            let findings = exchange.assessment.findings.clone();
            let notes: Vec<_> = findings
                .iter()
                .filter(|f| f.points != 0)
                .map(|f| (f.points, f.message.clone(), f.section.clone(), f.competency))
                .collect();
            let overall = exchange.assessment.overall;
            view! {
                <li class="transcript-turn">
                    <p class="transcript-customer">
                        <span class="speaker">{move || format!("{} {}", lang.tr("顾客", "Customer"), index + 1)}</span>
                        {move || lang.text(&line)}
                    </p>
                    <div class="transcript-compare">
                        <div>
                            <h4>{move || format!("{} · {} {overall}", lang.tr("你的回复", "Your reply"), lang.tr("总分", "overall"))}</h4>
                            <p><HighlightedText text=reply.clone() findings=findings.clone()/></p>
                            <ul class="transcript-notes">
                                {notes
                                    .into_iter()
                                    .map(|(points, message, section, competency)| view! {
                                        <li class:loss=points < 0>
                                            {move || format!("{} {} — {} ", signed(points), competency.name().get(lang.0.get()), message.get(lang.0.get()))} <SectionLinks citation=section.clone()/>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                        {model.map(|m| view! {
                            <div class="transcript-model">
                                <h4>{move || lang.tr("参考回复", "Model reply")}</h4>
                                <p>{move || lang.text(&m.text)}</p>
                                <p class="model-note">{move || lang.text(&m.note)} " " <SectionLinks citation=m.section.clone()/></p>
                            </div>
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let restart = on_restart.clone();
    view! {
        <section class="debrief" aria-labelledby="debrief-title">
            <h2 id="debrief-title" tabindex="-1">{move || lang.tr("复盘", "Debrief")}</h2>
            <p class=format!("ending ending-{:?}", ending.kind).to_lowercase()>
                <strong>{kind}</strong> " — " {move || lang.text(&ending.title)}
            </p>
            <div class="ending-debrief">
                {move || lang.text(&paragraphs).split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
            </div>
            {(mode == Mode::Assessment).then(|| view! {
                <p class="assessment-note">{move || lang.tr("本次结果已记为测评。", "This result is recorded as an assessment.")}</p>
            })}
            <div class="debrief-scores">
                <RadarChart scores=average/>
                <ScoreBars scores=average overall=overall/>
            </div>
            <section aria-labelledby="next-title">
                <h3 id="next-title">{move || lang.tr("接下来重点练习", "What to practise next")}</h3>
                {if next_steps.is_empty() {
                    view! { <p>{move || lang.tr("这一局没有扣分项，试试更高难度的场景吧。", "No points lost this time: try a harder scenario.")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="next-steps">
                            {next_steps
                                .into_iter()
                                .map(|p| {
                                    let times = p.times;
                                    let quote = p.quote.clone();
                                    let message = p.message.clone();
                                    view! {
                                        <li>
                                            <strong>{move || lang.text(&message)}</strong>
                                            {format!(" ({}) ", signed(p.points))} <SectionLinks citation=p.section.clone()/>
                                            {move || (times > 1).then(|| match lang.0.get() {
                                                crate::i18n::Lang::Zh => format!(" · 出现 {times} 次"),
                                                crate::i18n::Lang::En => format!(" · {times} times"),
                                            })}
                                            {quote.map(|q| view! { <span class="next-quote">{move || format!(" {} “{q}”", lang.tr("例如", "e.g."))}</span> })}
                                            {p.suggestion.map(|s| view! { <span class="finding-suggestion">{move || lang.tr(" 试试：", " Try: ")} {move || lang.text(&s)}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="transcript-title">
                <h3 id="transcript-title">{move || lang.tr("完整对话与参考回复", "Full transcript with model replies")}</h3>
                <ol class="transcript">{transcript}</ol>
                <p class="transcript-ending">
                    <span class="speaker">{move || lang.tr("顾客最后说", "The customer's last words")}</span>
                    {move || lang.text(&ending.line)}
                </p>
            </section>
            <div class="debrief-actions">
                <button class="secondary" on:click=print>{move || lang.tr("打印 / 存为 PDF", "Print / save as PDF")}</button>
                <button class="primary" on:click=move |_| restart()>{move || lang.tr("再练一次", "Play again")}</button>
                <Link href="/">{move || lang.tr("选择其他场景", "Choose another scenario")}</Link>
            </div>
        </section>
    }
    .into_any()
}
