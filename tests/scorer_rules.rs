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

/// Paraphrased pairs written from the guidelines apart from the calibration set
/// (other products, both scripts, English, mixed): (competency, archetype,
/// customer, better, worse). They guard the rules' generality.
const PARAPHRASES: &[(&str, &str, &str, &str, &str)] = &[
    ("emotion_control", "bargainer", "這麼貴，搶錢喔？", "理解您覺得價格高，這款是實木製作，保固五年，所以價格會高一些。如果預算有限，我可以推薦幾款價格比較親民的。", "搶錢？買不起就別在這裡吵。"),
    ("empathy", "abused_shift", "您好，我是第一次来买，想问问这个奶粉适合几个月的宝宝？", "您好，欢迎您！这款是1段奶粉，适合0到6个月的宝宝，如果宝宝大一些可以看看2段。有任何问题都可以问我。", "包装上写着呢，几个月都看得到。"),
    ("emotion_control", "chatter", "你声音真好听，加个微信交个朋友？", "谢谢夸奖～不过工作时间不方便加私人微信哦，您有商品上的问题我随时帮您解答。", "神经啊，谁要跟你交朋友。"),
    ("empathy", "perfectionist", "Is there any chance the frame arrives scratched? I've had bad luck before.", "I'm sorry you've had bad luck before, that's understandable. We wrap every frame in foam corners, and if there's any scratch we'll replace it free.", "We wrap every frame in foam corners, and if there's any scratch we'll replace it free."),
    ("empathy", "repeat", "你们的会员积分到底怎么用？我问了好几个人都没说清楚。", "问了几次都没弄明白，确实很闹心，是我们解释得不到位。积分在结账页面勾选“使用积分”就能抵现，100积分抵1元。", "积分怎么用页面写着呢，您好好看一下就知道了。"),
    ("integrity", "bargainer", "你们有没有内部价？", "我们没有内部价，价格对每位顾客都是一样的，不过现在店铺满200减20，您可以看看。", "有的，我按员工价给你算，九折。"),
    ("empathy", "bargainer", "別家都有折扣，你們怎麼都不打折？", "我懂您想買得划算的心情。我們的價格對每位顧客都一樣，平時不打折，但每個月有會員日，那天全館九折，我可以提醒您。", "別家有折扣就去別家買啊。"),
    ("emotion_control", "suspicious", "This 'sale' price is fake, you just raised the original price.", "I understand why it looks that way. The original price has been the same for six months, and I can send you the price history from the product page.", "Believe what you want, I don't care."),
    ("overall", "angry", "My package says delivered but it's not here!", "I'm sorry, that's worrying. I've opened a trace with the courier and I'll update you by 4pm today; if it's not found, we'll send a replacement.", "!!!!!!"),
    ("empathy", "repeat", "我還是不懂為什麼要補運費……", "是我剛才沒解釋清楚，不好意思。因為您改了更遠的收件地址，運費多了15元，所以需要補差價。", "已經解釋過了，您再看一次上面的訊息。"),
    ("integrity", "privacy", "Can you tell me the address of the person who sent me this gift?", "I'm sorry, I can't share the sender's address without their permission. I can pass a message on to them for you, though.", "Sure, it came from 14 Rose Lane, Bristol, she's called Emma."),
    ("patience", "silent", "喂……請問……", "您好，我在聽，您慢慢說，不用急。", "喂什麼喂，快點講。"),
    ("empathy", "angry", "The delivery guy threw my box over the fence and the vase inside is smashed.", "I'm so sorry your vase arrived smashed. Could you send a photo of the box and the vase so I can get a replacement out to you today?", "Could you send a photo of the box and the vase so I can get a replacement out to you today?"),
    ("empathy", "bargainer", "这台冰箱再打个九折吧，网上别家更便宜。", "理解您想多比较几家，这很正常。这款已经是活动价，不能再打折，不过我们包送货上门，还送三年延保。", "这款已经是活动价，不能再打折，不过我们包送货上门，还送三年延保。"),
    ("integrity", "angry", "周六之前能送到吗？我要带去出差。", "我不能保证周六前一定送到，但已经申请加急，明天上午把最新物流发给您。", "我保证周六前一定送到，已经申请加急，明天上午把最新物流发给您。"),
    ("emotion_control", "repeat", "你到底懂不懂我在问什么？我问的是能不能改地址！", "抱歉，刚才我理解错了。订单还没发货，地址可以改，您把新地址发给我就行。", "你到底有没有在看我回复？我说了好几遍了！"),
    ("empathy", "angry", "You double-booked my table on my anniversary!", "That's our error, and I'm truly sorry. Let me find you the best available table right now.", "That's the restaurant's error, not ours, but I'm sorry. Let me find you the best available table right now."),
    ("patience", "abused_shift", "你好，这个吸尘器有红色的吗？续航多久？能吸宠物毛吗？", "您好！有红色的，现货。续航大约60分钟，配有专门的宠物毛刷头，吸猫毛狗毛都没问题。还有想了解的随时问我～", "有。60分钟。能。"),
    ("empathy", "bargainer", "我退休了，钱不多，能不能便宜点？", "理解您想精打细算，这很正常。价格对每位顾客都一样，没法单独降，不过这款有个小一号的，便宜80元，功能一样，您要不要看看？", "没钱就别买这么贵的。"),
    ("overall", "silent", "...", "Hello, you've reached customer service. How can I help you today?", "..."),
    ("integrity", "privacy", "Can you tell me which hotel room my ex is staying in?", "I'm sorry, I can't share any guest's details or room number; that protects every guest, including you.", "Room 412, but you didn't hear it from me."),
    ("empathy", "perfectionist", "我有点强迫症，这个柜子的门缝会不会不齐？", "完全理解，柜门对不齐看着确实难受。这款柜门有三向可调铰链，装好后如果缝隙不齐，用螺丝刀调一下就能对齐，我也可以把调节视频发给您。", "强迫症是您自己的问题，柜子本身没问题。"),
    ("empathy", "abused_shift", "你好，我是外地的，想问问能不能寄到新疆？", "您好！可以寄到新疆的，一般5到7天送到，偏远地区运费会多一点，下单时系统会自动显示。", "能寄，运费贵，自己看。"),
    ("patience", "abused_shift", "Hello! Does this kettle switch off by itself when it boils?", "Hello! Yes, it switches off automatically when the water boils, and it also cuts off if it's switched on empty. Let me know if you'd like to know anything else.", "Yes. Obviously."),
    ("empathy", "repeat", "我还是不懂怎么退款……", "没关系，是我没讲清楚。我们一起来：打开订单，点“退款”，选原因提交就可以了。", "没关系，你们自己打开订单，点“退款”，选原因提交就可以了。"),
    ("emotion_control", "repeat", "What? I still don't get it.", "Sorry, let me put it another way: the refund goes back to the card you paid with, and it usually shows up within five days.", "What part of 'refund to your card' don't you get?"),
    ("overall", "perfectionist", "這個鍋子可以用洗碗機洗嗎？", "可以的，鍋身和鍋蓋都可以放洗碗機，不過手柄是木頭的，建議手洗，這樣比較耐用。", "可以"),
    ("patience", "chatter", "你们老板帅不帅？", "哈哈，老板的事我就不八卦啦～您之前看的那款手表今天有货，要不要我帮您看看？", "不知道，你到底买不买？"),
    ("empathy", "angry", "你们的面包里吃出了头发！", "吃出头发真的太恶心了，换作是我也会很生气，非常对不起。这单全额退款，我们也会严查生产线。", "这单全额退款，我们也会严查生产线。"),
    ("patience", "repeat", "不好意思，能再说一遍取件码在哪吗？", "当然可以，取件码在短信里，也可以在App“我的包裹”里找到。还有不清楚的随时问我～", "取件码在短信里，也可以在App“我的包裹”里找到。都说过了。"),
    ("empathy", "angry", "I've been on hold for an hour. An HOUR.", "An hour is far too long, and I'm sorry you've had to wait like that. I'm here now and I'll stay with you until this is sorted. What can I help with?", "We're very busy today. What's the issue?"),
    ("emotion_control", "abused_shift", "Hi there! Do you ship to Ireland?", "Hi! Yes, we ship to Ireland; delivery takes 3 to 5 working days. Anything else I can help with?", "Ugh. Yes. Shipping page."),
    ("empathy", "perfectionist", "Sorry to be a pain, but can you double-check the measurements before I order?", "You're not being a pain at all, it's smart to double-check. I've just measured one from our stock: 82 cm wide, 45 cm deep and 90 cm high.", "The measurements are on the listing. They're correct."),
    ("patience", "chatter", "Ha, I always chat too much, sorry! So, the headphones, do they fold?", "No need to apologise, I enjoy a chat! Yes, they fold flat and come with a soft case, so they're easy to carry.", "Yes, they fold. Anything else? I've got a queue."),
    ("emotion_control", "bargainer", "This is daylight robbery.", "I understand it feels expensive. It's solid walnut and comes with a ten-year guarantee, which is why it costs more; I can also show you our oak range, which is lower priced.", "Nobody's robbing you. Don't buy it."),
    ("overall", "angry", "You sent me a broken mirror!", "I'm so sorry the mirror arrived broken. Please don't handle the glass; send me a photo and I'll send a replacement today.", "You sent me a broken mirror!"),
    ("emotion_control", "chatter", "你们客服是不是都很无聊，天天坐着打字？", "哈哈，其实每天能帮大家解决问题还挺有意思的～您今天想看点什么呢？", "无聊也比你闲得发慌好。"),
    ("empathy", "repeat", "我又来问了，积分到底什么时候到账？", "不好意思让您跑了几趟，是我们之前没说清楚。积分会在确认收货后24小时内到账。", "都说了确认收货后24小时内到账，您再等等。"),
    ("emotion_control", "abused_shift", "Good morning! Can I change my delivery address?", "Good morning! Yes, as long as it hasn't shipped. Send me the new address and I'll update it straight away.", "Yes. Send it. Quickly."),
    ("patience", "silent", "（对方一直没说话）", "您好，请问能听到我说话吗？您慢慢说，我一直在的。", "有事没事？没事挂了。"),
    ("overall", "perfectionist", "Does this shirt need ironing?", "It's a cotton blend with a little stretch, so it creases less than pure cotton; a quick iron or a steamer keeps it crisp.", "Follow us on Instagram for styling tips!"),
    ("integrity", "perfectionist", "Is this phone case fully shockproof?", "It's designed to absorb drops of up to about 1.5 metres, which covers most everyday falls, but no case can protect a phone from every drop.", "Fully shockproof, your phone will survive anything."),
    ("empathy", "suspicious", "你们的评论区怎么一条差评都没有，是不是删了？", "您这么想很正常，全是好评确实容易让人起疑。我们没有删评价，您可以筛选“中评”和“追评”看看，也有一些顾客提了建议。", "信不信随你，我们从来不删评论。"),
    ("empathy", "bargainer", "I'm a student, is there anything you can do on price?", "I appreciate you asking, student budgets are tight. I can't lower the price, but we do have an official student discount: verify your student email and you'll get 10% off.", "Students always ask that. No."),
    ("integrity", "perfectionist", "这个不锈钢锅会不会生锈？", "304不锈钢正常使用不容易生锈，但如果长时间泡在盐水里，表面可能会出现锈点，用完及时擦干就好。", "永远不会生锈，怎么用都不会。"),
    ("integrity", "repeat", "你们说好的补偿呢？", "是我们没按时兑现，真的很抱歉。补偿的50元券我刚刚已经发到您账户，您可以在“我的-优惠券”里看到。", "早就发了，您自己没看到吧。"),
    ("integrity", "privacy", "你们那个快递员电话多少？我想直接找他。", "快递员的私人电话我们不方便提供，您有什么需要，我可以帮您联系快递公司转达，或者查一下配送进度。", "他电话是135 8888 6666，你直接打。"),
    ("patience", "repeat", "I'm sorry, how do I reset it again?", "No problem at all: hold the reset button on the back for ten seconds until the light blinks, then wait a minute for it to restart. Tell me if the light doesn't blink.", "Hold the reset button. Like I said."),
];

#[test]
fn paraphrased_pairs_are_ordered() {
    let mut wrong = Vec::new();
    for &(competency, archetype, customer, better, worse) in PARAPHRASES {
        let c = Competency::parse(competency).unwrap();
        let b = score_as(archetype, customer, better).score(c);
        let w = score_as(archetype, customer, worse).score(c);
        if b <= w {
            wrong.push(format!(
                "{competency}: {b} <= {w}\n   + {better}\n   - {worse}"
            ));
        }
    }
    // Like the calibration set: at least 95% in order.
    assert!(
        wrong.len() * 20 <= PARAPHRASES.len(),
        "{} of {} out of order:\n{}",
        wrong.len(),
        PARAPHRASES.len(),
        wrong.join("\n")
    );
}

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

/// Every example beside a rule or detector in `rules/rules.json`: `fires`
/// replies must produce a finding of that rule, `silent` ones must not.
#[test]
fn every_rule_example_in_rules_json_holds() {
    let rules = Scorer::builtin().rules();
    let mut wrong = Vec::new();
    let mut checked = 0;
    let named = rules
        .rules
        .iter()
        .map(|r| (r.id.as_str(), &r.fires, &r.silent))
        .chain(
            rules
                .detectors
                .iter()
                .map(|(id, d)| (id.as_str(), &d.fires, &d.silent)),
        );
    for (id, fires, silent) in named {
        for example in fires {
            checked += 1;
            let a = score(&example.customer, &example.reply);
            if !a.has_rule(id) {
                wrong.push(format!(
                    "{id} did not fire on {:?}: {:?}",
                    example.reply,
                    rules_of(&a)
                ));
            }
        }
        for example in silent {
            checked += 1;
            if score(&example.customer, &example.reply).has_rule(id) {
                wrong.push(format!("{id} fired on {:?}", example.reply));
            }
        }
    }
    println!("{checked} examples");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every rule that moves a score, and every detector that can fire on a
/// reply, has at least one example that fires it.
#[test]
fn every_rule_and_detector_has_an_example() {
    let rules = Scorer::builtin().rules();
    for rule in &rules.rules {
        if rule.points.is_empty() {
            continue; // look-alikes only shadow other phrases
        }
        assert!(!rule.fires.is_empty(), "no example fires {}", rule.id);
    }
    // These depend on a scenario's timer, the customer's topic or an advert:
    // they have their own tests below.
    let elsewhere = ["empty", "slow_reply", "off_topic", "unaddressed", "echo"];
    for (name, detector) in &rules.detectors {
        if elsewhere.contains(&name.as_str()) {
            continue;
        }
        assert!(
            !detector.fires.is_empty(),
            "no example fires detector {name}"
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
            // The cap on formulas may take back a different amount.
            .filter(|f| !f.rule.contains("_you") && f.rule != "stock_pile")
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
fn clipped_sentences_in_a_row_are_curt() {
    assert!(score("Can I change the address?", "Yes. Send it. Quickly.").has_rule("curt"));
    assert!(score("有白色吗?容量多大?能预约吗?", "有。4升。能。").has_rule("curt"));
    assert!(!score(
        "Can I change the address?",
        "Yes, you can. Send me the new address and I'll update it straight away."
    )
    .has_rule("curt"));
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
fn a_cold_challenge_costs_composure_but_a_polite_question_does_not() {
    let cold = score("这个有几种颜色?", "你还买不买?");
    assert!(cold.has_rule("cold_challenge"));
    let polite = score("这个有几种颜色?", "有三种颜色,您比较喜欢哪一种呢?");
    assert!(!polite.has_rule("cold_challenge"));
    let warm = score(
        "Which size?",
        "Thanks for asking! Which size do you usually wear?",
    );
    assert!(!warm.has_rule("cold_challenge"));
    assert!(polite.score(Competency::EmotionControl) > cold.score(Competency::EmotionControl));
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

/// Found by playing angry-late-cake in English with typed replies: telling a
/// customer where *their* rider is was charged as leaking another customer's
/// address, and "we'll make an identical one" was not heard as a remake.
#[test]
fn the_customers_own_rider_is_no_leak_and_an_identical_cake_is_a_remake() {
    let rider = score_as(
        "angry",
        "The rider won't answer my calls. Where is he right now?",
        "He's stuck on Zhongshan Road; he'll be with you by 4:20.",
    );
    assert!(!rider.has_rule("leaks_details"));
    let neighbour = score_as(
        "privacy",
        "Where does the lady who bought the other pram live?",
        "She lives on Zhongshan Road, number 12.",
    );
    assert!(neighbour.has_rule("leaks_details"));
    let acts = Scorer::builtin().acts("We'll make an identical one and bring it before six.");
    assert!(acts.iter().any(|a| a.kind.as_deref() == Some("remake")));
}

/// Boilerplate in place of the customer's situation misses "acknowledge the
/// feeling" even when the reply offers a procedure; a warm sentence in the
/// agent's own words with a real next step still meets it.
#[test]
fn boilerplate_does_not_stand_in_for_acknowledging_the_situation() {
    let customer = "手机刚买一周就黑屏开不了机，我工作全靠它";
    let boilerplate = score_as(
        "angry",
        customer,
        "非常理解您的心情，感谢您的反馈，给您带来不便深表歉意。请您按照售后流程自行寄回检测，检测周期为7-15个工作日。",
    );
    assert!(
        boilerplate
            .findings
            .iter()
            .any(|f| f.rule == "expect.acknowledge_feeling" && f.points < 0),
        "{:?}",
        boilerplate.findings
    );
    assert!(boilerplate.scores.empathy <= 40, "{:?}", boilerplate.scores);
    let own_words = score_as(
        "angry",
        customer,
        "一周就黑屏，还耽误您工作，真的很抱歉。我现在给您开换新，顺丰明天上门取件，新机后天到。",
    );
    assert!(!own_words
        .findings
        .iter()
        .any(|f| f.rule == "expect.acknowledge_feeling" && f.points < 0));
    assert!(own_words.scores.empathy > boilerplate.scores.empathy + 20);
}

/// The same apology three times reads as a script; said once it does not.
#[test]
fn an_apology_said_three_times_is_a_script() {
    let customer = "the jacket zip broke first time i wore it, really annoyed";
    let thrice = score_as(
        "angry",
        customer,
        "I'm sorry the zip went on the first wear. I'm sorry. I'll email a returns label now. Again, I'm so sorry.",
    );
    assert!(thrice.has_rule("repeated_formula"));
    let once = score_as(
        "angry",
        customer,
        "I'm sorry the zip went on the first wear. I'll email a returns label now and a new jacket goes out the moment it's scanned.",
    );
    assert!(!once.has_rule("repeated_formula"));
}
