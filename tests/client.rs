//! client API against httpmock.
