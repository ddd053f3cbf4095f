use super::*;

/// The markers that warn in `text` (no front matter), with their line and column.
fn warned(text: &str) -> Vec<(String, usize, usize)> {
    let source = SourceText::new("index.md", text);
    undated_markers(&source, 0)
        .into_iter()
        .map(|d| {
            let p = d.position.unwrap_or_default();
            (d.message, p.line, p.column)
        })
        .collect()
}

#[test]
fn vietnamese_marker_without_date_warns_at_the_marker() {
    let w = warned("Tỉnh phát triển mạnh. Đến nay, tỉnh có 23 doanh nghiệp.");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].0.contains("\"Đến nay\""), "{w:?}");
    assert_eq!((w[0].1, w[0].2), (1, 23));
}

#[test]
fn every_vietnamese_marker_warns() {
    for marker in ["hiện nay", "đến nay", "hiện là", "hiện có", "hiện tại"] {
        let w = warned(&format!("Sở {marker} quản lý 12 đơn vị."));
        assert_eq!(w.len(), 1, "{marker}: {w:?}");
    }
}

#[test]
fn a_dated_sentence_does_not_warn() {
    assert!(warned("Đến nay (11/2024), tỉnh có 23 doanh nghiệp.").is_empty());
    assert!(warned("Hiện nay, tại thời điểm bài viết (10/2020), có 8 cơ quan.").is_empty());
    assert!(warned("Today, as of 2024, 23 enterprises make software.").is_empty());
}

#[test]
fn the_date_must_be_in_the_same_sentence() {
    let w = warned("In 2024 it had 23 enterprises. Today it has more.\n\nLine two, now.");
    let words: Vec<_> = w.iter().map(|(m, l, c)| (m.clone(), *l, *c)).collect();
    assert_eq!(words.len(), 2, "{w:?}");
    assert_eq!((words[0].1, words[0].2), (1, 32));
    assert_eq!((words[1].1, words[1].2), (3, 11));
}

#[test]
fn english_markers_are_whole_words_in_any_case() {
    assert_eq!(warned("NOW the site has 8 pages.").len(), 1);
    assert_eq!(warned("It currently runs 3 portals.").len(), 1);
    assert_eq!(warned("At present it runs 3 portals.").len(), 1);
    assert!(warned("It is known for its portals and nowhere else; snow fell.").is_empty());
    assert!(warned("The todays and the unknown.").is_empty());
}

#[test]
fn hien_inside_another_word_is_no_marker() {
    assert!(warned("Sở đã thực hiện có hiệu quả các nhiệm vụ.").is_empty());
    assert!(warned("Chương trình được thực hiện tại các xã.").is_empty());
    assert!(warned("Kết quả thể hiện là tỉnh đã cố gắng.").is_empty());
}

#[test]
fn numbers_that_are_not_years_are_no_date() {
    assert_eq!(warned("Hiện nay có 12.245 trạm và hạng 8/63.").len(), 1);
    assert_eq!(warned("Hiện nay có 1974 trạm.").len(), 1);
}

#[test]
fn front_matter_lines_are_sentences_and_code_is_not_prose() {
    let text = "---\nname: X\nsummary: Hiện nay tỉnh có 5 cổng\nterm: \"2020\"\n---\n\n```chart\ntitle: currently\n```\n";
    let source = SourceText::new("index.md", text);
    let w = undated_markers(&source, text.find("\n\n").unwrap_or(0));
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].position.map(|p| (p.line, p.column)), Some((3, 10)));
}

#[test]
fn the_year_of_an_inline_value_is_no_date_of_the_sentence() {
    let w = warned("Đến nay, tỉnh có {{ value(indicator=\"postal_enterprises\", year=2024) }}.");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        warned("Đến nay (11/2024), tỉnh có {{ value(indicator=\"x\", year=2024) }}.").is_empty()
    );
}

#[test]
fn vietnamese_markers_in_capitals_are_markers_and_inside_a_word_are_not() {
    for text in [
        "ĐẾN NAY tỉnh có 5 cổng.",
        "HIỆN NAY có 5 cổng.",
        "Sở Hiện Có 5 phòng.",
    ] {
        assert_eq!(warned(text).len(), 1, "{text}");
    }
    // A letter (Vietnamese or not) before or after the marker makes it part of a word.
    for text in [
        "Ađến nay có 5.",
        "Ưhiện nay có 5.",
        "Đến nayơ có 5.",
        "Nows 5.",
    ] {
        assert!(warned(text).is_empty(), "{text}");
    }
}
