//! New scenarios for My scenarios: a blank one that already passes the
//! validator (so it can be played and edited at once), and a copy of an
//! existing one under a fresh id.

use crate::i18n::Text;
use crate::scenario::{
    Archetype, Channel, Ending, EndingKind, ModelReply, Mood, Persona, Quality, ReplyOption,
    Scenario, Transition, Turn,
};

/// The first id `base`, `base-2`, `base-3`… that `taken` does not hold.
pub fn free_id(base: &str, taken: &dyn Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

fn option(zh: &str, en: &str, quality: Quality) -> ReplyOption {
    ReplyOption {
        text: Text::new(zh, en),
        quality,
        note: None,
    }
}

/// A minimal scenario that passes the validator: one customer turn with
/// three options and a model reply, one ending. The trainer replaces the
/// words; the structure is already right.
pub fn blank(id: &str) -> Scenario {
    Scenario {
        schema: None,
        id: id.to_string(),
        archetype: Archetype::Angry,
        difficulty: 1,
        channel: Channel::Chat,
        title: Text::new("新场景", "New scenario"),
        brief: Text::new("顾客的订单晚到了。", "The customer's order arrived late."),
        goals: vec![Text::new("先回应顾客的情绪", "Acknowledge the customer's feelings first")],
        persona: Persona {
            name: Text::new("顾客", "Customer"),
            description: Text::new("一位等了很久的顾客。", "A customer who has waited a long time."),
        },
        mood: Mood { anger: 50, trust: 50 },
        reply_seconds: None,
        turns: vec![Turn {
            id: "start".into(),
            line: vec![Text::new(
                "我的订单怎么还没到？",
                "Why hasn't my order arrived yet?",
            )],
            fallback: None,
            presumes: Vec::new(),
            unanswered: None,
            cue: None,
            expect: Vec::new(),
            options: vec![
                option(
                    "让您久等了，非常抱歉。我马上帮您查一下订单，十分钟内给您答复。",
                    "I'm sorry you've had to wait. I'll check your order now and get back to you within ten minutes.",
                    Quality::Good,
                ),
                option(
                    "物流的事我们也没办法，您再等等吧。",
                    "There's nothing we can do about delivery, just wait a bit longer.",
                    Quality::Tempting,
                ),
                option("催也没用。", "Chasing us won't help.", Quality::Bad),
            ],
            model: vec![ModelReply {
                text: Text::new(
                    "让您久等了，非常抱歉。我马上帮您查一下订单，十分钟内给您答复。",
                    "I'm sorry you've had to wait. I'll check your order now and get back to you within ten minutes.",
                ),
                note: Text::new("先致歉，再给出具体的下一步和时间。", "Apologise, then give a concrete next step and a time."),
                section: "02 §3.5".into(),
            }],
            next: vec![Transition {
                when: None,
                to: "done".into(),
            }],
        }],
        endings: vec![Ending {
            id: "done".into(),
            kind: EndingKind::Resolved,
            escalation: None,
            title: Text::new("顾客愿意等待", "The customer agrees to wait"),
            line: Text::new("好吧，那我等你消息。", "All right, I'll wait to hear from you."),
            presumes: Vec::new(),
            debrief: Text::new(
                "致歉并给出具体的时间，顾客就愿意再等一等。",
                "An apology with a concrete time makes the customer willing to wait.",
            ),
        }],
    }
}

/// A copy of `original` under a fresh id (`<id>-copy`, `-copy-2`…), its
/// title marked as a copy, ready to adapt.
pub fn duplicate(original: &Scenario, taken: &dyn Fn(&str) -> bool) -> Scenario {
    let mut copy = original.clone();
    copy.schema = None;
    copy.id = free_id(&format!("{}-copy", original.id), taken);
    copy.title = Text::new(
        format!("{}（副本）", original.title.zh),
        format!("{} (copy)", original.title.en),
    );
    copy
}
