//! Streams over the list operations that page, fetching pages lazily.
//!
//! Chatwoot pages two ways, and each stream follows what the server does:
//!
//! - **page numbers** (`page=1, 2, ...`): conversations and the conversation
//!   filter and conversation search ([`CONVERSATIONS_PER_PAGE`] a page; the
//!   server's `CONVERSATION_RESULTS_PER_PAGE` may change it), help-center
//!   articles ([`ARTICLES_PER_PAGE`]), contacts, contact search and
//!   the contact filter ([`CONTACTS_PER_PAGE`] a page), reporting events
//!   ([`REPORTING_EVENTS_PER_PAGE`]) and audit logs ([`AUDIT_LOGS_PER_PAGE`]);
//! - **a message-id cursor** (`before=<id>`): a conversation's messages,
//!   [`MESSAGES_PER_PAGE`] a page, each page oldest first; the next page is
//!   asked for with the smallest id seen so far.
//!
//! A stream ends at an empty page, at a page shorter than the page size, when
//! the server repeats the previous page (same ids) or the cursor stops moving
//! back, and after [`DEFAULT_MAX_PAGES`] pages at most (see
//! [`Paginator::max_pages`]), so that no server can make it loop forever. An
//! error is yielded once, and the stream ends after it.
//!
//! ```no_run
//! use chatwoot_application::{types, Client};
//! use futures_util::{pin_mut, TryStreamExt};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_token("https://app.chatwoot.com", "your-access-token")?;
//! let open = client.conversations_stream(1, |list| {
//!     list.status(types::ConversationStatusFilter::Open)
//! });
//! pin_mut!(open);
//! while let Some(conversation) = open.try_next().await? {
//!     println!("{:?}", conversation.id);
//! }
//! # Ok(()) }
//! ```

use std::future::Future;

use futures_util::stream::{self, Stream, StreamExt};

use crate::{builder, types, Client, Error};

/// Conversations the server returns a page (`list_conversations`).
pub const CONVERSATIONS_PER_PAGE: usize = 25;
/// Contacts the server returns a page (`list_contacts`, `search_contacts`).
pub const CONTACTS_PER_PAGE: usize = 15;
/// Help-center articles the server returns a page (`list_articles`,
/// Kaminari's default).
pub const ARTICLES_PER_PAGE: usize = 25;
/// Reporting events the server returns a page (`list_reporting_events`).
pub const REPORTING_EVENTS_PER_PAGE: usize = 25;
/// Audit log entries the server returns a page (`list_audit_logs`).
pub const AUDIT_LOGS_PER_PAGE: usize = 15;
/// Messages the server returns for a `before` cursor (`list_messages`).
pub const MESSAGES_PER_PAGE: usize = 20;
/// Pages a stream fetches at most unless told otherwise: the last guard
/// against a server that never says it is done.
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// A list request (its filters set on the builder) and the limits of the
/// stream over its pages.
///
/// The builder's own page parameter (`page` or `before`) is overwritten: the
/// stream sets it for each request.
///
/// Pages are fetched only as the stream is read. The stream ends at an empty
/// page, at a page shorter than the page size, when the server repeats the
/// previous page's ids (page numbers) or the `before` cursor stops moving back
/// (messages), and after [`max_pages`](Self::max_pages) pages at most. An
/// error is yielded once and ends the stream; a stream is fused, so polling on
/// after its end keeps answering `None`.
///
/// ```no_run
/// # async fn run(client: chatwoot_application::Client) {
/// use chatwoot_application::Paginator;
///
/// let contacts = Paginator::new(client.list_contacts().account_id(1))
///     .max_pages(4)
///     .stream();
/// # let _ = contacts; }
/// ```
#[derive(Debug, Clone)]
pub struct Paginator<B> {
    request: B,
    page_size: usize,
    max_pages: usize,
}

impl<B: DefaultPageSize> Paginator<B> {
    /// Pages `request`, with the endpoint's page size and
    /// [`DEFAULT_MAX_PAGES`].
    pub fn new(request: B) -> Self {
        Self {
            request,
            page_size: B::PAGE_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

impl<B> Paginator<B> {
    /// The number of items a full page holds: a shorter page is the last.
    /// Change it only for a server configured otherwise than upstream's.
    /// Zero turns the rule off (then an empty or repeated page ends).
    pub fn page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size;
        self
    }

    /// The number of pages fetched at most; the stream ends after them.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages;
        self
    }
}

/// The page size of an endpoint, as upstream's server sets it.
pub trait DefaultPageSize {
    /// Items in a full page.
    const PAGE_SIZE: usize;
}

#[cfg(chatwoot_operation = "list_conversations")]
impl DefaultPageSize for builder::ListConversations<'_> {
    const PAGE_SIZE: usize = CONVERSATIONS_PER_PAGE;
}
#[cfg(chatwoot_operation = "list_contacts")]
impl DefaultPageSize for builder::ListContacts<'_> {
    const PAGE_SIZE: usize = CONTACTS_PER_PAGE;
}
#[cfg(chatwoot_operation = "search_contacts")]
impl DefaultPageSize for builder::SearchContacts<'_> {
    const PAGE_SIZE: usize = CONTACTS_PER_PAGE;
}
#[cfg(chatwoot_operation = "filter_conversations")]
impl DefaultPageSize for builder::FilterConversations<'_> {
    const PAGE_SIZE: usize = CONVERSATIONS_PER_PAGE;
}
#[cfg(chatwoot_operation = "filter_contacts")]
impl DefaultPageSize for builder::FilterContacts<'_> {
    const PAGE_SIZE: usize = CONTACTS_PER_PAGE;
}
#[cfg(chatwoot_operation = "list_reporting_events")]
impl DefaultPageSize for builder::ListReportingEvents<'_> {
    const PAGE_SIZE: usize = REPORTING_EVENTS_PER_PAGE;
}
#[cfg(chatwoot_operation = "list_audit_logs")]
impl DefaultPageSize for builder::ListAuditLogs<'_> {
    const PAGE_SIZE: usize = AUDIT_LOGS_PER_PAGE;
}
#[cfg(chatwoot_operation = "search_conversations")]
impl DefaultPageSize for builder::SearchConversations<'_> {
    const PAGE_SIZE: usize = CONVERSATIONS_PER_PAGE;
}
#[cfg(chatwoot_operation = "list_articles")]
impl DefaultPageSize for builder::ListArticles<'_> {
    const PAGE_SIZE: usize = ARTICLES_PER_PAGE;
}
#[cfg(chatwoot_operation = "list_messages")]
impl DefaultPageSize for builder::ListMessages<'_> {
    const PAGE_SIZE: usize = MESSAGES_PER_PAGE;
}

#[cfg(chatwoot_operation = "list_conversations")]
impl<'a> Paginator<builder::ListConversations<'a>> {
    /// The conversations of every page, in the server's order (latest
    /// activity first).
    pub fn stream(self) -> impl Stream<Item = Result<types::Conversation, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::ListConversations =
                request.page(page).send().await?.into_inner();
            Ok(list.data.map(|data| data.payload).unwrap_or_default())
        })
    }
}

#[cfg(chatwoot_operation = "list_contacts")]
impl<'a> Paginator<builder::ListContacts<'a>> {
    /// The contacts of every page, in the server's order.
    pub fn stream(self) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::ListContacts =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "search_contacts")]
impl<'a> Paginator<builder::SearchContacts<'a>> {
    /// The contacts found, page after page, in the server's order.
    pub fn stream(self) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::SearchContacts =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "filter_conversations")]
impl<'a> Paginator<builder::FilterConversations<'a>> {
    /// The conversations that match the filter (set with `.body(...)` on the
    /// request), page after page, latest activity first.
    pub fn stream(self) -> impl Stream<Item = Result<types::Conversation, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::FilterConversations =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "filter_contacts")]
impl<'a> Paginator<builder::FilterContacts<'a>> {
    /// The contacts that match the filter (set with `.body(...)` on the
    /// request), page after page.
    pub fn stream(self) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::FilterContacts =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "search_conversations")]
impl<'a> Paginator<builder::SearchConversations<'a>> {
    /// The conversations whose messages match the query, page after page.
    pub fn stream(
        self,
    ) -> impl Stream<Item = Result<types::AddedConversationSearchItem, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::SearchConversations =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "list_articles")]
impl<'a> Paginator<builder::ListArticles<'a>> {
    /// A portal's articles (with the filters set on the request), page after
    /// page.
    pub fn stream(self) -> impl Stream<Item = Result<types::AddedArticle, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::ListArticles =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

// Reporting events and audit logs exist in the revisions whose spec has them.
#[cfg(chatwoot_operation = "list_reporting_events")]
impl<'a> Paginator<builder::ListReportingEvents<'a>> {
    /// The account's reporting events, page after page, newest first.
    pub fn stream(self) -> impl Stream<Item = Result<types::ReportingEvent, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::ListReportingEvents =
                request.page(page).send().await?.into_inner();
            Ok(list.payload)
        })
    }
}

#[cfg(chatwoot_operation = "list_audit_logs")]
impl<'a> Paginator<builder::ListAuditLogs<'a>> {
    /// The account's audit log, page after page, newest first.
    pub fn stream(self) -> impl Stream<Item = Result<types::AuditLog, Error>> + 'a {
        by_page_number(self, |request, page| async move {
            let list: crate::responses::ListAuditLogs =
                request.page(page).send().await?.into_inner();
            Ok(list.audit_logs)
        })
    }
}

// Revisions whose spec has no `before` on `list_messages` cannot page
// messages: the helpers exist where the parameter does.
#[cfg(chatwoot_parameter = "list_messages.before")]
impl<'a> Paginator<builder::ListMessages<'a>> {
    /// The conversation's messages, newest first, walking back with the
    /// `before` cursor until the first message.
    ///
    /// Each page comes oldest first; it is yielded reversed, so that the
    /// whole stream runs newest to oldest.
    pub fn stream(self) -> impl Stream<Item = Result<types::Message, Error>> + 'a {
        let Paginator {
            request,
            page_size,
            max_pages,
        } = self;
        let start = MessageState {
            before: None,
            pages: 0,
            done: false,
        };
        stream::unfold(start, move |mut state| {
            let request = request.clone();
            async move {
                if state.done || state.pages >= max_pages {
                    return None;
                }
                state.pages += 1;
                let request = match state.before {
                    Some(before) => request.before(before),
                    None => request,
                };
                let page: Result<crate::responses::ListMessages, Error> = Box::pin(request.send())
                    .await
                    .map(|response| response.into_inner());
                let mut messages = match page {
                    Ok(page) => page.payload,
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
                };
                let oldest = messages.iter().filter_map(|m| m.id).min();
                match (oldest, state.before) {
                    // No id to move the cursor with: nothing more can be asked.
                    (None, _) => return None,
                    // The cursor did not move back: a repeated or wrong page.
                    (Some(oldest), Some(before)) if oldest >= before => return None,
                    (Some(oldest), _) => state.before = Some(oldest),
                }
                if messages.len() < page_size {
                    state.done = true;
                }
                messages.reverse();
                Some((Ok(messages), state))
            }
        })
        .flat_map(flatten_page)
        // Fused: polling on after the end (or after an error) keeps answering `None`.
        .fuse()
    }
}

impl Client {
    #[cfg(chatwoot_operation = "list_conversations")]
    /// Every conversation of `account_id` that the filters set by `filter`
    /// select, fetched a page at a time as the stream is read. Use
    /// `|list| list` for no filter; see [`Paginator`] to change the limits.
    pub fn conversations_stream<'a>(
        &'a self,
        account_id: i64,
        filter: impl FnOnce(builder::ListConversations<'a>) -> builder::ListConversations<'a>,
    ) -> impl Stream<Item = Result<types::Conversation, Error>> + 'a {
        Paginator::new(filter(self.list_conversations().account_id(account_id))).stream()
    }

    #[cfg(chatwoot_operation = "list_contacts")]
    /// Every contact of `account_id` (with `configure` setting the sort),
    /// fetched a page at a time as the stream is read.
    pub fn contacts_stream<'a>(
        &'a self,
        account_id: i64,
        configure: impl FnOnce(builder::ListContacts<'a>) -> builder::ListContacts<'a>,
    ) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        Paginator::new(configure(self.list_contacts().account_id(account_id))).stream()
    }

    #[cfg(chatwoot_operation = "search_contacts")]
    /// Every contact of `account_id` that matches `q` (name, email, phone
    /// number, identifier), fetched a page at a time as the stream is read.
    pub fn contact_search_stream<'a>(
        &'a self,
        account_id: i64,
        q: impl Into<String>,
        configure: impl FnOnce(builder::SearchContacts<'a>) -> builder::SearchContacts<'a>,
    ) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        let search = self.search_contacts().account_id(account_id).q(q.into());
        Paginator::new(configure(search)).stream()
    }

    /// Every message of a conversation, newest first, fetched
    /// [`MESSAGES_PER_PAGE`] at a time as the stream is read.
    #[cfg(chatwoot_parameter = "list_messages.before")]
    pub fn messages_stream(
        &self,
        account_id: i64,
        conversation_id: i64,
    ) -> impl Stream<Item = Result<types::Message, Error>> + '_ {
        let request = self
            .list_messages()
            .account_id(account_id)
            .conversation_id(conversation_id);
        Paginator::new(request).stream()
    }
}

/// The streams of one account ([`Client::account`]): the same as
/// [`Client`]'s, without the account id.
impl<'a> crate::AccountHandler<'a> {
    #[cfg(chatwoot_operation = "list_conversations")]
    /// [`Client::conversations_stream`] in this account.
    pub fn conversations_stream(
        &self,
        filter: impl FnOnce(builder::ListConversations<'a>) -> builder::ListConversations<'a>,
    ) -> impl Stream<Item = Result<types::Conversation, Error>> + 'a {
        self.client().conversations_stream(self.id(), filter)
    }

    #[cfg(chatwoot_operation = "list_contacts")]
    /// [`Client::contacts_stream`] in this account.
    pub fn contacts_stream(
        &self,
        configure: impl FnOnce(builder::ListContacts<'a>) -> builder::ListContacts<'a>,
    ) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        self.client().contacts_stream(self.id(), configure)
    }

    #[cfg(chatwoot_operation = "search_contacts")]
    /// [`Client::contact_search_stream`] in this account.
    pub fn contact_search_stream(
        &self,
        q: impl Into<String>,
        configure: impl FnOnce(builder::SearchContacts<'a>) -> builder::SearchContacts<'a>,
    ) -> impl Stream<Item = Result<types::Contact, Error>> + 'a {
        self.client().contact_search_stream(self.id(), q, configure)
    }

    /// [`Client::messages_stream`] in this account.
    #[cfg(chatwoot_parameter = "list_messages.before")]
    pub fn messages_stream(
        &self,
        conversation_id: i64,
    ) -> impl Stream<Item = Result<types::Message, Error>> + 'a {
        self.client().messages_stream(self.id(), conversation_id)
    }
}

#[cfg(chatwoot_parameter = "list_messages.before")]
struct MessageState {
    /// The smallest message id seen: the next request's `before`.
    before: Option<i64>,
    pages: usize,
    done: bool,
}

struct PageState {
    page: i64,
    pages: usize,
    /// The ids of the last page, to notice a server repeating it.
    last_ids: Vec<Option<i64>>,
    done: bool,
}

/// Items with an id, for telling a repeated page from a new one.
trait HasId {
    fn id(&self) -> Option<i64>;
}

/// `impl HasId` for generated items whose `id` is an `Option<i64>`, each
/// under the `cfg` of the operation that lists it, if any.
macro_rules! has_id {
    ($($(#[$cfg:meta])* $item:ident),* $(,)?) => {$(
        $(#[$cfg])*
        impl HasId for types::$item {
            fn id(&self) -> Option<i64> {
                self.id
            }
        }
    )*};
}

has_id!(
    #[cfg(chatwoot_type = "Conversation")]
    Conversation,
    #[cfg(any(
        chatwoot_operation = "list_contacts",
        chatwoot_operation = "search_contacts",
        chatwoot_operation = "filter_contacts"
    ))]
    Contact,
    #[cfg(chatwoot_operation = "list_reporting_events")]
    ReportingEvent,
    #[cfg(chatwoot_operation = "list_audit_logs")]
    AuditLog,
    #[cfg(chatwoot_operation = "search_conversations")]
    AddedConversationSearchItem,
    #[cfg(chatwoot_operation = "list_articles")]
    AddedArticle,
);

/// Pages `page=1, 2, ...` until a stop rule holds (see the module's docs).
fn by_page_number<'a, B, T, F, Fut>(
    paginator: Paginator<B>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + 'a
where
    B: Clone + 'a,
    T: HasId + 'a,
    F: Fn(B, i64) -> Fut + 'a,
    Fut: Future<Output = Result<Vec<T>, Error>> + 'a,
{
    let Paginator {
        request,
        page_size,
        max_pages,
    } = paginator;
    let start = PageState {
        page: 1,
        pages: 0,
        last_ids: Vec::new(),
        done: false,
    };
    stream::unfold(start, move |mut state| {
        // Boxed: a request's future is large, and a stream often lives on
        // the stack (`pin_mut!`).
        let next = (!state.done && state.pages < max_pages)
            .then(|| Box::pin(fetch(request.clone(), state.page)));
        async move {
            let items = match next?.await {
                Ok(items) => items,
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
            };
            let ids: Vec<Option<i64>> = items.iter().map(HasId::id).collect();
            // An empty page, or the previous one again: there is no more.
            if items.is_empty() || (ids == state.last_ids && ids.iter().all(Option::is_some)) {
                return None;
            }
            state.pages += 1;
            state.page += 1;
            state.last_ids = ids;
            if items.len() < page_size {
                state.done = true;
            }
            Some((Ok(items), state))
        }
    })
    .flat_map(flatten_page)
    // Fused: polling on after the end (or after an error) keeps answering `None`.
    .fuse()
}

/// One page's items, or its error, as a stream of results.
fn flatten_page<T>(
    page: Result<Vec<T>, Error>,
) -> stream::Iter<std::vec::IntoIter<Result<T, Error>>> {
    let results: Vec<Result<T, Error>> = match page {
        Ok(items) => items.into_iter().map(Ok).collect(),
        Err(error) => vec![Err(error)],
    };
    stream::iter(results)
}
