//! No input from the network makes decoding panic. Every generated type of
//! the three families is fed random bytes, random JSON, and (to reach deep
//! into the types) valid samples of its own schema with random mutations.
//!
//! Bounded for CI: `CHATWOOT_FUZZ_ROUNDS` rounds per type (default 60; each
//! round tries 4 inputs). A longer run:
//! `CHATWOOT_FUZZ_ROUNDS=20000 cargo test -p chatwoot-tests --test decode_fuzz --release -- --nocapture`.

use std::sync::atomic::{AtomicUsize, Ordering};

use chatwoot_tests::sample;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

static INPUTS: AtomicUsize = AtomicUsize::new(0);

fn rounds() -> usize {
    std::env::var("CHATWOOT_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

/// Any JSON value, up to `depth` levels deep.
fn random_json(rng: &mut fastrand::Rng, depth: usize) -> Value {
    match rng.u8(0..if depth == 0 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(rng.f64() * 1e6 - 5e5),
        4 => json!(
            [
                "",
                "open",
                "2026-03-19T10:20:30Z",
                "😀",
                "\u{0}",
                "-1",
                "1e309"
            ][rng.usize(0..7)]
        ),
        5 => json!(rng.u64(..)),
        6 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| random_json(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.usize(0..4))
                .map(|_| {
                    (
                        ["id", "payload", "meta", "status", "x"][rng.usize(0..5)].to_owned(),
                        random_json(rng, depth - 1),
                    )
                })
                .collect::<Map<_, _>>(),
        ),
    }
}

/// `value` with one node somewhere replaced, removed or retyped.
fn mutate(rng: &mut fastrand::Rng, value: &mut Value) {
    match value {
        Value::Object(map) if !map.is_empty() && rng.bool() => {
            let key = map
                .keys()
                .nth(rng.usize(0..map.len()))
                .cloned()
                .unwrap_or_default();
            match rng.u8(0..3) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    if let Some(child) = map.get_mut(&key) {
                        mutate(rng, child);
                    }
                }
                _ => {
                    map.insert(key, random_json(rng, 2));
                }
            }
        }
        Value::Array(items) if !items.is_empty() && rng.bool() => {
            let i = rng.usize(0..items.len());
            mutate(rng, &mut items[i]);
        }
        _ => *value = random_json(rng, 2),
    }
}

/// Feeds one type its inputs; a panic fails the test, an error is expected.
fn fuzz<T: DeserializeOwned + JsonSchema>(seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let root = serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null);
    let valid = sample(&root, &root, 0);
    for _ in 0..rounds() {
        let bytes: Vec<u8> = (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect();
        let _ = serde_json::from_slice::<T>(&bytes);
        let _ = serde_json::from_value::<T>(random_json(&mut rng, 4));
        let mut mutated = valid.clone();
        mutate(&mut rng, &mut mutated);
        let _ = serde_json::from_value::<T>(mutated.clone());
        let text = mutated.to_string();
        let cut = rng.usize(0..=text.len());
        let _ = serde_json::from_slice::<T>(&text.as_bytes()[..cut]);
        INPUTS.fetch_add(4, Ordering::Relaxed);
    }
}

macro_rules! fuzz_all {
    ($($ty:path),* $(,)?) => {
        fn all() -> usize {
            let mut types = 0;
            $( fuzz::<$ty>(0x5EED ^ types as u64); types += 1; )*
            types
        }
    };
}

fn report(family: &str, types: usize) {
    println!(
        "{family}: {types} types fuzzed, {} inputs so far in this process, no panic",
        INPUTS.load(Ordering::Relaxed)
    );
}

#[test]
fn application_decoding_never_panics() {
    chatwoot::application::for_each_type!(fuzz_all);
    report("application", all());
}

#[test]
fn client_decoding_never_panics() {
    chatwoot::client::for_each_type!(fuzz_all);
    report("client", all());
}

#[test]
fn platform_decoding_never_panics() {
    chatwoot::platform::for_each_type!(fuzz_all);
    report("platform", all());
}
