//! Resident memory of one client making many requests: prints one JSON line
//! per checkpoint (`VmRSS` now, `VmHWM` peak), for `cargo xtask bench`.
//!
//! `bench-memory [REQUESTS]` (default 10000): alternates the conversation
//! list (a page of 25) and message creation against the canned local server.

use chatwoot_benches::{memory, runtime, sdk_client, sdk_create_message, sdk_list, start_server};

const CHECKPOINTS: [usize; 5] = [100, 1_000, 2_500, 5_000, 10_000];

fn main() -> Result<(), chatwoot_benches::BoxError> {
    let requests: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 10_000,
    };
    let server = start_server()?;
    let base_url = server.base_url();
    let runtime = runtime();
    let client = sdk_client(&base_url);
    let before = memory();
    println!(
        r#"{{"requests":0,"rss_kib":{},"peak_kib":{}}}"#,
        before.rss_kib, before.peak_kib
    );
    runtime.block_on(async {
        for done in 1..=requests {
            if done % 2 == 0 {
                sdk_create_message(&client).await?;
            } else {
                sdk_list(&client).await?;
            }
            if CHECKPOINTS.contains(&done) || done == requests {
                let now = memory();
                println!(
                    r#"{{"requests":{done},"rss_kib":{},"peak_kib":{}}}"#,
                    now.rss_kib, now.peak_kib
                );
            }
        }
        Ok::<_, chatwoot_benches::BoxError>(())
    })?;
    Ok(())
}
