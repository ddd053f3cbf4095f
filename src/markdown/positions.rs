//! Line and column of many offsets in one text, in linear time overall: what
//! [`SourceText::position_of`] gives for one offset by scanning from the start, which made a
//! body with 20,000 inline values or links take quadratic time. Line starts are found once;
//! columns are counted from the previous answer when it is on the same line (a body is read
//! front to back), so even one very long line is counted once.

use std::cell::Cell;

use crate::diagnostic::{Position, SourceText};

pub struct Positions<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// The last answer: its byte offset and position.
    last: Cell<(usize, Position)>,
}

impl<'a> Positions<'a> {
    pub fn new(source: &'a SourceText) -> Self {
        Positions {
            text: &source.text,
            starts: source.line_starts().collect(),
            last: Cell::new((0, Position { line: 1, column: 1 })),
        }
    }

    /// The position of a byte offset (clamped to the text, moved back to a character
    /// boundary), as [`SourceText::position_of`] gives it.
    pub fn of(&self, byte_offset: usize) -> Position {
        let mut offset = byte_offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let (last_offset, last) = self.last.get();
        let column = if last.line == index + 1 && last_offset <= offset {
            last.column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        let position = Position {
            line: index + 1,
            column,
        };
        self.last.set((offset, position));
        position
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_agree_with_the_source_text_in_any_order() {
        let source = SourceText::new("x.md", "ab\nđệ x\n\n€z\r\nlone\rcr\nlast");
        let positions = Positions::new(&source);
        let len = source.text.len();
        let forward = 0..=len + 2;
        let backward = (0..=len).rev();
        for offset in forward.chain(backward).chain([7, 3, 12, 1, 9]) {
            assert_eq!(
                positions.of(offset),
                source.position_of(offset),
                "offset {offset}"
            );
        }
    }
}
