//! Every pasted identifier (Account SID AC…, connection JQ…, API key SK…): accepted only when it
//! is exactly the prefix and 32 lowercase hex digits (after what a paste adds around it), with
//! an error that has a code and words otherwise, and a round trip through its own text and JSON.
#![no_main]

use flex_sso_model::ids::{trim_pasted, AccountSid, ApiKeySid, ConnectionSid};
use libfuzzer_sys::fuzz_target;

macro_rules! check {
    ($ty:ty, $text:expr) => {
        match <$ty>::parse($text) {
            Ok(sid) => {
                let s = sid.as_str();
                assert_eq!(s.len(), 34);
                assert!(s.starts_with(<$ty>::PREFIX));
                assert!(s[2..].bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
                assert_eq!(s, trim_pasted($text));
                assert_eq!(<$ty>::parse(s).unwrap(), sid);
                let json = serde_json::to_string(&sid).unwrap();
                assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), sid);
            }
            Err(error) => assert!(!error.code().is_empty() && !error.to_string().is_empty()),
        }
    };
}

fuzz_target!(|text: &str| {
    check!(AccountSid, text);
    check!(ConnectionSid, text);
    check!(ApiKeySid, text);
});
