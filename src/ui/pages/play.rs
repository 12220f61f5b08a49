//! Playing a scenario: intro, the conversation, coaching while typing,
//! per-turn feedback, and the debrief at an ending.

use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;

use crate::engine::Conversation;
use crate::progress::{after_reply, Keep, Mode, Playing, SessionRecord, Unfinished};
use crate::scenario::{Channel, Scenario};
use crate::scorer::{Assessment, Scorer};
use crate::ui::components::case_panel::CasePanel;
use crate::ui::components::findings::{FindingList, HighlightedText};
use crate::ui::components::guideline_viewer::SectionLinks;
use crate::ui::components::mood::MoodMeters;
use crate::ui::components::option_note::OptionNote;
use crate::ui::components::scores::ScoreBars;
use crate::ui::components::voice::{Voice, VoiceControls};
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
fn coach(conversation: &Conversation, scenario: &Scenario, draft: &str) -> Option<Assessment> {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        let _ = p.mark("dojo-coach-start");
    }
    // The same entry point as sending, so a hint never disagrees with the score.
    let assessment = conversation.assess(scenario, Scorer::builtin(), draft, false);
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
    // A memo: the intro is redrawn only when the resumable session changes,
    // not on every store write (a language switch kept resetting the choices).
    let saved = Memo::new(move |_| progress.resumable(&scenario.id));
    move || {
        match setup.get() {
        None => view! {
            <Intro
                scenario=scenario
                preset=preset
                saved=saved.get()
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
    /// A test-play of an editor's draft: nothing is saved to progress.
    #[prop(optional)]
    trial: bool,
    /// Called after each reply with the conversation and the reply's latency
    /// in ms (a pack inside an LMS reports it there, `ui::lms`).
    #[prop(optional)]
    on_reply: Option<Callback<(Conversation, f64)>>,
) -> impl IntoView {
    let time_limit = reply_seconds.or(scenario.reply_seconds);
    let lang = use_lang();
    let progress = use_progress();
    let practice = setup.mode == Mode::Practice;
    let started_ms = resume.as_ref().map_or_else(now_ms, |u| u.started_ms);
    // The trainee who started it, even if another tab switches trainee.
    let profile = StoredValue::new(
        resume
            .as_ref()
            .map(|u| u.profile.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| progress.store.with_untracked(|s| s.active.clone())),
    );
    let conversation = RwSignal::new(match resume {
        Some(unfinished) => unfinished.conversation,
        // The seed names the session: two tabs starting in the same
        // millisecond must not share an id (their sessions would merge as one).
        None => Conversation::start(
            scenario,
            started_ms as u64 * 1024 + (js_sys::Math::random() * 1024.0) as u64,
        ),
    });
    // Saved after every reply, so a reload or a closed tab loses nothing
    // (what to keep is decided in `progress::after_reply`).
    let save_progress = move || {
        if trial {
            return;
        }
        let keep = conversation.with_untracked(|c| {
            profile.with_value(|profile| {
                after_reply(
                    &Playing {
                        scenario,
                        conversation: c,
                        profile,
                        mode: setup.mode,
                        beginner: setup.beginner,
                        started_ms,
                    },
                    now_ms(),
                )
            })
        });
        if let (Keep::Finished { record, .. }, Some(callback)) = (&keep, on_finish) {
            callback.run(record.clone());
        }
        progress.keep(keep);
    };
    let revealed = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    // The draft the hints were computed for, with its assessment: the panel
    // renders from this, not from every keystroke, so spans always line up.
    let coaching = RwSignal::new(None::<(String, Assessment)>);
    let turn_started = RwSignal::new(now_ms());
    // In practice mode the clock of a timed turn starts when the trainee turns
    // from the feedback to the reply (focus or typing), not while they read
    // it: the feedback is part of the lesson, not of the customer's wait.
    let clock_waiting = RwSignal::new(false);
    let start_clock = move || {
        if clock_waiting.get_untracked() {
            clock_waiting.set(false);
            turn_started.set(now_ms());
        }
    };
    let clock = RwSignal::new(now_ms());
    let empty_warning = RwSignal::new(false);
    let timers = StoredValue::new_local(Vec::<Timeout>::new());
    let debounce = StoredValue::new_local(None::<Timeout>);
    let ticker = StoredValue::new_local(None::<Interval>);
    let reply_box: NodeRef<leptos::html::Textarea> = NodeRef::new();

    // Phone scenarios speak the customer's lines (when a voice is installed).
    let voice = (scenario.channel == Channel::Phone).then(Voice::new);
    let speak_current = move || {
        let Some(voice) = voice else { return };
        let spoken = conversation.try_with_untracked(|c| {
            let line = c
                .line(scenario)
                .or_else(|| c.ending(scenario).map(|e| &e.line))?;
            Some((c.exchanges.len(), line.clone(), c.mood))
        });
        if let Some(Some((index, line, mood))) = spoken {
            let lang_now = lang.0.get_untracked();
            voice.say(index, line.get(lang_now).to_string(), lang_now, mood);
        }
    };
    let reveal_after_typing = move || {
        revealed.set(false);
        let timeout = Timeout::new(TYPING_MS, move || {
            let _ = revealed.try_set(true);
            let _ = turn_started.try_set(now_ms());
            let after_feedback = practice
                && conversation
                    .try_with_untracked(|c| !c.exchanges.is_empty() && !c.over)
                    .unwrap_or(false);
            let _ = clock_waiting.try_set(after_feedback);
            speak_current();
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
        if let Some(voice) = voice {
            voice.stop();
        }
        timers.update_value(|t| t.clear());
        debounce.set_value(None);
        ticker.set_value(None);
    });

    let seconds_left = move || {
        let limit = time_limit? as f64;
        if !revealed.get() || clock_waiting.get() || conversation.with(|c| c.over) {
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
        let late = !clock_waiting.get_untracked()
            && time_limit.is_some_and(|limit| {
                now_ms() - turn_started.get_untracked() > limit as f64 * 1000.0
            });
        conversation.update(|c| {
            c.respond(scenario, Scorer::builtin(), &text, option, late);
        });
        draft.set(String::new());
        coaching.set(None);
        debounce.set_value(None);
        reveal_after_typing();
        save_progress();
        if let Some(callback) = on_reply {
            let latency = now_ms() - turn_started.get_untracked();
            callback.run((conversation.get_untracked(), latency));
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        start_clock();
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
            let result = conversation.try_with_untracked(|c| coach(c, scenario, &value));
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
            let current = c
                .line(scenario)
                .or_else(|| c.ending(scenario).map(|e| &e.line));
            let index = c.exchanges.len();
            match (current, voice) {
                // Listen first: the line is heard before it is read.
                (Some(_), Some(v)) if v.hides(index) => items.push(view! {
                    <li class="bubble customer listening">
                        <span class="speaker">{move || lang.text(&scenario.persona.name)}</span>
                        <p>{move || lang.tr("顾客正在说话……（先听后看）", "The customer is speaking… (listen first)")}</p>
                        <button class="secondary small" on:click=move |_| v.heard.update(|h| *h = (*h).max(index + 1))>
                            {move || lang.tr("显示文字", "Show the text")}
                        </button>
                    </li>
                }.into_any()),
                (Some(line), _) => items.push(view! { <CustomerBubble text=line.get(lang_now).to_string() scenario=scenario/> }.into_any()),
                (None, _) => {}
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
        let picked = exchange.option.and_then(|i| turn.options.get(i).cloned());
        Some(view! {
            <section class="feedback" aria-labelledby="feedback-title">
                <h2 id="feedback-title">{move || lang.tr("上一句的反馈", "Feedback on your last reply")}</h2>
                {picked.map(|option| view! { <OptionNote option=option/> })}
                <details class="model-reply" open>
                    <summary>{move || lang.tr("参考回复", "Model reply")}</summary>
                    {model
                        .into_iter()
                        .map(|m| {
                            view! {
                                <blockquote>{move || lang.text(&m.text)}</blockquote>
                                <p class="model-note">{move || lang.text(&m.note)} " " <SectionLinks citation=m.section.clone()/></p>
                            }
                        })
                        .collect_view()}
                </details>
                <ScoreBars scores=exchange.assessment.scores overall=exchange.assessment.overall/>
                <p class="feedback-reply">
                    <HighlightedText text=exchange.reply.clone() findings=exchange.assessment.findings.clone()/>
                </p>
                <FindingList reply=exchange.reply.clone() findings=exchange.assessment.findings.clone()/>
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
            <fieldset class="options" on:focusin=move |_| start_clock()>
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
                {move || seconds_left().map(|s| if s == 0 {
                    view! {
                        <p class="timer urgent" role="status">
                            {move || lang.tr("⏱ 时间到：顾客等急了，这句回复会记为超时", "⏱ Time's up: the customer is getting impatient; this reply counts as late")}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p class="timer" class:urgent=s <= 10 role="timer" aria-live="off">
                            {move || format!("{} {s}s", lang.tr("⏱ 剩余", "⏱ Left"))}
                        </p>
                    }.into_any()
                })}
                {move || (time_limit.is_some() && clock_waiting.get() && !conversation.with(|c| c.over)).then(|| view! {
                    <p class="timer waiting">{move || lang.tr("⏱ 读完反馈，开始回复时计时", "⏱ The clock starts when you start your reply")}</p>
                })}
            </header>
            {move || (scenario.channel == Channel::Phone).then(|| view! {
                <p class="call-banner">{move || format!("☎ {} · {}", lang.tr("通话中", "On a call"), lang.text(&scenario.persona.name))}</p>
            })}
            {voice.map(|v| view! { <VoiceControls voice=v/> })}
            <div class="play-body">
            <div class="play-main">
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
                                    on:focus=move |_| start_clock()
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
            <CasePanel scenario=scenario/>
            </div>
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
