//! The dashboard's live updates: Chatwoot's ActionCable channel.
//!
//! The server broadcasts every change an agent's dashboard shows over a
//! websocket at `<base>/cable`, to subscriptions of `RoomChannel` keyed by
//! the user's `pubsub_token` (from `GET /api/v1/profile`). The payloads
//! ([`Broadcast`]) decode without any feature; the client lives behind the
//! `realtime` feature.

mod events;

pub use events::{Broadcast, MessageUpdate, RealtimeEvent};

#[cfg(feature = "realtime")]
mod client;

#[cfg(feature = "realtime")]
pub use client::*;
