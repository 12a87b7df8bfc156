//! Every Client API operation once, as a website visitor's app would call
//! them: no token, the inbox and contact identifiers in the path.

use chatwoot::client::Client;
use chatwoot::client::types as t;
use serde_json::json;

use crate::validation::{CallLog, body, check};

const INBOX: &str = "xT9bq2VnLk4RmW7cZp3dHs8e";
const CONTACT: &str = "5c1d3f2a-8e47-4b6a-9d0c-71f2e3a4b5c6";
const CONVERSATION: i64 = 1042;

pub async fn call_every_operation(public: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "client::create_contact")]
    check(
        log,
        "create_contact",
        public
            .create_contact()
            .inbox_identifier(INBOX)
            .body(body::<t::PublicContactCreateUpdatePayload>(json!({
                "identifier": "crm-10042",
                "identifier_hash": "9b4e3f0d5a1c2b7e8f6a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a",
                "email": "ada@example.org",
                "name": "Ada Lovelace",
                "phone_number": "+442071234567",
                "custom_attributes": {"plan": "pro"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::get_contact")]
    check(
        log,
        "get_contact",
        public
            .get_contact()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::update_contact")]
    check(
        log,
        "update_contact",
        public
            .update_contact()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .body(body::<t::PublicContactCreateUpdatePayload>(json!({
                "name": "Ada King",
                "email": "ada.king@example.org",
                "custom_attributes": {"plan": "enterprise"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::create_conversation")]
    check(
        log,
        "create_conversation",
        public
            .create_conversation()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .body(body::<t::PublicConversationCreatePayload>(
                json!({"custom_attributes": {"order_id": "A-1001"}}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::list_conversations")]
    check(
        log,
        "list_conversations",
        public
            .list_conversations()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::get_conversation")]
    check(
        log,
        "get_conversation",
        public
            .get_conversation()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::toggle_conversation_status")]
    check(
        log,
        "toggle_conversation_status",
        public
            .toggle_conversation_status()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::toggle_conversation_typing")]
    check(
        log,
        "toggle_conversation_typing",
        public
            .toggle_conversation_typing()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .typing_status("on")
            .body(body::<t::ToggleConversationTypingBody>(
                json!({"typing_status": "on"}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::update_conversation_last_seen")]
    check(
        log,
        "update_conversation_last_seen",
        public
            .update_conversation_last_seen()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::create_message")]
    check(
        log,
        "create_message",
        public
            .create_message()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .body(body::<t::PublicMessageCreatePayload>(json!({
                "content": "Where is my refund for order A-1001?",
                "echo_id": "tmp-7f3a"
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::list_messages")]
    check(
        log,
        "list_messages",
        public
            .list_messages()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "client::update_message")]
    check(
        log,
        "update_message",
        public
            .update_message()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .conversation_id(CONVERSATION)
            .message_id(90181)
            .body(body::<t::PublicMessageUpdatePayload>(json!({
                "submitted_values": {
                    "name": "rating",
                    "title": "How did we do?",
                    "value": "5",
                    "csat_survey_response": {"feedback_message": "Quick and kind, thanks!", "rating": 5}
                }
            })))
            .send_raw()
            .await,
    );
}
