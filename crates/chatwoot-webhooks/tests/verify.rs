//! Signature verification, against signatures computed independently of
//! the crate: a fixed vector (from OpenSSL) and the hmac crate directly.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chatwoot_webhooks::{Event, Verifier, VerifyError};
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue, StatusCode};
use sha2::Sha256;

const SECRET: &str = "whsec_test_9f8e7d6c5b4a";
const TIMESTAMP: i64 = 1_776_330_605;
const BODY: &[u8] = br#"{"event":"contact_created","id":42,"name":"Ada Lovelace"}"#;
/// `echo -n "1776330605.$BODY" | openssl dgst -sha256 -hmac "$SECRET"`
const KNOWN_SIGNATURE: &str =
    "sha256=d9ac8e417bb085d805e6be57016bd5a70b2437423f63cf1e42c7ff7cb88a77cc";
const DELIVERY: &str = "0b6f3c8e-58a1-4d8e-9a53-3f7f2d0c6a10";

fn at(unix: i64) -> impl Fn() -> SystemTime + Send + Sync + 'static {
    move || UNIX_EPOCH + Duration::from_secs(unix.unsigned_abs())
}

fn verifier() -> Verifier {
    Verifier::new(SECRET)
        .expect("a secret")
        .with_clock(at(TIMESTAMP + 30))
}

fn headers(signature: &str, timestamp: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert(
        "X-Chatwoot-Signature",
        HeaderValue::from_str(signature).unwrap(),
    );
    map.insert(
        "X-Chatwoot-Timestamp",
        HeaderValue::from_str(timestamp).unwrap(),
    );
    map.insert("X-Chatwoot-Delivery", HeaderValue::from_static(DELIVERY));
    map.insert("Content-Type", HeaderValue::from_static("application/json"));
    map
}

fn independent_signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[test]
fn known_vector_verifies_and_decodes() {
    let webhook = verifier()
        .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
        .unwrap();
    assert_eq!(webhook.timestamp, TIMESTAMP);
    assert_eq!(webhook.delivery_id.as_deref(), Some(DELIVERY));
    let Event::ContactCreated(contact) = webhook.event else {
        panic!("expected contact_created, got {:?}", webhook.event);
    };
    assert_eq!(contact.id, Some(42));
    assert_eq!(contact.name.as_deref(), Some("Ada Lovelace"));
}

#[test]
fn independently_computed_signature_verifies() {
    let body = std::fs::read("tests/fixtures/message_created.json").unwrap();
    let timestamp = "1776330700";
    let signature = independent_signature("another secret", timestamp, &body);
    let webhook = Verifier::new("another secret")
        .expect("a secret")
        .with_clock(at(1_776_330_700))
        .verify(&headers(&signature, timestamp), &body)
        .unwrap();
    assert_eq!(webhook.event.name(), "message_created");
}

#[test]
fn crate_signer_agrees_with_the_independent_one() {
    assert_eq!(
        chatwoot_webhooks::sign(SECRET.as_bytes(), TIMESTAMP, BODY),
        KNOWN_SIGNATURE
    );
    assert_eq!(verifier().sign(TIMESTAMP, BODY), KNOWN_SIGNATURE);
}

#[test]
fn a_changed_byte_is_a_mismatch() {
    let mut body = BODY.to_vec();
    let i = body.iter().position(|&b| b == b'4').unwrap();
    body[i] = b'5';
    let err = verifier()
        .verify(&headers(KNOWN_SIGNATURE, "1776330605"), &body)
        .unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch), "{err:?}");
    assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn a_changed_signature_digit_is_a_mismatch() {
    let mut signature = KNOWN_SIGNATURE.to_owned();
    signature.pop();
    signature.push('d');
    let err = verifier()
        .verify(&headers(&signature, "1776330605"), BODY)
        .unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch), "{err:?}");
}

#[test]
fn a_changed_timestamp_is_a_mismatch() {
    // Same signature, another timestamp: the timestamp is signed too.
    let err = verifier()
        .verify(&headers(KNOWN_SIGNATURE, "1776330606"), BODY)
        .unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch), "{err:?}");
}

#[test]
fn the_wrong_secret_is_a_mismatch() {
    let err = Verifier::new("not the secret")
        .expect("a secret")
        .with_clock(at(TIMESTAMP))
        .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
        .unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch), "{err:?}");
}

#[test]
fn a_stale_timestamp_is_refused_even_when_genuine() {
    let six_minutes_later = Verifier::new(SECRET)
        .expect("a secret")
        .with_clock(at(TIMESTAMP + 6 * 60));
    let err = six_minutes_later
        .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
        .unwrap_err();
    match err {
        VerifyError::TimestampOutOfTolerance {
            timestamp,
            now,
            tolerance,
        } => {
            assert_eq!(timestamp, TIMESTAMP);
            assert_eq!(now, TIMESTAMP + 360);
            assert_eq!(tolerance, Duration::from_secs(300));
        }
        other => panic!("expected a stale timestamp, got {other:?}"),
    }

    // Within the default five minutes it passes; a wider window passes too.
    assert!(
        Verifier::new(SECRET)
            .expect("a secret")
            .with_clock(at(TIMESTAMP + 300))
            .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
            .is_ok()
    );
    assert!(
        six_minutes_later
            .with_tolerance(Duration::from_secs(600))
            .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
            .is_ok()
    );
}

#[test]
fn a_timestamp_from_the_future_is_refused() {
    let err = Verifier::new(SECRET)
        .expect("a secret")
        .with_clock(at(TIMESTAMP - 3600))
        .verify(&headers(KNOWN_SIGNATURE, "1776330605"), BODY)
        .unwrap_err();
    assert!(
        matches!(err, VerifyError::TimestampOutOfTolerance { .. }),
        "{err:?}"
    );
}

#[test]
fn a_missing_header_is_named() {
    let mut no_signature = headers(KNOWN_SIGNATURE, "1776330605");
    no_signature.remove("x-chatwoot-signature");
    let err = verifier().verify(&no_signature, BODY).unwrap_err();
    assert!(
        matches!(err, VerifyError::MissingHeader("x-chatwoot-signature")),
        "{err:?}"
    );

    let mut no_timestamp = headers(KNOWN_SIGNATURE, "1776330605");
    no_timestamp.remove("x-chatwoot-timestamp");
    let err = verifier().verify(&no_timestamp, BODY).unwrap_err();
    assert!(
        matches!(err, VerifyError::MissingHeader("x-chatwoot-timestamp")),
        "{err:?}"
    );
    assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn the_delivery_header_is_optional() {
    let mut map = headers(KNOWN_SIGNATURE, "1776330605");
    map.remove("x-chatwoot-delivery");
    let webhook = verifier().verify(&map, BODY).unwrap();
    assert_eq!(webhook.delivery_id, None);
}

#[test]
fn a_wrong_prefix_is_malformed() {
    let hex = KNOWN_SIGNATURE.trim_start_matches("sha256=");
    for bad in [
        format!("sha1={hex}"),
        hex.to_owned(),
        format!("sha256:{hex}"),
    ] {
        let err = verifier()
            .verify(&headers(&bad, "1776330605"), BODY)
            .unwrap_err();
        assert!(
            matches!(err, VerifyError::MalformedSignature { .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn bad_hex_or_length_is_malformed() {
    for bad in [
        "sha256=abc",
        "sha256=",
        &format!("sha256={}", "zz".repeat(32)),
    ] {
        let err = verifier()
            .verify(&headers(bad, "1776330605"), BODY)
            .unwrap_err();
        assert!(
            matches!(
                err,
                VerifyError::MalformedSignature { .. } | VerifyError::MissingHeader(_)
            ),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn a_timestamp_that_is_not_a_number_is_invalid() {
    let err = verifier()
        .verify(&headers(KNOWN_SIGNATURE, "2026-04-16T09:10:05Z"), BODY)
        .unwrap_err();
    assert!(matches!(err, VerifyError::InvalidTimestamp), "{err:?}");
}

#[test]
fn an_authentic_body_that_is_not_an_object_is_a_bad_request() {
    let body = b"[1,2,3]";
    let signature = independent_signature(SECRET, "1776330605", body);
    let err = verifier()
        .verify(&headers(&signature, "1776330605"), body)
        .unwrap_err();
    assert!(matches!(err, VerifyError::InvalidPayload(_)), "{err:?}");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    // Without decoding, the same delivery is authentic.
    let delivery = verifier()
        .verify_signature(&headers(&signature, "1776330605"), body)
        .unwrap();
    assert_eq!(delivery.timestamp, TIMESTAMP);
}

#[test]
fn plain_header_pairs_work_case_insensitively() {
    let pairs = [
        ("X-CHATWOOT-SIGNATURE", KNOWN_SIGNATURE),
        ("x-chatwoot-timestamp", "1776330605"),
    ];
    assert!(verifier().verify(&pairs, BODY).is_ok());
    let owned: Vec<(String, Vec<u8>)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
    assert!(verifier().verify(&owned, BODY).is_ok());
    assert!(verifier().verify(&owned[..], BODY).is_ok());
}

#[test]
fn the_secret_never_shows_in_debug() {
    let shown = format!("{:?}", Verifier::new(SECRET).expect("a secret"));
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

#[test]
fn the_free_function_uses_the_system_clock() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let signature = independent_signature(SECRET, &now, BODY);
    assert!(chatwoot_webhooks::verify(SECRET, &headers(&signature, &now), BODY).is_ok());
    // The fixed vector is from 2026-04-16: long stale by any real clock after.
    let err = chatwoot_webhooks::verify(SECRET, &headers(KNOWN_SIGNATURE, "1776330605"), BODY);
    if SystemTime::now() > UNIX_EPOCH + Duration::from_secs(1_776_331_000) {
        assert!(matches!(
            err,
            Err(VerifyError::TimestampOutOfTolerance { .. })
        ));
    }
}

/// A verifier with no secret would accept only forgeries: refused.
#[test]
fn an_empty_secret_is_refused_at_construction() {
    for empty in ["", "  ", "\n"] {
        let err = Verifier::new(empty).map(|_| ()).unwrap_err();
        assert!(matches!(err, VerifyError::EmptySecret), "{err}");
        assert!(err.to_string().contains("secret is empty"), "{err}");
    }
    let err = chatwoot_webhooks::verify("", &[("x-chatwoot-signature", "sha256=00")], b"{}")
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err, VerifyError::EmptySecret), "{err}");
}
