//! `parser_inputs`: prints, as JSON, what the parser benchmarks are fed at each size (bytes, XML
//! nodes, entities or group values) next to the app's own input limits, so the summary can say
//! how far each input is from them. The inputs are the ones `benches/parsers.rs` builds.

use flex_sso_bench::{metadata_input, saml_input, SIZES};
use serde_json::json;

fn nodes(xml: &str) -> usize {
    roxmltree::Document::parse(xml).expect("well-formed").descendants().count()
}

fn entities(xml: &str, limits: &flex_sso_metadata::Limits) -> usize {
    flex_sso_metadata::parse_entities(xml, limits).expect("the federation reads").len()
}

fn main() {
    let metadata_limits = flex_sso_metadata::Limits::default();
    let mut saml = serde_json::Map::new();
    let mut metadata = serde_json::Map::new();
    for (size, target) in SIZES {
        let response = saml_input::response(target);
        saml.insert(
            size.to_owned(),
            json!({ "bytes": response.len(), "nodes": nodes(&response), "group_values": response.matches("-7f1e-4b2a-9c3d-").count() }),
        );
        let federation = metadata_input::federation(target);
        metadata.insert(
            size.to_owned(),
            json!({ "bytes": federation.len(), "nodes": nodes(&federation), "entities": entities(&federation, &metadata_limits) }),
        );
    }
    let out = json!({
        "saml": { "inputs": saml, "limits": {
            "max_input_bytes": flex_sso_saml::limits::MAX_INPUT_BYTES,
            "max_xml_bytes": flex_sso_saml::limits::MAX_XML_BYTES,
            "max_xml_nodes": flex_sso_saml::limits::MAX_XML_NODES,
        }},
        "metadata": { "inputs": metadata, "limits": {
            "max_bytes": metadata_limits.max_bytes,
            "max_nodes": metadata_limits.max_nodes,
        }},
    });
    println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
}
