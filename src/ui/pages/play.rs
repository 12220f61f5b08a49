//! Playing a scenario: intro, the conversation, coaching while typing,
//! per-turn feedback, and the debrief at an ending.

use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;

use crate::engine::Conversation;
use crate::progress::{Mode, SessionRecord, Unfinished};
use crate::scenario::{Channel, Scenario};
use crate::scorer::{Assessment, ScoreRequest, Scorer};
use crate::ui::components::findings::{FindingList, HighlightedText};
use crate::ui::components::mood::MoodMeters;
use crate::ui::components::scores::ScoreBars;
use crate::ui::pages::catalogue::difficulty_stars;
use crate::ui::pages::debrief::Debrief;
use crate::ui::{use_lang, use_progress};

/// How long the customer "types" before a line appears.
const TYPING_MS: u32 = 700;
/// Coaching waits for a pause in typing.
const COACH_DEBOUNCE_MS: u32 = 250;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Score a draft between two performance marks, so the e2e suite can read
/// how long the coaching pass takes in the browser.
fn coach(customer: &str, draft: &str, scenario: &Scenario, expect: &[String]) -> Assessment {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        let _ = p.mark("dojo-coach-start");
    }
    let assessment = Scorer::builtin().score(&ScoreRequest {
        customer,
        reply: draft,
        archetype: Some(scenario.archetype.id()),
        expectations: Some(expect),
        waited_too_long: false,
    });
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark("dojo-coach", "dojo-coach-start");
    }
    assessment
}

/// `/play/:id`: the scenario, or a friendly not-found page.
#[component]
pub fn PlayPage(
    /// The scenario id from the URL.
    id: String,
    /// `?mode=assessment`
    assessment: bool,
    /// `?beginner=1`
    beginner: bool,
) -> impl IntoView {
    crate::ui::library::with_scenario(&id, move |scenario| {
        view! { <Session scenario=scenario assessment=assessment beginner=beginner/> }
    })
}

/// Settings chosen on the intro screen (or by a trainer's pack).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    pub mode: Mode,
    pub beginner: bool,
}

#[component]
fn Session(
    /// The scenario to play.
    scenario: &'static Scenario,
    /// Preselect assessment mode (from `?mode=assessment`).
    assessment: bool,
    /// Preselect beginner options (from `?beginner=1`).
    beginner: bool,
) -> impl IntoView {
    let progress = use_progress();
    let setup = RwSignal::new(None::<(Setup, Option<Unfinished>)>);
    let preset = Setup {
        mode: if assessment {
            Mode::Assessment
        } else {
            Mode::Practice
        },
        beginner,
    };
    let saved = move || {
        progress.store.with(|s| {
            s.profile()
                .unfinished
                .clone()
                .filter(|u| u.conversation.scenario == scenario.id && !u.conversation.over)
        })
    };
    move || {
        match setup.get() {
        None => view! {
            <Intro
                scenario=scenario
                preset=preset
                saved=saved()
                on_start=move |s, resume| setup.set(Some((s, resume)))
            />
        }
        .into_any(),
        Some((chosen, resume)) => view! {
            <Conversation scenario=scenario setup=chosen resume=resume on_restart=move || setup.set(None)/>
        }
        .into_any(),
    }
    }
}

#[component]
fn Intro(
    /// The scenario introduced.
    scenario: &'static Scenario,
    /// Initial choices.
    preset: Setup,
    /// A half-finished session of this scenario that can be resumed.
    saved: Option<Unfinished>,
    /// Called with the chosen settings, and the session to resume if any.
    on_start: impl Fn(Setup, Option<Unfinished>) + Clone + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let mode = RwSignal::new(preset.mode);
    let beginner = RwSignal::new(preset.beginner);
    let start_new = on_start.clone();
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        start_new(
            Setup {
                mode: mode.get_untracked(),
                beginner: beginner.get_untracked(),
            },
            None,
        );
    };
    let resume = saved.map(|unfinished| {
        let replies = unfinished.conversation.exchanges.len();
        let chosen = Setup {
            mode: unfinished.mode,
            beginner: unfinished.beginner,
        };
        let on_start = on_start.clone();
        view! {
            <section class="resume" aria-labelledby="resume-title">
                <h2 id="resume-title">{move || lang.tr("上次还没练完", "You have an unfinished session")}</h2>
                <p>{move || format!("{} {replies} {}", lang.tr("已回复", "Replies so far:"), lang.tr("句。", ""))}</p>
                <button class="primary" on:click=move |_| on_start(chosen, Some(unfinished.clone()))>
                    {move || lang.tr("继续上次的练习", "Resume where you left off")}
                </button>
            </section>
        }
    });
    view! {
        <article class="intro">
            <p class="intro-kind">
                {move || lang.text(&scenario.archetype.name())} " · "
                {move || match scenario.channel {
                    Channel::Phone => lang.tr("电话", "Phone call"),
                    Channel::Chat => lang.tr("在线聊天", "Online chat"),
                }} " · "
                <span aria-hidden="true">{difficulty_stars(scenario.difficulty)}</span>
                {move || format!(" {} {}/3", lang.tr("难度", "Difficulty"), scenario.difficulty)}
            </p>
            <h1>{move || lang.text(&scenario.title)}</h1>
            <p class="intro-brief">{move || lang.text(&scenario.brief)}</p>
            <section class="intro-persona">
                <h2>{move || lang.text(&scenario.persona.name)}</h2>
                <p>{move || lang.text(&scenario.persona.description)}</p>
            </section>
            <section>
                <h2>{move || lang.tr("练习目标", "Learning goals")}</h2>
                <ul>{scenario.goals.iter().map(|g| view! { <li>{move || lang.text(g)}</li> }).collect_view()}</ul>
            </section>
            {scenario.reply_seconds.map(|s| {
                view! {
                    <p class="intro-timer">
                        {move || format!("{} {s} {}", lang.tr("⏱ 这位顾客每句最多等", "⏱ This customer waits at most"), lang.tr("秒。", "seconds per reply."))}
                    </p>
                }
            })}
            {resume}
            <form class="intro-form" on:submit=start>
                <fieldset>
                    <legend>{move || lang.tr("模式", "Mode")}</legend>
                    <label>
                        <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Practice on:change=move |_| mode.set(Mode::Practice)/>
                        {move || lang.tr("练习：输入时提示，每句后反馈，可重试", "Practice: hints while typing, feedback after each reply, retries")}
                    </label>
                    <label>
                        <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Assessment on:change=move |_| mode.set(Mode::Assessment)/>
                        {move || lang.tr("测评：无提示、不能重试，结果记为测评", "Assessment: no hints, no retries, recorded as an assessment")}
                    </label>
                </fieldset>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || beginner.get() on:change=move |ev| beginner.set(event_target_checked(&ev))/>
                    {move || lang.tr("新手模式：从几个回复中选择", "Beginner mode: choose from a few replies")}
                </label>
                <button type="submit" class="primary">{move || lang.tr("开始对话", "Start the conversation")}</button>
            </form>
        </article>
    }
}

#[component]
pub fn Conversation(
    /// The scenario played.
    scenario: &'static Scenario,
    /// Mode and beginner choice.
    setup: Setup,
    /// A saved session to continue instead of starting afresh.
    #[prop(optional_no_strip)]
    resume: Option<Unfinished>,
    /// Back to the intro screen.
    on_restart: impl Fn() + Clone + Send + Sync + 'static,
    /// Seconds per reply, replacing the scenario's own timer (a trainer's pack sets it).
    #[prop(optional_no_strip)]
    reply_seconds: Option<u32>,
    /// Called with the finished session (a pack collects them).
    #[prop(optional)]
    on_finish: Option<Callback<SessionRecord>>,
) -> impl IntoView {
    let time_limit = reply_seconds.or(scenario.reply_seconds);
    let lang = use_lang();
    let progress = use_progress();
    let practice = setup.mode == Mode::Practice;
    let started_ms = resume.as_ref().map_or_else(now_ms, |u| u.started_ms);
    let conversation = RwSignal::new(match resume {
        Some(unfinished) => unfinished.conversation,
        None => Conversation::start(scenario, started_ms as u64),
    });
    // Saved after every reply, so a reload or a closed tab loses nothing.
    let save_progress = move || {
        let c = conversation.get_untracked();
        let finished = SessionRecord::from_conversation(
            scenario,
            &c,
            setup.mode,
            setup.beginner,
            started_ms,
            now_ms(),
        );
        progress.update(|store| {
            let profile = store.profile_mut();
            match finished {
                Some(record) => {
                    if let Some(callback) = on_finish {
                        callback.run(record.clone());
                    }
                    profile.add(record);
                    profile.unfinished = None;
                }
                None if c.exchanges.is_empty() => profile.unfinished = None,
                None => {
                    profile.unfinished = Some(Unfinished {
                        mode: setup.mode,
                        beginner: setup.beginner,
                        started_ms,
                        updated_ms: now_ms(),
                        conversation: c,
                    })
                }
            }
        });
    };
    let revealed = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    // The draft the hints were computed for, with its assessment: the panel
    // renders from this, not from every keystroke, so spans always line up.
    let coaching = RwSignal::new(None::<(String, Assessment)>);
    let turn_started = RwSignal::new(now_ms());
    let clock = RwSignal::new(now_ms());
    let empty_warning = RwSignal::new(false);
    let timers = StoredValue::new_local(Vec::<Timeout>::new());
    let debounce = StoredValue::new_local(None::<Timeout>);
    let ticker = StoredValue::new_local(None::<Interval>);
    let reply_box: NodeRef<leptos::html::Textarea> = NodeRef::new();

    let reveal_after_typing = move || {
        revealed.set(false);
        let timeout = Timeout::new(TYPING_MS, move || {
            let _ = revealed.try_set(true);
            let _ = turn_started.try_set(now_ms());
        });
        timers.update_value(|t| t.push(timeout));
    };
    reveal_after_typing();
    if time_limit.is_some() {
        ticker.set_value(Some(Interval::new(500, move || {
            let _ = clock.try_set(now_ms());
        })));
    }
    on_cleanup(move || {
        timers.update_value(|t| t.clear());
        debounce.set_value(None);
        ticker.set_value(None);
    });

    let seconds_left = move || {
        let limit = time_limit? as f64;
        if !revealed.get() || conversation.with(|c| c.over) {
            return None;
        }
        Some(
            (limit - (clock.get() - turn_started.get()) / 1000.0)
                .max(0.0)
                .ceil() as u32,
        )
    };

    let send = move |text: String, option: Option<usize>| {
        if text.trim().is_empty() {
            empty_warning.set(true);
            return;
        }
        empty_warning.set(false);
        let late = time_limit
            .is_some_and(|limit| now_ms() - turn_started.get_untracked() > limit as f64 * 1000.0);
        conversation.update(|c| {
            c.respond(scenario, Scorer::builtin(), &text, option, late);
        });
        draft.set(String::new());
        coaching.set(None);
        debounce.set_value(None);
        reveal_after_typing();
        save_progress();
    };

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        draft.set(value.clone());
        if value.trim().is_empty() {
            coaching.set(None);
            debounce.set_value(None);
            return;
        }
        empty_warning.set(false);
        if !practice || setup.beginner {
            return;
        }
        let timeout = Timeout::new(COACH_DEBOUNCE_MS, move || {
            let result = conversation.try_with_untracked(|c| {
                let turn = c.turn(scenario)?;
                let customer = crate::engine::customer_context(turn);
                Some(coach(&customer, &value, scenario, &turn.expect))
            });
            if let Some(assessment) = result.flatten() {
                let _ = coaching.try_set(Some((value.clone(), assessment)));
            }
        });
        debounce.set_value(Some(timeout));
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send(draft.get_untracked(), None);
        }
    };

    let retry = move |_| {
        conversation.update(|c| {
            c.undo();
        });
        save_progress();
        revealed.set(true);
        turn_started.set(now_ms());
        if let Some(el) = reply_box.get_untracked() {
            let _ = el.focus();
        }
    };

    let log = move || {
        let lang_now = lang.0.get();
        let c = conversation.get();
        let mut items = Vec::new();
        for exchange in &c.exchanges {
            if let Some(line) = Conversation::line_of(scenario, exchange) {
                items.push(view! { <CustomerBubble text=line.get(lang_now).to_string() scenario=scenario/> }.into_any());
            }
            let reply = exchange.reply.clone();
            items.push(
                view! {
                    <li class="bubble trainee">
                        <span class="speaker">{lang.tr("你", "You")}</span>
                        <p>{reply}</p>
                    </li>
                }
                .into_any(),
            );
        }
        if revealed.get() {
            if let Some(line) = c.line(scenario) {
                items.push(view! { <CustomerBubble text=line.get(lang_now).to_string() scenario=scenario/> }.into_any());
            } else if let Some(ending) = c.ending(scenario) {
                items.push(view! { <CustomerBubble text=ending.line.get(lang_now).to_string() scenario=scenario/> }.into_any());
            }
        }
        items
    };

    let last_feedback = move || {
        if !practice {
            return None;
        }
        let c = conversation.get();
        // At an ending the debrief covers the last reply too.
        if c.over {
            return None;
        }
        let exchange = c.exchanges.last()?.clone();
        let turn = scenario.turn(&exchange.turn)?;
        let over = c.over;
        let model = turn.model.clone();
        Some(view! {
            <section class="feedback" aria-labelledby="feedback-title">
                <h2 id="feedback-title">{move || lang.tr("上一句的反馈", "Feedback on your last reply")}</h2>
                <ScoreBars scores=exchange.assessment.scores overall=exchange.assessment.overall/>
                <p class="feedback-reply">
                    <HighlightedText text=exchange.reply.clone() findings=exchange.assessment.findings.clone()/>
                </p>
                <FindingList reply=exchange.reply.clone() findings=exchange.assessment.findings.clone()/>
                <details class="model-reply" open>
                    <summary>{move || lang.tr("参考回复", "Model reply")}</summary>
                    {model
                        .into_iter()
                        .map(|m| {
                            view! {
                                <blockquote>{move || lang.text(&m.text)}</blockquote>
                                <p class="model-note">{move || lang.text(&m.note)} " " <span class="finding-section">{m.section.clone()}</span></p>
                            }
                        })
                        .collect_view()}
                </details>
                {(!over).then(|| view! {
                    <button class="secondary" on:click=retry>{move || lang.tr("重试这一句", "Try this turn again")}</button>
                })}
            </section>
        })
    };

    let coaching_panel = move || {
        let (text, assessment) = coaching.get()?;
        let findings = assessment.findings;
        Some(view! {
            <section class="coaching" aria-labelledby="coaching-title">
                <h2 id="coaching-title">{move || lang.tr("输入提示", "Hints as you type")}</h2>
                <p class="coaching-draft"><HighlightedText text=text.clone() findings=findings.clone()/></p>
                <FindingList reply=text findings=findings/>
            </section>
        })
    };

    let options = move || {
        if !setup.beginner || !revealed.get() {
            return None;
        }
        let c = conversation.get();
        let turn = c.turn(scenario)?;
        let lang_now = lang.0.get();
        Some(view! {
            <fieldset class="options">
                <legend>{move || lang.tr("选择你的回复", "Choose your reply")}</legend>
                {c.option_order(turn)
                    .into_iter()
                    .map(|index| (index, &turn.options[index]))
                    .map(|(index, option)| {
                        let text = option.text.get(lang_now).to_string();
                        let label = text.clone();
                        view! {
                            <button class="option" on:click=move |_| send(text.clone(), Some(index))>{label}</button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        })
    };

    let restart = on_restart.clone();
    view! {
        <div class="play" class:phone=scenario.channel == Channel::Phone>
            <header class="play-header">
                <h1>{move || lang.text(&scenario.title)}</h1>
                <p class="play-mode">
                    {move || match setup.mode {
                        Mode::Practice => lang.tr("练习模式", "Practice mode"),
                        Mode::Assessment => lang.tr("测评模式", "Assessment mode"),
                    }}
                    {move || if setup.beginner { lang.tr(" · 新手", " · Beginner") } else { "" }}
                </p>
                <MoodMeters mood=Signal::derive(move || conversation.get().mood)/>
                {move || seconds_left().map(|s| view! {
                    <p class="timer" class:urgent=s <= 10 role="timer" aria-live="off">
                        {move || format!("{} {s}s", lang.tr("⏱ 剩余", "⏱ Left"))}
                    </p>
                })}
            </header>
            {move || (scenario.channel == Channel::Phone).then(|| view! {
                <p class="call-banner">{move || format!("☎ {} · {}", lang.tr("通话中", "On a call"), lang.text(&scenario.persona.name))}</p>
            })}
            <div class="chat" role="log" aria-label=move || lang.tr("对话记录", "Conversation")>
                <ol class="chat-lines">{log}</ol>
                {move || (!revealed.get()).then(|| view! {
                    <p class="typing" aria-hidden="true">{move || lang.tr("顾客正在输入…", "The customer is typing…")}</p>
                })}
            </div>
            {move || {
                let over = conversation.with(|c| c.over);
                if over {
                    revealed.get().then(|| {
                        let restart = restart.clone();
                        view! { <Debrief scenario=scenario conversation=conversation.get() mode=setup.mode on_restart=restart/> }
                    }).into_any()
                } else {
                    view! {
                        {options}
                        {move || (!setup.beginner).then(|| view! {
                            <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(draft.get_untracked(), None); }>
                                <label for="reply">{move || lang.tr("你的回复（Enter 发送，Shift+Enter 换行）", "Your reply (Enter sends, Shift+Enter for a new line)")}</label>
                                <textarea
                                    id="reply"
                                    node_ref=reply_box
                                    rows="3"
                                    prop:value=move || draft.get()
                                    on:input=on_input
                                    on:keydown=on_keydown
                                    aria-describedby="reply-warning"
                                ></textarea>
                                <p id="reply-warning" class="warning" role="status">
                                    {move || empty_warning.get().then(|| lang.tr("请先输入回复再发送。", "Type a reply before sending."))}
                                </p>
                                <button type="submit" class="primary" disabled=move || draft.get().trim().is_empty() || !revealed.get()>
                                    {move || lang.tr("发送", "Send")}
                                </button>
                            </form>
                        })}
                        {coaching_panel}
                    }.into_any()
                }
            }}
            {last_feedback}
        </div>
    }
}

#[component]
fn CustomerBubble(
    /// What the customer says.
    text: String,
    /// For the customer's name.
    scenario: &'static Scenario,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="bubble customer">
            <span class="speaker">{move || lang.text(&scenario.persona.name)}</span>
            <p>{text}</p>
        </li>
    }
}
