use leptos::prelude::*;

use crate::ui::components::guideline_viewer::SectionLinks;

use crate::scorer::{Competency, Finding};
use crate::ui::use_lang;

/// A finding's rule and span, with every competency it moved.
struct Grouped<'a> {
    first: &'a Finding,
    points: Vec<(Competency, i32)>,
}

fn group(findings: &[Finding]) -> Vec<Grouped<'_>> {
    let mut groups: Vec<Grouped> = Vec::new();
    for finding in findings {
        match groups
            .iter_mut()
            .find(|g| g.first.rule == finding.rule && g.first.span == finding.span)
        {
            Some(group) => group.points.push((finding.competency, finding.points)),
            None => groups.push(Grouped {
                first: finding,
                points: vec![(finding.competency, finding.points)],
            }),
        }
    }
    groups
}

pub fn signed(points: i32) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        format!("−{}", -points)
    }
}

/// The reply with each finding's span marked: gains underlined, losses
/// wavy-underlined and tinted (shape as well as colour), each with its message.
#[component]
pub fn HighlightedText(
    /// The text the spans index into (by character).
    text: String,
    /// Findings; those with a span are marked.
    findings: Vec<Finding>,
) -> impl IntoView {
    let lang = use_lang();
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, i32, Finding)> = findings
        .iter()
        .filter_map(|f| {
            f.span
                .map(|[s, e]| (s.min(chars.len()), e.min(chars.len()), f.points, f.clone()))
        })
        .filter(|(s, e, _, _)| s < e)
        .collect();
    spans.sort_by_key(|(s, e, p, _)| (*s, std::cmp::Reverse(*e), *p));
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, points, finding) in spans {
        if start < at {
            continue;
        }
        if start > at {
            pieces.push(chars[at..start].iter().collect::<String>().into_any());
        }
        let body: String = chars[start..end].iter().collect();
        let class = if points < 0 { "mark-loss" } else { "mark-gain" };
        let title = move || {
            format!(
                "{} {} ({})",
                signed(points),
                finding.message.get(lang.0.get()),
                finding.section
            )
        };
        pieces.push(view! { <mark class=class title=title>{body}</mark> }.into_any());
        at = end;
    }
    if at < chars.len() {
        pieces.push(chars[at..].iter().collect::<String>().into_any());
    }
    view! { <span class="highlighted">{pieces}</span> }
}

/// Every finding, explained: points per competency, what was found, the
/// guideline section, and a better phrasing where there is one.
#[component]
pub fn FindingList(
    /// The reply the spans refer to (to quote the marked words).
    reply: String,
    /// The findings to explain.
    findings: Vec<Finding>,
) -> impl IntoView {
    let lang = use_lang();
    let chars: Vec<char> = reply.chars().collect();
    let groups = group(&findings);
    let items = groups
        .into_iter()
        .filter(|g| g.points.iter().any(|(_, p)| *p != 0))
        .map(|g| {
            let loss = g.points.iter().map(|(_, p)| p).sum::<i32>() < 0;
            let quote: Option<String> = g
                .first
                .span
                .map(|[s, e]| chars[s.min(chars.len())..e.min(chars.len())].iter().collect());
            let message = g.first.message.clone();
            let suggestion = g.first.suggestion.clone().filter(|_| loss);
            let section = g.first.section.clone();
            let rule = g.first.rule.clone();
            let points = g.points.clone();
            view! {
                <li class="finding" class:loss=loss class:gain=!loss data-rule=rule>
                    <span class="finding-points">
                        {move || {
                            points
                                .iter()
                                .map(|(c, p)| format!("{} {}", signed(*p), c.name().get(lang.0.get())))
                                .collect::<Vec<_>>()
                                .join(" · ")
                        }}
                    </span>
                    {quote.map(|q| view! { <q class="finding-quote">{q}</q> })}
                    <span class="finding-message">{move || message.get(lang.0.get()).to_string()}</span>
                    <SectionLinks citation=section/>
                    {suggestion.map(|s| {
                        view! {
                            <span class="finding-suggestion">
                                {move || lang.tr("试试：", "Try: ")} {move || s.get(lang.0.get()).to_string()}
                            </span>
                        }
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="findings">{items}</ul> }
}
