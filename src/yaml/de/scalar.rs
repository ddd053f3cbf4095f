//! What a scalar is: YAML 1.2's core schema as serde_yaml resolves it (null, booleans,
//! integers in four bases, floats, `.inf` and `.nan`, else text), and the type errors it
//! raises, in serde_yaml's words.

use std::num::ParseIntError;

use serde::de::{self, Expected, Unexpected, Visitor};
use yaml_rust2::scanner::TScalarStyle;

use super::access::unbalanced;
use super::{Error, Event, Scalar};

pub(super) const BOOL: &str = "tag:yaml.org,2002:bool";
pub(super) const INT: &str = "tag:yaml.org,2002:int";
pub(super) const FLOAT: &str = "tag:yaml.org,2002:float";
pub(super) const NULL: &str = "tag:yaml.org,2002:null";

/// Visits a scalar as what it resolves to; `tagged_already`: inside a tagged enum.
pub(super) fn visit_scalar<'de, V: Visitor<'de>>(
    visitor: V,
    scalar: &Scalar,
    tagged_already: bool,
) -> Result<V::Value, Error> {
    let v = scalar.value.as_str();
    if let (Some(tag), false) = (&scalar.tag, tagged_already) {
        match tag.as_str() {
            BOOL => {
                return match parse_bool(v) {
                    Some(v) => visitor.visit_bool(v),
                    None => Err(de::Error::invalid_value(Unexpected::Str(v), &"a boolean")),
                };
            }
            INT => {
                return match visit_int(visitor, v) {
                    Ok(result) => result,
                    Err(_) => Err(de::Error::invalid_value(Unexpected::Str(v), &"an integer")),
                };
            }
            FLOAT => {
                return match parse_f64(v) {
                    Some(v) => visitor.visit_f64(v),
                    None => Err(de::Error::invalid_value(Unexpected::Str(v), &"a float")),
                };
            }
            NULL => {
                return match parse_null(v) {
                    Some(()) => visitor.visit_unit(),
                    None => Err(de::Error::invalid_value(Unexpected::Str(v), &"null")),
                };
            }
            t if t.starts_with('!') && scalar.style == TScalarStyle::Plain => {
                return visit_untagged_scalar(visitor, v);
            }
            _ => {}
        }
    } else if scalar.style == TScalarStyle::Plain {
        return visit_untagged_scalar(visitor, v);
    }
    visitor.visit_str(v)
}

pub(super) fn parse_null(scalar: &str) -> Option<()> {
    matches!(scalar, "null" | "Null" | "NULL" | "~").then_some(())
}

pub(super) fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, ParseIntError>;

/// `rest` after a base prefix, read in that base; a sign after the prefix is refused.
fn in_base<T>(rest: Option<&str>, radix: u32, from: Radix<T>) -> Option<T> {
    rest.filter(|r| !r.starts_with(['+', '-']))
        .and_then(|r| from(r, radix).ok())
}

/// A negative number written with a base prefix (`-0x1F`).
fn negative_in_base<T>(scalar: &str, prefix: &str, radix: u32, from: Radix<T>) -> Option<T> {
    let rest = scalar.strip_prefix(prefix)?;
    from(&format!("-{rest}"), radix).ok()
}

const BASES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

pub(super) fn parse_unsigned_int<T>(scalar: &str, from: Radix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in BASES {
        if let Some(int) = in_base(unpositive.strip_prefix(prefix), radix, from) {
            return Some(int);
        }
        if unpositive
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with(['+', '-']))
        {
            return None;
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from(unpositive, 10).ok()
}

pub(super) fn parse_signed_int<T>(scalar: &str, from: Radix<T>) -> Option<T> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => scalar,
    };
    for (prefix, radix) in BASES {
        if unpositive
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with(['+', '-']))
        {
            return None;
        }
        if let Some(int) = in_base(unpositive.strip_prefix(prefix), radix, from) {
            return Some(int);
        }
        if let Some(int) = negative_in_base(scalar, &format!("-{prefix}"), radix, from) {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from(unpositive, 10).ok()
}

pub(super) fn parse_negative_int<T>(scalar: &str, from: Radix<T>) -> Option<T> {
    for (prefix, radix) in BASES {
        if let Some(int) = negative_in_base(scalar, &format!("-{prefix}"), radix, from) {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from(scalar, 10).ok()
}

pub(super) fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros before digits make text in YAML 1.2 (`0123`), not a number.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Visits an integer of the smallest kind that holds it; gives the visitor back if `v` is
/// not an integer.
fn visit_int<'de, V: Visitor<'de>>(visitor: V, v: &str) -> Result<Result<V::Value, Error>, V> {
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Ok(visitor.visit_u64(int));
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Ok(visitor.visit_i64(int));
    }
    if let Some(int) = parse_unsigned_int(v, u128::from_str_radix) {
        return Ok(visitor.visit_u128(int));
    }
    if let Some(int) = parse_negative_int(v, i128::from_str_radix) {
        return Ok(visitor.visit_i128(int));
    }
    Err(visitor)
}

fn visit_untagged_scalar<'de, V: Visitor<'de>>(visitor: V, v: &str) -> Result<V::Value, Error> {
    if v.is_empty() || parse_null(v) == Some(()) {
        return visitor.visit_unit();
    }
    if let Some(boolean) = parse_bool(v) {
        return visitor.visit_bool(boolean);
    }
    let visitor = match visit_int(visitor, v) {
        Ok(result) => return result,
        Err(visitor) => visitor,
    };
    if !digits_but_not_number(v)
        && let Some(float) = parse_f64(v)
    {
        return visitor.visit_f64(float);
    }
    visitor.visit_str(v)
}

/// A scalar a number or boolean may be read from: plain, or a literal block with `tag`.
pub(super) fn is_plain_or_tagged_literal(tag: &str, scalar: &Scalar, tagged_already: bool) -> bool {
    match (scalar.style, &scalar.tag, tagged_already) {
        (TScalarStyle::Plain, _, _) => true,
        (TScalarStyle::Literal, Some(t), false) => t == tag,
        _ => false,
    }
}

/// The error for an event that is not what `exp` wanted, naming what it is.
pub(super) fn invalid_type(event: &Event, exp: &dyn Expected) -> Error {
    enum Void {}
    struct InvalidType<'a> {
        exp: &'a dyn Expected,
    }
    impl<'de> Visitor<'de> for InvalidType<'_> {
        type Value = Void;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            self.exp.fmt(f)
        }
    }
    match event {
        Event::Scalar(scalar) => match visit_scalar(InvalidType { exp }, scalar, false) {
            Ok(void) => match void {},
            Err(e) => e,
        },
        Event::SequenceStart(_) => de::Error::invalid_type(Unexpected::Seq, exp),
        Event::MappingStart(_) => de::Error::invalid_type(Unexpected::Map, exp),
        Event::Void => Error::unlocated("EOF while parsing a value"),
        Event::Alias(_) | Event::SequenceEnd | Event::MappingEnd => unbalanced(),
    }
}

/// The name of a local tag (`!name` → `name`), which names an enum variant.
pub(super) fn parse_tag(tag: &Option<String>) -> Option<&str> {
    let rest = tag.as_deref()?.strip_prefix('!')?;
    Some(if rest.is_empty() { "!" } else { rest })
}
