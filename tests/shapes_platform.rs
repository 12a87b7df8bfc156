//! Platform API responses in the shapes the server's views render, decoded by the generated client.
//!
//! Each fixture in `fixtures/platform/` is written from the view (or the
//! record rendered with `render json:`) at the pinned revision: every field
//! it emits, nulls where a column allows them, keys left out where the view
//! leaves them out (a user's empty custom attributes). The four deletions
//! answer `head :ok`: an empty 200.

use chatwoot::platform::types::{self, AccountStatus, AgentRole};
use chatwoot_tests::{TOKEN, platform_client};
use httpmock::prelude::*;
use serde_json::json;

/// The text of a fixture written from the server's view.
fn fixture(name: &str) -> String {
    let path = format!(
        "{}/fixtures/platform/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A mock answering `method path` with a fixture, for requests carrying the token.
async fn serve<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    path: &str,
    name: &str,
) -> httpmock::Mock<'a> {
    let body = fixture(name);
    server
        .mock_async(|when, then| {
            when.method(method)
                .path(path)
                .header("api-access-token", TOKEN);
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

#[cfg(chatwoot_operation = "platform::create_account")]
#[tokio::test]
async fn create_an_account_renders_features_and_empty_settings() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, POST, "/platform/api/v1/accounts", "create_account").await;
    let account = platform_client(&server)
        .create_account()
        .body(types::AccountCreateUpdatePayload::builder().name("Northwind Outfitters".to_owned()))
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(account.id, Some(42));
    assert_eq!(account.name.as_deref(), Some("Northwind Outfitters"));
    assert_eq!(account.locale.as_deref(), Some("en"));
    assert_eq!(account.domain, None, "null domain");
    assert_eq!(account.support_email, None, "null support email");
    assert_eq!(account.features.len(), 8);
    assert_eq!(account.features.get("help_center"), Some(&true));
    assert!(
        account
            .custom_attributes
            .as_ref()
            .is_some_and(|c| c.is_empty())
    );
    assert!(account.limits.as_ref().is_some_and(|l| l.is_empty()));
    assert_eq!(account.status, Some(AccountStatus::Active));
}

#[cfg(chatwoot_operation = "platform::get_account")]
#[tokio::test]
async fn get_account() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/platform/api/v1/accounts/42", "get_account").await;
    let account = platform_client(&server)
        .get_account()
        .account_id(42)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(account.locale.as_deref(), Some("pt_BR"));
    assert_eq!(account.domain.as_deref(), Some("support.northwind.example"));
    assert_eq!(
        account.support_email.as_deref(),
        Some("help@northwind.example")
    );
    let custom = account.custom_attributes.expect("custom attributes");
    assert_eq!(custom["crm_id"], "NW-00912");
    let limits = account.limits.expect("limits");
    assert_eq!(limits["agents"], 40);
    assert_eq!(limits["inboxes"], 12);
}

#[cfg(chatwoot_operation = "platform::update_account")]
#[tokio::test]
async fn update_an_account_to_suspended() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PATCH,
        "/platform/api/v1/accounts/42",
        "update_account",
    )
    .await;
    let account = platform_client(&server)
        .update_account()
        .account_id(42)
        .body(
            types::AccountCreateUpdatePayload::builder().name("Northwind Outfitters EU".to_owned()),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(account.name.as_deref(), Some("Northwind Outfitters EU"));
    assert_eq!(account.locale.as_deref(), Some("de"));
    assert_eq!(account.status, Some(AccountStatus::Suspended));
    let mut features: Vec<_> = account.features.keys().cloned().collect();
    features.sort();
    assert_eq!(features, ["help_center", "inbound_emails"]);
}

#[cfg(chatwoot_operation = "platform::delete_account")]
#[tokio::test]
async fn delete_an_account_answers_an_empty_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/platform/api/v1/accounts/42")
                .header("api-access-token", TOKEN);
            then.status(200);
        })
        .await;
    let answer = platform_client(&server)
        .delete_account()
        .account_id(42)
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "platform::list_account_users")]
#[tokio::test]
async fn list_all_account_users_renders_whole_records() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/platform/api/v1/accounts/42/account_users",
        "list_account_users",
    )
    .await;
    let users = platform_client(&server)
        .list_account_users()
        .account_id(42)
        .send()
        .await
        .expect("decodes")
        .into_inner()
        .0;
    mock.assert_async().await;
    assert_eq!(users.len(), 2);
    let admin = &users[0];
    assert_eq!(admin.id, Some(301));
    assert_eq!(admin.account_id, Some(42));
    assert_eq!(admin.user_id, Some(77));
    assert_eq!(admin.role.as_deref(), Some("administrator"));
    assert_eq!(admin.inviter_id, None, "null inviter");
    assert_eq!(admin.availability, Some(types::Availability::Online));
    assert_eq!(admin.auto_offline, Some(true));
    assert_eq!(
        admin.active_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-03-18T11:02:44.198+00:00")
    );
    assert_eq!(
        admin.created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-01-05T08:30:00.114+00:00")
    );
    assert!(admin.updated_at.is_some());
    let agent = &users[1];
    assert_eq!(agent.role.as_deref(), Some("agent"));
    assert_eq!(agent.inviter_id, Some(77));
    assert_eq!(agent.active_at, None, "never active");
    assert_eq!(agent.availability, Some(types::Availability::Offline));
    assert_eq!(agent.auto_offline, Some(false));
    assert_eq!(agent.custom_role_id, Some(5));
    assert_eq!(agent.agent_capacity_policy_id, None);
}

#[cfg(all(
    chatwoot_operation = "platform::create_account",
    chatwoot_operation = "platform::create_account_user"
))]
#[tokio::test]
async fn create_an_account_user_renders_the_record() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/accounts/42/account_users")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "user_id": 79, "role": "agent" }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("create_account_user"));
        })
        .await;
    let member = platform_client(&server)
        .create_account_user()
        .account_id(42)
        .body(
            types::AccountUserCreateUpdatePayload::builder()
                .user_id(79)
                .role("agent".to_owned()),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(member.id, Some(303));
    assert_eq!(member.user_id, Some(79));
    assert_eq!(member.account_id, Some(42));
    assert_eq!(member.role.as_deref(), Some("agent"));
    assert_eq!(member.availability, Some(types::Availability::Online));
    assert_eq!(member.active_at, None);
    assert_eq!(member.custom_role_id, None);
}

#[cfg(all(
    chatwoot_operation = "platform::delete_account",
    chatwoot_operation = "platform::delete_account_user"
))]
#[tokio::test]
async fn delete_an_account_user_sends_the_user_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/platform/api/v1/accounts/42/account_users")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "user_id": 79 }));
            then.status(200);
        })
        .await;
    let answer = platform_client(&server)
        .delete_account_user()
        .account_id(42)
        .body(types::DeleteAccountUserBody::builder().user_id(79))
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);

    // Without the user id the server would delete nothing and still say 200.
    let missing = platform_client(&server)
        .delete_account_user()
        .account_id(42)
        .send()
        .await
        .expect_err("user_id is required");
    assert!(
        matches!(missing, chatwoot::runtime::Error::InvalidRequest(ref m) if m.contains("user_id")),
        "{missing:?}"
    );
    assert_eq!(mock.calls_async().await, 1, "nothing sent without user_id");
}

#[cfg(chatwoot_operation = "platform::list_agent_bots")]
#[tokio::test]
async fn list_all_agent_bots_with_nulls() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/platform/api/v1/agent_bots",
        "list_agent_bots",
    )
    .await;
    let bots = platform_client(&server)
        .list_agent_bots()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(bots.len(), 2);
    assert_eq!(bots[0].id, Some(12));
    assert_eq!(bots[0].account_id, Some(42));
    assert_eq!(
        bots[0].outgoing_url.as_deref(),
        Some("https://bots.northwind.example/tracker")
    );
    assert_eq!(
        bots[0].access_token.as_deref(),
        Some("bT7kQ2mX9vR4pL6wN1sZ8cYd")
    );
    let bare = &bots[1];
    assert_eq!(bare.name.as_deref(), Some("Triage"));
    assert_eq!(bare.description, None);
    assert_eq!(bare.outgoing_url, None);
    assert_eq!(bare.account_id, None);
    assert_eq!(
        bare.thumbnail, None,
        "the platform view renders no thumbnail"
    );
    assert_eq!(bare.system_bot, None, "nor system_bot");
}

#[cfg(all(
    chatwoot_operation = "application::create_agent_bot",
    chatwoot_operation = "platform::create_agent_bot"
))]
#[tokio::test]
async fn create_agent_bot() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/platform/api/v1/agent_bots",
        "create_agent_bot",
    )
    .await;
    let bot = platform_client(&server)
        .create_agent_bot()
        .body(
            types::PlatformAgentBotCreateUpdatePayload::builder()
                .name("Returns Assistant".to_owned())
                .account_id(42),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(bot.id, Some(14));
    assert_eq!(bot.account_id, Some(42));
    assert_eq!(bot.description.as_deref(), Some("Starts return requests"));
    assert_eq!(
        bot.access_token.as_deref(),
        Some("Lq4wE8rT2yU6iO1pA5sD9fGh")
    );
}

#[cfg(all(
    chatwoot_operation = "application::get_agent_bot",
    chatwoot_operation = "platform::get_agent_bot"
))]
#[tokio::test]
async fn get_agent_bot() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/platform/api/v1/agent_bots/14",
        "get_agent_bot",
    )
    .await;
    let bot = platform_client(&server)
        .get_agent_bot()
        .id(14)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(bot.name.as_deref(), Some("Returns Assistant"));
    assert_eq!(
        bot.outgoing_url.as_deref(),
        Some("https://bots.northwind.example/returns")
    );
}

#[cfg(all(
    chatwoot_operation = "application::update_agent_bot",
    chatwoot_operation = "platform::update_agent_bot"
))]
#[tokio::test]
async fn update_an_agent_bot_clearing_its_description() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PATCH,
        "/platform/api/v1/agent_bots/14",
        "update_agent_bot",
    )
    .await;
    let bot = platform_client(&server)
        .update_agent_bot()
        .id(14)
        .body(
            types::PlatformAgentBotCreateUpdatePayload::builder()
                .outgoing_url("https://bots.northwind.example/returns/v2".to_owned()),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(bot.description, None);
    assert_eq!(
        bot.outgoing_url.as_deref(),
        Some("https://bots.northwind.example/returns/v2")
    );
}

#[cfg(chatwoot_operation = "platform::delete_agent_bot")]
#[tokio::test]
async fn delete_an_agent_bot_answers_an_empty_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/platform/api/v1/agent_bots/14")
                .header("api-access-token", TOKEN);
            then.status(200);
        })
        .await;
    let answer = platform_client(&server)
        .delete_agent_bot()
        .id(14)
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "platform::create_user")]
#[tokio::test]
async fn create_a_user_without_an_account_yet() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, POST, "/platform/api/v1/users", "create_user").await;
    let user = platform_client(&server)
        .create_user()
        .body(
            types::UserCreateUpdatePayload::builder()
                .name("Aiko Tanaka".to_owned())
                .email("aiko.tanaka@northwind.example".to_owned()),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.id, Some(79));
    assert_eq!(user.account_id, None, "no active account yet");
    assert_eq!(user.role, None, "no role without an account");
    assert!(user.accounts.is_empty());
    assert_eq!(user.display_name, None);
    assert_eq!(user.message_signature, None);
    assert_eq!(user.confirmed, Some(true));
    assert_eq!(
        user.access_token.as_deref(),
        Some("uR5tY7uI9oP1aS3dF5gH7jK9")
    );
    assert_eq!(
        user.pubsub_token.as_deref(),
        Some("mN4bV6cX8zL1kJ3hG5fD7sA9")
    );
    assert_eq!(user.custom_attributes["employee_number"], "E-2291");
    assert_eq!(user.uid.as_deref(), Some("aiko.tanaka@northwind.example"));
}

#[cfg(chatwoot_operation = "platform::get_user")]
#[tokio::test]
async fn get_details_of_a_user_with_accounts() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/platform/api/v1/users/79", "get_user").await;
    let user = platform_client(&server)
        .get_user()
        .id(79)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.account_id, Some(42));
    assert_eq!(user.role, Some(AgentRole::Agent));
    assert!(user.custom_attributes.is_empty(), "left out when empty");
    assert_eq!(user.ui_settings["rich_editor_enabled"], false);
    assert_eq!(user.accounts.len(), 2);
    assert_eq!(user.accounts[0].id, Some(42));
    assert_eq!(user.accounts[0].role, Some(AgentRole::Agent));
    assert!(user.accounts[0].active_at.is_some());
    assert_eq!(user.accounts[1].name.as_deref(), Some("Northwind Labs"));
    assert_eq!(user.accounts[1].active_at, None);
    assert_eq!(user.accounts[1].role, Some(AgentRole::Administrator));
}

#[cfg(chatwoot_operation = "platform::update_user")]
#[tokio::test]
async fn update_user() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, PATCH, "/platform/api/v1/users/79", "update_user").await;
    let user = platform_client(&server)
        .update_user()
        .id(79)
        .body(types::UserCreateUpdatePayload::builder().email("aiko@northwind.example".to_owned()))
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.email.as_deref(), Some("aiko@northwind.example"));
    assert_eq!(user.role, Some(AgentRole::Administrator));
    assert_eq!(user.custom_attributes["team"], "returns");
    assert_eq!(user.accounts.len(), 1);
}

#[cfg(chatwoot_operation = "platform::delete_user")]
#[tokio::test]
async fn delete_a_user_answers_an_empty_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/platform/api/v1/users/79")
                .header("api-access-token", TOKEN);
            then.status(200);
        })
        .await;
    let answer = platform_client(&server)
        .delete_user()
        .id(79)
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "platform::get_user_login_url")]
#[tokio::test]
async fn get_user_login_url() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/platform/api/v1/users/79/login",
        "get_user_login_url",
    )
    .await;
    let login = platform_client(&server)
        .get_user_login_url()
        .id(79)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    let url = login.url.expect("url");
    assert!(
        url.starts_with("https://chat.northwind.example/app/login?"),
        "{url}"
    );
    assert!(url.contains("sso_auth_token=Qm9XcT2fLk8wZr4p"), "{url}");
}
