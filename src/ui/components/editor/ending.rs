//! One ending: how it ends (resolved, escalated, the customer left), the
//! customer's last words, and the debrief note the trainee reads.

use leptos::prelude::*;

use super::fields::{read, write, BiText, FieldChecks};
use super::{field_id, use_editing, Selection};
use crate::authoring::draft;
use crate::i18n::Text;
use crate::scenario::{EndingKind, Escalation};
use crate::ui::use_lang;

#[component]
pub fn EndingForm(id: String) -> impl IntoView {
    let editing = use_editing();
    let s = editing.scenario;
    let index = Memo::new(move |_| s.with(|s| s.endings.iter().position(|e| e.id == id)));
    move || match index.get() {
        None => ().into_any(),
        Some(e) => view! { <EndingPanel e=e/> }.into_any(),
    }
}

#[component]
fn EndingPanel(e: usize) -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let s = editing.scenario;
    let id = s.with_untracked(|s| s.endings[e].id.clone());
    let at = format!("/endings/{e}");
    let rename = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let to = event_target_value(&ev).trim().to_string();
            let from = id.clone();
            let renamed = to.clone();
            editing.apply(move |s| draft::rename_node(s, &from, &to));
            if editing.refused.get_untracked().is_none() {
                editing.selected.set(Selection::Ending(renamed));
            }
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            editing.apply(move |s| draft::remove_node(s, &id));
            if editing.refused.get_untracked().is_none() {
                editing.selected.set(Selection::Overview);
            }
        }
    };
    let kind_value = move || {
        s.with(|s| match s.endings.get(e).map(|x| (x.kind, x.escalation)) {
            Some((EndingKind::Resolved, _)) => "resolved",
            Some((EndingKind::Left, _)) => "left",
            Some((EndingKind::Escalated, Some(Escalation::BadReview))) => "bad_review",
            Some((EndingKind::Escalated, Some(Escalation::Manager))) => "manager",
            Some((EndingKind::Escalated, _)) => "complaint",
            None => "",
        })
    };
    let set_kind = move |ev: leptos::ev::Event| {
        let (kind, escalation) = match event_target_value(&ev).as_str() {
            "resolved" => (EndingKind::Resolved, None),
            "left" => (EndingKind::Left, None),
            "bad_review" => (EndingKind::Escalated, Some(Escalation::BadReview)),
            "manager" => (EndingKind::Escalated, Some(Escalation::Manager)),
            _ => (EndingKind::Escalated, Some(Escalation::Complaint)),
        };
        s.update(|s| {
            if let Some(x) = s.endings.get_mut(e) {
                x.kind = kind;
                x.escalation = escalation;
            }
        });
    };
    let kinds = [
        ("resolved", Text::new("解决了", "Resolved")),
        (
            "complaint",
            Text::new("升级：投诉", "Escalated: a complaint"),
        ),
        (
            "bad_review",
            Text::new("升级：差评", "Escalated: a bad review"),
        ),
        (
            "manager",
            Text::new("升级：找主管", "Escalated: asks for a manager"),
        ),
        ("left", Text::new("顾客走了", "The customer left")),
    ];
    view! {
        <section class="editor-panel" aria-labelledby="ending-title">
            <h2 id="ending-title">{move || lang.tr("结局：", "Ending: ")} {id.clone()}</h2>
            <FieldChecks path=at.clone()/>
            <div class="field-row">
                <div class="field">
                    <label for="f-ending-id">{move || lang.tr("名称（回车确认）", "Name (Enter to apply)")}</label>
                    <input type="text" id="f-ending-id" prop:value=id.clone() on:change=rename/>
                    <FieldChecks path=format!("{at}/id")/>
                </div>
                <div class="field">
                    <label for=field_id(&format!("{at}/kind"))>{move || lang.tr("结果", "Outcome")}</label>
                    <select id=field_id(&format!("{at}/kind")) on:change=set_kind>
                        {kinds.into_iter().map(|(v, name)| view! {
                            <option value=v selected=move || kind_value() == v>{move || lang.text(&name)}</option>
                        }).collect_view()}
                    </select>
                    <FieldChecks path=format!("{at}/escalation")/>
                </div>
                <button type="button" class="secondary danger" on:click=remove>{move || lang.tr("删除这个结局", "Remove this ending")}</button>
            </div>
            <BiText label=Text::new("结局标题", "Title") path=format!("{at}/title")
                read=read(move |s| Some(s.endings.get(e)?.title.clone())) write=write(move |s| Some(&mut s.endings.get_mut(e)?.title))/>
            <BiText label=Text::new("顾客最后说的话", "The customer's last words") path=format!("{at}/line") multiline=true
                read=read(move |s| Some(s.endings.get(e)?.line.clone())) write=write(move |s| Some(&mut s.endings.get_mut(e)?.line))/>
            <BiText label=Text::new("复盘要点（这个结局教会什么）", "Debrief note (what this ending teaches)") path=format!("{at}/debrief") multiline=true
                read=read(move |s| Some(s.endings.get(e)?.debrief.clone())) write=write(move |s| Some(&mut s.endings.get_mut(e)?.debrief))/>
        </section>
    }
}
