//! List-or-dictionary values: `environment`, `labels` and the like.

use super::{lower_service, service_ok};
use crate::compose::model::ListOrMap;

#[test]
fn map_form_keeps_order_text_and_nulls() {
    let lowered = lower_service(
        "    environment:\n      B: two\n      A: 1.10\n      DEBUG: true\n      FROM_SHELL:\n      EMPTY: \"\"\n",
    );
    assert!(lowered.diagnostics.is_empty());
    let env = &lowered.project.services["web"].environment;
    assert_eq!(env.form, ListOrMap::Map);
    let entries: Vec<_> = env
        .iter()
        .map(|(k, e)| (k, e.value.as_ref().map(|v| v.value.as_str())))
        .collect();
    assert_eq!(
        entries,
        vec![
            ("B", Some("two")),
            ("A", Some("1.10")),
            ("DEBUG", Some("true")),
            ("FROM_SHELL", None),
            ("EMPTY", Some("")),
        ]
    );
    let b = env.get("B").unwrap();
    assert_eq!(lowered.text(b.key), "B");
    assert_eq!(lowered.text(b.value.as_ref().unwrap().span), "two");
}

#[test]
fn list_form_splits_at_the_first_equals_sign() {
    let lowered = lower_service(
        "    environment:\n      - URL=postgres://db/x?a=b\n      - FROM_SHELL\n      - \"QUOTED=yes\"\n      - EMPTY=\n      - A=1\n      - A=2\n",
    );
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let env = &lowered.project.services["web"].environment;
    assert_eq!(env.form, ListOrMap::List);
    assert_eq!(env.value("URL"), Some("postgres://db/x?a=b"));
    assert_eq!(env.get("FROM_SHELL").unwrap().value, None);
    assert_eq!(env.value("EMPTY"), Some(""));
    // The later entry wins, in the earlier one's place.
    assert_eq!(env.value("A"), Some("2"));
    assert_eq!(env.len(), 5);
    let quoted = env.get("QUOTED").unwrap();
    assert_eq!(lowered.text(quoted.key), "QUOTED");
    assert_eq!(lowered.text(quoted.value.as_ref().unwrap().span), "yes");
}

#[test]
fn labels_annotations_and_sysctls_take_both_forms() {
    let service = service_ok(
        "    labels:\n      - traefik.enable=true\n    annotations:\n      com.example.a: b\n    sysctls:\n      net.core.somaxconn: 1024\n",
    );
    assert_eq!(service.labels.value("traefik.enable"), Some("true"));
    assert_eq!(service.annotations.value("com.example.a"), Some("b"));
    assert_eq!(service.sysctls.value("net.core.somaxconn"), Some("1024"));
}

#[test]
fn wrong_shapes_are_reported() {
    let lowered = lower_service(
        "    environment:\n      - 1\n      - =x\n      - NESTED\n    labels: text\n    sysctls:\n      a: [1]\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW111", "1"),
            ("SW112", "=x"),
            ("SW111", "text"),
            ("SW111", "[1]")
        ]
    );
    assert_eq!(
        lowered.messages()[2],
        "expected a mapping or a list of `NAME=value` strings for `labels`, found a string"
    );
}

#[test]
fn large_mappings_keep_the_later_of_repeated_names() {
    let mut body = String::from("    environment:\n");
    for i in 0..100 {
        body.push_str(&format!("      - VAR_{}={i}\n", i % 60));
    }
    let env = service_ok(&body).environment;
    assert_eq!(env.len(), 60);
    assert_eq!(env.value("VAR_0"), Some("60"));
    assert_eq!(env.value("VAR_59"), Some("59"));
    assert_eq!(env.entries()[1].name, "VAR_1");
}
