//! Streams over paged list operations against httpmock: pages fetched lazily,
//! each endpoint's stop rules, errors, and servers that never stop.

use chatwoot::application::{Paginator, types};
use chatwoot_tests::application_client;
use futures_util::{StreamExt, pin_mut};
use httpmock::prelude::*;
use serde_json::{Value, json};

const ACCOUNT: i64 = 7;
const CONVERSATION: i64 = 12;
const CONVERSATIONS_PATH: &str = "/api/v1/accounts/7/conversations";
const CONTACTS_PATH: &str = "/api/v1/accounts/7/contacts";
const SEARCH_PATH: &str = "/api/v1/accounts/7/contacts/search";
const MESSAGES_PATH: &str = "/api/v1/accounts/7/conversations/12/messages";

/// A conversations page holding the ids `ids`, as the server renders it.
fn conversations_page(ids: impl IntoIterator<Item = i64>) -> Value {
    let payload: Vec<Value> = ids
        .into_iter()
        .map(|id| json!({ "id": id, "account_id": ACCOUNT, "status": "open" }))
        .collect();
    json!({
        "data": {
            "meta": { "mine_count": 0, "assigned_count": 0, "unassigned_count": 55, "all_count": 55 },
            "payload": payload
        }
    })
}

fn contacts_page(ids: impl IntoIterator<Item = i64>) -> Value {
    let payload: Vec<Value> = ids
        .into_iter()
        .map(|id| json!({ "id": id, "name": format!("Contact {id}") }))
        .collect();
    json!({ "meta": { "count": 33 }, "payload": payload })
}

/// A messages page, oldest first, as the server sends it.
fn messages_page(ids: impl IntoIterator<Item = i64>) -> Value {
    let payload: Vec<Value> = ids
        .into_iter()
        .map(|id| json!({ "id": id, "content": format!("message {id}"), "conversation_id": CONVERSATION }))
        .collect();
    json!({ "meta": {}, "payload": payload })
}

/// Mocks `GET path?page=N` answering `body`.
async fn page_mock<'a>(
    server: &'a MockServer,
    path: &str,
    page: i64,
    body: Value,
) -> httpmock::Mock<'a> {
    let path = path.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path(path)
                .query_param("page", page.to_string());
            then.status(200).json_body(body);
        })
        .await
}

fn ids<T>(
    items: &[Result<T, chatwoot::runtime::Error>],
    id: impl Fn(&T) -> Option<i64>,
) -> Vec<i64> {
    items
        .iter()
        .map(|item| id(item.as_ref().expect("an item, not an error")).expect("an id"))
        .collect()
}

#[cfg(chatwoot_operation = "application::list_conversations")]
#[tokio::test]
async fn conversations_stream_walks_pages_until_a_short_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let mut pages = Vec::new();
    for (page, ids) in [(1, 1..=25), (2, 26..=50), (3, 51..=55)] {
        let path = CONVERSATIONS_PATH;
        let body = conversations_page(ids);
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path(path)
                        .query_param("page", page.to_string())
                        .query_param("status", "resolved")
                        .query_param("inbox_id", "3");
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let fourth = page_mock(&server, CONVERSATIONS_PATH, 4, conversations_page([])).await;

    let stream = client.conversations_stream(ACCOUNT, |list| {
        list.status(types::ConversationStatusFilter::Resolved)
            .inbox_id(3)
    });
    let items: Vec<_> = stream.collect().await;

    assert_eq!(ids(&items, |c| c.id), (1..=55).collect::<Vec<_>>());
    for page in &pages {
        assert_eq!(page.calls_async().await, 1);
    }
    assert_eq!(fourth.calls_async().await, 0, "a short page is the last");
}

#[tokio::test]
async fn conversations_stream_stops_at_an_empty_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let first = page_mock(&server, CONVERSATIONS_PATH, 1, conversations_page(1..=25)).await;
    let second = page_mock(&server, CONVERSATIONS_PATH, 2, conversations_page(26..=50)).await;
    let third = page_mock(&server, CONVERSATIONS_PATH, 3, conversations_page([])).await;
    let fourth = page_mock(&server, CONVERSATIONS_PATH, 4, conversations_page(51..=75)).await;

    let items: Vec<_> = client
        .conversations_stream(ACCOUNT, |list| list)
        .collect()
        .await;

    assert_eq!(ids(&items, |c| c.id), (1..=50).collect::<Vec<_>>());
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(third.calls_async().await, 1);
    assert_eq!(fourth.calls_async().await, 0);
}

#[cfg(chatwoot_operation = "application::list_contacts")]
#[tokio::test]
async fn contacts_stream_walks_pages_of_fifteen() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let mut pages = Vec::new();
    for (page, ids) in [(1, 1..=15), (2, 16..=30), (3, 31..=33)] {
        let body = contacts_page(ids);
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path(CONTACTS_PATH)
                        .query_param("page", page.to_string())
                        .query_param("sort", "name");
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let fourth = page_mock(&server, CONTACTS_PATH, 4, contacts_page([])).await;

    let items: Vec<_> = client
        .contacts_stream(ACCOUNT, |list| list.sort(types::ListContactsSort::Name))
        .collect()
        .await;

    assert_eq!(ids(&items, |c| c.id), (1..=33).collect::<Vec<_>>());
    for page in &pages {
        assert_eq!(page.calls_async().await, 1);
    }
    assert_eq!(fourth.calls_async().await, 0);
}

#[tokio::test]
async fn contact_search_stream_sends_the_query_on_every_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let mut pages = Vec::new();
    for (page, ids) in [(1, (1..=15).collect::<Vec<_>>()), (2, Vec::new())] {
        // Page two is empty: the search found 15.
        let body = contacts_page(ids);
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path(SEARCH_PATH)
                        .query_param("page", page.to_string())
                        .query_param("q", "maria");
                    then.status(200).json_body(body);
                })
                .await,
        );
    }

    let items: Vec<_> = client
        .contact_search_stream(ACCOUNT, "maria", |search| search)
        .collect()
        .await;

    assert_eq!(ids(&items, |c| c.id), (1..=15).collect::<Vec<_>>());
    assert_eq!(pages[0].calls_async().await, 1);
    assert_eq!(
        pages[1].calls_async().await,
        1,
        "a full page asks for the next"
    );
}

#[tokio::test]
async fn messages_stream_walks_back_with_the_before_cursor() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let latest = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(MESSAGES_PATH)
                .query_param_missing("before");
            then.status(200).json_body(messages_page(41..=60));
        })
        .await;
    let mut earlier = Vec::new();
    for (before, ids) in [(41, 21..=40), (21, 11..=20)] {
        earlier.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path(MESSAGES_PATH)
                        .query_param("before", before.to_string());
                    then.status(200).json_body(messages_page(ids));
                })
                .await,
        );
    }
    let past_the_start = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(MESSAGES_PATH)
                .query_param("before", "11");
            then.status(200).json_body(messages_page([]));
        })
        .await;

    let items: Vec<_> = client
        .messages_stream(ACCOUNT, CONVERSATION)
        .collect()
        .await;

    assert_eq!(
        ids(&items, |m| m.id),
        (11..=60).rev().collect::<Vec<_>>(),
        "newest first"
    );
    assert_eq!(latest.calls_async().await, 1);
    for page in &earlier {
        assert_eq!(page.calls_async().await, 1);
    }
    assert_eq!(
        past_the_start.calls_async().await,
        0,
        "a short page is the first"
    );
}

#[tokio::test]
async fn a_server_repeating_a_page_ends_the_stream() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    // Whatever the page asked for, the same full page.
    let conversations = server
        .mock_async(|when, then| {
            when.method(GET).path(CONVERSATIONS_PATH);
            then.status(200).json_body(conversations_page(1..=25));
        })
        .await;
    let messages = server
        .mock_async(|when, then| {
            when.method(GET).path(MESSAGES_PATH);
            then.status(200).json_body(messages_page(1..=20));
        })
        .await;

    let items: Vec<_> = client
        .conversations_stream(ACCOUNT, |list| list)
        .collect()
        .await;
    assert_eq!(ids(&items, |c| c.id), (1..=25).collect::<Vec<_>>());
    assert_eq!(conversations.calls_async().await, 2);

    let items: Vec<_> = client
        .messages_stream(ACCOUNT, CONVERSATION)
        .collect()
        .await;
    assert_eq!(ids(&items, |m| m.id), (1..=20).rev().collect::<Vec<_>>());
    assert_eq!(messages.calls_async().await, 2, "the cursor did not move");
}

#[cfg(chatwoot_operation = "application::list_contacts")]
#[tokio::test]
async fn max_pages_caps_a_server_that_never_ends() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let mut pages = Vec::new();
    for page in 1..=4 {
        let first = (page - 1) * 15 + 1;
        pages.push(
            page_mock(
                &server,
                CONTACTS_PATH,
                page,
                contacts_page(first..first + 15),
            )
            .await,
        );
    }

    let items: Vec<_> = Paginator::new(client.list_contacts().account_id(ACCOUNT))
        .max_pages(3)
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 45);
    let mut calls = Vec::new();
    for page in &pages {
        calls.push(page.calls_async().await);
    }
    assert_eq!(calls, [1, 1, 1, 0]);
}

#[tokio::test]
async fn an_error_on_page_two_follows_page_one_and_ends_the_stream() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let first = page_mock(&server, CONVERSATIONS_PATH, 1, conversations_page(1..=25)).await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(CONVERSATIONS_PATH)
                .query_param("page", "2");
            then.status(422)
                .json_body(json!({ "error": "page out of order" }));
        })
        .await;
    let third = page_mock(&server, CONVERSATIONS_PATH, 3, conversations_page(51..=75)).await;

    let stream = client.conversations_stream(ACCOUNT, |list| list);
    pin_mut!(stream);
    for id in 1..=25 {
        let item = stream
            .next()
            .await
            .expect("an item")
            .expect("page one is fine");
        assert_eq!(item.id, Some(id));
    }
    let error = stream
        .next()
        .await
        .expect("the error")
        .expect_err("page two fails");
    chatwoot_tests::assert_status(&error, 422, "page out of order");
    assert!(
        stream.next().await.is_none(),
        "the stream ends after an error"
    );
    assert!(stream.next().await.is_none());

    assert_eq!(first.calls_async().await, 1);
    assert_eq!(
        second.calls_async().await,
        1,
        "an error is not retried by the stream"
    );
    assert_eq!(third.calls_async().await, 0);
}

#[tokio::test]
async fn taking_three_items_fetches_only_the_first_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let first = page_mock(&server, CONVERSATIONS_PATH, 1, conversations_page(1..=25)).await;
    let second = page_mock(&server, CONVERSATIONS_PATH, 2, conversations_page(26..=50)).await;
    let latest = server
        .mock_async(|when, then| {
            when.method(GET).path(MESSAGES_PATH);
            then.status(200).json_body(messages_page(41..=60));
        })
        .await;

    let items: Vec<_> = client
        .conversations_stream(ACCOUNT, |list| list)
        .take(3)
        .collect()
        .await;
    assert_eq!(ids(&items, |c| c.id), [1, 2, 3]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(
        second.calls_async().await,
        0,
        "no page is fetched before it is read"
    );

    let items: Vec<_> = client
        .messages_stream(ACCOUNT, CONVERSATION)
        .take(3)
        .collect()
        .await;
    assert_eq!(ids(&items, |m| m.id), [60, 59, 58]);
    assert_eq!(latest.calls_async().await, 1);
}

/// Mocks `POST path?page=N` with exactly `body`, answering `answer`.
async fn filter_page_mock<'a>(
    server: &'a MockServer,
    path: &str,
    page: i64,
    body: &Value,
    answer: Value,
) -> httpmock::Mock<'a> {
    let (path, body) = (path.to_owned(), body.clone());
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path(path)
                .query_param("page", page.to_string())
                .json_body(body);
            then.status(200).json_body(answer);
        })
        .await
}

#[cfg(chatwoot_operation = "application::filter_conversations")]
#[tokio::test]
async fn conversation_filter_stream_sends_the_filter_with_every_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let filter = json!({ "payload": [{
        "attribute_key": "status", "filter_operator": "equal_to",
        "values": ["open"]
    }]});
    let page = |ids: std::ops::RangeInclusive<i64>| {
        let payload: Vec<Value> = ids
            .map(|id| json!({ "id": id, "account_id": ACCOUNT, "status": "open" }))
            .collect();
        json!({ "meta": { "mine_count": 0, "unassigned_count": 27, "all_count": 27 }, "payload": payload })
    };
    let path = "/api/v1/accounts/7/conversations/filter";
    let first = filter_page_mock(&server, path, 1, &filter, page(1..=25)).await;
    let second = filter_page_mock(&server, path, 2, &filter, page(26..=27)).await;
    let body: types::FilterConversationsBody =
        serde_json::from_value(filter.clone()).expect("a filter body");
    let stream =
        Paginator::new(client.filter_conversations().account_id(ACCOUNT).body(body)).stream();
    let items: Vec<_> = stream.collect().await;
    assert_eq!(
        ids(&items, |c: &types::Conversation| c.id),
        (1..=27).collect::<Vec<_>>()
    );
    first.assert_async().await;
    second.assert_async().await;
}

#[cfg(chatwoot_operation = "application::filter_contacts")]
#[tokio::test]
async fn contact_filter_stream_ends_when_the_server_repeats_a_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let filter = json!({ "payload": [{
        "attribute_key": "email", "filter_operator": "contains",
        "values": ["example.com"]
    }]});
    let path = "/api/v1/accounts/7/contacts/filter";
    let first = filter_page_mock(&server, path, 1, &filter, contacts_page(1..=15)).await;
    // A server that ignores `page` answers the first page again.
    let again = filter_page_mock(&server, path, 2, &filter, contacts_page(1..=15)).await;
    let body: types::FilterContactsBody =
        serde_json::from_value(filter.clone()).expect("a filter body");
    let stream = Paginator::new(client.filter_contacts().account_id(ACCOUNT).body(body)).stream();
    let items: Vec<_> = stream.collect().await;
    assert_eq!(
        ids(&items, |c: &types::Contact| c.id),
        (1..=15).collect::<Vec<_>>()
    );
    first.assert_async().await;
    again.assert_async().await;
}

#[cfg(all(
    chatwoot_operation = "application::list_audit_logs",
    chatwoot_operation = "application::list_reporting_events"
))]
#[tokio::test]
async fn reporting_events_and_audit_logs_stream_until_a_short_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let events = |ids: std::ops::RangeInclusive<i64>| {
        let payload: Vec<Value> = ids
            .map(|id| json!({ "id": id, "name": "first_response", "value": 42.0, "account_id": ACCOUNT }))
            .collect();
        json!({ "payload": payload, "meta": { "count": 30, "current_page": 1, "total_pages": 2 } })
    };
    let path = "/api/v1/accounts/7/reporting_events";
    let e1 = page_mock(&server, path, 1, events(1..=25)).await;
    let e2 = page_mock(&server, path, 2, events(26..=30)).await;
    let request = client
        .list_reporting_events()
        .account_id(ACCOUNT)
        .name("first_response");
    let items: Vec<_> = Paginator::new(request).stream().collect().await;
    assert_eq!(
        ids(&items, |e: &types::ReportingEvent| e.id),
        (1..=30).collect::<Vec<_>>()
    );
    e1.assert_async().await;
    e2.assert_async().await;

    let logs = |ids: std::ops::RangeInclusive<i64>| {
        let entries: Vec<Value> = ids
            .map(|id| json!({ "id": id, "action": "update", "auditable_type": "Inbox" }))
            .collect();
        json!({ "audit_logs": entries, "current_page": 1, "per_page": 15, "total_entries": 16 })
    };
    let path = "/api/v1/accounts/7/audit_logs";
    let l1 = page_mock(&server, path, 1, logs(1..=15)).await;
    let l2 = page_mock(&server, path, 2, logs(16..=16)).await;
    let request = client.list_audit_logs().account_id(ACCOUNT);
    let items: Vec<_> = Paginator::new(request).stream().collect().await;
    assert_eq!(
        ids(&items, |l: &types::AuditLog| l.id),
        (1..=16).collect::<Vec<_>>()
    );
    l1.assert_async().await;
    l2.assert_async().await;
}

#[cfg(all(
    chatwoot_operation = "application::list_articles",
    chatwoot_operation = "application::search_conversations"
))]
#[tokio::test]
async fn conversation_search_and_articles_stream_until_a_short_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let found = |ids: std::ops::RangeInclusive<i64>| {
        let payload: Vec<Value> = ids
            .map(|id| json!({ "id": id, "account_id": ACCOUNT, "status": "open" }))
            .collect();
        json!({ "meta": { "mine_count": 0, "unassigned_count": 0, "all_count": 26 }, "payload": payload })
    };
    let path = "/api/v1/accounts/7/conversations/search";
    let s1 = page_mock(&server, path, 1, found(1..=25)).await;
    let s2 = page_mock(&server, path, 2, found(26..=26)).await;
    let request = client
        .search_conversations()
        .account_id(ACCOUNT)
        .q("refund");
    let items: Vec<_> = Paginator::new(request).stream().collect().await;
    assert_eq!(
        ids(&items, |c: &types::AddedConversationSearchItem| c.id),
        (1..=26).collect::<Vec<_>>()
    );
    s1.assert_async().await;
    s2.assert_async().await;

    let articles = |ids: std::ops::RangeInclusive<i64>| {
        let payload: Vec<Value> = ids
            .map(|id| json!({ "id": id, "title": format!("Article {id}"), "status": "published" }))
            .collect();
        json!({ "meta": { "all_articles_count": 27, "current_page": "1" }, "payload": payload })
    };
    let path = "/api/v1/accounts/7/portals/handbook/articles";
    let a1 = page_mock(&server, path, 1, articles(1..=25)).await;
    let a2 = page_mock(&server, path, 2, articles(26..=27)).await;
    let request = client.list_articles().account_id(ACCOUNT).id("handbook");
    let items: Vec<_> = Paginator::new(request).stream().collect().await;
    assert_eq!(
        ids(&items, |a: &types::AddedArticle| a.id),
        (1..=27).collect::<Vec<_>>()
    );
    a1.assert_async().await;
    a2.assert_async().await;
}
