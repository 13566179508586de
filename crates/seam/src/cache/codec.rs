//! The cache's record encoding: a compact binary serde format for [`FileFacts`].
//!
//! Not self-describing, so it decodes with no field names, tags or text to scan: integers are
//! LEB128 varints, strings and sequences a varint length then their contents, an `Option` a byte
//! (0 none, 1 some), an enum variant its index. A struct is its fields in declaration order, each
//! after one byte: 1 present, 0 skipped. That byte is what lets the facts keep their
//! `skip_serializing_if` attributes (which make the JSON short, and break positional formats such
//! as `bincode` and `postcard`, whose reader cannot know a field was left out): serde's derive
//! tells the serializer about every skipped field (`SerializeStruct::skip_field`), and the
//! deserializer hands the present fields to the derived visitor by index, which fills the others
//! with their `default`. Measured against `serde_json` on the facts of a 10 M-line corpus in
//! docs/performance.md.
//!
//! Decoding never panics and never allocates more than the input could hold: a malformed record
//! is an [`Error`] (the cache then treats it as a miss). Only what the facts use is supported:
//! maps, `deserialize_any` and ignored fields are errors.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt;

/// Why a value could not be encoded or decoded.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn error(what: &str) -> Error {
    Error(what.to_string())
}

/// Appends the encoding of `value` to `out`.
pub(crate) fn encode_into<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    value.serialize(&mut Encoder { out })
}

/// Decodes one value that fills `bytes` exactly.
pub(crate) fn decode<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Error> {
    let mut decoder = Decoder { input: bytes };
    let value = T::deserialize(&mut decoder)?;
    if decoder.input.is_empty() {
        Ok(value)
    } else {
        Err(error("trailing bytes"))
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn length(&mut self, len: Option<usize>) -> Result<(), Error> {
        let len = len.ok_or_else(|| error("a sequence without a known length"))?;
        put_varint(self.out, len as u64);
        Ok(())
    }
}

impl<'a, 'b> ser::Serializer for &'a mut Encoder<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push(v as u8);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        put_varint(self.out, zigzag(v));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        put_varint(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        put_varint(self.out, v.len() as u64);
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Error> {
        self.serialize_u64(index.into())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        put_varint(self.out, index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.length(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        put_varint(self.out, index.into());
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        Err(error("maps are not supported"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        put_varint(self.out, index.into());
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Error> {
        Err(error("maps are not supported"))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Error> {
        Err(error("maps are not supported"))
    }
    fn end(self) -> Result<(), Error> {
        Err(error("maps are not supported"))
    }
}

impl ser::SerializeStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(1);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), Error> {
        self.out.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(1);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), Error> {
        self.out.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

struct Decoder<'de> {
    input: &'de [u8],
}

impl<'de> Decoder<'de> {
    fn byte(&mut self) -> Result<u8, Error> {
        let (&first, rest) = self.input.split_first().ok_or_else(|| error("truncated"))?;
        self.input = rest;
        Ok(first)
    }

    fn varint(&mut self) -> Result<u64, Error> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(error("varint too long"))
    }

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T, Error> {
        T::try_from(self.varint()?).map_err(|_| error("integer out of range"))
    }

    fn signed<T: TryFrom<i64>>(&mut self) -> Result<T, Error> {
        let n = self.varint()?;
        let n = ((n >> 1) as i64) ^ -((n & 1) as i64);
        T::try_from(n).map_err(|_| error("integer out of range"))
    }

    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        if n > self.input.len() {
            return Err(error("truncated"));
        }
        let (taken, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(taken)
    }

    fn bytes(&mut self) -> Result<&'de [u8], Error> {
        let len = self.unsigned::<usize>()?;
        self.take(len)
    }

    fn str(&mut self) -> Result<&'de str, Error> {
        std::str::from_utf8(self.bytes()?).map_err(|_| error("a string that is not UTF-8"))
    }

    /// A sequence's length, never more than the bytes left (each element takes at least one,
    /// except zero-sized ones, which the facts do not have).
    fn length(&mut self) -> Result<usize, Error> {
        let len = self.unsigned::<usize>()?;
        if len > self.input.len() {
            return Err(error("a sequence longer than its record"));
        }
        Ok(len)
    }
}

macro_rules! decode_with {
    ($($method:ident => $visit:ident($read:ident $(::<$t:ty>)?);)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.$read$(::<$t>)?()?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(error("the cache encoding is not self-describing"))
    }

    decode_with! {
        deserialize_i8 => visit_i8(signed::<i8>);
        deserialize_i16 => visit_i16(signed::<i16>);
        deserialize_i32 => visit_i32(signed::<i32>);
        deserialize_i64 => visit_i64(signed::<i64>);
        deserialize_u8 => visit_u8(unsigned::<u8>);
        deserialize_u16 => visit_u16(unsigned::<u16>);
        deserialize_u32 => visit_u32(unsigned::<u32>);
        deserialize_u64 => visit_u64(unsigned::<u64>);
        deserialize_str => visit_borrowed_str(str);
        deserialize_string => visit_borrowed_str(str);
        deserialize_bytes => visit_borrowed_bytes(bytes);
        deserialize_byte_buf => visit_borrowed_bytes(bytes);
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => Err(error("a bool that is neither 0 nor 1")),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let bytes = self.take(4)?.try_into().map_err(|_| error("truncated"))?;
        visitor.visit_f32(f32::from_le_bytes(bytes))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let bytes = self.take(8)?.try_into().map_err(|_| error("truncated"))?;
        visitor.visit_f64(f64::from_le_bytes(bytes))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let c = char::from_u32(self.unsigned::<u32>()?).ok_or_else(|| error("not a char"))?;
        visitor.visit_char(c)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            _ => Err(error("an option tag that is neither 0 nor 1")),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.length()?;
        visitor.visit_seq(Elements {
            decoder: self,
            left,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Elements {
            decoder: self,
            left: len,
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(error("maps are not supported"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Fields {
            decoder: self,
            count: fields.len(),
            next: 0,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(error("identifiers are positional in the cache encoding"))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(error("the cache encoding cannot skip a value"))
    }

    fn is_human_readable(&self) -> bool {
        false
    }
}

/// The elements of a sequence or tuple.
struct Elements<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.decoder).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A struct's present fields, handed to the derived visitor by index.
struct Fields<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    count: usize,
    next: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while self.next < self.count {
            let index = self.next as u64;
            self.next += 1;
            match self.decoder.byte()? {
                0 => continue,
                1 => return seed.deserialize(index.into_deserializer()).map(Some),
                _ => return Err(error("a field tag that is neither 0 nor 1")),
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.decoder)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Decoder<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let index = self.unsigned::<u32>()?;
        let value = seed.deserialize(index.into_deserializer())?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Decoder<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seam_perl::{
        Confidence, DataAccess, DataKind, DataRef, DataVia, Diagnostic, DiagnosticKind, FileFacts,
        RefKind, Reference, SeamComment, TemplateFacts, TemplateSyntax,
    };
    use std::path::Path;

    fn round_trip(facts: &FileFacts) -> Vec<u8> {
        let mut bytes = Vec::new();
        encode_into(facts, &mut bytes).unwrap();
        assert_eq!(
            &decode::<FileFacts>(&bytes).unwrap(),
            facts,
            "{}",
            facts.path
        );
        bytes
    }

    /// A record with every optional field present, and one with each left out.
    fn full_and_bare() -> (FileFacts, FileFacts) {
        let mut full = FileFacts::empty("lib/A.pm".into(), "ab".repeat(32), 1234);
        full.lines = 300;
        full.refs.push(Reference {
            package: "A".into(),
            kind: RefKind::Use,
            target: "B".into(),
            symbol: Some("foo".into()),
            line: 2,
            confidence: Confidence::Exact,
            imports: Some(vec!["foo".into(), "é".into()]),
            imports_unknown: true,
        });
        full.diagnostics.push(Diagnostic {
            kind: DiagnosticKind::NotUtf8,
            line: Some(u32::MAX),
            message: "x\n\"y\"".into(),
        });
        full.seam_comments.push(SeamComment {
            line: 3,
            text: "allow(depends_on)".into(),
            trailing: true,
        });
        full.data.push(DataRef {
            package: "A".into(),
            kind: DataKind::OrmClass,
            target: "t".into(),
            access: DataAccess::Map,
            via: DataVia::Orm,
            line: 4,
            confidence: Confidence::Inferred,
        });
        full.template = Some(TemplateFacts {
            syntax: TemplateSyntax::HtmlTemplate,
            defines: vec!["m".into()],
            no_inherit: true,
        });
        let mut bare = full.clone();
        bare.refs[0].symbol = None;
        bare.refs[0].imports = None;
        bare.refs[0].imports_unknown = false;
        bare.diagnostics[0].line = None;
        bare.seam_comments.clear();
        bare.data.clear();
        bare.template = None;
        (full, bare)
    }

    #[test]
    fn facts_with_and_without_their_optional_fields_round_trip() {
        let (full, bare) = full_and_bare();
        let full_bytes = round_trip(&full);
        let bare_bytes = round_trip(&bare);
        assert!(bare_bytes.len() < full_bytes.len());
        // a template with nothing defined: the inner skipped fields too
        let mut inner = full.clone();
        inner.template = Some(TemplateFacts {
            syntax: TemplateSyntax::Mason,
            defines: Vec::new(),
            no_inherit: false,
        });
        round_trip(&inner);
    }

    #[test]
    fn the_example_monolith_round_trips_and_is_smaller_than_json() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/library-monolith");
        let facts = crate::extract_facts(&root, &crate::FactsOptions::default(), &|_, _| {});
        let facts = facts.unwrap();
        assert!(facts.len() > 10);
        let (mut binary, mut json) = (0, 0);
        for f in &facts {
            binary += round_trip(f).len();
            json += serde_json::to_vec(f).unwrap().len();
        }
        assert!(binary * 2 < json, "{binary} bytes, JSON {json}");
    }

    #[test]
    fn a_truncated_or_altered_record_is_an_error_not_a_panic() {
        let (full, _) = full_and_bare();
        let bytes = round_trip(&full);
        for len in 0..bytes.len() {
            assert!(
                decode::<FileFacts>(&bytes[..len]).is_err(),
                "truncated to {len}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode::<FileFacts>(&longer).is_err(), "trailing bytes");
        // every byte replaced by every value: decodes or fails, never panics or over-allocates
        for at in 0..bytes.len() {
            for value in [0x00, 0x01, 0x02, 0x7f, 0x80, 0xff] {
                let mut altered = bytes.clone();
                altered[at] = value;
                let _ = decode::<FileFacts>(&altered);
            }
        }
        let huge_length = [1u8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert!(decode::<FileFacts>(&huge_length).is_err());
    }
}
