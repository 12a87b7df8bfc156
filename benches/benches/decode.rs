//! Decode speed: a large conversation list (500 conversations in the server's
//! shape) into the typed models, against `serde_json::Value`, in one group.

use std::hint::black_box;

use chatwoot_application::types::ConversationList;
use chatwoot_benches::fixtures;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Conversations in the decoded list.
const ITEMS: usize = 500;

fn decode(c: &mut Criterion) {
    let body = fixtures::bytes(&fixtures::list_conversations(ITEMS));
    let mut group = c.benchmark_group("decode_conversation_list_500");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            let list: ConversationList =
                serde_json::from_slice(black_box(&body)).expect("typed decode");
            black_box(list)
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            let list: serde_json::Value =
                serde_json::from_slice(black_box(&body)).expect("value decode");
            black_box(list)
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
