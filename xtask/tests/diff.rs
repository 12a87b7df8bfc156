//! `cargo xtask diff`: crafted specs whose changes are known, the 3.0 and 3.1
//! spellings of one spec (no change), and the two mirrored revisions.

mod common;

use common::*;
use serde_json::{Value, json};
use xtask::diff::{self, Change, ChangeKind, DiffError, DiffOptions, FamilyDiff, Format};
use xtask::fetch::Source;
use xtask::normalize::{Family, Fixup};

const FROM: &str = "1111111111111111111111111111111111111111";
const TO: &str = "2222222222222222222222222222222222222222";

fn ok(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } }
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// OpenAPI 3.0.4, as upstream wrote it until 2025.
fn before() -> Value {
    json!({
        "openapi": "3.0.4",
        "info": { "title": "widgets", "version": "1" },
        "paths": {
            "/widgets": {
                "get": {
                    "operationId": "list-widgets",
                    "parameters": [
                        { "name": "page", "in": "query", "schema": { "type": "integer" } }
                    ],
                    "responses": {
                        "200": ok("widgets", json!({ "type": "array", "items": reference("widget") }))
                    }
                },
                "post": {
                    "operationId": "create-widget",
                    "requestBody": {
                        "content": { "application/json": { "schema": reference("widget_payload") } }
                    },
                    "responses": { "200": ok("created", reference("widget")) }
                }
            },
            "/widgets/{id}": {
                "delete": {
                    "operationId": "delete-widget",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }
                    ],
                    "responses": { "204": { "description": "gone" } }
                }
            },
            "/gadgets/": {
                "get": {
                    "operationId": "list-gadgets",
                    "responses": { "200": ok("gadgets", reference("old_gadget")) }
                }
            }
        },
        "components": {
            "schemas": {
                "widget": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "integer" },
                        "name": { "type": "string", "nullable": true, "description": "old words" },
                        "color": { "type": "string", "enum": ["red", "green"] },
                        "size": { "type": "integer" },
                        "meta": {
                            "type": "object",
                            "properties": { "count": { "type": "integer" } }
                        }
                    },
                    "example": { "id": 1 }
                },
                "widget_payload": {
                    "type": "object",
                    "properties": { "name": { "type": "string" } }
                },
                "old_gadget": { "type": "object", "properties": { "a": { "type": "string" } } }
            }
        }
    })
}

/// OpenAPI 3.1.0, with known changes.
fn after() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "widgets", "version": "2" },
        "paths": {
            "/widgets": {
                "get": {
                    "operationId": "list-widgets",
                    "parameters": [
                        { "name": "page", "in": "query", "schema": { "type": "string" } },
                        { "name": "per_page", "in": "query", "required": true, "schema": { "type": "integer" } }
                    ],
                    "responses": {
                        "200": ok("all widgets", json!({ "type": "array", "items": reference("widget") }))
                    }
                },
                "post": {
                    "operationId": "create-widget",
                    "requestBody": {
                        "content": {
                            "application/json": { "schema": reference("widget_payload") },
                            "multipart/form-data": { "schema": reference("widget_payload") }
                        }
                    },
                    "responses": {
                        "200": ok("created", reference("widget")),
                        "422": { "description": "invalid" }
                    }
                }
            },
            "/widgets/{id}": {
                "get": {
                    "operationId": "get-widget",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }
                    ],
                    "responses": { "200": ok("one", reference("widget")) }
                }
            },
            "/gadgets": {
                "get": {
                    "operationId": "list-gadgets",
                    "responses": { "200": ok("gadgets", reference("new_gadget")) }
                }
            }
        },
        "components": {
            "schemas": {
                "widget": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "string" },
                        "name": { "type": ["string", "null"], "description": "new words" },
                        "color": { "type": "string", "enum": ["red", "green", "blue"] },
                        "weight": { "type": ["number", "null"] },
                        "meta": {
                            "type": "object",
                            "required": ["count"],
                            "properties": {
                                "count": { "type": "integer" },
                                "tags": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": { "label": { "type": "string" } }
                                    }
                                }
                            }
                        }
                    },
                    "examples": [{ "id": "1" }]
                },
                "widget_payload": {
                    "type": "object",
                    "properties": { "name": { "type": "string" } }
                },
                "new_gadget": { "type": "object", "properties": { "a": { "type": "string" } } }
            }
        }
    })
}

fn crafted() -> FamilyDiff {
    let (diff, notes) =
        diff::diff_family(Family::Client, (FROM, &before()), (TO, &after()), &[], None).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    diff
}

fn change(subject: &str, kind: ChangeKind, detail: &str) -> Change {
    Change {
        subject: subject.into(),
        kind,
        detail: detail.into(),
    }
}

#[test]
fn operations_added_removed_and_moved() {
    let diff = crafted();
    let ops = &diff.operations;
    let added: Vec<(&str, &str, &str)> = ops
        .added
        .iter()
        .map(|o| (o.method.as_str(), o.path.as_str(), o.operation_id.as_str()))
        .collect();
    assert_eq!(added, [("GET", "/widgets/{id}", "get-widget")]);
    assert_eq!(ops.added[0].rust_method, "get_widget");
    let removed: Vec<(&str, &str)> = ops
        .removed
        .iter()
        .map(|o| (o.method.as_str(), o.operation_id.as_str()))
        .collect();
    assert_eq!(removed, [("DELETE", "delete-widget")]);

    // The same operationId under another route is one operation, moved.
    let gadgets = ops
        .changed
        .iter()
        .find(|c| c.operation.operation_id == "list-gadgets")
        .unwrap();
    assert_eq!(gadgets.operation.path, "/gadgets");
    assert_eq!(
        gadgets.changes,
        [
            change(
                "route",
                ChangeKind::Changed,
                "`GET /gadgets/` -> `GET /gadgets`"
            ),
            change(
                "response `200` (application/json) schema",
                ChangeKind::Changed,
                "type `old_gadget` -> `new_gadget`"
            ),
        ]
    );
}

#[test]
fn parameters_bodies_and_responses() {
    let diff = crafted();
    let changed = |id: &str| {
        diff.operations
            .changed
            .iter()
            .find(|c| c.operation.operation_id == id)
            .unwrap_or_else(|| panic!("{id} not changed"))
            .changes
            .clone()
    };
    assert_eq!(
        changed("list-widgets"),
        [
            change(
                "parameter `page` (query)",
                ChangeKind::Changed,
                "type `integer` -> `string`"
            ),
            change(
                "parameter `per_page` (query)",
                ChangeKind::Added,
                "`integer`, required"
            ),
        ]
    );
    assert_eq!(
        changed("create-widget"),
        [
            change(
                "request body",
                ChangeKind::Changed,
                "media type added: `multipart/form-data`"
            ),
            change("response `422`", ChangeKind::Added, "no body"),
        ]
    );
}

#[test]
fn schemas_compared_on_the_normalized_form() {
    let diff = crafted();
    let schemas = &diff.schemas;
    assert_eq!(schemas.added, ["new_gadget"]);
    assert_eq!(schemas.removed, ["old_gadget"]);
    let names: Vec<&str> = schemas.changed.iter().map(|s| s.name.as_str()).collect();
    // `widget_payload` did not change; `error_body` is ours, the same on both sides.
    assert_eq!(names, ["widget"]);
    // `name` went from 3.0's `nullable: true` to 3.1's `type: [string, null]`
    // and changed its description: neither is a change.
    assert_eq!(
        schemas.changed[0].changes,
        [
            change("field `size`", ChangeKind::Removed, ""),
            change(
                "field `color`",
                ChangeKind::Changed,
                "enum values added: `blue`"
            ),
            change(
                "field `id`",
                ChangeKind::Changed,
                "type `integer` -> `string`"
            ),
            change("field `meta.count`", ChangeKind::Changed, "now required"),
            // The new array's item fields are part of the one entry.
            change(
                "field `meta.tags`",
                ChangeKind::Added,
                "`array of object`, optional"
            ),
            change(
                "field `weight`",
                ChangeKind::Added,
                "`number`, nullable, optional"
            ),
        ]
    );
}

#[test]
fn the_same_spec_in_3_0_and_3_1_spelling_is_no_change() {
    let old = json!({
        "openapi": "3.0.4",
        "info": { "title": "t", "version": "1" },
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "get-thing",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                        { "name": "q", "in": "query", "schema": { "type": "string", "nullable": true } }
                    ],
                    "responses": {
                        "200": ok("a thing", reference("thing")),
                        "404": ok("none", json!({ "type": "object" }))
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "thing": {
                    "type": "object",
                    "properties": {
                        "a": { "type": "string", "nullable": true, "example": "x" },
                        "b": { "type": "integer", "enum": [1, 2], "nullable": true },
                        "c": { "allOf": [reference("other")], "nullable": true },
                        "d": { "type": "number", "minimum": 0, "exclusiveMinimum": true }
                    }
                },
                "other": { "type": "string", "enum": ["x"] }
            }
        }
    });
    let new = json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1", "summary": "3.1 only" },
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "get-thing",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                        { "name": "q", "in": "query", "schema": { "type": ["string", "null"] } }
                    ],
                    "responses": {
                        "200": ok("a thing", reference("thing")),
                        "404": ok("none", json!({ "type": "object", "properties": { "error": { "type": "string" } } }))
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "thing": {
                    "type": "object",
                    "properties": {
                        "a": { "type": ["string", "null"], "examples": ["x"] },
                        "b": { "type": ["integer", "null"], "enum": [2, 1, null] },
                        "c": { "oneOf": [reference("other"), { "type": "null" }] },
                        "d": { "type": "number", "exclusiveMinimum": 0 }
                    }
                },
                "other": { "type": "string", "const": "x" }
            }
        }
    });
    let (diff, _) =
        diff::diff_family(Family::Platform, ("a", &old), ("b", &new), &[], None).unwrap();
    assert!(diff.is_empty(), "{diff:#?}");
}

#[test]
fn fixup_that_fits_one_side_only_is_left_out_there() {
    let fixup = Fixup::parse(
        "page-is-a-number",
        r#"{
            "reason": "test",
            "patch": [
                { "op": "test", "path": "/paths/~1widgets/get/parameters/0/schema/type", "value": "integer" },
                { "op": "replace", "path": "/paths/~1widgets/get/parameters/0/schema/type", "value": "number" }
            ]
        }"#,
    )
    .unwrap();

    let (diff, notes) = diff::diff_family(
        Family::Client,
        (FROM, &before()),
        (TO, &after()),
        &[fixup],
        None,
    )
    .unwrap();

    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("page-is-a-number") && notes[0].contains(TO),
        "{notes:?}"
    );
    assert_eq!(diff.operations.removed.len(), 1);
}

#[test]
fn markdown_and_json() {
    let report = diff::DiffReport {
        from: FROM.into(),
        to: TO.into(),
        families: vec![crafted()],
        notes: vec!["a note".into()],
    };

    let md = diff::render(&report, Format::Markdown);
    assert!(
        md.starts_with("# Chatwoot API changes: `1111111` -> `2222222`"),
        "{md}"
    );
    assert!(md.contains("| client | 1 | 1 | 3 | 1 | 1 | 1 |"), "{md}");
    assert!(
        md.contains(
            "### Operations added\n\n- `GET /widgets/{id}` (`get-widget`, method `get_widget`)\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("  - field `color`: changed: enum values added: `blue`\n"),
        "{md}"
    );
    assert!(md.contains("## Notes\n\n- a note\n"), "{md}");
    assert!(!md.contains("\n\n\n"), "{md}");

    let json: Value = serde_json::from_str(&diff::render(&report, Format::Json)).unwrap();
    assert_eq!(json["from"], FROM);
    let family = &json["families"][0];
    assert_eq!(family["family"], "client");
    assert_eq!(
        family["operations"]["added"][0]["operation_id"],
        "get-widget"
    );
    assert_eq!(family["operations"]["removed"][0]["method"], "DELETE");
    assert_eq!(
        family["schemas"]["changed"][0]["changes"][1]["kind"],
        "changed"
    );
}

#[tokio::test]
async fn revisions_outside_the_lock_from_openapi_upstream() {
    let fixture = Fixture::new(false, false);
    for family in Family::ALL {
        fixture.put_upstream(FROM, family, &bytes(&before()));
        fixture.put_upstream(TO, family, &bytes(&after()));
    }
    let options = DiffOptions {
        // Nothing should be read from here.
        source: Source::Mirror(fixture.dir.path().join("no-mirror")),
        upstream: None,
    };

    let report = diff::run(&fixture.layout, FROM, TO, &options)
        .await
        .unwrap();

    assert_eq!(report.families.len(), 3);
    assert!(
        report
            .families
            .iter()
            .all(|f| f.operations.added.len() == 1)
    );
    assert_eq!(report.notes.len(), 2, "{:?}", report.notes);
    assert!(report.notes[0].contains("not checked against a checksum"));
}

#[tokio::test]
async fn unavailable_revision_is_named() {
    let fixture = Fixture::new(false, false);
    for family in Family::ALL {
        fixture.put_upstream(FROM, family, &bytes(&before()));
    }
    let mirror = tempfile::tempdir().unwrap();
    let options = DiffOptions {
        source: Source::Mirror(mirror.path().to_owned()),
        upstream: None,
    };

    let err = diff::run(&fixture.layout, FROM, NEW, &options)
        .await
        .unwrap_err();

    assert!(matches!(err, DiffError::Fetch { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(NEW) && msg.contains("does not exist"), "{msg}");
}

/// The two revisions of the shared mirror: 3.0.4 (2025) and 3.1.0 (2026).
#[tokio::test]
async fn mirrored_revisions() {
    let Some(mirror) = mirror() else {
        println!("skipping: no shared spec mirror");
        return;
    };
    let fixture = Fixture::new(true, false);
    let options = DiffOptions {
        source: Source::Mirror(mirror),
        upstream: None,
    };

    let report = diff::run(&fixture.layout, &OLDER, &PINNED, &options)
        .await
        .unwrap();

    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let [app, client, platform] = &report.families[..] else {
        panic!("three families");
    };
    // Upstream added labels, reports and more to the Application API...
    let added: Vec<&str> = app
        .operations
        .added
        .iter()
        .map(|o| o.operation_id.as_str())
        .collect();
    for id in ["list_labels", "create_label", "get_account"] {
        assert!(added.contains(&id), "{id} not in {added:?}");
    }
    // ... and dropped a trailing slash from two inbox routes: moved, not removed.
    assert!(
        app.operations.removed.is_empty(),
        "{:?}",
        app.operations.removed
    );
    assert!(
        app.operations
            .changed
            .iter()
            .any(|c| c.operation.operation_id == "create_inbox" && c.changes[0].subject == "route")
    );
    // The Client API kept its operations but retyped its messages.
    assert!(client.operations.added.is_empty() && client.operations.removed.is_empty());
    let message = client
        .schemas
        .changed
        .iter()
        .find(|s| s.name == "public_message")
        .unwrap();
    assert!(
        message.changes.contains(&change(
            "field `id`",
            ChangeKind::Changed,
            "type `string` -> `integer`"
        )),
        "{:?}",
        message.changes
    );
    // The 3.0.4 -> 3.1.0 switch alone changes nothing: platform's operations
    // are the same, and only a real nullability change shows.
    assert!(platform.operations.added.is_empty());
    assert!(platform.operations.changed.is_empty());
    let names: Vec<&str> = platform
        .schemas
        .changed
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["user"]);

    let md = diff::render_markdown(&report);
    assert!(
        md.contains("## application") && md.contains("## platform"),
        "{md}"
    );
}

/// The command line, writing JSON to a file.
#[test]
fn cli_diff_json_to_a_file() {
    let fixture = Fixture::new(false, false);
    for family in Family::ALL {
        fixture.put_upstream(FROM, family, &bytes(&before()));
        fixture.put_upstream(TO, family, &bytes(&after()));
    }
    let out_file = fixture.dir.path().join("changes.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", FROM, "--to", TO, "--format", "json", "--output"])
        .arg(&out_file)
        .arg("--openapi-dir")
        .arg(&fixture.layout.root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(json["to"], TO);
    assert_eq!(json["families"].as_array().unwrap().len(), 3);

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--openapi-dir"])
        .arg(&fixture.layout.root)
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("--to REV"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}

/// With our names, an operationId upstream renames is reported as upstream's
/// rename, and our name stays.
#[test]
fn an_upstream_rename_is_not_ours() {
    let names = xtask::normalize::Names::parse(
        "[client]\n\"GET /widgets\" = \"list_widgets\"\n\"POST /widgets\" = \"create_widget\"\n\"DELETE /widgets/{id}\" = \"delete_widget\"\n\"GET /gadgets\" = \"list_gadgets\"\n\"GET /widgets/{id}\" = \"get_widget\"\n",
    )
    .unwrap();
    let old = before();
    let mut new = before();
    new["paths"]["/widgets"]["get"]["operationId"] = json!("list-all-the-widgets");

    let (diff, _) =
        diff::diff_family(Family::Client, (FROM, &old), (TO, &new), &[], Some(&names)).unwrap();

    let changed = diff
        .operations
        .changed
        .iter()
        .find(|c| c.operation.operation_id == "list_widgets")
        .expect("the operation is reported");
    assert_eq!(
        changed.operation.upstream_operation_id.as_deref(),
        Some("list-all-the-widgets")
    );
    let subjects: Vec<&str> = changed.changes.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, ["upstream operationId"], "{:?}", changed.changes);
    assert!(
        changed.changes[0]
            .detail
            .contains("our name `list_widgets` is unchanged")
    );
    assert!(diff.operations.added.is_empty() && diff.operations.removed.is_empty());
}
