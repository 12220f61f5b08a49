use leptos::prelude::*;

use crate::scorer::{Competency, Scores};
use crate::ui::use_lang;

/// A radar chart of the four competencies, drawn as SVG, with the numbers in
/// its accessible name (and as text beside each axis) so the chart is never
/// the only way to read them.
#[component]
pub fn RadarChart(
    /// The scores to draw (0–100 each).
    scores: Scores,
    /// Optional second set drawn underneath, e.g. the model replies' scores.
    #[prop(optional)]
    reference: Option<Scores>,
) -> impl IntoView {
    let lang = use_lang();
    const CENTRE: f64 = 150.0;
    const RADIUS: f64 = 100.0;
    // Axes clockwise from the top.
    let point = |index: usize, value: f64| -> (f64, f64) {
        let angle = -std::f64::consts::FRAC_PI_2 + index as f64 * std::f64::consts::FRAC_PI_2;
        let r = RADIUS * value / 100.0;
        (CENTRE + r * angle.cos(), CENTRE + r * angle.sin())
    };
    let polygon = move |scores: &Scores| -> String {
        Competency::FOUR
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (x, y) = point(i, scores.get(*c) as f64);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rings = [25.0, 50.0, 75.0, 100.0].map(|v| {
        (0..4)
            .map(|i| {
                let (x, y) = point(i, v);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    let label = move || {
        let lang_now = lang.0.get();
        let parts: Vec<String> = Competency::FOUR
            .iter()
            .map(|c| format!("{} {}", c.name().get(lang_now), scores.get(*c)))
            .collect();
        format!(
            "{}: {}",
            lang.tr("能力雷达图", "Competency radar"),
            parts.join(", ")
        )
    };
    let shape = polygon(&scores);
    let reference_shape = reference.as_ref().map(polygon);
    view! {
        <svg class="radar" viewBox="-70 0 440 300" role="img" aria-label=label>
            {rings.into_iter().map(|points| view! { <polygon class="radar-ring" points=points/> }).collect_view()}
            {(0..4)
                .map(|i| {
                    let (x, y) = point(i, 100.0);
                    view! { <line class="radar-axis" x1=CENTRE y1=CENTRE x2=x y2=y/> }
                })
                .collect_view()}
            {reference_shape.map(|points| view! { <polygon class="radar-reference" points=points/> })}
            <polygon class="radar-shape" points=shape/>
            {Competency::FOUR
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let c = *c;
                    let (x, y) = point(i, 122.0);
                    let anchor = match i {
                        1 => "start",
                        3 => "end",
                        _ => "middle",
                    };
                    let y = if i == 0 { y - 4.0 } else if i == 2 { y + 12.0 } else { y + 4.0 };
                    view! {
                        <text class="radar-label" x=x y=y text-anchor=anchor aria-hidden="true">
                            {move || format!("{} {}", c.name().get(lang.0.get()), scores.get(c))}
                        </text>
                    }
                })
                .collect_view()}
        </svg>
    }
}
