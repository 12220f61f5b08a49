//! Company policy: the shared validator (browser and `dojo validate`) and
//! the scorer's policy hook.

use service_dojo::policy::{is_policy, load, Policy, MAX_POLICY_BYTES};
use service_dojo::scorer::policy::with_policy;
use service_dojo::scorer::{Assessment, Competency, ScoreRequest, Scorer};

fn score(customer: &str, reply: &str, policy: Option<&Policy>) -> Assessment {
    with_policy(policy, || {
        Scorer::builtin().score(&ScoreRequest {
            customer,
            reply,
            archetype: Some("bargainer"),
            expectations: None,
            waited_too_long: false,
        })
    })
}

fn has(a: &Assessment, rule: &str) -> bool {
    a.findings.iter().any(|f| f.rule == rule)
}

const ASK: &str = "Can I get a discount?";

#[test]
fn quoting_the_member_discount_is_honest_and_an_invented_discount_is_not() {
    let policy = Policy::example();
    let quote = "I'll give you a discount: members get 5% off every order.";
    let without = score(ASK, quote, None);
    assert!(has(&without, "integrity.unauthorised_discount"));
    let with = score(ASK, quote, Some(&policy));
    assert!(
        !has(&with, "integrity.unauthorised_discount"),
        "{:?}",
        with.findings
    );
    let offer = with
        .findings
        .iter()
        .find(|f| f.rule == "policy.offer.member-discount")
        .expect("the offer's finding");
    assert!(offer.points > 0);
    assert!(offer.message.en.contains("Members get 5% off every order."));
    assert!(offer.message.zh.contains("会员购物享受 95 折"));
    assert!(with.score(Competency::Integrity) > without.score(Competency::Integrity));
    assert!(with.overall > without.overall);
    assert!(with
        .expectations
        .iter()
        .any(|e| e.id == "hold_price" && e.met));

    // Inventing one is still an unauthorised discount, policy or not.
    for invented in [
        "I'll give you a discount, just this once.",
        "Members get 5% off, and I'll knock off another 10% for you privately.",
    ] {
        let a = score(ASK, invented, Some(&policy));
        assert!(
            has(&a, "integrity.unauthorised_discount"),
            "{invented}: {:?}",
            a.findings
        );
        assert!(
            a.expectations
                .iter()
                .any(|e| e.id == "hold_price" && !e.met),
            "{invented}"
        );
    }
    // And in Chinese: the real threshold quoted, a second discount invented.
    let a = score(
        "能便宜点吗？",
        "满99元包邮，这单我再给您打个折。",
        Some(&policy),
    );
    assert!(has(&a, "policy.offer.free-shipping"));
    assert!(has(&a, "integrity.unauthorised_discount"));
}

#[test]
fn a_stated_policy_fact_is_not_an_absolute_promise_in_its_own_clause_only() {
    let policy = Policy::example();
    let customer = "Can I send it back?";
    let fact = "We guarantee you can return it within 7 days.";
    assert!(has(
        &score(customer, fact, None),
        "integrity.absolute_promise"
    ));
    let with = score(customer, fact, Some(&policy));
    assert!(
        !has(&with, "integrity.absolute_promise"),
        "{:?}",
        with.findings
    );
    assert!(has(&with, "policy.fact.return-window"));
    let other = "您可以七天无理由退货，保证没问题。";
    let with = score("能退吗？", other, Some(&policy));
    assert!(has(&with, "policy.fact.return-window"));
    assert!(
        has(&with, "integrity.absolute_promise"),
        "{:?}",
        with.findings
    );
}

#[test]
fn a_forbidden_phrase_is_a_finding_citing_the_policy_and_a_wanted_one_earns_points() {
    let policy = Policy::example();
    let reply = "别家都比我们贵，您放心买。";
    let without = score("能便宜点吗？", reply, None);
    let with = score("能便宜点吗？", reply, Some(&policy));
    let forbidden = with
        .findings
        .iter()
        .find(|f| f.rule == "policy.forbidden.no-competitor-talk")
        .expect("the forbidden phrase's finding");
    assert_eq!(forbidden.points, -10);
    assert_eq!(forbidden.competency, Competency::Integrity);
    assert_eq!(forbidden.span, Some([0, 2]));
    assert!(forbidden
        .message
        .en
        .contains("Never comment on other shops."));
    assert!(forbidden.section.contains("no-competitor-talk"));
    assert!(with.score(Competency::Integrity) < without.score(Competency::Integrity));

    let reply = "麻烦您提供一下订单号，我马上帮您查。";
    let without = score("我的快递呢？", reply, None);
    let with = score("我的快递呢？", reply, Some(&policy));
    assert!(has(&with, "policy.wanted.order-number"));
    assert_eq!(
        with.score(Competency::Integrity),
        without.score(Competency::Integrity) + 3
    );
}

#[test]
fn without_a_policy_nothing_changes_and_the_active_one_is_restored() {
    let reply = "I'll give you a discount: members get 5% off every order.";
    let plain = Scorer::builtin().score(&ScoreRequest {
        customer: ASK,
        reply,
        archetype: Some("bargainer"),
        expectations: None,
        waited_too_long: false,
    });
    assert_eq!(score(ASK, reply, None), plain);
    let _ = score(ASK, reply, Some(&Policy::example()));
    assert_eq!(score(ASK, reply, None), plain);
    // An empty policy changes nothing either.
    let empty = Policy::new(Policy::example().name);
    assert_eq!(score(ASK, reply, Some(&empty)), plain);
}

#[test]
fn a_policy_cannot_remove_or_silence_a_built_in_rule() {
    let mut value: serde_json::Value = serde_json::from_str(&Policy::example().to_json()).unwrap();
    value["disable_rules"] = serde_json::json!(["integrity.unauthorised_discount"]);
    let problems = load("shop.json", &value.to_string()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "/disable_rules");
    assert!(
        problems[0].message.en.contains("cannot switch off"),
        "{problems:?}"
    );
    assert!(problems[0].message.zh.contains("不能关闭"));

    // An "offer" that is exactly a penalised phrase would silence the rule.
    let mut policy = Policy::example();
    policy.offers[0].phrases.push("give you a discount".into());
    policy.wanted[0].phrases.push("私下给".into());
    let problems = load("shop.json", &policy.to_json()).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{shown:?}");
    assert!(
        shown[0].contains("/offers/0/phrases/9")
            && shown[0].contains("integrity.unauthorised_discount"),
        "{shown:?}"
    );
    assert!(
        shown[1].contains("/wanted/0/phrases/2") && shown[1].contains("cannot reward"),
        "{shown:?}"
    );
}

#[test]
fn the_validator_names_every_problem_with_its_place() {
    assert!(load("shop.json", &Policy::example().to_json()).is_ok());
    let mut policy = Policy::example();
    policy.offers[1].id = policy.offers[0].id.clone();
    policy.forbidden[0].points = 5;
    policy.wanted[0].points = 50;
    policy.facts[0].phrases = vec![];
    policy.offers[0].competency = Competency::Overall;
    let problems = load("shop.json", &policy.to_json()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/offers/0/competency",
            "/offers/1/id",
            "/facts/0/phrases",
            "/forbidden/0/points",
            "/wanted/0/points"
        ]
    );
    let not_json = load("shop.json", "{\"format\": \"service-dojo-policy\",").unwrap_err();
    assert!(not_json[0].path.contains(':'));
    let not_ours = load("shop.json", "{\"format\": \"something-else\"}").unwrap_err();
    assert_eq!(not_ours[0].path, "/format");
    let wrong = Policy::example()
        .to_json()
        .replace("\"points\": 4", "\"points\": \"four\"");
    let shape = load("shop.json", &wrong).unwrap_err();
    assert_eq!(shape[0].path, "/offers/0/points");
}

#[test]
fn hostile_policy_text_is_data_and_huge_files_are_refused_unread() {
    let mut policy = Policy::example();
    policy.name.en = "<script>alert(1)</script>".into();
    policy.offers[0].message.en = "<img src=x onerror=alert(1)> javascript:alert(1)".into();
    let loaded = load("shop.json", &policy.to_json()).unwrap();
    assert_eq!(loaded.name.en, "<script>alert(1)</script>");
    let mut huge = Policy::example();
    huge.name.en = "x".repeat(1_000_000);
    let text = huge.to_json();
    assert!(is_policy(&text));
    let problems = load("huge.json", &text).unwrap_err();
    assert!(text.len() > MAX_POLICY_BYTES);
    assert!(problems[0].message.en.contains("too large"));
    // A long text inside the size limit is refused by field.
    let mut long = Policy::example();
    long.offers[0].message.en = "y".repeat(5_000);
    let problems = load("long.json", &long.to_json()).unwrap_err();
    assert_eq!(problems[0].path, "/offers/0/message");
}

#[test]
fn dojo_validate_accepts_policy_files_through_the_same_validator() {
    let dir = std::env::temp_dir().join(format!("dojo-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("shop.json");
    std::fs::write(&good, Policy::example().to_json()).unwrap();
    let mut bad = Policy::example();
    bad.forbidden[0].points = 3;
    let bad_path = dir.join("bad.json");
    std::fs::write(&bad_path, bad.to_json()).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let files = vec![good.display().to_string(), bad_path.display().to_string()];
    let code = service_dojo::cli::validate(&files, &mut out, &mut err);
    let (out, err) = (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    );
    assert!(out.contains("ok  shop.json (policy)"), "{out}");
    assert!(
        err.contains("bad.json: /forbidden/0/points: points must be between -40 and -1"),
        "{err}"
    );
    assert_eq!(code, std::process::ExitCode::FAILURE);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `policies/example.json` is the example a trainer starts from (the policy
/// page's "start from the example" gives the same): it validates.
#[test]
fn the_example_file_is_the_example_policy_and_validates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/example.json");
    if std::env::var("WRITE_POLICY_EXAMPLE").is_ok() {
        std::fs::write(path, Policy::example().to_json()).unwrap();
    }
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(load("example.json", &text).unwrap(), Policy::example());
}
