//! Every generated type of every family exports its JSON schema, and a sample
//! value made from that schema alone decodes into the type and back: the
//! schemas users export describe what the types really accept.

use schemars::JsonSchema;

use chatwoot_tests::sample;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Exports `T`'s schema, makes a sample from it, decodes it and encodes it back.
fn check<T: JsonSchema + DeserializeOwned + Serialize>(name: &str) -> Result<(), String> {
    let root = serde_json::to_value(schemars::schema_for!(T))
        .map_err(|e| format!("{name}: schema: {e}"))?;
    let value = sample(&root, &root, 0);
    let decoded: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("{name}: sample {value} does not decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("{name}: does not encode: {e}"))?;
    Ok(())
}

/// Defines `all() -> Vec<Result<(), String>>` checking every listed type.
macro_rules! checks {
    ($($ty:path),* $(,)?) => {
        fn all() -> Vec<Result<(), String>> {
            vec![$(check::<$ty>(stringify!($ty))),*]
        }
    };
}

fn assert_all(family: &str, outcomes: Vec<Result<(), String>>) {
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.clone().err()).collect();
    assert!(
        outcomes.len() > 5,
        "{family}: only {} types",
        outcomes.len()
    );
    assert!(
        failures.is_empty(),
        "{family}: {} of {} types fail:\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
    println!(
        "{family}: {} types: schema exported, sample decoded and re-encoded",
        outcomes.len()
    );
}

#[test]
fn application_types_accept_samples_of_their_own_schema() {
    chatwoot::application::for_each_type!(checks);
    assert_all("application", all());
}

#[test]
fn client_types_accept_samples_of_their_own_schema() {
    chatwoot::client::for_each_type!(checks);
    assert_all("client", all());
}

#[test]
fn platform_types_accept_samples_of_their_own_schema() {
    chatwoot::platform::for_each_type!(checks);
    assert_all("platform", all());
}
