//! The scenario as a whole: its name in files, title, brief, kind, channel,
//! difficulty, timer, learning goals, the customer (persona) and the mood
//! they start in.

use leptos::prelude::*;

use super::fields::{read, write, BiText, FieldChecks};
use super::{field_id, use_editing};
use crate::i18n::Text;
use crate::scenario::{Archetype, Channel};
use crate::ui::use_lang;

#[component]
pub fn Overview() -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let s = editing.scenario;
    let goals = Memo::new(move |_| s.with(|s| s.goals.len()));
    let number = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<i64>().ok();
    view! {
        <section class="editor-panel" aria-labelledby="overview-title">
            <h2 id="overview-title">{move || lang.tr("场景概况", "The scenario")}</h2>
            <div class="field">
                <label for=field_id("/id")>{move || lang.tr("文件名（小写字母、数字、-）", "File name (lower-case letters, digits, -)")}</label>
                <input type="text" id=field_id("/id") aria-describedby=format!("{}-checks", field_id("/id"))
                    prop:value=move || s.with(|s| s.id.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); s.update(|s| s.id = v); }/>
                <FieldChecks path="/id"/>
            </div>
            <BiText label=Text::new("标题", "Title") path="/title"
                read=read(|s| Some(s.title.clone())) write=write(|s| Some(&mut s.title))/>
            <BiText label=Text::new("情境说明（学员开始前读到的）", "Brief (what the trainee reads first)") path="/brief" multiline=true
                read=read(|s| Some(s.brief.clone())) write=write(|s| Some(&mut s.brief))/>
            <div class="field-row">
                <div class="field">
                    <label for="f-archetype">{move || lang.tr("顾客类型", "Kind of customer")}</label>
                    <select id="f-archetype"
                        prop:value=move || s.with(|s| s.archetype.id().to_string())
                        on:change=move |ev| { if let Some(a) = Archetype::parse(&event_target_value(&ev)) { s.update(|s| s.archetype = a); } }>
                        {Archetype::ALL.into_iter().map(|a| view! {
                            <option value=a.id() selected=move || s.with(|s| s.archetype == a)>{move || lang.text(&a.name())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-channel">{move || lang.tr("渠道", "Channel")}</label>
                    <select id="f-channel"
                        on:change=move |ev| { let v = event_target_value(&ev); s.update(|s| s.channel = if v == "phone" { Channel::Phone } else { Channel::Chat }); }>
                        <option value="chat" selected=move || s.with(|s| s.channel == Channel::Chat)>{move || lang.tr("在线聊天", "Online chat")}</option>
                        <option value="phone" selected=move || s.with(|s| s.channel == Channel::Phone)>{move || lang.tr("电话", "Phone call")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="f-difficulty">{move || lang.tr("难度", "Difficulty")}</label>
                    <select id="f-difficulty"
                        on:change=move |ev| { if let Ok(d) = event_target_value(&ev).parse() { s.update(|s| s.difficulty = d); } }>
                        {[1u8, 2, 3].into_iter().map(|d| view! {
                            <option value=d.to_string() selected=move || s.with(|s| s.difficulty == d)>{format!("{d}/3")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field_id("/reply_seconds")>{move || lang.tr("每句限时（秒，留空不计时）", "Seconds per reply (empty: no timer)")}</label>
                    <input type="number" min="1" id=field_id("/reply_seconds")
                        aria-describedby=format!("{}-checks", field_id("/reply_seconds"))
                        prop:value=move || s.with(|s| s.reply_seconds.map(|v| v.to_string()).unwrap_or_default())
                        on:input=move |ev| { let v = number(&ev); s.update(|s| s.reply_seconds = v.map(|v| v.clamp(0, 3600) as u32)); }/>
                    <FieldChecks path="/reply_seconds"/>
                </div>
            </div>
            <fieldset class="goals">
                <legend>{move || lang.tr("练习目标", "Learning goals")}</legend>
                {move || (0..goals.get()).map(|i| view! {
                    <div class="list-item">
                        <BiText label=Text::new(format!("目标 {}", i + 1), format!("Goal {}", i + 1)) path=format!("/goals/{i}")
                            read=read(move |s| s.goals.get(i).cloned()) write=write(move |s| s.goals.get_mut(i))/>
                        <button type="button" class="secondary small" on:click=move |_| s.update(|s| { if i < s.goals.len() { s.goals.remove(i); } })>
                            {move || lang.tr("删除这个目标", "Remove this goal")}
                        </button>
                    </div>
                }).collect_view()}
                <FieldChecks path="/goals"/>
                <button type="button" class="secondary" on:click=move |_| s.update(|s| s.goals.push(Text::default()))>
                    {move || lang.tr("添加目标", "Add a goal")}
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || lang.tr("顾客", "The customer")}</legend>
                <BiText label=Text::new("称呼", "Name") path="/persona/name"
                    read=read(|s| Some(s.persona.name.clone())) write=write(|s| Some(&mut s.persona.name))/>
                <BiText label=Text::new("人物描述", "Who they are") path="/persona/description" multiline=true
                    read=read(|s| Some(s.persona.description.clone())) write=write(|s| Some(&mut s.persona.description))/>
                <div class="field-row">
                    <div class="field">
                        <label for="f-mood-anger">{move || format!("{} {}", lang.tr("开始时的怒气（0–100）：", "Anger at the start (0–100):"), s.with(|s| s.mood.anger))}</label>
                        <input type="range" min="0" max="100" id="f-mood-anger"
                            prop:value=move || s.with(|s| s.mood.anger.to_string())
                            on:input=move |ev| { if let Some(v) = number(&ev) { s.update(|s| s.mood.anger = v.clamp(0, 100) as u8); } }/>
                    </div>
                    <div class="field">
                        <label for="f-mood-trust">{move || format!("{} {}", lang.tr("开始时的信任（0–100）：", "Trust at the start (0–100):"), s.with(|s| s.mood.trust))}</label>
                        <input type="range" min="0" max="100" id="f-mood-trust"
                            prop:value=move || s.with(|s| s.mood.trust.to_string())
                            on:input=move |ev| { if let Some(v) = number(&ev) { s.update(|s| s.mood.trust = v.clamp(0, 100) as u8); } }/>
                    </div>
                </div>
            </fieldset>
        </section>
    }
}
