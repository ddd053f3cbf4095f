//! The inline value syntax: `{{ value(indicator="ict_revenue", year=2019) }}`.
//!
//! A deliberately tiny grammar (a name, then `key=value` pairs with quoted strings or whole
//! numbers) so that editors can write it by hand and errors can point at the exact argument.

/// One argument value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Str(String),
    Int(i64),
}

/// A parsed call; offsets are byte offsets in the text that was scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg, usize)>,
    /// Where `{{` starts and where `}}` ends.
    pub start: usize,
    pub end: usize,
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// A piece of text: plain, or a call to expand.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Call(Call),
}

/// Splits `text` into plain text and calls. `{{` without a matching `}}` is an error.
pub fn scan(text: &str) -> Result<Vec<Piece<'_>>, SyntaxError> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    while let Some(found) = text[rest_start..].find("{{") {
        let start = rest_start + found;
        let Some(close) = text[start..].find("}}") else {
            return Err(SyntaxError {
                offset: start,
                message: "`{{` is not closed by `}}`".into(),
            });
        };
        let end = start + close + 2;
        if start > rest_start {
            out.push(Piece::Text(&text[rest_start..start]));
        }
        out.push(Piece::Call(parse_call(text, start, end)?));
        rest_start = end;
    }
    if rest_start < text.len() {
        out.push(Piece::Text(&text[rest_start..]));
    }
    Ok(out)
}

fn parse_call(text: &str, start: usize, end: usize) -> Result<Call, SyntaxError> {
    let mut p = Cursor {
        text,
        pos: start + 2,
        end: end - 2,
    };
    p.skip_ws();
    let name = p
        .ident()
        .ok_or_else(|| p.error("expected a name such as `value`"))?;
    p.skip_ws();
    p.expect('(')?;
    let mut args = Vec::new();
    loop {
        p.skip_ws();
        if p.eat(')') {
            break;
        }
        if !args.is_empty() {
            p.expect(',')?;
            p.skip_ws();
        }
        let at = p.pos;
        let key = p
            .ident()
            .ok_or_else(|| p.error("expected an argument name"))?;
        p.skip_ws();
        p.expect('=')?;
        p.skip_ws();
        let value = p.value()?;
        args.push((key, value, at));
    }
    p.skip_ws();
    if p.pos != p.end {
        return Err(p.error("unexpected text before `}}`"));
    }
    Ok(Call {
        name,
        args,
        start,
        end,
    })
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..self.end].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), SyntaxError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{c}`")))
        }
    }

    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.pos += c.len_utf8();
        }
        (self.pos > start).then(|| self.text[start..self.pos].to_string())
    }

    fn value(&mut self) -> Result<Arg, SyntaxError> {
        if self.eat('"') {
            let start = self.pos;
            while let Some(c) = self.peek() {
                if c == '"' {
                    let s = self.text[start..self.pos].to_string();
                    self.pos += 1;
                    return Ok(Arg::Str(s));
                }
                self.pos += c.len_utf8();
            }
            return Err(self.error("string is not closed by `\"`"));
        }
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.text[start..self.pos]
            .parse::<i64>()
            .map(Arg::Int)
            .map_err(|_| SyntaxError {
                offset: start,
                message: "expected a quoted string or a whole number".into(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_text_and_calls() {
        let t = r#"Doanh thu đạt {{ value(indicator="ict_revenue", year=2019) }}."#;
        let pieces = scan(t).unwrap();
        assert_eq!(pieces.len(), 3);
        let Piece::Call(c) = &pieces[1] else { panic!() };
        assert_eq!(c.name, "value");
        assert_eq!(c.args[0].0, "indicator");
        assert_eq!(c.args[0].1, Arg::Str("ict_revenue".into()));
        assert_eq!(c.args[1].1, Arg::Int(2019));
        assert_eq!(&t[c.start..c.start + 2], "{{");
        assert_eq!(&t[c.args[1].2..c.args[1].2 + 4], "year");
        assert_eq!(pieces[2], Piece::Text("."));
    }

    #[test]
    fn errors_have_offsets() {
        let e = scan("a {{ value(year=20x) }}").unwrap_err();
        assert_eq!(e.offset, 18);
        let e = scan("a {{ value(").unwrap_err();
        assert_eq!(e.offset, 2);
        let e = scan(r#"{{ value(indicator="x) }}"#).unwrap_err();
        assert!(e.message.contains("not closed"));
        assert!(scan("no calls {here}").unwrap().len() == 1);
    }
}
