//! The conversation map, drawn from `authoring::map::layout` (every
//! position computed in the core). Each node is a button: click it, or
//! focus it with Tab and press Enter or Space, to open that turn or ending.
//! Its label tells a screen reader what it is, where it leads and whether
//! it is unreachable or a dead end; the arrows are drawn for the eye.

use leptos::prelude::*;

use super::{use_editing, Selection};
use crate::authoring::map::{layout, NodeKind, NODE_HEIGHT, NODE_WIDTH};
use crate::scenario::EndingKind;
use crate::ui::use_lang;

#[component]
pub fn ConversationMap() -> impl IntoView {
    let editing = use_editing();
    let lang = use_lang();
    let map = Memo::new(move |_| editing.scenario.with(layout));
    let drawing = move || {
        let map = map.get();
        let lang_now = lang.0.get();
        let edges = map
            .edges
            .iter()
            .map(|e| {
                let label = e.label.get(lang_now).to_string();
                let width = (label.chars().count() as f64 * 6.4).min(220.0) + 8.0;
                view! {
                    <g class="map-edge" class:back=e.back aria-hidden="true">
                        <path d=e.path.clone() marker-end="url(#map-arrow)"></path>
                        <rect x=e.label_x - width / 2.0 y=e.label_y - 9.0 width=width height="16" rx="3"></rect>
                        <text x=e.label_x y=e.label_y + 3.0 text-anchor="middle">{label}</text>
                    </g>
                }
            })
            .collect_view();
        let nodes = map
            .nodes
            .iter()
            .enumerate()
            .map(|(k, n)| {
                let (kind_word, class) = match n.kind {
                    NodeKind::Turn => (lang.tr("轮次", "Turn"), "turn"),
                    NodeKind::Ending(EndingKind::Resolved) => (lang.tr("结局：解决", "Ending: resolved"), "map-ending resolved"),
                    NodeKind::Ending(EndingKind::Escalated) => (lang.tr("结局：升级", "Ending: escalated"), "map-ending escalated"),
                    NodeKind::Ending(EndingKind::Left) => (lang.tr("结局：顾客走了", "Ending: customer left"), "map-ending left"),
                };
                let mut marks = vec![kind_word];
                if n.start {
                    marks.push(lang.tr("开场", "first turn"));
                }
                if n.unreachable {
                    marks.push(lang.tr("⚠ 走不到", "⚠ unreachable"));
                }
                if n.dead_end {
                    marks.push(lang.tr("⚠ 死胡同", "⚠ dead end"));
                }
                let leads: Vec<String> = map
                    .edges
                    .iter()
                    .filter(|e| e.from == n.id)
                    .map(|e| format!("{} → {}", e.label.get(lang_now), e.to))
                    .collect();
                let summary = n.summary.get(lang_now).to_string();
                // Named by its visible words (axe: the name must contain
                // them as they read); where it leads is its description.
                let desc_id = format!("map-node-{k}-leads");
                let described = desc_id.clone();
                let description = if leads.is_empty() {
                    String::new()
                } else {
                    format!("{} {}", lang.tr("去向：", "Leads to:"), leads.join("; "))
                };
                let selection = match n.kind {
                    NodeKind::Turn => Selection::Turn(n.id.clone()),
                    NodeKind::Ending(_) => Selection::Ending(n.id.clone()),
                };
                let is_selected = {
                    let selection = selection.clone();
                    move || editing.selected.get() == selection
                };
                let open = {
                    let selection = selection.clone();
                    move || editing.selected.set(selection.clone())
                };
                let open_key = open.clone();
                // Outside the node: text inside it would count as its name.
                let desc = view! { <desc id=desc_id>{description}</desc> };
                let title = n.id.clone();
                let mark_line = marks.join(" · ");
                view! {
                    {desc}
                    <g class=format!("map-node {class}") class:unreachable=n.unreachable class:dead-end=n.dead_end
                        class:selected=is_selected.clone()
                        role="button" tabindex="0" aria-describedby=described
                        aria-current=move || is_selected().then_some("true")
                        data-node=n.id.clone()
                        on:click=move |_| open()
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                open_key();
                            }
                        }>
                        <rect x=n.x y=n.y width=NODE_WIDTH height=NODE_HEIGHT rx="8"></rect>
                        <text x=n.x + 8.0 y=n.y + 18.0 class="node-id">{title}" "</text>
                        <text x=n.x + 8.0 y=n.y + 34.0 class="node-summary">{summary}" "</text>
                        <text x=n.x + 8.0 y=n.y + 49.0 class="node-marks">{mark_line}</text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg class="conversation-map" role="group" aria-labelledby="map-title"
                width=map.width height=map.height viewBox=format!("0 0 {:.0} {:.0}", map.width, map.height)>
                <defs>
                    <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z"></path>
                    </marker>
                </defs>
                {edges}
                {nodes}
            </svg>
        }
    };
    view! {
        <section class="map-panel" aria-labelledby="map-title">
            <h2 id="map-title">{move || lang.tr("对话地图", "Conversation map")}</h2>
            <p class="hint">{move || lang.tr("点击（或用 Tab 选中后按回车）打开一个轮次或结局。虚线框：从开场走不到；红框：走不到任何结局。", "Click a node (or Tab to it and press Enter) to open it. Dashed: unreachable from the start; red: no way on to an ending.")}</p>
            <div class="map-scroll">{drawing}</div>
        </section>
    }
}
