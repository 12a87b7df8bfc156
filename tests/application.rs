//! application API against httpmock.
