//! Property tests: whatever a trainee pastes in (any Unicode, emoji, control
//! characters, mixed scripts, rule phrases cut up and glued together), the
//! scorer never panics, every score stays within 0–100 and every span lies
//! inside the reply.

use proptest::prelude::*;
use service_dojo::scorer::{Assessment, Competency, ScoreRequest, Scorer};

const ARCHETYPES: [Option<&str>; 5] = [
    None,
    Some("angry"),
    Some("bargainer"),
    Some("privacy"),
    Some("no-such-archetype"),
];

/// Pieces that reach the scorer's rules, contexts and detectors.
const FRAGMENTS: &[&str] = &[
    "您",
    "你",
    "们",
    "我们",
    "不",
    "没有",
    "不能",
    "别",
    "保证",
    "我保证",
    "不能保证",
    "绝对",
    "抱歉",
    "对不起",
    "理解您",
    "到底",
    "是不是",
    "吗",
    "?",
    "？",
    "!",
    "！",
    "!!!",
    "。",
    ",",
    "，",
    "~",
    "\n",
    " ",
    "自己看",
    "你去投诉吧",
    "随便",
    "无所谓",
    "他的电话是",
    "139****2876",
    "住在",
    "小区",
    "3号楼",
    "@",
    "a@b.co",
    "进货价才",
    "80",
    "三十万",
    "我們",
    "保證",
    "對不起",
    "私下",
    "加我微信",
    "打九折",
    "别说出去",
    "根据规定",
    "详情页都有",
    "can't",
    "not",
    "guarantee",
    "I guarantee",
    "sorry",
    "Sorry",
    "SORRY",
    "WHY",
    "ARE",
    "YOU",
    "LATE",
    "have you ever",
    "yeah, yeah",
    "www.x.com",
    "http",
    "😀",
    "🙏🏻",
    "👨‍👩‍👧",
    "\u{200b}",
    "\u{0}",
    "\u{7}",
    "\u{feff}",
    "\u{202e}",
    "é",
    "ß",
    "ﬁ",
    "Ω",
    "ＡＢＣ",
    "１２３",
    "　",
    "asdkjh",
    "qwe",
    "嗯嗯",
    "好的",
    "ok",
    "哈哈哈",
    "'",
    "\"",
    "*",
    "-",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "\\PC{0,6}",
    ]
}

fn glued() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,80}",
        "[\\x00-\\x1f\\x7f ]{0,20}",
        "[\\p{Han}\\p{Latin}\\p{Emoji} ,.!?！？。，]{0,60}",
        glued(),
    ]
}

fn check(assessment: &Assessment, reply: &str) -> Result<(), TestCaseError> {
    let length = reply.chars().count();
    for competency in Competency::FOUR {
        prop_assert!(assessment.score(competency) <= 100);
    }
    prop_assert!(assessment.overall <= 100);
    for finding in &assessment.findings {
        if let Some([start, end]) = finding.span {
            prop_assert!(
                start <= end && end <= length,
                "{}: span {}..{} outside a reply of {} characters",
                finding.rule,
                start,
                end,
                length
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_reply_scores_within_bounds(
        customer in text(),
        reply in text(),
        archetype in prop::sample::select(&ARCHETYPES[..]),
        waited in any::<bool>(),
    ) {
        let assessment = Scorer::builtin().score(&ScoreRequest {
            customer: &customer,
            reply: &reply,
            archetype,
            expectations: None,
            waited_too_long: waited,
        });
        check(&assessment, &reply)?;
    }

    #[test]
    fn scenario_expectations_never_break_scoring(
        reply in glued(),
        expectations in prop::collection::vec(
            prop_oneof![
                Just("apologize".to_string()),
                Just("hold_price".to_string()),
                Just("protect_privacy".to_string()),
                Just("stay_calm".to_string()),
                "[a-z_]{0,12}",
            ],
            0..5,
        ),
    ) {
        let assessment = Scorer::builtin().score(&ScoreRequest {
            customer: "你们怎么搞的?",
            reply: &reply,
            expectations: Some(&expectations),
            ..Default::default()
        });
        check(&assessment, &reply)?;
    }

    #[test]
    fn the_same_reply_scores_the_same(reply in glued()) {
        let request = ScoreRequest { customer: "便宜点吧", reply: &reply, ..Default::default() };
        let first = Scorer::builtin().score(&request);
        prop_assert_eq!(first, Scorer::builtin().score(&request));
    }
}

#[test]
fn a_one_megabyte_paste_scores_without_panicking() {
    let unit =
        "您好!我保证明天到,不能保证的话我们退款。你去投诉吧!!! SORRY sorry I can't guarantee it. \
                他的电话是139****2876,住在幸福小区3号楼。加我微信私下交易。😀\u{200b}\n";
    let mut reply = String::with_capacity(1 << 20);
    while reply.len() < 1 << 20 {
        reply.push_str(unit);
    }
    let customer = reply.clone();
    let assessment = Scorer::builtin().score(&ScoreRequest {
        customer: &customer,
        reply: &reply,
        archetype: Some("angry"),
        ..Default::default()
    });
    let length = reply.chars().count();
    assert!(assessment.overall <= 100);
    for finding in &assessment.findings {
        if let Some([start, end]) = finding.span {
            assert!(start <= end && end <= length, "{}", finding.rule);
        }
    }
    // Without a single break character either.
    let wall = "我".repeat(1 << 18);
    let assessment = Scorer::builtin().score(&ScoreRequest {
        customer: "?",
        reply: &wall,
        ..Default::default()
    });
    assert!(assessment.overall <= 100);
}
