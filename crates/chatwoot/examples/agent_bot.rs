//! An agent bot: Chatwoot posts each event to the bot's webhook; on a
//! customer's message the bot replies and labels the conversation. At start
//! it lists the open conversations it serves.
//!
//! Against a typed mock of Chatwoot, no server needed:
//! `cargo run -p chatwoot --example agent_bot --features webhooks,mock`, and
//! its test: `cargo test -p chatwoot --example agent_bot --features webhooks,mock`.

use chatwoot::application::prelude::*;
use chatwoot::application::types::AddConversationLabelsBody as Labels;
use chatwoot::application::types::ConversationMessageCreatePayload as Reply;
use chatwoot::application::{AccountHandler, mock::httpmock::Mock};
use chatwoot::webhooks::{Event, Verifier};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;
const THANKS: &str = "Thanks! An agent will be with you shortly.";

/// The bot: the account it serves, and the webhook's verifier.
struct Bot<'a>(AccountHandler<'a>, Verifier);

impl Bot<'_> {
    /// One delivery of the webhook: verified, then answered.
    async fn on_delivery(&self, headers: &[(&str, String)], body: &[u8]) -> Result {
        if let Event::MessageCreated(message) = self.1.verify(headers, body)?.event
            && message.is_incoming()
            && let Some(id) = message.conversation.and_then(|c| c.id)
        {
            let chat = self.0.conversation(id);
            let reply = Reply::builder().content(THANKS);
            chat.create_message().body(reply).send().await?;
            let label = Labels::builder().labels(vec!["bot-answered".into()]);
            chat.add_conversation_labels().body(label).send().await?;
        }
        Ok(())
    }

    /// The ids of the account's open conversations, every page.
    async fn open_conversations(&self) -> Result<Vec<i64>> {
        let open = self.0.conversations_stream(|c| c.status("open"));
        Ok(open.map_ok(|c| c.id.unwrap_or(0)).try_collect().await?)
    }
}

/// Chatwoot, mocked: one open conversation; a reply and a label to take.
fn chatwoot(server: &MockServer) -> [Mock<'_>; 2] {
    let conversations = |page, ids: &[i64]| {
        let items = ids.iter().map(|&id| serde_json::json!({ "id": id }));
        let list = serde_json::json!({ "data": { "payload": items.collect::<Vec<_>>() } });
        server.list_conversations(|when, then| {
            when.account_id(1).page(page);
            then.ok(&serde_json::from_value(list).unwrap_or_default());
        })
    };
    conversations(1, &[42]);
    conversations(2, &[]);
    // Each mock matches the body the bot must send, as the bot builds it.
    let reply = server.create_message(|when, then| {
        let reply = Reply::builder().content(THANKS);
        when.account_id(1).conversation_id(42).body(reply);
        then.ok(&types::Message::default());
    });
    let label = server.add_conversation_labels(|when, then| {
        let label = Labels::builder().labels(vec!["bot-answered".into()]);
        when.account_id(1).conversation_id(42).body(label);
        then.ok(&types::ConversationLabels::default());
    });
    [reply, label]
}

/// A delivery as Chatwoot signs it: a customer wrote in conversation 42.
fn delivery(verifier: &Verifier) -> (Vec<(&'static str, String)>, &'static [u8]) {
    let body = br#"{"event":"message_created","message_type":"incoming","conversation":{"id":42}}"#;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    let now = now.map_or(0, |d| d.as_secs() as i64);
    let signature = ("x-chatwoot-signature", verifier.sign(now, body));
    let headers = vec![signature, ("x-chatwoot-timestamp", now.to_string())];
    (headers, body)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result {
    let server = MockServer::start_async().await;
    let [reply, label] = chatwoot(&server);
    let app = Client::with_token(server.base_url(), ApiToken::agent_bot("bot-token"))?;
    let verifier = Verifier::new("webhook-secret")?;
    let (headers, body) = delivery(&verifier);
    let bot = Bot(app.account(1), verifier);
    println!("open conversations: {:?}", bot.open_conversations().await?);
    bot.on_delivery(&headers, body).await?;
    let (replies, labels) = (reply.calls_async().await, label.calls_async().await);
    println!("replied {replies} time(s), labelled {labels} time(s)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replies_to_a_customer_and_labels_the_conversation() {
        let server = MockServer::start_async().await;
        let [reply, label] = chatwoot(&server);
        let app = Client::with_token(server.base_url(), "bot-token").unwrap();
        let bot = Bot(app.account(1), Verifier::new("secret").unwrap());
        assert_eq!(bot.open_conversations().await.unwrap(), [42]);

        let (headers, body) = delivery(&bot.1);
        bot.on_delivery(&headers, body).await.unwrap();
        reply.assert_async().await;
        label.assert_async().await;

        let forged = Verifier::new("not-the-secret").unwrap();
        let (headers, body) = delivery(&forged);
        assert!(bot.on_delivery(&headers, body).await.is_err());
    }
}
