//! The typed httpmock helpers the family crates generate behind their `mock`
//! feature, used the way a user tests their own code: each `server.<operation>`
//! matches the typed request (path parameters, query, JSON body) and answers
//! with a typed response.

use chatwoot::application::types::{
    Conversation, ConversationList, ConversationListData, ConversationMessageCreatePayload,
    ConversationStatusFilter, Message,
};
use chatwoot::runtime::Error;
use chatwoot_tests::{application_client, client_client, platform_client};
use httpmock::MockServer;
use serde_json::json;

const ACCOUNT: i64 = 12;

/// User code under test: a bot that answers every open conversation of an
/// account once, and returns the ids of the messages it sent.
async fn greet_open_conversations(
    client: &chatwoot::application::Client,
    account_id: i64,
    greeting: &str,
) -> Result<Vec<i64>, Error> {
    let open = client
        .list_conversations()
        .account_id(account_id)
        .status(ConversationStatusFilter::Open)
        .send()
        .await?
        .into_inner();
    let mut sent = Vec::new();
    for conversation in open.data.map(|data| data.payload).unwrap_or_default() {
        let Some(conversation_id) = conversation.id else {
            continue;
        };
        let message = client
            .create_message()
            .account_id(account_id)
            .conversation_id(conversation_id)
            .body(message_payload(greeting))
            .send()
            .await?
            .into_inner();
        sent.extend(message.id);
    }
    Ok(sent)
}

fn open_conversations(ids: &[i64]) -> ConversationList {
    ConversationList {
        data: Some(ConversationListData {
            meta: None,
            payload: ids
                .iter()
                .map(|&id| Conversation {
                    id: Some(id),
                    account_id: Some(ACCOUNT),
                    inbox_id: Some(3),
                    ..Default::default()
                })
                .collect(),
        }),
    }
}

fn greeting() -> ConversationMessageCreatePayload {
    message_payload("Hello! An agent will be with you shortly.")
}

/// A public message with `content` (its one required field makes it a
/// builder's job, not `Default`'s).
fn message_payload(content: &str) -> ConversationMessageCreatePayload {
    ConversationMessageCreatePayload::builder()
        .content(content.to_owned())
        .private(false)
        .try_into()
        .expect("content is set")
}

fn sent_message(id: i64, conversation_id: i64) -> Message {
    Message {
        id: Some(id),
        conversation_id: Some(conversation_id),
        account_id: Some(ACCOUNT),
        content: Some(greeting().content),
        ..Default::default()
    }
}

#[cfg(all(
    chatwoot_operation = "application::create_message",
    chatwoot_operation = "application::list_conversations"
))]
#[tokio::test]
async fn the_bot_greets_every_open_conversation() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let list = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT)
            .status(ConversationStatusFilter::Open)
            .page(None);
        then.ok(&open_conversations(&[401, 402]));
    });
    let replies: Vec<_> = [(401, 9001), (402, 9002)]
        .into_iter()
        .map(|(conversation, message)| {
            server.create_message(|when, then| {
                when.account_id(ACCOUNT)
                    .conversation_id(conversation)
                    .body(greeting());
                then.ok(&sent_message(message, conversation));
            })
        })
        .collect();

    let client = application_client(&server);
    let sent = greet_open_conversations(&client, ACCOUNT, &greeting().content)
        .await
        .expect("the bot succeeds");

    assert_eq!(sent, [9001, 9002]);
    list.assert_async().await;
    for reply in &replies {
        reply.assert_async().await;
    }
}

#[cfg(all(
    chatwoot_operation = "application::create_message",
    chatwoot_operation = "application::list_conversations"
))]
#[tokio::test]
async fn the_bot_stops_at_a_conversation_that_is_gone() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    server.list_conversations(|when, then| {
        when.account_id(ACCOUNT)
            .status(ConversationStatusFilter::Open);
        then.ok(&open_conversations(&[77]));
    });
    let reply = server.create_message(|when, then| {
        when.account_id(ACCOUNT).conversation_id(77);
        then.not_found(json!({ "error": "Resource could not be found" }));
    });

    let client = application_client(&server);
    let err = greet_open_conversations(&client, ACCOUNT, "hi")
        .await
        .expect_err("a 404 is an error");

    reply.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.body().and_then(|body| body.message()).as_deref(),
        Some("Resource could not be found")
    );
}

#[cfg(chatwoot_operation = "application::create_message")]
#[tokio::test]
async fn a_typed_response_decodes_to_the_value_mocked() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let expected = sent_message(55, 8);
    server.create_message(|when, then| {
        when.account_id(ACCOUNT).conversation_id(8).body(greeting());
        then.ok(&expected);
    });

    let message = application_client(&server)
        .create_message()
        .account_id(ACCOUNT)
        .conversation_id(8)
        .body(greeting())
        .send()
        .await
        .expect("mocked message")
        .into_inner();
    assert_eq!(message, expected);
}

#[cfg(chatwoot_operation = "application::create_message")]
#[tokio::test]
async fn a_request_unlike_the_typed_body_is_not_matched() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let reply = server.create_message(|when, then| {
        when.account_id(ACCOUNT).conversation_id(8).body(greeting());
        then.ok(&sent_message(55, 8));
    });

    let err = application_client(&server)
        .create_message()
        .account_id(ACCOUNT)
        .conversation_id(8)
        .body(message_payload("something else"))
        .send()
        .await
        .expect_err("no mock matches another body");

    assert_eq!(reply.calls_async().await, 0);
    // What no mock matches gets 404, saying which typed mock of the path
    // missed and where.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let message = err
        .body()
        .and_then(|body| body.message())
        .expect("a message");
    assert_eq!(
        message,
        format!(
            "no typed mock matched POST /api/v1/accounts/{ACCOUNT}/conversations/8/messages; \
             typed mocks for this path: `create_message` (mock {}): body.content: wants \
             \"Hello! An agent will be with you shortly.\", got \"something else\"",
            reply.id()
        )
    );
}

/// A request on a typed mock's path that none matches is answered with what
/// differed, mock by mock: method, path parameters, query; a raw mock made
/// before the typed ones still answers, and a reset forgets them.
#[cfg(all(
    chatwoot_operation = "application::list_conversations",
    chatwoot_operation = "application::create_conversation"
))]
#[tokio::test]
async fn a_request_no_mock_matches_is_told_what_differed() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let raw = server.mock(|when, then| {
        when.path(format!("/api/v1/accounts/{ACCOUNT}/conversations"))
            .query_param("page", "9");
        then.status(200)
            .json_body(json!({ "data": { "payload": [] } }));
    });
    let open = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT)
            .status(ConversationStatusFilter::Open);
        then.ok(&open_conversations(&[1]));
    });
    let create = server.create_conversation(|when, then| {
        when.account_id(ACCOUNT);
        then.ok(&Default::default());
    });
    let client = application_client(&server);

    let err = client
        .list_conversations()
        .account_id(ACCOUNT + 1)
        .status(ConversationStatusFilter::Resolved)
        .send()
        .await
        .expect_err("no mock matches");
    let message = err
        .body()
        .and_then(|body| body.message())
        .expect("a message");
    let wanted = format!(
        "no typed mock matched GET /api/v1/accounts/{}/conversations?status=resolved; typed \
         mocks for this path: `list_conversations` (mock {}): path: wants \
         /api/v1/accounts/{ACCOUNT}/conversations, query status: wants open, got resolved; \
         `create_conversation` (mock {}): method: wants POST, got GET, path: wants \
         /api/v1/accounts/{ACCOUNT}/conversations",
        ACCOUNT + 1,
        open.id(),
        create.id()
    );
    assert_eq!(message, wanted);

    // The raw mock, made first, is not behind the catch-all.
    let page = client
        .list_conversations()
        .account_id(ACCOUNT)
        .page(9)
        .send()
        .await
        .expect("the raw mock answers")
        .into_inner();
    assert_eq!(
        page,
        ConversationList {
            data: Some(ConversationListData::default())
        }
    );
    assert_eq!(raw.calls_async().await, 1);

    // After a reset, only the typed mocks made since are named.
    server.reset_async().await;
    let resolved = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT)
            .status(ConversationStatusFilter::Resolved);
        then.ok(&open_conversations(&[]));
    });
    let err = client
        .list_conversations()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect_err("no mock matches");
    let message = err
        .body()
        .and_then(|body| body.message())
        .expect("a message");
    assert_eq!(
        message,
        format!(
            "no typed mock matched GET /api/v1/accounts/{ACCOUNT}/conversations; typed mocks for \
             this path: `list_conversations` (mock {}): query status: wants resolved, got none",
            resolved.id()
        )
    );
}

/// `when.body(..)` takes what the client's `.body(..)` takes: the payload,
/// a reference to it, or its builder; each matches the same request.
#[cfg(chatwoot_operation = "application::create_message")]
#[tokio::test]
#[allow(clippy::needless_borrows_for_generic_args)] // the reference is a case under test
async fn a_mock_body_may_be_the_payload_a_reference_or_its_builder() {
    use chatwoot::application::mock::MockServerExt as _;

    let builder = || {
        ConversationMessageCreatePayload::builder()
            .content("Hello! An agent will be with you shortly.")
            .private(false)
    };
    for (conversation, given) in [(1, "builder"), (2, "payload"), (3, "reference")] {
        let server = MockServer::start_async().await;
        let mock = server.create_message(|when, then| {
            let when = when.account_id(ACCOUNT).conversation_id(conversation);
            match given {
                "builder" => when.body(builder()),
                "payload" => when.body(greeting()),
                _ => when.body(&greeting()),
            };
            then.ok(&sent_message(conversation, conversation));
        });
        let client = application_client(&server);
        let send = |body| {
            client
                .create_message()
                .account_id(ACCOUNT)
                .conversation_id(conversation)
                .body(body)
                .send()
        };
        assert!(
            send(builder()).await.is_ok(),
            "{given}: the same body matches"
        );
        assert!(
            send(builder().content("another")).await.is_err(),
            "{given}: another body does not"
        );
        assert_eq!(mock.calls_async().await, 1, "{given}");
    }
}

/// A builder that makes no payload (a required field not set) is the test's
/// own mistake: said when the mock is made, naming the operation.
#[cfg(chatwoot_operation = "application::create_message")]
#[test]
#[should_panic(expected = "the body of a `create_message` mock: ")]
fn a_mock_body_from_an_incomplete_builder_is_refused_at_once() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start();
    server.create_message(|when, then| {
        when.body(ConversationMessageCreatePayload::builder().private(true));
        then.ok(&sent_message(1, 1));
    });
}

#[cfg(chatwoot_operation = "application::list_conversations")]
#[tokio::test]
async fn list_query_parameters_match_item_by_item() {
    use chatwoot::application::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let labels = vec!["vip".to_owned(), "billing".to_owned()];
    let labelled = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT).labels(&labels).inbox_id(3);
        then.ok(&open_conversations(&[1, 2]));
    });
    let unlabelled = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT).labels(None);
        then.ok(&open_conversations(&[3]));
    });

    let client = application_client(&server);
    let filtered = client
        .list_conversations()
        .account_id(ACCOUNT)
        .labels(labels.clone())
        .inbox_id(3)
        .send()
        .await
        .expect("labelled list")
        .into_inner();
    let all = client
        .list_conversations()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("unlabelled list")
        .into_inner();

    let ids = |list: ConversationList| -> Vec<Option<i64>> {
        list.data
            .into_iter()
            .flat_map(|d| d.payload)
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(ids(filtered), [Some(1), Some(2)]);
    assert_eq!(ids(all), [Some(3)]);
    labelled.assert_async().await;
    unlabelled.assert_async().await;
}

#[cfg(all(
    chatwoot_operation = "client::create_contact",
    chatwoot_operation = "client::toggle_conversation_typing"
))]
#[tokio::test]
async fn client_api_contact_sign_up_and_typing() {
    use chatwoot::client::mock::MockServerExt as _;
    use chatwoot::client::types::{
        PublicContact, PublicContactCreateUpdatePayload, ToggleConversationTypingBody, TypingStatus,
    };

    let server = MockServer::start_async().await;
    let payload = PublicContactCreateUpdatePayload {
        name: Some("Ada Lovelace".to_owned()),
        email: Some("ada@example.org".to_owned()),
        ..Default::default()
    };
    let contact = PublicContact {
        id: Some(31),
        name: payload.name.clone(),
        email: payload.email.clone(),
        source_id: Some("c0ffee-42".to_owned()),
        pubsub_token: Some("pubsub-31".to_owned()),
        ..Default::default()
    };
    let create = server.create_contact(|when, then| {
        when.inbox_identifier("web-inbox").body(&payload);
        then.ok(&contact);
    });
    let typing_body = ToggleConversationTypingBody {
        typing_status: Some(TypingStatus::On),
    };
    let typing = server.toggle_conversation_typing(|when, then| {
        when.inbox_identifier("web-inbox")
            .contact_identifier("c0ffee-42")
            .conversation_id(5)
            .typing_status("on")
            .body(&typing_body);
        then.ok();
    });

    let client = client_client(&server);
    let created = client
        .create_contact()
        .inbox_identifier("web-inbox")
        .body(payload.clone())
        .send()
        .await
        .expect("contact created")
        .into_inner();
    assert_eq!(created, contact);
    client
        .toggle_conversation_typing()
        .inbox_identifier("web-inbox")
        .contact_identifier("c0ffee-42")
        .conversation_id(5)
        .typing_status("on")
        .body(typing_body.clone())
        .send()
        .await
        .expect("typing on");

    create.assert_async().await;
    typing.assert_async().await;
}

#[cfg(chatwoot_operation = "client::get_contact")]
#[tokio::test]
async fn client_api_path_parameters_match_as_sent() {
    use chatwoot::client::mock::MockServerExt as _;
    use chatwoot::client::types::PublicContact;

    let server = MockServer::start_async().await;
    // Regex syntax and a slash in an identifier: matched literally, encoded as
    // the client sends it.
    let odd = "a.b/c";
    let found = server.get_contact(|when, then| {
        when.inbox_identifier("web-inbox").contact_identifier(odd);
        then.ok(&PublicContact {
            id: Some(7),
            source_id: Some(odd.to_owned()),
            ..Default::default()
        });
    });
    let gone = server.get_contact(|when, then| {
        when.inbox_identifier("web-inbox")
            .contact_identifier("forgotten");
        then.not_found(json!({ "error": "Contact not found" }));
    });

    let client = client_client(&server);
    let contact = client
        .get_contact()
        .inbox_identifier("web-inbox")
        .contact_identifier(odd)
        .send()
        .await
        .expect("found")
        .into_inner();
    assert_eq!(contact.id, Some(7));
    // `.` in the mocked identifier is not a regex wildcard.
    let err = client
        .get_contact()
        .inbox_identifier("web-inbox")
        .contact_identifier("axb/c")
        .send()
        .await
        .expect_err("another identifier is not matched");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_ne!(
        err.body().and_then(|b| b.message()).as_deref(),
        Some("Contact not found"),
        "httpmock's own 404: no mock matched"
    );
    let err = client
        .get_contact()
        .inbox_identifier("web-inbox")
        .contact_identifier("forgotten")
        .send()
        .await
        .expect_err("mocked 404");
    assert_eq!(
        err.body().and_then(|b| b.message()).as_deref(),
        Some("Contact not found")
    );

    assert_eq!(found.calls_async().await, 1);
    assert_eq!(gone.calls_async().await, 1);
}

#[cfg(all(
    chatwoot_operation = "application::list_agent_bots",
    chatwoot_operation = "platform::create_user",
    chatwoot_operation = "platform::get_user",
    chatwoot_operation = "platform::list_agent_bots"
))]
#[tokio::test]
async fn platform_api_users_and_bots() {
    use chatwoot::platform::mock::MockServerExt as _;
    use chatwoot::platform::types::{AgentBot, User, UserCreateUpdatePayload};

    let server = MockServer::start_async().await;
    let payload = UserCreateUpdatePayload {
        name: Some("Grace Hopper".to_owned()),
        email: Some("grace@example.org".to_owned()),
        password: Some("Compiler-1952!".to_owned()),
        ..Default::default()
    };
    let user = User {
        id: Some(64),
        name: payload.name.clone(),
        email: payload.email.clone(),
        confirmed: Some(true),
        ..Default::default()
    };
    let create = server.create_user(|when, then| {
        when.body(&payload);
        then.ok(&user);
    });
    let bots = vec![AgentBot {
        id: Some(2),
        name: Some("Triage".to_owned()),
        outgoing_url: Some("https://bots.example.org/triage".to_owned()),
        ..Default::default()
    }];
    server.list_agent_bots(|_, then| {
        then.ok(&bots);
    });
    let foreign = server.get_user(|when, then| {
        when.id(65);
        then.unauthorized(json!({ "error": "Non permissible resource" }));
    });

    let client = platform_client(&server);
    let created = client
        .create_user()
        .body(payload.clone())
        .send()
        .await
        .expect("user created")
        .into_inner();
    assert_eq!(created, user);
    let listed = client
        .list_agent_bots()
        .send()
        .await
        .expect("bots")
        .into_inner();
    assert_eq!(listed, bots);
    let err = client
        .get_user()
        .id(65)
        .send()
        .await
        .expect_err("not this app's user");
    assert!(
        matches!(err, Error::NotPermittedForPlatformApp { .. }),
        "{err:?}"
    );

    create.assert_async().await;
    foreign.assert_async().await;
}

/// Letters and digits of an operation's name, lowercased: the same for
/// `list-all-inboxes` and `list_inboxes`.
fn comparable(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The operationIds of a family's normalized spec, comparable.
fn spec_operations(family: &str) -> Vec<String> {
    let path = format!(
        "{}/../openapi/normalized/{family}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: serde_json::Value = serde_json::from_str(&text).expect("spec is JSON");
    let mut ids: Vec<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("path item").values())
        .filter_map(|op| op.get("operationId").and_then(serde_json::Value::as_str))
        .map(comparable)
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_operation_has_a_helper() {
    for (family, helpers) in [
        ("application", &chatwoot::application::mock::OPERATIONS[..]),
        ("client", &chatwoot::client::mock::OPERATIONS[..]),
        ("platform", &chatwoot::platform::mock::OPERATIONS[..]),
    ] {
        let mut helpers: Vec<String> = helpers.iter().map(|h| comparable(h)).collect();
        helpers.sort();
        let spec = spec_operations(family);
        assert!(!spec.is_empty(), "{family}: no operations in the spec");
        assert_eq!(helpers, spec, "{family}: helpers and operations differ");
    }
}

/// A server marked `without_catch_all` (a standalone httpmock server cannot
/// run the catch-all's closure) answers a miss with httpmock's own 404.
#[cfg(chatwoot_operation = "application::list_conversations")]
#[tokio::test]
async fn a_server_without_catch_all_answers_a_miss_as_httpmock_does() {
    use chatwoot::application::mock::{MockServerExt as _, without_catch_all};

    let server = MockServer::start_async().await;
    let _plain = without_catch_all(&server);
    let open = server.list_conversations(|when, then| {
        when.account_id(ACCOUNT)
            .status(ConversationStatusFilter::Open);
        then.ok(&open_conversations(&[1]));
    });
    let err = application_client(&server)
        .list_conversations()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect_err("no mock matches");
    let message = err
        .body()
        .and_then(|body| body.message())
        .expect("a message");
    assert_eq!(message, "Request did not match any route or mock");
    assert_eq!(open.calls_async().await, 0);
}
