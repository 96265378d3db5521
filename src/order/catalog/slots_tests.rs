//! The catalog's slots (a draft's table of values) against the searches they replace.

use super::*;
use crate::order::catalog;

#[test]
fn every_path_has_one_slot_in_path_order() {
    assert!(SLOT_PATHS.windows(2).all(|w| w[0] < w[1]));
    for f in FIELDS {
        assert_eq!(SLOT_PATHS[f.id.slot()], f.path);
        assert_eq!(slot_of_path(f.path), Some(f.id.slot()));
    }
    assert_eq!(slot_of_path("subject.nam"), None);
    assert_eq!(slot_of_path(""), None);
}

#[test]
fn a_text_that_is_not_a_path_has_no_slot() {
    // Every prefix, every path with a character more or changed: found only if it is a path.
    for path in SLOT_PATHS {
        let mut near: Vec<String> = (0..path.len()).map(|n| path[..n].to_owned()).collect();
        near.push(format!("{path}x"));
        near.push(format!("x{path}"));
        near.push(path.to_uppercase());
        near.push(path.replace('.', "_"));
        for text in near {
            let expected = SLOT_PATHS.iter().position(|p| *p == text);
            assert_eq!(slot_of_path(&text), expected, "{text:?}");
        }
    }
}

#[test]
fn a_slot_gives_the_field_a_path_gives_for_every_product() {
    for &product in Product::ALL.iter() {
        for (slot, path) in SLOT_PATHS.iter().enumerate() {
            assert_eq!(
                field_at(product, slot).map(|f| f.id),
                catalog::field_for(product, path).map(|f| f.id),
                "{product} {path}"
            );
        }
    }
}

#[test]
fn each_fields_object_is_the_one_a_search_finds() {
    for f in FIELDS {
        let searched = OBJECTS.iter().filter(|o| !o.required).find(|o| {
            f.path.len() > o.path.len()
                && f.path.starts_with(o.path)
                && f.path.as_bytes()[o.path.len()] == b'.'
        });
        assert_eq!(object_of(f), Some(searched), "{}", f.path);
        assert_eq!(f.object(), searched, "{}", f.path);
    }
    // A spec that is not the catalog's own is searched.
    let path = String::from("ship_info.city").leak();
    let spec = FieldSpec {
        path,
        ..*FieldId::Csr.spec()
    };
    assert_eq!(object_of(&spec), None);
    assert_eq!(spec.object().map(|o| o.path), Some("ship_info"));
}

#[test]
fn the_slots_inside_an_object_are_the_paths_that_start_with_it() {
    let mut objects: Vec<&str> = OBJECTS.iter().map(|o| o.path).collect();
    objects.extend([
        "",
        "certificate.server",
        "zzz",
        "a",
        "organization.contacts",
    ]);
    for object in objects {
        let want: Vec<usize> = (0..SLOT_COUNT)
            .filter(|&s| SLOT_PATHS[s].starts_with(&format!("{object}.")))
            .collect();
        let got: Vec<usize> = slots_inside(object).collect();
        assert_eq!(got, want, "{object}");
    }
}

#[test]
fn the_custom_fields_key_is_the_array_of_the_custom_field_paths() {
    assert_eq!(catalog::custom_fields_key(), "custom_fields");
    assert!(
        FieldId::CustomFieldId
            .path()
            .starts_with("custom_fields[].")
    );
}
