use leptos::prelude::*;

use crate::scorer::{Competency, Scores};
use crate::ui::use_lang;

/// Each competency's line gets its own dash pattern and marker as well as its colour.
const STYLES: [(&str, &str); 4] = [("", "●"), ("6 3", "■"), ("2 3", "▲"), ("10 4 2 4", "◆")];

/// Per-competency scores over a trainee's sessions, oldest first, as an SVG line chart.
#[component]
pub fn TrendChart(
    /// One score set per finished session, oldest first.
    points: Vec<Scores>,
) -> impl IntoView {
    let lang = use_lang();
    const WIDTH: f64 = 560.0;
    const HEIGHT: f64 = 220.0;
    const LEFT: f64 = 34.0;
    const BOTTOM: f64 = 24.0;
    let n = points.len().max(2);
    let x = move |i: usize| LEFT + (WIDTH - LEFT - 10.0) * i as f64 / (n - 1) as f64;
    let y = |v: u8| 8.0 + (HEIGHT - BOTTOM - 8.0) * (1.0 - v as f64 / 100.0);
    let lines = Competency::FOUR
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let c = *c;
            let coords: Vec<(f64, f64)> = points.iter().enumerate().map(|(i, s)| (x(i), y(s.get(c)))).collect();
            let path = coords.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect::<Vec<_>>().join(" ");
            let (dash, _) = STYLES[k];
            view! {
                <g class=format!("trend trend-{}", c.id())>
                    <polyline points=path fill="none" stroke-dasharray=dash/>
                    {coords.into_iter().map(|(a, b)| view! { <circle cx=a cy=b r="3.5"/> }).collect_view()}
                </g>
            }
        })
        .collect_view();
    let label = move || {
        let lang_now = lang.0.get();
        let last = points.last().copied().unwrap_or_default();
        let first = points.first().copied().unwrap_or_default();
        let parts: Vec<String> = Competency::FOUR
            .iter()
            .map(|c| {
                format!(
                    "{} {}→{}",
                    c.name().get(lang_now),
                    first.get(*c),
                    last.get(*c)
                )
            })
            .collect();
        format!(
            "{} ({}): {}",
            lang.tr("能力趋势", "Competency trend"),
            lang.tr("第一次→最近一次", "first → latest"),
            parts.join(", ")
        )
    };
    view! {
        <figure class="trend-figure">
            <svg class="trend-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label>
                {[0u8, 50, 100].map(|v| view! {
                    <g class="trend-grid">
                        <line x1=LEFT x2=WIDTH - 10.0 y1=y(v) y2=y(v)/>
                        <text x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end">{v}</text>
                    </g>
                })}
                {lines}
            </svg>
            <figcaption class="trend-legend">
                {Competency::FOUR
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        let c = *c;
                        view! { <span class=format!("legend legend-{}", c.id())>{STYLES[k].1} " " {move || lang.text(&c.name())}</span> }
                    })
                    .collect_view()}
            </figcaption>
        </figure>
    }
}
