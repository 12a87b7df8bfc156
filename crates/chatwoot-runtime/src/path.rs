use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// What a path segment may not carry as is: whatever would end or split the
/// segment, start a query or fragment, or read as an escape.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'%')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'|');

/// Percent-encodes one path parameter so that no value can change which path
/// is requested: besides `/`, `?`, `#`, `%` and spaces, the segments `.` and
/// `..` are encoded whole (URL parsing would otherwise resolve them).
pub fn encode_path(segment: &str) -> String {
    match segment {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        _ => utf8_percent_encode(segment, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_leave_their_segment() {
        assert_eq!(encode_path("a/b"), "a%2Fb");
        assert_eq!(encode_path(".."), "%2E%2E");
        assert_eq!(encode_path("."), "%2E");
        assert_eq!(encode_path("x?y#z"), "x%3Fy%23z");
        assert_eq!(encode_path("100%"), "100%25");
        assert_eq!(encode_path("two words"), "two%20words");
        assert_eq!(encode_path("a\\b"), "a%5Cb");
        assert_eq!(encode_path("...x"), "...x");
        assert_eq!(encode_path("déjà"), "d%C3%A9j%C3%A0");
    }
}
