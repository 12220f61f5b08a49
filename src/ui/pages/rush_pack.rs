//! Rush hour inside an exercise pack (issue 16 item 3): the builder's choice
//! of customers, the round as the trainee plays it after the pack's
//! scenarios, and the dashboard's view of who waited and who left. What is
//! recorded is decided in the core (`classroom::rush_round`).

use leptos::prelude::*;

use crate::classroom::rush_round::{self, RushResults, MAX_DESKS, MIN_DESKS};
use crate::classroom::Class;
use crate::i18n::Lang;
use crate::progress::{Mode, SessionRecord};
use crate::scenario::{catalogue, Channel, Scenario};
use crate::ui::pages::rush::{RushOver, RushSession};
use crate::ui::use_lang;

fn mm_ss(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The pack builder's rush-hour fieldset: two or three chat scenarios, in
/// the order ticked (their order of arrival).
#[component]
pub fn RushRoundPicker(
    /// The chosen scenario ids.
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let toggle = move |id: String, on: bool| {
        chosen.update(|list| {
            list.retain(|x| *x != id);
            if on && list.len() < MAX_DESKS {
                list.push(id);
            }
        })
    };
    let chat = catalogue()
        .scenarios
        .iter()
        .filter(|s| s.channel == Channel::Chat);
    // Folded until wanted: most packs have no rush, and the list repeats the
    // scenario titles above (its boxes would share their names).
    view! {
        <details class="rush-round-details" prop:open=move || chosen.with(|c| !c.is_empty())>
        <summary>{move || lang.tr("高峰时段（可选）：几位顾客同时来", "Rush hour (optional): customers at once")}</summary>
        <fieldset class="rush-round">
            <legend>{move || lang.tr("同时来的顾客", "The customers who come at once")}</legend>
            <p class="hint" id="rush-round-hint">{move || match lang.0.get() {
                Lang::Zh => format!("勾选 {MIN_DESKS}–{MAX_DESKS} 个场景，学员做完上面的场景后同时接待他们（按勾选顺序到达）。"),
                Lang::En => format!("Tick {MIN_DESKS}–{MAX_DESKS} scenarios: after the scenarios above, the trainee serves these customers at once (arriving in the order ticked)."),
            }}</p>
            <ul class="pack-scenarios rush-round-scenarios">
                {chat.map(|s| {
                    let id = s.id.clone();
                    let id_checked = s.id.clone();
                    let id_full = s.id.clone();
                    let id_position = s.id.clone();
                    let checked = move || chosen.with(|c| c.contains(&id_checked));
                    // A fourth cannot be ticked: the box is disabled instead of silently unticking.
                    let full = move || chosen.with(|c| c.len() >= MAX_DESKS && !c.contains(&id_full));
                    let position = move || chosen.with(|c| c.iter().position(|x| *x == id_position).map(|i| format!(" #{}", i + 1)).unwrap_or_default());
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" class="rush-pick" data-id=s.id.clone() aria-describedby="rush-round-hint"
                                    prop:checked=checked disabled=full
                                    on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                {move || lang.text(&s.title)}
                                <span class="pack-position">{position}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (chosen.with(|c| c.len()) == 1).then(|| view! {
                <p class="notice" role="status">{move || lang.tr("高峰时段至少需要两位顾客。", "A rush needs at least two customers.")}</p>
            })}
        </fieldset>
        </details>
    }
}

/// The round as the trainee plays it: an introduction, then the desks; at
/// the end its sessions and summary go to the pack's results.
#[component]
pub fn PackRush(
    /// The customers, in order of arrival.
    scenarios: Vec<&'static Scenario>,
    /// The pack's mode.
    mode: Mode,
    /// The round's sessions (one per customer) and its summary.
    on_done: Callback<(Vec<SessionRecord>, RushResults)>,
) -> impl IntoView {
    let lang = use_lang();
    let started = RwSignal::new(false);
    let list = scenarios.clone();
    let finish = {
        let scenarios = scenarios.clone();
        Callback::new(move |(rush, origin, now): RushOver| {
            let records = rush_round::records(&rush, &scenarios, mode, false, origin, now);
            on_done.run((records, RushResults::from_rush(&rush, now - origin)));
        })
    };
    view! {
        <section class="rush pack-rush">
            <h2>{move || lang.tr("高峰时段：同时接待几位顾客", "Rush hour: several customers at once")}</h2>
            {move || if started.get() {
                view! { <RushSession scenarios=scenarios.clone() mode=mode on_over=finish/> }.into_any()
            } else {
                let list = list.clone();
                view! {
                    <div class="intro">
                        <p>{move || lang.tr(
                            "几位顾客会先后来找你。切换标签页轮流接待；让谁等太久，回复会被记为超时，忘了谁，他就走了——这些都会写进结果。忙不过来时先告诉对方请稍等（01 多任务处理；02 §3.11）。",
                            "Customers arrive one after another. Switch tabs to serve them in turn; a long wait makes your reply late, and a forgotten customer leaves — all of it goes into your results. When you are busy, tell them so first (01 multitasking; 02 §3.11).",
                        )}</p>
                        <ol class="rush-list">
                            {list.into_iter().map(|s| view! { <li><strong>{move || lang.text(&s.persona.name)}</strong> " — " {move || lang.text(&s.title)}</li> }).collect_view()}
                        </ol>
                        <button class="primary" on:click=move |_| started.set(true)>{move || lang.tr("开始接待", "Open the counter")}</button>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The dashboard's rush-hour table: per trainee and customer, the score,
/// whether they left, how long they waited and the late replies.
pub fn rush_table(
    c: &Class,
    title_of: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> Option<impl IntoView> {
    let round = c.pack.as_ref()?.rush.clone()?;
    let first = c.pack.as_ref()?.scenarios.len();
    let lang = use_lang();
    let rows = c
        .results
        .iter()
        .filter_map(|r| {
            let rush = r.rush.clone()?;
            let name = c.display_name(r);
            let cells = rush
                .desks
                .into_iter()
                .enumerate()
                .map(|(i, d)| {
                    let overall = r.sessions.get(first + i).map_or(0, |s| s.overall);
                    view! {
                        <td class:fail=d.left class="rush-cell">
                            {overall} " · "
                            {move || if d.left { lang.tr("✖ 离开了", "✖ left") } else { lang.tr("留下", "stayed") }} " · "
                            {move || match lang.0.get() {
                                Lang::Zh => format!("共等 {}（最长 {}）", mm_ss(d.waited_ms), mm_ss(d.longest_wait_ms)),
                                Lang::En => format!("waited {} (longest {})", mm_ss(d.waited_ms), mm_ss(d.longest_wait_ms)),
                            }}
                            {(d.late > 0).then(|| view! { " · " {move || format!("{} {}", lang.tr("超时回复", "late"), d.late)} })}
                        </td>
                    }
                })
                .collect_view();
            Some(view! { <tr><th scope="row">{name}</th>{cells}</tr> })
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="rush-class-title">
            <h3 id="rush-class-title">{move || lang.tr("高峰时段：谁等了多久，谁离开了", "Rush hour: who waited how long, who left")}</h3>
            <table class="sessions class-table rush-class-table">
                <thead><tr>
                    <th scope="col">{move || lang.tr("学员", "Trainee")}</th>
                    {round.scenarios.into_iter().map(|id| view! { <th scope="col">{move || title_of(&id)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    })
}
