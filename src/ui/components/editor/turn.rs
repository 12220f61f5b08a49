//! One customer turn: what the customer says (variants in both languages),
//! the stage cue, the follow-up when a question is left unanswered, the
//! expectations a good reply meets (chosen from a list, each explained),
//! the beginner options with their quality and note, the model replies with
//! a guideline section picked from a list, and where the conversation goes
//! next (conditions chosen from a list, in order).
//!
//! The panel is rebuilt only when the turn's shape changes (an item added or
//! removed); typing updates the draft without rebuilding, so focus stays.

use leptos::prelude::*;

use super::fields::{read, write, BiText, FieldChecks, Write};
use super::{field_id, use_editing, Selection};
use crate::authoring::draft::{self, List};
use crate::authoring::form::{act_label, describe, kind_label, ConditionForm, CHOICES};
use crate::guidelines::Guidelines;
use crate::i18n::{Lang, Text};
use crate::scenario::conditions::kinds_of;
use crate::scenario::{Quality, Scenario};
use crate::scorer::{ActType, RuleSet};
use crate::ui::use_lang;

/// Counts of a turn's lists: the panel is rebuilt when they change.
#[derive(Clone, PartialEq)]
struct Shape {
    index: usize,
    id: String,
    lines: usize,
    options: usize,
    models: usize,
    next: usize,
    targets: Vec<String>,
}

fn shape_of(s: &Scenario, id: &str) -> Option<Shape> {
    let index = s.turns.iter().position(|t| t.id == id)?;
    let turn = &s.turns[index];
    Some(Shape {
        index,
        id: id.to_string(),
        lines: turn.line.len(),
        options: turn.options.len(),
        models: turn.model.len(),
        next: turn.next.len(),
        targets: s
            .turns
            .iter()
            .map(|t| t.id.clone())
            .chain(s.endings.iter().map(|e| e.id.clone()))
            .collect(),
    })
}

/// An optional text (cue, follow-up): cleared to `None` when both languages are empty.
fn optional(get: fn(&mut crate::scenario::Turn) -> &mut Option<Text>, t: usize) -> Write {
    std::sync::Arc::new(move |s: &mut Scenario, code: Lang, value: String| {
        let Some(turn) = s.turns.get_mut(t) else {
            return;
        };
        let slot = get(turn);
        let text = slot.get_or_insert_with(Text::default);
        match code {
            Lang::Zh => text.zh = value,
            Lang::En => text.en = value,
        }
        if text.zh.is_empty() && text.en.is_empty() {
            *slot = None;
        }
    })
}

#[component]
pub fn TurnForm(
    /// The turn's id.
    id: String,
) -> impl IntoView {
    let editing = use_editing();
    let s = editing.scenario;
    let shape = Memo::new(move |_| s.with(|s| shape_of(s, &id)));
    move || match shape.get() {
        None => ().into_any(),
        Some(shape) => view! { <TurnPanel shape=shape/> }.into_any(),
    }
}

#[component]
fn TurnPanel(shape: Shape) -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let s = editing.scenario;
    let t = shape.index;
    let id = shape.id.clone();
    let at = format!("/turns/{t}");
    let rename = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let to = event_target_value(&ev).trim().to_string();
            let from = id.clone();
            let renamed = to.clone();
            editing.apply(move |s| draft::rename_node(s, &from, &to));
            if editing.refused.get_untracked().is_none() {
                editing.selected.set(Selection::Turn(renamed));
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
    let make_start = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            editing.apply(move |s| draft::make_start(s, &id));
        }
    };
    let op = move |f: Box<dyn FnOnce(&mut Scenario, &str) -> Result<(), draft::EditError>>| {
        let id = s.with_untracked(|s| s.turns.get(t).map(|x| x.id.clone()).unwrap_or_default());
        editing.apply(move |s| f(s, &id));
    };

    let lines = (0..shape.lines)
        .map(|i| {
            view! {
                <div class="list-item">
                    <BiText label=Text::new(format!("顾客说（说法 {}）", i + 1), format!("The customer says (variant {})", i + 1))
                        path=format!("{at}/line/{i}") multiline=true
                        read=read(move |s| s.turns.get(t)?.line.get(i).cloned())
                        write=write(move |s| s.turns.get_mut(t)?.line.get_mut(i))/>
                    {(shape.lines > 1).then(|| view! {
                        <button type="button" class="secondary small"
                            on:click=move |_| op(Box::new(move |s, id| draft::remove_item(s, id, List::Line, i)))>
                            {move || lang.tr("删除这个说法", "Remove this variant")}
                        </button>
                    })}
                </div>
            }
        })
        .collect_view();

    let rules = RuleSet::builtin();
    let expectations = rules
        .expectations
        .iter()
        .map(|(eid, spec)| {
            let eid = eid.clone();
            let checked_id = eid.clone();
            let toggle_id = eid.clone();
            let label = spec.label.clone();
            let explain = spec.met_message.clone();
            let section = spec.section.clone();
            let input_id = format!("expect-{t}-{eid}");
            view! {
                <li>
                    <input type="checkbox" id=input_id.clone()
                        prop:checked=move || s.with(|s| s.turns.get(t).is_some_and(|x| x.expect.contains(&checked_id)))
                        on:change=move |_| { let e = toggle_id.clone(); op(Box::new(move |s, id| draft::toggle_expectation(s, id, &e))) }/>
                    <label for=input_id>
                        <strong>{move || lang.text(&label)}</strong>
                        " · " <span class="explain">{move || lang.text(&explain)}</span>
                        " " <span class="section">{format!("({section})")}</span>
                    </label>
                </li>
            }
        })
        .collect_view();

    let options = (0..shape.options)
        .map(|i| {
            let quality_id = field_id(&format!("{at}/options/{i}/quality"));
            view! {
                <fieldset class="list-item option-item">
                    <legend>{move || format!("{} {}", lang.tr("选项", "Option"), i + 1)}</legend>
                    <div class="field">
                        <label for=quality_id.clone()>{move || lang.tr("质量", "Quality")}</label>
                        <select id=quality_id on:change=move |ev| {
                            let q = match event_target_value(&ev).as_str() { "good" => Quality::Good, "bad" => Quality::Bad, _ => Quality::Tempting };
                            s.update(|s| if let Some(o) = s.turns.get_mut(t).and_then(|x| x.options.get_mut(i)) { o.quality = q; });
                        }>
                            {[(Quality::Good, "good", Text::new("好", "Good")), (Quality::Tempting, "tempting", Text::new("看似可以", "Tempting")), (Quality::Bad, "bad", Text::new("差", "Bad"))]
                                .into_iter()
                                .map(|(q, v, name)| view! {
                                    <option value=v selected=move || s.with(|s| s.turns.get(t).and_then(|x| x.options.get(i)).is_some_and(|o| o.quality == q))>{move || lang.text(&name)}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <BiText label=Text::new("回复", "Reply") path=format!("{at}/options/{i}/text") multiline=true
                        read=read(move |s| Some(s.turns.get(t)?.options.get(i)?.text.clone()))
                        write=write(move |s| Some(&mut s.turns.get_mut(t)?.options.get_mut(i)?.text))/>
                    <BiText label=Text::new("选后显示的说明", "Note shown after picking it") path=format!("{at}/options/{i}/note")
                        read=read(move |s| s.turns.get(t)?.options.get(i)?.note.clone())
                        write=write(move |s| Some(s.turns.get_mut(t)?.options.get_mut(i)?.note.get_or_insert_with(Text::default)))/>
                    <FieldChecks path=format!("{at}/options/{i}")/>
                    <button type="button" class="secondary small"
                        on:click=move |_| op(Box::new(move |s, id| draft::remove_item(s, id, List::Option, i)))>
                        {move || lang.tr("删除这个选项", "Remove this option")}
                    </button>
                </fieldset>
            }
        })
        .collect_view();

    let sections = Guidelines::builtin().sections.clone();
    let models = (0..shape.models)
        .map(|i| {
            let section_id = field_id(&format!("{at}/model/{i}/section"));
            let sections = sections.clone();
            view! {
                <fieldset class="list-item">
                    <legend>{move || format!("{} {}", lang.tr("参考回复", "Model reply"), i + 1)}</legend>
                    <BiText label=Text::new("参考回复", "Model reply") path=format!("{at}/model/{i}/text") multiline=true
                        read=read(move |s| Some(s.turns.get(t)?.model.get(i)?.text.clone()))
                        write=write(move |s| Some(&mut s.turns.get_mut(t)?.model.get_mut(i)?.text))/>
                    <BiText label=Text::new("为什么这样回", "Why it works") path=format!("{at}/model/{i}/note")
                        read=read(move |s| Some(s.turns.get(t)?.model.get(i)?.note.clone()))
                        write=write(move |s| Some(&mut s.turns.get_mut(t)?.model.get_mut(i)?.note))/>
                    <div class="field">
                        <label for=section_id.clone()>{move || lang.tr("依据的规范章节", "Guideline section")}</label>
                        <select id=section_id.clone() aria-describedby=format!("{section_id}-checks")
                            on:change=move |ev| { let v = event_target_value(&ev); s.update(|s| if let Some(m) = s.turns.get_mut(t).and_then(|x| x.model.get_mut(i)) { m.section = v; }); }>
                            <option value="" selected=move || s.with(|s| s.turns.get(t).and_then(|x| x.model.get(i)).is_some_and(|m| m.section.is_empty()))>
                                {move || lang.tr("（请选择）", "(choose one)")}
                            </option>
                            {sections.into_iter().map(|sec| {
                                let value = sec.id.clone();
                                let is = sec.id.clone();
                                view! {
                                    <option value=value selected=move || s.with(|s| s.turns.get(t).and_then(|x| x.model.get(i)).is_some_and(|m| m.section == is))>
                                        {move || format!("{} · {}", sec.id, lang.text(&sec.title))}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                        <FieldChecks path=format!("{at}/model/{i}/section")/>
                    </div>
                    <FieldChecks path=format!("{at}/model/{i}")/>
                    <button type="button" class="secondary small"
                        on:click=move |_| op(Box::new(move |s, id| draft::remove_item(s, id, List::Model, i)))>
                        {move || lang.tr("删除这个参考回复", "Remove this model reply")}
                    </button>
                </fieldset>
            }
        })
        .collect_view();

    let transitions = (0..shape.next)
        .map(|i| view! { <TransitionForm t=t i=i count=shape.next targets=shape.targets.clone()/> })
        .collect_view();

    let default_to = shape.targets.last().cloned().unwrap_or_default();
    view! {
        <section class="editor-panel" aria-labelledby="turn-title">
            <h2 id="turn-title">
                {move || lang.tr("顾客轮次：", "Customer turn: ")} {id.clone()}
                {(t == 0).then(|| view! { <span class="badge">{move || lang.tr("开场", "start")}</span> })}
            </h2>
            <FieldChecks path=at.clone()/>
            <div class="field-row">
                <div class="field">
                    <label for="f-turn-id">{move || lang.tr("名称（小写字母、数字、-；回车确认）", "Name (lower-case letters, digits, -; Enter to apply)")}</label>
                    <input type="text" id="f-turn-id" prop:value=id.clone() on:change=rename
                        aria-describedby=format!("{}-checks", field_id(&format!("{at}/id")))/>
                    <FieldChecks path=format!("{at}/id")/>
                </div>
                {(t > 0).then(|| view! {
                    <button type="button" class="secondary" on:click=make_start>{move || lang.tr("设为开场", "Make this the first turn")}</button>
                })}
                <button type="button" class="secondary danger" on:click=remove>{move || lang.tr("删除这一轮", "Remove this turn")}</button>
            </div>

            <h3>{move || lang.tr("顾客说什么", "What the customer says")}</h3>
            <p class="hint">{move || lang.tr("写几种说法，练习时随机挑一种。", "Write one or more variants; one is picked at random when played.")}</p>
            {lines}
            <FieldChecks path=format!("{at}/line")/>
            <button type="button" class="secondary" on:click=move |_| op(Box::new(|s, id| draft::add_line(s, id)))>
                {move || lang.tr("添加一种说法", "Add a variant")}
            </button>
            <BiText label=Text::new("语气提示（可选，如“叹气”）", "Cue (optional, e.g. “sighs”)") path=format!("{at}/cue")
                read=read(move |s| s.turns.get(t)?.cue.clone()) write=optional(|turn| &mut turn.cue, t)/>
            <BiText label=Text::new("问题没被回答时顾客追问（可选）", "If the question is left unanswered, the customer asks again (optional)") path=format!("{at}/unanswered")
                read=read(move |s| s.turns.get(t)?.unanswered.clone()) write=optional(|turn| &mut turn.unanswered, t)/>

            <h3>{move || lang.tr("好的回复应当做到", "A good reply here should")}</h3>
            <ul class="expectations">{expectations}</ul>
            <FieldChecks path=format!("{at}/expect")/>

            <h3>{move || lang.tr("新手选项（3–4 个，至少一好一差）", "Beginner options (3–4, at least one good and one bad)")}</h3>
            {options}
            <FieldChecks path=format!("{at}/options")/>
            <div class="button-row">
                <button type="button" class="secondary" on:click=move |_| op(Box::new(|s, id| draft::add_option(s, id, Quality::Good)))>{move || lang.tr("添加好选项", "Add a good option")}</button>
                <button type="button" class="secondary" on:click=move |_| op(Box::new(|s, id| draft::add_option(s, id, Quality::Tempting)))>{move || lang.tr("添加看似可以的选项", "Add a tempting option")}</button>
                <button type="button" class="secondary" on:click=move |_| op(Box::new(|s, id| draft::add_option(s, id, Quality::Bad)))>{move || lang.tr("添加差选项", "Add a bad option")}</button>
            </div>

            <h3>{move || lang.tr("参考回复", "Model replies")}</h3>
            {models}
            <FieldChecks path=format!("{at}/model")/>
            <button type="button" class="secondary" on:click=move |_| op(Box::new(|s, id| draft::add_model(s, id)))>{move || lang.tr("添加参考回复", "Add a model reply")}</button>

            <h3>{move || lang.tr("接下来去哪里（按顺序，第一个成立的生效）", "Where it goes next (in order: the first that holds is taken)")}</h3>
            <ol class="transitions">{transitions}</ol>
            <FieldChecks path=format!("{at}/next")/>
            <button type="button" class="secondary" on:click=move |_| {
                let to = default_to.clone();
                op(Box::new(move |s, id| draft::add_transition(s, id, ConditionForm::ScoreBelow(40).condition(), &to).map(|_| ())))
            }>{move || lang.tr("添加去向", "Add a way on")}</button>
        </section>
    }
}

/// One transition: the condition chosen from a list with its value, where
/// it leads, its place in the order.
#[component]
fn TransitionForm(t: usize, i: usize, count: usize, targets: Vec<String>) -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let s = editing.scenario;
    let at = format!("/turns/{t}/next/{i}");
    let form = move || {
        s.with(|s| {
            ConditionForm::of(
                s.turns
                    .get(t)
                    .and_then(|x| x.next.get(i))
                    .and_then(|n| n.when.as_ref()),
            )
        })
    };
    let set_form = move |f: ConditionForm| {
        s.update(|s| {
            if let Some(n) = s.turns.get_mut(t).and_then(|x| x.next.get_mut(i)) {
                n.when = f.condition();
            }
        })
    };
    // The value editor is rebuilt when the kind of condition changes, not
    // when its value is typed.
    let choice = Memo::new(move |_| form().choice().unwrap_or("other").to_string());
    let choice_id = field_id(&format!("{at}/when"));
    let to_id = field_id(&format!("{at}/to"));
    let (fid_n, fid_a, fid_f) = (field_id(&at), field_id(&at), field_id(&at));
    let number = move |label: Text,
                       get: fn(&ConditionForm) -> u8,
                       make: fn(u8) -> ConditionForm| {
        let id = format!("{fid_n}-value");
        view! {
            <label for=id.clone()>{move || lang.text(&label)}</label>
            <input type="number" min="0" max="100" id=id
                prop:value=move || get(&form()).to_string()
                on:input=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<u8>() { set_form(make(v.min(100))) } }/>
        }
        .into_any()
    };
    let act_select = move |with_kind: bool| {
        let id = format!("{fid_a}-act");
        let kind_id = format!("{fid_a}-kind");
        let act_of = move || match form() {
            ConditionForm::Act(a, _) | ConditionForm::WithoutAct(a) => a,
            _ => ActType::Offer,
        };
        let kinds = move || {
            let act = act_of();
            kinds_of(act, &RuleSet::builtin().acts).unwrap_or_default()
        };
        view! {
            <label for=id.clone()>{move || lang.tr("行为", "Act")}</label>
            <select id=id on:change=move |ev| {
                if let Some(a) = ActType::parse(&event_target_value(&ev)) {
                    set_form(if with_kind { ConditionForm::Act(a, None) } else { ConditionForm::WithoutAct(a) })
                }
            }>
                {ActType::ALL.into_iter().map(|a| view! {
                    <option value=a.id() selected=move || act_of() == a>{move || lang.text(&act_label(a))}</option>
                }).collect_view()}
            </select>
            {with_kind.then(|| view! {
                <label for=kind_id.clone()>{move || lang.tr("具体是", "Which kind")}</label>
                <select id=kind_id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set_form(ConditionForm::Act(act_of(), (!v.is_empty()).then_some(v)));
                }>
                    <option value="">{move || lang.tr("任意", "any")}</option>
                    {move || kinds().into_iter().map(|k| {
                        let is = k.clone();
                        let name = kind_label(act_of(), &k);
                        view! {
                            <option value=k selected=move || matches!(form(), ConditionForm::Act(_, Some(ref x)) if *x == is)>{move || lang.text(&name)}</option>
                        }
                    }).collect_view()}
                </select>
            })}
        }
        .into_any()
    };
    let value_editor = move || {
        match choice.get().as_str() {
        "score_at_least" | "score_below" | "anger_at_least" | "trust_at_least" => {
            let (label, get, make): (Text, fn(&ConditionForm) -> u8, fn(u8) -> ConditionForm) =
                match choice.get_untracked().as_str() {
                    "score_at_least" => (Text::new("分数", "Score"), |f| if let ConditionForm::ScoreAtLeast(v) = f { *v } else { 0 }, ConditionForm::ScoreAtLeast),
                    "score_below" => (Text::new("分数", "Score"), |f| if let ConditionForm::ScoreBelow(v) = f { *v } else { 0 }, ConditionForm::ScoreBelow),
                    "anger_at_least" => (Text::new("怒气", "Anger"), |f| if let ConditionForm::AngerAtLeast(v) = f { *v } else { 0 }, ConditionForm::AngerAtLeast),
                    _ => (Text::new("信任", "Trust"), |f| if let ConditionForm::TrustAtLeast(v) = f { *v } else { 0 }, ConditionForm::TrustAtLeast),
                };
            number(label, get, make)
        }
        "act" => act_select(true),
        "without_act" => act_select(false),
        "finding" => {
            let id = format!("{fid_f}-finding");
            view! {
                <label for=id.clone()>{move || lang.tr("错误（规则名）", "Mistake (rule id)")}</label>
                <input type="text" id=id
                    prop:value=move || if let ConditionForm::Finding(f) = form() { f } else { String::new() }
                    on:change=move |ev| set_form(ConditionForm::Finding(event_target_value(&ev).trim().to_string()))/>
            }
            .into_any()
        }
        "other" => view! {
            <p class="hint">{move || lang.tr("手写的条件，原样保留：", "A condition written by hand, kept as it is: ")}
                {move || lang.text(&describe(s.with(|s| s.turns.get(t).and_then(|x| x.next.get(i)).and_then(|n| n.when.clone())).as_ref()))}</p>
        }
        .into_any(),
        _ => ().into_any(),
    }
    };
    let move_op = move |up: bool| {
        let id = s.with_untracked(|s| s.turns.get(t).map(|x| x.id.clone()).unwrap_or_default());
        editing.apply(move |s| draft::move_transition(s, &id, i, up));
    };
    let remove = move |_| {
        let id = s.with_untracked(|s| s.turns.get(t).map(|x| x.id.clone()).unwrap_or_default());
        editing.apply(move |s| draft::remove_item(s, &id, List::Transition, i));
    };
    view! {
        <li class="transition">
            <div class="field-row">
                <div class="field">
                    <label for=choice_id.clone()>{move || format!("{} {}", lang.tr("条件", "When"), i + 1)}</label>
                    <select id=choice_id.clone() aria-describedby=format!("{choice_id}-checks")
                        on:change=move |ev| set_form(ConditionForm::choose(&event_target_value(&ev)))>
                        {CHOICES.into_iter().map(|c| view! {
                            <option value=c selected=move || choice.get() == c>{move || lang.text(&ConditionForm::choice_label(c))}</option>
                        }).collect_view()}
                        {move || (choice.get() == "other").then(|| view! {
                            <option value="other" selected=true>{move || lang.text(&ConditionForm::choice_label("other"))}</option>
                        })}
                    </select>
                </div>
                <div class="field condition-value">{value_editor}</div>
                <div class="field">
                    <label for=to_id.clone()>{move || lang.tr("去往", "Goes to")}</label>
                    <select id=to_id.clone() aria-describedby=format!("{to_id}-checks")
                        on:change=move |ev| { let v = event_target_value(&ev); s.update(|s| if let Some(n) = s.turns.get_mut(t).and_then(|x| x.next.get_mut(i)) { n.to = v; }); }>
                        {targets.into_iter().map(|target| {
                            let is = target.clone();
                            let shown = target.clone();
                            view! { <option value=target selected=move || s.with(|s| s.turns.get(t).and_then(|x| x.next.get(i)).is_some_and(|n| n.to == is))>{shown}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="condition-words">{move || lang.text(&describe(s.with(|s| s.turns.get(t).and_then(|x| x.next.get(i)).and_then(|n| n.when.clone())).as_ref()))}</p>
            <FieldChecks path=format!("{at}/when")/>
            <FieldChecks path=format!("{at}/to")/>
            <FieldChecks path=at.clone()/>
            <div class="button-row">
                {(i > 0).then(|| view! { <button type="button" class="secondary small" on:click=move |_| move_op(true)>{move || lang.tr("上移", "Move up")}</button> })}
                {(i + 1 < count).then(|| view! { <button type="button" class="secondary small" on:click=move |_| move_op(false)>{move || lang.tr("下移", "Move down")}</button> })}
                {(count > 1).then(|| view! { <button type="button" class="secondary small" on:click=remove>{move || lang.tr("删除这个去向", "Remove this way on")}</button> })}
            </div>
        </li>
    }
}
