//! Multipart uploads: messages with attachments (Application and Client
//! APIs) and avatars (profile, contact, account agent bot, inbox, platform
//! agent bot), each against httpmock, with every part of the body read back
//! by an independent parser (`multer`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chatwoot::application::types::{ConversationMessageCreatePayloadContentType, MessageType};
use chatwoot::runtime::{Attachment, Error, MultipartForm, MultipartRequest, RetryPolicy};
use chatwoot_tests::{TOKEN, application_client, assert_status, client_client, platform_client};
use httpmock::{Method, MockServer};
use serde_json::json;

/// One part of a multipart body, as the parser read it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Part {
    fn text(name: &str, value: &str) -> Part {
        Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: value.as_bytes().to_vec(),
        }
    }

    fn file(name: &str, file_name: &str, content_type: &str, data: &[u8]) -> Part {
        Part {
            name: name.to_owned(),
            file_name: Some(file_name.to_owned()),
            content_type: Some(content_type.to_owned()),
            data: data.to_vec(),
        }
    }
}

/// A request the mock server received.
#[derive(Debug, Clone)]
struct Seen {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body's parts, read with `multer` from the boundary the
    /// `Content-Type` header announces.
    async fn parts(&self) -> Vec<Part> {
        let content_type = self.header("content-type").expect("a content type");
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{content_type}"
        );
        let boundary = multer::parse_boundary(content_type).expect("a boundary");
        let body = self.body.clone();
        let stream =
            futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
            let name = field.name().expect("every part is named").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            let data = field.bytes().await.expect("the part's bytes").to_vec();
            parts.push(Part {
                name,
                file_name,
                content_type,
                data,
            });
        }
        parts
    }
}

/// Keeps every request a mock matches.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn matcher(&self) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
        let seen = self.0.clone();
        move |req| {
            seen.lock().expect("recorder").push(Seen {
                headers: req.headers_vec().clone(),
                body: req.body_vec(),
            });
            true
        }
    }

    fn only(&self) -> Seen {
        let seen = self.0.lock().expect("recorder");
        assert_eq!(seen.len(), 1, "exactly one request");
        seen[0].clone()
    }

    fn count(&self) -> usize {
        self.0.lock().expect("recorder").len()
    }
}

/// A PNG's first bytes, then some more: content no text parser would mangle.
fn png_bytes() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];
    bytes.extend((0..=255u8).cycle().take(700));
    bytes
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn message_json(id: i64, content: Option<&str>, private: bool) -> serde_json::Value {
    json!({
        "id": id,
        "content": content,
        "account_id": 1,
        "inbox_id": 2,
        "conversation_id": 42,
        "message_type": 1,
        "content_type": "text",
        "content_attributes": {},
        "private": private,
        "created_at": 1_711_111_111,
        "source_id": null,
        "sender_type": "User",
        "sender_id": 5,
        "attachments": [{
            "id": 55,
            "message_id": id,
            "file_type": "image",
            "account_id": 1,
            "extension": null,
            "data_url": "https://chatwoot.example.com/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/error.png",
            "thumb_url": "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/error.png",
            "file_size": 708,
            "width": 64,
            "height": 64
        }]
    })
}

#[tokio::test]
async fn application_message_sends_every_field_and_attachment() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(Method::POST)
                .path("/api/v1/accounts/1/conversations/42/messages")
                .header("api-access-token", TOKEN)
                .header("accept", "application/json")
                .is_true(recorder.matcher());
            then.status(200)
                .json_body(message_json(9001, Some("Screenshot of the error"), true));
        })
        .await;
    let mut reply = serde_json::Map::new();
    reply.insert("in_reply_to".to_owned(), json!(8812));

    let message = application_client(&server)
        .create_message_with_attachments()
        .account_id(1)
        .conversation_id(42)
        .content("Screenshot of the error")
        .private(true)
        .message_type(MessageType::Incoming)
        .content_type(ConversationMessageCreatePayloadContentType::Text)
        .content_attributes(reply)
        .body_map(|body| body.campaign_id(Some(4)))
        .field("echo_id", "c0ffee-1")
        .attachment(Attachment::bytes("error.png", png_bytes()))
        .attachment(Attachment::bytes("report.pdf", PDF.to_vec()))
        .send()
        .await
        .expect("the message is created")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(message.id, Some(9001));
    assert_eq!(message.content.as_deref(), Some("Screenshot of the error"));
    assert_eq!(message.attachments.len(), 1);
    assert_eq!(message.attachments[0].id, Some(55));
    assert_eq!(
        message.attachments[0].data_url.as_deref(),
        Some(
            "https://chatwoot.example.com/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/error.png"
        )
    );

    let seen = recorder.only();
    let parts = seen.parts().await;
    let (files, mut texts): (Vec<Part>, Vec<Part>) =
        parts.into_iter().partition(|p| p.file_name.is_some());
    texts.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        texts,
        vec![
            Part::text("campaign_id", "4"),
            Part::text("content", "Screenshot of the error"),
            Part::text("content_attributes", r#"{"in_reply_to":8812}"#),
            Part::text("content_type", "text"),
            Part::text("echo_id", "c0ffee-1"),
            Part::text("message_type", "incoming"),
            Part::text("private", "true"),
        ]
    );
    assert_eq!(
        files,
        vec![
            Part::file("attachments[]", "error.png", "image/png", &png_bytes()),
            Part::file("attachments[]", "report.pdf", "application/pdf", PDF),
        ]
    );
    // In memory, the body's length is known and announced.
    assert_eq!(
        seen.header("content-length"),
        Some(seen.body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn application_message_of_attachments_alone_sends_no_content_nor_private() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::POST)
                .path("/api/v1/accounts/1/conversations/42/messages")
                .is_true(recorder.matcher());
            then.status(200).json_body(message_json(9002, None, false));
        })
        .await;

    let message = application_client(&server)
        .create_message_with_attachments()
        .account_id(1)
        .conversation_id(42)
        .private(false)
        .attachments([
            Attachment::bytes("front.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]),
            Attachment::bytes("back", vec![0xFF, 0xD8, 0xFF, 0xE1, 4, 5, 6])
                .with_content_type("image/jpeg"),
            Attachment::bytes("notes", "call back at 3"),
        ])
        .send()
        .await
        .expect("the message is created")
        .into_inner();
    assert_eq!(message.id, Some(9002));
    assert_eq!(message.content, None);

    // `private=false` would read as true to the server's `params[:private] ||
    // false`: a public message has no such part, and no empty content.
    assert_eq!(
        recorder.only().parts().await,
        vec![
            Part::file(
                "attachments[]",
                "front.jpg",
                "image/jpeg",
                &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
            ),
            Part::file(
                "attachments[]",
                "back",
                "image/jpeg",
                &[0xFF, 0xD8, 0xFF, 0xE1, 4, 5, 6]
            ),
            Part::file(
                "attachments[]",
                "notes",
                "application/octet-stream",
                b"call back at 3"
            ),
        ]
    );
}

#[tokio::test]
async fn application_message_template_params_are_rails_nested_fields() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::POST)
                .path("/api/v1/accounts/3/conversations/7/messages")
                .is_true(recorder.matcher());
            then.status(200)
                .json_body(message_json(9003, Some("Your receipt"), false));
        })
        .await;
    let template_params = serde_json::from_value(json!({
        "name": "purchase_receipt",
        "category": "UTILITY",
        "language": "en_US",
        "processed_params": {
            "body": {"1": "Visa", "2": "Nike"},
            "buttons": [{"type": "url", "parameter": "order-4711"}]
        }
    }))
    .expect("template params");

    application_client(&server)
        .create_message_with_attachments()
        .account_id(3)
        .conversation_id(7)
        .content("Your receipt")
        .body_map(|body| body.template_params(Some(template_params)))
        .attachment(Attachment::bytes("receipt.pdf", PDF.to_vec()))
        .send()
        .await
        .expect("the message is created");

    let mut texts: Vec<Part> = recorder
        .only()
        .parts()
        .await
        .into_iter()
        .filter(|p| p.file_name.is_none())
        .collect();
    texts.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        texts,
        vec![
            Part::text("content", "Your receipt"),
            Part::text("template_params[category]", "UTILITY"),
            Part::text("template_params[language]", "en_US"),
            Part::text("template_params[name]", "purchase_receipt"),
            Part::text("template_params[processed_params][body][1]", "Visa"),
            Part::text("template_params[processed_params][body][2]", "Nike"),
            Part::text(
                "template_params[processed_params][buttons][][parameter]",
                "order-4711"
            ),
            Part::text("template_params[processed_params][buttons][][type]", "url"),
        ]
    );
}

#[tokio::test]
async fn client_message_streams_a_file_from_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scan.pdf");
    let contents: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &contents).expect("write the file");

    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(Method::POST)
                .path("/public/api/v1/inboxes/inbox-8Ab/contacts/contact-91x/conversations/12/messages")
                .is_true(|req| !req.headers_vec().iter().any(|(n, _)| n.eq_ignore_ascii_case("api-access-token")))
                .is_true(recorder.matcher());
            then.status(200).json_body(json!({
                "id": 771,
                "content": "My scan",
                "message_type": 0,
                "content_type": "text",
                "content_attributes": {},
                "created_at": 1_711_111_222,
                "conversation_id": 12,
                "attachments": [{
                    "id": 88,
                    "message_id": 771,
                    "file_type": "file",
                    "account_id": 1,
                    "data_url": "https://chatwoot.example.com/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/scan.pdf",
                    "file_size": 300000
                }],
                "sender": {"id": 31, "name": "Ada", "type": "contact"}
            }));
        })
        .await;

    let attachment = Attachment::file(&path).await.expect("the file opens");
    assert!(attachment.is_streamed());
    assert_eq!(attachment.file_name(), "scan.pdf");
    assert_eq!(attachment.content_type(), "application/pdf");
    assert_eq!(attachment.len(), 300_000);

    let message = client_client(&server)
        .create_message_with_attachments()
        .inbox_identifier("inbox-8Ab")
        .contact_identifier("contact-91x")
        .conversation_id(12)
        .content("My scan")
        .echo_id("tmp-17")
        .attachment(attachment)
        .send()
        .await
        .expect("the message is created")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(message.id, Some(771));
    assert_eq!(message.attachments.len(), 1);
    assert_eq!(message.attachments[0].id, Some(88));

    let seen = recorder.only();
    // Streamed with its length announced, not chunked.
    assert_eq!(
        seen.header("content-length"),
        Some(seen.body.len().to_string().as_str())
    );
    assert_eq!(seen.header("transfer-encoding"), None);
    assert_eq!(
        seen.parts().await,
        vec![
            Part::text("content", "My scan"),
            Part::text("echo_id", "tmp-17"),
            Part::file("attachments[]", "scan.pdf", "application/pdf", &contents),
        ]
    );
}

#[tokio::test]
async fn profile_avatar_sends_profile_fields() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04;".to_vec();
    server
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN)
                .is_true(recorder.matcher());
            then.status(200).json_body(json!({
                "id": 5,
                "name": "Ada Lovelace",
                "display_name": "Ada",
                "email": "ada@example.com",
                "avatar_url": "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/me.gif",
                "confirmed": true,
                "role": "administrator",
                "account_id": 1,
                "accounts": []
            }));
        })
        .await;

    let user = application_client(&server)
        .update_profile_avatar()
        .avatar(Attachment::bytes("me.gif", gif.clone()))
        .name("Ada Lovelace")
        .display_name("Ada")
        .send()
        .await
        .expect("the profile is updated")
        .into_inner();
    assert_eq!(user.id, Some(5));
    assert_eq!(
        user.avatar_url.as_deref(),
        Some(
            "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/me.gif"
        )
    );

    let mut parts = recorder.only().parts().await;
    parts.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        parts,
        vec![
            Part::file("profile[avatar]", "me.gif", "image/gif", &gif),
            Part::text("profile[display_name]", "Ada"),
            Part::text("profile[name]", "Ada Lovelace"),
        ]
    );
}

#[tokio::test]
async fn contact_agent_bot_and_inbox_avatars() {
    let server = MockServer::start_async().await;
    let contact = Recorder::default();
    let bot = Recorder::default();
    let inbox = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/accounts/1/contacts/311")
                .header("api-access-token", TOKEN)
                .is_true(contact.matcher());
            then.status(200).json_body(json!({"payload": {
                "id": 311,
                "name": "Grace Hopper",
                "email": "grace@example.com",
                "thumbnail": "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/grace.png",
                "additional_attributes": {},
                "custom_attributes": {},
                "contact_inboxes": []
            }}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(Method::PATCH)
                .path("/api/v1/accounts/1/agent_bots/7")
                .header("api-access-token", TOKEN)
                .is_true(bot.matcher());
            then.status(200).json_body(json!({
                "id": 7,
                "name": "Triage bot",
                "description": "Sorts new conversations",
                "bot_type": "webhook",
                "bot_config": {},
                "account_id": 1,
                "outgoing_url": "https://bots.example.com/triage",
                "thumbnail": "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/bot.png",
                "system_bot": false
            }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(Method::PATCH)
                .path("/api/v1/accounts/1/inboxes/3")
                .header("api-access-token", TOKEN)
                .is_true(inbox.matcher());
            then.status(200).json_body(json!({
                "id": 3,
                "name": "Support",
                "channel_type": "Channel::Api",
                "avatar_url": "https://chatwoot.example.com/rails/active_storage/representations/redirect/eyJfcmFpbHMi/support.png"
            }));
        })
        .await;
    let client = application_client(&server);

    let updated = client
        .update_contact_avatar()
        .account_id(1)
        .id(311)
        .avatar(Attachment::bytes("grace.png", png_bytes()))
        .send()
        .await
        .expect("the contact is updated")
        .into_inner();
    assert_eq!(updated.payload.and_then(|c| c.id), Some(311));

    let updated = client
        .update_account_agent_bot_avatar()
        .account_id(1)
        .id(7)
        .avatar(Attachment::bytes("bot.jpeg", vec![0xFF, 0xD8, 0xFF, 0xDB]))
        .send()
        .await
        .expect("the bot is updated")
        .into_inner();
    assert_eq!(updated.id, Some(7));
    assert_eq!(updated.name.as_deref(), Some("Triage bot"));

    let updated = client
        .update_inbox_avatar()
        .account_id(1)
        .id(3)
        .avatar(Attachment::bytes("support.png", png_bytes()))
        .send()
        .await
        .expect("the inbox is updated")
        .into_inner();
    assert_eq!(updated.id, Some(3));

    assert_eq!(
        contact.only().parts().await,
        vec![Part::file("avatar", "grace.png", "image/png", &png_bytes())]
    );
    assert_eq!(
        bot.only().parts().await,
        vec![Part::file(
            "avatar",
            "bot.jpeg",
            "image/jpeg",
            &[0xFF, 0xD8, 0xFF, 0xDB]
        )]
    );
    assert_eq!(
        inbox.only().parts().await,
        vec![Part::file(
            "avatar",
            "support.png",
            "image/png",
            &png_bytes()
        )]
    );
}

#[tokio::test]
async fn platform_agent_bot_avatar() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::PATCH)
                .path("/platform/api/v1/agent_bots/12")
                .header("api-access-token", TOKEN)
                .is_true(recorder.matcher());
            then.status(200).json_body(json!({
                "id": 12,
                "name": "Billing bot",
                "description": "Answers invoice questions",
                "outgoing_url": "https://bots.example.com/billing",
                "bot_type": "webhook",
                "bot_config": {},
                "account_id": null,
                "system_bot": false
            }));
        })
        .await;

    let bot = platform_client(&server)
        .update_agent_bot_avatar()
        .id(12)
        .avatar(Attachment::bytes("billing.gif", b"GIF89a;".to_vec()))
        .send()
        .await
        .expect("the bot is updated")
        .into_inner();
    assert_eq!(bot.id, Some(12));
    assert_eq!(bot.name.as_deref(), Some("Billing bot"));
    assert_eq!(
        recorder.only().parts().await,
        vec![Part::file("avatar", "billing.gif", "image/gif", b"GIF89a;")]
    );
}

#[tokio::test]
async fn a_rejected_avatar_is_a_status_error_with_its_message() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(Method::PUT).path("/api/v1/profile");
            then.status(422).json_body(json!({
                "message": "Avatar filetype not supported",
                "attributes": ["avatar"]
            }));
        })
        .await;

    let error = application_client(&server)
        .update_profile_avatar()
        .avatar(Attachment::bytes("me.svg", "<svg/>"))
        .send()
        .await
        .expect_err("a 422");
    // `message()` joins the message and the attributes it names.
    assert_status(&error, 422, "Avatar filetype not supported (avatar)");

    let raw = application_client(&server)
        .update_profile_avatar()
        .avatar(Attachment::bytes("me.svg", "<svg/>"))
        .send_raw()
        .await
        .expect("an answer");
    assert_eq!(raw.status.as_u16(), 422);
    assert_eq!(raw.json().expect("JSON")["attributes"], json!(["avatar"]));
}

#[tokio::test]
async fn an_answer_that_does_not_decode_is_a_decode_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(Method::PATCH)
                .path("/platform/api/v1/agent_bots/12");
            // Odd fields decode leniently, and so do odd shapes; a page that
            // is not JSON cannot.
            then.status(200)
                .header("content-type", "text/html")
                .body("<html><body>Bad gateway</body></html>");
        })
        .await;

    let error = platform_client(&server)
        .update_agent_bot_avatar()
        .id(12)
        .avatar(Attachment::bytes("bot.png", png_bytes()))
        .send()
        .await
        .expect_err("the answer does not decode");
    let Error::Decode {
        status,
        path,
        excerpt,
        ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(status.map(|s| s.as_u16()), Some(200));
    assert_eq!(path, ".", "{error}");
    assert_eq!(excerpt, "<html><body>Bad gateway</body></html>");
}

#[tokio::test]
async fn missing_parameters_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let error = client
        .create_message_with_attachments()
        .account_id(1)
        .conversation_id(42)
        .content("no file")
        .send()
        .await
        .expect_err("no attachment");
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("no attachment")),
        "{error:?}"
    );

    let error = client
        .update_contact_avatar()
        .account_id(1)
        .avatar(Attachment::bytes("a.png", png_bytes()))
        .send()
        .await
        .expect_err("no id");
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m == "id was not set"),
        "{error:?}"
    );

    let error = client
        .update_profile_avatar()
        .avatar(Attachment::bytes("a.png", png_bytes()).with_content_type("image/png\r\nX-Evil: 1"))
        .send()
        .await
        .expect_err("not a MIME type");
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("not a MIME type")),
        "{error:?}"
    );
}

#[tokio::test]
async fn file_names_are_escaped_as_browsers_do() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/profile")
                .is_true(recorder.matcher());
            then.status(200).json_body(json!({"id": 5}));
        })
        .await;

    application_client(&server)
        .update_profile_avatar()
        .avatar(Attachment::bytes("ich \"bin\" 100%\r\n.png", png_bytes()))
        .send()
        .await
        .expect("the profile is updated");

    let seen = recorder.only();
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        body.contains(
            "Content-Disposition: form-data; name=\"profile[avatar]\"; filename=\"ich %22bin%22 100%25%0D%0A.png\"\r\nContent-Type: image/png\r\n"
        ),
        "{body}"
    );
    assert_eq!(
        seen.parts().await[0].file_name.as_deref(),
        Some("ich %22bin%22 100%25%0D%0A.png")
    );
}

#[tokio::test]
async fn in_memory_uploads_are_retried_and_streamed_ones_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("me.png");
    std::fs::write(&path, png_bytes()).expect("write the file");

    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/profile")
                .is_true(recorder.matcher());
            then.status(503).body("maintenance");
        })
        .await;
    let client = chatwoot::application::Client::builder(server.base_url())
        .token(TOKEN)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client builds");

    let error = client
        .update_profile_avatar()
        .avatar(Attachment::bytes("me.png", png_bytes()))
        .send()
        .await
        .expect_err("a 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(recorder.count(), 3, "the first attempt and two retries");
    {
        let seen = recorder.0.lock().expect("recorder");
        assert!(seen.iter().all(|s| s.body == seen[0].body));
    }

    let error = client
        .update_profile_avatar()
        .avatar(Attachment::file(&path).await.expect("the file opens"))
        .send()
        .await
        .expect_err("a 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(recorder.count(), 4, "a streamed body is sent once");
}

#[tokio::test]
async fn an_upload_past_its_timeout_is_a_timeout() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(Method::POST).path(
                "/public/api/v1/inboxes/inbox-8Ab/contacts/contact-91x/conversations/12/messages",
            );
            then.status(200)
                .delay(Duration::from_secs(3))
                .json_body(json!({"id": 1}));
        })
        .await;

    let error = client_client(&server)
        .create_message_with_attachments()
        .inbox_identifier("inbox-8Ab")
        .contact_identifier("contact-91x")
        .conversation_id(12)
        .attachment(Attachment::bytes("a.txt", "slow"))
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("the answer comes too late");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn the_token_goes_to_the_clients_origin_only() {
    let own = MockServer::start_async().await;
    let other = MockServer::start_async().await;
    let own_seen = Recorder::default();
    let other_seen = Recorder::default();
    own.mock_async(|when, then| {
        when.method(Method::PUT)
            .path("/api/v1/profile")
            .is_true(own_seen.matcher());
        then.status(200).json_body(json!({"id": 5}));
    })
    .await;
    other
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/profile")
                .is_true(other_seen.matcher());
            then.status(200).json_body(json!({"id": 6}));
        })
        .await;
    let client = application_client(&own);
    let http = reqwest::Client::new();
    let form = || {
        MultipartForm::new().attachment("profile[avatar]", Attachment::bytes("me.png", png_bytes()))
    };

    for (server, id) in [(&own, 5), (&other, 6)] {
        let user: serde_json::Value =
            MultipartRequest::new(reqwest::Method::PUT, server.url("/api/v1/profile"), form())
                .operation("update_profile", "/api/v1/profile")
                .send::<serde_json::Value>(client.context(), &http)
                .await
                .expect("an answer")
                .into_inner();
        assert_eq!(user["id"], id);
    }

    assert_eq!(own_seen.only().header("api-access-token"), Some(TOKEN));
    let elsewhere = other_seen.only();
    assert_eq!(elsewhere.header("api-access-token"), None);
    assert_eq!(
        elsewhere.parts().await,
        vec![Part::file(
            "profile[avatar]",
            "me.png",
            "image/png",
            &png_bytes()
        )]
    );
}

#[test]
fn attachment_debug_shows_no_bytes() {
    let attachment = Attachment::bytes("secret.txt", "the launch code is 0000");
    let debug = format!("{attachment:?}");
    assert!(debug.contains("secret.txt"), "{debug}");
    assert!(debug.contains("text/plain"), "{debug}");
    assert!(!debug.contains("launch code"), "{debug}");
}

/// The operation id and path template an upload names reach the runtime's
/// request hook (the same ones feed its `chatwoot.request` span): a bot's
/// refusal is told apart and names them.
#[tokio::test]
async fn an_agent_bot_refused_an_avatar_upload_is_told_apart() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(Method::PUT)
                .path("/api/v1/accounts/1/contacts/311");
            then.status(401).json_body(json!({
                "error": "Access to this endpoint is not authorized for bots"
            }));
        })
        .await;
    let bot = chatwoot::application::Client::with_token(
        server.base_url(),
        chatwoot::application::ApiToken::agent_bot("bot-token-9"),
    )
    .expect("client builds");

    let error = bot
        .update_contact_avatar()
        .account_id(1)
        .id(311)
        .avatar(Attachment::bytes("grace.png", png_bytes()))
        .send()
        .await
        .expect_err("a 401");
    let Error::NotAllowedForAgentBot {
        operation, path, ..
    } = &error
    else {
        panic!("expected Error::NotAllowedForAgentBot, got {error:?}");
    };
    assert_eq!(*operation, "update_contact");
    assert_eq!(*path, "/api/v1/accounts/{account_id}/contacts/{id}");
}

/// Upload futures can be spawned on a multi-threaded runtime (a compile-time
/// check: nothing is sent).
#[tokio::test]
async fn upload_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let server = MockServer::start_async().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.png");
    std::fs::write(&path, png_bytes()).expect("write the file");
    let application = application_client(&server);
    let public = client_client(&server);
    let platform = platform_client(&server);

    let message = application
        .create_message_with_attachments()
        .attachment(Attachment::file(&path).await.expect("opens"))
        .send();
    assert_send(&message);
    let profile = application.update_profile_avatar().send_raw();
    assert_send(&profile);
    let contact = application.update_contact_avatar().send();
    assert_send(&contact);
    let public_message = public.create_message_with_attachments().send();
    assert_send(&public_message);
    let bot = platform.update_agent_bot_avatar().send();
    assert_send(&bot);
    drop((message, profile, contact, public_message, bot));
}
