//! `/rush`: rush hour. Two or three customers from different scenarios chat
//! at once, in tabs with unread badges; each waits while the trainee serves
//! another. The timing rules (late replies, busy notices, customers leaving)
//! live in the core (`engine::rush`); this page keeps the clock, renders the
//! desks and the timeline.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

use crate::engine::rush::{EventKind, RushHour};
use crate::engine::Conversation;
use crate::progress::{after_rush_reply, Mode, Playing};
use crate::scenario::{catalogue, Channel, EndingKind, Entry, Scenario};
use crate::scorer::Scorer;
use crate::ui::library::with_scenarios;
use crate::ui::router::Link;
use crate::ui::{use_lang, use_progress};

/// How many customers at once when none are chosen in the URL.
const DEFAULT_DESKS: usize = 3;

/// Chat scenarios of different customer types, a different mix each visit
/// (chosen from the catalogue; their bodies are loaded afterwards).
fn suggested(seed: u64) -> Vec<String> {
    let mut chat: Vec<&'static Entry> = catalogue()
        .scenarios
        .iter()
        .filter(|s| s.channel == Channel::Chat && s.difficulty <= 2)
        .collect();
    // A small deterministic shuffle from the seed (no rand in the page).
    let n = chat.len().max(1);
    chat.rotate_left((seed as usize) % n);
    let mut picked: Vec<&'static Entry> = Vec::new();
    for s in chat {
        if picked.len() < DEFAULT_DESKS && !picked.iter().any(|p| p.archetype == s.archetype) {
            picked.push(s);
        }
    }
    picked.into_iter().map(|s| s.id.clone()).collect()
}

fn mm_ss(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The rush-hour screen: the chosen scenarios, or a suggestion to start.
#[component]
pub fn RushPage(
    /// Scenario ids from the URL; empty for a suggested mix.
    ids: Vec<String>,
) -> impl IntoView {
    let ids: Vec<String> = if ids.is_empty() {
        suggested(js_sys::Date::now() as u64 / 1000)
    } else {
        ids.into_iter()
            .filter(|id| catalogue().get(id).is_some())
            .take(DEFAULT_DESKS)
            .collect()
    };
    // The bodies are loaded on demand: a status line meanwhile.
    with_scenarios(ids, |chosen| view! { <RushIntro chosen=chosen/> })
}

#[component]
fn RushIntro(
    /// The customers, bodies loaded, in order of arrival.
    chosen: Vec<&'static Scenario>,
) -> impl IntoView {
    let lang = use_lang();
    let started = RwSignal::new(false);
    if chosen.len() < 2 {
        return view! {
            <section class="rush">
                <h1>{move || lang.tr("高峰时段", "Rush hour")}</h1>
                <p role="alert">{move || lang.tr("需要至少两个有效的场景。", "Rush hour needs at least two valid scenarios.")}</p>
                <Link href="/rush">{move || lang.tr("换一组顾客", "Try a suggested mix")}</Link>
            </section>
        }
        .into_any();
    }
    let list = chosen.clone();
    view! {
        <section class="rush">
            <h1>{move || lang.tr("高峰时段：同时接待几位顾客", "Rush hour: several customers at once")}</h1>
            {move || if started.get() {
                view! { <RushSession scenarios=chosen.clone()/> }.into_any()
            } else {
                let list = list.clone();
                view! {
                    <div class="intro">
                        <p>{move || lang.tr(
                            "几位顾客会先后来找你，每个人都在等你回复。切换标签页轮流接待；让谁等太久，回复会被记为超时，忘了谁，他就走了。忙不过来时，先告诉对方“请稍等，我正在接待其他顾客”（01 多任务处理；02 §3.11）。",
                            "Customers arrive one after another and each waits for your reply. Switch tabs to serve them in turn; keep someone waiting too long and your reply counts as late; forget someone and they leave. When you are busy, tell them so first (\"one moment, I'm helping another customer\", 01 multitasking; 02 §3.11).",
                        )}</p>
                        <ol class="rush-list">
                            {list.into_iter().map(|s| view! { <li><strong>{move || lang.text(&s.persona.name)}</strong> " — " {move || lang.text(&s.title)}</li> }).collect_view()}
                        </ol>
                        <button class="primary" on:click=move |_| started.set(true)>{move || lang.tr("开始接待", "Open the counter")}</button>
                        " " <Link href="/rush">{move || lang.tr("换一组顾客", "Another mix")}</Link>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// A finished rush handed back (by a pack): the rush, when it began and
/// when it ended (ms since the Unix epoch).
pub type RushOver = (RushHour, f64, f64);

#[component]
pub fn RushSession(
    /// The customers, in order of arrival.
    scenarios: Vec<&'static Scenario>,
    /// How the sessions are recorded (a pack may make it an assessment).
    #[prop(default = Mode::Practice)]
    mode: Mode,
    /// In a pack: called from the debrief to go on, instead of "another rush".
    #[prop(optional)]
    on_over: Option<Callback<RushOver>>,
) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let origin = js_sys::Date::now();
    // The trainee who started the rush, even if another tab switches trainee.
    let profile = StoredValue::new(progress.store.with_untracked(|s| s.active.clone()));
    let now = RwSignal::new(0.0_f64);
    let rush = RwSignal::new(RushHour::start(&scenarios, origin as u64));
    let active = RwSignal::new(0_usize);
    // Customer lines seen per desk (for the unread badges).
    let seen = RwSignal::new(vec![0_usize; scenarios.len()]);
    let draft = RwSignal::new(String::new());
    let scenarios = StoredValue::new(scenarios);

    let lines_of = move |desk: usize| rush.with(|r| r.desks[desk].conversation.exchanges.len() + 1);
    let mark_seen = move |desk: usize| {
        let lines = lines_of(desk);
        seen.update(|s| s[desk] = lines);
    };
    mark_seen(0);

    // Each reply's session is kept as the core decides (`progress::after_rush_reply`):
    // a finished conversation goes into the trainee's progress like any other.
    let keep_desk = move |desk: usize| {
        let scenario = scenarios.with_value(|s| s[desk]);
        let keep = rush.with_untracked(|r| {
            profile.with_value(|profile| {
                after_rush_reply(
                    &Playing {
                        scenario,
                        conversation: &r.desks[desk].conversation,
                        profile,
                        mode,
                        beginner: false,
                        started_ms: origin,
                    },
                    js_sys::Date::now(),
                )
            })
        });
        progress.keep(keep);
    };

    let ticker = Interval::new(1000, move || {
        let t = js_sys::Date::now() - origin;
        let _ = now.try_set(t);
        let _ = rush.try_update(|r| {
            r.tick(t);
        });
    });
    let ticker = StoredValue::new_local(Some(ticker));
    on_cleanup(move || ticker.set_value(None));

    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let desk = active.get_untracked();
        let scenario = scenarios.with_value(|s| s[desk]);
        let t = js_sys::Date::now() - origin;
        rush.update(|r| {
            r.reply(desk, scenario, Scorer::builtin(), &text, t);
        });
        draft.set(String::new());
        mark_seen(desk);
        keep_desk(desk);
    };

    let tabs = move || {
        let t = now.get();
        let lang_now = lang.0.get();
        rush.with(|r| {
            r.desks
                .iter()
                .enumerate()
                .filter(|(_, d)| t >= d.arrives_ms)
                .map(|(i, d)| {
                    let scenario = scenarios.with_value(|s| s[i]);
                    let name = scenario.persona.name.get(lang_now).to_string();
                    let unread = seen.with(|s| s[i]) < d.conversation.exchanges.len() + 1 && !d.left && !d.conversation.over;
                    let status = if d.left {
                        lang.tr("已离开", "left").to_string()
                    } else if d.conversation.over {
                        lang.tr("已结束", "done").to_string()
                    } else {
                        d.waited_ms(t).map(|w| format!("{} {}", lang.tr("等了", "waiting"), mm_ss(w))).unwrap_or_default()
                    };
                    let selected = move || active.get() == i;
                    view! {
                        <button
                            role="tab"
                            id=format!("rush-tab-{i}")
                            aria-controls="rush-panel"
                            aria-selected=move || selected().to_string()
                            class="rush-tab"
                            class:unread=unread
                            class:gone=d.left
                            on:click=move |_| { active.set(i); mark_seen(i); }
                        >
                            <span class="rush-name">{name}</span>
                            {unread.then(|| view! { <span class="badge" aria-label=lang.tr("有新消息", "new message")>"●"</span> })}
                            <span class="rush-wait">{status}</span>
                        </button>
                    }
                })
                .collect_view()
        })
    };

    let panel = move || {
        let desk = active.get();
        let lang_now = lang.0.get();
        let scenario = scenarios.with_value(|s| s[desk]);
        rush.with(|r| {
            let d = &r.desks[desk];
            let c = &d.conversation;
            let mut items = Vec::new();
            for exchange in &c.exchanges {
                if let Some(line) = Conversation::line_of(scenario, exchange) {
                    items.push(view! { <li class="bubble customer"><p>{line.get(lang_now).to_string()}</p></li> }.into_any());
                }
                let reply = exchange.reply.clone();
                let late = exchange.late;
                items.push(view! {
                    <li class="bubble trainee">
                        <p>{reply}</p>
                        {late.then(|| view! { <span class="late-tag">{lang.tr("超时回复", "late reply")}</span> })}
                    </li>
                }.into_any());
            }
            let current = c.line(scenario).or_else(|| c.ending(scenario).map(|e| &e.line));
            if let Some(line) = current {
                items.push(view! { <li class="bubble customer"><p>{line.get(lang_now).to_string()}</p></li> }.into_any());
            }
            let open = !c.over && !d.left;
            let gone = d.left;
            view! {
                <div id="rush-panel" role="tabpanel" aria-labelledby=format!("rush-tab-{desk}") class="rush-panel">
                    <p class="rush-brief">{scenario.brief.get(lang_now).to_string()}</p>
                    <ol class="chat-lines chat" aria-live="polite">{items}</ol>
                    {gone.then(|| view! { <p class="warning" role="status">{lang.tr("这位顾客等得太久，已经走了。", "This customer waited too long and left.")}</p> })}
                    {open.then(|| view! {
                        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                            <label for="rush-reply">{lang.tr("你的回复（Enter 发送）", "Your reply (Enter sends)")}</label>
                            <textarea id="rush-reply" rows="2" prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() { ev.prevent_default(); send(); }
                                }
                            ></textarea>
                            <button type="submit" class="primary" disabled=move || draft.get().trim().is_empty()>{lang.tr("发送", "Send")}</button>
                        </form>
                    })}
                </div>
            }
        })
    };

    // A memo: the clock touches the rush every second, and the debrief must
    // not be drawn again each time.
    let over = Memo::new(move |_| rush.with(|r| r.over()));
    view! {
        {move || if over.get() {
            view! { <RushDebrief rush=rush.get_untracked() scenarios=scenarios.get_value() on_over=on_over.map(|go| Callback::new(move |_: ()| go.run((rush.get_untracked(), origin, js_sys::Date::now()))))/> }.into_any()
        } else {
            view! {
                <div class="rush-desks" role="tablist" aria-label=move || lang.tr("正在等待的顾客", "Customers waiting")>{tabs}</div>
                {panel}
            }.into_any()
        }}
    }
}

/// How the rush went: each customer's outcome, then the timeline of all
/// conversations.
#[component]
fn RushDebrief(
    /// The finished rush.
    rush: RushHour,
    /// The scenarios, by desk.
    scenarios: Vec<&'static Scenario>,
    /// In a pack: go on to the results (instead of "another rush").
    on_over: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let names: Vec<_> = scenarios.iter().map(|s| s.persona.name.clone()).collect();
    let outcomes = rush
        .desks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let scenario = scenarios[i];
            let name = names[i].clone();
            let ending = d.conversation.ending(scenario).map(|e| (e.kind, e.title.clone()));
            let overall = d.conversation.average_overall();
            let late = d.conversation.exchanges.iter().filter(|e| e.late).count();
            let left = d.left;
            view! {
                <li>
                    <strong>{move || lang.text(&name)}</strong> " — "
                    {move || match (&ending, left) {
                        (_, true) => lang.tr("等太久，离开了", "waited too long and left").to_string(),
                        (Some((EndingKind::Resolved, title)), _) => format!("{} · {}", lang.tr("✔ 问题解决", "✔ resolved"), lang.text(title)),
                        (Some((_, title)), _) => format!("{} · {}", lang.tr("✖ 未解决", "✖ not resolved"), lang.text(title)),
                        (None, _) => String::new(),
                    }}
                    {overall.map(|o| format!(" · {} {o}", lang.tr("平均分", "average")))}
                    {(late > 0).then(|| format!(" · {} {late}", lang.tr("超时回复", "late replies")))}
                </li>
            }
        })
        .collect_view();
    let timeline = rush
        .events
        .iter()
        .map(|e| {
            let name = names[e.desk].clone();
            let at = mm_ss(e.at_ms);
            let kind = e.kind.clone();
            view! {
                <li class=format!("rush-event lane-{}", e.desk)>
                    <span class="rush-time">{at}</span> " "
                    <strong>{move || lang.text(&name)}</strong> " "
                    {move || match &kind {
                        EventKind::Arrived => lang.tr("来了", "arrived").to_string(),
                        EventKind::Replied { waited_ms, late } => format!(
                            "{} {}{}",
                            lang.tr("得到回复，等了", "got a reply after"),
                            mm_ss(*waited_ms),
                            if *late { lang.tr("（超时）", " (late)") } else { "" }
                        ),
                        EventKind::ToldBusy => lang.tr("被告知请稍等", "was told you were busy").to_string(),
                        EventKind::Left { waited_ms } => match lang.0.get() {
                            crate::i18n::Lang::Zh => format!("等了 {} 没人回复，离开了", mm_ss(*waited_ms)),
                            crate::i18n::Lang::En => format!("left after {} without a reply", mm_ss(*waited_ms)),
                        },
                        EventKind::Ended { .. } => lang.tr("对话结束", "conversation ended").to_string(),
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="debrief rush-debrief" aria-labelledby="rush-debrief-title">
            <h2 id="rush-debrief-title">{move || lang.tr("高峰时段复盘", "Rush hour debrief")}</h2>
            <ul class="rush-outcomes">{outcomes}</ul>
            <h3>{move || lang.tr("时间线", "Timeline")}</h3>
            <ol class="rush-timeline">{timeline}</ol>
            <p>{move || lang.tr(
                "忙不过来时先告诉顾客你在接待其他人、请他稍等，再按先来后到轮流回复；不要让任何一位顾客以为被忘了（01 多任务处理；02 §3.11）。",
                "When you cannot keep up, tell each customer you are serving others and ask them to wait, then answer in turn; never let anyone feel forgotten (01 multitasking; 02 §3.11).",
            )}</p>
            {match on_over {
                Some(go) => view! { <button class="primary rush-continue" on:click=move |_| go.run(())>{move || lang.tr("继续", "Continue")}</button> }.into_any(),
                None => view! { <Link href="/rush">{move || lang.tr("再来一轮", "Another rush")}</Link> }.into_any(),
            }}
        </section>
    }
}
