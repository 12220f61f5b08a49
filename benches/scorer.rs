//! Scorer benchmarks: a typical 500-character mixed reply, 10 KB and 100 KB
//! pastes (the cost should grow linearly), and building the scorer from
//! `rules/rules.json` (done once per process, never per reply).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use service_dojo::scorer::{RuleSet, ScoreRequest, Scorer};

const CUSTOMER: &str =
    "你们的蛋糕送到的时候都压扁了!今天是我女儿生日,你们怎么搞的?I want a refund NOW.";

/// About 500 characters of mixed simplified Chinese, traditional Chinese and English.
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

fn paste(bytes: usize) -> String {
    let unit = mixed_reply();
    let mut text = String::with_capacity(bytes + unit.len());
    while text.len() < bytes {
        text.push_str(&unit);
        text.push('\n');
    }
    text
}

fn score(scorer: &Scorer, reply: &str) -> u8 {
    scorer
        .score(&ScoreRequest {
            customer: CUSTOMER,
            reply,
            archetype: Some("angry"),
            ..Default::default()
        })
        .overall
}

fn bench_replies(c: &mut Criterion) {
    let scorer = Scorer::builtin();
    let reply = mixed_reply();
    c.bench_function("score/500 chars mixed", |b| {
        b.iter(|| score(scorer, black_box(&reply)))
    });

    let mut group = c.benchmark_group("score/paste");
    group.sample_size(20);
    for kb in [10usize, 100] {
        let text = paste(kb * 1024);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{kb} KB")),
            &text,
            |b, text| b.iter(|| score(scorer, black_box(text))),
        );
    }
    group.finish();
}

fn bench_build(c: &mut Criterion) {
    let json = include_str!("../rules/rules.json");
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("parse + compile rules.json", |b| {
        b.iter(|| Scorer::new(RuleSet::from_json(black_box(json)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench_replies, bench_build);
criterion_main!(benches);
