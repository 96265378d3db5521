//! The README's field reference is the catalog's, its pictures are the captured screens, and the
//! fixtures are the shared documented examples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

const README: &str = include_str!("../../README.md");

#[test]
fn field_reference_matches_the_catalog() {
    let start = README.find("<!-- fields:start -->\n").unwrap() + "<!-- fields:start -->\n".len();
    let end = README.find("<!-- fields:end -->").unwrap();
    assert_eq!(
        &README[start..end],
        certwiz::order::catalog::markdown_reference_all(),
        "README.md's field reference is stale: replace it with `certwiz fields --markdown`"
    );
}

#[test]
fn fixtures_are_the_shared_documented_examples() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        return; // Outside the workplace the shared folder is absent; the copies stand alone.
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&ours).unwrap(),
            "{name:?} differs"
        );
    }
}

/// Each picture the README shows is a screen captured from the binary at 80x24
/// (`assets/screens/NAME.txt`, kept true by `tests/pty/readme_pictures.rs`), shown verbatim
/// after a `<!-- picture:NAME -->` marker; and every such marker has its file.
#[test]
fn pictures_are_the_captured_screens() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/screens");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let screen = std::fs::read_to_string(&path).unwrap();
        let shown = format!("<!-- picture:{name} -->\n```text\n{screen}```\n");
        assert!(
            README.contains(&shown),
            "README.md must show {} verbatim after <!-- picture:{name} -->",
            path.display()
        );
        names.push(name);
    }
    assert!(names.len() >= 4, "pictures: {names:?}");
    for marker in README.match_indices("<!-- picture:") {
        let rest = &README[marker.0 + "<!-- picture:".len()..];
        let name = &rest[..rest.find(" -->").unwrap()];
        assert!(
            names.iter().any(|n| n == name),
            "no assets/screens/{name}.txt"
        );
    }
}
