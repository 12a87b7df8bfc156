//! Request overhead: a typical GET (list conversations, a page of 25) and a
//! POST (create a message) through the SDK, against the same requests made
//! with bare `reqwest` + `serde_json::Value`, both against one local canned
//! server in the same run (one criterion group per request).

use std::hint::black_box;

use chatwoot_benches::{
    bare_client, bare_create_message, bare_list, pin_to_one_cpu, runtime, sdk_client,
    sdk_create_message, sdk_list, start_server,
};
use criterion::{Criterion, criterion_group, criterion_main};

fn requests(c: &mut Criterion) {
    // Client and server on one core, as in `bench-overhead` (see `pin_to_one_cpu`).
    let _ = pin_to_one_cpu();
    let server = start_server().expect("the canned server starts");
    let base = server.base_url();
    let runtime = runtime();
    let sdk = sdk_client(&base);
    let bare = bare_client();

    let mut list = c.benchmark_group("list_conversations");
    list.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(sdk_list(&sdk).await.expect("sdk list")) })
    });
    list.bench_function("bare_reqwest_value", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(bare_list(&bare, &base).await.expect("bare list")) })
    });
    list.finish();

    let mut create = c.benchmark_group("create_message");
    create.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(sdk_create_message(&sdk).await.expect("sdk create")) })
    });
    create.bench_function("bare_reqwest_value", |b| {
        b.to_async(&runtime).iter(|| async {
            black_box(
                bare_create_message(&bare, &base)
                    .await
                    .expect("bare create"),
            )
        })
    });
    create.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
