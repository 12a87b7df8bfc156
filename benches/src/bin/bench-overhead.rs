//! Time and client CPU per request, SDK versus bare `reqwest` +
//! `serde_json::Value`, measured in interleaved rounds (SDK, bare, SDK, ...)
//! so that the machine's noise falls on both alike. Prints one JSON line per
//! request kind with per-call medians over the rounds, for `cargo xtask bench`.
//!
//! `bench-overhead [ROUNDS] [CALLS_PER_ROUND]` (default 30 and 200). With
//! `BENCH_PROFILE=<request>/<sdk|bare>` it makes only those calls, for `perf`.

use std::time::{Duration, Instant};

use chatwoot_benches::{
    BoxError, bare_client, bare_create_message, bare_list, future_sizes, pin_to_one_cpu, runtime,
    sdk_client, sdk_create_message, sdk_list, start_server, thread_cpu_time,
};

/// Per-call wall and CPU time of one round.
#[derive(Clone, Copy)]
struct Round {
    wall: Duration,
    cpu: Duration,
}

async fn round<F, Fut>(calls: u32, mut call: F) -> Result<Round, BoxError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), BoxError>>,
{
    let (wall, cpu) = (Instant::now(), thread_cpu_time());
    for _ in 0..calls {
        call().await?;
    }
    Ok(Round {
        wall: wall.elapsed() / calls,
        cpu: (thread_cpu_time() - cpu) / calls,
    })
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(30);
    let calls: u32 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(200);
    let pinned = pin_to_one_cpu();
    let server = start_server()?;
    let base = server.base_url();
    let runtime = runtime();
    let sdk = sdk_client(&base);
    let bare = bare_client();
    if let Ok(only) = std::env::var("BENCH_PROFILE") {
        // One variant alone, for a profiler: `BENCH_PROFILE=create_message/sdk`.
        return runtime.block_on(async {
            for _ in 0..rounds * calls as usize {
                match only.as_str() {
                    "list_conversations/sdk" => sdk_list(&sdk).await.map(drop)?,
                    "list_conversations/bare" => bare_list(&bare, &base).await.map(drop)?,
                    "create_message/sdk" => sdk_create_message(&sdk).await.map(drop)?,
                    "create_message/bare" => bare_create_message(&bare, &base).await.map(drop)?,
                    other => return Err(format!("BENCH_PROFILE={other}: unknown").into()),
                }
            }
            Ok(())
        });
    }
    let sizes = future_sizes(&sdk, &bare, &base);
    let size_of = |id: &str| sizes.iter().find(|(k, _)| *k == id).map_or(0, |(_, n)| *n);
    runtime.block_on(async {
        for kind in ["list_conversations", "create_message"] {
            let list = kind == "list_conversations";
            let sdk_call = || async {
                if list {
                    sdk_list(&sdk).await.map(drop)
                } else {
                    sdk_create_message(&sdk).await.map(drop)
                }
            };
            let bare_call = || async {
                if list {
                    bare_list(&bare, &base).await.map(drop)
                } else {
                    bare_create_message(&bare, &base).await.map(drop)
                }
            };
            // Warm up both: connections open, allocator and caches settled.
            round(calls, sdk_call).await?;
            round(calls, bare_call).await?;
            let (mut sdk_rounds, mut bare_rounds) = (Vec::new(), Vec::new());
            for i in 0..rounds {
                // Alternate which goes first, so neither always follows the other.
                if i % 2 == 0 {
                    sdk_rounds.push(round(calls, sdk_call).await?);
                    bare_rounds.push(round(calls, bare_call).await?);
                } else {
                    bare_rounds.push(round(calls, bare_call).await?);
                    sdk_rounds.push(round(calls, sdk_call).await?);
                }
            }
            let ratios: Vec<f64> = sdk_rounds
                .iter()
                .zip(&bare_rounds)
                .map(|(s, b)| s.wall.as_secs_f64() / b.wall.as_secs_f64())
                .collect();
            let mut sorted = ratios.clone();
            sorted.sort_by(f64::total_cmp);
            let nanos = |d: Duration| d.as_nanos();
            println!(
                r#"{{"kind":"{kind}","rounds":{rounds},"calls_per_round":{calls},"sdk_wall_ns":{},"bare_wall_ns":{},"sdk_cpu_ns":{},"bare_cpu_ns":{},"wall_ratio_median":{:.4},"sdk_future_bytes":{},"bare_future_bytes":{},"pinned_cpu":{}}}"#,
                nanos(median(sdk_rounds.iter().map(|r| r.wall).collect())),
                nanos(median(bare_rounds.iter().map(|r| r.wall).collect())),
                nanos(median(sdk_rounds.iter().map(|r| r.cpu).collect())),
                nanos(median(bare_rounds.iter().map(|r| r.cpu).collect())),
                sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN),
                size_of(&format!("{kind}/sdk")),
                size_of(&format!("{kind}/bare")),
                pinned.map_or("null".to_owned(), |c| c.to_string()),
            );
        }
        Ok::<_, BoxError>(())
    })
}
