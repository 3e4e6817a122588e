//! The shape of a syntax tree: the AST written out without its spans, so
//! that two parses can be compared for meaning whatever their layout. It
//! goes through the AST's `Serialize` (which every AST type derives), so a
//! node added to the AST later is compared without a change here; a value
//! serialised as a struct named `Span` is written as `_`.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

/// The tree written out without spans: equal for two trees exactly when
/// they differ at most in spans.
pub fn shape<T: Serialize>(tree: &T) -> String {
    let mut writer = Shape::default();
    match tree.serialize(&mut writer) {
        Ok(()) => writer.out,
        // `Shape` never fails; a failing `Serialize` would say so here.
        Err(error) => format!("<{}>", error.0),
    }
}

#[derive(Default)]
struct Shape {
    out: String,
    /// How many `Span` structs are being written (their fields are muted).
    muted: usize,
    /// For each struct being written, whether it is a `Span`.
    structs: Vec<bool>,
}

impl Shape {
    fn put(&mut self, text: fmt::Arguments) {
        if self.muted == 0 {
            let _ = self.out.write_fmt(text);
        }
    }
}

/// Serialisation error (never raised by `Shape` itself).
#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

type Done = Result<(), Error>;

macro_rules! scalars {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, value: $type) -> Done {
            self.put(format_args!("{value:?} "));
            Ok(())
        })*
    };
}

impl ser::Serializer for &mut Shape {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8]
    );

    fn serialize_none(self) -> Done {
        self.put(format_args!("None "));
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        self.put(format_args!("Some("));
        value.serialize(&mut *self)?;
        self.put(format_args!(") "));
        Ok(())
    }

    fn serialize_unit(self) -> Done {
        self.put(format_args!("() "));
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Done {
        self.put(format_args!("{name} "));
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.put(format_args!("{variant} "));
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        self.put(format_args!("{name}("));
        value.serialize(&mut *self)?;
        self.put(format_args!(") "));
        Ok(())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.serialize_newtype_struct(variant, value)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        self.put(format_args!("["));
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        self.put(format_args!("("));
        Ok(self)
    }

    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        self.put(format_args!("{name}("));
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.serialize_tuple_struct(variant, 0)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        self.put(format_args!("{{"));
        Ok(self)
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        let span = name == "Span";
        if span {
            self.put(format_args!("_ "));
            self.muted += 1;
        }
        self.structs.push(span);
        self.put(format_args!("{name}{{"));
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.serialize_struct(variant, len)
    }
}

/// The sequence-like compounds: each element in turn, then a closing mark.
macro_rules! compounds {
    ($($compound:ident::$element:ident => $close:literal),*) => {
        $(impl ser::$compound for &mut Shape {
            type Ok = ();
            type Error = Error;
            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.put(format_args!($close));
                Ok(())
            }
        })*
    };
}

compounds!(
    SerializeSeq::serialize_element => "] ",
    SerializeTuple::serialize_element => ") ",
    SerializeTupleStruct::serialize_field => ") ",
    SerializeTupleVariant::serialize_field => ") "
);

impl ser::SerializeMap for &mut Shape {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)?;
        self.put(format_args!(": "));
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.put(format_args!("}} "));
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Shape {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
        self.put(format_args!("{key}: "));
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.put(format_args!("}} "));
        if self.structs.pop() == Some(true) {
            self.muted -= 1;
        }
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Shape {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Done {
        ser::SerializeStruct::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Span, Spanned};

    #[test]
    fn spans_are_left_out_and_values_kept() {
        let at = |start, end, value: &str| Spanned {
            value: value.to_string(),
            span: Span::new(start, end),
        };
        assert_eq!(shape(&at(0, 3, "abc")), shape(&at(10, 13, "abc")));
        assert_ne!(shape(&at(0, 3, "abc")), shape(&at(0, 3, "abd")));
        assert_eq!(shape(&at(0, 3, "abc")), "Spanned{value: \"abc\" span: _ } ");
    }

    #[test]
    fn a_parsed_file_keeps_its_shape_through_a_change_of_layout() {
        let one =
            crate::parse("national n \"T\"\nversion from 2024-08-19 {\n  codes a = {G, N}\n}\n")
                .expect("parses");
        let two = crate::parse("national n \"T\" version from 2024-08-19 { codes a = {G,N} }")
            .expect("parses");
        let three = crate::parse("national n \"T\" version from 2024-08-19 { codes a = {N,G} }")
            .expect("parses");
        assert_ne!(one, two, "the spans differ");
        assert_eq!(shape(&one), shape(&two));
        assert_ne!(shape(&one), shape(&three));
    }
}
