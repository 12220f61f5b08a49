//! Rule tests: each phrase rule family and each detector of `rules/rules.json`
//! pinned to a reply that fires it (and, where it matters, one that must not),
//! plus the scorer's invariants: negation, script and width folding, degenerate
//! replies, expectations, determinism and explainable findings.

use std::collections::BTreeSet;

use service_dojo::scenario::is_section;
use service_dojo::scorer::{Assessment, Competency, RuleSet, ScoreRequest, Scorer};

fn score(customer: &str, reply: &str) -> Assessment {
    Scorer::builtin().score(&ScoreRequest {
        customer,
        reply,
        ..Default::default()
    })
}

fn score_as(archetype: &str, customer: &str, reply: &str) -> Assessment {
    Scorer::builtin().score(&ScoreRequest {
        customer,
        reply,
        archetype: Some(archetype),
        ..Default::default()
    })
}

fn rules_of(a: &Assessment) -> BTreeSet<&str> {
    a.findings.iter().map(|f| f.rule.as_str()).collect()
}

/// (rule, customer, reply that fires it). Every phrase rule and detector of the
/// built-in set must appear here (see `every_rule_and_detector_is_pinned`).
const FIRES: &[(&str, &str, &str)] = &[
    // empathy
    (
        "empathy.names_feeling",
        "快递还没到",
        "等了这么久,您一定很着急。",
    ),
    (
        "empathy.names_feeling",
        "It's late again",
        "I completely understand how frustrating this is.",
    ),
    (
        "empathy.validates",
        "我是不是问太多了",
        "您这样问很正常,完全可以理解。",
    ),
    (
        "empathy.validates",
        "Sorry for all the questions",
        "That makes complete sense to check first.",
    ),
    (
        "empathy.cares",
        "My dog is ill, anyway, leads?",
        "Oh no, I hope your dog feels better soon.",
    ),
    ("empathy.perspective", "等了一周了", "换作是我也会着急的。"),
    (
        "empathy.perspective",
        "It's been a week",
        "If I were in your shoes I'd be upset too.",
    ),
    ("empathy.apology", "坏了", "真的很抱歉给您带来不便。"),
    ("empathy.apology", "It broke", "I'm so sorry about that."),
    (
        "empathy.owns_mistake",
        "怎么又错了",
        "这是我们的失误,我马上改。",
    ),
    (
        "empathy.owns_mistake",
        "Wrong again",
        "That's our mistake, and I'll fix it now.",
    ),
    (
        "empathy.restates",
        "我想改地址",
        "您是说想把收货地址改到公司,对吗?",
    ),
    ("empathy.thanks", "颜色不对", "谢谢您告诉我们。"),
    ("empathy.reassures", "怎么办", "您放心,我来帮您处理。"),
    ("empathy.polite_you", "在吗", "您好,请问有什么可以帮您?"),
    (
        "empathy.we_together",
        "打不开",
        "我们一起看看是哪一步出了问题。",
    ),
    (
        "empathy.courtesy",
        "Is it in stock?",
        "Yes, would you like me to reserve one?",
    ),
    ("empathy.casual_you", "在吗", "你好,你要买什么?"),
    ("empathy.you_people", "打不开", "你们自己重启一下就好了。"),
    (
        "empathy.blames_customer",
        "不能用",
        "是您自己没看清楚说明书。",
    ),
    (
        "empathy.blames_customer",
        "It doesn't fit",
        "That's your own fault for not measuring.",
    ),
    ("empathy.lectures", "被扣钱了", "请您以后注意取消时间。"),
    (
        "emotion.accuses",
        "Why twice?",
        "Because you never listen the first time!",
    ),
    (
        "empathy.labels_customer",
        "又是我",
        "你们这些用户就是事多。",
    ),
    (
        "empathy.labels_customer",
        "Why is it broken?",
        "You people never read anything.",
    ),
    ("empathy.belittles", "不会设置", "这么简单都不会,小孩都会。"),
    (
        "empathy.reassures_not_fault",
        "是我弄坏的吗",
        "不是您的错,是包装没做好。",
    ),
    (
        "empathy.shifts_blame",
        "还没到",
        "那是快递的事,跟我们没关系。",
    ),
    (
        "empathy.shifts_blame",
        "Where is it?",
        "That's the courier's fault, not ours.",
    ),
    ("empathy.procedure_only", "我要退款", "根据规定,不予退款。"),
    ("empathy.dismisses_feeling", "太过分了", "这点小事,至于吗。"),
    (
        "empathy.dismisses_feeling",
        "I'm worried it's scratched",
        "You're overthinking it. It's just a laptop.",
    ),
    (
        "empathy.blunt_refusal",
        "便宜点吧",
        "嫌贵就别买,我这里不还价。",
    ),
    // patience
    ("patience.already_said", "再说一遍", "我已经说过了。"),
    (
        "patience.already_said",
        "Say again?",
        "As I already said, it's Tuesday.",
    ),
    ("patience.hurries", "那个……", "有事快说,我很忙。"),
    (
        "patience.hurries",
        "So, um, the thing is",
        "Yeah, yeah. What's the order number?",
    ),
    ("patience.lets_finish", "我跟你说……", "您慢慢说,我在听。"),
    (
        "patience.lets_finish",
        "So the thing is—",
        "Take your time, I'm listening.",
    ),
    ("patience.brush_off", "尺寸多少", "详情页都有写。"),
    (
        "patience.brush_off",
        "What size is it?",
        "It's in the listing.",
    ),
    (
        "patience.invites_questions",
        "好的",
        "还有什么想了解的,随时问我。",
    ),
    (
        "patience.steps",
        "怎么改",
        "第一步,打开订单;第二步,点修改。",
    ),
    (
        "patience.explains",
        "为什么贵",
        "因为用的是实木,所以价格高一些。",
    ),
    ("patience.clarifies", "坏了", "请问是哪个部分坏了?"),
    ("patience.greets", "在吗", "您好,欢迎光临!"),
    (
        "patience.closes_warmly",
        "谢谢",
        "不客气,祝您生活愉快,再见!",
    ),
    (
        "patience.steers_back",
        "你多大了",
        "哈哈,对了,您的订单我帮您看看?",
    ),
    ("patience.line_check", "……", "您好,我这边听不清您的声音。"),
    ("patience.rude_phone", "……", "喂,说话呀!"),
    (
        "patience.rude_phone_start",
        "uh... hi",
        "Speak up, I can't hear you.",
    ),
    // emotion control
    ("emotion.insult", "你们太差了", "你脑子有问题吧。"),
    ("emotion.insult_alone", "你们太差了", "滚。"),
    ("emotion.taunt", "我要投诉", "你去投诉吧。"),
    (
        "emotion.taunt",
        "I'll complain",
        "Go ahead and complain, nobody's stopping you.",
    ),
    ("emotion.taunt_end", "我要给差评", "给就给吧,无所谓。"),
    ("emotion.shrugs", "我要投诉你", "行啊,反正我也不怕。"),
    (
        "emotion.shrugs",
        "This sale is fake",
        "Believe what you want, I don't care.",
    ),
    ("emotion.rhetorical", "多长", "你自己不会看吗?"),
    ("emotion.hostile_question", "什么时候到", "凭什么催我?"),
    (
        "emotion.hostile_question_blunt",
        "听不懂吗",
        "到底是谁听不懂?",
    ),
    (
        "emotion.hostile_question_blunt",
        "Is this quality-checked?",
        "Seriously? Have you ever bought clothes before?",
    ),
    (
        "emotion.rhetorical_you",
        "充不进电",
        "你是不是用错充电器了?",
    ),
    ("emotion.retort", "你们是骗子", "你骂谁呢?"),
    ("emotion.retort_start", "你们是骗子", "你才是骗子!"),
    ("emotion.orders_customer", "多少钱", "自己看,别问了。"),
    ("emotion.orders_customer_start", "那个东西坏了", "说清楚。"),
    ("emotion.barks", "多大", "看清楚!"),
    ("emotion.rude_remark", "在吗在吗", "别刷屏了。"),
    (
        "emotion.counter_threat",
        "我要骂人了",
        "你再骂一句试试,我就报警。",
    ),
    (
        "emotion.counter_threat",
        "You're useless",
        "Keep talking like that and I'll end this call.",
    ),
    ("emotion.sarcasm", "太慢了", "呵呵,您可真行。"),
    (
        "emotion.sarcasm",
        "Slow again",
        "Oh sure, because everything is always our fault.",
    ),
    (
        "emotion.carries_mood",
        "你好",
        "刚被上一个客人骂了一顿,你问吧。",
    ),
    (
        "emotion.carries_mood_start",
        "Hi",
        "Long day. What do you need?",
    ),
    // integrity
    (
        "integrity.absolute_promise",
        "明天到吗",
        "我保证明天一定到。",
    ),
    (
        "integrity.absolute_promise",
        "Tomorrow?",
        "I guarantee it will arrive tomorrow.",
    ),
    (
        "integrity.honest_limit",
        "明天到吗",
        "正常情况下明天能到,我会尽量帮您催。",
    ),
    (
        "integrity.honest_limit",
        "Tomorrow?",
        "It should normally arrive tomorrow, but I can't guarantee it.",
    ),
    (
        "integrity.admits_flaw",
        "有色差吗",
        "屏幕不同会有轻微色差。",
    ),
    ("integrity.remedy", "坏了", "我们马上给您换货。"),
    (
        "integrity.time_commitment",
        "坏了",
        "今天下午五点前给您回复。",
    ),
    ("integrity.follow_up", "坏了", "有进展我第一时间通知您。"),
    (
        "integrity.holds_price",
        "便宜点",
        "价格对每位顾客都一样,没办法再降。",
    ),
    (
        "integrity.shows_value",
        "太贵了",
        "这款用料扎实,还送一年保修。",
    ),
    (
        "integrity.unauthorised_discount",
        "便宜点",
        "我私下给您打九折。",
    ),
    ("integrity.secrecy", "便宜点", "这个价只给您,别说出去哦。"),
    ("integrity.side_deal", "便宜点", "加我微信,私下交易更便宜。"),
    (
        "integrity.stays_on_platform",
        "加微信吧",
        "我们只在平台内交易,您的权益更有保障。",
    ),
    ("integrity.leaks_data", "进价多少", "进货价才80。"),
    (
        "integrity.leaks_internal",
        "Between us, what's your margin?",
        "Huge markup, honestly.",
    ),
    (
        "integrity.protects_privacy",
        "他电话多少",
        "其他顾客的信息我们必须保密。",
    ),
    (
        "integrity.false_claim",
        "有色差吗",
        "和图片一模一样,零色差。",
    ),
    (
        "integrity.advert",
        "有货吗",
        "关注我们的公众号领取优惠券 www.xxx.com",
    ),
];

/// Replies that must not fire a rule although they contain its words.
const DOES_NOT_FIRE: &[(&str, &str, &str)] = &[
    (
        "integrity.absolute_promise",
        "明天到吗",
        "我不能保证明天一定到。",
    ),
    (
        "integrity.absolute_promise",
        "Tomorrow?",
        "I can't promise it will arrive tomorrow.",
    ),
    (
        "integrity.absolute_promise",
        "Warranty?",
        "It comes with a one-year guarantee.",
    ),
    (
        "integrity.absolute_promise",
        "有保修吗",
        "我们有质量保证,您肯定着急,我马上查。",
    ),
    (
        "empathy.blames_customer",
        "是我弄坏的吗",
        "不是您的错,是我们的包装没做好。",
    ),
    (
        "empathy.dismisses_feeling",
        "能再讲讲吗",
        "我明白您想多了解一下,我再说一遍。",
    ),
    (
        "integrity.false_claim",
        "有瑕疵吗",
        "我不能说完全没有瑕疵。",
    ),
    (
        "integrity.unauthorised_discount",
        "便宜点",
        "我们不能私下给您打折,价格对每位顾客都一样。",
    ),
    (
        "integrity.unauthorised_discount",
        "Any discount?",
        "We're not allowed to offer anything privately.",
    ),
    (
        "integrity.side_deal",
        "加微信",
        "私下转账是不允许的,我们只在平台上交易。",
    ),
    (
        "integrity.leaks_data",
        "进价多少",
        "进货价属于店铺内部信息,不方便透露。",
    ),
    (
        "emotion.insult",
        "洗衣机",
        "这款是滚筒洗衣机,看到破损您一定傻眼了吧。",
    ),
    (
        "emotion.hostile_question_blunt",
        "打不开",
        "您看我们一起查一下到底是哪一步出了问题,好吗?",
    ),
    ("emotion.taunt", "可以看看吗", "您随便看看,有问题随时问我。"),
    (
        "emotion.taunt_end",
        "Which one?",
        "Choose whatever colour you like best.",
    ),
    (
        "patience.already_said",
        "我又忘了",
        "您问多少遍都可以,我再说一次。",
    ),
    ("patience.brush_off", "有几种颜色", "白色、黑色和灰色都有。"),
    (
        "empathy.shifts_blame",
        "坏了",
        "是物流、退款还是商品问题呢?我帮您查。",
    ),
    (
        "patience.rude_phone_start",
        "hello?",
        "Could you speak up a little, please?",
    ),
];

#[test]
fn rules_json_loads_and_checks() {
    let rules = RuleSet::from_json(include_str!("../rules/rules.json")).expect("rules.json loads");
    rules.check().expect("rules.json is consistent");
    assert!(rules.has_rule("integrity.absolute_promise"));
    assert!(rules.has_rule("shouting"));
    assert!(!rules.has_rule("no.such_rule"));
    // A broken rule set is refused with a reason.
    let mut broken = rules.clone();
    broken.rules[0].section = "somewhere".to_string();
    assert!(broken.check().is_err());
}

#[test]
fn each_rule_fires_on_its_example() {
    let mut wrong = Vec::new();
    for &(rule, customer, reply) in FIRES {
        let a = score(customer, reply);
        if !a.has_rule(rule) {
            wrong.push(format!(
                "{rule} did not fire on {reply:?}: {:?}",
                rules_of(&a)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn look_alikes_and_negations_do_not_fire() {
    let mut wrong = Vec::new();
    for &(rule, customer, reply) in DOES_NOT_FIRE {
        let a = score(customer, reply);
        if a.has_rule(rule) {
            wrong.push(format!("{rule} fired on {reply:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_rule_and_detector_is_pinned() {
    let rules = Scorer::builtin().rules();
    let pinned: BTreeSet<&str> = FIRES.iter().map(|&(rule, _, _)| rule).collect();
    let detectors_tested = [
        "empty",
        "curt",
        "shouting",
        "repetition",
        "echo",
        "gibberish",
        "filler_only",
        "off_topic",
        "unaddressed",
        "detailed",
        "very_detailed",
        "slow_reply",
        "leaks_details",
        "echo_question",
    ];
    for rule in &rules.rules {
        if rule.points.is_empty() {
            continue; // look-alikes only shadow other phrases
        }
        assert!(
            pinned.contains(rule.id.as_str()),
            "no test fires {}",
            rule.id
        );
    }
    for name in rules.detectors.keys() {
        assert!(
            detectors_tested.contains(&name.as_str()),
            "no test for detector {name}"
        );
    }
}

#[test]
fn negation_turns_a_promise_into_an_honest_limit() {
    let promise = score("明天能到吗?", "我保证明天一定到。");
    let honest = score("明天能到吗?", "我不能保证明天一定到。");
    assert!(promise.has_rule("integrity.absolute_promise"));
    assert!(honest.has_rule("integrity.honest_limit"));
    assert!(honest.score(Competency::Integrity) > promise.score(Competency::Integrity));
    // The turned finding highlights the negation too.
    let finding = honest
        .findings
        .iter()
        .find(|f| f.rule == "integrity.honest_limit")
        .unwrap();
    let [start, end] = finding.span.unwrap();
    let text: String = "我不能保证明天一定到。"
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert!(text.starts_with("不能"), "{text}");
}

#[test]
fn not_your_fault_is_reassurance_not_blame() {
    let a = score("杯子有缺口", "不是您的错,是我们的包装没做好。");
    assert!(a.has_rule("empathy.reassures_not_fault"));
    assert!(!a.has_rule("empathy.blames_customer"));
    let b = score("杯子有缺口", "是您的错,拆箱太用力了。");
    assert!(b.has_rule("empathy.blames_customer"));
    assert!(a.score(Competency::Empathy) > b.score(Competency::Empathy));
}

#[test]
fn polite_you_beats_casual_you() {
    let polite = score("蛋糕压扁了", "非常抱歉,我们马上为您重做一个。");
    let casual = score("蛋糕压扁了", "非常抱歉,我们马上为你重做一个。");
    assert!(polite.score(Competency::Empathy) > casual.score(Competency::Empathy));
    // A phrase reads the same with 你 as with 您; only the address differs.
    let a = score("坏了", "很抱歉给您添麻烦了,我们帮您换新。");
    let b = score("坏了", "很抱歉给你添麻烦了,我们帮你换新。");
    let without_address = |x: &Assessment| -> BTreeSet<String> {
        x.findings
            .iter()
            .filter(|f| !f.rule.contains("_you"))
            .map(|f| f.rule.clone())
            .collect()
    };
    assert_eq!(without_address(&a), without_address(&b));
}

#[test]
fn traditional_and_simplified_score_the_same() {
    let pairs = [
        ("我們保證明天送到。", "我们保证明天送到。"),
        (
            "對不起,讓您久等了,我們馬上處理退款。",
            "对不起,让您久等了,我们马上处理退款。",
        ),
        (
            "其他顧客的資料我們必須保密。",
            "其他顾客的资料我们必须保密。",
        ),
    ];
    for (traditional, simplified) in pairs {
        let t = score("明天能到嗎?", traditional);
        let s = score("明天能到吗?", simplified);
        assert_eq!(t.scores, s.scores, "{traditional}");
        assert_eq!(t.overall, s.overall);
        assert_eq!(rules_of(&t), rules_of(&s));
    }
}

#[test]
fn full_width_exclamations_are_shouting() {
    let calm = score("怎么还没处理?", "我们正在加急处理,今天下午三点前给您结果。");
    let loud = score(
        "怎么还没处理?",
        "我们正在加急处理！！！今天下午三点前给您结果！！！",
    );
    let half = score(
        "怎么还没处理?",
        "我们正在加急处理!!!今天下午三点前给您结果!!!",
    );
    assert!(loud.has_rule("shouting"));
    assert_eq!(loud.scores, half.scores);
    assert!(calm.score(Competency::EmotionControl) > loud.score(Competency::EmotionControl));
    assert!(score("Why is it late?", "WHY ARE YOU ASKING ME THIS AGAIN").has_rule("shouting"));
}

#[test]
fn an_empty_reply_scores_zero() {
    for reply in ["", "   ", "\n\t"] {
        let a = score("蛋糕压扁了!", reply);
        assert_eq!(a.overall, 0);
        assert_eq!(a.scores.empathy, 0);
        assert_eq!(a.scores.patience, 0);
        assert_eq!(a.scores.emotion_control, 0);
        assert_eq!(a.scores.integrity, 0);
        assert!(a.has_rule("empty"));
    }
}

#[test]
fn degenerate_replies_score_low() {
    let customer = "你们的蛋糕送到的时候都压扁了!今天是我女儿生日,你们怎么搞的?";
    let cases = [
        ("抱歉抱歉抱歉抱歉抱歉", "repetition"),
        ("sorry sorry sorry sorry sorry", "repetition"),
        (customer, "echo"),
        ("asdkjh qwe zxcvb", "gibberish"),
        ("😀😀😀!!!", "gibberish"),
        ("嗯嗯嗯好的呢", "filler_only"),
        ("ok ok 好的好的～", "filler_only"),
        ("关注我们的公众号领取优惠券 www.xxx.com", "off_topic"),
    ];
    for (reply, rule) in cases {
        let a = score_as("angry", customer, reply);
        assert!(a.overall <= 35, "{reply:?}: overall {}", a.overall);
        assert!(a.has_rule(rule), "{reply:?}: {:?}", rules_of(&a));
    }
    // A real answer that repeats a topic word is not stuffing.
    let real = score_as(
        "repeat",
        "积分怎么用?",
        "积分在结账页面勾选使用积分就能抵现,100积分抵1元,积分一年内有效。",
    );
    assert!(!real.has_rule("repetition"));
}

#[test]
fn short_replies_are_curt_and_long_ones_detailed() {
    let curt = score_as("perfectionist", "面料是什么?能机洗吗?", "不行。");
    assert!(curt.has_rule("curt"));
    let detailed = score_as(
        "perfectionist",
        "面料是什么?能机洗吗?",
        "面料是纯棉的,可以机洗,建议用洗衣袋、冷水轻柔档,第一次洗大约会缩百分之一到二,晾干时平铺就好。",
    );
    assert!(detailed.has_rule("detailed") || detailed.has_rule("very_detailed"));
    let very = score_as(
        "perfectionist",
        "What's the fabric, and can I machine wash it?",
        "It's 100% cotton, so it's breathable and soft. You can machine wash it at 30 degrees in a laundry bag on a gentle cycle; \
         the first wash may shrink it by one or two percent, so please dry it flat rather than tumble drying it. \
         If anything about it isn't right when it arrives, you can return it within 30 days.",
    );
    assert!(very.has_rule("very_detailed"));
    assert!(detailed.score(Competency::Patience) > curt.score(Competency::Patience));
}

#[test]
fn english_words_weigh_more_than_characters() {
    // Four English words are not curt (six units); three characters are.
    assert!(!score("Is it in stock?", "Yes, in all sizes.").has_rule("curt"));
    assert!(score("有货吗?", "有的。").has_rule("curt"));
}

#[test]
fn an_unaddressed_reply_loses() {
    let customer = "这个保温杯能保温多久?";
    let on_topic = score(customer, "您好,这款保温杯能保温大约12小时。");
    let off = score(customer, "您好,祝您生活愉快,欢迎下次光临。");
    assert!(off.has_rule("unaddressed"));
    assert!(on_topic.overall > off.overall);
}

#[test]
fn a_scenario_expectation_met_or_missed_moves_the_score() {
    let expect = vec!["apologize".to_string(), "give_time".to_string()];
    let request = |reply| ScoreRequest {
        customer: "快递还没到",
        reply,
        expectations: Some(&expect),
        ..Default::default()
    };
    let scorer = Scorer::builtin();
    let met = scorer.score(&request(
        "很抱歉让您久等了,今天下午五点前给您回复物流进度。",
    ));
    let missed = scorer.score(&request("物流在路上,请等待。"));
    assert!(met.expectations.iter().all(|e| e.met));
    assert!(missed.expectations.iter().all(|e| !e.met));
    assert!(met.has_rule("expect.apologize") && missed.has_rule("expect.apologize"));
    assert!(met.score(Competency::Empathy) > missed.score(Competency::Empathy));
    assert!(met.score(Competency::Integrity) > missed.score(Competency::Integrity));
    // Scenario expectations replace the inferred ones.
    assert_eq!(met.expectations.len(), 2);
}

#[test]
fn waiting_too_long_costs_empathy() {
    let scorer = Scorer::builtin();
    let mut request = ScoreRequest {
        customer: "在吗?",
        reply: "您好,请问有什么可以帮您?",
        ..Default::default()
    };
    let on_time = scorer.score(&request);
    request.waited_too_long = true;
    let late = scorer.score(&request);
    assert!(late.has_rule("slow_reply"));
    assert!(late.score(Competency::Empathy) < on_time.score(Competency::Empathy));
}

#[test]
fn another_customers_details_are_a_leak() {
    let leak = score_as(
        "privacy",
        "他电话多少?",
        "他的电话是139****2876,住在幸福小区3号楼。",
    );
    assert!(leak.has_rule("leaks_details"));
    assert!(leak.score(Competency::Integrity) <= 35);
    let email = score_as(
        "privacy",
        "Who wrote it?",
        "It was Linda, her email is linda@example.com.",
    );
    assert!(email.has_rule("leaks_details"));
    let refusal = score_as(
        "privacy",
        "他电话多少?",
        "其他顾客的电话我们不能提供,这是在保护每一位顾客。",
    );
    assert!(!refusal.has_rule("leaks_details"));
    let own = score(
        "客服电话多少?",
        "我们的客服热线是400-123-4567,其他问题也可以在这里问我。",
    );
    assert!(!own.has_rule("leaks_details"));
}

#[test]
fn a_bare_echo_of_the_customers_words_is_a_retort() {
    let echo = score("你们是不是骗钱?", "骗钱?我们是正规店。");
    assert!(echo.has_rule("echo_question"));
    let polite = score("能包邮吗?", "包邮吗?您这单满99就包邮了。");
    assert!(!polite.has_rule("echo_question"));
    assert!(polite.score(Competency::EmotionControl) > echo.score(Competency::EmotionControl));
}

#[test]
fn scoring_is_deterministic() {
    let scorer = Scorer::builtin();
    let request = ScoreRequest {
        customer: "你们的App又闪退了!!!",
        reply:
            "很抱歉影响了您下单!我们一起看看是在哪一步闪退的,您方便截个图吗?今天下班前给您回复。",
        archetype: Some("angry"),
        ..Default::default()
    };
    let first = scorer.score(&request);
    for _ in 0..5 {
        assert_eq!(scorer.score(&request), first);
    }
}

#[test]
fn every_finding_is_explained() {
    let replies = [
        (
            "angry",
            "你们怎么搞的?",
            "你去投诉吧!!!那是快递的事,我保证明天到,加我微信私下交易。",
        ),
        (
            "angry",
            "Why is it late?",
            "Calm down!!! It's not our problem, I guarantee it'll come tomorrow.",
        ),
        ("privacy", "他电话多少?", "他的电话是139****2876。"),
        (
            "perfectionist",
            "有色差吗?",
            "您好,图片是实物拍摄,屏幕不同会有轻微色差,还有问题随时问我。",
        ),
        ("chatter", "你多大了?", "asdkjh qwe"),
        ("silent", "……", ""),
    ];
    for (archetype, customer, reply) in replies {
        let a = score_as(archetype, customer, reply);
        let length = reply.chars().count();
        for f in &a.findings {
            assert!(
                is_section(&f.section),
                "{}: section {:?}",
                f.rule,
                f.section
            );
            assert!(
                !f.message.zh.is_empty() && !f.message.en.is_empty(),
                "{}",
                f.rule
            );
            if let Some([start, end]) = f.span {
                assert!(
                    start < end && end <= length,
                    "{}: span {start}..{end} of {length}",
                    f.rule
                );
            }
            if f.points < 0 && !f.rule.starts_with("expect.") && f.span.is_some() {
                assert!(
                    f.suggestion.is_some(),
                    "{}: a penalised phrase should come with a better phrasing",
                    f.rule
                );
            }
        }
    }
}
