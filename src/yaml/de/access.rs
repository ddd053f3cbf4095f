//! The reader of a recorded document and serde's access to its sequences, mappings and
//! enums (serde_yaml's `DeserializerFromEvents`, `SeqAccess`, `MapAccess`, `EnumAccess`).

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Expected, IgnoredAny, Unexpected, Visitor};

use super::{Document, Error, Event, Path};
use crate::diagnostic::Position;

/// How deep values may nest once aliases are followed (serde_yaml's limit).
const MAX_NESTING: u8 = 128;

/// Reads a document from event `*pos` on.
pub(super) struct Reader<'a> {
    pub(super) document: &'a Document,
    pub(super) pos: &'a mut usize,
    /// Aliases followed so far, against the repetition limit.
    jumps: &'a mut usize,
    pub(super) path: Path<'a>,
    remaining_depth: u8,
    /// Inside an enum given by a tag (`!variant value`): its name and the tag.
    pub(super) current_enum: Option<(Option<&'static str>, &'a str)>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(document: &'a Document, pos: &'a mut usize, jumps: &'a mut usize) -> Self {
        Reader {
            document,
            pos,
            jumps,
            path: Path::Root,
            remaining_depth: MAX_NESTING,
            current_enum: None,
        }
    }

    /// A reader of the value at the same position, under `path`.
    fn child<'b>(&'b mut self, path: Path<'b>) -> Reader<'b> {
        Reader {
            document: self.document,
            pos: &mut *self.pos,
            jumps: &mut *self.jumps,
            path,
            remaining_depth: self.remaining_depth,
            current_enum: None,
        }
    }

    pub(super) fn peek(&self) -> Result<(&'a Event, Position), Error> {
        match self.document.events.get(*self.pos) {
            Some((event, at)) => Ok((event, *at)),
            None => Err(Error::unlocated("EOF while parsing a value")),
        }
    }

    pub(super) fn next(&mut self) -> Result<(&'a Event, Position), Error> {
        let next = self.peek()?;
        *self.pos += 1;
        self.current_enum = None;
        Ok(next)
    }

    /// A reader at the anchored event `target` an alias repeats.
    pub(super) fn jump<'b>(&'b mut self, target: &'b mut usize) -> Result<Reader<'b>, Error> {
        *self.jumps += 1;
        if *self.jumps > self.document.events.len() * 100 {
            return Err(Error::unlocated("repetition limit exceeded"));
        }
        Ok(Reader {
            document: self.document,
            pos: target,
            jumps: &mut *self.jumps,
            path: Path::Alias { parent: &self.path },
            remaining_depth: self.remaining_depth,
            current_enum: None,
        })
    }

    /// Skips one value, however nested.
    pub(super) fn ignore_any(&mut self) -> Result<(), Error> {
        let mut depth = 0usize;
        loop {
            match self.next()?.0 {
                Event::Alias(_) | Event::Scalar(_) | Event::Void => {}
                Event::SequenceStart(_) | Event::MappingStart(_) => depth += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    depth = depth.checked_sub(1).ok_or_else(unbalanced)?;
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    pub(super) fn visit_sequence<'de, V: Visitor<'de>>(
        &mut self,
        visitor: V,
        at: Position,
    ) -> Result<V::Value, Error> {
        let (value, len) = self.nested(at, |de| {
            let mut seq = SeqAccess {
                empty: false,
                de,
                len: 0,
            };
            let value = visitor.visit_seq(&mut seq)?;
            Ok((value, seq.len))
        })?;
        self.end_sequence(len)?;
        Ok(value)
    }

    pub(super) fn visit_mapping<'de, V: Visitor<'de>>(
        &mut self,
        visitor: V,
        at: Position,
    ) -> Result<V::Value, Error> {
        let (value, len) = self.nested(at, |de| {
            let mut map = MapAccess {
                empty: false,
                de,
                len: 0,
                key: None,
            };
            let value = visitor.visit_map(&mut map)?;
            Ok((value, map.len))
        })?;
        self.end_mapping(len)?;
        Ok(value)
    }

    /// Reads past what the visitor left of a sequence; an error when it left elements.
    fn end_sequence(&mut self, len: usize) -> Result<(), Error> {
        let total = {
            let mut seq = SeqAccess {
                empty: false,
                de: self,
                len,
            };
            while de::SeqAccess::next_element::<IgnoredAny>(&mut seq)?.is_some() {}
            seq.len
        };
        match self.next()?.0 {
            Event::SequenceEnd | Event::Void => {}
            _ => return Err(unbalanced()),
        }
        if total == len {
            return Ok(());
        }
        Err(de::Error::invalid_length(
            total,
            &ExpectedLen {
                len,
                one: "sequence of 1 element",
                many: "sequence of {} elements",
            },
        ))
    }

    /// Reads past what the visitor left of a mapping; an error when it left entries.
    fn end_mapping(&mut self, len: usize) -> Result<(), Error> {
        let total = {
            let mut map = MapAccess {
                empty: false,
                de: self,
                len,
                key: None,
            };
            while de::MapAccess::next_entry::<IgnoredAny, IgnoredAny>(&mut map)?.is_some() {}
            map.len
        };
        match self.next()?.0 {
            Event::MappingEnd | Event::Void => {}
            _ => return Err(unbalanced()),
        }
        if total == len {
            return Ok(());
        }
        Err(de::Error::invalid_length(
            total,
            &ExpectedLen {
                len,
                one: "map containing 1 entry",
                many: "map containing {} entries",
            },
        ))
    }

    /// Runs `f` one level deeper, refusing past `MAX_NESTING`.
    pub(super) fn nested<T>(
        &mut self,
        at: Position,
        f: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let previous = self.remaining_depth;
        self.remaining_depth = previous
            .checked_sub(1)
            .ok_or_else(|| Error::at("recursion limit exceeded", at))?;
        let result = f(self);
        self.remaining_depth = previous;
        result
    }
}

/// Events that do not nest as the parser promised: never from yaml-rust2's parser.
pub(super) fn unbalanced() -> Error {
    Error::unlocated("unbalanced YAML events")
}

pub(super) struct SeqAccess<'r, 'a> {
    /// An empty plain scalar read as an empty sequence.
    pub(super) empty: bool,
    pub(super) de: &'r mut Reader<'a>,
    pub(super) len: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.empty {
            return Ok(None);
        }
        match self.de.peek()?.0 {
            Event::SequenceEnd | Event::Void => Ok(None),
            _ => {
                let parent = self.de.path;
                let index = self.len;
                self.len += 1;
                let mut element = self.de.child(Path::Seq {
                    parent: &parent,
                    index,
                });
                seed.deserialize(&mut element).map(Some)
            }
        }
    }
}

pub(super) struct MapAccess<'r, 'a> {
    /// An empty plain scalar read as an empty mapping.
    pub(super) empty: bool,
    pub(super) de: &'r mut Reader<'a>,
    pub(super) len: usize,
    /// The key just read, when it is a scalar.
    pub(super) key: Option<&'a str>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.empty {
            return Ok(None);
        }
        match self.de.peek()?.0 {
            Event::MappingEnd | Event::Void => Ok(None),
            event => {
                self.len += 1;
                self.key = match event {
                    Event::Scalar(scalar) => Some(scalar.value.as_str()),
                    _ => None,
                };
                seed.deserialize(&mut *self.de).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let parent = self.de.path;
        let path = match self.key {
            Some(key) => Path::Map {
                parent: &parent,
                key,
            },
            None => Path::Unknown { parent: &parent },
        };
        let mut value = self.de.child(path);
        seed.deserialize(&mut value)
    }
}

/// An enum given by a tag: the tag names the variant, the value is its content.
pub(super) struct EnumAccess<'r, 'a> {
    pub(super) de: &'r mut Reader<'a>,
    pub(super) name: Option<&'static str>,
    pub(super) tag: &'a str,
}

impl<'de, 'r> de::EnumAccess<'de> for EnumAccess<'r, '_> {
    type Error = Error;
    type Variant = Reader<'r>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let variant = seed.deserialize(StrDeserializer::<Error>::new(self.tag))?;
        let content = Reader {
            document: self.de.document,
            pos: &mut *self.de.pos,
            jumps: &mut *self.de.jumps,
            path: self.de.path,
            remaining_depth: self.de.remaining_depth,
            current_enum: Some((self.name, self.tag)),
        };
        Ok((variant, content))
    }
}

impl<'de> de::VariantAccess<'de> for Reader<'_> {
    type Error = Error;

    fn unit_variant(mut self) -> Result<(), Error> {
        <() as de::Deserialize>::deserialize(&mut self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(mut self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        mut self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(&mut self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        mut self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(&mut self, "", fields, visitor)
    }
}

/// An enum given by a plain scalar: the variant without content.
pub(super) struct UnitVariantAccess<'r, 'a> {
    pub(super) de: &'r mut Reader<'a>,
}

impl<'de> de::EnumAccess<'de> for UnitVariantAccess<'_, '_> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        Ok((seed.deserialize(&mut *self.de)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariantAccess<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

/// What a sequence or mapping of `len` items was expected to be, in serde_yaml's words
/// (`sequence of 1 element`, `map containing 3 entries`): `many` holds `{}` for the count.
struct ExpectedLen {
    len: usize,
    one: &'static str,
    many: &'static str,
}

impl Expected for ExpectedLen {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.len {
            1 => f.write_str(self.one),
            n => f.write_str(&self.many.replace("{}", &n.to_string())),
        }
    }
}
