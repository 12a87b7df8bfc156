//! Upstream's next revision, made here from the pinned one with the kinds of
//! change upstream makes every few weeks, all at once: an operationId
//! renamed, a field's type fixed the way a fixup fixes it, a fixup's target
//! removed, a description reworded, a new tag with a new route, a route
//! moved. `cargo xtask update` to it passes, and says what it found: the
//! rename is upstream's (our names stay), the fixed field is "fixed
//! upstream", the removed target "not present", the new route named by rule
//! with a warning.

mod common;

use common::{Fixture, PINNED, put_mirror, real_spec};
use serde_json::{Value, json};
use xtask::diff::{self, DiffOptions};
use xtask::fetch::Source;
use xtask::normalize::{Family, TargetState};
use xtask::update::{self, UpdateOptions, UpdateOutcome};

/// A revision no lock lists.
const NEXT: &str = "0123456789abcdef0123456789abcdef01234567";

/// The pinned Application spec with upstream's next round of changes.
fn next_application(pinned: &Value) -> Value {
    let mut doc = pinned.clone();
    let paths = doc["paths"].as_object_mut().expect("paths");
    // An operationId renamed (a typo fixed, say).
    paths["/api/v1/accounts/{account_id}/conversations"]["get"]["operationId"] =
        json!("list-all-the-conversations");
    // A route moved: labels under a settings scope.
    let labels = paths
        .remove("/api/v1/accounts/{account_id}/labels")
        .expect("the labels route");
    paths.insert(
        "/api/v1/accounts/{account_id}/settings/labels".to_owned(),
        labels,
    );
    // A new tag with a new route.
    paths.insert(
        "/api/v1/accounts/{account_id}/captain/assistants".to_owned(),
        json!({ "get": {
            "tags": ["Captain"],
            "operationId": "list-captain-assistants",
            "summary": "List assistants",
            "parameters": [ { "$ref": "#/components/parameters/account_id" } ],
            "responses": { "200": { "description": "Success", "content": { "application/json": {
                "schema": { "type": "array", "items": { "type": "object", "properties": {
                    "id": { "type": "integer" }, "name": { "type": "string" } } } } } } } }
        } }),
    );
    let conversation = &mut doc["components"]["schemas"]["conversation"]["properties"];
    // Fixed the way our fixup fixes it: `snoozed` among the statuses.
    conversation["status"]["enum"] = json!(["open", "resolved", "pending", "snoozed"]);
    // A fixup's target removed.
    conversation
        .as_object_mut()
        .expect("properties")
        .remove("snoozed_until");
    // A description reworded.
    let priority = &mut conversation["priority"];
    priority["description"] = json!("How urgent the conversation is, reworded upstream");
    doc
}

fn pinned_bytes(pinned: &[(Family, Vec<u8>)], family: Family) -> Vec<u8> {
    pinned
        .iter()
        .find(|(f, _)| *f == family)
        .map(|(_, b)| b.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_next_revision_passes_and_says_what_it_found() {
    let Some(pinned) = Family::ALL
        .into_iter()
        .map(|f| real_spec(&PINNED, f).map(|b| (f, b)))
        .collect::<Option<Vec<_>>>()
    else {
        println!("skipping: no shared spec mirror");
        return;
    };
    let mirror = tempfile::tempdir().unwrap();
    for (family, bytes) in &pinned {
        let bytes = if *family == Family::Application {
            let doc: Value = serde_json::from_slice(bytes).unwrap();
            serde_json::to_vec_pretty(&next_application(&doc)).unwrap()
        } else {
            bytes.clone()
        };
        put_mirror(mirror.path(), NEXT, *family, &bytes);
        put_mirror(
            mirror.path(),
            &PINNED,
            *family,
            &pinned_bytes(&pinned, *family),
        );
    }
    let fixture = Fixture::new(true, false);
    let options = UpdateOptions {
        revision: Some(NEXT.to_owned()),
        date: Some("2026-12-01".to_owned()),
        source: Source::Mirror(mirror.path().to_owned()),
        build: None,
        ..UpdateOptions::default()
    };

    let outcome = update::run(&fixture.layout, &options).await.unwrap();

    let UpdateOutcome::Updated(updated) = outcome else {
        panic!("not updated");
    };
    assert_eq!(fixture.lock().pinned, NEXT);
    let app = &updated.reports[0];
    let state = |name: &str| {
        app.fixups
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name} reported"))
            .state()
    };
    assert_eq!(
        state("conversation-status-snoozed"),
        Some(TargetState::FixedUpstream)
    );
    assert_eq!(
        state("conversation-snoozed-until-is-a-time"),
        Some(TargetState::NotPresent)
    );
    assert_eq!(
        state("conversation-priority-enum"),
        Some(TargetState::Applied)
    );
    let summary = app.to_string();
    assert!(summary.contains("fixed upstream: delete me"), "{summary}");
    // The renamed operation keeps our name; upstream's is its alias.
    let listed = app
        .operations
        .iter()
        .find(|o| o.path == "/api/v1/accounts/{account_id}/conversations" && o.method == "get")
        .unwrap();
    assert_eq!(listed.operation_id, "list_conversations");
    assert_eq!(
        listed.upstream_operation_id.as_deref(),
        Some("list-all-the-conversations")
    );
    // The moved route keeps its name by the rule; the new one gets one, and
    // a warning asks for an entry.
    let names: Vec<&str> = app
        .operations
        .iter()
        .map(|o| o.operation_id.as_str())
        .collect();
    assert!(names.contains(&"list_labels"), "{names:?}");
    let unnamed: Vec<&str> = app.unnamed.iter().map(|u| u.name.as_str()).collect();
    assert!(unnamed.contains(&"list_assistants"), "{unnamed:?}");
    assert!(unnamed.contains(&"list_labels"), "{unnamed:?}");
    assert!(
        summary.contains("has no name in openapi/names.toml: named `list_assistants` by its rule"),
        "{summary}"
    );

    // The release notes: upstream's rename, none of ours; the route moved.
    let report = diff::run(
        &fixture.layout,
        &PINNED,
        NEXT,
        &DiffOptions {
            source: Source::Mirror(mirror.path().to_owned()),
            upstream: None,
        },
    )
    .await
    .unwrap();
    let app = &report.families[0];
    let renamed = app
        .operations
        .changed
        .iter()
        .find(|c| c.operation.operation_id == "list_conversations")
        .expect("the renamed operation");
    assert!(
        renamed
            .changes
            .iter()
            .any(|c| c.subject == "upstream operationId" && c.detail.contains("our name")),
        "{:?}",
        renamed.changes
    );
    assert!(
        !renamed.changes.iter().any(|c| c.subject == "name"),
        "{:?}",
        renamed.changes
    );
    assert!(
        app.operations
            .added
            .iter()
            .any(|o| o.operation_id == "list_assistants")
    );
}
