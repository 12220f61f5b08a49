//! The scenario editor's core (issue 15, item 2): a draft edited only
//! through the operations the forms call, from the blank template to a file
//! `dojo validate` accepts; live checks on their fields; the map; drafts in
//! storage.

use service_dojo::authoring::checks::{scorer_checks, validator_checks};
use service_dojo::authoring::draft::{self, List};
use service_dojo::authoring::form::{describe, ConditionForm, CHOICES};
use service_dojo::authoring::{
    blank, export, file_name, layout, live_checks, Drafts, NodeKind, Severity,
};
use service_dojo::i18n::Text;
use service_dojo::persist::Versioned;
use service_dojo::scenario::{self, EndingKind, Quality, Scenario};
use service_dojo::scorer::{ActType, RuleSet, Scorer};

fn rules() -> &'static RuleSet {
    RuleSet::builtin()
}

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

/// Fill a blank draft into a small valid scenario, as a trainer would with
/// the forms: every step an operation or a field edit, no JSON written.
fn authored() -> Scenario {
    let mut s = blank("my-cake-shop");
    s.title = t("蛋糕做错了字", "The wrong words on the cake");
    s.brief = t(
        "顾客的生日蛋糕上写错了名字。",
        "The birthday cake came with the wrong name on it.",
    );
    s.goals[0] = t("先安抚情绪，再给补救", "Soothe first, then offer a remedy");
    s.persona.name = t("王女士", "Ms Wang");
    s.persona.description = t(
        "为女儿订了生日蛋糕，很着急。",
        "Ordered a birthday cake for her daughter; in a hurry.",
    );
    s.mood.anger = 70;
    s.mood.trust = 30;
    {
        let turn = &mut s.turns[0];
        turn.line[0] = t(
            "你们怎么把我女儿的名字写错了？晚上就要过生日了！",
            "How could you get my daughter's name wrong? Her party is tonight!",
        );
        turn.expect = vec!["acknowledge_feeling".into(), "apologize".into()];
        turn.options[0].text = t(
            "非常抱歉，名字写错了真的让您着急了，这是我们的错。我马上安排重新做一个，两小时内送到。",
            "I'm so sorry, a wrong name on her cake is upsetting, and it's our mistake. I'll have a new one made right away and delivered within two hours.",
        );
        turn.options[0].note = Some(t(
            "先认错、再给补救和时间",
            "Owns it, then a remedy and a time",
        ));
        turn.options[1].text = t("请问您的订单号是多少？", "What's your order number?");
        turn.options[1].note = Some(t(
            "问得太早，情绪还没回应",
            "Too early: the feeling is not acknowledged",
        ));
        turn.options[2].text = t(
            "写字的师傅不是我，你找门店吧。",
            "I didn't write it, take it up with the shop.",
        );
        turn.options[2].note = Some(t("推卸责任", "Shifts the blame"));
        turn.model[0].text = t(
            "非常抱歉，女儿生日蛋糕上的名字写错了，您一定很着急，这是我们的错。我马上安排重新做一个，两小时内送到您家，送出后我给您打电话确认。您看这样可以吗？",
            "I'm so sorry. A wrong name on your daughter's birthday cake would upset anyone, and it's our mistake. I'll have a new cake made right away and delivered within two hours, and I'll call you as soon as it's on its way. Could you confirm the exact spelling of her name for me?",
        );
        turn.model[0].note = t(
            "先回应情绪并道歉，再给补救和时间",
            "Acknowledge and apologise first, then a remedy and a time",
        );
        turn.model[0].section = "02 §7.5".into();
    }
    let left = draft::add_ending(&mut s, EndingKind::Left);
    draft::rename_node(&mut s, "resolved", "new-cake").unwrap();
    draft::add_transition(
        &mut s,
        "start",
        ConditionForm::ScoreBelow(40).condition(),
        &left,
    )
    .unwrap();
    for (ending, title, line, debrief) in [
        (
            0,
            t("重新做蛋糕", "A new cake"),
            t("好吧，那你们快点。", "Fine, be quick then."),
            t(
                "先认错再补救，顾客就愿意等。",
                "Owning the mistake before the remedy makes the customer willing to wait.",
            ),
        ),
        (
            1,
            t("顾客走了", "The customer left"),
            t("算了，我去别家买。", "Forget it, I'll buy elsewhere."),
            t(
                "推卸责任让顾客失去信任。",
                "Shifting the blame loses the customer's trust.",
            ),
        ),
    ] {
        let e = &mut s.endings[ending];
        e.title = title;
        e.line = line;
        e.debrief = debrief;
    }
    s
}

#[test]
fn the_blank_template_serialises_and_lists_what_there_is_to_write() {
    let s = blank("my-scenario");
    let json = export(&s);
    let back: Scenario = serde_json::from_str(&json).expect("the export reads back");
    assert_eq!(back, s);
    assert!(draft::playable(&s));
    let checks = validator_checks(&s, rules());
    // Empty texts are errors on their own fields, both languages.
    for path in [
        "/title/zh",
        "/title/en",
        "/brief/zh",
        "/turns/0/line/0/zh",
        "/endings/0/debrief/en",
    ] {
        assert!(
            checks
                .iter()
                .any(|c| c.path == path && c.severity == Severity::Error),
            "{path}: {checks:#?}"
        );
    }
    // The model reply's section is to be picked from the list.
    assert!(checks.iter().any(|c| c.path == "/turns/0/model/0/section"));
    // Every message is in both languages.
    assert!(checks
        .iter()
        .all(|c| !c.message.zh.is_empty() && !c.message.en.is_empty()));
    assert!(checks.iter().any(|c| c.message.zh == "缺少中文"));
}

#[test]
fn a_scenario_authored_with_the_operations_only_validates_and_exports() {
    let s = authored();
    let checks = validator_checks(&s, rules());
    assert!(checks.is_empty(), "{checks:#?}");
    let json = export(&s);
    // The file is exactly what `dojo validate` reads.
    let loaded = scenario::load(&file_name(&s), &json).expect("dojo validate accepts it");
    assert_eq!(loaded, s);
    assert_eq!(file_name(&s), "my-cake-shop.json");
    let all = live_checks(&s, Scorer::builtin());
    assert!(all.publishable(), "{:#?}", all.items);
    // The scorer graded every written option and model reply, in both languages.
    assert_eq!(
        all.items
            .iter()
            .filter(|c| c.severity == Severity::Grade)
            .count(),
        2 * (3 + 1)
    );
}

#[test]
fn live_problems_appear_on_their_field_and_disappear_when_fixed() {
    let mut s = authored();
    s.turns[0].options[1].text.en.clear();
    let checks = live_checks(&s, Scorer::builtin());
    let on_field: Vec<_> = checks.at("/turns/0/options/1/text/en").collect();
    assert_eq!(on_field.len(), 1, "{on_field:#?}");
    // Written in Chinese only: a missing translation, allowed in a draft but
    // not publishable.
    assert_eq!(on_field[0].severity, Severity::Translation);
    assert_eq!(
        checks
            .under("/turns/0/options")
            .filter(|c| c.severity == Severity::Translation)
            .count(),
        1
    );
    assert!(!checks.publishable());
    s.turns[0].options[1].text.en = "What's your order number?".into();
    let checks = live_checks(&s, Scorer::builtin());
    assert_eq!(
        checks
            .at("/turns/0/options/1/text/en")
            .filter(|c| c.severity != Severity::Grade)
            .count(),
        0
    );
    assert!(checks.publishable());

    // A transition to a name that no longer exists is reported on its `to`.
    s.turns[0].next[0].to = "nowhere".into();
    let checks = validator_checks(&s, rules());
    let to = checks
        .iter()
        .find(|c| c.path == "/turns/0/next/0/to")
        .expect("on the field");
    assert!(to.message.zh.contains("nowhere") && to.message.en.contains("nowhere"));
}

#[test]
fn renaming_and_removing_nodes_keep_the_transitions_right() {
    let mut s = authored();
    let turn = draft::add_turn(&mut s);
    assert_eq!(turn, "turn-1");
    draft::set_transition(&mut s, "start", 1, None, &turn).unwrap();
    draft::rename_node(&mut s, &turn, "calm-down").unwrap();
    assert_eq!(s.turns[0].next[1].to, "calm-down");
    assert_eq!(
        draft::rename_node(&mut s, "calm-down", "new-cake"),
        Err(draft::EditError::IdTaken("new-cake".into()))
    );
    assert_eq!(
        draft::rename_node(&mut s, "calm-down", "Calm Down"),
        Err(draft::EditError::BadId("Calm Down".into()))
    );
    draft::remove_node(&mut s, "calm-down").unwrap();
    // The transition into it went with it; the turn still has a way on.
    assert!(s.turns[0].next.iter().all(|n| n.to != "calm-down"));
    assert!(s.turns[0].next.iter().any(|n| n.when.is_none()));
    assert_eq!(
        draft::remove_node(&mut s, "start"),
        Err(draft::EditError::LastOne)
    );
    let before = s.clone();
    assert!(draft::remove_item(&mut s, "start", List::Option, 9).is_err());
    assert_eq!(s, before, "a refused operation changes nothing");
    draft::add_option(&mut s, "start", Quality::Tempting).unwrap();
    assert_eq!(s.turns[0].options.len(), 4);
    draft::move_transition(&mut s, "start", 0, false).unwrap();
    assert!(s.turns[0].next[0].when.is_none());
    // Now the unconditional one comes first: the other is never taken.
    let checks = validator_checks(&s, rules());
    assert!(
        checks
            .iter()
            .any(|c| c.path == "/turns/0/next/1" || c.path == "/turns/0/next"),
        "{checks:#?}"
    );
    draft::toggle_expectation(&mut s, "start", "give_time").unwrap();
    assert!(s.turns[0].expect.contains(&"give_time".to_string()));
    draft::toggle_expectation(&mut s, "start", "give_time").unwrap();
    assert!(!s.turns[0].expect.contains(&"give_time".to_string()));
    // Serialisable at every step.
    assert!(serde_json::to_string(&s).is_ok());
}

#[test]
fn condition_forms_round_trip_and_hand_written_conditions_are_kept() {
    for choice in CHOICES {
        let form = ConditionForm::choose(choice);
        assert_eq!(form.choice(), Some(choice));
        let condition = form.condition();
        assert_eq!(ConditionForm::of(condition.as_ref()), form, "{choice}");
    }
    let offer = ConditionForm::Act(ActType::Offer, Some("refund".into()));
    let c = offer.condition().unwrap();
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"act":"offer","kind":"refund"}"#
    );
    assert_eq!(describe(Some(&c)).en, "an offer of a remedy (a refund)");
    assert_eq!(describe(Some(&c)).zh, "提出补救（退款）");
    // Two parts at once: no single form, kept as written.
    let mut both = c.clone();
    both.overall_at_least = Some(60);
    let form = ConditionForm::of(Some(&both));
    assert_eq!(form, ConditionForm::Other(both.clone()));
    assert_eq!(form.condition(), Some(both.clone()));
    assert!(describe(Some(&both)).en.contains("score ≥ 60"));
    assert_eq!(describe(None).en, "otherwise");
}

#[test]
fn the_map_lays_out_turns_by_distance_and_marks_unreachable_turns_and_dead_ends() {
    let mut s = authored();
    let middle = draft::add_turn(&mut s);
    draft::set_transition(&mut s, "start", 1, None, &middle).unwrap();
    let lost = draft::add_turn(&mut s);
    let stuck = draft::add_turn(&mut s);
    draft::set_transition(&mut s, &middle, 0, None, &stuck).unwrap();
    draft::set_transition(&mut s, &stuck, 0, None, &stuck).unwrap();
    let map = layout(&s);
    assert_eq!(map, layout(&s), "deterministic");
    let node = |id: &str| map.node(id).unwrap();
    assert!(node("start").start && node("start").layer == 0);
    assert_eq!(node(&middle).layer, 1);
    assert_eq!(node(&stuck).layer, 2);
    assert!(node(&lost).unreachable && !node(&middle).unreachable);
    // `stuck` only leads back to itself: no ending is ever reached from it.
    assert!(node(&stuck).dead_end && node(&middle).dead_end && !node("start").dead_end);
    // Endings share the last row, below the unreachable turns.
    let last = map.nodes.iter().map(|n| n.layer).max().unwrap();
    assert!(map
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Ending(_)))
        .all(|n| n.layer == last));
    assert!(node(&lost).layer < last && node(&lost).layer > node(&stuck).layer);
    // Every transition is an edge labelled with its condition and order.
    let edge = map
        .edges
        .iter()
        .find(|e| e.from == "start" && e.to == "left")
        .unwrap();
    assert_eq!(edge.label.en, "1. score < 40");
    assert!(map
        .edges
        .iter()
        .any(|e| e.from == stuck && e.to == stuck && e.back));
    // Nodes never overlap and fit the drawing.
    for a in &map.nodes {
        assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + 100.0 <= map.width && a.y <= map.height);
        for b in &map.nodes {
            if a.id != b.id {
                assert!(
                    (a.x - b.x).abs() >= 100.0 || (a.y - b.y).abs() >= 40.0,
                    "{} {}",
                    a.id,
                    b.id
                );
            }
        }
    }
    // The validator agrees on both marks.
    let checks = validator_checks(&s, rules());
    let lost_path = format!(
        "/turns/{}",
        s.turns.iter().position(|t| t.id == lost).unwrap()
    );
    assert!(checks
        .iter()
        .any(|c| c.path == lost_path && c.message.en.contains("cannot be reached")));
}

fn builtin(id: &str) -> Scenario {
    scenario::builtin().get(id).expect("built in").clone()
}

#[test]
fn the_scorer_flags_a_good_option_scoring_below_a_bad_one() {
    let mut s = builtin("angry-late-cake");
    let turn = &mut s.turns[0];
    let good = turn
        .options
        .iter()
        .position(|o| o.quality == Quality::Good)
        .unwrap();
    let bad = turn
        .options
        .iter()
        .position(|o| o.quality == Quality::Bad)
        .unwrap();
    let (g, b) = (
        turn.options[good].text.clone(),
        turn.options[bad].text.clone(),
    );
    turn.options[good].text = b;
    turn.options[bad].text = g;
    let checks = scorer_checks(&s, Scorer::builtin());
    let path = format!("/turns/0/options/{good}");
    let flagged: Vec<_> = checks
        .iter()
        .filter(|c| c.path == path && c.severity == Severity::Warning)
        .collect();
    assert_eq!(flagged.len(), 2, "both languages: {flagged:#?}");
    assert!(flagged[0].message.en.starts_with("Contradiction (Chinese)"));
    // The unchanged library turn has no such warning.
    let original = scorer_checks(&builtin("angry-late-cake"), Scorer::builtin());
    assert!(!original
        .iter()
        .any(|c| c.path == path && c.severity == Severity::Warning));
}

#[test]
fn the_scorer_flags_a_model_reply_that_misses_its_turns_expectations() {
    let mut s = authored();
    s.turns[0].model[0].text.en = "Please hold on while I look into it.".into();
    let checks = scorer_checks(&s, Scorer::builtin());
    let warning = checks
        .iter()
        .find(|c| c.path == "/turns/0/model/0/text/en" && c.severity == Severity::Warning)
        .expect("flagged on the English text");
    assert!(
        warning.message.en.contains("Acknowledge the feeling"),
        "{}",
        warning.message.en
    );
    assert!(warning.message.zh.contains("回应顾客的感受"));
    // The Chinese one still meets them.
    assert!(!checks
        .iter()
        .any(|c| c.path == "/turns/0/model/0/text/zh" && c.severity == Severity::Warning));
}

#[test]
fn the_scorer_flags_a_transition_no_authored_option_takes() {
    let mut s = authored();
    // Only a perfect score leads there: no option of this turn reaches it.
    let perfect = draft::add_ending(&mut s, EndingKind::Resolved);
    draft::add_transition(
        &mut s,
        "start",
        ConditionForm::ScoreAtLeast(100).condition(),
        &perfect,
    )
    .unwrap();
    let checks = scorer_checks(&s, Scorer::builtin());
    let untaken: Vec<&str> = checks
        .iter()
        .filter(|c| c.severity == Severity::Warning && c.path.starts_with("/turns/0/next/"))
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(untaken, ["/turns/0/next/1"], "{checks:#?}");
    // The bad option takes the low-score way out, the good one the default.
    let authored = scorer_checks(&authored(), Scorer::builtin());
    assert!(
        !authored.iter().any(|c| c.severity == Severity::Warning),
        "{authored:#?}"
    );
}

#[test]
fn the_report_and_the_editor_judge_the_library_alike() {
    // `dojo report`'s options check and the editor's contradictions come
    // from the same code: a library scenario that passes one passes the other.
    let s = builtin("angry-late-cake");
    let report = service_dojo::cli::report::check(&s, Scorer::builtin());
    let contradictions = scorer_checks(&s, Scorer::builtin())
        .into_iter()
        .filter(|c| c.message.en.starts_with("Contradiction"))
        .count();
    assert_eq!(report.option_failures.len(), contradictions);
}

#[test]
fn drafts_are_kept_merged_and_salvaged() {
    let mut one = Drafts::default();
    let key = one.fresh_key(1000.0);
    one.put(&key, &blank("a"), 1000.0);
    let mut two = one.clone();
    let mut edited = blank("a");
    edited.title = t("新标题", "New title");
    two.put(&key, &edited, 2000.0);
    let other = two.fresh_key(2000.0);
    two.put(&other, &blank("b"), 2000.0);
    one.merge(&two);
    assert_eq!(
        one.get(&key).unwrap().scenario.title.en,
        "New title",
        "the later edit wins"
    );
    assert!(one.get(&other).is_some());
    // A deleted draft stays deleted when an older copy is merged in.
    one.remove(&other);
    let mut again = one.clone();
    again.merge(&two);
    assert!(again.get(&other).is_none());
    let json = again.to_json();
    assert_eq!(Drafts::from_json(&json).unwrap(), again);
    // A newer version is refused, not guessed at.
    assert!(Drafts::from_json(r#"{"version": 99, "drafts": []}"#).is_err());
    // One damaged draft does not lose the others.
    let damaged = json.replacen("\"turns\":[", "\"turns\":7,\"x\":[", 1);
    assert!(Drafts::from_json(&damaged).is_err());
    let salvaged = Drafts::recover(&format!(
        r#"{{"version":1,"drafts":[{{"key":"bad"}},{}]}}"#,
        serde_json::to_string(&again.drafts[0]).unwrap()
    ))
    .unwrap();
    assert_eq!(salvaged.drafts.len(), 1);
}
