//! serde's `Deserializer` over a recorded document: each method reads the next value as
//! serde_yaml would, and locates any error at the value it was reading.

use serde::de::{self, Unexpected, Visitor};
use yaml_rust2::scanner::TScalarStyle;

use super::access::{EnumAccess, MapAccess, Reader, SeqAccess, UnitVariantAccess, unbalanced};
use super::scalar::{
    self, BOOL, FLOAT, INT, NULL, invalid_type, is_plain_or_tagged_literal, parse_bool, parse_f64,
    parse_null, parse_tag, visit_scalar,
};
use super::{Error, Event};

/// A number read from a plain scalar with `parse`, visited with `visit`.
macro_rules! number {
    ($method:ident, $tag:expr, $parse:expr, $visit:ident) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let tagged_already = self.current_enum.is_some();
            let (next, at) = self.next()?;
            let path = self.path;
            match next {
                Event::Alias(target) => {
                    let mut target = *target;
                    return self.jump(&mut target)?.$method(visitor);
                }
                Event::Scalar(s) if is_plain_or_tagged_literal($tag, s, tagged_already) => {
                    if let Some(n) = $parse(s.value.as_str()) {
                        return visitor.$visit::<Error>(n).map_err(|e| e.fix(at, path));
                    }
                }
                _ => {}
            }
            Err(invalid_type(next, &visitor).fix(at, path))
        }
    };
}

/// Methods that read what another method reads.
macro_rules! same_as {
    ($method:ident => $other:ident) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$other(visitor)
        }
    };
}

/// A scalar that stands for nothing: empty or `null`, plain, and not otherwise tagged.
fn is_null(scalar: &super::Scalar, tagged_already: bool) -> bool {
    if scalar.style != TScalarStyle::Plain {
        false
    } else if let (Some(tag), false) = (&scalar.tag, tagged_already) {
        tag == NULL && parse_null(&scalar.value).is_some()
    } else {
        scalar.value.is_empty() || parse_null(&scalar.value).is_some()
    }
}

/// An empty plain scalar or an empty document: read as an empty collection.
fn is_empty(event: &Event) -> bool {
    match event {
        Event::Void => true,
        Event::Scalar(s) => s.value.is_empty() && s.style == TScalarStyle::Plain,
        _ => false,
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let tagged_already = self.current_enum.is_some();
        let (next, at) = self.next()?;
        let path = self.path;
        let tag = match next {
            Event::Alias(target) => {
                let mut target = *target;
                return self.jump(&mut target)?.deserialize_any(visitor);
            }
            Event::Scalar(s) => parse_tag(&s.tag),
            Event::SequenceStart(t) | Event::MappingStart(t) => parse_tag(t),
            Event::Void => {
                return visitor.visit_none::<Error>().map_err(|e| e.fix(at, path));
            }
            Event::SequenceEnd | Event::MappingEnd => return Err(unbalanced()),
        }
        // Inside a tagged enum the tag was read already.
        .filter(|_| !tagged_already);
        let result = match (tag, next) {
            (Some(tag), _) => {
                *self.pos -= 1;
                visitor.visit_enum(EnumAccess {
                    de: self,
                    name: None,
                    tag,
                })
            }
            (None, Event::Scalar(s)) => visit_scalar(visitor, s, tagged_already),
            (None, Event::SequenceStart(_)) => self.visit_sequence(visitor, at),
            (None, _) => self.visit_mapping(visitor, at),
        };
        result.map_err(|e| e.fix(at, path))
    }

    number!(deserialize_bool, BOOL, parse_bool, visit_bool);
    number!(
        deserialize_i64,
        INT,
        |v| scalar::parse_signed_int(v, i64::from_str_radix),
        visit_i64
    );
    number!(
        deserialize_i128,
        INT,
        |v| scalar::parse_signed_int(v, i128::from_str_radix),
        visit_i128
    );
    number!(
        deserialize_u64,
        INT,
        |v| scalar::parse_unsigned_int(v, u64::from_str_radix),
        visit_u64
    );
    number!(
        deserialize_u128,
        INT,
        |v| scalar::parse_unsigned_int(v, u128::from_str_radix),
        visit_u128
    );
    number!(deserialize_f64, FLOAT, parse_f64, visit_f64);
    same_as!(deserialize_i8 => deserialize_i64);
    same_as!(deserialize_i16 => deserialize_i64);
    same_as!(deserialize_i32 => deserialize_i64);
    same_as!(deserialize_u8 => deserialize_u64);
    same_as!(deserialize_u16 => deserialize_u64);
    same_as!(deserialize_u32 => deserialize_u64);
    same_as!(deserialize_f32 => deserialize_f64);
    same_as!(deserialize_char => deserialize_str);
    same_as!(deserialize_string => deserialize_str);
    same_as!(deserialize_identifier => deserialize_str);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (next, at) = self.next()?;
        let path = self.path;
        match next {
            Event::Scalar(s) => visitor.visit_str(&s.value),
            Event::Alias(target) => {
                let mut target = *target;
                self.jump(&mut target)?.deserialize_str(visitor)
            }
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(|e| e.fix(at, path))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(Error::unlocated(
            "serialization and deserialization of bytes in YAML is not implemented",
        ))
    }

    same_as!(deserialize_byte_buf => deserialize_bytes);

    /// `null` (or nothing) is `None`, any other value `Some(...)`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let tagged_already = self.current_enum.is_some();
        let is_some = match self.peek()?.0 {
            Event::Alias(target) => {
                *self.pos += 1;
                let mut target = *target;
                return self.jump(&mut target)?.deserialize_option(visitor);
            }
            Event::Scalar(s) => match (&s.tag, s.style) {
                (_, style) if style != TScalarStyle::Plain => true,
                (Some(tag), _) if !tagged_already && tag == NULL => {
                    if parse_null(&s.value).is_none() {
                        return Err(de::Error::invalid_value(Unexpected::Str(&s.value), &"null"));
                    }
                    false
                }
                (Some(_), _) if !tagged_already => true,
                _ => !s.value.is_empty() && parse_null(&s.value).is_none(),
            },
            Event::SequenceStart(_) | Event::MappingStart(_) => true,
            Event::SequenceEnd | Event::MappingEnd => return Err(unbalanced()),
            Event::Void => false,
        };
        if is_some {
            visitor.visit_some(self)
        } else {
            *self.pos += 1;
            self.current_enum = None;
            visitor.visit_none()
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let tagged_already = self.current_enum.is_some();
        let (next, at) = self.next()?;
        let path = self.path;
        match next {
            Event::Scalar(s) if is_null(s, tagged_already) => visitor.visit_unit(),
            Event::Scalar(s) => Err(de::Error::invalid_value(Unexpected::Str(&s.value), &"null")),
            Event::Alias(target) => {
                let mut target = *target;
                self.jump(&mut target)?.deserialize_unit(visitor)
            }
            Event::Void => visitor.visit_unit(),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(|e| e.fix(at, path))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    /// A newtype struct is read as the value it wraps.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let at = self.peek()?.1;
        self.nested(at, |de| visitor.visit_newtype_struct(de))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (next, at) = self.next()?;
        let path = self.path;
        match next {
            Event::Alias(target) => {
                let mut target = *target;
                self.jump(&mut target)?.deserialize_seq(visitor)
            }
            Event::SequenceStart(_) => self.visit_sequence(visitor, at),
            other if is_empty(other) => visitor.visit_seq(SeqAccess {
                empty: true,
                de: self,
                len: 0,
            }),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(|e| e.fix(at, path))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (next, at) = self.next()?;
        let path = self.path;
        match next {
            Event::Alias(target) => {
                let mut target = *target;
                self.jump(&mut target)?.deserialize_map(visitor)
            }
            Event::MappingStart(_) => self.visit_mapping(visitor, at),
            other if is_empty(other) => visitor.visit_map(MapAccess {
                empty: true,
                de: self,
                len: 0,
                key: None,
            }),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(|e| e.fix(at, path))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// An enum is a plain scalar naming a unit variant, or a value tagged `!variant`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (next, at) = self.peek()?;
        let path = self.path;
        if let Some((enum_name, tag)) = self.current_enum {
            if let Event::Scalar(s) = next
                && !s.value.is_empty()
            {
                return visitor
                    .visit_enum(UnitVariantAccess { de: self })
                    .map_err(|e| e.fix(at, path));
            }
            let message = match enum_name {
                Some(name) => format!(
                    "deserializing nested enum in {name}::{tag} from YAML is not supported yet"
                ),
                None => {
                    format!("deserializing nested enum in !{tag} from YAML is not supported yet")
                }
            };
            return Err(Error::new(message).fix(at, path));
        }
        let tag = match next {
            Event::Alias(target) => {
                *self.pos += 1;
                let mut target = *target;
                return self
                    .jump(&mut target)?
                    .deserialize_enum(name, variants, visitor)
                    .map_err(|e| e.fix(at, path));
            }
            Event::Scalar(s) => match parse_tag(&s.tag) {
                Some(tag) => tag,
                None => {
                    return visitor
                        .visit_enum(UnitVariantAccess { de: self })
                        .map_err(|e| e.fix(at, path));
                }
            },
            Event::MappingStart(t) | Event::SequenceStart(t) => match parse_tag(t) {
                Some(tag) => tag,
                None => {
                    let found = match next {
                        Event::MappingStart(_) => Unexpected::Map,
                        _ => Unexpected::Seq,
                    };
                    let e: Error = de::Error::invalid_type(found, &"a YAML tag starting with '!'");
                    return Err(e.fix(at, path));
                }
            },
            Event::Void => return Err(Error::unlocated("EOF while parsing a value")),
            Event::SequenceEnd | Event::MappingEnd => return Err(unbalanced()),
        };
        visitor
            .visit_enum(EnumAccess {
                de: self,
                name: Some(name),
                tag,
            })
            .map_err(|e| e.fix(at, path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.ignore_any()?;
        visitor.visit_unit()
    }
}
