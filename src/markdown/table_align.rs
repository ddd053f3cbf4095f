//! A Markdown table's column alignment (`:--`, `:-:`, `--:`) as a class on each cell
//! (`ta-l`, `ta-c`, `ta-r`, set by the theme's `style.css`) instead of the
//! `style="text-align: …"` pulldown-cmark writes on every cell: shorter at thousands of
//! pages, and no inline style for a strict Content-Security-Policy to block.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// `events` with each table cell's start written as HTML with its alignment class. The
/// cell's end stays an event, so the HTML writer still closes a `th` or a `td`.
pub(super) fn as_classes<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut columns: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    events.map(move |event| {
        match &event {
            Event::Start(Tag::Table(aligns)) => columns.clone_from(aligns),
            Event::Start(Tag::TableHead) => (in_head, column) = (true, 0),
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::End(TagEnd::TableCell) => column += 1,
            Event::Start(Tag::TableCell) => {
                let tag = if in_head { "th" } else { "td" };
                let class = match columns.get(column) {
                    Some(Alignment::Left) => " class=\"ta-l\"",
                    Some(Alignment::Center) => " class=\"ta-c\"",
                    Some(Alignment::Right) => " class=\"ta-r\"",
                    Some(Alignment::None) | None => "",
                };
                return Event::Html(CowStr::from(format!("<{tag}{class}>")));
            }
            _ => {}
        }
        event
    })
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    #[test]
    fn cells_carry_their_column_alignment_as_a_class() {
        let md = "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 | 7 | 8 |\n";
        let mut out = String::new();
        html::push_html(
            &mut out,
            super::as_classes(Parser::new_ext(md, Options::ENABLE_TABLES)),
        );
        assert!(!out.contains("style="), "{out}");
        assert!(
            out.contains(
                "<tr><th class=\"ta-l\">a</th><th class=\"ta-c\">b</th>\
                 <th class=\"ta-r\">c</th><th>d</th></tr>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<tr><td class=\"ta-l\">5</td><td class=\"ta-c\">6</td>\
                 <td class=\"ta-r\">7</td><td>8</td></tr>"
            ),
            "{out}"
        );
        // Everything but the cells' start tags is what pulldown-cmark writes.
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new_ext(md, Options::ENABLE_TABLES));
        let without = |s: &str| {
            s.replace(" class=\"ta-l\"", " style=\"text-align: left\"")
                .replace(" class=\"ta-c\"", " style=\"text-align: center\"")
                .replace(" class=\"ta-r\"", " style=\"text-align: right\"")
        };
        assert_eq!(without(&out), plain);
    }
}
