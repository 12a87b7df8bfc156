//! platform API against httpmock.
//!
//! One test per tag of the Platform API: each checks the request the SDK sends
//! (method, path, token header, JSON body) and the typed decoding of a
//! realistic response.

use chatwoot::platform::types;
use chatwoot_tests::{TOKEN, assert_status, no_query, platform_client};
use httpmock::prelude::*;
use serde_json::json;

/// An account as `platform/api/v1/models/_account` renders it.
fn account_json(name: &str, locale: &str) -> serde_json::Value {
    json!({
        "id": 11,
        "name": name,
        "locale": locale,
        "domain": "support.globex.test",
        "support_email": "help@globex.test",
        "enabled_features": { "help_center": true, "inbound_emails": true },
        "custom_attributes": { "plan": "business" },
        "limits": { "agents": 25, "inboxes": 10 },
        "status": "active"
    })
}

/// A user as `platform/api/v1/models/_user` renders it.
fn user_json() -> serde_json::Value {
    json!({
        "access_token": "c8Yh2TqZ9mLwR4vN6bK1xP3s",
        "account_id": 11,
        "available_name": "Priya",
        "avatar_url": "",
        "confirmed": true,
        "display_name": "Priya",
        "message_signature": null,
        "email": "priya@globex.test",
        "phone_number": null,
        "id": 31,
        "name": "Priya Natarajan",
        "provider": "email",
        "pubsub_token": "Vm9SLk5wQ3RkZjJ4",
        "custom_attributes": { "employee_id": "GX-2201" },
        "role": "administrator",
        "ui_settings": {},
        "uid": "priya@globex.test",
        "accounts": [{
            "id": 11,
            "name": "Globex Support",
            "active_at": "2024-03-11T09:40:00.000Z",
            "role": "administrator"
        }]
    })
}

/// An agent bot as `platform/api/v1/models/_agent_bot` renders it.
fn agent_bot_json() -> serde_json::Value {
    json!({
        "id": 6,
        "name": "Order Status Bot",
        "description": "Answers where-is-my-order questions",
        "thumbnail": "",
        "outgoing_url": "https://bots.globex.test/orders",
        "bot_type": "webhook",
        "bot_config": {},
        "account_id": 11,
        "access_token": "Qe7Lm2Xv9Rk4Tn6Wb1Zc3Yd"
    })
}

#[cfg(all(
    chatwoot_operation = "platform::create_account",
    chatwoot_operation = "platform::delete_account",
    chatwoot_operation = "platform::get_account",
    chatwoot_operation = "platform::update_account"
))]
#[tokio::test]
async fn accounts_create_show_update_and_delete() {
    let server = MockServer::start_async().await;
    let client = platform_client(&server);

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/accounts")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Globex Support",
                    "locale": "en",
                    "domain": "support.globex.test",
                    "support_email": "help@globex.test",
                    "status": "active",
                    "limits": { "agents": 25, "inboxes": 10 },
                    "custom_attributes": { "plan": "business" }
                }));
            then.status(200)
                .json_body(account_json("Globex Support", "en"));
        })
        .await;

    let mut limits = serde_json::Map::new();
    limits.insert("agents".into(), json!(25));
    limits.insert("inboxes".into(), json!(10));
    let mut custom_attributes = serde_json::Map::new();
    custom_attributes.insert("plan".into(), json!("business"));
    let account = client
        .create_account()
        .body(types::AccountCreateUpdatePayload {
            name: Some("Globex Support".into()),
            locale: Some("en".into()),
            domain: Some("support.globex.test".into()),
            support_email: Some("help@globex.test".into()),
            status: Some(types::AccountStatus::Active),
            limits,
            custom_attributes,
        })
        .send()
        .await
        .expect("create account")
        .into_inner();
    create.assert_async().await;
    assert_eq!(account.id, Some(11));
    assert_eq!(account.name.as_deref(), Some("Globex Support"));

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/accounts/11")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200)
                .json_body(account_json("Globex Support", "en"));
        })
        .await;

    let shown = client
        .get_account()
        .account_id(11)
        .send()
        .await
        .expect("account details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(shown.id, Some(11));
    assert_eq!(shown.name.as_deref(), Some("Globex Support"));

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/platform/api/v1/accounts/11")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "name": "Globex Customer Care", "locale": "fr" }));
            then.status(200)
                .json_body(account_json("Globex Customer Care", "fr"));
        })
        .await;

    let updated = client
        .update_account()
        .account_id(11)
        .body(types::AccountCreateUpdatePayload {
            name: Some("Globex Customer Care".into()),
            locale: Some("fr".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("update account")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.id, Some(11));
    assert_eq!(updated.name.as_deref(), Some("Globex Customer Care"));

    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/platform/api/v1/accounts/11")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200);
        })
        .await;

    let deleted = client
        .delete_account()
        .account_id(11)
        .send()
        .await
        .expect("delete account");
    delete.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(all(
    chatwoot_operation = "platform::create_account_user",
    chatwoot_operation = "platform::list_account_users"
))]
#[tokio::test]
async fn account_users_list_and_create() {
    let server = MockServer::start_async().await;
    let client = platform_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/accounts/11/account_users")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([
                { "account_id": 11, "user_id": 31, "role": "administrator" },
                { "account_id": 11, "user_id": 32, "role": "agent" }
            ]));
        })
        .await;

    let users = client
        .list_account_users()
        .account_id(11)
        .send()
        .await
        .expect("list account users")
        .into_inner();
    list.assert_async().await;
    assert_eq!(users.len(), 2);
    assert_eq!(users[0].account_id, Some(11));
    assert_eq!(users[0].user_id, Some(31));
    assert_eq!(users[0].role.as_deref(), Some("administrator"));
    assert_eq!(users[1].user_id, Some(32));
    assert_eq!(users[1].role.as_deref(), Some("agent"));

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/accounts/11/account_users")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "user_id": 33, "role": "agent" }));
            then.status(200)
                .json_body(json!({ "account_id": 11, "user_id": 33, "role": "agent" }));
        })
        .await;

    let created = client
        .create_account_user()
        .account_id(11)
        .body(types::AccountUserCreateUpdatePayload {
            user_id: 33,
            role: "agent".into(),
        })
        .send()
        .await
        .expect("create account user")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.account_id, Some(11));
    assert_eq!(created.user_id, Some(33));
    assert_eq!(created.role.as_deref(), Some("agent"));
}

#[cfg(all(
    chatwoot_operation = "application::create_agent_bot",
    chatwoot_operation = "application::get_agent_bot",
    chatwoot_operation = "application::list_agent_bots",
    chatwoot_operation = "platform::create_agent_bot",
    chatwoot_operation = "platform::get_agent_bot",
    chatwoot_operation = "platform::list_agent_bots"
))]
#[tokio::test]
async fn agent_bots_list_create_and_show() {
    let server = MockServer::start_async().await;
    let client = platform_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/agent_bots")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([agent_bot_json()]));
        })
        .await;

    let bots = client
        .list_agent_bots()
        .send()
        .await
        .expect("list agent bots")
        .into_inner();
    list.assert_async().await;
    assert_eq!(bots.len(), 1);
    assert_eq!(bots[0].id, Some(6));
    assert_eq!(bots[0].name.as_deref(), Some("Order Status Bot"));
    assert_eq!(
        bots[0].outgoing_url.as_deref(),
        Some("https://bots.globex.test/orders")
    );
    assert_eq!(bots[0].account_id, Some(11));
    assert_eq!(
        bots[0].access_token.as_deref(),
        Some("Qe7Lm2Xv9Rk4Tn6Wb1Zc3Yd")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/agent_bots")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Order Status Bot",
                    "description": "Answers where-is-my-order questions",
                    "outgoing_url": "https://bots.globex.test/orders",
                    "account_id": 11
                }));
            then.status(200).json_body(agent_bot_json());
        })
        .await;

    let bot = client
        .create_agent_bot()
        .body(types::PlatformAgentBotCreateUpdatePayload {
            name: Some("Order Status Bot".into()),
            description: Some("Answers where-is-my-order questions".into()),
            outgoing_url: Some("https://bots.globex.test/orders".into()),
            account_id: Some(11),
            avatar: None,
            avatar_url: None,
        })
        .send()
        .await
        .expect("create agent bot")
        .into_inner();
    create.assert_async().await;
    assert_eq!(bot.id, Some(6));
    assert_eq!(bot.bot_type.as_deref(), Some("webhook"));
    assert_eq!(
        bot.description.as_deref(),
        Some("Answers where-is-my-order questions")
    );

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/agent_bots/6")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(agent_bot_json());
        })
        .await;

    let shown = client
        .get_agent_bot()
        .id(6)
        .send()
        .await
        .expect("agent bot details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(shown.id, Some(6));
    assert_eq!(shown.name.as_deref(), Some("Order Status Bot"));
}

#[cfg(all(
    chatwoot_operation = "platform::create_user",
    chatwoot_operation = "platform::get_user",
    chatwoot_operation = "platform::get_user_login_url"
))]
#[tokio::test]
async fn users_create_show_and_sso_link() {
    let server = MockServer::start_async().await;
    let client = platform_client(&server);

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/users")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Priya Natarajan",
                    "display_name": "Priya",
                    "email": "priya@globex.test",
                    "password": "Str0ng!Passw0rd",
                    "custom_attributes": { "employee_id": "GX-2201" }
                }));
            then.status(200).json_body(user_json());
        })
        .await;

    let mut custom_attributes = serde_json::Map::new();
    custom_attributes.insert("employee_id".into(), json!("GX-2201"));
    let user = client
        .create_user()
        .body(types::UserCreateUpdatePayload {
            name: Some("Priya Natarajan".into()),
            display_name: Some("Priya".into()),
            email: Some("priya@globex.test".into()),
            password: Some("Str0ng!Passw0rd".into()),
            custom_attributes,
        })
        .send()
        .await
        .expect("create user")
        .into_inner();
    create.assert_async().await;
    assert_eq!(user.id, Some(31));
    assert_eq!(user.email.as_deref(), Some("priya@globex.test"));
    assert_eq!(user.confirmed, Some(true));
    assert_eq!(
        user.access_token.as_deref(),
        Some("c8Yh2TqZ9mLwR4vN6bK1xP3s")
    );
    assert_eq!(user.role, Some(types::AgentRole::Administrator));
    assert_eq!(
        user.custom_attributes.get("employee_id"),
        Some(&json!("GX-2201"))
    );
    assert_eq!(user.accounts.len(), 1);
    assert_eq!(user.accounts[0].id, Some(11));
    assert_eq!(user.accounts[0].role, Some(types::AgentRole::Administrator));
    assert_eq!(
        user.accounts[0]
            .active_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2024-03-11T09:40:00+00:00")
    );

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/users/31")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(user_json());
        })
        .await;

    let shown = client
        .get_user()
        .id(31)
        .send()
        .await
        .expect("user details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(shown.id, Some(31));
    assert_eq!(shown.name.as_deref(), Some("Priya Natarajan"));
    assert_eq!(shown.uid.as_deref(), Some("priya@globex.test"));

    let login = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/users/31/login")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "url": "https://app.chatwoot.com/app/login?email=priya%40globex.test&sso_auth_token=Tk3nX9vQ2mLp8RwZ"
            }));
        })
        .await;

    let sso = client
        .get_user_login_url()
        .id(31)
        .send()
        .await
        .expect("sso link")
        .into_inner();
    login.assert_async().await;
    assert_eq!(
        sso.url.as_deref(),
        Some(
            "https://app.chatwoot.com/app/login?email=priya%40globex.test&sso_auth_token=Tk3nX9vQ2mLp8RwZ"
        )
    );
}

#[cfg(all(
    chatwoot_operation = "platform::get_user",
    chatwoot_operation = "platform::list_agent_bots"
))]
#[tokio::test]
async fn error_statuses_decode_error_body() {
    let server = MockServer::start_async().await;
    let client = platform_client(&server);

    let not_found = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/users/999")
                .header("api-access-token", TOKEN);
            then.status(404)
                .json_body(json!({ "error": "Resource could not be found" }));
        })
        .await;

    let error = client
        .get_user()
        .id(999)
        .send()
        .await
        .expect_err("404 is an error");
    not_found.assert_async().await;
    assert_status(&error, 404, "Resource could not be found");

    let unauthorized = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/agent_bots")
                .header("api-access-token", TOKEN);
            then.status(401)
                .json_body(json!({ "errors": ["Invalid Access Token"] }));
        })
        .await;

    let error = client
        .list_agent_bots()
        .send()
        .await
        .expect_err("401 is an error");
    unauthorized.assert_async().await;
    assert_status(&error, 401, "Invalid Access Token");
}
