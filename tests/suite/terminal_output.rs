//! What the commands print is safe for a terminal: a control character from a file name, a
//! sheet name or a cell (ESC sequences that clear the screen, set the title or write the
//! clipboard) is shown escaped as `\u{1b}`, never sent raw. (`check`'s excerpts are covered
//! by the hostile corpus, `terminal-escapes-in-excerpt`.)

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

/// OSC 52 (write the clipboard), OSC 0 (set the title), CSI 2J (clear the screen), and a
/// right-to-left override.
const HOSTILE: &str = "\u{1b}]52;c;cm0gLXJm\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}";

/// Runs `args` and returns (exit code, stdout + stderr).
fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run ictreport");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn assert_terminal_safe(printed: &str) {
    let raw: Vec<char> = printed
        .chars()
        .filter(|c| c.is_control() && *c != '\n' || ('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert!(raw.is_empty(), "raw {raw:?} in:\n{printed}");
}

fn import(root: &Path, file: &Path) -> (Option<i32>, String) {
    run(&[
        "import".as_ref(),
        file.as_os_str(),
        "--root".as_ref(),
        root.as_os_str(),
    ])
}

#[test]
fn import_escapes_the_file_name_and_cell_text_it_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let file = tmp.path().join(format!("so-lieu{HOSTILE}.csv"));
    std::fs::write(
        &file,
        format!("province,indicator,year,value\nalpha,ict_revenue,2019,{HOSTILE}72500\n"),
    )
    .unwrap();
    let (code, printed) = import(&root, &file);
    assert_eq!(code, Some(1), "{printed}");
    assert_terminal_safe(&printed);
    let shown = "\\u{1b}]52;c;cm0gLXJm\\u{7}\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}";
    // The cell's control characters are refused at the cell (never echoed raw); the file
    // name is shown escaped.
    assert!(
        printed.contains(&format!(
            "so-lieu{shown}.csv:2:D: the text holds U+001B, a control character"
        )),
        "{printed}"
    );
}

#[test]
fn import_escapes_sheet_names() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let file = tmp.path().join("book.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    // ESC c resets the terminal; Excel refuses `[` and `]` in sheet names.
    ws.set_name("data\u{1b}c\u{7}").unwrap();
    ws.write_string(0, 0, "Bảng này không có tiêu đề").unwrap();
    book.save(&file).unwrap();
    let (code, printed) = import(&root, &file);
    assert_eq!(code, Some(1), "{printed}");
    assert_terminal_safe(&printed);
    assert!(
        printed.contains("book.xlsx:data\\u{1b}c\\u{7}:1:A: no header row"),
        "{printed}"
    );
}

#[test]
fn export_and_init_escape_the_names_they_echo() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(format!("site{HOSTILE}"));
    let (code, printed) = run(&["init".as_ref(), dir.as_os_str()]);
    assert_eq!(code, Some(0), "{printed}");
    assert_terminal_safe(&printed);
    assert!(printed.contains("site\\u{1b}]52"), "{printed}");
    let file = tmp.path().join(format!("out{HOSTILE}.csv"));
    let (code, printed) = run(&[
        "export".as_ref(),
        file.as_os_str(),
        "--root".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{printed}");
    assert_terminal_safe(&printed);
    assert!(printed.contains("out\\u{1b}]52"), "{printed}");
}
