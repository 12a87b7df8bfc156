//! The benchmarks measure what they claim: the fixtures decode into the typed
//! models with their values, and both variants get the canned answers.

use chatwoot_application::types::{ConversationList, ConversationStatus};
use chatwoot_benches::{
    bare_client, bare_create_message, bare_list, fixtures, runtime, sdk_client, sdk_create_message,
    sdk_list, start_server,
};

#[test]
fn a_large_list_decodes_into_the_typed_models() {
    let body = fixtures::bytes(&fixtures::list_conversations(500));
    let list: ConversationList = serde_json::from_slice(&body).expect("typed decode");
    let data = list.data.expect("data");
    assert_eq!(data.payload.len(), 500);
    let first = &data.payload[0];
    assert_eq!(first.id, Some(4_200));
    assert_eq!(first.status, Some(ConversationStatus::Open));
    assert_eq!(data.payload[499].id, Some(4_699));
    assert_eq!(data.meta.expect("meta").all_count, Some(517));
}

#[test]
fn sdk_and_bare_reqwest_get_the_same_answers() {
    let server = start_server().expect("server");
    let base = server.base_url();
    let runtime = runtime();
    let (sdk, bare) = (sdk_client(&base), bare_client());
    runtime.block_on(async {
        assert_eq!(sdk_list(&sdk).await.expect("sdk list"), 25);
        assert_eq!(bare_list(&bare, &base).await.expect("bare list"), 25);
        assert_eq!(sdk_create_message(&sdk).await.expect("sdk create"), 91_234);
        assert_eq!(
            bare_create_message(&bare, &base)
                .await
                .expect("bare create"),
            91_234
        );
    });
}

#[test]
fn both_variants_keep_their_connection_alive() {
    let server = start_server().expect("server");
    let base = server.base_url();
    let runtime = runtime();
    let sdk = sdk_client(&base);
    runtime.block_on(async {
        for _ in 0..20 {
            sdk_list(&sdk).await.expect("sdk list");
            sdk_create_message(&sdk).await.expect("sdk create");
        }
    });
    assert_eq!(server.connections(), 1, "the SDK reuses one connection");
    let bare = bare_client();
    runtime.block_on(async {
        for _ in 0..20 {
            bare_list(&bare, &base).await.expect("bare list");
            bare_create_message(&bare, &base)
                .await
                .expect("bare create");
        }
    });
    assert_eq!(
        server.connections(),
        2,
        "bare reqwest reuses one connection"
    );
}
