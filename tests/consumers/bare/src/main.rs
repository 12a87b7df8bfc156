//! The `client` consumer's call with bare reqwest and serde_json: the
//! baseline its clean build is measured against.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(base_url), Ok(inbox)) = (
        std::env::var("CHATWOOT_BASE_URL"),
        std::env::var("CHATWOOT_INBOX_IDENTIFIER"),
    ) else {
        println!("set CHATWOOT_BASE_URL and CHATWOOT_INBOX_IDENTIFIER to sign Ada up");
        return Ok(());
    };
    // rustls with ring, as the SDK's default; reqwest checks certificates
    // against the platform's roots.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let contact: serde_json::Value = http
        .post(format!("{base_url}/public/api/v1/inboxes/{inbox}/contacts"))
        .json(&serde_json::json!({ "name": "Ada" }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!("contact {:?}", contact.get("source_id"));
    Ok(())
}
