//! Each article's outlet, for scoring with the outlet's home known (issue 28): LGL names the
//! paper of every article (`<domain>`), which stands for the source a JSONL input carries
//! (`--source-field`).

use quick_xml::events::Event;
use quick_xml::Reader;

/// The `<domain>` of each `<article>` of an LGL-schema file, in the order
/// [`super::corpus::parse_toponym_xml`] reads the articles; `None` for an article without one.
///
/// # Errors
/// A message naming the XML problem.
pub fn article_domains(xml: &str) -> Result<Vec<Option<String>>, String> {
    let mut reader = Reader::from_str(xml);
    let mut domains = Vec::new();
    let mut in_domain = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(start) => match start.name().as_ref() {
                b"article" => domains.push(None),
                b"domain" => in_domain = true,
                _ => {}
            },
            Event::End(end) if end.name().as_ref() == b"domain" => in_domain = false,
            Event::Text(text) if in_domain => {
                let value = text
                    .unescape()
                    .map_err(|e| format!("XML text error: {e}"))?
                    .trim()
                    .to_string();
                if let (Some(last), false) = (domains.last_mut(), value.is_empty()) {
                    *last = Some(value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_article_has_its_domain_or_none() {
        let xml =
            "<articles><article docid=\"1\"><domain>a.example</domain><text>x</text></article>\
                   <article docid=\"2\"><text>y</text></article>\
                   <article docid=\"3\"><domain> b.example </domain></article></articles>";
        assert_eq!(
            article_domains(xml).unwrap(),
            [Some("a.example".into()), None, Some("b.example".into())]
        );
    }
}
