//! Every Platform API operation once, as a platform app provisioning an
//! installation would call them.

use chatwoot::platform::Client;
use chatwoot::platform::types as t;
use serde_json::json;

use crate::validation::{CallLog, body, check};

const ACCOUNT: i64 = 3;
const USER: i64 = 4;
const BOT: i64 = 7;

pub async fn call_every_operation(platform: &Client, log: &mut CallLog) {
    accounts(platform, log).await;
    agent_bots(platform, log).await;
    users(platform, log).await;
}

async fn accounts(platform: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "platform::create_account")]
    check(
        log,
        "create_account",
        platform
            .create_account()
            .body(body::<t::AccountCreateUpdatePayload>(json!({
                "name": "Acme Support",
                "locale": "en",
                "domain": "support.acme.example",
                "support_email": "help@acme.example",
                "status": "active",
                "limits": {"agents": 25, "inboxes": 10},
                "custom_attributes": {"plan": "business"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::get_account")]
    check(
        log,
        "get_account",
        platform.get_account().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::update_account")]
    check(
        log,
        "update_account",
        platform
            .update_account()
            .account_id(ACCOUNT)
            .body(body::<t::AccountCreateUpdatePayload>(json!({
                "name": "Acme Support EU",
                "locale": "de",
                "status": "suspended",
                "limits": {"agents": 5}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::delete_account")]
    check(
        log,
        "delete_account",
        platform
            .delete_account()
            .account_id(ACCOUNT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::list_account_users")]
    check(
        log,
        "list_account_users",
        platform
            .list_account_users()
            .account_id(ACCOUNT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::create_account_user")]
    check(
        log,
        "create_account_user",
        platform
            .create_account_user()
            .account_id(ACCOUNT)
            .body(body::<t::AccountUserCreateUpdatePayload>(
                json!({"user_id": USER, "role": "administrator"}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::delete_account_user")]
    check(
        log,
        "delete_account_user",
        platform
            .delete_account_user()
            .account_id(ACCOUNT)
            .body(body::<t::DeleteAccountUserBody>(json!({"user_id": USER})))
            .send_raw()
            .await,
    );
}

async fn agent_bots(platform: &Client, log: &mut CallLog) {
    let bot = || {
        body::<t::PlatformAgentBotCreateUpdatePayload>(json!({
            "name": "Order Status Bot",
            "description": "Answers where-is-my-order questions",
            "outgoing_url": "https://bots.acme.example/chatwoot",
            "account_id": ACCOUNT,
            "avatar_url": "https://cdn.acme.example/bot.png"
        }))
    };
    #[cfg(chatwoot_operation = "platform::list_agent_bots")]
    check(
        log,
        "list_agent_bots",
        platform.list_agent_bots().send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::create_agent_bot")]
    check(
        log,
        "create_agent_bot",
        platform.create_agent_bot().body(bot()).send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::get_agent_bot")]
    check(
        log,
        "get_agent_bot",
        platform.get_agent_bot().id(BOT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::update_agent_bot")]
    check(
        log,
        "update_agent_bot",
        platform
            .update_agent_bot()
            .id(BOT)
            .body(bot())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::delete_agent_bot")]
    check(
        log,
        "delete_agent_bot",
        platform.delete_agent_bot().id(BOT).send_raw().await,
    );
}

async fn users(platform: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "platform::create_user")]
    check(
        log,
        "create_user",
        platform
            .create_user()
            .body(body::<t::UserCreateUpdatePayload>(json!({
                "name": "Priya Raman",
                "display_name": "Priya",
                "email": "priya@acme.example",
                "password": "Sup3r-secret!",
                "custom_attributes": {"employee_id": "E-2231"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::get_user")]
    check(
        log,
        "get_user",
        platform.get_user().id(USER).send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::update_user")]
    check(
        log,
        "update_user",
        platform
            .update_user()
            .id(USER)
            .body(body::<t::UserCreateUpdatePayload>(json!({
                "display_name": "Priya R.",
                "custom_attributes": {"employee_id": "E-2231", "team": "billing"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "platform::delete_user")]
    check(
        log,
        "delete_user",
        platform.delete_user().id(USER).send_raw().await,
    );
    #[cfg(chatwoot_operation = "platform::get_user_login_url")]
    check(
        log,
        "get_user_login_url",
        platform.get_user_login_url().id(USER).send_raw().await,
    );
}
