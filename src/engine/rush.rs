//! Rush hour: two or three customers from different scenarios at once, each
//! waiting while the trainee serves another (01 多任务处理; 02 §3.11, §5.2).
//! Runs on the same engine: every desk is an ordinary [`Conversation`]. What
//! rush hour adds is time: how long each customer has waited when answered
//! (a long wait makes the reply late, which costs patience and moves the
//! mood), telling a waiting customer you are busy (buys one more wait), and a
//! customer forgotten too long leaving. All of it is recorded on a timeline
//! for the debrief. Time is passed in (milliseconds), so the logic is tested
//! natively without a clock.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::scorer::Scorer;

use super::Conversation;

/// The timing rules, from `rules/rush.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RushRules {
    pub late_after_seconds: u32,
    pub leave_after_seconds: u32,
    pub busy_extends_seconds: u32,
    pub arrival_gap_seconds: u32,
    pub busy_phrases: Vec<String>,
}

impl RushRules {
    pub fn builtin() -> &'static RushRules {
        static RULES: std::sync::OnceLock<RushRules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            serde_json::from_str(include_str!("../../rules/rush.json"))
                .expect("rules/rush.json is tested")
        })
    }

    /// The reply tells the customer they are being kept waiting, and why or
    /// for how long ("请稍等，我同时在接待几位顾客" / "bear with me").
    pub fn is_busy_notice(&self, reply: &str) -> bool {
        let text = crate::text::normalize(reply).to_lowercase();
        self.busy_phrases
            .iter()
            .any(|p| text.contains(&crate::text::normalize(p).to_lowercase()))
    }
}

/// One customer at the counter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    pub conversation: Conversation,
    /// When this customer arrives (ms since the rush began).
    pub arrives_ms: f64,
    /// Since when the customer has been waiting for a reply, if they are.
    pub waiting_since_ms: Option<f64>,
    /// The trainee told them, during the current wait, that they are busy.
    pub told_busy: bool,
    /// They gave up waiting and left.
    pub left: bool,
}

impl Desk {
    /// Still in play: arrived, not finished, not gone.
    pub fn active(&self, now_ms: f64) -> bool {
        now_ms >= self.arrives_ms && !self.conversation.over && !self.left
    }

    /// Waiting for the trainee now, and for how long.
    pub fn waited_ms(&self, now_ms: f64) -> Option<f64> {
        if !self.active(now_ms) {
            return None;
        }
        self.waiting_since_ms.map(|since| (now_ms - since).max(0.0))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    Arrived,
    /// The trainee replied after the customer had waited this long.
    Replied {
        waited_ms: f64,
        late: bool,
    },
    /// The reply told the customer the trainee is busy.
    ToldBusy,
    /// Forgotten too long: the customer left.
    Left {
        waited_ms: f64,
    },
    /// The conversation reached an ending.
    Ended {
        ending: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at_ms: f64,
    pub desk: usize,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Several conversations at once, with their timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RushHour {
    pub desks: Vec<Desk>,
    pub events: Vec<Event>,
}

impl RushHour {
    /// The customers arrive one after another, `arrival_gap_seconds` apart;
    /// each starts waiting when they arrive.
    pub fn start(scenarios: &[&Scenario], seed: u64) -> RushHour {
        let gap = f64::from(RushRules::builtin().arrival_gap_seconds) * 1000.0;
        let desks = scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let arrives_ms = gap * i as f64;
                Desk {
                    conversation: Conversation::start(s, seed.wrapping_add(i as u64)),
                    arrives_ms,
                    waiting_since_ms: Some(arrives_ms),
                    told_busy: false,
                    left: false,
                }
            })
            .collect();
        let mut rush = RushHour {
            desks,
            events: Vec::new(),
        };
        rush.tick(0.0);
        rush
    }

    /// Move time on: arrivals, and customers who gave up. Returns the desks
    /// whose customer left at this tick.
    pub fn tick(&mut self, now_ms: f64) -> Vec<usize> {
        let rules = RushRules::builtin();
        let mut left = Vec::new();
        for (i, desk) in self.desks.iter_mut().enumerate() {
            let arrived = self
                .events
                .iter()
                .any(|e| e.desk == i && e.kind == EventKind::Arrived);
            if !arrived && now_ms >= desk.arrives_ms {
                self.events.push(Event {
                    at_ms: desk.arrives_ms,
                    desk: i,
                    kind: EventKind::Arrived,
                });
            }
            let Some(waited) = desk.waited_ms(now_ms) else {
                continue;
            };
            let mut patience = f64::from(rules.leave_after_seconds) * 1000.0;
            if desk.told_busy {
                patience += f64::from(rules.busy_extends_seconds) * 1000.0;
            }
            if waited >= patience {
                desk.left = true;
                self.events.push(Event {
                    at_ms: now_ms,
                    desk: i,
                    kind: EventKind::Left { waited_ms: waited },
                });
                left.push(i);
            }
        }
        left
    }

    /// The trainee answers desk `desk`. A reply after a long wait is late
    /// (the scorer's slow-reply finding, and the mood reacts) unless the
    /// trainee had told the customer they were busy in time.
    pub fn reply(
        &mut self,
        desk: usize,
        scenario: &Scenario,
        scorer: &Scorer,
        text: &str,
        now_ms: f64,
    ) -> bool {
        self.tick(now_ms);
        let rules = RushRules::builtin();
        let Some(d) = self.desks.get_mut(desk) else {
            return false;
        };
        let Some(waited) = d.waited_ms(now_ms) else {
            return false;
        };
        let late = waited > f64::from(rules.late_after_seconds) * 1000.0 && !d.told_busy;
        if d.conversation
            .respond(scenario, scorer, text, None, late)
            .is_none()
        {
            return false;
        }
        self.events.push(Event {
            at_ms: now_ms,
            desk,
            kind: EventKind::Replied {
                waited_ms: waited,
                late,
            },
        });
        let busy = rules.is_busy_notice(text);
        if busy {
            self.events.push(Event {
                at_ms: now_ms,
                desk,
                kind: EventKind::ToldBusy,
            });
        }
        if d.conversation.over {
            d.waiting_since_ms = None;
            let ending = d.conversation.at.clone();
            self.events.push(Event {
                at_ms: now_ms,
                desk,
                kind: EventKind::Ended { ending },
            });
        } else {
            // The customer answers at once and waits again; a busy notice
            // covers this next wait only.
            d.waiting_since_ms = Some(now_ms);
            d.told_busy = busy;
        }
        true
    }

    /// Every desk is finished or gone.
    pub fn over(&self) -> bool {
        self.desks.iter().all(|d| d.conversation.over || d.left)
    }

    /// How many customers left because they were forgotten.
    pub fn left(&self) -> usize {
        self.desks.iter().filter(|d| d.left).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::builtin;

    fn three() -> Vec<&'static Scenario> {
        let library = builtin();
        [
            "angry-late-cake",
            "bargain-free-shipping",
            "chatter-retiree",
        ]
        .iter()
        .map(|id| library.get(id).expect("built-in"))
        .collect()
    }

    #[test]
    fn customers_arrive_one_after_another_and_a_forgotten_one_leaves() {
        let scenarios = three();
        let rules = RushRules::builtin();
        let gap = f64::from(rules.arrival_gap_seconds) * 1000.0;
        let mut rush = RushHour::start(&scenarios, 1);
        assert!(rush.desks[0].active(0.0) && !rush.desks[1].active(0.0));
        // Serve the first customer promptly, again and again; never the others.
        let mut now = 0.0;
        let reply = "非常抱歉让您久等了，我马上联系骑手，10分钟内给您回复。";
        while !rush.desks[0].conversation.over && now < 400_000.0 {
            now += 10_000.0;
            rush.reply(0, scenarios[0], Scorer::builtin(), reply, now);
        }
        now += f64::from(rules.leave_after_seconds) * 1000.0;
        let gone = rush.tick(now);
        assert!(gone.contains(&1) && gone.contains(&2), "{gone:?}");
        assert_eq!(rush.left(), 2);
        assert!(rush.over());
        assert!(rush
            .events
            .iter()
            .any(|e| e.desk == 1 && matches!(e.kind, EventKind::Left { .. })));
        assert!(rush
            .events
            .iter()
            .any(|e| e.desk == 2 && e.kind == EventKind::Arrived && e.at_ms == 2.0 * gap));
        // Left customers cannot be answered any more.
        assert!(!rush.reply(1, scenarios[1], Scorer::builtin(), "您好", now + 1.0));
    }

    #[test]
    fn a_long_wait_makes_the_reply_late_unless_the_customer_was_told() {
        let scenarios = three();
        let rules = RushRules::builtin();
        let late_ms = f64::from(rules.late_after_seconds) * 1000.0;
        let mut rush = RushHour::start(&scenarios, 1);
        let reply = "您好，运费的事我来帮您看看，您买的是哪一件？";
        assert!(rush.reply(
            1,
            scenarios[1],
            Scorer::builtin(),
            reply,
            20_000.0 + late_ms + 5_000.0
        ));
        let exchange = rush.desks[1].conversation.exchanges.last().unwrap();
        assert!(
            exchange.late && exchange.assessment.has_rule("slow_reply"),
            "{:?}",
            exchange
                .assessment
                .findings
                .iter()
                .map(|f| &f.rule)
                .collect::<Vec<_>>()
        );

        // Told "please wait, I'm serving another customer" → the next long wait is not late…
        let mut rush = RushHour::start(&scenarios, 1);
        let busy = "您好，我这边同时在接待几位顾客，请稍等一下，马上回复您。";
        assert!(rules.is_busy_notice(busy));
        assert!(rush.reply(0, scenarios[0], Scorer::builtin(), busy, 1_000.0));
        assert!(rush.events.iter().any(|e| e.kind == EventKind::ToldBusy));
        assert!(rush.reply(
            0,
            scenarios[0],
            Scorer::builtin(),
            "非常抱歉，蛋糕的事我查到了，骑手10分钟内到。",
            1_000.0 + late_ms + 5_000.0
        ));
        assert!(!rush.desks[0].conversation.exchanges.last().unwrap().late);
        // …and the customer waits longer before leaving.
        let patience = f64::from(rules.leave_after_seconds) * 1000.0;
        let mut rush = RushHour::start(&scenarios, 1);
        rush.reply(0, scenarios[0], Scorer::builtin(), busy, 1_000.0);
        assert!(
            rush.tick(1_000.0 + patience + 1.0).iter().all(|d| *d != 0),
            "the told customer still waits"
        );
    }

    #[test]
    fn english_busy_notices_count_too() {
        let rules = RushRules::builtin();
        assert!(rules.is_busy_notice(
            "Sorry to keep you waiting, I'm helping another customer, be right with you."
        ));
        assert!(!rules.is_busy_notice("Your parcel left the warehouse this morning."));
    }
}
