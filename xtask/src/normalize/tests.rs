//! One test per normalization rule, each on a small spec written for it.

use serde_json::{Value, json};

use super::*;

/// A 3.1 document with one `GET /things` returning `schema`, and `schemas` as components.
fn doc_returning(schema: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": { "/things": { "get": {
            "operationId": "list-things",
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": schema } } } }
        } } },
        "components": { "schemas": schemas }
    })
}

/// A document whose one response is `$ref: thing`, with `thing` as given.
fn doc_with_thing(thing: Value) -> Value {
    doc_returning(
        json!({ "$ref": "#/components/schemas/thing" }),
        json!({ "thing": thing }),
    )
}

fn run(doc: &Value) -> Normalized {
    normalize(Family::Application, doc, &[]).unwrap_or_else(|e| panic!("normalize failed: {e}"))
}

fn thing(n: &Normalized) -> &Value {
    &n.spec["components"]["schemas"]["thing"]
}

fn rules(n: &Normalized) -> Vec<&str> {
    n.report.changes.iter().map(|c| c.rule.as_str()).collect()
}

#[test]
fn version_becomes_303_and_is_recorded() {
    let n = run(&doc_with_thing(json!({ "type": "string" })));
    assert_eq!(n.spec["openapi"], "3.0.3");
    assert_eq!(n.report.openapi_in, "3.1.0");
    assert!(rules(&n).contains(&"openapi31/version"));
}

#[test]
fn type_list_with_null_becomes_nullable() {
    let n = run(&doc_with_thing(
        json!({ "type": ["string", "null"], "format": "date-time" }),
    ));
    assert_eq!(
        thing(&n),
        &json!({ "type": "string", "format": "date-time", "nullable": true })
    );
    assert!(rules(&n).contains(&"openapi31/type-array"));
}

#[test]
fn type_list_of_several_types_becomes_one_of_with_their_own_keywords() {
    let n = run(&doc_with_thing(json!({
        "type": ["integer", "string", "null"], "description": "d", "format": "date-time", "enum": [1, "a"]
    })));
    assert_eq!(
        thing(&n),
        &json!({
            "description": "d",
            "oneOf": [ { "type": "integer", "enum": [1] }, { "type": "string", "format": "date-time", "enum": ["a"] } ],
            "nullable": true
        })
    );
}

#[test]
fn null_branch_beside_a_ref_becomes_a_nullable_all_of() {
    let doc = doc_returning(
        json!({ "$ref": "#/components/schemas/thing" }),
        json!({
            "thing": { "type": "object", "properties": {
                "last": { "oneOf": [ { "$ref": "#/components/schemas/other" }, { "type": "null" } ], "description": "d" }
            } },
            "other": { "type": "object" }
        }),
    );
    let n = run(&doc);
    assert_eq!(
        thing(&n)["properties"]["last"],
        json!({ "description": "d", "nullable": true, "allOf": [ { "$ref": "#/components/schemas/other" } ] })
    );
    assert!(rules(&n).contains(&"openapi31/null-branch"));
}

#[test]
fn null_branch_beside_an_inline_schema_merges_into_it() {
    let n = run(&doc_with_thing(
        json!({ "anyOf": [ { "type": "null" }, { "type": "integer" } ] }),
    ));
    assert_eq!(thing(&n), &json!({ "nullable": true, "type": "integer" }));
}

#[test]
fn null_branch_beside_several_keeps_the_others() {
    let n = run(&doc_with_thing(
        json!({ "oneOf": [ { "type": "integer" }, { "type": "string" }, { "type": "null" } ] }),
    ));
    assert_eq!(
        thing(&n),
        &json!({ "nullable": true, "oneOf": [ { "type": "integer" }, { "type": "string" } ] })
    );
}

#[test]
fn null_in_enum_becomes_nullable() {
    let n = run(&doc_with_thing(
        json!({ "type": ["string", "null"], "enum": ["sent", null] }),
    ));
    assert_eq!(
        thing(&n),
        &json!({ "type": "string", "enum": ["sent"], "nullable": true })
    );
    assert!(rules(&n).contains(&"openapi31/null-enum"));
}

#[test]
fn lone_null_type_allows_only_null() {
    let n = run(&doc_with_thing(json!({ "type": "null" })));
    assert_eq!(thing(&n), &json!({ "nullable": true, "enum": [null] }));
}

#[test]
fn examples_list_becomes_one_example() {
    let n = run(&doc_with_thing(
        json!({ "type": "string", "examples": ["a", "b"] }),
    ));
    assert_eq!(thing(&n), &json!({ "type": "string", "example": "a" }));
}

#[test]
fn const_becomes_a_one_value_enum() {
    let n = run(&doc_with_thing(json!({ "type": "string", "const": "x" })));
    assert_eq!(thing(&n), &json!({ "type": "string", "enum": ["x"] }));
}

#[test]
fn numeric_exclusive_bounds_become_30_bounds() {
    let n = run(&doc_with_thing(
        json!({ "type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10 }),
    ));
    assert_eq!(
        thing(&n),
        &json!({ "type": "integer", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10 })
    );
}

#[test]
fn boolean_exclusive_bounds_of_30_stay() {
    let schema = json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true });
    let n = run(&doc_with_thing(schema.clone()));
    assert_eq!(thing(&n), &schema);
}

#[test]
fn annotations_beside_a_ref_are_dropped_and_constraints_wrapped() {
    let doc = doc_returning(
        json!({ "type": "object", "properties": {
            "a": { "$ref": "#/components/schemas/other", "description": "only a note" },
            "b": { "$ref": "#/components/schemas/other", "nullable": true }
        } }),
        json!({ "other": { "type": "string" } }),
    );
    let n = run(&doc);
    let props = &n.spec["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]["properties"];
    assert_eq!(props["a"], json!({ "$ref": "#/components/schemas/other" }));
    assert_eq!(
        props["b"],
        json!({ "nullable": true, "allOf": [ { "$ref": "#/components/schemas/other" } ] })
    );
}

#[test]
fn json_schema_annotations_and_31_document_fields_are_removed() {
    let mut doc = doc_with_thing(
        json!({ "type": "string", "$comment": "c", "contentMediaType": "text/plain" }),
    );
    doc["webhooks"] = json!({});
    doc["jsonSchemaDialect"] = json!("https://json-schema.org/draft/2020-12/schema");
    doc["info"]["summary"] = json!("s");
    let n = run(&doc);
    assert_eq!(thing(&n), &json!({ "type": "string" }));
    assert!(n.spec.get("webhooks").is_none() && n.spec.get("jsonSchemaDialect").is_none());
    assert!(n.spec["info"].get("summary").is_none());
}

#[test]
fn string_enum_under_an_integer_type_becomes_a_string() {
    let n = run(&doc_with_thing(
        json!({ "type": "integer", "enum": ["draft", "published"] }),
    ));
    assert_eq!(
        thing(&n),
        &json!({ "type": "string", "enum": ["draft", "published"] })
    );
    assert!(rules(&n).contains(&"defect/enum-contradicts-type"));
    let untouched = json!({ "type": "integer", "enum": [0, 1] });
    assert_eq!(thing(&run(&doc_with_thing(untouched.clone()))), &untouched);
}

#[test]
fn array_without_items_takes_any_item() {
    let n = run(&doc_with_thing(json!({ "type": "array" })));
    assert_eq!(thing(&n), &json!({ "type": "array", "items": {} }));
}

/// A document with the given operation at `POST /things/{id}`.
fn doc_with_operation(op: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": { "/things/{id}": { "post": op } },
        "components": { "schemas": { "thing": { "type": "object" } } }
    })
}

fn id_param() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } })
}

#[test]
fn no_content_response_loses_its_documented_body() {
    let n = run(&doc_with_operation(json!({
        "operationId": "delete-thing", "parameters": [id_param()],
        "responses": { "204": { "description": "gone", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/thing" } } } } }
    })));
    assert!(
        n.spec["paths"]["/things/{id}"]["post"]["responses"]["204"]
            .get("content")
            .is_none()
    );
    assert!(rules(&n).contains(&"defect/body-on-no-content-response"));
}

#[test]
fn path_parameter_not_marked_required_becomes_required() {
    let n = run(&doc_with_operation(json!({
        "operationId": "poke", "parameters": [ { "name": "id", "in": "path", "schema": { "type": "integer" } } ],
        "responses": { "200": { "description": "ok" } }
    })));
    assert_eq!(
        n.spec["paths"]["/things/{id}"]["post"]["parameters"][0]["required"],
        true
    );
}

#[test]
fn missing_operation_id_is_made_from_method_and_path() {
    let n = run(&doc_with_operation(
        json!({ "parameters": [id_param()], "responses": { "200": { "description": "ok" } } }),
    ));
    assert_eq!(
        n.spec["paths"]["/things/{id}"]["post"]["operationId"],
        "post_things_id"
    );
    assert_eq!(n.report.operations[0].operation_id, "post_things_id");
}

#[test]
fn operation_ids_colliding_in_snake_case_are_an_error() {
    let mut doc = doc_with_operation(
        json!({ "operationId": "getThing", "parameters": [id_param()], "responses": {} }),
    );
    doc["paths"]["/things/{id}"]["get"] =
        json!({ "operationId": "get-thing", "parameters": [id_param()], "responses": {} });
    let err = normalize(Family::Application, &doc, &[]).unwrap_err();
    assert!(
        matches!(err, NormalizeError::DuplicateOperation { ref method, .. } if method == "get_thing"),
        "{err}"
    );
}

#[test]
fn a_path_parameter_named_unlike_its_placeholder_takes_the_placeholder_name() {
    let mut doc = doc_with_operation(
        json!({ "operationId": "poke", "responses": { "200": { "description": "ok" } } }),
    );
    doc["paths"]["/things/{id}"]["parameters"] = json!([ { "name": "thing_id", "in": "path", "required": true, "schema": { "type": "integer" } } ]);
    let n = run(&doc);
    let item = &n.spec["paths"]["/things/{id}"];
    assert!(
        item.get("parameters").is_none(),
        "path-level parameters moved down"
    );
    assert_eq!(item["post"]["parameters"][0]["name"], "id");
    assert!(rules(&n).contains(&"progenitor/path-placeholder"));
}

#[test]
fn placeholders_and_parameters_that_cannot_be_paired_are_an_error() {
    let doc = doc_with_operation(json!({
        "operationId": "poke",
        "parameters": [
            { "name": "a", "in": "path", "required": true, "schema": { "type": "integer" } },
            { "name": "b", "in": "path", "required": true, "schema": { "type": "integer" } }
        ],
        "responses": {}
    }));
    let err = normalize(Family::Application, &doc, &[]).unwrap_err();
    assert!(
        matches!(err, NormalizeError::PathParameterMismatch { .. }),
        "{err}"
    );
}

#[test]
fn a_body_in_several_media_types_keeps_json_and_defers_the_rest() {
    let n = run(&doc_with_operation(json!({
        "operationId": "update-thing", "parameters": [id_param()],
        "requestBody": { "content": {
            "multipart/form-data": { "schema": { "type": "object", "properties": { "avatar": { "type": "string", "format": "binary" } } } },
            "application/json": { "schema": { "$ref": "#/components/schemas/thing" } }
        } },
        "responses": { "200": { "description": "ok" } }
    })));
    let content = &n.spec["paths"]["/things/{id}"]["post"]["requestBody"]["content"];
    assert_eq!(content.as_object().map(|c| c.len()), Some(1));
    assert!(content.get("application/json").is_some());
    assert_eq!(n.report.deferred.len(), 1);
    assert_eq!(n.report.deferred[0].operation_id, "update-thing");
    assert_eq!(
        n.report.deferred[0].what,
        "request body as multipart/form-data"
    );
}

#[test]
fn a_multipart_only_body_is_deferred_and_the_operation_kept() {
    let n = run(&doc_with_operation(json!({
        "operationId": "upload", "parameters": [id_param()],
        "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object" } } } },
        "responses": { "200": { "description": "ok" } }
    })));
    assert!(
        n.spec["paths"]["/things/{id}"]["post"]
            .get("requestBody")
            .is_none()
    );
    assert_eq!(n.report.operations_out, 1);
    assert_eq!(n.report.deferred.len(), 1);
}

#[test]
fn success_responses_of_another_type_are_deferred() {
    let n = run(&doc_with_operation(json!({
        "operationId": "make", "parameters": [id_param()],
        "responses": {
            "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/thing" } } } },
            "202": { "description": "queued" }
        }
    })));
    let responses = &n.spec["paths"]["/things/{id}"]["post"]["responses"];
    assert!(responses.get("200").is_some() && responses.get("202").is_none());
    assert_eq!(n.report.deferred[0].what, "success response 202 (none)");
}

#[test]
fn every_error_response_is_left_to_the_runtime() {
    let n = run(&doc_with_operation(json!({
        "operationId": "make", "parameters": [id_param()],
        "responses": {
            "200": { "description": "ok" },
            "401": { "description": "no", "content": { "application/json": { "schema": { "type": "object" } } } },
            "404": { "description": "none" }
        }
    })));
    let responses = &n.spec["paths"]["/things/{id}"]["post"]["responses"];
    let raw = json!({ ERROR_MEDIA_TYPE: {} });
    assert_eq!(responses["401"]["content"], raw);
    assert_eq!(responses["404"]["content"], raw);
    assert_eq!(
        responses["200"].get("content"),
        None,
        "success responses untouched"
    );
}

#[test]
fn schemas_no_operation_reaches_are_pruned() {
    let doc = doc_returning(
        json!({ "$ref": "#/components/schemas/used" }),
        json!({
            "used": { "type": "object", "properties": { "n": { "$ref": "#/components/schemas/nested" } } },
            "nested": { "type": "string" },
            "unused": { "type": "object", "properties": { "x": { "$ref": "#/components/schemas/nested" } } }
        }),
    );
    let n = run(&doc);
    let schemas = n.spec["components"]["schemas"]
        .as_object()
        .map(|s| s.keys().cloned().collect::<Vec<_>>());
    assert_eq!(schemas, Some(vec!["used".to_owned(), "nested".to_owned()]));
    assert_eq!(n.report.schemas_pruned, vec!["unused".to_owned()]);
    assert_eq!((n.report.schemas_in, n.report.schemas_kept), (3, 2));
}

#[test]
fn a_construct_no_rule_knows_is_an_error_naming_its_pointer() {
    let err = normalize(
        Family::Application,
        &doc_with_thing(json!({ "type": "array", "prefixItems": [ { "type": "string" } ] })),
        &[],
    )
    .unwrap_err();
    match err {
        NormalizeError::UnsupportedConstruct { pointer, what } => {
            assert_eq!(pointer, "#/components/schemas/thing/prefixItems");
            assert!(what.contains("prefixItems"));
        }
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn a_dangling_ref_is_an_error() {
    let err = normalize(
        Family::Application,
        &doc_with_thing(json!({ "type": "object", "properties": { "x": { "$ref": "#/components/schemas/gone" } } })),
        &[],
    )
    .unwrap_err();
    assert!(
        matches!(err, NormalizeError::DanglingRef { ref reference, .. } if reference == "#/components/schemas/gone"),
        "{err}"
    );
}

#[test]
fn documents_that_are_not_openapi_30_or_31_are_refused() {
    let swagger = normalize(Family::Client, &json!({ "swagger": "2.0" }), &[]).unwrap_err();
    assert!(
        matches!(swagger, NormalizeError::NotOpenApi { .. }),
        "{swagger}"
    );
    let future = normalize(Family::Client, &json!({ "openapi": "4.0.0" }), &[]).unwrap_err();
    assert!(
        matches!(future, NormalizeError::UnsupportedVersion { .. }),
        "{future}"
    );
    let not_object = normalize(Family::Client, &json!([1]), &[]).unwrap_err();
    assert!(
        matches!(not_object, NormalizeError::NotOpenApi { .. }),
        "{not_object}"
    );
}

#[test]
fn a_30_document_passes_through_with_its_operations() {
    let mut doc = doc_with_thing(json!({ "type": "string", "nullable": true }));
    doc["openapi"] = json!("3.0.4");
    let n = run(&doc);
    assert_eq!(thing(&n), &json!({ "type": "string", "nullable": true }));
    assert_eq!((n.report.operations_in, n.report.operations_out), (1, 1));
}

mod fixups {
    use super::*;
    use crate::normalize::Normalized;
    use crate::normalize::fixups::{Fixup, FixupError};

    fn fixup(text: Value) -> Result<Fixup, FixupError> {
        Fixup::parse("test-fixup", &text.to_string())
    }

    #[test]
    fn a_fixup_applies_and_is_reported_with_its_name() {
        let f = fixup(json!({
            "reason": "thing is a number on the wire",
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/type", "value": "string" },
                { "op": "replace", "path": "/components/schemas/thing/type", "value": "number" }
            ]
        }))
        .expect("valid fixup");
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "string" })),
            &[f],
        )
        .expect("normalizes");
        assert_eq!(thing(&n), &json!({ "type": "number" }));
        let change = n
            .report
            .changes
            .iter()
            .find(|c| c.rule == "fixup:test-fixup")
            .expect("reported");
        assert_eq!(change.pointer, "#/components/schemas/thing/type");
    }

    /// The snoozed_until fixup in small: a number that should be a time.
    fn time_fixup() -> Fixup {
        fixup(json!({
            "reason": "a time, not a number",
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/properties/at",
                  "value": { "type": ["number", "null"], "description": "upstream's words" } },
                { "op": "replace", "path": "/components/schemas/thing/properties/at",
                  "value": { "type": ["string", "null"], "format": "date-time" } }
            ]
        }))
        .expect("valid fixup")
    }

    fn thing_with_at(at: Value) -> Value {
        doc_with_thing(json!({ "type": "object", "properties": { "at": at } }))
    }

    fn outcome(n: &Normalized) -> String {
        n.report
            .fixups
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_reworded_description_still_takes_the_fixup_and_keeps_upstreams_words() {
        let n = normalize(
            Family::Application,
            &thing_with_at(json!({ "type": ["number", "null"], "description": "reworded" })),
            &[time_fixup()],
        )
        .expect("normalizes");
        assert_eq!(
            thing(&n)["properties"]["at"],
            json!({ "type": "string", "format": "date-time", "nullable": true, "description": "reworded" })
        );
        assert_eq!(outcome(&n), "fixup test-fixup: applied");
    }

    #[test]
    fn the_30_spelling_of_the_defect_is_the_same_defect() {
        let n = normalize(
            Family::Application,
            &thing_with_at(json!({ "type": "number", "nullable": true })),
            &[time_fixup()],
        )
        .expect("normalizes");
        assert_eq!(thing(&n)["properties"]["at"]["format"], "date-time");
        assert_eq!(outcome(&n), "fixup test-fixup: applied");
    }

    #[test]
    fn a_target_upstream_fixed_is_reported_for_deletion() {
        let fixed = json!({ "type": "string", "nullable": true, "format": "date-time", "description": "fixed" });
        let n = normalize(
            Family::Application,
            &thing_with_at(fixed.clone()),
            &[time_fixup()],
        )
        .expect("normalizes");
        assert_eq!(thing(&n)["properties"]["at"], fixed);
        assert_eq!(
            outcome(&n),
            "fixup test-fixup: fixed upstream: delete me (openapi/fixups/test-fixup.json)"
        );
        assert!(n.report.to_string().contains("fixed upstream: delete me"));
        assert!(!rules(&n).contains(&"fixup:test-fixup"));
    }

    #[test]
    fn a_target_this_revision_lacks_is_not_present() {
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "object", "properties": {} })),
            &[time_fixup()],
        )
        .expect("normalizes");
        assert_eq!(outcome(&n), "fixup test-fixup: not present");
        let gone = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "string" })),
            &[time_fixup()],
        )
        .expect("normalizes");
        assert_eq!(outcome(&gone), "fixup test-fixup: not present");
    }

    #[test]
    fn a_target_holding_something_else_fails_with_both_values() {
        let err = normalize(
            Family::Application,
            &thing_with_at(json!({ "type": "integer", "description": "seconds" })),
            &[time_fixup()],
        )
        .unwrap_err();
        assert!(
            matches!(&err, NormalizeError::Fixup(FixupError::Contradiction(c))
                if c.name == "test-fixup" && c.pointer == "/components/schemas/thing/properties/at"),
            "{err}"
        );
        let message = err.to_string();
        assert!(
            message.contains(r#"upstream has {"type":"integer","description":"seconds"}"#),
            "{message}"
        );
        assert!(
            message.contains(r#"wants {"type":["string","null"],"format":"date-time"}"#),
            "{message}"
        );
        assert!(
            message.contains("openapi/fixups/test-fixup.json"),
            "{message}"
        );
    }

    #[test]
    fn targets_are_judged_one_by_one() {
        let f = fixup(json!({
            "reason": "r",
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/properties/a/type", "value": "number" },
                { "op": "replace", "path": "/components/schemas/thing/properties/a/type", "value": "integer" },
                { "op": "test", "path": "/components/schemas/thing/properties/b/type", "value": "number" },
                { "op": "replace", "path": "/components/schemas/thing/properties/b/type", "value": "integer" },
                { "op": "test", "path": "/components/schemas/thing/properties/c/type", "value": "number" },
                { "op": "replace", "path": "/components/schemas/thing/properties/c/type", "value": "integer" }
            ]
        }))
        .expect("valid");
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "object", "properties": {
                "a": { "type": "number" }, "b": { "type": "integer" } } })),
            &[f],
        )
        .expect("normalizes");
        assert_eq!(thing(&n)["properties"]["a"]["type"], "integer");
        assert_eq!(
            outcome(&n),
            "fixup test-fixup: applied at 1; fixed upstream (delete them from the patch): /components/schemas/thing/properties/b/type; not present: /components/schemas/thing/properties/c/type"
        );
    }

    #[test]
    fn an_add_lands_where_nothing_is_and_is_fixed_where_upstream_added_the_same() {
        let f = fixup(json!({
            "reason": "r",
            "patch": [ { "op": "add", "path": "/components/schemas/thing/properties/n",
                         "value": { "type": "integer", "description": "ours" } } ]
        }))
        .expect("valid fixup");
        let empty = doc_with_thing(json!({ "type": "object", "properties": {} }));
        let added =
            normalize(Family::Application, &empty, std::slice::from_ref(&f)).expect("normalizes");
        assert_eq!(thing(&added)["properties"]["n"]["type"], "integer");
        let upstream_has = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "object", "properties": {
                "n": { "type": "integer", "description": "theirs" } } })),
            std::slice::from_ref(&f),
        )
        .expect("normalizes");
        assert!(outcome(&upstream_has).contains("fixed upstream"));
        let err = normalize(
            Family::Application,
            &doc_with_thing(
                json!({ "type": "object", "properties": { "n": { "type": "string" } } }),
            ),
            &[f],
        )
        .unwrap_err();
        assert!(
            matches!(err, NormalizeError::Fixup(FixupError::Contradiction(_))),
            "{err}"
        );
    }

    #[test]
    fn a_parameter_appended_is_fixed_once_upstream_declares_it() {
        let param = json!({ "name": "include", "in": "query", "schema": { "type": "boolean" } });
        let f = fixup(json!({
            "reason": "r",
            "patch": [ { "op": "add", "path": "/paths/~1things/get/parameters/-", "value": param } ]
        }))
        .expect("valid fixup");
        let mut doc = doc_with_thing(json!({ "type": "string" }));
        doc["paths"]["/things"]["get"]["parameters"] = json!([]);
        let n = normalize(Family::Application, &doc, std::slice::from_ref(&f)).expect("normalizes");
        assert_eq!(outcome(&n), "fixup test-fixup: applied");
        doc["paths"]["/things"]["get"]["parameters"] = json!([
            { "name": "include", "in": "query", "description": "upstream's", "schema": { "type": "boolean" } }
        ]);
        let n = normalize(Family::Application, &doc, std::slice::from_ref(&f)).expect("normalizes");
        assert!(outcome(&n).contains("fixed upstream"), "{}", outcome(&n));
        doc["paths"]["/things"]["get"]["parameters"] = json!([
            { "name": "include", "in": "query", "schema": { "type": "string" } }
        ]);
        let err = normalize(Family::Application, &doc, &[f]).unwrap_err();
        assert!(
            matches!(err, NormalizeError::Fixup(FixupError::Contradiction(_))),
            "{err}"
        );
    }

    #[test]
    fn a_removal_is_fixed_where_the_target_is_gone() {
        let f = fixup(json!({
            "reason": "r",
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/properties/old", "value": { "type": "string" } },
                { "op": "remove", "path": "/components/schemas/thing/properties/old" }
            ]
        }))
        .expect("valid fixup");
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "object", "properties": {
                "old": { "type": "string", "description": "d" } } })),
            std::slice::from_ref(&f),
        )
        .expect("normalizes");
        assert_eq!(thing(&n)["properties"], json!({}));
        let gone = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "object", "properties": {} })),
            &[f],
        )
        .expect("normalizes");
        assert!(outcome(&gone).contains("fixed upstream"));
    }

    #[test]
    fn a_test_of_anything_but_a_target_is_malformed() {
        let err = fixup(json!({
            "reason": "r",
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/description", "value": "words" },
                { "op": "test", "path": "/components/schemas/thing/type", "value": "string" },
                { "op": "replace", "path": "/components/schemas/thing/type", "value": "number" }
            ]
        }))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("a test states the defect at a target"),
            "{err}"
        );
    }

    #[test]
    fn a_change_without_a_test_first_is_malformed() {
        let err = fixup(json!({
            "reason": "r",
            "patch": [ { "op": "replace", "path": "/components/schemas/thing/type", "value": "number" } ]
        }))
        .unwrap_err();
        assert!(matches!(err, FixupError::Malformed { .. }), "{err}");
        let no_reason = fixup(json!({ "reason": " ", "patch": [] })).unwrap_err();
        assert!(
            matches!(no_reason, FixupError::Malformed { .. }),
            "{no_reason}"
        );
    }

    #[test]
    fn a_fixup_for_another_family_is_skipped() {
        let f = fixup(json!({
            "reason": "r", "families": ["platform"],
            "patch": [
                { "op": "test", "path": "/components/schemas/thing/type", "value": "integer" },
                { "op": "replace", "path": "/components/schemas/thing/type", "value": "number" }
            ]
        }))
        .expect("valid fixup");
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "string" })),
            &[f],
        )
        .expect("skipped");
        assert_eq!(thing(&n), &json!({ "type": "string" }));
    }
}

mod additions {
    use super::*;
    use crate::normalize::fixups::{Fixup, FixupError, FixupKind};

    fn addition(text: Value) -> Result<Fixup, FixupError> {
        Fixup::parse_addition("test-addition", &text.to_string())
    }

    /// An addition of `DELETE /things/{id}` (a path upstream lacks) and
    /// `POST /things` (beside upstream's `GET`), with a schema of ours.
    fn things_addition() -> Fixup {
        addition(json!({
            "reason": "the server deletes and creates things",
            "source": "DELETE /things/:id, POST /things (config/routes.rb); ThingsController; things/show.json.jbuilder",
            "families": ["application"],
            "patch": [
                { "op": "add", "path": "/components/schemas/added_thing", "value": {
                    "type": "object", "properties": { "id": { "type": "integer" } } } },
                { "op": "add", "path": "/paths/~1things~1{id}/delete", "value": {
                    "operationId": "delete-a-thing",
                    "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } } ],
                    "responses": { "200": { "description": "ok" } } } },
                { "op": "add", "path": "/paths/~1things/post", "value": {
                    "operationId": "create-a-thing",
                    "responses": { "200": { "description": "ok", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/added_thing" } } } } } } }
            ]
        }))
        .expect("valid addition")
    }

    #[test]
    fn an_addition_adds_operations_and_reports_them_apart() {
        let n = normalize(
            Family::Application,
            &doc_with_thing(json!({ "type": "string" })),
            &[things_addition()],
        )
        .expect("normalizes");
        assert!(n.spec.pointer("/paths/~1things~1{id}/delete").is_some());
        assert!(n.spec.pointer("/paths/~1things/get").is_some());
        assert_eq!(
            n.spec
                .pointer("/paths/~1things/post/responses/200/content/application~1json/schema"),
            Some(&json!({ "$ref": "#/components/schemas/added_thing" }))
        );
        let report = &n.report;
        assert_eq!(
            (
                report.operations_in,
                report.operations_added.len(),
                report.operations_out
            ),
            (1, 2, 3)
        );
        let added: Vec<(&str, &str, &str)> = report
            .operations_added
            .iter()
            .map(|a| (a.operation_id.as_str(), a.method.as_str(), a.path.as_str()))
            .collect();
        assert_eq!(
            added,
            [
                ("delete-a-thing", "delete", "/things/{id}"),
                ("create-a-thing", "post", "/things")
            ]
        );
        let first = &report.operations_added[0];
        assert_eq!(first.addition, "test-addition");
        assert_eq!(first.reason, "the server deletes and creates things");
        assert!(first.source.starts_with("DELETE /things/:id"));
        assert!(rules(&n).contains(&"addition:test-addition"));
        assert!(!rules(&n).iter().any(|r| r.starts_with("fixup:")));
        // The summary lists added operations, not a count of patch operations.
        let summary = report.to_string();
        assert!(
            summary.contains("operations 1 in + 2 added, 3 out"),
            "{summary}"
        );
        assert!(
            summary.contains("added (not in upstream's spec): delete-a-thing DELETE /things/{id} (openapi/additions/test-addition.json)"),
            "{summary}"
        );
        assert!(!summary.contains("addition:test-addition"), "{summary}");
        let json = serde_json::to_value(report).expect("serializes");
        assert_eq!(
            json["operations_added"][1]["operation_id"],
            "create-a-thing"
        );
    }

    #[test]
    fn an_addition_whose_route_upstream_now_documents_is_skipped_and_reported() {
        let mut doc = doc_with_thing(json!({ "type": "string" }));
        // Upstream's own version of the route, with another placeholder name.
        doc["paths"]["/things/{thing_id}"] = json!({ "delete": {
            "operationId": "upstream-delete",
            "parameters": [ { "name": "thing_id", "in": "path", "required": true, "schema": { "type": "integer" } } ],
            "responses": { "200": { "description": "ok" } }
        } });
        let n = normalize(Family::Application, &doc, &[things_addition()]).expect("normalizes");
        let report = &n.report;
        assert_eq!(
            report.operations_added.len(),
            1,
            "only POST /things is ours"
        );
        assert_eq!(report.operations_added[0].operation_id, "create-a-thing");
        assert!(n.spec["paths"].get("/things/{id}").is_none());
        let line = report.fixups[0].to_string();
        assert!(
            line.contains(
                "fixed upstream (delete them from the patch): /paths/~1things~1{id}/delete"
            ),
            "{line}"
        );
    }

    #[test]
    fn a_failed_addition_leaves_the_document_as_it_was() {
        let f = addition(json!({
            "reason": "r", "source": "s",
            "patch": [
                { "op": "add", "path": "/paths/~1new/get", "value": { "operationId": "get-new", "responses": {} } },
                { "op": "add", "path": "/components/schemas/thing", "value": { "type": "number" } }
            ]
        }))
        .expect("valid addition");
        let mut doc = doc_with_thing(json!({ "type": "string" }));
        let before = doc.clone();
        let mut changes = Vec::new();
        f.apply(&mut doc, &mut changes).unwrap_err();
        assert_eq!(doc, before);
    }

    #[test]
    fn an_addition_only_adds_and_names_its_source() {
        let changes = addition(json!({
            "reason": "r", "source": "s",
            "patch": [
                { "op": "test", "path": "/paths/~1things/get/operationId", "value": "list-things" },
                { "op": "replace", "path": "/paths/~1things/get/operationId", "value": "x" }
            ]
        }))
        .unwrap_err();
        assert!(
            matches!(
                &changes,
                FixupError::Malformed {
                    kind: FixupKind::Addition,
                    ..
                }
            ),
            "{changes}"
        );
        assert!(
            changes.to_string().contains("an addition only adds"),
            "{changes}"
        );
        let no_source = addition(json!({
            "reason": "r",
            "patch": [ { "op": "add", "path": "/paths/~1x/get", "value": {} } ]
        }))
        .unwrap_err();
        assert!(
            no_source.to_string().contains("`source` is empty"),
            "{no_source}"
        );
        let whole_item = addition(json!({
            "reason": "r", "source": "s",
            "patch": [ { "op": "add", "path": "/paths/~1x", "value": { "get": {} } } ]
        }))
        .unwrap_err();
        assert!(
            whole_item
                .to_string()
                .contains("add each operation as /paths/<path>/<method>"),
            "{whole_item}"
        );
    }

    #[test]
    fn corrections_and_additions_load_from_their_directories() {
        let dir = std::env::temp_dir().join(format!("chatwoot-additions-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("fixups")).unwrap();
        std::fs::create_dir_all(dir.join("additions")).unwrap();
        let correction = json!({ "reason": "r", "patch": [] });
        let added = json!({ "reason": "r", "source": "s", "patch": [
            { "op": "add", "path": "/paths/~1x/get", "value": { "operationId": "get-x" } } ] });
        std::fs::write(dir.join("fixups/b-correction.json"), correction.to_string()).unwrap();
        std::fs::write(dir.join("additions/a-addition.json"), added.to_string()).unwrap();
        let loaded = Fixup::load_openapi_dir(&dir).expect("loads");
        let kinds: Vec<(&str, FixupKind)> =
            loaded.iter().map(|f| (f.name.as_str(), f.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("b-correction", FixupKind::Correction),
                ("a-addition", FixupKind::Addition)
            ]
        );
        assert_eq!(loaded[1].added_operations()[0].operation_id, "get-x");
        assert!(loaded[0].added_operations().is_empty());

        // An addition must not share a name with a fixup: tools find them by name.
        std::fs::write(dir.join("additions/b-correction.json"), added.to_string()).unwrap();
        let twin = Fixup::load_openapi_dir(&dir).unwrap_err();
        assert!(twin.to_string().contains("addition b-correction"), "{twin}");
        // A correction in additions/ is refused, naming the file.
        std::fs::remove_file(dir.join("additions/b-correction.json")).unwrap();
        std::fs::write(
            dir.join("additions/c-wrong.json"),
            json!({ "reason": "r", "source": "s", "patch": [
            { "op": "remove", "path": "/paths/~1x" } ] })
            .to_string(),
        )
        .unwrap();
        let wrong = Fixup::load_openapi_dir(&dir).unwrap_err();
        assert!(
            wrong
                .to_string()
                .starts_with("addition c-wrong is malformed"),
            "{wrong}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn ids_and_pages_typed_number_become_integers() {
    let mut doc = doc_with_thing(json!({ "type": "object", "properties": {
        "id": { "type": "number" },
        "inbox_id": { "type": ["number", "null"] },
        "label_ids": { "type": "array", "items": { "type": "number" } },
        "rating": { "type": "number" },
        "account_id": { "type": "number", "format": "double" }
    } }));
    doc["paths"]["/things"]["get"]["parameters"] =
        json!([ { "name": "page", "in": "query", "schema": { "type": "number" } } ]);
    let n = run(&doc);
    let props = &thing(&n)["properties"];
    assert_eq!(props["id"]["type"], "integer");
    assert_eq!(
        props["inbox_id"],
        json!({ "type": "integer", "nullable": true })
    );
    assert_eq!(props["label_ids"]["items"]["type"], "integer");
    assert_eq!(props["rating"]["type"], "number", "not an id");
    assert_eq!(
        props["account_id"]["type"], "number",
        "a format says it is meant"
    );
    assert_eq!(
        n.spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["type"],
        "integer"
    );
}

#[test]
fn counts_typed_number_become_integers() {
    let n = run(&doc_with_thing(json!({ "type": "object", "properties": {
        "unread_count": { "type": ["number", "null"] },
        "count": { "type": "number" },
        "avg_reply_time": { "type": "number" }
    } })));
    let props = &thing(&n)["properties"];
    assert_eq!(
        props["unread_count"],
        json!({ "type": "integer", "nullable": true })
    );
    assert_eq!(props["count"]["type"], "integer");
    assert_eq!(props["avg_reply_time"]["type"], "number", "not a count");
    assert_eq!(
        rules(&n)
            .iter()
            .filter(|r| **r == "defect/count-typed-as-number")
            .count(),
        2
    );
}

#[test]
fn times_the_server_sends_become_date_times_and_times_sent_stay() {
    let mut doc = doc_with_thing(json!({ "type": "object", "properties": {
        "created_at": { "type": "number" },
        "updated_at": { "type": ["string", "null"] },
        "timestamp": { "type": "integer", "minimum": 0 },
        "snoozed_until": { "type": "string", "format": "date-time" },
        "format_at": { "type": "string", "enum": ["a", "b"] },
        "chat": { "type": "number" }
    } }));
    // A request body reaching a component with a time of its own.
    doc["paths"]["/things"]["post"] = json!({
        "operationId": "create-thing",
        "requestBody": { "content": { "application/json": { "schema": {
            "$ref": "#/components/schemas/payload"
        } } } },
        "responses": { "204": { "description": "done" } }
    });
    doc["components"]["schemas"]["payload"] = json!({ "type": "object", "properties": {
        "scheduled_at": { "type": "number" }
    } });
    let n = run(&doc);
    let props = &thing(&n)["properties"];
    assert_eq!(
        props["created_at"],
        json!({ "type": "string", "format": "date-time" })
    );
    assert_eq!(
        props["updated_at"],
        json!({ "type": "string", "format": "date-time", "nullable": true })
    );
    assert_eq!(
        props["timestamp"],
        json!({ "type": "string", "format": "date-time" }),
        "numeric bounds go with the number"
    );
    assert_eq!(
        props["format_at"]["enum"],
        json!(["a", "b"]),
        "an enum stays"
    );
    assert_eq!(props["chat"]["type"], "number", "not a time");
    assert_eq!(
        n.spec["components"]["schemas"]["payload"]["properties"]["scheduled_at"]["type"], "number",
        "what a request sends stays as upstream has it"
    );
    let details: Vec<&str> = n
        .report
        .changes
        .iter()
        .filter(|c| c.rule == "defect/time-without-a-time-type")
        .map(|c| c.detail.as_str())
        .collect();
    assert_eq!(
        details,
        [
            "number -> date-time",
            "string -> date-time",
            "integer -> date-time"
        ]
    );
}

#[test]
fn a_default_response_beside_a_success_is_left_to_the_runtime() {
    let n = run(&doc_with_operation(json!({
        "operationId": "make", "parameters": [id_param()],
        "responses": {
            "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/thing" } } } },
            "default": { "description": "error", "content": { "application/json": { "schema": { "type": "object" } } } }
        }
    })));
    assert!(
        n.spec["paths"]["/things/{id}"]["post"]["responses"]
            .get("default")
            .is_none()
    );
    assert!(rules(&n).contains(&"progenitor/default-response"));
}

#[test]
fn an_operation_id_no_method_can_be_named_after_is_cleaned() {
    let n = run(&doc_with_operation(json!({
        "operationId": "123 get/widget!", "parameters": [id_param()], "responses": { "200": { "description": "ok" } }
    })));
    assert_eq!(n.report.operations[0].operation_id, "op_123_get_widget");
}

#[test]
fn constructs_progenitor_cannot_take_are_errors_naming_their_pointer() {
    let cases = [
        (
            doc_with_thing(json!({ "not": { "type": "string" } })),
            "#/components/schemas/thing/not",
        ),
        (
            doc_with_thing(json!({ "enum": [1, "a", true] })),
            "#/components/schemas/thing/enum",
        ),
        (
            doc_with_operation(
                json!({ "operationId": "x", "parameters": [id_param(), { "name": "s", "in": "cookie", "schema": { "type": "string" } }], "responses": {} }),
            ),
            "#/paths/~1things~1{id}/post/parameters/1",
        ),
        (
            doc_with_operation(
                json!({ "operationId": "x", "parameters": [id_param()], "servers": [{ "url": "https://elsewhere" }], "responses": {} }),
            ),
            "#/paths/~1things~1{id}/post/servers",
        ),
    ];
    for (doc, pointer) in cases {
        match normalize(Family::Application, &doc, &[]) {
            Err(NormalizeError::UnsupportedConstruct { pointer: p, .. }) => assert_eq!(p, pointer),
            other => panic!("{pointer}: unexpected {other:?}"),
        }
    }
}

#[test]
fn array_query_parameters_take_rails_list_form() {
    let mut doc = doc_with_thing(json!({ "type": "string" }));
    doc["paths"]["/things"]["get"]["parameters"] = json!([
        { "name": "labels", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
        { "name": "q", "in": "query", "schema": { "type": "string" } }
    ]);
    let n = run(&doc);
    let params = &n.spec["paths"]["/things"]["get"]["parameters"];
    assert_eq!(params[0]["name"], "labels[]");
    assert_eq!(params[1]["name"], "q");
}

#[test]
fn an_operation_without_error_responses_gets_a_raw_4xx() {
    let n = run(&doc_returning(json!({ "type": "object" }), json!({})));
    let responses = &n.spec["paths"]["/things"]["get"]["responses"];
    assert_eq!(responses["4XX"]["content"], json!({ "*/*": {} }));
    assert!(
        n.report
            .changes
            .iter()
            .any(|c| c.rule == "progenitor/error-responses" && c.pointer.ends_with("/4XX"))
    );
    // Generated, its error is the raw body every other operation's is.
    let code = chatwoot_codegen::generate::generate(
        Family::Application,
        &n.spec,
        &chatwoot_codegen::generate::GenerateOptions::default(),
    )
    .expect("generates")
    .client;
    assert!(!code.contains("Error<()>"), "no unit error type is left");
}

/// A document with a record described three ways: `thing_show` (the
/// component and its `meta`), and again inline in a list.
fn doc_with_a_record_described_again() -> Value {
    let mut doc = doc_returning(
        json!({ "$ref": "#/components/schemas/thing_list" }),
        json!({
            "thing": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "integer" }, "status": { "type": "string", "enum": ["open", "closed"] }
            } },
            "thing_show": { "type": "object", "allOf": [
                { "$ref": "#/components/schemas/thing" },
                { "type": "object", "properties": { "meta": { "type": "object", "properties": {
                    "channel": { "type": "string" }
                } } } }
            ] },
            "thing_list": { "type": "object", "properties": { "payload": { "type": "array", "items": {
                "allOf": [
                    { "$ref": "#/components/schemas/thing" },
                    { "type": "object", "properties": { "meta": { "type": "object" } } }
                ]
            } } } }
        }),
    );
    doc["paths"]["/things/{id}"] = json!({ "get": {
        "operationId": "get-thing",
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
        "responses": { "200": { "description": "ok", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/thing_show" }
        } } } }
    } });
    doc
}

fn records(places: &[&str]) -> Options {
    records_named("thing", places)
}

fn records_named(name: &str, places: &[&str]) -> Options {
    let places: Vec<String> = places.iter().map(|p| format!("{p:?}")).collect();
    let text = format!(
        "[[application]]\nname = \"{name}\"\nfrom = \"thing_show\"\nplaces = [{}]\nreason = \"one partial\"\nsource = \"app/views/things/_thing.json.jbuilder\"\n",
        places.join(", ")
    );
    let mut names = Names::default();
    names.records = records::Records::parse(&text).expect("records parse");
    Options {
        names: Some(names),
        ..Options::default()
    }
}

#[test]
fn a_record_described_again_is_one_component_every_place_refers_to() {
    let doc = doc_with_a_record_described_again();
    let options = records(&[
        "/components/schemas/thing_list/properties/payload/items",
        "/components/schemas/gone/properties/items",
    ]);
    let n = normalize_with(Family::Application, &doc, &[], &options).expect("normalizes");
    let schemas = &n.spec["components"]["schemas"];
    assert_eq!(
        schemas["thing_list"]["properties"]["payload"]["items"],
        json!({ "$ref": "#/components/schemas/thing" })
    );
    let thing = &schemas["thing"];
    assert_eq!(thing["required"], json!(["id"]));
    assert!(
        thing["properties"]["status"].is_object(),
        "the base's fields"
    );
    assert_eq!(
        thing["properties"]["meta"]["properties"]["channel"]["type"], "string",
        "the fullest description's"
    );
    assert!(schemas.get("thing_show").is_none(), "one name");
    assert_eq!(
        n.spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/thing" })
    );
    let details: Vec<(&str, &str)> = n
        .report
        .changes
        .iter()
        .filter(|c| c.rule == "record:thing")
        .map(|c| (c.pointer.as_str(), c.detail.as_str()))
        .collect();
    assert_eq!(
        details,
        [
            (
                "#/components/schemas/thing_list/properties/payload/items",
                "described again -> thing"
            ),
            ("#/components/schemas/gone/properties/items", "not present"),
            (
                "#/components/schemas/thing",
                "the record, from `thing_show`"
            ),
        ]
    );
}

#[test]
fn a_place_that_describes_something_else_stops_the_pipeline() {
    let mut doc = doc_with_a_record_described_again();
    doc["components"]["schemas"]["thing_list"]["properties"]["payload"]["items"] =
        json!({ "type": "object", "properties": { "other": { "type": "string" } } });
    let options = records(&["/components/schemas/thing_list/properties/payload/items"]);
    let error = normalize_with(Family::Application, &doc, &[], &options)
        .expect_err("another schema at the place");
    let message = error.to_string();
    assert!(
        message.contains("thing_list/properties/payload/items"),
        "{message}"
    );
    assert!(message.contains("records.toml"), "{message}");
}

#[test]
fn records_need_a_reason_and_a_source() {
    let text = "[[application]]\nname = \"thing\"\nfrom = \"thing_show\"\nplaces = []\nreason = \"\"\nsource = \"x\"\n";
    assert!(records::Records::parse(text).is_err());
    let unknown = "[[application]]\nname = \"thing\"\nfrom = \"thing_show\"\nplaces = []\nreason = \"r\"\nsource = \"x\"\nwhy = 1\n";
    assert!(
        records::Records::parse(unknown).is_err(),
        "unknown keys refused"
    );
}

#[test]
fn a_component_of_the_record_s_name_that_describes_something_else_is_replaced_and_reported() {
    let mut doc = doc_with_a_record_described_again();
    // Upstream's `box`: a wrapper, the name the record is to take.
    doc["components"]["schemas"]["box"] = json!({ "type": "object", "properties": {
        "payload": { "type": "array", "items": { "type": "object" } }
    } });
    doc["components"]["schemas"]["thing_list"]["properties"]["wrapped"] =
        json!({ "$ref": "#/components/schemas/box" });
    let n = normalize_with(Family::Application, &doc, &[], &records_named("box", &[]))
        .expect("normalizes");
    let boxed = &n.spec["components"]["schemas"]["box"];
    assert!(
        boxed["properties"]["payload"].is_null(),
        "the wrapper is gone"
    );
    assert!(
        boxed["properties"]["meta"].is_object(),
        "the record took its name"
    );
    assert!(n.report.changes.iter().any(|c| c.rule == "record:box"
        && c.detail == "upstream's `box` described something else: replaced by the record"));
}

#[test]
fn a_component_named_like_an_inline_object_of_the_record_yields_its_name() {
    let mut doc = doc_with_a_record_described_again();
    // Upstream's own `thing_meta`, another object, used elsewhere.
    doc["components"]["schemas"]["thing_meta"] = json!({ "type": "object", "properties": {
        "labels": { "type": "array", "items": { "type": "string" } }
    } });
    doc["components"]["schemas"]["thing_list"]["properties"]["extra"] =
        json!({ "$ref": "#/components/schemas/thing_meta" });
    let n = normalize_with(Family::Application, &doc, &[], &records(&[])).expect("normalizes");
    let schemas = &n.spec["components"]["schemas"];
    assert!(
        schemas.get("thing_meta").is_none(),
        "the name is the record's meta's"
    );
    assert!(schemas["thing_meta_upstream"]["properties"]["labels"].is_object());
    assert_eq!(
        schemas["thing_list"]["properties"]["extra"],
        json!({ "$ref": "#/components/schemas/thing_meta_upstream" })
    );
    assert!(
        n.report
            .changes
            .iter()
            .any(|c| c.rule == "record:thing"
                && c.detail.starts_with("renamed `thing_meta_upstream`"))
    );
}

/// A document with one status enum written three times: in the record, in
/// a request body (without `closed`), and in a query with `all`.
fn doc_with_an_enum_written_again() -> Value {
    let status = |values: Value| json!({ "type": "string", "enum": values, "description": "d" });
    let mut doc = doc_returning(
        json!({ "$ref": "#/components/schemas/thing" }),
        json!({ "thing": { "type": "object", "properties": {
            "status": status(json!(["open", "closed"]))
        } } }),
    );
    doc["paths"]["/things"]["get"]["parameters"] = json!([
        { "name": "status", "in": "query", "schema": status(json!(["open", "closed", "all"])) }
    ]);
    doc["paths"]["/things"]["post"] = json!({
        "operationId": "set-thing",
        "requestBody": { "content": { "application/json": { "schema": {
            "type": "object", "properties": { "status": status(json!(["open"])) }
        } } } },
        "responses": { "200": { "description": "ok" } }
    });
    doc
}

fn enums(places: &[&str], widen: bool) -> Options {
    let places: Vec<String> = places.iter().map(|p| format!("{p:?}")).collect();
    let text = format!(
        "[[application]]\nname = \"thing_status\"\nplaces = [{}]\nwiden_subsets = {widen}\nreason = \"one model enum\"\nsource = \"app/models/thing.rb\"\n",
        places.join(", ")
    );
    let mut names = Names::default();
    names.enums = enums::Enums::parse(&text).expect("enums parse");
    Options {
        names: Some(names),
        ..Options::default()
    }
}

const THING_STATUS: &str = "/components/schemas/thing/properties/status";
const BODY_STATUS: &str =
    "/paths/~1things/post/requestBody/content/application~1json/schema/properties/status";
const QUERY_STATUS: &str = "/paths/~1things/get/parameters/0/schema";

#[test]
fn an_enum_written_again_is_one_component_every_place_refers_to() {
    let doc = doc_with_an_enum_written_again();
    let options = enums(
        &[THING_STATUS, BODY_STATUS, "/components/schemas/gone"],
        true,
    );
    let n = normalize_with(Family::Application, &doc, &[], &options).expect("normalizes");
    let reference = json!({ "$ref": "#/components/schemas/thing_status" });
    assert_eq!(n.spec.pointer(THING_STATUS), Some(&reference));
    assert_eq!(n.spec.pointer(BODY_STATUS), Some(&reference));
    assert_eq!(
        n.spec["components"]["schemas"]["thing_status"],
        json!({ "type": "string", "enum": ["open", "closed"], "description": "d" })
    );
    let said = |detail: &str| {
        n.report
            .changes
            .iter()
            .any(|c| c.rule == "enum:thing_status" && c.detail.contains(detail))
    };
    assert!(said("holds a subset, lacking \"closed\": widened"));
    assert!(said("not present"));
    assert!(said(
        "the enum, from #/components/schemas/thing/properties/status"
    ));
    // Generated, the record and the body share the type.
    let code = chatwoot_codegen::generate::generate(
        Family::Application,
        &n.spec,
        &chatwoot_codegen::generate::GenerateOptions::default(),
    )
    .expect("generates")
    .client;
    assert!(code.contains("pub enum ThingStatus"), "{code}");
    assert!(!code.contains("ThingStatusStatus") && !code.contains("SetThingBodyStatus"));
}

#[test]
fn an_enum_with_other_values_is_an_error_naming_both() {
    let doc = doc_with_an_enum_written_again();
    for (places, widen, here) in [
        (
            vec![THING_STATUS, QUERY_STATUS],
            true,
            "\"all\", \"closed\", \"open\" (string) here",
        ),
        (
            vec![THING_STATUS, BODY_STATUS],
            false,
            "\"open\" (string) here",
        ),
    ] {
        let err = normalize_with(Family::Application, &doc, &[], &enums(&places, widen))
            .expect_err("other values");
        let message = err.to_string();
        assert!(
            message.starts_with("openapi/enums.toml: `thing_status` holds"),
            "{message}"
        );
        assert!(message.contains(here), "{message}");
        assert!(
            message.contains(&format!("\"closed\", \"open\" (string) at #{THING_STATUS}")),
            "{message}"
        );
        assert!(
            message.ends_with("mend the entry for this revision"),
            "{message}"
        );
    }
}

#[test]
fn a_place_that_is_no_enum_is_an_error_and_a_taken_name_too() {
    let doc = doc_with_an_enum_written_again();
    let err = normalize_with(
        Family::Application,
        &doc,
        &[],
        &enums(&["/components/schemas/thing"], false),
    )
    .expect_err("not an enum");
    assert!(err.to_string().contains("expects an enum"), "{err}");

    let mut taken = doc.clone();
    taken["components"]["schemas"]["thing_status"] = json!({ "type": "string" });
    taken["components"]["schemas"]["thing"]["properties"]["other"] =
        json!({ "$ref": "#/components/schemas/thing_status" });
    let err = normalize_with(
        Family::Application,
        &taken,
        &[],
        &enums(&[THING_STATUS], false),
    )
    .expect_err("the name is taken");
    assert!(err.to_string().contains("choose another name"), "{err}");
}

#[test]
fn enums_need_places_a_reason_and_a_source() {
    assert!(
        enums::Enums::parse(
            "[[application]]\nname = \"x\"\nplaces = []\nreason = \"r\"\nsource = \"s\"\n"
        )
        .is_err()
    );
    assert!(
        enums::Enums::parse(
            "[[application]]\nname = \"x\"\nplaces = [\"/a\"]\nreason = \"\"\nsource = \"s\"\n"
        )
        .is_err()
    );
    assert!(enums::Enums::parse("[[application]]\nname = \"x\"\nplaces = [\"/a\"]\nreason = \"r\"\nsource = \"s\"\nvalues = 1\n").is_err());
}

#[test]
fn an_inline_enum_the_generator_would_name_alike_yields_the_name() {
    // `thing.status` (open, closed) would generate `ThingStatus`, the name
    // of the enum the body's status (open) takes.
    let doc = doc_with_an_enum_written_again();
    let n = normalize_with(
        Family::Application,
        &doc,
        &[],
        &enums(&[BODY_STATUS], false),
    )
    .expect("normalizes");
    let schemas = &n.spec["components"]["schemas"];
    assert_eq!(schemas["thing_status"]["enum"], json!(["open"]));
    assert_eq!(
        schemas["thing_status_upstream"]["enum"],
        json!(["open", "closed"])
    );
    assert_eq!(
        n.spec.pointer(THING_STATUS),
        Some(&json!({ "$ref": "#/components/schemas/thing_status_upstream" }))
    );
    assert!(
        n.report
            .changes
            .iter()
            .any(|c| c.rule == "enum:thing_status"
                && c.detail
                    == "another enum the generator would name alike: -> thing_status_upstream")
    );
    chatwoot_codegen::generate::generate(
        Family::Application,
        &n.spec,
        &chatwoot_codegen::generate::GenerateOptions::default(),
    )
    .expect("generates");
}
