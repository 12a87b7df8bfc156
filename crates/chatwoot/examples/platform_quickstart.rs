//! Platform API quickstart: what a platform app (a Super Admin's "Platform
//! App" token) does to provision Chatwoot: create an account, create a user,
//! and list its agent bots.
//!
//! Run it with:
//!
//! ```sh
//! cargo run -p chatwoot --example platform_quickstart
//! ```
//!
//! Out of the box it starts a local mock server (httpmock) and makes all three
//! calls against it. The mock is set up with the typed helpers of the `mock`
//! feature (`chatwoot::platform::mock`), the way you would test your own code:
//! each checks the request (JSON body) and answers with a typed value.
//!
//! Against a real server, set `CHATWOOT_BASE_URL` (your installation, for
//! example `https://chatwoot.example.com`) and `CHATWOOT_PLATFORM_TOKEN` (the
//! platform app's access token, from the Super Admin console). Against a
//! real server the example only reads (it lists the agent bots the app can
//! see): it creates no account and no user.

use std::error::Error;
use std::fmt;

use chatwoot::platform::mock::MockServerExt;
use chatwoot::platform::{Client, types};
use httpmock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let base_url = std::env::var("CHATWOOT_BASE_URL").ok();
    let token = std::env::var("CHATWOOT_PLATFORM_TOKEN").ok();
    let result = match (base_url, token) {
        (Some(base_url), Some(token)) => {
            println!("Using the Chatwoot server at {base_url} (read-only calls).");
            match Client::with_token(base_url.as_str(), token.as_str()) {
                Ok(client) => list_agent_bots(&client).await,
                Err(error) => Err(error.into()),
            }
        }
        _ => mock().await,
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
        write!(f, "platform_quickstart failed: {}", self.0)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Failed {}

/// Lists the agent bots the platform app can see (a read).
async fn list_agent_bots(client: &Client) -> Result<(), Box<dyn Error>> {
    let bots = client.list_agent_bots().send().await?.into_inner();
    println!("The platform app sees {} agent bot(s):", bots.len());
    for bot in &bots {
        println!(
            "  bot {}: {} -> {}",
            bot.id.unwrap_or_default(),
            bot.name.as_deref().unwrap_or("?"),
            bot.outgoing_url.as_deref().unwrap_or("(no outgoing URL)"),
        );
    }
    Ok(())
}

/// All three calls against a local mock server.
async fn mock() -> Result<(), Box<dyn Error>> {
    let server = MockServer::start_async().await;
    mock_chatwoot(&server);
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_PLATFORM_TOKEN set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_token(server.base_url(), "mock-platform-token")?;

    let account = client
        .create_account()
        .body(globex())
        .send()
        .await?
        .into_inner();
    println!(
        "Created account {}: {}",
        account.id.unwrap_or_default(),
        account.name.as_deref().unwrap_or("?"),
    );

    let user = client
        .create_user()
        .body(priya())
        .send()
        .await?
        .into_inner();
    println!(
        "Created user {}: {} <{}>",
        user.id.unwrap_or_default(),
        user.name.as_deref().unwrap_or("?"),
        user.email.as_deref().unwrap_or("?"),
    );

    list_agent_bots(&client).await
}

/// The account the quickstart creates, and the mock expects.
fn globex() -> types::AccountCreateUpdatePayload {
    types::AccountCreateUpdatePayload {
        name: Some("Globex Support".to_owned()),
        locale: Some("en".to_owned()),
        ..Default::default()
    }
}

/// The user the quickstart creates, and the mock expects.
fn priya() -> types::UserCreateUpdatePayload {
    types::UserCreateUpdatePayload {
        name: Some("Priya Natarajan".to_owned()),
        email: Some("priya@globex.test".to_owned()),
        password: Some("Str0ng!Passw0rd".to_owned()),
        ..Default::default()
    }
}

/// The mock's answers, one typed mock per operation: `when` says which
/// request it answers, `then` what it answers.
fn mock_chatwoot(server: &MockServer) {
    server.create_account(|when, then| {
        // `into_inner` reaches httpmock's own matchers, for what the
        // operation's parameters do not say.
        when.body(globex())
            .into_inner()
            .header_exists("api-access-token");
        then.ok(&types::PlatformAccount {
            id: Some(11),
            name: Some("Globex Support".to_owned()),
            locale: Some("en".to_owned()),
            features: [("help_center", true), ("inbound_emails", true)]
                .into_iter()
                .map(|(name, on)| (name.to_owned(), on))
                .collect(),
            status: Some(types::AccountStatus::Active),
            ..Default::default()
        });
    });

    server.create_user(|when, then| {
        when.body(priya());
        then.ok(&types::User {
            id: Some(31),
            name: Some("Priya Natarajan".to_owned()),
            available_name: Some("Priya Natarajan".to_owned()),
            email: Some("priya@globex.test".to_owned()),
            uid: Some("priya@globex.test".to_owned()),
            provider: Some("email".to_owned()),
            confirmed: Some(true),
            access_token: Some("c8Yh2TqZ9mLwR4vN6bK1xP3s".to_owned()),
            pubsub_token: Some("Vm9SLk5wQ3RkZjJ4".to_owned()),
            ..Default::default()
        });
    });

    let bot = |id: i64, name: &str, description: &str, path: &str| types::AgentBot {
        id: Some(id),
        name: Some(name.to_owned()),
        description: Some(description.to_owned()),
        outgoing_url: Some(format!("https://bots.globex.test/{path}")),
        bot_type: Some("webhook".to_owned()),
        account_id: Some(11),
        ..Default::default()
    };
    server.list_agent_bots(|_, then| {
        then.ok(&vec![
            bot(
                6,
                "Order Status Bot",
                "Answers where-is-my-order questions",
                "orders",
            ),
            bot(
                7,
                "Triage Bot",
                "Routes new conversations to the right team",
                "triage",
            ),
        ]);
    });
}
