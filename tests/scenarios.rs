//! The built-in library: every file valid, and every scenario walked through
//! every combination of its authored reply options, in both languages.

use std::collections::{BTreeSet, HashSet};

use service_dojo::engine::Conversation;
use service_dojo::i18n::Lang;
use service_dojo::scenario::{builtin, Archetype, EndingKind, Quality, Scenario};
use service_dojo::scorer::{ScoreRequest, Scorer};

const MAX_REPLIES: usize = 20;

#[test]
fn every_built_in_scenario_is_valid() {
    let library = builtin();
    let problems: Vec<String> = library.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "broken built-in scenarios:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_library_covers_the_archetypes() {
    let library = builtin();
    assert!(
        library.scenarios.len() >= 16,
        "{} scenarios",
        library.scenarios.len()
    );
    for archetype in [
        Archetype::Angry,
        Archetype::Bargainer,
        Archetype::Perfectionist,
        Archetype::Chatter,
    ] {
        let of_kind: Vec<&Scenario> = library
            .scenarios
            .iter()
            .filter(|s| s.archetype == archetype)
            .collect();
        assert!(of_kind.len() >= 3, "{archetype:?}: only {}", of_kind.len());
    }
    let others = [
        Archetype::Silent,
        Archetype::Suspicious,
        Archetype::Privacy,
        Archetype::Repeat,
        Archetype::AbusedShift,
    ];
    for archetype in others {
        assert!(
            library.scenarios.iter().any(|s| s.archetype == archetype),
            "no {archetype:?} scenario"
        );
    }
    assert!(library
        .scenarios
        .iter()
        .any(|s| s.archetype == Archetype::Angry
            && s.channel == service_dojo::scenario::Channel::Phone));
}

struct Walk<'a> {
    scenario: &'a Scenario,
    lang: Lang,
    seen: HashSet<(String, bool, u8, u8, usize)>,
    turns: BTreeSet<String>,
    endings: BTreeSet<String>,
    paths: usize,
    stuck: Vec<String>,
}

impl Walk<'_> {
    fn explore(&mut self, conversation: &Conversation) {
        if conversation.over {
            self.endings.insert(conversation.at.clone());
            self.paths += 1;
            return;
        }
        let step = conversation.exchanges.len();
        if step >= MAX_REPLIES {
            let route: Vec<&str> = conversation
                .exchanges
                .iter()
                .map(|e| e.turn.as_str())
                .collect();
            self.stuck.push(format!(
                "{} ({:?}): no ending after {MAX_REPLIES} replies: {route:?}",
                self.scenario.id, self.lang
            ));
            return;
        }
        let key = (
            conversation.at.clone(),
            conversation.repeat,
            conversation.mood.anger,
            conversation.mood.trust,
            step,
        );
        if !self.seen.insert(key) {
            return;
        }
        self.turns.insert(conversation.at.clone());
        let turn = conversation
            .turn(self.scenario)
            .expect("not over, so at a turn");
        for (index, option) in turn.options.iter().enumerate() {
            let mut next = conversation.clone();
            next.respond(
                self.scenario,
                Scorer::builtin(),
                option.text.get(self.lang),
                Some(index),
                false,
            );
            self.explore(&next);
        }
    }
}

#[test]
fn every_option_path_reaches_an_ending_and_every_turn_is_reachable() {
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for lang in [Lang::Zh, Lang::En] {
            let mut walk = Walk {
                scenario,
                lang,
                seen: HashSet::new(),
                turns: BTreeSet::new(),
                endings: BTreeSet::new(),
                paths: 0,
                stuck: Vec::new(),
            };
            walk.explore(&Conversation::start(scenario, 7));
            failures.extend(walk.stuck.iter().take(3).cloned());
            for turn in &scenario.turns {
                if !walk.turns.contains(&turn.id) {
                    failures.push(format!(
                        "{} ({lang:?}): turn \"{}\" is never reached by any option path",
                        scenario.id, turn.id
                    ));
                }
            }
            println!(
                "{:28} {lang:?}: {} turns reached, endings {:?}, {} paths",
                scenario.id,
                walk.turns.len(),
                walk.endings,
                walk.paths
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Follow one quality of option all the way (the first of that quality, or the best-scoring one).
fn play(scenario: &Scenario, lang: Lang, quality: Quality) -> Conversation {
    let mut conversation = Conversation::start(scenario, 11);
    while !conversation.over && conversation.exchanges.len() < MAX_REPLIES {
        let turn = conversation.turn(scenario).unwrap();
        let (index, option) = turn
            .options
            .iter()
            .enumerate()
            .find(|(_, o)| o.quality == quality)
            .or_else(|| turn.options.iter().enumerate().next())
            .unwrap();
        conversation.respond(
            scenario,
            Scorer::builtin(),
            option.text.get(lang),
            Some(index),
            false,
        );
    }
    conversation
}

#[test]
fn good_options_resolve_and_bad_options_do_not() {
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for lang in [Lang::Zh, Lang::En] {
            let good = play(scenario, lang, Quality::Good);
            match good.ending(scenario) {
                Some(ending) if ending.kind == EndingKind::Resolved => {}
                other => failures.push(format!(
                    "{} ({lang:?}): all-good ends in {:?}",
                    scenario.id,
                    other.map(|e| &e.id)
                )),
            }
            let main_path = good.exchanges.len();
            if main_path < 5 {
                failures.push(format!(
                    "{} ({lang:?}): main path has only {main_path} customer turns",
                    scenario.id
                ));
            }
            let bad = play(scenario, lang, Quality::Bad);
            if bad
                .ending(scenario)
                .is_some_and(|e| e.kind == EndingKind::Resolved)
            {
                failures.push(format!(
                    "{} ({lang:?}): all-bad still resolves",
                    scenario.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn good_options_outscore_bad_ones_at_every_turn() {
    let mut failures = Vec::new();
    let scorer = Scorer::builtin();
    for scenario in &builtin().scenarios {
        for turn in &scenario.turns {
            for lang in [Lang::Zh, Lang::En] {
                let line = service_dojo::engine::customer_context(turn);
                let score = |quality: Quality| -> Vec<u8> {
                    turn.options
                        .iter()
                        .filter(|o| o.quality == quality)
                        .map(|o| {
                            scorer
                                .score(&ScoreRequest {
                                    customer: &line,
                                    reply: o.text.get(lang),
                                    archetype: Some(scenario.archetype.id()),
                                    expectations: Some(&turn.expect),
                                    waited_too_long: false,
                                })
                                .overall
                        })
                        .collect()
                };
                let worst_good = score(Quality::Good).into_iter().min().unwrap_or(0);
                let best_bad = score(Quality::Bad).into_iter().max().unwrap_or(100);
                if worst_good <= best_bad {
                    failures.push(format!(
                        "{} /{} ({lang:?}): good option {worst_good} <= bad option {best_bad}",
                        scenario.id, turn.id
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn model_replies_outscore_the_bad_options() {
    let scorer = Scorer::builtin();
    let mut failures = Vec::new();
    for scenario in &builtin().scenarios {
        for turn in &scenario.turns {
            let customer = service_dojo::engine::customer_context(turn);
            for lang in [Lang::Zh, Lang::En] {
                let overall = |text: &str| {
                    scorer
                        .score(&ScoreRequest {
                            customer: &customer,
                            reply: text,
                            archetype: Some(scenario.archetype.id()),
                            expectations: Some(&turn.expect),
                            waited_too_long: false,
                        })
                        .overall
                };
                let best_bad = turn
                    .options
                    .iter()
                    .filter(|o| o.quality == Quality::Bad)
                    .map(|o| overall(o.text.get(lang)))
                    .max()
                    .unwrap_or(0);
                for model in &turn.model {
                    let score = overall(model.text.get(lang));
                    if score <= best_bad {
                        failures.push(format!(
                            "{} /{} ({lang:?}): model reply {score} <= bad option {best_bad}",
                            scenario.id, turn.id
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Typed replies: the customer reacts to what the trainee actually wrote.

use service_dojo::engine::{compose_debrief, fill, presumed};
use service_dojo::i18n::Text;
use service_dojo::scenario::load;
use service_dojo::scorer::ActType;

fn reactive() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reactive.json");
    load("reactive.json", &std::fs::read_to_string(path).unwrap()).unwrap()
}

fn reply_to(scenario: &Scenario, replies: &[&str]) -> Conversation {
    let mut conversation = Conversation::start(scenario, 3);
    for reply in replies {
        conversation.respond(scenario, Scorer::builtin(), reply, None, false);
    }
    conversation
}

fn said(conversation: &Conversation, scenario: &Scenario) -> Text {
    conversation.line(scenario).cloned().unwrap_or_default()
}

#[test]
fn a_promised_time_is_echoed_in_the_trainees_own_words() {
    let scenario = reactive();
    let zh = reply_to(&scenario, &["非常抱歉，我10分钟内给您回复具体送达时间。"]);
    assert_eq!(zh.at, "soon", "10 minutes is within 30");
    assert_eq!(said(&zh, &scenario).zh, "行，10分钟内是吧？我等着。");
    let en = reply_to(
        &scenario,
        &["I'll get back to you within 10 minutes with an exact time."],
    );
    assert_eq!(en.at, "soon");
    assert_eq!(
        said(&en, &scenario).en,
        "Right, within 10 minutes, you said? I'll wait."
    );
    // A longer time goes to another turn and is echoed there.
    let later = reply_to(
        &scenario,
        &["非常抱歉让您久等了，我查了一下，明天下午之前给您送到。"],
    );
    assert_eq!(later.at, "later", "tomorrow is more than 30 minutes");
    assert_eq!(said(&later, &scenario).zh, "“明天下午之前”？这也太久了吧！");
}

#[test]
fn different_remedies_at_the_same_turn_get_different_matching_lines() {
    let scenario = reactive();
    let refund = reply_to(&scenario, &["非常抱歉，我马上给您全额退款。"]);
    assert_eq!(refund.at, "refund");
    assert_eq!(
        said(&refund, &scenario).zh,
        "好，那就退款吧。钱什么时候能退回来？"
    );
    let half = reply_to(&scenario, &["给您退一半的款可以吗？"]);
    assert_eq!(half.at, "refund");
    assert_eq!(
        said(&half, &scenario).en,
        "Fine, a partial refund then. When do I get the money back?"
    );
    let asked = reply_to(&scenario, &["Could you send me your order number, please?"]);
    assert_eq!(asked.at, "asked");
    assert_eq!(
        said(&asked, &scenario).en,
        "The order number? I've sent it. Have you found it?"
    );
    // The transcript keeps what was said.
    let exchange = &refund.exchanges[0];
    assert_eq!(
        Conversation::line_of(&scenario, exchange).unwrap().zh,
        "我的包裹到底什么时候到？"
    );
}

#[test]
fn an_unanswered_question_comes_back_once_then_the_conversation_moves_on() {
    let scenario = reactive();
    let mut conversation = reply_to(&scenario, &["嗯，好的。"]);
    assert_eq!(
        conversation.at, "open",
        "the customer stays on the question"
    );
    assert!(conversation.repeat);
    assert_eq!(
        said(&conversation, &scenario).zh,
        "你还没回答我，到底什么时候能到？"
    );
    conversation.respond(&scenario, Scorer::builtin(), "嗯，好的。", None, false);
    assert_eq!(
        conversation.at, "vague",
        "asked once again, then the transitions apply"
    );
    assert!(!conversation.repeat);
    let repeated = &conversation.exchanges[1];
    assert!(repeated.repeat);
    assert_eq!(
        Conversation::line_of(&scenario, repeated).unwrap().en,
        "You still haven't answered me: when will it arrive?"
    );
    // Undo goes back to the repeated question, then to the first line.
    conversation.undo();
    assert!(conversation.repeat);
    assert_eq!(
        said(&conversation, &scenario).en,
        "You still haven't answered me: when will it arrive?"
    );
    conversation.undo();
    assert!(!conversation.repeat);
    assert_eq!(
        said(&conversation, &scenario).en,
        "When exactly will my parcel arrive?"
    );
    // An answer moves on at once.
    let answered = reply_to(&scenario, &["非常抱歉，我10分钟内给您回复具体送达时间。"]);
    assert!(!answered.repeat);
}

#[test]
fn a_line_without_its_act_falls_back_and_never_shows_a_slot() {
    let scenario = reactive();
    // From "asked", a poor reply leads to "later" without any time promised.
    let conversation = reply_to(
        &scenario,
        &["能麻烦您提供一下订单号吗？", "那是快递的事，你去找快递。"],
    );
    assert_eq!(conversation.at, "later");
    assert_eq!(
        said(&conversation, &scenario),
        Text::new("这也太久了吧！", "That's far too long!")
    );
}

#[test]
fn the_rendered_line_survives_a_save_and_old_sessions_still_show_a_line() {
    let scenario = reactive();
    let conversation = reply_to(&scenario, &["非常抱歉，我10分钟内给您回复具体送达时间。"]);
    let json = serde_json::to_string(&conversation).unwrap();
    let back: Conversation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, conversation);
    // A session saved before lines had slots has no "said": the authored
    // line is shown, and a slot line gives way to its fallback.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("said");
    old["at"] = "later".into();
    let old: Conversation = serde_json::from_value(old).unwrap();
    assert_eq!(said(&old, &scenario).en, "That's far too long!");
}

/// What is wrong with a composed debrief: a quote that is not the trainee's,
/// an act credited that the reply did not make, a turning point that is not
/// the largest mood change, a finding listed that did not occur or twice.
fn debrief_failures(scenario: &Scenario, conversation: &Conversation) -> Vec<String> {
    let mut out = Vec::new();
    let Some(debrief) = compose_debrief(scenario, conversation) else {
        return vec!["no debrief".into()];
    };
    let ending = conversation.ending(scenario).unwrap();
    if !debrief.text.zh.starts_with(&ending.debrief.zh)
        || !debrief.text.en.starts_with(&ending.debrief.en)
    {
        out.push("the composed note does not start with the authored one".into());
    }
    for moment in &debrief.moments {
        let exchange = &conversation.exchanges[moment.exchange];
        if !exchange.reply.contains(&moment.quote) {
            out.push(format!(
                "{:?} is not in reply {:?}",
                moment.quote, exchange.reply
            ));
        }
        if !debrief.text.zh.contains(&moment.quote) || !debrief.text.en.contains(&moment.quote) {
            out.push(format!("{:?} is not quoted in the note", moment.quote));
        }
        if let Some(act) = moment.act {
            if !exchange
                .assessment
                .acts
                .iter()
                .any(|a| a.act == act && a.kind == moment.kind)
            {
                out.push(format!("{act:?} {:?} credited but not made", moment.kind));
            }
        }
    }
    let shift = |e: &service_dojo::engine::Exchange| {
        (e.mood_after.trust as i32 - e.mood_before.trust as i32)
            + (e.mood_before.anger as i32 - e.mood_after.anger as i32)
    };
    let largest = conversation
        .exchanges
        .iter()
        .map(|e| shift(e).abs())
        .max()
        .unwrap_or(0);
    match &debrief.turning_point {
        Some(point) => {
            let exchange = &conversation.exchanges[point.exchange];
            if shift(exchange).abs() != largest {
                out.push(format!(
                    "turning point {} is not the largest change {largest}",
                    point.exchange
                ));
            }
            if !exchange
                .reply
                .starts_with(point.quote.trim_end_matches('…'))
            {
                out.push(format!(
                    "turning point quote {:?} is not the reply",
                    point.quote
                ));
            }
        }
        None if largest >= 4 => out.push(format!("no turning point but a shift of {largest}")),
        None => {}
    }
    let occurred: BTreeSet<&str> = conversation
        .exchanges
        .iter()
        .flat_map(|e| &e.assessment.findings)
        .filter(|f| f.points < 0)
        .map(|f| f.rule.as_str())
        .collect();
    let listed: Vec<&str> = debrief.practise.iter().map(|p| p.rule.as_str()).collect();
    if listed.iter().copied().collect::<BTreeSet<_>>() != occurred || listed.len() != occurred.len()
    {
        out.push(format!(
            "practise {listed:?} is not the findings that occurred, once each: {occurred:?}"
        ));
    }
    for practice in &debrief.practise {
        if let Some(quote) = &practice.quote {
            if !conversation.exchanges[practice.exchange]
                .reply
                .contains(quote)
            {
                out.push(format!("practice quote {quote:?} is not the trainee's"));
            }
        }
    }
    out
}

#[test]
fn the_debrief_tells_what_happened_in_this_conversation_only() {
    let scenario = reactive();
    let runs: [&[&str]; 3] = [
        &["非常抱歉，我10分钟内给您回复具体送达时间。", "好的，10分钟内我一定给您准确的消息，请您稍等。"],
        &["嗯，好的。", "那是快递的事，你去找快递。", "你爱等不等。"],
        &["I'm so sorry, I'll refund you in full right away.", "The refund goes back to your card within 3 business days, and I'll message you by 6 pm to confirm."],
    ];
    for replies in runs {
        let conversation = reply_to(&scenario, replies);
        assert!(conversation.over, "{replies:?} ends at {}", conversation.at);
        let debrief = compose_debrief(&scenario, &conversation).unwrap();
        let ending = conversation.ending(&scenario).unwrap();
        assert!(debrief.text.zh.starts_with(&ending.debrief.zh));
        assert!(debrief.text.en.starts_with(&ending.debrief.en));
        // Every quote is the trainee's own words, from the reply it names.
        for moment in &debrief.moments {
            let reply = &conversation.exchanges[moment.exchange].reply;
            assert!(
                reply.contains(&moment.quote),
                "{:?} not in {reply:?}",
                moment.quote
            );
            assert!(debrief.text.zh.contains(&moment.quote));
            if let Some(act) = moment.act {
                assert!(conversation.exchanges[moment.exchange]
                    .assessment
                    .acts
                    .iter()
                    .any(|a| a.act == act && a.kind == moment.kind));
            }
        }
        let failures = debrief_failures(&scenario, &conversation);
        assert!(failures.is_empty(), "{replies:?}: {failures:#?}");
    }
    // A bad run names what went wrong and never praises an act it did not make.
    let bad = reply_to(&scenario, runs[1]);
    let debrief = compose_debrief(&scenario, &bad).unwrap();
    assert!(debrief.practise.iter().any(|p| p.rule == "unanswered"));
    assert!(!debrief
        .moments
        .iter()
        .any(|m| m.shift > 0 && m.act == Some(ActType::Offer)));
    assert!(!debrief.text.en.contains("refund"), "{}", debrief.text.en);
}

/// Replies that make one act each (and none), in both languages: the
/// typed-reply walk routes each of them from every turn.
const TYPED: [(&str, &str); 25] = [
    ("嗯。", "OK."),
    ("非常抱歉给您带来不便。", "I'm very sorry for the trouble."),
    ("我这就给您办理全额退款。", "I'll refund you in full right away."),
    ("我给您退一半的钱。", "I'll give you a partial refund."),
    ("我们给您重新做一个。", "We'll remake it for you."),
    ("我给您换一个新的。", "I'll send you a replacement."),
    ("我们安排师傅上门维修。", "We'll send someone to repair it."),
    ("我给您申请补偿。", "I'll arrange compensation for you."),
    ("送您一张优惠券。", "I'll add a coupon to your account."),
    ("给您送一个小礼物。", "We'll include a small gift."),
    ("我10分钟内给您回复。", "I'll get back to you within 10 minutes."),
    ("我两个小时内给您回复。", "I'll call you back within 2 hours."),
    ("我明天下午三点前给您答复。", "I'll get back to you by 3 pm tomorrow."),
    ("我给您退50元。", "I'll refund you $20."),
    ("麻烦您提供一下订单号好吗？", "Could you send me your order number?"),
    ("方便拍张照片发给我吗？", "Could you send me a photo of it?"),
    ("方便留个电话吗？", "Could you share a phone number?"),
    ("您还有什么想了解的吗？", "Is there anything else you'd like to know?"),
    ("抱歉，这个价格没法再便宜了。", "Sorry, we can't go any lower on the price."),
    ("我把您的情况转给主管处理。", "I'll pass this to my supervisor."),
    ("加我微信，私下给你便宜点。", "Add me on WeChat and I'll do you a deal between us."),
    ("那位顾客的电话是13812345678，住在幸福小区3栋。", "The other customer is Ms Chen, her number is 13812345678 and she lives at 3 Park Road."),
    ("我保证马上解决。", "I guarantee it'll be fixed right away."),
    (
        "非常抱歉，是我们没做好。我给您退一半的款，或者明天给您重做一个，您看哪种更合适？",
        "I'm so sorry, that's on us. I can refund half, or remake it for you tomorrow. Which would you prefer?",
    ),
    (
        "理解您的着急，我现在就去查，半小时内给您准确答复，需要的话也可以给您退款。",
        "I understand the worry. I'm checking now and will get back to you within 30 minutes; a refund is also possible if you'd like.",
    ),
];

/// What is wrong with the line a reply led to: a slot left showing, a value
/// the trainee did not write, or an act presumed that the reply did not make.
fn presupposition_failures(
    scenario: &Scenario,
    conversation: &Conversation,
    reply: &str,
) -> Vec<String> {
    let acts = &conversation.exchanges.last().unwrap().assessment.acts;
    let mut out = Vec::new();
    if conversation.over {
        if let Some(ending) = conversation.ending(scenario) {
            for p in ending.presumes.iter().filter(|p| !presumed(p, acts)) {
                out.push(format!("ending \"{}\" presumes {p:?}", ending.id));
            }
        }
        return out;
    }
    let turn = conversation.turn(scenario).unwrap();
    let line = conversation.line(scenario).unwrap();
    for text in [&line.zh, &line.en] {
        if text.contains(['{', '}']) {
            out.push(format!("\"{}\": a slot is showing: {text}", turn.id));
        }
    }
    if conversation.repeat {
        if Some(line) != turn.unanswered.as_ref() {
            out.push(format!(
                "\"{}\": repeating, but not the unanswered line",
                turn.id
            ));
        }
        return out;
    }
    if Some(line) == turn.fallback.as_ref() {
        return out;
    }
    for p in turn.presumes.iter().filter(|p| !presumed(p, acts)) {
        out.push(format!("\"{}\" presumes {p:?}, not in {acts:?}", turn.id));
    }
    for slot in turn.slots() {
        match fill(slot, acts, None) {
            None => out.push(format!(
                "\"{}\": {{{}}} said without a value",
                turn.id,
                slot.id()
            )),
            Some(value) => {
                let own_words = matches!(
                    slot,
                    service_dojo::scenario::Slot::PromisedTime
                        | service_dojo::scenario::Slot::PromisedAmount
                );
                if own_words {
                    // The value in the line is words from the reply.
                    let echoed = acts.iter().filter_map(|a| a.value.as_deref()).any(|v| {
                        // (English may capitalise a value that starts a sentence.)
                        reply.contains(v)
                            && line.zh.contains(v)
                            && line.en.to_lowercase().contains(&v.to_lowercase())
                    });
                    if !echoed {
                        out.push(format!(
                            "\"{}\": {{{}}} = {value:?} is not the trainee's words in {line:?}",
                            turn.id,
                            slot.id()
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn typed_replies_making_each_act_never_reach_a_line_that_presumes_otherwise() {
    let scorer = Scorer::builtin();
    // The replies make the acts they stand for (so the walk covers every act).
    for lang in [Lang::Zh, Lang::En] {
        let made: BTreeSet<ActType> = TYPED
            .iter()
            .flat_map(|(zh, en)| scorer.acts(if lang == Lang::Zh { zh } else { en }))
            .map(|a| a.act)
            .collect();
        assert_eq!(made, ActType::ALL.into_iter().collect(), "{lang:?}");
        assert!(scorer
            .acts(if lang == Lang::Zh {
                TYPED[0].0
            } else {
                TYPED[0].1
            })
            .is_empty());
    }
    let mut scenarios: Vec<Scenario> = builtin().scenarios.clone();
    scenarios.push(reactive());
    let mut failures = Vec::new();
    let mut routed = 0;
    let mut echoed = 0;
    for scenario in &scenarios {
        for turn in &scenario.turns {
            for lang in [Lang::Zh, Lang::En] {
                for (zh, en) in TYPED {
                    let reply = if lang == Lang::Zh { zh } else { en };
                    let mut conversation = Conversation::at_turn(scenario, turn, 5, &[]);
                    conversation.respond(scenario, scorer, reply, None, false);
                    routed += 1;
                    if conversation.turn(scenario).is_some_and(|t| {
                        !t.slots().is_empty() && conversation.line(scenario) != t.fallback.as_ref()
                    }) {
                        echoed += 1;
                    }
                    for failure in presupposition_failures(scenario, &conversation, reply) {
                        failures.push(format!(
                            "{} /{} ({lang:?}) {reply:?}: {failure}",
                            scenario.id, turn.id
                        ));
                    }
                    // The repeated question is routed too.
                    if conversation.repeat {
                        conversation.respond(scenario, scorer, reply, None, false);
                        assert!(!conversation.repeat, "{}: repeated twice", scenario.id);
                        for failure in presupposition_failures(scenario, &conversation, reply) {
                            failures.push(format!(
                                "{} /{} after repeating ({lang:?}) {reply:?}: {failure}",
                                scenario.id, turn.id
                            ));
                        }
                    }
                }
            }
        }
    }
    println!("{routed} typed replies routed, {echoed} reached a line echoing them");
    assert!(echoed > 0, "no typed reply was echoed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same check, as a negative test: a scenario whose line presumes an act
/// the condition does not guarantee is caught by the walk (if it got past
/// the validator), so the walk can fail.
#[test]
fn the_typed_walk_catches_a_line_presuming_an_act_not_made() {
    let mut scenario = reactive();
    let vague = scenario.turns.iter_mut().find(|t| t.id == "vague").unwrap();
    vague.presumes = vec![service_dojo::scenario::Presumption {
        act: ActType::Offer,
        kind: None,
        minutes_at_most: None,
        minutes_above: None,
    }];
    let mut conversation = Conversation::start(&scenario, 5);
    let reply = "非常抱歉给您带来不便。";
    conversation.respond(&scenario, Scorer::builtin(), reply, None, false);
    if conversation.repeat {
        conversation.respond(&scenario, Scorer::builtin(), reply, None, false);
    }
    assert_eq!(
        conversation.at, "vague",
        "an apology alone is no offer, time or question"
    );
    let failures = presupposition_failures(&scenario, &conversation, reply);
    assert_eq!(failures.len(), 1, "{failures:?}");
    // And the validator rejects the file outright.
    let problems =
        service_dojo::scenario::validate("reactive.json", &scenario, Scorer::builtin().rules());
    assert!(
        problems.iter().any(|p| p
            .to_string()
            .contains("leads to \"vague\", whose line presumes an offer")),
        "{problems:#?}"
    );
}

/// Typed runs through the converted built-in scenarios, in both languages:
/// every line reached presumes nothing the trainee did not say, and the
/// debrief quotes only the trainee and credits only acts they made.
#[test]
fn typed_runs_through_converted_scenarios_stay_truthful() {
    let runs: [(&str, &[&str]); 8] = [
        ("angry-late-cake", &[
            "非常抱歉！我这边查一下，明天之前给您答复。",
            "对不起，是我说错了，我现在马上联系骑手，10分钟内告诉您蛋糕在哪儿。",
            "骑手离您大约3公里，我会一直盯着，20分钟内给您发位置。",
            "真的很抱歉让孩子失望了，这是我们的责任，我给您申请补偿，今天下午6点前给您答复。",
            "真的很抱歉，包装是我们没做好。",
            "给您重做一个同款，明天上午送到，您看可以吗？",
            "谢谢您，重做的蛋糕明天上午11点前送到，今晚8点前我再跟您确认一次。",
        ]),
        ("angry-late-cake", &[
            "I'm so sorry. I'll check with the rider and get back to you within 5 minutes.",
            "The rider is about 3 km away; I'll send you his location every 10 minutes.",
            "I'm truly sorry the party was spoiled. That's on us, and I'll refund the delivery fee right now.",
            "I'm so sorry about the damage. I can give you a partial refund on the cake, or remake it tomorrow. Which would you prefer?",
            "Thank you. I'll put it through now and message you by 8 pm tonight to confirm.",
        ]),
        ("angry-broken-sofa", &[
            "陈先生，真的非常抱歉，两次白等，今天又收到坏的，是我们没做好。麻烦您拍几张断腿和划口的照片发给我。",
            "照片收到了，是我们的问题。误工的损失我帮您申请补偿，今天下午5点前给您答复。",
            "给您两个方案：换新，仓库有现货，3到5天送到；或者退货退款，取件后1到3个工作日到账。您选哪种？",
            "您的顾虑很正常。送货前一天我亲自打电话跟您约时间，师傅出发时再短信通知您。",
            "坏的这套师傅上门时会搬走，不用您打包，也不收费。",
            "谢谢您再给我们一次机会。今天下午5点前答复补偿，送货前一天我打电话确认。",
        ]),
        ("angry-double-charge", &[
            "赵先生您好，非常抱歉让您遇到重复扣费。麻烦您告诉我注册手机号的后四位，我马上帮您核实。",
            "查到了，第二笔确实是重复扣费，是我们的失误。退款原路返回，1到3个工作日到账。",
            "我理解您着急。到账时间要看银行，我已经帮您加急，明天中午12点前我给您回电话确认。",
            "能正常用，会员不受影响。明天中午12点前我给您回电话。",
        ]),
        ("angry-double-charge", &[
            "Hello Mr Zhao, I'm so sorry about the double charge. Let me check it right away: the second charge was a duplicate and I'm refunding it now.",
            "The system retried a timed-out payment, so it charged twice; that's our fault. The fee is yearly, so nothing next month.",
            "I understand. The bank sets the timing, but I've made it urgent, and I'll call you back by noon tomorrow.",
            "Yes, your membership is unaffected. I'll call you by noon tomorrow.",
        ]),
        ("bargain-free-shipping", &[
            "谢谢您选我们家的枕头！满99包邮对所有顾客都一样，我不能单独免运费，还请您理解。",
            "理解您的感受。运费是付给快递的，标准对每位顾客都一样。",
            "理解您想比较一下。我们的枕头是记忆棉，外套防螨可拆洗，您比较完随时回来找我。",
            "同系列全棉枕套12元一个，加一个就满99包邮了，有灰、白、浅蓝三色。",
            "谢谢您！今天下午5点前付款今天就发，2到3天送到。",
        ]),
        ("bargain-free-shipping", &[
            "加我微信，我私下给你免运费。",
            "抱歉，刚才是我说错了，我们不能私下优惠。加一个枕套就满99包邮了。",
        ]),
        ("repeat-rice-cooker-timer", &[
            "阿姨您好，我一步一步教您。第一步，把米和水放好，盖上盖子，好了跟我说一声。",
            "不着急。然后按“功能”键选“煮粥”，再按“预约”键，它在右下角，旁边画着小钟。",
            "这个数字是“过几个小时煮好”，不是几点。现在晚上九点的话，到明早七点是10个小时，调到10。",
            "好的，您拿笔记一下：放米放水，按功能选煮粥，按预约调小时数，按开始。",
            "阿姨您一点都不笨，这个设计确实绕，您今天已经学会了。有问题随时打来。",
        ]),
    ];
    let scorer = Scorer::builtin();
    let mut failures = Vec::new();
    for (id, replies) in runs {
        let scenario = builtin().get(id).unwrap();
        let mut conversation = Conversation::start(scenario, 9);
        let mut said = Vec::new();
        let mut steps = replies
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .into_iter();
        while !conversation.over && conversation.exchanges.len() < MAX_REPLIES {
            // After the script, follow the turn's first good option.
            let reply = steps.next().unwrap_or_else(|| {
                let turn = conversation.turn(scenario).unwrap();
                let option = turn
                    .options
                    .iter()
                    .find(|o| o.quality == Quality::Good)
                    .unwrap();
                if replies[0].is_ascii() {
                    option.text.en.clone()
                } else {
                    option.text.zh.clone()
                }
            });
            conversation.respond(scenario, scorer, &reply, None, false);
            for failure in presupposition_failures(scenario, &conversation, &reply) {
                failures.push(format!("{id} {reply:?}: {failure}"));
            }
            if let Some(line) = conversation.line(scenario) {
                said.push(line.zh.clone());
            }
        }
        assert!(conversation.over, "{id}: no ending");
        for failure in debrief_failures(scenario, &conversation) {
            failures.push(format!("{id} debrief: {failure}"));
        }
        println!(
            "{id}: {} replies, ending {}\n  {}",
            conversation.exchanges.len(),
            conversation.at,
            said.join("\n  ")
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
