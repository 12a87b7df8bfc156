//! A contact's session with an API inbox: the identifiers that authenticate
//! the Client API, kept once so no call repeats them, and persistable between
//! runs.

use std::fmt;

use chatwoot_runtime::{encode_path, Error, ResponseValue};
use hmac::{Hmac, Mac};
use progenitor_client::{ByteStream, ClientHooks, OperationInfo};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::{types, Client};

/// Whether an inbox with identity validation rejected the contact's
/// `identifier_hash` (or found none), as the server's message says (`HMAC
/// failed`, with HTTP 401 or 500 depending on the version). A production
/// server may answer a bare 500 instead, which this cannot tell apart.
///
/// ```
/// # fn check(error: chatwoot_client::Error) {
/// if chatwoot_client::is_identifier_hash_rejected(&error) {
///     eprintln!("compute identifier_hash with the inbox's HMAC token");
/// }
/// # }
/// ```
pub fn is_identifier_hash_rejected(error: &Error) -> bool {
    matches!(error, Error::Status { body, .. }
        if body.message().is_some_and(|m| m.to_lowercase().contains("hmac failed")))
}

/// The `identifier_hash` an inbox with identity validation expects with a
/// contact's `identifier`: the HMAC-SHA256 of the identifier, keyed with the
/// inbox's HMAC token, in lower-case hex.
///
/// Compute it where the HMAC token is kept secret (your server), never in a
/// browser or app you ship. The token is not kept or logged.
///
/// ```
/// let hash = chatwoot_client::identifier_hash("inbox-hmac-token", "customer-4711");
/// assert_eq!(hash.len(), 64);
/// ```
pub fn identifier_hash(hmac_token: impl AsRef<[u8]>, identifier: impl AsRef<[u8]>) -> String {
    // HMAC takes keys of any length (longer ones are hashed first), so this
    // never fails; the empty answer only keeps the code free of panics.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(hmac_token.as_ref()) else {
        return String::new();
    };
    mac.update(identifier.as_ref());
    hex::encode(mac.finalize().into_bytes())
}

/// What identifies a contact's session: the part of a [`ContactSession`] an
/// app persists (it is what `ContactSession` serializes to), and resumes from
/// with [`ContactSession::resume`].
///
/// `Debug` shows the identifiers but not `pubsub_token` nor
/// `identifier_hash`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContactSessionState {
    /// The API inbox's identifier (its settings, "Configuration").
    pub inbox_identifier: String,
    /// The contact's identifier in this inbox: the `source_id` the server
    /// returned when the contact was created.
    pub contact_identifier: String,
    /// The token for Chatwoot's websocket (ActionCable) as this contact, when
    /// known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pubsub_token: Option<String>,
    /// The contact's own identifier (your user id), for identity validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The HMAC of `identifier` (see [`identifier_hash`]), for identity
    /// validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_hash: Option<String>,
}

impl ContactSessionState {
    /// The session of the contact `contact_identifier` (a cached `source_id`)
    /// in the inbox `inbox_identifier`.
    pub fn new(inbox_identifier: impl Into<String>, contact_identifier: impl Into<String>) -> Self {
        ContactSessionState {
            inbox_identifier: inbox_identifier.into(),
            contact_identifier: contact_identifier.into(),
            pubsub_token: None,
            identifier: None,
            identifier_hash: None,
        }
    }

    /// With the contact's websocket token.
    pub fn with_pubsub_token(mut self, pubsub_token: impl Into<String>) -> Self {
        self.pubsub_token = Some(pubsub_token.into());
        self
    }

    /// With the contact's identifier and its hash, for an inbox with identity
    /// validation: they are then sent where the server checks them.
    pub fn with_identity(
        mut self,
        identifier: impl Into<String>,
        identifier_hash: impl Into<String>,
    ) -> Self {
        self.identifier = Some(identifier.into());
        self.identifier_hash = Some(identifier_hash.into());
        self
    }
}

impl fmt::Debug for ContactSessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chatwoot_runtime::secret::{field, Redacted};
        f.debug_struct("ContactSessionState")
            .field("inbox_identifier", &self.inbox_identifier)
            // The contact identifier acts as the contact: a credential here,
            // though elsewhere (a contact inbox's `source_id`) it is data.
            .field("contact_identifier", &Redacted(&self.contact_identifier))
            .field("pubsub_token", &field("pubsub_token", &self.pubsub_token))
            .field("identifier", &self.identifier)
            .field(
                "identifier_hash",
                &field("identifier_hash", &self.identifier_hash),
            )
            .finish()
    }
}

/// A contact's session with an API inbox: a [`Client`] plus the identifiers
/// the Client API authenticates with, so the contact's operations take only
/// what they are about.
///
/// Start one with [`ContactSession::create`] (a new contact), or
/// [`ContactSession::resume`] (a contact created earlier, from its cached
/// identifier or a saved session). It serializes to its
/// [`ContactSessionState`] (identifiers only, never the client), which
/// deserializes back and resumes:
///
/// ```no_run
/// use chatwoot_client::{types, Client, ContactSession, ContactSessionState};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::with_base_url("https://app.chatwoot.com")?;
/// let session = ContactSession::create(
///     &client,
///     "inbox-identifier",
///     types::PublicContactCreateUpdatePayload::builder().name("Ada".to_owned()),
/// )
/// .await?;
/// let conversation = session
///     .create_conversation(types::PublicConversationCreatePayload::builder())
///     .await?
///     .into_inner();
/// let conversation_id = conversation.id.unwrap_or_default();
/// session
///     .create_message(
///         conversation_id,
///         types::PublicMessageCreatePayload::builder().content("Hello".to_owned()),
///     )
///     .await?;
///
/// // Persist it, and carry on in a later run.
/// let saved = serde_json::to_string(&session)?;
/// let state: ContactSessionState = serde_json::from_str(&saved)?;
/// let session = ContactSession::resume(&client, state);
/// let messages = session.list_messages(conversation_id).await?.into_inner();
/// # let _ = messages; Ok(()) }
/// ```
///
/// # Identity validation
///
/// An inbox with identity validation ("Enforce user identity validation")
/// requires every contact to come with its `identifier` and
/// `identifier_hash` (see [`identifier_hash`]). Pass both in the payload of
/// [`ContactSession::create`], or with [`ContactSessionState::with_identity`]
/// on resume: the session then sends them wherever the server checks them
/// (contact creation, [`ContactSession::contact`],
/// [`ContactSession::update_contact`]). A wrong or missing hash fails with
/// an [`Error::Status`] whose message says `HMAC failed` (401 or 500,
/// depending on the version; see [`is_identifier_hash_rejected`]), or
/// with a bare 500 when a production server hides the message.
#[derive(Clone)]
pub struct ContactSession {
    client: Client,
    state: ContactSessionState,
}

impl fmt::Debug for ContactSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContactSession")
            .field("base_url", &self.client.baseurl)
            .field("state", &self.state)
            .finish()
    }
}

impl Serialize for ContactSession {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.state.serialize(serializer)
    }
}

/// A value that does not convert into a request body, as the generated
/// builders report it.
fn invalid_body(what: &str, error: impl fmt::Display) -> Error {
    Error::InvalidRequest(format!("conversion to `{what}` for body failed: {error}"))
}

impl ContactSession {
    /// Creates a contact in the inbox `inbox_identifier` and starts its
    /// session, keeping the `source_id` the server returns as the contact
    /// identifier, and its `pubsub_token`. An `identifier` and
    /// `identifier_hash` in `contact` are kept for identity validation.
    pub async fn create<B>(
        client: &Client,
        inbox_identifier: impl Into<String>,
        contact: B,
    ) -> Result<ContactSession, Error>
    where
        B: TryInto<types::PublicContactCreateUpdatePayload>,
        B::Error: fmt::Display,
    {
        let inbox_identifier = inbox_identifier.into();
        let payload = contact
            .try_into()
            .map_err(|e| invalid_body("PublicContactCreateUpdatePayload", e))?;
        let (identifier, identifier_hash) =
            (payload.identifier.clone(), payload.identifier_hash.clone());
        let response = client
            .create_contact()
            .inbox_identifier(inbox_identifier.as_str())
            .body(payload)
            .send()
            .await?;
        let status = response.status();
        let created = response.into_inner();
        let contact_identifier = created
            .source_id
            .clone()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| Error::Decode {
                status: Some(status),
                path: "source_id".into(),
                message: "the created contact has no `source_id`, its identifier in the inbox"
                    .into(),
                excerpt: String::new(),
            })?;
        Ok(ContactSession {
            client: client.clone(),
            state: ContactSessionState {
                inbox_identifier,
                contact_identifier,
                pubsub_token: created.pubsub_token,
                identifier,
                identifier_hash,
            },
        })
    }

    /// Resumes a session from its state: a saved session (deserialized), or
    /// a cached contact identifier (`ContactSessionState::new(inbox, id)`).
    /// Sends nothing.
    pub fn resume(client: &Client, state: ContactSessionState) -> ContactSession {
        ContactSession {
            client: client.clone(),
            state,
        }
    }

    /// The session's identifiers, as it serializes them.
    pub fn state(&self) -> &ContactSessionState {
        &self.state
    }

    /// The session's identifiers, without the client.
    pub fn into_state(self) -> ContactSessionState {
        self.state
    }

    /// The client the session calls with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The API inbox's identifier.
    pub fn inbox_identifier(&self) -> &str {
        &self.state.inbox_identifier
    }

    /// The contact's identifier in the inbox (its `source_id`).
    pub fn contact_identifier(&self) -> &str {
        &self.state.contact_identifier
    }

    /// The contact's websocket token, when known (from creation, or
    /// [`ContactSession::refresh`]).
    pub fn pubsub_token(&self) -> Option<&str> {
        self.state.pubsub_token.as_deref()
    }

    /// The contact (`GET .../contacts/{contact_identifier}`), with its
    /// identity when the session has one.
    pub async fn contact(&self) -> Result<ResponseValue<types::PublicContact>, Error> {
        match (&self.state.identifier, &self.state.identifier_hash) {
            (Some(identifier), Some(hash)) => {
                chatwoot_runtime::send(Box::pin(self.contact_with_identity(identifier, hash))).await
            }
            _ => {
                self.client
                    .get_contact()
                    .inbox_identifier(self.inbox_identifier())
                    .contact_identifier(self.contact_identifier())
                    .send()
                    .await
            }
        }
    }

    /// `get_contact` with `identifier` and `identifier_hash` in
    /// the query, where an inbox with identity validation looks for them on a
    /// `GET` (the generated builder has no such parameters).
    async fn contact_with_identity(
        &self,
        identifier: &str,
        hash: &str,
    ) -> Result<ResponseValue<types::PublicContact>, progenitor_client::Error<ByteStream>> {
        let client = &self.client;
        let url = format!(
            "{}/public/api/v1/inboxes/{}/contacts/{}",
            client.baseurl,
            encode_path(self.inbox_identifier()),
            encode_path(self.contact_identifier()),
        );
        let request = client
            .client
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .query(&[("identifier", identifier), ("identifier_hash", hash)])
            .build()?;
        let info = OperationInfo {
            operation_id: "get_contact",
        };
        let response = client.exec(request, &info).await?;
        if response.status().is_success() {
            ResponseValue::from_response(response).await
        } else {
            Err(progenitor_client::Error::ErrorResponse(
                ResponseValue::stream(response),
            ))
        }
    }

    /// Fetches the contact and keeps its current `pubsub_token` (for a
    /// session resumed from a bare contact identifier).
    pub async fn refresh(&mut self) -> Result<types::PublicContact, Error> {
        let contact = self.contact().await?.into_inner();
        if contact.pubsub_token.is_some() {
            self.state.pubsub_token.clone_from(&contact.pubsub_token);
        }
        Ok(contact)
    }

    /// Updates the contact's attributes. The session's identity is added
    /// unless `contact` carries an `identifier_hash` of its own.
    pub async fn update_contact<B>(
        &self,
        contact: B,
    ) -> Result<ResponseValue<crate::responses::UpdateContact>, Error>
    where
        B: TryInto<types::PublicContactCreateUpdatePayload>,
        B::Error: fmt::Display,
    {
        let mut payload = contact
            .try_into()
            .map_err(|e| invalid_body("PublicContactCreateUpdatePayload", e))?;
        if let (None, Some(identifier), Some(hash)) = (
            &payload.identifier_hash,
            &self.state.identifier,
            &self.state.identifier_hash,
        ) {
            payload.identifier = Some(identifier.clone());
            payload.identifier_hash = Some(hash.clone());
        }
        self.client
            .update_contact()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .body(payload)
            .send()
            .await
    }

    /// The contact's conversations in the inbox.
    pub async fn list_conversations(
        &self,
    ) -> Result<ResponseValue<Vec<types::PublicConversation>>, Error> {
        self.client
            .list_conversations()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .send()
            .await
    }

    /// Opens a conversation for the contact.
    pub async fn create_conversation<B>(
        &self,
        conversation: B,
    ) -> Result<ResponseValue<types::PublicConversation>, Error>
    where
        B: TryInto<types::PublicConversationCreatePayload>,
        B::Error: fmt::Display,
    {
        self.client
            .create_conversation()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .body(conversation)
            .send()
            .await
    }

    /// One of the contact's conversations, by its `id` (the display id).
    pub async fn conversation(
        &self,
        conversation_id: i64,
    ) -> Result<ResponseValue<types::PublicConversation>, Error> {
        self.client
            .get_conversation()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .send()
            .await
    }

    /// Resolves one of the contact's conversations.
    pub async fn toggle_conversation_status(
        &self,
        conversation_id: i64,
    ) -> Result<ResponseValue<types::PublicConversation>, Error> {
        self.client
            .toggle_conversation_status()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .send()
            .await
    }

    /// Shows or hides the contact's typing indicator in a conversation.
    pub async fn toggle_typing(
        &self,
        conversation_id: i64,
        typing_status: types::TypingStatus,
    ) -> Result<ResponseValue<()>, Error> {
        self.client
            .toggle_conversation_typing()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .typing_status(typing_status.to_string())
            .body(types::ToggleConversationTypingBody {
                typing_status: Some(typing_status),
            })
            .send()
            .await
    }

    /// Marks a conversation as seen by the contact now.
    pub async fn update_conversation_last_seen(
        &self,
        conversation_id: i64,
    ) -> Result<ResponseValue<()>, Error> {
        self.client
            .update_conversation_last_seen()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .send()
            .await
    }

    /// The messages of one of the contact's conversations.
    pub async fn list_messages(
        &self,
        conversation_id: i64,
    ) -> Result<ResponseValue<Vec<types::PublicMessage>>, Error> {
        self.client
            .list_messages()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .send()
            .await
    }

    /// Posts a message as the contact.
    pub async fn create_message<B>(
        &self,
        conversation_id: i64,
        message: B,
    ) -> Result<ResponseValue<types::PublicMessage>, Error>
    where
        B: TryInto<types::PublicMessageCreatePayload>,
        B::Error: fmt::Display,
    {
        self.client
            .create_message()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .body(message)
            .send()
            .await
    }

    /// Updates a message of the contact's conversation (a form's or a CSAT
    /// survey's submitted values).
    pub async fn update_message<B>(
        &self,
        conversation_id: i64,
        message_id: i64,
        update: B,
    ) -> Result<ResponseValue<types::PublicMessage>, Error>
    where
        B: TryInto<types::PublicMessageUpdatePayload>,
        B::Error: fmt::Display,
    {
        self.client
            .update_message()
            .inbox_identifier(self.inbox_identifier())
            .contact_identifier(self.contact_identifier())
            .conversation_id(conversation_id)
            .message_id(message_id)
            .body(update)
            .send()
            .await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hmac_failures_are_recognised_in_any_status() {
        use reqwest::header::HeaderMap;
        use reqwest::StatusCode;
        for status in [StatusCode::UNAUTHORIZED, StatusCode::INTERNAL_SERVER_ERROR] {
            let error = super::Error::from_status(
                status,
                HeaderMap::new(),
                br#"{"error":"HMAC failed: Invalid Identifier Hash Provided"}"#,
            );
            assert!(super::is_identifier_hash_rejected(&error), "{error}");
        }
        let bare = super::Error::from_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            HeaderMap::new(),
            br#"{"status":500,"error":"Internal Server Error"}"#,
        );
        assert!(!super::is_identifier_hash_rejected(&bare));
    }

    use super::*;

    #[test]
    fn identifier_hash_matches_an_independent_hmac() {
        // `printf '%s' customer-4711 | openssl dgst -sha256 -hmac uL9xF2kQw7BvNd3sHt6Rz1Pa`
        assert_eq!(
            identifier_hash("uL9xF2kQw7BvNd3sHt6Rz1Pa", "customer-4711"),
            "ffe2410a9d6876696129f93e4faa94a3827dbe4721b86c2cd0ebf134ea1375b5"
        );
    }

    #[test]
    fn state_debug_hides_the_tokens() {
        let state = ContactSessionState::new("inbox-1", "contact-1")
            .with_pubsub_token("pubsub-secret")
            .with_identity("customer-4711", "hash-secret");
        let debug = format!("{state:?}");
        assert!(debug.contains("inbox-1"), "{debug}");
        // The contact identifier acts as the contact.
        assert!(!debug.contains("contact-1"), "{debug}");
        assert!(!debug.contains("pubsub-secret"), "{debug}");
        assert!(!debug.contains("hash-secret"), "{debug}");
    }
}
