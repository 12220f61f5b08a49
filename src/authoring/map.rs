//! The conversation map as data: turns and endings as nodes, transitions as
//! edges labelled with their conditions, and a deterministic layered layout
//! (every position computed here; the editor only draws the SVG).
//!
//! Layers: a turn's layer is its distance from the first turn (breadth
//! first, transitions in order); turns no path reaches sit in a row of their
//! own below, marked unreachable; endings share the last row. Within a row,
//! nodes are ordered by the average position of the nodes leading to them
//! (one pass, stable), so arrows cross less. A turn from which no path leads
//! to an ending is marked as a dead end.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::i18n::Text;
use crate::scenario::{EndingKind, Scenario};

use super::form::describe;

pub const NODE_WIDTH: f64 = 196.0;
pub const NODE_HEIGHT: f64 = 56.0;
const GAP_X: f64 = 48.0;
const GAP_Y: f64 = 84.0;
const MARGIN: f64 = 24.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Turn,
    Ending(EndingKind),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    /// The first turn, where the conversation starts.
    pub start: bool,
    /// The opening words of the customer's (first) line, or the ending's title.
    pub summary: Text,
    pub layer: usize,
    /// Top-left corner.
    pub x: f64,
    pub y: f64,
    /// No path from the start reaches it.
    pub unreachable: bool,
    /// A turn from which no path reaches an ending.
    pub dead_end: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// The transition's place in its turn's `next` (order decides).
    pub index: usize,
    /// The condition in words.
    pub label: Text,
    /// The SVG path (`d`) of the arrow.
    pub path: String,
    /// Where the label goes (its centre).
    pub label_x: f64,
    pub label_y: f64,
    /// It leads back up (to the same or an earlier row).
    pub back: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConversationMap {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

impl ConversationMap {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// The first `n` characters of a text, with "…" if cut.
fn opening(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// Lay the scenario out.
pub fn layout(scenario: &Scenario) -> ConversationMap {
    let exists = |id: &str| scenario.target(id).is_some();
    // Edges that lead somewhere (a transition to a missing name is the
    // validator's to report, beside the field).
    let successors = |id: &str| -> Vec<&str> {
        scenario
            .turn(id)
            .map(|t| {
                t.next
                    .iter()
                    .map(|n| n.to.as_str())
                    .filter(|to| exists(to))
                    .collect()
            })
            .unwrap_or_default()
    };

    // Layers from the start, breadth first.
    let mut layer: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    if let Some(first) = scenario.turns.first() {
        let mut queue = VecDeque::from([(first.id.as_str(), 0usize)]);
        layer.insert(&first.id, 0);
        order.push(&first.id);
        while let Some((id, depth)) = queue.pop_front() {
            for to in successors(id) {
                if !layer.contains_key(to) {
                    layer.insert(to, depth + 1);
                    order.push(to);
                    if scenario.turn(to).is_some() {
                        queue.push_back((to, depth + 1));
                    }
                }
            }
        }
    }
    let reachable: BTreeSet<&str> = layer.keys().copied().collect();

    // Which turns can reach an ending (backwards from the endings).
    let mut leads_out: BTreeSet<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();
    loop {
        let before = leads_out.len();
        for turn in &scenario.turns {
            if successors(&turn.id).iter().any(|to| leads_out.contains(to)) {
                leads_out.insert(&turn.id);
            }
        }
        if leads_out.len() == before {
            break;
        }
    }

    // Rows: reachable turns by depth, then unreachable turns, then endings.
    let deepest = scenario
        .turns
        .iter()
        .filter_map(|t| layer.get(t.id.as_str()))
        .max()
        .copied()
        .unwrap_or(0);
    let unreachable_turns: Vec<&str> = scenario
        .turns
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| !reachable.contains(id))
        .collect();
    let ending_row = deepest + 1 + usize::from(!unreachable_turns.is_empty());
    let mut rows: Vec<Vec<&str>> = vec![Vec::new(); ending_row + 1];
    for id in &order {
        if scenario.turn(id).is_some() {
            rows[layer[id]].push(id);
        }
    }
    for id in &unreachable_turns {
        rows[deepest + 1].push(id);
    }
    for ending in &scenario.endings {
        rows[ending_row].push(&ending.id);
    }

    // Order each row by where its predecessors stand (one stable pass).
    let mut position: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, row) in rows.iter_mut().enumerate() {
        if r > 0 {
            let key = |id: &str| -> f64 {
                let from: Vec<f64> = scenario
                    .turns
                    .iter()
                    .filter(|t| successors(&t.id).contains(&id))
                    .filter_map(|t| position.get(t.id.as_str()).copied())
                    .collect();
                if from.is_empty() {
                    f64::MAX
                } else {
                    from.iter().sum::<f64>() / from.len() as f64
                }
            };
            let keys: BTreeMap<&str, f64> = row.iter().map(|id| (*id, key(id))).collect();
            row.sort_by(|a, b| keys[a].total_cmp(&keys[b]));
        }
        let count = row.len() as f64;
        for (i, id) in row.iter().enumerate() {
            position.insert(id, i as f64 - (count - 1.0) / 2.0);
        }
    }

    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let width = MARGIN * 2.0 + widest * NODE_WIDTH + (widest - 1.0) * GAP_X;
    let rows_used = rows.len() as f64;
    let height = MARGIN * 2.0 + rows_used * NODE_HEIGHT + (rows_used - 1.0) * GAP_Y;
    let centre = width / 2.0;

    let mut nodes = Vec::new();
    let mut place: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for id in row {
            let x = centre + position[id] * (NODE_WIDTH + GAP_X) - NODE_WIDTH / 2.0;
            let y = MARGIN + r as f64 * (NODE_HEIGHT + GAP_Y);
            place.insert(id, (x, y, r));
        }
    }
    for (t, turn) in scenario.turns.iter().enumerate() {
        let (x, y, r) = place[turn.id.as_str()];
        let line = turn.line.first().cloned().unwrap_or_default();
        nodes.push(Node {
            id: turn.id.clone(),
            kind: NodeKind::Turn,
            start: t == 0,
            summary: Text::new(opening(&line.zh, 12), opening(&line.en, 22)),
            layer: r,
            x,
            y,
            unreachable: !reachable.contains(turn.id.as_str()),
            dead_end: !leads_out.contains(turn.id.as_str()),
        });
    }
    for ending in &scenario.endings {
        let (x, y, r) = place[ending.id.as_str()];
        nodes.push(Node {
            id: ending.id.clone(),
            kind: NodeKind::Ending(ending.kind),
            start: false,
            summary: Text::new(opening(&ending.title.zh, 12), opening(&ending.title.en, 22)),
            layer: r,
            x,
            y,
            unreachable: !reachable.contains(ending.id.as_str()),
            dead_end: false,
        });
    }

    let mut edges = Vec::new();
    for turn in &scenario.turns {
        let (fx, fy, fr) = place[turn.id.as_str()];
        for (index, transition) in turn.next.iter().enumerate() {
            let Some(&(tx, ty, tr)) = place.get(transition.to.as_str()) else {
                continue;
            };
            // Several arrows from one turn fan out along its bottom edge, in
            // the order of their targets from left to right (fewer crossings).
            let spread = turn.next.len() as f64;
            let rank = turn
                .next
                .iter()
                .enumerate()
                .filter(|(j, other)| {
                    let x = place.get(other.to.as_str()).map_or(f64::MAX, |p| p.0);
                    x < tx || (x == tx && *j < index)
                })
                .count();
            let sx = fx + NODE_WIDTH * (rank as f64 + 1.0) / (spread + 1.0);
            let back = tr <= fr;
            let (path, lx, ly) = if back {
                // Out of the right side, round, and into the target's right side.
                let sy = fy + NODE_HEIGHT / 2.0;
                let ex = tx + NODE_WIDTH;
                let ey = ty + NODE_HEIGHT / 2.0 + 8.0;
                let bulge = fx.max(tx) + NODE_WIDTH + GAP_X * 0.6 + index as f64 * 10.0;
                (
                    format!(
                        "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
                        fx + NODE_WIDTH,
                        sy,
                        bulge,
                        sy,
                        bulge,
                        ey,
                        ex,
                        ey
                    ),
                    bulge,
                    (sy + ey) / 2.0,
                )
            } else {
                let sy = fy + NODE_HEIGHT;
                let ex = tx + NODE_WIDTH / 2.0;
                let ey = ty;
                let mid = (sy + ey) / 2.0;
                (
                    format!(
                        "M {sx:.1} {sy:.1} C {sx:.1} {mid:.1}, {ex:.1} {mid:.1}, {ex:.1} {ey:.1}"
                    ),
                    (sx + ex) / 2.0,
                    sy + (ey - sy) * (0.3 + 0.12 * (index % 3) as f64),
                )
            };
            let words = describe(transition.when.as_ref());
            edges.push(Edge {
                from: turn.id.clone(),
                to: transition.to.clone(),
                index,
                label: Text::new(
                    format!("{}. {}", index + 1, words.zh),
                    format!("{}. {}", index + 1, words.en),
                ),
                path,
                label_x: lx,
                label_y: ly,
                back,
            });
        }
    }
    let right = edges
        .iter()
        .filter(|e| e.back)
        .map(|e| e.label_x + GAP_X)
        .fold(width, f64::max);
    ConversationMap {
        nodes,
        edges,
        width: right,
        height,
    }
}
