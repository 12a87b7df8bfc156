//! A webhook receiver's core, with `chatwoot-webhooks` alone: checks a
//! delivery's signature and reads the event. Whatever serves HTTP hands it
//! the headers and the body; `cargo test` signs a delivery as the server does.

use chatwoot_webhooks::{Event, Headers, Verifier, VerifyError};

/// A new message's text, from a verified delivery; why it was refused
/// otherwise.
fn receive(
    verifier: &Verifier,
    headers: &(impl Headers + ?Sized),
    body: &[u8],
) -> Result<Option<String>, VerifyError> {
    Ok(match verifier.verify(headers, body)?.event {
        Event::MessageCreated(message) => message.content,
        _ => None,
    })
}

fn main() {
    let Ok(secret) = std::env::var("CHATWOOT_WEBHOOK_SECRET") else {
        println!("set CHATWOOT_WEBHOOK_SECRET to check deliveries");
        return;
    };
    match Verifier::new(secret) {
        Ok(verifier) => println!("ready: {verifier:?}"),
        Err(error) => println!("{error}"),
    }
}

#[cfg(test)]
mod tests {
    use chatwoot_webhooks::{SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier, VerifyError, sign};

    const SECRET: &str = "whsec-consumer";
    const BODY: &[u8] =
        br#"{"event":"message_created","id":7,"content":"Hello","message_type":"incoming"}"#;

    fn delivery(key: &[u8]) -> [(&'static str, String); 2] {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        [
            (SIGNATURE_HEADER, sign(key, now, BODY)),
            (TIMESTAMP_HEADER, now.to_string()),
        ]
    }

    #[test]
    fn a_signed_delivery_is_read_and_a_forged_one_refused() {
        let verifier = Verifier::new(SECRET).unwrap();
        let content = super::receive(&verifier, &delivery(SECRET.as_bytes()), BODY).unwrap();
        assert_eq!(content.as_deref(), Some("Hello"));
        assert!(matches!(
            super::receive(&verifier, &delivery(b"guess"), BODY),
            Err(VerifyError::SignatureMismatch)
        ));
        assert!(!format!("{verifier:?}").contains(SECRET));
    }
}
