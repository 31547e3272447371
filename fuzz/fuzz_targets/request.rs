//! Request fuzz target: arbitrary bytes decoded as an `eventx.v1.ExtractRequest` (as the server
//! decodes a request body), then validated, read and converted by the API layer the server
//! uses. A request is either refused with a field named, or answered with valid dates and spans.

#![no_main]

use std::sync::OnceLock;

use eventx_api::{Extractor, Limits};
use eventx_proto::v1::ExtractRequest;
use libfuzzer_sys::fuzz_target;
use prost::Message;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Limits::default()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(request) = ExtractRequest::decode(data) else { return };
    match extractor().extract(&request) {
        Err(error) => {
            let violations = error.violations();
            assert!(!violations.is_empty(), "{error}");
            assert!(violations.iter().all(|v| !v.field.is_empty()), "{error}");
            let status = error.to_rpc_status();
            assert_ne!(status.code, 0);
            assert!(!status.details.is_empty());
        }
        Ok(response) => {
            let text = request.article.as_ref().map_or("", |a| a.text.as_str());
            let units = text.chars().count().max(text.len());
            let document_date = response.document.as_ref().and_then(|d| d.article_date.as_ref());
            for date in response.events.iter().filter_map(|e| e.date.as_ref()).chain(document_date) {
                let iso = &date.date;
                assert!(matches!(iso.len(), 4 | 7 | 10), "{iso:?}");
                assert!(iso.as_bytes()[..4].iter().all(u8::is_ascii_digit) && &iso[..4] != "0000", "{iso:?}");
            }
            for event in &response.events {
                for span in event.source.iter().chain(event.target.iter()).filter_map(|a| a.span.as_ref()) {
                    assert!(span.start <= span.end && span.end as usize <= units, "{span:?}");
                }
            }
        }
    }
});
