use service_dojo::scorer::{ScoreRequest, Scorer};
const CUSTOMER: &str =
    "你们的蛋糕送到的时候都压扁了!今天是我女儿生日,你们怎么搞的?I want a refund NOW.";
fn mixed_reply() -> String {
    let parts = [
        "女儿的生日蛋糕被压坏,换作是我也会特别难过,真的非常抱歉,是我们包装和配送没做好。",
        "我们马上为您重做一个,今天下午四点前送到,这一单的费用也全额退给您。",
        "如果路上有延误,我会在三点前先打电话通知您,我不能保证百分之百准时,但会尽力争取。",
        "I'm really sorry about this. I can't guarantee the exact minute, but I'll keep you posted and call you back by 3pm. ",
        "您還有其他想了解的,隨時問我;其他顧客的資料我們必須保密,也請您放心。",
        "Thanks for your patience, and please let me know if anything else comes up. ",
        "再次向您致歉,祝您女儿生日快乐!",
    ];
    let mut reply = String::new();
    while reply.chars().count() < 500 {
        for part in parts {
            reply.push_str(part);
        }
    }
    reply.chars().take(500).collect()
}
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(2000);
    let scorer = Scorer::builtin();
    let reply = mixed_reply();
    let t = std::time::Instant::now();
    let mut sum = 0u64;
    for _ in 0..n {
        sum += scorer
            .score(&ScoreRequest {
                customer: CUSTOMER,
                reply: &reply,
                archetype: Some("angry"),
                ..Default::default()
            })
            .overall as u64;
    }
    let el = t.elapsed();
    let t2 = std::time::Instant::now();
    for _ in 0..n {
        sum += scorer.acts(&reply).len() as u64;
    }
    let el2 = t2.elapsed();
    println!(
        "score {:.1} us/reply, acts alone {:.1} us ({sum})",
        el.as_secs_f64() * 1e6 / n as f64,
        el2.as_secs_f64() * 1e6 / n as f64
    );
}
