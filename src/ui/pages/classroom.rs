//! Classroom mode: the trainer builds a pack (shared as a file or a link), the
//! trainee plays it and hands back a results file or code, the trainer's
//! dashboard reads many results at once; projector and pair modes for the room.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::classroom::{Input, Pack, Results};
use crate::engine::Conversation as Engine;
use crate::lms::LmsError;
use crate::progress::{Mode, SessionRecord, Unfinished};
use crate::scenario::{catalogue, Library, Scenario};
use crate::scorer::{Competency, Scorer};
use crate::storage;
use crate::ui::components::findings::{FindingList, HighlightedText};
use crate::ui::components::mood::MoodMeters;
use crate::ui::components::scenario_brief::ScenarioBrief;
use crate::ui::components::scores::ScoreBars;
use crate::ui::components::verdict::VerdictTable;
use crate::ui::library::{load_library, with_library, with_scenario};
use crate::ui::lms::{connect_lms, lms_report, LmsHandle, LmsState};
use crate::ui::pages::dashboard::read_files;
use crate::ui::pages::play::{Conversation, Setup};
use crate::ui::pages::rush_pack::{PackRush, RushRoundPicker};
use crate::ui::router::{use_navigator, Link};
use crate::ui::scorm_export::ScormExport;
use crate::ui::use_lang;
use crate::ui::xapi::{self, XapiHandle, XapiStatus};

/// `/classroom`: build and share an exercise pack.
#[component]
pub fn ClassroomHub() -> impl IntoView {
    let lang = use_lang();
    let navigator = use_navigator();
    let library = catalogue();
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let assessment = RwSignal::new(false);
    let beginner = RwSignal::new(false);
    let seconds = RwSignal::new(String::new());
    let marks = RwSignal::new(
        Competency::FOUR
            .iter()
            .map(|&c| (c, 60u8))
            .collect::<BTreeMap<_, _>>(),
    );
    let rush = RwSignal::new(Vec::<String>::new());
    // The trainer's own scenarios and policy travel inside the pack.
    let mine = crate::ui::pages::my_scenarios::use_library();
    let include_policy = RwSignal::new(true);
    let pack = move || {
        let scenarios = chosen.get();
        let rush = rush.get();
        if (scenarios.is_empty() && rush.is_empty())
            || rush.len() == 1
            || name.get().trim().is_empty()
        {
            return None;
        }
        let custom = crate::ui::pages::my_scenarios::playable();
        let policy = include_policy
            .get()
            .then(|| mine.library.with(|l| l.policy().and_then(Result::ok)))
            .flatten();
        Some(crate::classroom::rush_round::with_round(
            Pack::new(
                &name.get(),
                scenarios,
                if assessment.get() {
                    Mode::Assessment
                } else {
                    Mode::Practice
                },
                beginner.get(),
                seconds.get().trim().parse().ok().filter(|s: &u32| *s > 0),
                marks.get(),
            )
            .with_content(custom, policy),
            rush,
        ))
    };
    // A trainee given a pack file opens it here (no need to know the /pack address).
    let pack_error = RwSignal::new(None::<crate::classroom::ClassroomError>);
    let open_pack = move |ev: leptos::ev::Event| {
        read_files(&ev, Input::PackFile, move |files| {
            if let Some((_, text)) = files.into_iter().next() {
                // A pack is checked against whole scenarios: load the bodies first.
                wasm_bindgen_futures::spawn_local(async move {
                    let library = load_library().await;
                    match text.and_then(|text| Pack::parse(&text, library)) {
                        Ok(pack) => {
                            pack_error.set(None);
                            navigator.go(&crate::route::Screen::Pack {
                                code: pack.to_code(),
                            }
                            .path());
                        }
                        Err(error) => pack_error.set(Some(error)),
                    }
                });
            }
        })
    };
    let toggle = move |id: String, on: bool| {
        chosen.update(|list| {
            list.retain(|x| *x != id);
            if on {
                list.push(id);
            }
        })
    };
    view! {
        <section class="classroom">
            <h1>{move || lang.tr("课堂模式", "Classroom")}</h1>
            <p>{move || lang.tr("无需服务器：练习包通过文件或链接分享，学员交回结果文件。", "No server needed: packs travel as a file or a link, trainees hand back a results file.")}</p>
            <nav class="classroom-links" aria-label=move || lang.tr("课堂工具", "Classroom tools")>
                <Link href="/classroom/dashboard">{move || lang.tr("成绩看板（导入结果）→", "Class dashboard (import results) →")}</Link>
            </nav>
            <section class="open-pack" aria-labelledby="open-pack-title">
                <h2 id="open-pack-title">{move || lang.tr("学员：打开练习包", "Trainees: open a pack")}</h2>
                <p>{move || lang.tr("收到了练习包文件？在这里打开它；收到的是链接就直接点开链接。", "Got a pack file? Open it here; if you got a link, just open the link.")}</p>
                <label class="file-button">{move || lang.tr("打开练习包文件", "Open a pack file")}
                    <input type="file" accept=".json,application/json" on:change=open_pack/>
                </label>
                {move || pack_error.get().map(|error| view! {
                    <p class="notice pack-error" role="alert">{move || lang.text(&error.message())}</p>
                })}
            </section>
            <form class="pack-builder" on:submit=|ev| ev.prevent_default()>
                <h2>{move || lang.tr("新建练习包", "New exercise pack")}</h2>
                <label class="field">
                    {move || lang.tr("练习包名称", "Pack name")}
                    <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <fieldset>
                    <legend>{move || lang.tr("场景（按勾选顺序练习）", "Scenarios (played in the order ticked)")}</legend>
                    <ul class="pack-scenarios">
                        {library.scenarios.iter().map(|s| {
                            let id = s.id.clone();
                            let id_check = s.id.clone();
                            let position = move || chosen.get().iter().position(|x| *x == id_check).map(|i| format!(" #{}", i + 1)).unwrap_or_default();
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                        {move || lang.text(&s.title)}
                                        <span class="pack-position">{position}</span>
                                    </label>
                                    " "
                                    <Link href=format!("/classroom/projector/{}", s.id) class="small-link">{move || lang.tr("投影", "Projector")}</Link>
                                    " "
                                    <Link href=format!("/classroom/pair/{}", s.id) class="small-link">{move || lang.tr("双人对练", "Pair practice")}</Link>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || {
                        let own = crate::ui::pages::my_scenarios::playable();
                        (!own.is_empty()).then(|| view! {
                            <p class="pack-own-title">{move || lang.tr("我的场景（随练习包一起发送，学员无需导入）", "My scenarios (sent inside the pack: trainees import nothing)")}</p>
                            <ul class="pack-scenarios pack-own">
                                {own.into_iter().map(|s| {
                                    let id = s.id.clone();
                                    let id_check = s.id.clone();
                                    let title = s.title.clone();
                                    let position = move || chosen.get().iter().position(|x| *x == id_check).map(|i| format!(" #{}", i + 1)).unwrap_or_default();
                                    view! {
                                        <li>
                                            <label>
                                                <input type="checkbox" prop:checked={let id = id.clone(); move || chosen.get().contains(&id)} on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                                {move || lang.text(&title)}
                                                <span class="pack-position">{position}</span>
                                            </label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })
                    }}
                    {move || mine.library.with(|l| matches!(l.policy(), Some(Ok(_)))).then(|| view! {
                        <label class="pack-policy"><input type="checkbox" prop:checked=move || include_policy.get() on:change=move |ev| include_policy.set(event_target_checked(&ev))/>{move || lang.tr("附上公司政策（学员的回复按它评分）", "Include the company policy (trainees' replies are scored with it)")}</label>
                    })}
                </fieldset>
                <RushRoundPicker chosen=rush/>
                <fieldset>
                    <legend>{move || lang.tr("规则", "Rules")}</legend>
                    <label><input type="checkbox" on:change=move |ev| assessment.set(event_target_checked(&ev))/>{move || lang.tr("测评模式（无提示、不能重试）", "Assessment mode (no hints, no retries)")}</label>
                    <label><input type="checkbox" on:change=move |ev| beginner.set(event_target_checked(&ev))/>{move || lang.tr("新手选项", "Beginner options")}</label>
                    <label class="field">{move || lang.tr("每句回复限时（秒，可空）", "Time limit per reply (seconds, optional)")}
                        <input type="number" min="0" prop:value=move || seconds.get() on:input=move |ev| seconds.set(event_target_value(&ev))/>
                    </label>
                </fieldset>
                <fieldset>
                    <legend>{move || lang.tr("各能力及格线", "Pass mark per competency")}</legend>
                    {Competency::FOUR.iter().map(|&c| view! {
                        <label class="field">{move || lang.text(&c.name())}
                            <input type="number" min="0" max="100"
                                prop:value=move || marks.get()[&c].to_string()
                                on:input=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<u8>() { marks.update(|m| { m.insert(c, v.min(100)); }); } }/>
                        </label>
                    }).collect_view()}
                </fieldset>
            </form>
            {move || match pack() {
                None => view! { <p class="hint">{move || lang.tr("填写名称并至少选择一个场景，即可生成分享链接。", "Name the pack and tick at least one scenario to get a link.")}</p> }.into_any(),
                Some(pack) => {
                    let link = navigator.pack_link(&pack.to_code());
                    let too_long = Pack::check_link(&link).err().map(|e| e.message());
                    let json = pack.to_json();
                    let file_name = format!("pack-{}.json", pack.id());
                    let code = pack.to_code();
                    view! {
                        <section class="pack-share" aria-labelledby="share-title">
                            <h2 id="share-title">{move || lang.tr("分享给学员", "Share with trainees")}</h2>
                            {match too_long {
                                Some(message) => view! { <p class="notice" role="alert">{move || lang.text(&message)}</p> }.into_any(),
                                None => view! {
                                    <label class="field">{move || lang.tr("链接（离线和单文件版也可用）", "Link (works offline and in the single-file edition)")}
                                        <textarea readonly rows="3" class="pack-link">{link.clone()}</textarea>
                                    </label>
                                    {navigator.is_local().then(|| view! {
                                        <p class="notice local-link" role="note">{move || lang.tr(
                                            "注意：这个链接指向本机（127.0.0.1、localhost 或本机上的文件），其他电脑打不开。请把应用放到学员能访问的服务器上再生成链接，或把练习包文件发给学员。",
                                            "Note: this link points at this computer (127.0.0.1, localhost or a file on this disk); other computers cannot open it. Put the app on a server your trainees can reach and make the link there, or send them the pack file.",
                                        )}</p>
                                    })}
                                }.into_any(),
                            }}
                            <div class="debrief-actions">
                                <button class="secondary" on:click=move |_| storage::download(&file_name, &json)>{move || lang.tr("下载练习包文件", "Download the pack file")}</button>
                                <Link href=format!("/pack?p={code}")>{move || lang.tr("以学员身份打开", "Open it as a trainee")}</Link>
                            </div>
                            <ScormExport pack=pack.clone()/>
                        </section>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// `/pack`: a trainee plays a pack's scenarios in order and gets a results file.
#[component]
pub fn PackPage(
    /// The pack code from the link (may be empty: then a file can be chosen).
    code: String,
) -> impl IntoView {
    // Results are checked against whole scenarios: load the bodies first.
    with_library(move |library| view! { <PackScreen code=code.clone() library=library/> })
}

#[component]
fn PackScreen(
    /// The pack code from the link (may be empty: then a file can be chosen).
    code: String,
    /// The built-in library, bodies loaded.
    library: &'static Library,
) -> impl IntoView {
    let lang = use_lang();
    let loaded = RwSignal::new(if code.is_empty() {
        None
    } else {
        Some(Pack::parse(&code, library))
    });
    let trainee = RwSignal::new(String::new());
    let started = RwSignal::new(false);
    let index = RwSignal::new(0usize);
    let records = RwSignal::new(Vec::<SessionRecord>::new());
    let rush_done = RwSignal::new(
        None::<(
            Vec<SessionRecord>,
            crate::classroom::rush_round::RushResults,
        )>,
    );
    // Inside an LMS (issue 17): the link, the conversation to resume, the message to show.
    let lms = StoredValue::new_local(None::<LmsHandle>);
    let lms_resume = StoredValue::new(None::<Unfinished>);
    let lms_notice = RwSignal::new(None::<LmsError>);
    let briefed_from_lms = RwSignal::new(None::<usize>);
    // A pack that names an LRS (issue 17): statements queued and sent as the trainee plays.
    let xapi = RwSignal::new_local(None::<XapiHandle>);
    // Why no link could be made (an LRS address that is not http(s)): shown,
    // never silently dropped. A live link shows its own messages.
    let xapi_notice = RwSignal::new(None::<LmsError>);
    Effect::new(move || {
        if let Some(Ok(pack)) = loaded.get() {
            if xapi.with_untracked(Option::is_none) && pack.lrs.is_some() {
                xapi.set(xapi::connect(&pack, xapi_notice));
            }
            if lms.with_value(Option::is_none) {
                connect_lms(
                    &pack,
                    library,
                    LmsState {
                        lms,
                        lms_resume,
                        lms_notice,
                        briefed_from_lms,
                        trainee,
                        started,
                        index,
                        records,
                    },
                );
            }
        }
    });
    let open_file = move |ev: leptos::ev::Event| {
        read_files(&ev, Input::PackFile, move |files| {
            if let Some((_, text)) = files.into_iter().next() {
                loaded.set(Some(text.and_then(|text| Pack::parse(&text, library))));
            }
        })
    };
    move || {
        match loaded.get() {
        None => view! {
            <section class="pack-page">
                <h1>{move || lang.tr("打开练习包", "Open an exercise pack")}</h1>
                <p>{move || lang.tr("培训师发给你的练习包文件（.json）：", "The pack file (.json) your trainer sent you:")}</p>
                <label class="file-button">{move || lang.tr("选择练习包文件", "Choose a pack file")}
                    <input type="file" accept=".json,application/json" on:change=open_file/>
                </label>
            </section>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <section class="pack-page">
                <div role="alert">
                    <h1>{move || lang.tr("无法打开这个练习包", "This pack cannot be opened")}</h1>
                    <p class="pack-error">{move || lang.text(&error.message())}</p>
                </div>
                <label class="file-button">{move || lang.tr("选择另一个练习包文件", "Choose another pack file")}
                    <input type="file" accept=".json,application/json" on:change=open_file/>
                </label>
            </section>
        }
        .into_any(),
        Some(Ok(pack)) => {
            // The pack's own scenarios are played like built-in ones, and its
            // policy (if any) scores the replies while the pack is played.
            let library: &'static Library = if pack.custom.is_empty() {
                library
            } else {
                Box::leak(Box::new(pack.library(library)))
            };
            crate::scorer::policy::set_active(pack.policy.clone());
            on_cleanup(crate::ui::pages::my_scenarios::restore_policy);
            let carried = (pack.custom.len(), pack.policy.as_ref().map(|p| p.name.clone()));
            let total = pack.scenarios.len();
            let briefed = briefed_from_lms;
            let pack_for_results = pack.clone();
            let scenarios: Vec<&'static Scenario> = pack
                .scenarios
                .iter()
                .filter_map(|id| library.get(id))
                .collect();
            let list = scenarios.clone();
            let setup = Setup {
                mode: pack.mode,
                beginner: pack.beginner,
            };
            let reply_seconds = pack.reply_seconds;
            let customers: Vec<&'static Scenario> = pack.rush.iter().flat_map(|r| &r.scenarios).filter_map(|id| library.get(id)).collect();
            let customer_list = customers.clone();
            let has_rush = !customers.is_empty();
            let title = pack.name.clone();
            view! {
                <section class="pack-page">
                    <p class="pack-label">{move || lang.tr("练习包", "Exercise pack")}</p>
                    {move || lms_notice.get().map(|e| view! { <p role="alert" class="pack-error lms-notice">{move || lang.text(&e.message())}</p> })}
                    {move || xapi.get().map(|link| view! { <XapiStatus link=link/> })}
                    {move || xapi.with(Option::is_none).then(|| xapi_notice.get()).flatten().map(|e| view! { <p role="alert" class="pack-error lms-notice">{move || lang.text(&e.message())}</p> })}
                    <h1>{title.clone()}</h1>
                    {(carried.0 > 0 || carried.1.is_some()).then(|| {
                        let (count, policy) = carried.clone();
                        view! {
                            <p class="pack-carries">{move || {
                                let policy = policy.as_ref().map(|p| lang.text(p));
                                match (lang.0.get(), policy) {
                                    (crate::i18n::Lang::Zh, Some(p)) => format!("包含培训师自编的 {count} 个场景；回复按公司政策“{p}”评分。"),
                                    (crate::i18n::Lang::Zh, None) => format!("包含培训师自编的 {count} 个场景。"),
                                    (crate::i18n::Lang::En, Some(p)) => format!("Includes {count} scenario(s) written by your trainer; replies are scored with the company policy “{p}”."),
                                    (crate::i18n::Lang::En, None) => format!("Includes {count} scenario(s) written by your trainer."),
                                }
                            }}</p>
                        }
                    })}
                    {move || (!started.get()).then(|| {
                        let list = list.clone();
                        view! {
                            <ol class="pack-list">{list.into_iter().map(|s| view! { <li>{move || lang.text(&s.title)}</li> }).collect_view()}
                                {(!customer_list.is_empty()).then(|| { let names = customer_list.clone(); view! { <li class="pack-rush-item">{move || format!("{}{}", lang.tr("高峰时段：", "Rush hour: "), names.iter().map(|s| lang.text(&s.title)).collect::<Vec<_>>().join(" · "))}</li> } })}
                            </ol>
                            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); if !trainee.get_untracked().trim().is_empty() { started.set(true); } }>
                                <label>{move || lang.tr("你的名字", "Your name")}
                                    <input type="text" prop:value=move || trainee.get() on:input=move |ev| trainee.set(event_target_value(&ev))/>
                                </label>
                                <button type="submit" class="primary" disabled=move || trainee.get().trim().is_empty()>{move || lang.tr("开始练习包", "Start the pack")}</button>
                            </form>
                        }
                    })}
                    {move || {
                        if !started.get() {
                            return ().into_any();
                        }
                        let i = index.get();
                        // Untracked: a finished scenario must not re-create (and so reset) the conversation.
                        let done = records.with_untracked(|r| r.len());
                        if i >= total {
                            // The rush round, if any, comes after the scenarios.
                            if !customers.is_empty() && rush_done.with(Option::is_none) {
                                return view! { <PackRush scenarios=customers.clone() mode=setup.mode on_done=Callback::new(move |done| rush_done.set(Some(done)))/> }.into_any();
                            }
                            let mut sessions = records.get_untracked();
                            let rush = rush_done.get_untracked().map(|(rush_sessions, summary)| { sessions.extend(rush_sessions); summary });
                            let results = Results::new(&trainee.get_untracked(), &pack_for_results, sessions, js_sys::Date::now(), (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64);
                            let results = match rush { Some(summary) => results.with_rush(summary), None => results };
                            return view! { <ResultsHandout results=results/> }.into_any();
                        }
                        let scenario = scenarios[i];
                        // Each scenario's brief first: the case, before the customer speaks.
                        if briefed.get() != Some(i) {
                            return view! {
                                <p class="pack-progress">{move || format!("{} {}/{total}", lang.tr("场景", "Scenario"), i + 1)}</p>
                                <ScenarioBrief scenario=scenario on_start=move || briefed.set(Some(i))/>
                            }.into_any();
                        }
                        view! {
                            <p class="pack-progress">{move || format!("{} {}/{total}", lang.tr("场景", "Scenario"), i + 1)}</p>
                            <Conversation
                                scenario=scenario
                                setup=setup
                                reply_seconds=reply_seconds
                                on_restart=move || {}
                                resume=lms_resume.try_update_value(Option::take).flatten().filter(|u| u.conversation.scenario == scenario.id)
                                on_finish=Callback::new(move |record: SessionRecord| {
                                    lms_report(lms, lms_notice, |link| link.scenario_finished(&record));
                                    records.update(|r| r.push(record.clone()));
                                    if let Some(x) = xapi.get_untracked() {
                                        records.with_untracked(|all| xapi::scenario_finished(&x, &trainee.get_untracked(), i, &record, all));
                                    }
                                })
                                on_reply=Callback::new(move |(conversation, latency): (Engine, f64)| {
                                    lms_report(lms, lms_notice, |link| link.reply(&conversation, latency));
                                    if let Some(x) = xapi.get_untracked() {
                                        xapi::reply(&x, &trainee.get_untracked(), i, &conversation, latency);
                                    }
                                })
                            />
                            {move || (records.get().len() > done).then(|| view! {
                                <button class="primary pack-next" on:click=move |_| index.update(|i| *i += 1)>
                                    {move || if i + 1 < total || has_rush { lang.tr("下一个场景", "Next scenario") } else { lang.tr("完成并生成结果", "Finish and get my results") }}
                                </button>
                            })}
                        }.into_any()
                    }}
                </section>
            }.into_any()
        }
    }
    }
}

/// The results file and code for the trainer.
#[component]
fn ResultsHandout(
    /// The finished pack's results.
    results: Results,
) -> impl IntoView {
    let lang = use_lang();
    let json = results.to_json();
    let code = results.to_code();
    let safe: String = results
        .trainee
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let file_name = format!("results-{}-{safe}.json", results.pack_id);
    let average = results.average();
    let overall = results.overall();
    let too_large = results.check_size().err().map(|e| e.message());
    let verdict = results.judge();
    view! {
        <section class="results-handout" aria-labelledby="handout-title">
            <h2 id="handout-title">{move || lang.tr("练习包完成！", "Pack finished!")}</h2>
            <ScoreBars scores=average overall=overall/>
            <VerdictTable verdict=verdict/>
            {too_large.map(|message| view! { <p class="notice" role="alert">{move || lang.text(&message)}</p> })}
            <p>{move || lang.tr("把结果文件交给培训师（或复制下面的结果码）。", "Hand the results file to your trainer (or copy the results code below).")}</p>
            <div class="debrief-actions">
                <button class="primary" on:click=move |_| storage::download(&file_name, &json)>{move || lang.tr("下载结果文件", "Download the results file")}</button>
            </div>
            <label class="field">{move || lang.tr("结果码", "Results code")}
                <textarea readonly rows="4" class="results-code">{code}</textarea>
            </label>
        </section>
    }
}

/// `/classroom/projector/:id`: large type; the trainer reveals each customer
/// line, types the reply the room agrees on, then reveals its scores.
#[component]
pub fn Projector(
    /// The scenario projected.
    id: String,
) -> impl IntoView {
    with_scenario(
        &id,
        |scenario| view! { <RoomPlay scenario=scenario pair=false/> },
    )
}

/// `/classroom/pair/:id`: one trainee reads the customer, the other replies; swap roles.
#[component]
pub fn Pair(
    /// The scenario practised.
    id: String,
) -> impl IntoView {
    with_scenario(
        &id,
        |scenario| view! { <RoomPlay scenario=scenario pair=true/> },
    )
}

/// The shared engine of projector and pair modes.
#[component]
fn RoomPlay(
    /// The scenario.
    scenario: &'static Scenario,
    /// Pair practice (two named roles) rather than the projector.
    pair: bool,
) -> impl IntoView {
    let lang = use_lang();
    let conversation = RwSignal::new(Engine::start(scenario, js_sys::Date::now() as u64));
    let line_shown = RwSignal::new(false);
    let scored = RwSignal::new(false);
    let reply = RwSignal::new(String::new());
    let names = RwSignal::new((String::from("A"), String::from("B")));
    let history = RwSignal::new(Vec::<(String, u8)>::new());
    let score = move |_| {
        let text = reply.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        conversation.update(|c| {
            c.respond(scenario, Scorer::builtin(), &text, None, false);
        });
        let overall =
            conversation.with_untracked(|c| c.exchanges.last().map_or(0, |e| e.assessment.overall));
        let replier = names.get_untracked().1;
        history.update(|h| h.push((replier, overall)));
        scored.set(true);
    };
    let next = move |_| {
        reply.set(String::new());
        scored.set(false);
        line_shown.set(false);
    };
    let swap = move |_| names.update(|(a, b)| std::mem::swap(a, b));
    view! {
        <section class="room" class:projector=!pair class:pair=pair>
            <h1>{move || lang.text(&scenario.title)} " · " {move || if pair { lang.tr("双人对练", "Pair practice") } else { lang.tr("投影模式", "Projector") }}</h1>
            {pair.then(|| view! {
                <div class="pair-roles">
                    <label class="field">{move || lang.tr("扮演顾客", "Reads the customer")}
                        <input type="text" prop:value=move || names.get().0 on:input=move |ev| { let v = event_target_value(&ev); names.update(|n| n.0 = v); }/>
                    </label>
                    <label class="field">{move || lang.tr("回复（被评分）", "Replies (scored)")}
                        <input type="text" prop:value=move || names.get().1 on:input=move |ev| { let v = event_target_value(&ev); names.update(|n| n.1 = v); }/>
                    </label>
                    <button class="secondary" on:click=swap>{move || lang.tr("交换角色", "Swap roles")}</button>
                </div>
            })}
            <MoodMeters mood=Signal::derive(move || conversation.get().mood)/>
            {move || {
                let c = conversation.get();
                if let Some(ending) = c.ending(scenario).filter(|_| !scored.get()) {
                    let average = c.average().unwrap_or_default();
                    let overall = c.average_overall().unwrap_or(0);
                    return view! {
                        <div class="room-ending" role="status">
                            <p class="room-line">{move || lang.text(&ending.line)}</p>
                            <h2>{move || lang.text(&ending.title)}</h2>
                            <p>{move || lang.text(&ending.debrief)}</p>
                            <ScoreBars scores=average overall=overall/>
                        </div>
                    }.into_any();
                }
                // Until "next line", the room keeps seeing the line it just answered.
                let answered = if scored.get() { c.exchanges.last().and_then(|e| scenario.turn(&e.turn).map(|t| (t, Engine::line_of(scenario, e)))) } else { None };
                let (turn, line) = match answered {
                    Some((turn, line)) => (turn, line.cloned().unwrap_or_default()),
                    None => {
                        let Some(turn) = c.turn(scenario) else { return ().into_any() };
                        (turn, c.line(scenario).cloned().unwrap_or_default())
                    }
                };
                let cue = turn.cue.clone();
                let reveal = move || line_shown.get() || pair;
                view! {
                    <div class="room-customer" aria-live="polite">
                        {move || if reveal() {
                            let line = line.clone();
                            let cue = cue.clone();
                            view! {
                                {pair.then(|| view! { <p class="room-reader">{move || format!("{}{}", names.get().0, lang.tr(" 请读：", " reads:"))}</p> })}
                                {cue.map(|cue| view! { <p class="room-cue">{move || lang.text(&cue)}</p> })}
                                <p class="room-line">{move || lang.text(&line)}</p>
                            }.into_any()
                        } else {
                            view! { <button class="primary big" on:click=move |_| line_shown.set(true)>{move || lang.tr("显示顾客的话", "Reveal the customer's line")}</button> }.into_any()
                        }}
                    </div>
                }.into_any()
            }}
            {move || (!conversation.with(|c| c.over) && (line_shown.get() || pair) && !scored.get()).then(|| view! {
                <div class="room-reply">
                    <label for="room-reply">{move || if pair { format!("{}{}", names.get().1, lang.tr(" 的回复", "'s reply")) } else { lang.tr("全班商定的回复", "The reply the room agrees on").to_string() }}</label>
                    <textarea id="room-reply" rows="3" prop:value=move || reply.get() on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                    <button class="primary big" on:click=score disabled=move || reply.get().trim().is_empty()>{move || lang.tr("显示评分", "Reveal the scores")}</button>
                </div>
            })}
            {move || scored.get().then(|| {
                let c = conversation.get();
                let exchange = c.exchanges.last().cloned()?;
                let model = scenario.turn(&exchange.turn).and_then(|t| t.model.first().cloned());
                Some(view! {
                    <section class="room-scores feedback">
                        <ScoreBars scores=exchange.assessment.scores overall=exchange.assessment.overall/>
                        <p class="feedback-reply"><HighlightedText text=exchange.reply.clone() findings=exchange.assessment.findings.clone()/></p>
                        <FindingList reply=exchange.reply.clone() findings=exchange.assessment.findings.clone()/>
                        {model.map(|m| view! {
                            <div class="model-reply"><h3>{move || lang.tr("参考回复", "Model reply")}</h3><blockquote>{move || lang.text(&m.text)}</blockquote><p class="model-note">{move || lang.text(&m.note)} " " <span class="finding-section">{m.section.clone()}</span></p></div>
                        })}
                        <button class="primary big" on:click=next>{move || if conversation.with(|c| c.over) { lang.tr("看结局", "See the ending") } else { lang.tr("下一句", "Next line") }}</button>
                    </section>
                })
            }).flatten()}
            {move || (pair && !history.get().is_empty()).then(|| view! {
                <ol class="pair-history">{history.get().into_iter().map(|(who, overall)| view! { <li>{who} ": " {overall}</li> }).collect_view()}</ol>
            })}
        </section>
    }
}
