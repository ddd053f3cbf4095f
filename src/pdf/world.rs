//! The Typst world of one document: its generated source, the bundled fonts and a fixed
//! date. There are no files and no packages, so nothing outside the binary is ever read and
//! the same source always gives the same document.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Noto Sans (OFL, `assets/fonts/OFL.txt`): a sans-serif that covers every precomposed
/// Vietnamese letter (Typst's own bundled fonts have no Vietnamese sans-serif); then Noto
/// Sans Math, for the signs Noto Sans lacks (− ≈ ≤), which the content uses in notes.
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../assets/fonts/NotoSansMath-Regular.ttf"),
];

/// How many of [`FONT_FILES`] are the text family (the rest are fallbacks for signs).
const TEXT_STYLES: usize = 3;

/// The family every text of the document and of its charts is set in.
pub const FONT_FAMILY: &str = "Noto Sans";
/// The family of signs Noto Sans lacks, after it in every font list.
pub const FALLBACK_FAMILY: &str = "Noto Sans Math";

/// The fonts and their book, read once per process.
pub(super) struct Fonts {
    pub(super) fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

/// The bundled fonts.
pub(super) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { fonts, book }
    })
}

/// Whether `c` prints: every style of the text family (regular, bold, italic) has a glyph
/// for it (text may be set in any of them), or the fallback has. Else it would be a box.
pub fn has_glyph(c: char) -> bool {
    let fonts = &fonts().fonts;
    let covers = |f: &Font| f.info().coverage.contains(c as u32);
    let (text, fallback) = fonts.split_at(TEXT_STYLES.min(fonts.len()));
    (!text.is_empty() && text.iter().all(covers)) || fallback.iter().any(covers)
}

/// The standard library, built once.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// One document to compile.
pub(super) struct DocWorld {
    pub(super) source: Source,
    today: Option<Datetime>,
}

impl DocWorld {
    pub(super) fn new(text: String, today: (i32, u8, u8)) -> DocWorld {
        DocWorld {
            source: Source::detached(text),
            today: Datetime::from_ymd(today.0, today.1, today.2),
        }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    /// Every precomposed Vietnamese letter: the twelve vowels (ă â ê ô ơ ư with their own
    /// mark) under each of the five tones, in both cases, and đ.
    fn vietnamese_letters() -> Vec<char> {
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let mut out = vec!['đ', 'Đ'];
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
            out.push(base);
            for tone in tones {
                let composed: Vec<char> = [base, tone].iter().collect::<String>().nfc().collect();
                assert_eq!(composed.len(), 1, "{base}{tone} has a precomposed form");
                out.extend(composed);
            }
        }
        out
    }

    #[test]
    fn the_bundled_fonts_print_every_vietnamese_letter() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 2 + 24 * 6);
        for c in ['ặ', 'ẫ', 'ự', 'ỵ', 'ễ', 'Ặ', 'Ẫ', 'Ự', 'Ỵ', 'Ễ'] {
            assert!(letters.contains(&c), "{c}");
        }
        let missing: Vec<char> = letters.into_iter().filter(|&c| !has_glyph(c)).collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
        assert_eq!(fonts().fonts.len(), FONT_FILES.len());
        assert!(!has_glyph('\u{1F6F0}'), "an emoji is not in Noto Sans");
        assert!(has_glyph('−') && has_glyph('≈'), "signs from the fallback");
    }
}
