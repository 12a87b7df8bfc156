//! An agent bot, using the Application API with only its areas: answers a
//! conversation. `cargo test` runs it against a typed mock.

use chatwoot_application::{Client, types};

/// Posts `text` to a conversation; returns the message's id.
async fn reply(
    client: &Client,
    account: i64,
    conversation: i64,
    text: &str,
) -> Result<Option<i64>, chatwoot_application::Error> {
    let message = client
        .create_message()
        .account_id(account)
        .conversation_id(conversation)
        .body(types::ConversationMessageCreatePayload::builder().content(text.to_owned()))
        .send()
        .await?
        .into_inner();
    Ok(message.id)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(base_url), Ok(token)) = (
        std::env::var("CHATWOOT_BASE_URL"),
        std::env::var("CHATWOOT_API_TOKEN"),
    ) else {
        println!("set CHATWOOT_BASE_URL and CHATWOOT_API_TOKEN (an agent bot's) to reply");
        return Ok(());
    };
    let client = Client::with_token(base_url, token)?;
    println!("message {:?}", reply(&client, 1, 1, "Hello").await?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use chatwoot_application::mock::{MockServer, MockServerExt};
    use chatwoot_application::{Client, types};

    #[tokio::test]
    async fn answers_a_conversation() {
        let server = MockServer::start_async().await;
        let mock = server.create_message(|when, then| {
            when.account_id(1).conversation_id(42);
            then.ok(&types::Message {
                id: Some(7),
                ..Default::default()
            });
        });
        let client = Client::with_token(server.base_url(), "bot-token").unwrap();

        let id = super::reply(&client, 1, 42, "Hello").await.unwrap();

        mock.assert_async().await;
        assert_eq!(id, Some(7));
    }
}
