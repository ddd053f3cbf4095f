//! The writer on its own: plans, diffs, refusals, leftovers.

use super::*;

#[test]
fn plans_diffs_and_commits_all_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("a.yaml"), "x: 1\n").unwrap();
    let mut edit = SourceEdit::new(root);
    edit.replace("a.yaml", "x: 1\n", "x: 2\n");
    edit.replace("same.yaml", "y\n", "y\n");
    edit.create("new/b.md", "b\n");
    let files: Vec<&Path> = edit.files().collect();
    assert_eq!(files, [Path::new("a.yaml"), Path::new("new/b.md")]);
    assert_eq!(
        edit.diff(),
        "--- a/a.yaml\n+++ b/a.yaml\n@@ -1 +1 @@\n-x: 1\n+x: 2\n--- /dev/null\n+++ b/new/b.md\n@@ -0,0 +1 @@\n+b\n"
    );
    let written = edit.commit().unwrap();
    assert_eq!(written, [root.join("a.yaml"), root.join("new/b.md")]);
    assert_eq!(fs::read_to_string(root.join("a.yaml")).unwrap(), "x: 2\n");
    assert_eq!(fs::read_to_string(root.join("new/b.md")).unwrap(), "b\n");
}

#[test]
fn a_refused_file_leaves_every_file_and_folder_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("a.yaml"), "x: 1\n").unwrap();
    fs::write(root.join("taken.md"), "mine\n").unwrap();
    let mut edit = SourceEdit::new(root);
    edit.replace("a.yaml", "x: 1\n", "x: 2\n");
    edit.create("deep/er/c.md", "c\n");
    edit.create("taken.md", "theirs\n");
    let err = edit.commit().unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(
        err[0].to_string(),
        "error: taken.md: the file exists already\n  hint: no file was changed"
    );
    assert_eq!(fs::read_to_string(root.join("a.yaml")).unwrap(), "x: 1\n");
    assert_eq!(fs::read_to_string(root.join("taken.md")).unwrap(), "mine\n");
    assert!(!root.join("deep").exists());
    let left: Vec<_> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[cfg(unix)]
#[test]
fn every_refused_file_is_reported_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("a.md"), "a").unwrap();
    fs::create_dir(root.join("real")).unwrap();
    std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
    let mut edit = SourceEdit::new(root);
    edit.create("a.md", "new a");
    edit.create("ok.md", "fine");
    edit.create("linked/b.md", "b");
    let err: Vec<String> = edit
        .commit()
        .unwrap_err()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(err.len(), 2, "{err:?}");
    assert!(
        err[0].starts_with("error: a.md: the file exists already"),
        "{err:?}"
    );
    assert!(
        err[1].starts_with(
            "error: linked/b.md: linked is a symbolic link; ictreport does not write through links"
        ),
        "{err:?}"
    );
    assert!(!root.join("ok.md").exists());
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.yaml"), "x: 3\n").unwrap();
    let mut edit = SourceEdit::new(tmp.path());
    edit.replace("a.yaml", "x: 1\n", "x: 2\n");
    let err = edit.commit().unwrap_err();
    assert!(
        err[0].message.contains("changed while the command ran"),
        "{err:?}"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("a.yaml")).unwrap(),
        "x: 3\n"
    );
}

#[test]
fn leftovers_of_a_killed_run_are_removed_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join(".ictreport-x1Yz.tmp"), "cut").unwrap();
    fs::write(root.join(".ictreport-notes"), "user's").unwrap();
    fs::write(root.join("a.tmp"), "user's").unwrap();
    let mut edit = SourceEdit::new(root);
    edit.create("b.md", "b\n");
    edit.commit().unwrap();
    let mut left: Vec<_> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, [".ictreport-notes", "a.tmp", "b.md"]);
}

#[test]
fn a_new_folder_appears_whole_and_never_over_an_existing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // What a killed run left: a temporary folder and file, named as ours.
    fs::create_dir_all(root.join("p/.ictreport-old1.tmp")).unwrap();
    fs::write(root.join("p/.ictreport-old1.tmp/index.md"), "cut").unwrap();
    let mut edit = SourceEdit::new(root);
    edit.create_folder("p/new");
    edit.create("p/new/index.md", "a\n");
    edit.create("p/new/sub/metrics.yaml", "b\n");
    let files: Vec<&Path> = edit.files().collect();
    assert_eq!(
        files,
        [
            Path::new("p/new/index.md"),
            Path::new("p/new/sub/metrics.yaml")
        ]
    );
    let again = edit.clone();
    let written = edit.commit().unwrap();
    assert_eq!(
        written,
        [
            root.join("p/new/index.md"),
            root.join("p/new/sub/metrics.yaml")
        ]
    );
    assert_eq!(
        fs::read_to_string(root.join("p/new/sub/metrics.yaml")).unwrap(),
        "b\n"
    );
    let mut left: Vec<_> = fs::read_dir(root.join("p"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["new"]);
    // The same folder again is refused, and what is there stays.
    fs::write(root.join("p/new/index.md"), "edited\n").unwrap();
    let err = again.commit().unwrap_err();
    assert!(
        err[0]
            .to_string()
            .starts_with("error: p/new: this folder exists already"),
        "{err:?}"
    );
    assert_eq!(
        fs::read_to_string(root.join("p/new/index.md")).unwrap(),
        "edited\n"
    );
}
