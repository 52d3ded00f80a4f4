//! The file's bytes, written from the finished lopdf document in one pass.
//!
//! Streams (page contents, fonts, images, the XMP packet, the colour
//! profile) are written as indirect objects; every other object (the
//! structure tree's hundreds of small dictionaries above all) goes into
//! deflated object streams, indexed by a cross-reference stream whose
//! trailer carries a content-derived `/ID`.
//!
//! lopdf's own writer with object streams serializes every packed object
//! twice and deflates with flate2 at a fixed level; for the press release
//! that was half the time of the whole build. Objects are written here in
//! lopdf's own syntax (names, strings, separators), once.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::hash128;

/// At most this many objects share one object stream.
const PER_STREAM: usize = 1000;

/// Where the cross-reference stream finds an object.
#[derive(Clone, Copy)]
enum Entry {
    /// No object has this number.
    Free,
    /// An indirect object at this byte offset.
    At(usize),
    /// The `index`-th object of the object stream numbered `stream`.
    Packed { stream: u32, index: u16 },
}

/// Serializes `doc`: PDF 1.7, object streams and a cross-reference stream,
/// deflated with `z`.
pub(super) fn serialize(doc: &Document, z: &mut libdeflater::Compressor) -> Result<Vec<u8>, String> {
    let root = reference(doc, b"Root")?;
    let info = reference(doc, b"Info")?;
    let last = doc.objects.keys().map(|id| id.0).max().unwrap_or(0).max(doc.max_id);

    let (direct, packed): (Vec<_>, Vec<_>) =
        doc.objects.iter().partition(|(id, object)| id.1 != 0 || matches!(object, Object::Stream(_)));
    if direct.iter().any(|(id, _)| id.1 != 0) {
        return Err("an object of a generation other than 0".into());
    }
    let streams = packed.len().div_ceil(PER_STREAM);
    let size = last as usize + streams + 2;
    let mut entries = vec![Entry::Free; size];

    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-1.7\n%\xBB\xAD\xC0\xDE\n");
    for (&(num, _), object) in direct {
        entries[num as usize] = Entry::At(out.len());
        indirect(&mut out, num, object);
    }

    let mut body = Vec::new();
    let mut header = Vec::new();
    for (k, chunk) in packed.chunks(PER_STREAM).enumerate() {
        let stream = last + 1 + k as u32;
        body.clear();
        header.clear();
        for (index, &(&(num, _), object)) in chunk.iter().enumerate() {
            entries[num as usize] = Entry::Packed { stream, index: index as u16 };
            int(&mut header, num.into());
            header.push(b' ');
            int(&mut header, body.len() as i64);
            header.push(b' ');
            write(&mut body, object);
            body.push(b' ');
        }
        let first = header.len();
        header.extend_from_slice(&body);
        let content = deflate(z, &header)?;
        entries[stream as usize] = Entry::At(out.len());
        int(&mut out, stream.into());
        out.extend_from_slice(b" 0 obj\n<</Type/ObjStm/N ");
        int(&mut out, chunk.len() as i64);
        out.extend_from_slice(b"/First ");
        int(&mut out, first as i64);
        stream_body(&mut out, &content);
    }

    // The cross-reference stream, numbered last; W [1 4 2].
    let xref = size - 1;
    let start = out.len();
    entries[xref] = Entry::At(start);
    let mut table = Vec::with_capacity(size * 7);
    // The free list: object 0 heads it, each free number names the next,
    // the last names 0.
    let free: Vec<usize> = (1..size).filter(|&n| matches!(entries[n], Entry::Free)).collect();
    let mut next_free = free.iter().copied().chain([0]);
    for (n, entry) in entries.iter().enumerate() {
        let (kind, field, generation) = match *entry {
            Entry::Free => {
                let next = next_free.next().unwrap_or(0);
                (0u8, next as u32, if n == 0 { 65535u16 } else { 0 })
            }
            Entry::At(offset) => {
                let offset = u32::try_from(offset).map_err(|_| "the file is larger than 4 GiB")?;
                (1, offset, 0)
            }
            Entry::Packed { stream, index } => (2, stream, index),
        };
        table.push(kind);
        table.extend_from_slice(&field.to_be_bytes());
        table.extend_from_slice(&generation.to_be_bytes());
    }
    let content = deflate(z, &table)?;
    let id = hex(&hash128(&out).to_be_bytes());
    int(&mut out, xref as i64);
    out.extend_from_slice(b" 0 obj\n<</Type/XRef/Size ");
    int(&mut out, size as i64);
    out.extend_from_slice(b"/W[1 4 2]/Root ");
    write(&mut out, &Object::Reference(root));
    out.extend_from_slice(b"/Info ");
    write(&mut out, &Object::Reference(info));
    out.extend_from_slice(b"/ID[<");
    out.extend_from_slice(&id);
    out.extend_from_slice(b"><");
    out.extend_from_slice(&id);
    out.extend_from_slice(b">]");
    stream_body(&mut out, &content);
    out.extend_from_slice(b"startxref\n");
    int(&mut out, start as i64);
    out.extend_from_slice(b"\n%%EOF\n");
    Ok(out)
}

/// The object the trailer's `key` refers to.
fn reference(doc: &Document, key: &[u8]) -> Result<ObjectId, String> {
    doc.trailer
        .get(key)
        .and_then(Object::as_reference)
        .map_err(|_| format!("the trailer has no /{}", String::from_utf8_lossy(key)))
}

/// Ends a stream's dictionary, opened by the caller, with `/Filter` and
/// `/Length`, then writes `content` and closes the object.
fn stream_body(out: &mut Vec<u8>, content: &[u8]) {
    out.extend_from_slice(b"/Filter/FlateDecode/Length ");
    int(out, content.len() as i64);
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// One zlib stream of `input`.
fn deflate(z: &mut libdeflater::Compressor, input: &[u8]) -> Result<Vec<u8>, String> {
    let mut packed = vec![0; z.zlib_compress_bound(input.len())];
    let n = z.zlib_compress(input, &mut packed).map_err(|e| format!("cannot deflate: {e:?}"))?;
    packed.truncate(n);
    Ok(packed)
}

/// `num 0 obj … endobj` for a stream (or, for robustness, any object).
fn indirect(out: &mut Vec<u8>, num: u32, object: &Object) {
    int(out, num.into());
    out.extend_from_slice(b" 0 obj\n");
    match object {
        Object::Stream(s) => {
            dictionary(out, &s.dict, Some(b"Length"));
            out.extend_from_slice(b"/Length ");
            int(out, s.content.len() as i64);
            out.extend_from_slice(b">>stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        other => {
            if separated(other) {
                out.push(b' ');
            }
            write(out, other);
        }
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// Whether `object` needs a space before it after a name or another
/// object (it does not begin with a delimiter).
fn separated(object: &Object) -> bool {
    matches!(object, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
}

/// An object in PDF syntax, as lopdf writes it.
fn write(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => int(out, *n),
        Object::Real(x) => {
            use std::io::Write as _;
            let _ = write!(out, "{x}");
        }
        Object::Name(name) => self::name(out, name),
        Object::String(bytes, StringFormat::Literal) => literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(&hex(bytes));
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 && separated(item) {
                    out.push(b' ');
                }
                write(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            dictionary(out, d, None);
            out.extend_from_slice(b">>");
        }
        // A stream cannot sit inside another object; written whole all
        // the same, as lopdf would.
        Object::Stream(s) => {
            dictionary(out, &s.dict, None);
            out.extend_from_slice(b">>stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((num, generation)) => {
            int(out, (*num).into());
            out.push(b' ');
            int(out, (*generation).into());
            out.extend_from_slice(b" R");
        }
    }
}

/// `<<` and a dictionary's entries, without `skip` and without the
/// closing `>>` (the caller may add entries).
fn dictionary(out: &mut Vec<u8>, d: &Dictionary, skip: Option<&[u8]>) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        if skip == Some(key.as_slice()) {
            continue;
        }
        name(out, key);
        if separated(value) {
            out.push(b' ');
        }
        write(out, value);
    }
}

/// A name: white space, delimiters, `#` and bytes outside `!`..`~` as
/// `#XX`.
fn name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            out.extend_from_slice(&hex(&[b]));
        } else {
            out.push(b);
        }
    }
}

/// A literal string: backslashes, carriage returns and unbalanced
/// parentheses escaped.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    // Which parentheses are unbalanced: a `)` with no open `(` before it,
    // and every `(` never closed.
    let mut open = Vec::new();
    let mut escape = vec![false; bytes.len()];
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => open.push(k),
            b')' => match open.pop() {
                Some(_) => {}
                None => escape[k] = true,
            },
            b'\\' | b'\r' => escape[k] = true,
            _ => {}
        }
    }
    for k in open {
        escape[k] = true;
    }
    out.push(b'(');
    for (&b, &e) in bytes.iter().zip(&escape) {
        if e {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}

/// A decimal integer.
fn int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Upper-case hex digits.
fn hex(bytes: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    bytes.iter().flat_map(|&b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        write(&mut out, object);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_strings_and_separators() {
        assert_eq!(written(&Object::Name(b"A B#(c)".to_vec())), "/A#20B#23#28c#29");
        assert_eq!(written(&Object::Name("é".as_bytes().to_vec())), "/#C3#A9");
        assert_eq!(
            written(&Object::String(b"a(b)c)d(e\\\r".to_vec(), StringFormat::Literal)),
            "(a(b)c\\)d\\(e\\\\\\r)"
        );
        assert_eq!(written(&Object::String(vec![0xFE, 0xFF, 0, b'A'], StringFormat::Hexadecimal)), "<FEFF0041>");
        let array = Object::Array(vec![
            Object::Integer(1),
            Object::Real(0.5),
            Object::Name(b"N".to_vec()),
            Object::Reference((4, 0)),
            Object::Null,
            Object::Boolean(true),
            Object::Array(vec![]),
        ]);
        assert_eq!(written(&array), "[1 0.5/N 4 0 R null true[]]");
        let dict = Object::Dictionary(Dictionary::from_iter(vec![
            ("K", Object::Integer(-3)),
            ("S", Object::Name(b"P".to_vec())),
            ("D", Object::Dictionary(Dictionary::new())),
        ]));
        assert_eq!(written(&dict), "<</K -3/S/P/D<<>>>>");
    }

    #[test]
    fn the_file_reads_back_with_its_objects() {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages)),
            ("Contents", Object::Reference(content)),
            ("MediaBox", Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()])),
        ]));
        doc.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        // A gap in the numbers: a free entry in the cross-reference stream.
        let gone = doc.add_object(Object::Null);
        doc.objects.remove(&gone);
        let title = doc.add_object(Object::String(b"T (1)".to_vec(), StringFormat::Literal));
        let info = doc.add_object(Dictionary::from_iter(vec![("Title", Object::Reference(title))]));
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set("Info", Object::Reference(info));

        let mut z = libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
        let bytes = serialize(&doc, &mut z).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        assert!(bytes.ends_with(b"%%EOF\n"));
        let back = Document::load_mem(&bytes).unwrap();
        assert_eq!(back.get_pages().len(), 1);
        assert_eq!(back.get_object(title).unwrap(), &Object::String(b"T (1)".to_vec(), StringFormat::Literal));
        let page = back.get_dictionary(page).unwrap();
        let content = back.get_object(page.get(b"Contents").unwrap().as_reference().unwrap()).unwrap();
        assert_eq!(content.as_stream().unwrap().content, b"BT ET");
        assert!(back.get_object(gone).is_err());
        let id = back.trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(id.len(), 2);
        assert_eq!(id[0].as_str().unwrap().len(), 16);
        // The same document, the same bytes.
        assert_eq!(serialize(&doc, &mut z).unwrap(), bytes);
    }
}
