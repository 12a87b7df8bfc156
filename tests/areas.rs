//! The areas (Cargo features) of `chatwoot-application` that README and
//! BENCHMARKS.md recommend to an agent bot hold every endpoint a bot's token
//! may call, so a bot built with only those areas loses nothing.

use std::path::PathBuf;

use chatwoot::application::{BOT_ACCESSIBLE_ENDPOINTS, is_bot_accessible};
use reqwest::Method;

/// An agent bot's areas, as the README and `cargo xtask bench` name them,
/// by their tags: each area's feature is its tag in kebab-case
/// (`chatwoot_codegen::build::area_feature`), and `mirrored_specs` checks
/// that every tag has its feature.
const AGENT_BOT_TAGS: [&str; 3] = ["Conversations", "Messages", "Conversation Assignments"];

#[test]
fn every_endpoint_a_bot_may_call_is_in_the_agent_bot_areas() {
    let spec_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/normalized/application.json");
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&spec_path).expect("run `cargo xtask codegen` first"),
    )
    .expect("the normalized spec is JSON");
    let mut bot_operations = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            if !is_bot_accessible(&method, path) {
                continue;
            }
            let tags: Vec<&str> = op["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str())
                .collect();
            assert!(
                tags.iter().any(|t| AGENT_BOT_TAGS.contains(t)),
                "{method} {path} is open to bots but in areas {tags:?}"
            );
            bot_operations.push(format!("{method} {path}"));
        }
    }
    // Every listed endpoint is an operation of the spec: the areas cover the
    // whole list, not a part of it.
    for endpoint in BOT_ACCESSIBLE_ENDPOINTS {
        let found = bot_operations.iter().any(|op| {
            op.split_once(' ').is_some_and(|(method, path)| {
                endpoint.methods.contains(&method) && same_route(path, endpoint.path)
            })
        });
        assert!(
            found,
            "{:?} {} matches no operation",
            endpoint.methods, endpoint.path
        );
    }
    assert!(bot_operations.len() >= BOT_ACCESSIBLE_ENDPOINTS.len());
}

/// Equal segments, any placeholder matching any placeholder.
fn same_route(a: &str, b: &str) -> bool {
    let placeholder = |s: &str| s.starts_with('{');
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (placeholder(x) && placeholder(y)))
}
