//! Application API responses in the shapes the server's views render, decoded by the generated client.
//!
//! Each fixture in `fixtures/application/<operationId>.json` is our own JSON,
//! written from the view and partials at the pinned server revision: every
//! key the view emits, `null` where it allows it, keys absent where it omits
//! them. Each test serves one, calls the operation with `.send()`, and reads
//! the fields that matter through the generated types.

use chatwoot::application::types;
use chatwoot_tests::unix;
use chatwoot_tests::{TOKEN, application_client, no_query, query_is};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The account the fixtures belong to.
const ACCOUNT: i64 = 3;

/// Serves `body` with 200 for one request, checking the method, the path and
/// the token header.
async fn serve<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    body: &'static str,
) -> httpmock::Mock<'a> {
    let path = path.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(method)
                .path(path)
                .header("api-access-token", TOKEN);
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(body);
        })
        .await
}

// ---------------------------------------------------------------- contacts

/// The first contact of the list fixtures: avatar, phone, identifier, and two
/// contact inboxes (an API inbox and a Microsoft email inbox).
fn assert_maria(contact: &types::Contact) {
    assert_eq!(contact.id, Some(1042));
    assert_eq!(contact.name.as_deref(), Some("Maria Silva"));
    assert_eq!(
        contact.email.as_deref(),
        Some("maria.silva@atlantico-tiles.example")
    );
    assert_eq!(contact.phone_number.as_deref(), Some("+351912345678"));
    assert_eq!(contact.identifier.as_deref(), Some("crm-7781"));
    assert_eq!(contact.blocked, Some(false));
    assert_eq!(
        contact.availability_status,
        Some(types::ContactAvailabilityStatus::Online)
    );
    assert!(
        contact
            .thumbnail
            .as_deref()
            .is_some_and(|t| t.ends_with("/maria.jpg"))
    );
    let extra = contact.additional_attributes.as_ref().expect("additional");
    assert_eq!(extra.city.as_deref(), Some("Lisbon"));
    assert_eq!(extra.country_code.as_deref(), Some("PT"));
    assert_eq!(extra.created_at_ip.as_deref(), Some("203.0.113.24"));
    assert_eq!(extra.company_name.as_deref(), Some("Atlântico Tiles"));
    assert_eq!(
        extra.description.as_deref(),
        Some("Buys in bulk every quarter")
    );
    assert_eq!(
        extra.social_profiles.get("linkedin"),
        Some(&json!("maria-silva-pt"))
    );
    assert_eq!(contact.custom_attributes.get("seats"), Some(&json!(25)));
    assert_eq!(contact.last_activity_at, Some(unix(1_773_916_530)));
    assert_eq!(contact.created_at, Some(unix(1_762_073_211)));
}

/// The contact inboxes of the first contact, when the view includes them.
fn assert_maria_inboxes(contact: &types::Contact) {
    assert_eq!(contact.contact_inboxes.len(), 2);
    let api = &contact.contact_inboxes[0];
    assert_eq!(
        api.source_id.as_deref(),
        Some("5d2b8f0e-91c4-4f57-a0b3-6e1c2d7f8a90")
    );
    let api = api.inbox.as_ref().expect("api inbox");
    assert_eq!(api.id, Some(4));
    assert_eq!(api.channel_type.as_deref(), Some("Channel::Api"));
    assert_eq!(api.avatar_url.as_deref(), Some(""));
    assert_eq!(api.provider, None);
    let email = contact.contact_inboxes[1].inbox.as_ref().expect("inbox");
    assert_eq!(email.channel_id, Some(3));
    assert_eq!(email.name.as_deref(), Some("Support mail"));
    assert_eq!(email.provider.as_deref(), Some("microsoft"));
}

#[cfg(chatwoot_operation = "application::list_contacts")]
#[tokio::test]
async fn contact_list_decodes_the_index_view() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/contacts",
        include_str!("fixtures/application/list_contacts.json"),
    )
    .await;
    let list = application_client(&server)
        .list_contacts()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("contact list decodes")
        .into_inner();
    mock.assert_async().await;

    // Without a `page` parameter the server sends `current_page` as the integer 1.
    let meta = list.meta.expect("meta");
    assert_eq!(meta.count, Some(57));
    assert_eq!(
        meta.current_page,
        Some(types::ContactMetaCurrentPage::Integer(1))
    );
    assert_eq!(meta.has_more, None);

    assert_eq!(list.payload.len(), 3);
    assert_maria(&list.payload[0]);
    assert_maria_inboxes(&list.payload[0]);

    // No avatar, no email, no identifier, no last activity (the key is absent).
    let kenji = &list.payload[1];
    assert_eq!(kenji.id, Some(1057));
    assert_eq!(kenji.email, None);
    assert_eq!(kenji.identifier, None);
    assert_eq!(kenji.thumbnail.as_deref(), Some(""));
    assert_eq!(kenji.last_activity_at, None);
    assert_eq!(kenji.created_at, Some(unix(1_773_830_400)));
    assert!(kenji.custom_attributes.is_empty());
    let extra = kenji.additional_attributes.as_ref().expect("additional");
    assert_eq!(extra.city, None);
    assert_eq!(kenji.contact_inboxes.len(), 1);

    // Blocked, nameless, no phone, no contact inbox.
    let blocked = &list.payload[2];
    assert_eq!(blocked.blocked, Some(true));
    assert_eq!(blocked.name.as_deref(), Some(""));
    assert_eq!(blocked.phone_number, None);
    assert!(blocked.contact_inboxes.is_empty());
    assert_eq!(
        blocked.availability_status,
        Some(types::ContactAvailabilityStatus::Offline)
    );
}

#[cfg(chatwoot_operation = "application::get_contact")]
#[tokio::test]
async fn contact_details_decodes_the_show_view() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/3/contacts/1042")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("include_contact_inboxes", "true")]));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(include_str!("fixtures/application/get_contact.json"));
        })
        .await;
    let shown = application_client(&server)
        .get_contact()
        .account_id(ACCOUNT)
        .id(1042)
        .include_contact_inboxes(true)
        .send()
        .await
        .expect("contact details decode")
        .into_inner();
    mock.assert_async().await;
    let contact = shown.payload.expect("payload");
    assert_maria(&contact);
    assert_maria_inboxes(&contact);
}

/// The merge answers the base contact as the contact partial renders it (the
/// view `actions/contact_merges/create`), unwrapped: the same record as the
/// show view's `payload`, here taken from that fixture.
#[cfg(chatwoot_operation = "application::merge_contacts")]
#[tokio::test]
async fn contact_merge_decodes_the_whole_contact() {
    let shown: Value = serde_json::from_str(include_str!("fixtures/application/get_contact.json"))
        .expect("fixture is JSON");
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/3/actions/contact_merge")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "base_contact_id": 1042, "mergee_contact_id": 1043 }));
            then.status(200).json_body(shown["payload"].clone());
        })
        .await;
    let merged = application_client(&server)
        .account(ACCOUNT)
        .merge_contacts()
        .body(
            types::MergeContactsBody::builder()
                .base_contact_id(1042)
                .mergee_contact_id(1043),
        )
        .send()
        .await
        .expect("the merge's answer decodes")
        .into_inner();
    mock.assert_async().await;
    assert_maria(&merged);
}

#[cfg(chatwoot_operation = "application::create_contact")]
#[tokio::test]
async fn contact_create_decodes_contact_and_contact_inbox() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/api/v1/accounts/3/contacts",
        include_str!("fixtures/application/create_contact.json"),
    )
    .await;
    let client = application_client(&server);
    let created = client
        .create_contact()
        .account_id(ACCOUNT)
        .body(
            types::ContactCreatePayload::builder()
                .inbox_id(4)
                .name(Some("Jonas Becker".to_owned()))
                .email(Some("jonas.becker@nordlicht.example".to_owned())),
        )
        .send()
        .await
        .expect("contact create decodes")
        .into_inner();
    mock.assert_async().await;
    let payload = created.payload.expect("payload");

    let contact = payload.contact.expect("contact");
    assert_eq!(contact.id, Some(1071));
    assert_eq!(contact.name.as_deref(), Some("Jonas Becker"));
    assert_eq!(contact.phone_number, None);
    assert_eq!(contact.last_activity_at, None);
    assert_eq!(contact.custom_attributes.get("plan"), Some(&json!("trial")));
    assert_eq!(
        contact.contact_inboxes[0].source_id.as_deref(),
        Some("c3e9a1f2-7b4d-4e8a-9c6f-1d2e3f4a5b6c")
    );

    // `contact_inbox.inbox` is the inbox record itself, every column of it.
    let contact_inbox = payload.contact_inbox.expect("contact_inbox");
    assert_eq!(
        contact_inbox.source_id.as_deref(),
        Some("c3e9a1f2-7b4d-4e8a-9c6f-1d2e3f4a5b6c")
    );
    let inbox = contact_inbox.inbox.expect("inbox");
    assert_eq!(inbox.get("id"), Some(&json!(4)));
    assert_eq!(inbox.get("account_id"), Some(&json!(3)));
    assert_eq!(inbox.get("channel_type"), Some(&json!("Channel::Api")));
    assert_eq!(inbox.get("portal_id"), Some(&Value::Null));

    // Created without `inbox_id`: the view still renders `contact_inbox`, with nulls.
    let mut without_inbox: Value =
        serde_json::from_str(include_str!("fixtures/application/create_contact.json"))
            .expect("fixture is JSON");
    without_inbox["payload"]["contact_inbox"] = json!({ "inbox": null, "source_id": null });
    without_inbox["payload"]["contact"]["contact_inboxes"] = json!([]);
    let second = MockServer::start_async().await;
    let mock = second
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/accounts/3/contacts");
            then.status(200).json_body(without_inbox);
        })
        .await;
    let created = application_client(&second)
        .create_contact()
        .account_id(ACCOUNT)
        .body(types::ContactCreatePayload::builder().inbox_id(4))
        .send()
        .await
        .expect("contact create without inbox decodes")
        .into_inner();
    mock.assert_async().await;
    let payload = created.payload.expect("payload");
    let contact_inbox = payload.contact_inbox.expect("contact_inbox");
    assert_eq!(contact_inbox.inbox, None);
    assert_eq!(contact_inbox.source_id, None);
    assert!(payload.contact.expect("contact").contact_inboxes.is_empty());
}

#[cfg(chatwoot_operation = "application::update_contact")]
#[tokio::test]
async fn contact_update_decodes_the_contact_wrapped_in_payload() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PUT,
        "/api/v1/accounts/3/contacts/1057",
        include_str!("fixtures/application/update_contact.json"),
    )
    .await;
    let response = application_client(&server)
        .update_contact()
        .account_id(ACCOUNT)
        .id(1057)
        .body(
            types::ContactUpdatePayload::builder()
                .email(Some("kenji.w@example.jp".to_owned()))
                .identifier(Some("crm-7802".to_owned())),
        )
        .send()
        .await
        .expect("contact update decodes");
    mock.assert_async().await;
    assert_eq!(response.status().as_u16(), 200);
    let contact = response.into_inner().payload.expect("payload");
    assert_eq!(contact.id, Some(1057));
    assert_eq!(contact.email.as_deref(), Some("kenji.w@example.jp"));
    assert_eq!(contact.identifier.as_deref(), Some("crm-7802"));
    assert_eq!(
        contact
            .additional_attributes
            .as_ref()
            .and_then(|a| a.city.as_deref()),
        Some("Osaka")
    );
    assert_eq!(
        contact.custom_attributes.get("plan"),
        Some(&json!("starter"))
    );
    assert_eq!(contact.contact_inboxes.len(), 1);
}

#[cfg(chatwoot_operation = "application::search_contacts")]
#[tokio::test]
async fn contact_search_decodes_has_more_and_a_string_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/3/contacts/search")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("q", "example"),
                    ("page", "1"),
                    ("include_contact_inboxes", "false"),
                ]));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(include_str!("fixtures/application/search_contacts.json"));
        })
        .await;
    let found = application_client(&server)
        .search_contacts()
        .account_id(ACCOUNT)
        .q("example")
        .page(1)
        .include_contact_inboxes(false)
        .send()
        .await
        .expect("contact search decodes")
        .into_inner();
    mock.assert_async().await;

    // With `page` given the server echoes it as a string; `count` is this page's size.
    let meta = found.meta.expect("meta");
    assert_eq!(meta.count, Some(2));
    assert_eq!(
        meta.current_page,
        Some(types::ContactMetaCurrentPage::String("1".into()))
    );
    assert_eq!(meta.has_more, Some(false));

    // Asked with `include_contact_inboxes=false`, the view leaves the key out.
    assert_eq!(found.payload.len(), 2);
    assert_maria(&found.payload[0]);
    assert!(found.payload[0].contact_inboxes.is_empty());
    assert_eq!(found.payload[1].id, Some(1063));
    assert_eq!(found.payload[1].blocked, Some(true));
}

#[cfg(chatwoot_operation = "application::filter_contacts")]
#[tokio::test]
async fn contact_filter_decodes_the_filter_view() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/3/contacts/filter")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("page", "2")]));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(include_str!("fixtures/application/filter_contacts.json"));
        })
        .await;
    let filtered = application_client(&server)
        .filter_contacts()
        .account_id(ACCOUNT)
        .page(2)
        .body(types::FilterContactsBody {
            payload: vec![types::FilterContactsBodyPayloadItem {
                attribute_key: Some("country_code".into()),
                filter_operator: Some(types::FilterOperator::EqualTo),
                values: vec!["JP".into(), "GB".into()],
                query_operator: None,
            }],
        })
        .send()
        .await
        .expect("contact filter decodes")
        .into_inner();
    mock.assert_async().await;
    let meta = filtered.meta.expect("meta");
    assert_eq!(meta.count, Some(16));
    assert_eq!(
        meta.current_page,
        Some(types::ContactMetaCurrentPage::String("2".into()))
    );
    assert_eq!(meta.has_more, None);
    assert_eq!(filtered.payload.len(), 2);
    assert_eq!(filtered.payload[0].id, Some(1057));
    assert_eq!(
        filtered.payload[0].contact_inboxes[0]
            .inbox
            .as_ref()
            .and_then(|i| i.name.as_deref()),
        Some("Mobile app")
    );
    assert_eq!(
        filtered.payload[1].last_activity_at,
        Some(unix(1_773_602_114))
    );
}

// ----------------------------------------------------------------- inboxes

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn list_all_inboxes_decodes_api_email_and_website_inboxes() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/inboxes",
        include_str!("fixtures/application/list_inboxes.json"),
    )
    .await;
    let inboxes = application_client(&server)
        .list_inboxes()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("inbox list decodes")
        .into_inner()
        .payload;
    mock.assert_async().await;
    assert_eq!(inboxes.len(), 3);

    let api = &inboxes[0];
    assert_eq!(api.id, Some(4));
    assert_eq!(api.channel_id, Some(2));
    assert_eq!(api.channel_type.as_deref(), Some("Channel::Api"));
    assert_eq!(api.timezone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(api.sender_name_type.as_deref(), Some("friendly"));
    assert_eq!(api.hmac_mandatory, Some(true));
    assert_eq!(api.hmac_token.as_deref(), Some("Vq7mXc2RbN8kT4yLw9Ep3HsZ"));
    assert_eq!(
        api.inbox_identifier.as_deref(),
        Some("Fh3kP9wQzR2mT7vX5nB8cL1d")
    );
    assert_eq!(
        api.webhook_url.as_deref(),
        Some("https://app.acme.example/chatwoot/events")
    );
    assert_eq!(
        api.additional_attributes.get("agent_reply_time_window"),
        Some(&json!(48))
    );
    assert_eq!(api.website_token, None);
    assert_eq!(api.selected_feature_flags, None);
    assert_eq!(api.callback_webhook_url, None);
    assert!(api.csat_config.is_empty());
    assert_eq!(api.help_center, None);
    assert_eq!(api.working_hours.len(), 7);
    assert_eq!(api.working_hours[0].closed_all_day, Some(true));
    assert_eq!(api.working_hours[0].open_hour, None);
    assert_eq!(api.working_hours[1].open_hour, Some(9));
    assert_eq!(api.working_hours[1].close_hour, Some(17));

    let email = &inboxes[1];
    assert_eq!(email.channel_type.as_deref(), Some("Channel::Email"));
    assert_eq!(email.email.as_deref(), Some("support@acme.example"));
    assert_eq!(email.forwarding_enabled, Some(true));
    assert_eq!(
        email.forward_to_email.as_deref(),
        Some("f8e2c91ab7d34e0c@inbound.chat.acme.example")
    );
    assert_eq!(email.imap_enabled, Some(true));
    assert_eq!(email.imap_address.as_deref(), Some("outlook.office365.com"));
    assert_eq!(email.imap_port, Some(993));
    assert_eq!(email.smtp_enabled, Some(false));
    assert_eq!(email.smtp_port, Some(0));
    assert_eq!(email.smtp_authentication.as_deref(), Some("login"));
    assert_eq!(email.provider.as_deref(), Some("microsoft"));
    assert_eq!(email.reauthorization_required, Some(false));
    assert_eq!(email.csat_config.get("display_type"), Some(&json!("star")));
    assert_eq!(
        email.auto_assignment_config.get("max_assignment_limit"),
        Some(&json!(8))
    );
    assert_eq!(
        email.out_of_office_message.as_deref(),
        Some("We are closed; we answer every mail the next working day.")
    );
    assert_eq!(email.working_hours[6].close_minutes, Some(30));
    assert_eq!(email.inbox_identifier, None);
    assert_eq!(email.hmac_token, None);

    let web = &inboxes[2];
    assert_eq!(web.channel_type.as_deref(), Some("Channel::WebWidget"));
    let help_center = web.help_center.as_ref().expect("help_center");
    assert_eq!(help_center.slug.as_deref(), Some("acme-help"));
    assert_eq!(
        web.website_token.as_deref(),
        Some("tQ8nW2xK5vR9mL3pZ7cJ4hB6")
    );
    assert_eq!(web.widget_color.as_deref(), Some("#1F93FF"));
    assert_eq!(web.website_url.as_deref(), Some("https://www.acme.example"));
    assert_eq!(
        web.allowed_domains.as_deref(),
        Some("acme.example,*.acme.example")
    );
    assert_eq!(web.welcome_title.as_deref(), Some("Hello there"));
    assert_eq!(web.welcome_tagline, None);
    assert_eq!(
        web.selected_feature_flags.as_deref(),
        Some(
            &[
                "attachments".to_owned(),
                "emoji_picker".to_owned(),
                "end_conversation".to_owned()
            ][..]
        )
    );
    assert_eq!(web.reply_time.as_deref(), Some("in_a_few_minutes"));
    assert_eq!(web.pre_chat_form_enabled, Some(true));
    assert_eq!(
        web.pre_chat_form_options.get("pre_chat_message"),
        Some(&json!("Tell us who you are before we start"))
    );
    assert_eq!(web.continuity_via_email, Some(true));
    assert_eq!(web.lock_to_single_conversation, Some(true));
    assert!(
        web.web_widget_script
            .as_deref()
            .is_some_and(|s| s.contains("tQ8nW2xK5vR9mL3pZ7cJ4hB6"))
    );
    assert_eq!(web.hmac_token.as_deref(), Some("Zr4Ty8Uw2Qp6Ls1Nd5Kf9Gh3"));
}

// ------------------------------------------------------------------ agents

#[cfg(chatwoot_operation = "application::list_agents")]
#[tokio::test]
async fn get_account_agents_decodes_availability_and_provider() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/agents",
        include_str!("fixtures/application/list_agents.json"),
    )
    .await;
    let agents = application_client(&server)
        .list_agents()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("agent list decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(agents.len(), 3);

    let ana = &agents[0];
    assert_eq!(ana.id, Some(1));
    assert_eq!(ana.account_id, Some(3));
    assert_eq!(ana.role, Some(types::AgentRole::Administrator));
    assert_eq!(ana.availability_status, Some(types::Availability::Online));
    assert_eq!(ana.available_name.as_deref(), Some("Ana"));
    assert_eq!(ana.name.as_deref(), Some("Ana Costa"));
    assert_eq!(ana.provider.as_deref(), Some("email"));
    assert_eq!(ana.custom_attributes.get("shift"), Some(&json!("morning")));
    // A Community server renders no `custom_role_id`.
    assert_eq!(ana.custom_role_id, None);

    let li = &agents[1];
    assert_eq!(li.availability_status, Some(types::Availability::Busy));
    assert_eq!(li.auto_offline, Some(false));
    assert_eq!(li.provider.as_deref(), Some("google_oauth2"));
    assert!(li.custom_attributes.is_empty());
    assert_eq!(li.thumbnail.as_deref(), Some(""));

    let sam = &agents[2];
    assert_eq!(sam.role, Some(types::AgentRole::Agent));
    assert_eq!(sam.confirmed, Some(false));
    assert_eq!(sam.availability_status, Some(types::Availability::Offline));
}

// ------------------------------------------------------------------- teams

fn team_body() -> types::builder::TeamCreateUpdatePayload {
    types::TeamCreateUpdatePayload::builder()
        .name(Some("onboarding".to_owned()))
        .allow_auto_assign(Some(true))
}

#[cfg(chatwoot_operation = "application::list_teams")]
#[tokio::test]
async fn list_all_teams_decodes_members_and_null_descriptions() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/teams",
        include_str!("fixtures/application/list_teams.json"),
    )
    .await;
    let teams = application_client(&server)
        .list_teams()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("team list decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(teams.len(), 2);
    assert_eq!(teams[0].id, Some(2));
    assert_eq!(teams[0].name.as_deref(), Some("billing"));
    assert_eq!(
        teams[0].description.as_deref(),
        Some("Refunds, invoices and plan changes")
    );
    assert_eq!(teams[0].is_member, Some(true));
    assert_eq!(teams[0].account_id, Some(3));
    assert_eq!(teams[1].description, None);
    assert_eq!(teams[1].allow_auto_assign, Some(false));
    assert_eq!(teams[1].is_member, Some(false));
}

#[cfg(chatwoot_operation = "application::get_team")]
#[tokio::test]
async fn get_details_of_a_single_team_decodes_the_team() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/teams/2",
        include_str!("fixtures/application/get_team.json"),
    )
    .await;
    let team = application_client(&server)
        .get_team()
        .account_id(ACCOUNT)
        .team_id(2)
        .send()
        .await
        .expect("team decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, Some(2));
    assert_eq!(team.allow_auto_assign, Some(true));
    assert_eq!(team.is_member, Some(true));
}

#[cfg(chatwoot_operation = "application::create_team")]
#[tokio::test]
async fn create_a_team_decodes_the_team() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/api/v1/accounts/3/teams",
        include_str!("fixtures/application/create_team.json"),
    )
    .await;
    let team = application_client(&server)
        .create_team()
        .account_id(ACCOUNT)
        .body(team_body())
        .send()
        .await
        .expect("created team decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, Some(7));
    assert_eq!(team.name.as_deref(), Some("onboarding"));
    assert_eq!(
        team.description.as_deref(),
        Some("First 30 days of new customers")
    );
    assert_eq!(team.is_member, Some(false));
}

#[cfg(chatwoot_operation = "application::update_team")]
#[tokio::test]
async fn update_a_team_decodes_the_team() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PATCH,
        "/api/v1/accounts/3/teams/5",
        include_str!("fixtures/application/update_team.json"),
    )
    .await;
    let team = application_client(&server)
        .update_team()
        .account_id(ACCOUNT)
        .team_id(5)
        .body(team_body())
        .send()
        .await
        .expect("updated team decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, Some(5));
    assert_eq!(
        team.description.as_deref(),
        Some("Anything a lead must see today")
    );
    assert_eq!(team.allow_auto_assign, Some(true));
}

// ------------------------------------------------------------------ labels

fn label_body() -> types::builder::LabelCreateUpdatePayload {
    types::LabelCreateUpdatePayload::builder()
        .title(Some("churn-risk".to_owned()))
        .color(Some("#E67E22".to_owned()))
}

#[cfg(chatwoot_operation = "application::list_labels")]
#[tokio::test]
async fn list_all_labels_decodes_null_description_and_sidebar() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/labels",
        include_str!("fixtures/application/list_labels.json"),
    )
    .await;
    let labels = application_client(&server)
        .list_labels()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("label list decodes")
        .into_inner()
        .payload;
    mock.assert_async().await;
    assert_eq!(labels.len(), 3);
    assert_eq!(labels[0].id, Some(11));
    assert_eq!(labels[0].title.as_deref(), Some("vip"));
    assert_eq!(labels[0].color.as_deref(), Some("#C0392B"));
    assert_eq!(labels[0].show_on_sidebar, Some(true));
    assert_eq!(labels[1].description, None);
    assert_eq!(labels[1].show_on_sidebar, None);
    assert_eq!(labels[2].description.as_deref(), Some(""));
    assert_eq!(labels[2].show_on_sidebar, Some(false));
}

#[cfg(chatwoot_operation = "application::get_label")]
#[tokio::test]
async fn get_details_of_a_single_label_decodes_the_label() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/labels/11",
        include_str!("fixtures/application/get_label.json"),
    )
    .await;
    let label = application_client(&server)
        .get_label()
        .account_id(ACCOUNT)
        .id(11)
        .send()
        .await
        .expect("label decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(label.id, Some(11));
    assert_eq!(
        label.description.as_deref(),
        Some("Customers on the enterprise plan")
    );
}

#[cfg(chatwoot_operation = "application::create_label")]
#[tokio::test]
async fn create_a_label_decodes_the_label() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/api/v1/accounts/3/labels",
        include_str!("fixtures/application/create_label.json"),
    )
    .await;
    let label = application_client(&server)
        .create_label()
        .account_id(ACCOUNT)
        .body(label_body())
        .send()
        .await
        .expect("created label decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(label.id, Some(15));
    assert_eq!(label.title.as_deref(), Some("churn-risk"));
    assert_eq!(label.color.as_deref(), Some("#E67E22"));
    assert_eq!(label.show_on_sidebar, Some(true));
}

#[cfg(chatwoot_operation = "application::update_label")]
#[tokio::test]
async fn update_a_label_decodes_the_label() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PATCH,
        "/api/v1/accounts/3/labels/12",
        include_str!("fixtures/application/update_label.json"),
    )
    .await;
    let label = application_client(&server)
        .update_label()
        .account_id(ACCOUNT)
        .id(12)
        .body(label_body())
        .send()
        .await
        .expect("updated label decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(label.id, Some(12));
    assert_eq!(label.description.as_deref(), Some("Reported a defect"));
    assert_eq!(label.color.as_deref(), Some("#1f93ff"));
}

// ---------------------------------------------------------------- webhooks

fn webhook_body() -> types::builder::WebhookCreateUpdatePayload {
    types::WebhookCreateUpdatePayload::builder()
        .url(Some("https://events.acme.example/in/chatwoot".to_owned()))
        .subscriptions(vec![
            types::WebhookEvent::MessageCreated,
            types::WebhookEvent::ConversationTypingOn,
        ])
}

#[cfg(chatwoot_operation = "application::list_webhooks")]
#[tokio::test]
async fn list_all_webhooks_decodes_secret_inbox_and_every_event() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/3/webhooks",
        include_str!("fixtures/application/list_webhooks.json"),
    )
    .await;
    let webhooks = application_client(&server)
        .list_webhooks()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("webhook list decodes")
        .into_inner()
        .payload
        .expect("payload")
        .webhooks;
    mock.assert_async().await;
    assert_eq!(webhooks.len(), 2);

    // Account-wide: no `inbox` key.
    let crm = &webhooks[0];
    assert_eq!(crm.id, Some(3));
    assert_eq!(crm.name.as_deref(), Some("CRM sync"));
    assert_eq!(crm.secret.as_deref(), Some("m2Qw8ZtV5xR1nB7kL4pJ9cH6"));
    assert_eq!(crm.inbox, None);
    assert_eq!(
        crm.subscriptions,
        vec![
            types::WebhookEvent::ContactCreated,
            types::WebhookEvent::ContactUpdated,
            types::WebhookEvent::ConversationCreated,
        ]
    );

    // Limited to one inbox, nameless, subscribed to events the spec did not list.
    let bot = &webhooks[1];
    assert_eq!(bot.name, None);
    assert_eq!(bot.account_id, Some(3));
    let inbox = bot.inbox.as_ref().expect("inbox");
    assert_eq!(inbox.id, Some(1));
    assert_eq!(inbox.name.as_deref(), Some("Website"));
    assert_eq!(
        bot.subscriptions,
        vec![
            types::WebhookEvent::MessageCreated,
            types::WebhookEvent::ConversationTypingOn,
            types::WebhookEvent::ConversationTypingOff,
            types::WebhookEvent::InboxUpdated,
        ]
    );
}

#[cfg(chatwoot_operation = "application::create_webhook")]
#[tokio::test]
async fn create_a_webhook_decodes_payload_webhook() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/api/v1/accounts/3/webhooks",
        include_str!("fixtures/application/create_webhook.json"),
    )
    .await;
    let webhook = application_client(&server)
        .create_webhook()
        .account_id(ACCOUNT)
        .body(webhook_body())
        .send()
        .await
        .expect("created webhook decodes")
        .into_inner()
        .payload
        .expect("payload")
        .webhook
        .expect("webhook");
    mock.assert_async().await;
    assert_eq!(webhook.id, Some(6));
    assert_eq!(
        webhook.url.as_deref(),
        Some("https://events.acme.example/in/chatwoot")
    );
    assert_eq!(webhook.secret.as_deref(), Some("Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8"));
    assert_eq!(webhook.inbox, None);
    assert_eq!(
        webhook.subscriptions[0],
        types::WebhookEvent::ConversationStatusChanged
    );
}

#[cfg(chatwoot_operation = "application::update_webhook")]
#[tokio::test]
async fn update_a_webhook_decodes_payload_webhook() {
    let server = MockServer::start_async().await;
    // `inbox_id` limits the webhook to one inbox; the answer then renders `inbox`.
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/3/webhooks/4")
                .header("api-access-token", TOKEN)
                .json_body(json!({
                    "url": "https://events.acme.example/in/chatwoot",
                    "subscriptions": ["message_created", "conversation_typing_on"],
                    "inbox_id": 1
                }));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(include_str!("fixtures/application/update_webhook.json"));
        })
        .await;
    let webhook = application_client(&server)
        .update_webhook()
        .account_id(ACCOUNT)
        .webhook_id(4)
        .body(webhook_body().inbox_id(Some(1)))
        .send()
        .await
        .expect("updated webhook decodes")
        .into_inner()
        .payload
        .expect("payload")
        .webhook
        .expect("webhook");
    mock.assert_async().await;
    assert_eq!(webhook.id, Some(4));
    assert_eq!(webhook.name.as_deref(), Some("Website bot"));
    assert_eq!(webhook.inbox.as_ref().and_then(|i| i.id), Some(1));
    assert_eq!(
        webhook.subscriptions,
        vec![
            types::WebhookEvent::MessageCreated,
            types::WebhookEvent::WebwidgetTriggered,
        ]
    );
}

// ----------------------------------------------------------------- profile

#[cfg(chatwoot_operation = "application::get_profile")]
#[tokio::test]
async fn fetch_profile_decodes_the_user_and_its_accounts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(include_str!("fixtures/application/get_profile.json"));
        })
        .await;
    let user = application_client(&server)
        .get_profile()
        .send()
        .await
        .expect("profile decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.id, Some(1));
    assert_eq!(user.account_id, Some(3));
    assert_eq!(user.name.as_deref(), Some("Ana Costa"));
    assert_eq!(user.display_name.as_deref(), Some("Ana"));
    assert_eq!(user.available_name.as_deref(), Some("Ana"));
    assert_eq!(user.role, Some(types::AgentRole::Administrator));
    assert_eq!(
        user.pubsub_token.as_deref(),
        Some("pJ7dQ3wE9rT5yU1iO8aS4dF6")
    );
    assert_eq!(user.inviter_id, None);
    assert_eq!(user.type_.as_deref(), Some("SuperAdmin"));
    assert_eq!(user.hmac_identifier.as_deref().map(str::len), Some(64));
    assert_eq!(
        user.ui_settings.get("conversation_display_type"),
        Some(&json!("condensed"))
    );
    assert!(user.custom_attributes.is_empty());

    assert_eq!(user.accounts.len(), 2);
    let acme = &user.accounts[0];
    assert_eq!(acme.id, Some(3));
    assert_eq!(acme.status.as_deref(), Some("active"));
    assert_eq!(acme.role, Some(types::AgentRole::Administrator));
    assert_eq!(acme.permissions, vec!["administrator".to_owned()]);
    assert_eq!(
        acme.active_at.map(|t| t.to_rfc3339()),
        Some("2026-03-19T08:12:44.318+00:00".to_owned())
    );
    let labs = &user.accounts[1];
    assert_eq!(labs.active_at, None);
    assert_eq!(labs.availability.as_deref(), Some("busy"));
    assert_eq!(labs.availability_status.as_deref(), Some("offline"));
    assert_eq!(labs.auto_offline, Some(false));
    assert_eq!(labs.custom_role_id, None);
}

#[cfg(chatwoot_operation = "application::update_profile")]
#[tokio::test]
async fn update_profile_decodes_the_user() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        PUT,
        "/api/v1/profile",
        include_str!("fixtures/application/update_profile.json"),
    )
    .await;
    let user = application_client(&server)
        .update_profile()
        .body(types::UpdateProfileBody {
            profile: types::UpdateProfileBodyProfile::builder()
                .name(Some("Ana Costa".to_owned()))
                .try_into()
                .expect("profile body builds"),
        })
        .send()
        .await
        .expect("updated profile decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(user.id, Some(1));
    assert_eq!(user.display_name, None);
    assert_eq!(user.message_signature, None);
    assert_eq!(user.available_name.as_deref(), Some("Ana Costa"));
    assert_eq!(user.avatar_url.as_deref(), Some(""));
    assert_eq!(user.type_, None);
    // Rendered only when the server has an HMAC key configured.
    assert_eq!(user.hmac_identifier, None);
    assert_eq!(
        user.custom_attributes.get("phone_extension"),
        Some(&json!("214"))
    );
    assert_eq!(user.accounts.len(), 1);
}
