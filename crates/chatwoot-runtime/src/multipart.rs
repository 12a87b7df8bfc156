//! Uploads: `multipart/form-data` requests, which upstream's spec does not
//! document (it shows JSON bodies only) and progenitor does not generate, but
//! which Chatwoot's server takes for attachments and avatars.
//!
//! An [`Attachment`] is a file name, a content type and a body, held in
//! memory ([`Attachment::bytes`]) or streamed from disk
//! ([`Attachment::file`]). A [`MultipartForm`] holds the parts, and a
//! [`MultipartRequest`] sends it through [`ClientContext::execute`] like any
//! generated call: the token only for the client's own origin, the
//! `chatwoot.request` span, retries, and the same [`Error`] kinds as
//! [`send`](crate::send) and [`send_raw`](crate::send_raw). A request
//! streaming a file is never retried: see [`MultipartRequest`].

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::io::AsyncReadExt;
use tokio_util::io::ReaderStream;

use crate::context::ClientContext;
use crate::error::Error;
use crate::send::{RawResponse, send, send_raw};

/// The content type of a file whose name says nothing better.
pub const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// How much of a file is read at a time while streaming it.
const FILE_CHUNK: usize = 64 * 1024;

/// A file to upload: its name, its content type and its bytes.
///
/// The content type is guessed from the file name's extension (`photo.png`
/// is `image/png`), [`DEFAULT_CONTENT_TYPE`] when the extension is unknown;
/// [`with_content_type`](Self::with_content_type) sets it. Chatwoot decides from it
/// whether an attachment is shown as an image, a video, an audio clip or a
/// file, and accepts avatars only as JPEG, PNG or GIF.
///
/// `Debug` shows the name, type and size, never the bytes.
///
/// ```
/// use chatwoot_runtime::Attachment;
///
/// let receipt = Attachment::bytes("receipt.pdf", b"%PDF-1.7".to_vec());
/// assert_eq!(receipt.content_type(), "application/pdf");
/// assert_eq!(receipt.len(), 8);
/// ```
pub struct Attachment {
    file_name: String,
    content_type: String,
    body: AttachmentBody,
}

enum AttachmentBody {
    Bytes(Bytes),
    /// An open file, streamed when the request is sent; `len` is its size
    /// when opened, the length announced to the server.
    File {
        file: tokio::fs::File,
        len: u64,
    },
}

impl Attachment {
    /// An attachment held in memory, named `file_name` (the name the server
    /// stores and shows).
    ///
    /// ```
    /// use chatwoot_runtime::Attachment;
    ///
    /// let photo = Attachment::bytes("photo.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0]);
    /// assert_eq!(photo.content_type(), "image/jpeg");
    /// ```
    pub fn bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let file_name = file_name.into();
        Attachment {
            content_type: guess_content_type(&file_name),
            file_name,
            body: AttachmentBody::Bytes(bytes.into()),
        }
    }

    /// The file at `path`, opened now and streamed from disk when the
    /// request is sent, never read into memory whole. Named after the path's
    /// last component. A request carrying it is not retried (see the
    /// [`MultipartRequest`] documentation).
    ///
    /// Fails when the file cannot be opened or is not a regular file. The
    /// size announced is the size now: should the file shrink before it is
    /// sent, the upload fails; should it grow, only that many bytes are sent.
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// use chatwoot_runtime::Attachment;
    ///
    /// let invoice = Attachment::file("invoices/2024-03.pdf").await?;
    /// assert_eq!(invoice.file_name(), "2024-03.pdf");
    /// # Ok(()) }
    /// ```
    pub async fn file(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("`{}` names no file", path.display()),
                )
            })?;
        let file = tokio::fs::File::open(path).await?;
        let metadata = file.metadata().await?;
        if !metadata.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not a regular file", path.display()),
            ));
        }
        Ok(Attachment {
            content_type: guess_content_type(&file_name),
            file_name,
            body: AttachmentBody::File {
                file,
                len: metadata.len(),
            },
        })
    }

    /// Sets the content type (`image/png`), instead of the one guessed from
    /// the file name. A value that is not a MIME type makes the request fail
    /// with [`Error::InvalidRequest`] before anything is sent.
    ///
    /// ```
    /// use chatwoot_runtime::Attachment;
    ///
    /// let scan = Attachment::bytes("scan", vec![0x89, b'P', b'N', b'G']).with_content_type("image/png");
    /// assert_eq!(scan.content_type(), "image/png");
    /// ```
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// Sets the file name the server stores, instead of the given one; the
    /// content type stays as it is.
    ///
    /// ```
    /// use chatwoot_runtime::Attachment;
    ///
    /// let log = Attachment::bytes("tmp-81723", b"boot ok".to_vec()).with_file_name("boot.log");
    /// assert_eq!(log.file_name(), "boot.log");
    /// ```
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// The file name sent.
    ///
    /// ```
    /// let a = chatwoot_runtime::Attachment::bytes("a.txt", "hi");
    /// assert_eq!(a.file_name(), "a.txt");
    /// ```
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type sent.
    ///
    /// ```
    /// let a = chatwoot_runtime::Attachment::bytes("clip.mp4", Vec::new());
    /// assert_eq!(a.content_type(), "video/mp4");
    /// ```
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The size in bytes (for a file, its size when it was opened).
    ///
    /// ```
    /// assert_eq!(chatwoot_runtime::Attachment::bytes("a.txt", "hi").len(), 2);
    /// ```
    pub fn len(&self) -> u64 {
        match &self.body {
            AttachmentBody::Bytes(bytes) => bytes.len() as u64,
            AttachmentBody::File { len, .. } => *len,
        }
    }

    /// Whether the attachment has no bytes.
    ///
    /// ```
    /// assert!(chatwoot_runtime::Attachment::bytes("empty.txt", "").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the attachment is streamed from a file (and so makes its
    /// request impossible to retry).
    ///
    /// ```
    /// assert!(!chatwoot_runtime::Attachment::bytes("a.txt", "hi").is_streamed());
    /// ```
    pub fn is_streamed(&self) -> bool {
        matches!(self.body, AttachmentBody::File { .. })
    }
}

impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.len())
            .field("streamed", &self.is_streamed())
            .finish()
    }
}

fn guess_content_type(file_name: &str) -> String {
    mime_guess::from_path(file_name)
        .first_raw()
        .unwrap_or(DEFAULT_CONTENT_TYPE)
        .to_owned()
}

/// The parts of a `multipart/form-data` body, in the order they are sent.
///
/// Field names follow Rails' conventions: `profile[name]` for a field of a
/// nested object, `attachments[]` for each item of a list.
///
/// ```
/// use chatwoot_runtime::{Attachment, MultipartForm};
///
/// let form = MultipartForm::new()
///     .text("content", "Here is the invoice")
///     .attachment("attachments[]", Attachment::bytes("invoice.pdf", b"%PDF".to_vec()));
/// assert_eq!(form.len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct MultipartForm {
    parts: Vec<(String, PartValue)>,
}

#[derive(Debug)]
enum PartValue {
    Text(String),
    File(Attachment),
}

impl MultipartForm {
    /// An empty form.
    ///
    /// ```
    /// assert!(chatwoot_runtime::MultipartForm::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    ///
    /// ```
    /// let form = chatwoot_runtime::MultipartForm::new().text("echo_id", "b7f1");
    /// assert_eq!(form.len(), 1);
    /// ```
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts
            .push((name.into(), PartValue::Text(value.into())));
        self
    }

    /// Adds a file.
    ///
    /// ```
    /// use chatwoot_runtime::{Attachment, MultipartForm};
    ///
    /// let form = MultipartForm::new().attachment("avatar", Attachment::bytes("me.png", Vec::new()));
    /// assert!(!form.is_streamed());
    /// ```
    pub fn attachment(mut self, name: impl Into<String>, attachment: Attachment) -> Self {
        self.parts.push((name.into(), PartValue::File(attachment)));
        self
    }

    /// Adds a JSON value as the text fields Rails reads back into it:
    /// `name[key]` for each member of an object, `name[]` for each item of an
    /// array, recursively; strings as they are, numbers and booleans as
    /// their JSON text. `null`, `{}` and `[]` send nothing, and an array
    /// directly inside an array has no such form (Rails cannot read one
    /// back): prefer a field the server parses as JSON where there is one.
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let params = json!({"name": "receipt", "processed_params": {"body": {"1": "Ada"}}});
    /// let form = chatwoot_runtime::MultipartForm::new().nested("template_params", &params);
    /// assert_eq!(form.len(), 2); // template_params[name], template_params[processed_params][body][1]
    /// ```
    pub fn nested(mut self, name: &str, value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::Bool(flag) => self = self.text(name, flag.to_string()),
            Value::Number(number) => self = self.text(name, number.to_string()),
            Value::String(text) => self = self.text(name, text.as_str()),
            Value::Array(items) => {
                let item_name = format!("{name}[]");
                for item in items {
                    self = self.nested(&item_name, item);
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    self = self.nested(&format!("{name}[{key}]"), member);
                }
            }
        }
        self
    }

    /// How many parts the form has.
    ///
    /// ```
    /// assert_eq!(chatwoot_runtime::MultipartForm::new().text("a", "1").len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no part.
    ///
    /// ```
    /// assert!(chatwoot_runtime::MultipartForm::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether a part streams a file, which makes the request impossible to
    /// retry.
    ///
    /// ```
    /// assert!(!chatwoot_runtime::MultipartForm::new().text("a", "1").is_streamed());
    /// ```
    pub fn is_streamed(&self) -> bool {
        self.parts
            .iter()
            .any(|(_, value)| matches!(value, PartValue::File(a) if a.is_streamed()))
    }

    /// The body and its headers' values, with a fresh boundary; an error
    /// names a content type that is not one.
    fn encode(self) -> Result<EncodedForm, String> {
        let boundary = format!(
            "chatwoot-rs-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let mut segments: Vec<Segment> = Vec::new();
        let mut pending = BytesMut::new();
        let mut len: u64 = 0;
        for (name, value) in self.parts {
            pending.extend_from_slice(b"--");
            pending.extend_from_slice(boundary.as_bytes());
            pending.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            pending.extend_from_slice(quoted(&name).as_bytes());
            pending.extend_from_slice(b"\"");
            match value {
                PartValue::Text(text) => {
                    pending.extend_from_slice(b"\r\n\r\n");
                    pending.extend_from_slice(text.as_bytes());
                }
                PartValue::File(attachment) => {
                    if attachment.content_type.parse::<mime_guess::Mime>().is_err() {
                        return Err(format!(
                            "the content type `{}` of `{}` is not a MIME type",
                            attachment.content_type.escape_debug(),
                            attachment.file_name.escape_debug()
                        ));
                    }
                    pending.extend_from_slice(b"; filename=\"");
                    pending.extend_from_slice(quoted(&attachment.file_name).as_bytes());
                    pending.extend_from_slice(b"\"\r\nContent-Type: ");
                    pending.extend_from_slice(attachment.content_type.as_bytes());
                    pending.extend_from_slice(b"\r\n\r\n");
                    match attachment.body {
                        AttachmentBody::Bytes(bytes) => pending.extend_from_slice(&bytes),
                        AttachmentBody::File { file, len: size } => {
                            len += pending.len() as u64 + size;
                            segments.push(Segment::Bytes(pending.split().freeze()));
                            segments.push(Segment::File {
                                reader: ReaderStream::with_capacity(file.take(size), FILE_CHUNK),
                                remaining: size,
                            });
                        }
                    }
                }
            }
            pending.extend_from_slice(b"\r\n");
        }
        pending.extend_from_slice(b"--");
        pending.extend_from_slice(boundary.as_bytes());
        pending.extend_from_slice(b"--\r\n");
        len += pending.len() as u64;
        let body = if segments.is_empty() {
            EncodedBody::Full(pending.freeze())
        } else {
            segments.push(Segment::Bytes(pending.freeze()));
            EncodedBody::Stream(UploadStream {
                segments: segments.into(),
                failed: false,
            })
        };
        Ok(EncodedForm {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            len,
            body,
        })
    }
}

/// A name or file name inside `"..."`, escaped as browsers do (and as Rack
/// reads back): `"`, CR and LF percent-encoded, and `%` too, since Rack
/// percent-decodes file names.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '%' => out.push_str("%25"),
            other => out.push(other),
        }
    }
    out
}

struct EncodedForm {
    content_type: String,
    len: u64,
    body: EncodedBody,
}

/// In memory (which can be sent again), or streamed (which cannot).
enum EncodedBody {
    Full(Bytes),
    Stream(UploadStream),
}

impl From<EncodedBody> for reqwest::Body {
    fn from(body: EncodedBody) -> Self {
        match body {
            EncodedBody::Full(bytes) => reqwest::Body::from(bytes),
            EncodedBody::Stream(stream) => reqwest::Body::wrap_stream(stream),
        }
    }
}

enum Segment {
    Bytes(Bytes),
    File {
        reader: ReaderStream<tokio::io::Take<tokio::fs::File>>,
        remaining: u64,
    },
}

/// The body of a form streaming files: its segments one after another; a
/// file that ends early is an error, since the length was announced.
struct UploadStream {
    segments: VecDeque<Segment>,
    failed: bool,
}

impl futures_core::Stream for UploadStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.failed {
            return Poll::Ready(None);
        }
        loop {
            match this.segments.front_mut() {
                None => return Poll::Ready(None),
                Some(Segment::Bytes(_)) => {
                    if let Some(Segment::Bytes(bytes)) = this.segments.pop_front() {
                        return Poll::Ready(Some(Ok(bytes)));
                    }
                }
                Some(Segment::File { reader, remaining }) => match Pin::new(reader).poll_next(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(Ok(chunk))) => {
                        *remaining = remaining.saturating_sub(chunk.len() as u64);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    Poll::Ready(Some(Err(error))) => {
                        this.failed = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                    Poll::Ready(None) if *remaining > 0 => {
                        this.failed = true;
                        return Poll::Ready(Some(Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the file shrank while it was being uploaded",
                        ))));
                    }
                    Poll::Ready(None) => {
                        this.segments.pop_front();
                    }
                },
            }
        }
    }
}

/// A `multipart/form-data` request of one operation, sent like a generated
/// call: through [`ClientContext::execute`], its answer decoded and its
/// failures mapped exactly as [`send`](crate::send) and
/// [`send_raw`](crate::send_raw) do.
///
/// Family crates build these in their typed upload methods; use one
/// directly for an upload they do not cover.
///
/// # Retries
///
/// A form whose attachments are all in memory is a plain body: it is retried
/// like any other request (see [`RetryPolicy`](crate::RetryPolicy)). A form
/// streaming a file cannot be replayed once its body has started, so such a
/// request is sent **once** and never retried, not even after a connection
/// failure; read the file into memory ([`Attachment::bytes`]) when retries
/// matter more than memory.
///
/// # Timeouts
///
/// The client's whole-request timeout (30 s by default) covers the upload;
/// give a large file more time with [`timeout`](Self::timeout) (each family's
/// upload builders have a `timeout` method too).
///
/// ```no_run
/// # async fn run(context: &chatwoot_runtime::ClientContext, http: &reqwest::Client)
/// # -> Result<(), chatwoot_runtime::Error> {
/// use chatwoot_runtime::{Attachment, MultipartForm, MultipartRequest};
///
/// let form = MultipartForm::new().attachment("avatar", Attachment::bytes("bot.png", Vec::new()));
/// let bot: serde_json::Value = MultipartRequest::new(
///     reqwest::Method::PATCH,
///     "https://chatwoot.example.com/api/v1/accounts/1/agent_bots/7",
///     form,
/// )
/// .operation("update_agent_bot", "/api/v1/accounts/{account_id}/agent_bots/{id}")
/// .send::<serde_json::Value>(context, http)
/// .await?
/// .into_inner();
/// # let _ = bot; Ok(()) }
/// ```
#[derive(Debug)]
pub struct MultipartRequest {
    method: Method,
    url: String,
    form: MultipartForm,
    operation_id: &'static str,
    path_template: &'static str,
    timeout: Option<Duration>,
}

impl MultipartRequest {
    /// A request sending `form` to `url` (the full URL, path parameters
    /// encoded with [`encode_path`](crate::encode_path)).
    ///
    /// ```
    /// use chatwoot_runtime::{MultipartForm, MultipartRequest};
    ///
    /// let request = MultipartRequest::new(reqwest::Method::PUT, "https://chatwoot.example.com/api/v1/profile", MultipartForm::new());
    /// # let _ = request;
    /// ```
    pub fn new(method: Method, url: impl Into<String>, form: MultipartForm) -> Self {
        MultipartRequest {
            method,
            url: url.into(),
            form,
            operation_id: "multipart_upload",
            path_template: "",
            timeout: None,
        }
    }

    /// The operation this request is a form of, for traces and for telling
    /// an agent bot's refusals apart: the generated operation's id
    /// (`update_profile`) and its path template (`/api/v1/profile`). The
    /// request is refused, unsent, if its path does not fit the template.
    ///
    /// ```
    /// use chatwoot_runtime::{MultipartForm, MultipartRequest};
    ///
    /// let request = MultipartRequest::new(reqwest::Method::PUT, "https://chatwoot.example.com/api/v1/profile", MultipartForm::new())
    ///     .operation("update_profile", "/api/v1/profile");
    /// # let _ = request;
    /// ```
    pub fn operation(mut self, operation_id: &'static str, path_template: &'static str) -> Self {
        self.operation_id = operation_id;
        self.path_template = path_template;
        self
    }

    /// Time allowed for this request, upload included, instead of the
    /// client's whole-request timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use chatwoot_runtime::{MultipartForm, MultipartRequest};
    ///
    /// let request = MultipartRequest::new(reqwest::Method::PUT, "https://chatwoot.example.com/api/v1/profile", MultipartForm::new())
    ///     .timeout(Duration::from_secs(300));
    /// # let _ = request;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the request and decodes a success into `T`; every failure is
    /// an [`Error`], as for generated calls.
    ///
    /// ```no_run
    /// # async fn run(context: &chatwoot_runtime::ClientContext, http: &reqwest::Client)
    /// # -> Result<(), chatwoot_runtime::Error> {
    /// use chatwoot_runtime::{MultipartForm, MultipartRequest};
    ///
    /// let user: serde_json::Value = MultipartRequest::new(reqwest::Method::PUT, "https://chatwoot.example.com/api/v1/profile", MultipartForm::new())
    ///     .send::<serde_json::Value>(context, http)
    ///     .await?
    ///     .into_inner();
    /// # let _ = user; Ok(()) }
    /// ```
    // `Error` is large by design (see `RawResponse::decode`).
    #[allow(clippy::result_large_err)]
    pub async fn send<T: DeserializeOwned>(
        self,
        context: &ClientContext,
        http: &reqwest::Client,
    ) -> Result<ResponseValue<T>, Error> {
        send(Box::pin(self.dispatch(context, http))).await
    }

    /// Sends the request and returns the server's answer undecoded, whatever
    /// its status; fails only when no answer arrived or the request could
    /// not be built.
    ///
    /// ```no_run
    /// # async fn run(context: &chatwoot_runtime::ClientContext, http: &reqwest::Client)
    /// # -> Result<(), chatwoot_runtime::Error> {
    /// use chatwoot_runtime::{MultipartForm, MultipartRequest};
    ///
    /// let raw = MultipartRequest::new(reqwest::Method::PUT, "https://chatwoot.example.com/api/v1/profile", MultipartForm::new())
    ///     .send_raw(context, http)
    ///     .await?;
    /// println!("{} {:?}", raw.status, raw.json());
    /// # Ok(()) }
    /// ```
    pub async fn send_raw(
        self,
        context: &ClientContext,
        http: &reqwest::Client,
    ) -> Result<RawResponse, Error> {
        send_raw(Box::pin(self.dispatch::<serde_json::Value>(context, http))).await
    }

    /// The request as a generated call makes it, with progenitor's outcome,
    /// so that [`send`] and [`send_raw`] treat it like any other.
    async fn dispatch<T: DeserializeOwned>(
        self,
        context: &ClientContext,
        http: &reqwest::Client,
    ) -> Result<ResponseValue<T>, progenitor_client::Error<ByteStream>> {
        use progenitor_client::Error as P;
        let encoded = self.form.encode().map_err(P::InvalidRequest)?;
        let content_type = HeaderValue::from_str(&encoded.content_type)
            .map_err(|error| P::InvalidRequest(error.to_string()))?;
        let mut builder = http
            .request(self.method, &self.url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(CONTENT_TYPE, content_type)
            .header(CONTENT_LENGTH, encoded.len)
            .body(reqwest::Body::from(encoded.body));
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let request = builder
            .build()
            .map_err(|error| P::InvalidRequest(format!("cannot build the request: {error}")))?;
        context
            .check_path(request.url(), self.path_template)
            .map_err(P::InvalidRequest)?;
        let response = context
            .execute(http, request, self.operation_id, self.path_template)
            .await
            .map_err(P::CommunicationError)?;
        if response.status().is_success() {
            ResponseValue::from_response(response).await
        } else {
            Err(P::ErrorResponse(ResponseValue::stream(response)))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::poll_fn;

    use super::*;

    async fn drain(mut stream: UploadStream) -> Result<Vec<u8>, io::Error> {
        let mut out = Vec::new();
        while let Some(chunk) =
            poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut stream), cx)).await
        {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "chatwoot-runtime-multipart-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, contents).expect("temp file");
        path
    }

    #[test]
    fn an_in_memory_form_is_the_exact_body() {
        let form = MultipartForm::new()
            .text("content", "Hi")
            .attachment("attachments[]", Attachment::bytes("a.txt", "abc"));
        let encoded = form.encode().expect("encodes");
        let boundary = encoded
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a boundary")
            .to_owned();
        let EncodedBody::Full(body) = encoded.body else {
            panic!("in memory")
        };
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nHi\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nabc\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
        assert_eq!(encoded.len, body.len() as u64);
    }

    #[test]
    fn boundaries_differ_between_forms() {
        let a = MultipartForm::new().encode().expect("encodes").content_type;
        let b = MultipartForm::new().encode().expect("encodes").content_type;
        assert_ne!(a, b);
    }

    #[test]
    fn nested_values_take_rails_names() {
        let value = serde_json::json!({
            "a": {"b": [1, true, null], "c": {}},
            "d": [{"e": "x"}],
            "f": null
        });
        let form = MultipartForm::new().nested("p", &value);
        let fields: Vec<(String, String)> = form
            .parts
            .into_iter()
            .map(|(name, value)| match value {
                PartValue::Text(text) => (name, text),
                PartValue::File(_) => panic!("no files"),
            })
            .collect();
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("p[a][b][]", "1"),
                ("p[a][b][]", "true"),
                ("p[d][][e]", "x")
            ]
        );
    }

    #[tokio::test]
    async fn a_streamed_file_is_the_same_body_as_in_memory() {
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 253) as u8).collect();
        let path = temp_file("data.bin", &contents);
        let attachment = Attachment::file(&path).await.expect("opens");
        assert_eq!(attachment.content_type(), "application/octet-stream");
        let encoded = MultipartForm::new()
            .text("k", "v")
            .attachment("f", attachment)
            .encode()
            .expect("encodes");
        let EncodedBody::Stream(stream) = encoded.body else {
            panic!("streamed")
        };
        let body = drain(stream).await.expect("reads whole");
        assert_eq!(encoded.len, body.len() as u64);
        let start = body
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .and_then(|first| {
                body[first + 4..]
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .map(|second| first + 4 + second + 4)
            })
            .expect("the file part's headers end");
        assert_eq!(&body[start..start + contents.len()], contents.as_slice());
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test]
    async fn a_file_that_shrinks_before_sending_fails_the_upload() {
        let path = temp_file("shrinks.png", &[7u8; 10_000]);
        let attachment = Attachment::file(&path).await.expect("opens");
        assert_eq!(attachment.len(), 10_000);
        std::fs::write(&path, [7u8; 10]).expect("truncate");
        let encoded = MultipartForm::new()
            .attachment("avatar", attachment)
            .encode()
            .expect("encodes");
        let EncodedBody::Stream(stream) = encoded.body else {
            panic!("streamed")
        };
        let error = drain(stream).await.expect_err("the file shrank");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test]
    async fn a_directory_is_not_an_attachment() {
        let error = Attachment::file(std::env::temp_dir())
            .await
            .expect_err("a directory");
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn names_are_quoted_as_browsers_do() {
        assert_eq!(quoted("a\"b%c\r\nd é"), "a%22b%25c%0D%0Ad é");
    }
}
