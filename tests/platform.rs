//! platform API against httpmock.
