//! A chat front end's back end, using the Client API alone: signs a visitor
//! up in an API inbox. `cargo test` runs it against a typed mock.

use chatwoot_client::{Client, types};

/// Creates a contact named `name` in the inbox; returns its identifier.
async fn sign_up(
    client: &Client,
    inbox: &str,
    name: &str,
) -> Result<Option<String>, chatwoot_client::Error> {
    let contact = client
        .create_contact()
        .inbox_identifier(inbox)
        .body(types::PublicContactCreateUpdatePayload::builder().name(name.to_owned()))
        .send()
        .await?
        .into_inner();
    Ok(contact.source_id)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(base_url), Ok(inbox)) = (
        std::env::var("CHATWOOT_BASE_URL"),
        std::env::var("CHATWOOT_INBOX_IDENTIFIER"),
    ) else {
        println!("set CHATWOOT_BASE_URL and CHATWOOT_INBOX_IDENTIFIER to sign Ada up");
        return Ok(());
    };
    let client = Client::with_base_url(base_url)?;
    println!("contact {:?}", sign_up(&client, &inbox, "Ada").await?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use chatwoot_client::mock::{MockServer, MockServerExt};
    use chatwoot_client::{Client, types};

    #[tokio::test]
    async fn signs_a_visitor_up() {
        let server = MockServer::start_async().await;
        let mock = server.create_contact(|when, then| {
            when.inbox_identifier("web-inbox");
            then.ok(&types::PublicContact {
                source_id: Some("c0ffee".to_owned()),
                ..Default::default()
            });
        });
        let client = Client::with_base_url(server.base_url()).unwrap();

        let id = super::sign_up(&client, "web-inbox", "Ada").await.unwrap();

        mock.assert_async().await;
        assert_eq!(id.as_deref(), Some("c0ffee"));

        // Another inbox matches no mock: the answer says which and why.
        let err = super::sign_up(&client, "other-inbox", "Ada")
            .await
            .expect_err("no mock for that inbox");
        let message = err.body().and_then(|body| body.message()).unwrap();
        assert!(
            message.contains("`create_contact` (mock ")
                && message.contains("path: wants /public/api/v1/inboxes/web-inbox/contacts"),
            "{message}"
        );
    }
}
