//! Application API quickstart: fetch your profile, list an account's inboxes
//! and conversations, and reply in a conversation.
//!
//! Run it with:
//!
//! ```sh
//! cargo run -p chatwoot --example application_quickstart
//! ```
//!
//! Out of the box it starts a local mock server (httpmock) and makes all four
//! calls against it. The mock is set up with the typed helpers of the `mock`
//! feature (`chatwoot::application::mock`), the way you would test your own
//! code: each checks the request (path parameters, query, JSON body) and
//! answers with a typed value.
//!
//! Against a real server, set `CHATWOOT_BASE_URL` (for example
//! `https://app.chatwoot.com`), `CHATWOOT_API_TOKEN` (a user's access token,
//! from Profile settings) and `CHATWOOT_ACCOUNT_ID`. Against a real server
//! the example only reads (profile, inboxes, conversations): it sends no
//! message and changes nothing.

use std::error::Error;
use std::fmt;

use chatwoot::application::chrono::DateTime;
use chatwoot::application::mock::MockServerExt;
use chatwoot::application::{Client, types};
use httpmock::MockServer;

/// The mock server's account.
const MOCK_ACCOUNT: i64 = 7;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let result = match real_server() {
        Err(error) => Err(error),
        Ok(Some(RealServer {
            base_url,
            token,
            account_id,
        })) => {
            println!("Using the Chatwoot server at {base_url} (read-only calls).");
            match Client::with_token(base_url.as_str(), token.as_str()) {
                Ok(client) => read(&client, account_id).await.map(|_| ()),
                Err(error) => Err(error.into()),
            }
        }
        Ok(None) => mock().await,
    };
    // `Failed` makes the `Error: ...` line Rust prints for an error returned
    // from `main` one readable sentence rather than a `Debug` dump.
    result.map_err(|error| Failed(error).into())
}

/// An error returned from `main`: its `Debug`, which Rust prints on exit, is
/// its message.
struct Failed(Box<dyn Error>);

impl fmt::Debug for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "application_quickstart failed: {}", self.0)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Failed {}

/// Where a real server is, and who to be there.
struct RealServer {
    base_url: String,
    token: String,
    account_id: i64,
}

/// The real server's settings, when all three variables are set.
fn real_server() -> Result<Option<RealServer>, Box<dyn Error>> {
    let (Ok(base_url), Ok(token), Ok(account_id)) = (
        std::env::var("CHATWOOT_BASE_URL"),
        std::env::var("CHATWOOT_API_TOKEN"),
        std::env::var("CHATWOOT_ACCOUNT_ID"),
    ) else {
        return Ok(None);
    };
    let account_id = account_id
        .trim()
        .parse()
        .map_err(|_| format!("CHATWOOT_ACCOUNT_ID must be a number, not {account_id:?}"))?;
    Ok(Some(RealServer {
        base_url,
        token,
        account_id,
    }))
}

/// The three reads: profile, inboxes, conversations. Returns the id of the
/// first conversation listed, if any.
async fn read(client: &Client, account_id: i64) -> Result<Option<i64>, Box<dyn Error>> {
    let profile = client.get_profile().send().await?.into_inner();
    println!(
        "Signed in as {} <{}> (user {})",
        profile.name.as_deref().unwrap_or("?"),
        profile.email.as_deref().unwrap_or("?"),
        profile.id.unwrap_or_default(),
    );

    let inboxes = client
        .list_inboxes()
        .account_id(account_id)
        .send()
        .await?
        .into_inner();
    println!(
        "Account {account_id} has {} inbox(es):",
        inboxes.payload.len()
    );
    for inbox in &inboxes.payload {
        println!(
            "  inbox {}: {} ({})",
            inbox.id.unwrap_or_default(),
            inbox.name.as_deref().unwrap_or("?"),
            inbox.channel_type.as_deref().unwrap_or("?"),
        );
    }

    let conversations = client
        .list_conversations()
        .account_id(account_id)
        .status(types::ConversationStatusFilter::Open)
        .send()
        .await?
        .into_inner();
    let data = conversations.data.unwrap_or_default();
    println!("Open conversations: {}", data.payload.len());
    for conversation in data.payload.iter().take(5) {
        let contact = conversation
            .meta
            .as_ref()
            .and_then(|meta| meta.sender.as_ref())
            .and_then(|sender| sender.name.as_deref())
            .unwrap_or("?");
        let status = conversation
            .status
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        println!(
            "  conversation {} with {contact}, {status}, labels {:?}",
            conversation.id.unwrap_or_default(),
            conversation.labels,
        );
    }
    Ok(data.payload.first().and_then(|c| c.id))
}

/// Runs everything against a local mock server, including the reply.
async fn mock() -> Result<(), Box<dyn Error>> {
    let server = MockServer::start_async().await;
    mock_chatwoot(&server);
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_API_TOKEN/CHATWOOT_ACCOUNT_ID set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_token(server.base_url(), "mock-user-token")?;

    let conversation_id = read(&client, MOCK_ACCOUNT)
        .await?
        .ok_or("the mock server listed no conversation")?;

    let message = client
        .create_message()
        .account_id(MOCK_ACCOUNT)
        .conversation_id(conversation_id)
        .body(reply())
        .send()
        .await?
        .into_inner();
    println!(
        "Replied in conversation {conversation_id}: message {} {:?}",
        message.id.unwrap_or_default(),
        message.content.as_deref().unwrap_or(""),
    );
    Ok(())
}

/// The reply the quickstart sends, and the mock expects.
fn reply() -> types::ConversationMessageCreatePayload {
    types::ConversationMessageCreatePayload {
        content: "You can reset your password from the login page.".into(),
        message_type: Some(types::MessageType::Outgoing),
        private: Some(false),
        content_type: Some(types::ConversationMessageCreatePayloadContentType::Text),
        content_attributes: Default::default(),
        campaign_id: None,
        template_params: None,
    }
}

/// The mock's answers, one typed mock per operation: `when` says which
/// request it answers, `then` what it answers.
fn mock_chatwoot(server: &MockServer) {
    server.get_profile(|when, then| {
        // `into_inner` reaches httpmock's own matchers, for what the
        // operation's parameters do not say.
        when.into_inner().header_exists("api-access-token");
        then.ok(&types::User {
            id: Some(18),
            account_id: Some(MOCK_ACCOUNT),
            name: Some("John Doe".into()),
            available_name: Some("John".into()),
            display_name: Some("John".into()),
            email: Some("john@acme.test".into()),
            uid: Some("john@acme.test".into()),
            provider: Some("email".into()),
            confirmed: Some(true),
            role: Some(types::AgentRole::Agent),
            pubsub_token: Some("Zm9vYmFyYmF6cXV4".into()),
            ..Default::default()
        });
    });

    server.list_inboxes(|when, then| {
        when.account_id(MOCK_ACCOUNT);
        then.ok(&types::ListInboxesResponse {
            payload: vec![
                types::Inbox {
                    id: Some(3),
                    channel_id: Some(2),
                    name: Some("Website".into()),
                    channel_type: Some("Channel::WebWidget".into()),
                    greeting_enabled: Some(true),
                    greeting_message: Some("Hi there! How can we help?".into()),
                    enable_auto_assignment: Some(true),
                    ..Default::default()
                },
                types::Inbox {
                    id: Some(4),
                    channel_id: Some(1),
                    name: Some("Support email".into()),
                    channel_type: Some("Channel::Email".into()),
                    email: Some("help@acme.test".into()),
                    csat_survey_enabled: Some(true),
                    ..Default::default()
                },
            ],
        });
    });

    let question = types::Message {
        id: Some(1290),
        content: Some("Hi, I cannot log in to my account.".into()),
        account_id: Some(MOCK_ACCOUNT),
        inbox_id: Some(3),
        conversation_id: Some(42),
        message_type: types::MessageTypeCode::try_from(0).ok(),
        content_type: Some(types::MessageContentType::Text),
        created_at: DateTime::from_timestamp(1_710_150_942, 0),
        private: Some(false),
        status: Some(types::MessageStatus::Sent),
        sender_id: Some(42),
        ..Default::default()
    };
    server.list_conversations(|when, then| {
        when.account_id(MOCK_ACCOUNT)
            .status(types::ConversationStatusFilter::Open);
        then.ok(&types::ConversationList {
            data: Some(types::ConversationListData {
                meta: Some(types::ConversationListDataMeta {
                    mine_count: Some(1),
                    assigned_count: Some(1),
                    unassigned_count: Some(0),
                    all_count: Some(1),
                }),
                payload: vec![types::Conversation {
                    id: Some(42),
                    account_id: Some(MOCK_ACCOUNT),
                    inbox_id: Some(3),
                    uuid: Some("2b1f6a53-7f59-4c7e-9d0a-61c38b0a5d8e".into()),
                    status: Some(types::ConversationStatus::Open),
                    labels: vec!["billing".into(), "vip".into()],
                    can_reply: Some(true),
                    unread_count: Some(1),
                    created_at: DateTime::from_timestamp(1_710_149_000, 0),
                    last_activity_at: DateTime::from_timestamp(1_710_150_942, 0),
                    meta: Some(types::ConversationMeta {
                        channel: Some("Channel::WebWidget".into()),
                        sender: Some(types::ConversationMetaSender {
                            id: Some(42),
                            name: Some("Maria Silva".into()),
                            email: Some("maria@example.com".into()),
                            phone_number: Some("+351912345678".into()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    messages: vec![question.clone()],
                    last_non_activity_message: Some(question),
                    ..Default::default()
                }],
            }),
        });
    });

    server.create_message(|when, then| {
        // The body must be the reply, field for field.
        when.account_id(MOCK_ACCOUNT)
            .conversation_id(42)
            .body(reply());
        then.ok(&types::Message {
            id: Some(1291),
            content: Some(reply().content),
            inbox_id: Some(3),
            conversation_id: Some(42),
            message_type: types::MessageTypeCode::try_from(1).ok(),
            content_type: Some(types::MessageContentType::Text),
            status: Some(types::MessageStatus::Sent),
            created_at: DateTime::from_timestamp(1_710_151_000, 0),
            private: Some(false),
            ..Default::default()
        });
    });
}
