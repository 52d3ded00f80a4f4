//! Post-processing of the lopdf document printpdf builds: version,
//! metadata, language, the structure tree and outline (`tagged`), the
//! sRGB output intent of PDF/A, font descriptors, and stream compression;
//! `serialize` writes the bytes.

use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::layout::Metadata;

use super::content::Marks;
use super::fonts::FontSet;
use super::{DocCopy, PdfError, Sheet, serialize, tagged};

/// What the file's pages hold, for its structure tree and outline.
pub(super) struct Logical<'a> {
    /// Every page of the file.
    pub sheets: &'a [Sheet],
    /// The copies of documents the pages belong to.
    pub copies: &'a [DocCopy<'a>],
    /// The marked content of each distinct page.
    pub marks: &'a [Marks],
    /// The file is a print run: its outline opens beside the pages.
    pub print_run: bool,
}

/// The sRGB profile of the output intent (see `make-srgb-icc.py`).
const SRGB: &[u8] = include_bytes!("srgb.icc");

/// Finishes the document and serializes it.
pub(super) fn finish(
    mut doc: Document,
    meta: &Metadata,
    fonts: &FontSet,
    streams: &[Vec<u8>],
    uses: &[usize],
    logical: Logical,
) -> Result<Vec<u8>, PdfError> {
    doc.version = "1.7".to_owned();
    set_contents(&mut doc, streams, uses)?;

    // Information dictionary: replaced whole (printpdf's carries an empty
    // /GTS_PDFXVersion, /Identifier and clock-free but wrong dates).
    let date = pdf_date(&meta.created);
    let mut info = Dictionary::new();
    info.set("Title", text(&meta.title));
    if let Some(a) = &meta.author {
        info.set("Author", text(a));
    }
    if let Some(s) = &meta.subject {
        info.set("Subject", text(s));
    }
    if let Some(k) = &meta.keywords {
        info.set("Keywords", text(k));
    }
    info.set("Creator", text("brief"));
    info.set("Producer", text(&producer()));
    info.set("CreationDate", Object::String(date.clone().into_bytes(), StringFormat::Literal));
    info.set("ModDate", Object::String(date.into_bytes(), StringFormat::Literal));
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, Object::Dictionary(info));
            id
        }
        Err(_) => doc.add_object(info),
    };
    doc.trailer.set("Info", Object::Reference(info_id));

    // XMP metadata, uncompressed so that tools can find it.
    let xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(meta).into_bytes(),
    )
    .with_compression(false);
    let xmp_id = doc.add_object(xmp);

    // The output intent: the colours are sRGB.
    let profile = Stream::new(Dictionary::from_iter(vec![("N", Object::Integer(3))]), SRGB.to_vec());
    let profile_id = doc.add_object(profile);
    let intent = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", text("sRGB IEC61966-2.1")),
        ("RegistryName", text("http://www.color.org")),
        ("Info", text("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]));

    // Catalog: language, title display, metadata.
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError(format!("no document catalog: {e}")))?;
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError(format!("no document catalog: {e}")))?;
    catalog.set("Lang", Object::String(meta.language.clone().into_bytes(), StringFormat::Literal));
    catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set("OutputIntents", Object::Array(vec![Object::Reference(intent)]));
    catalog.remove(b"PageMode");
    catalog.remove(b"Outlines");
    if logical.print_run {
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    tagged::structure(&mut doc, catalog_id, &pages, logical.sheets, logical.copies, logical.marks, &meta.language)?;
    let bookmarks = tagged::bookmarks(logical.sheets, logical.copies, logical.marks);
    tagged::outline(&mut doc, catalog_id, &bookmarks, &pages);

    fix_fonts(&mut doc, fonts);
    drop_empty_annots(&mut doc);

    let level = libdeflater::CompressionLvl::new(COMPRESSION).unwrap_or_default();
    let mut z = libdeflater::Compressor::new(level);
    compress(&mut doc, &mut z);
    serialize::serialize(&doc, &mut z).map_err(|e| PdfError(format!("cannot serialize PDF: {e}")))
}

/// Deflates every stream that allows it and has no filter yet, reusing one
/// compressor. A stream stays as it is when compressing would not make it
/// smaller. (One brief's streams are compressed on one thread: handing
/// them to others cost more than it saved, and a batch keeps every core
/// busy with whole briefs.)
fn compress(doc: &mut Document, z: &mut libdeflater::Compressor) {
    for object in doc.objects.values_mut() {
        let Object::Stream(s) = object else { continue };
        if !s.allows_compression || s.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(packed) = deflate(z, &s.content)
            && packed.len() + 19 < s.content.len()
        {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(packed);
        }
    }
}

/// One zlib stream of `input`.
fn deflate(z: &mut libdeflater::Compressor, input: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0; z.zlib_compress_bound(input.len())];
    let n = z.zlib_compress(input, &mut out).ok()?;
    out.truncate(n);
    Some(out)
}

/// Deflate level (libdeflate's scale). Level 1 uses a smaller match finder
/// than levels 2 to 9: for the press release it takes half the time of
/// level 6 and fewer fresh pages (page faults are slow on the project's
/// virtual machine), and makes the streams 4% (900 bytes) larger.
const COMPRESSION: i32 = 1;

/// Gives each page, in page order, its content stream: page `n` shows
/// `streams[uses[n]]`. Pages showing the same stream share one object.
fn set_contents(doc: &mut Document, streams: &[Vec<u8>], uses: &[usize]) -> Result<(), PdfError> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != uses.len() {
        return Err(PdfError(format!("{} pages written for {} laid out", pages.len(), uses.len())));
    }
    let mut made: Vec<Option<lopdf::ObjectId>> = vec![None; streams.len()];
    for (page, &k) in pages.into_iter().zip(uses) {
        let bytes = streams.get(k).ok_or_else(|| PdfError("page content out of step".into()))?;
        let old = doc.get_dictionary(page).ok().and_then(|d| d.get(b"Contents").ok()).cloned();
        // The stream printpdf wrote for the page's operations is replaced:
        // in place by the first page showing a stream, dropped by the others.
        let id = match (made[k], old) {
            (None, Some(Object::Reference(id))) => {
                doc.objects.insert(id, Object::Stream(Stream::new(Dictionary::new(), bytes.clone())));
                id
            }
            (shared, old) => {
                match old {
                    Some(Object::Reference(id)) => {
                        doc.objects.remove(&id);
                    }
                    Some(Object::Array(ids)) => {
                        for id in ids.iter().filter_map(|o| o.as_reference().ok()) {
                            doc.objects.remove(&id);
                        }
                    }
                    _ => {}
                }
                match shared {
                    Some(id) => id,
                    None => doc.add_object(Object::Stream(Stream::new(Dictionary::new(), bytes.clone()))),
                }
            }
        };
        made[k] = Some(id);
        let dict = doc.get_object_mut(page).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
        dict.set("Contents", Object::Reference(id));
    }
    Ok(())
}

/// `brief <version>`.
fn producer() -> String {
    format!("brief {}", env!("CARGO_PKG_VERSION"))
}

/// A PDF text string: literal if ASCII, UTF-16BE with a byte order mark
/// otherwise.
pub(super) fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSS+HH'mm'`.
fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!("D:{}{sign}{:02}'{:02}'", t.format("%Y%m%d%H%M%S"), off / 3600, off % 3600 / 60)
}

/// The font descriptors printpdf writes without `text_layout` claim
/// CapHeight = Ascent and a non-symbolic font; a subset font with its own
/// encoding is symbolic (ISO 32000-1, 9.8.2).
fn fix_fonts(doc: &mut Document, fonts: &FontSet) {
    let mut descriptors = Vec::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let Ok(base) = dict.get(b"BaseFont").and_then(Object::as_name) else {
            continue;
        };
        let Some(font) =
            fonts.iter().find(|f| base.split(|&b| b == b'+').nth(1) == Some(f.postscript_name().as_bytes()))
        else {
            continue;
        };
        let Ok(Object::Array(desc)) = dict.get(b"DescendantFonts") else {
            continue;
        };
        for d in desc {
            if let Ok(r) = d.as_dict().and_then(|d| d.get(b"FontDescriptor")).and_then(Object::as_reference) {
                descriptors.push((r, font.cap_height));
            }
        }
    }
    for (id, cap) in descriptors {
        if let Ok(d) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            d.set("CapHeight", Object::Integer(cap));
            let italic = d.get(b"Flags").and_then(Object::as_i64).unwrap_or(0) & (1 << 6);
            d.set("Flags", Object::Integer(4 | italic));
        }
    }
}

/// Pages without links get no `/Annots` at all.
fn drop_empty_annots(doc: &mut Document) {
    for (_, obj) in doc.objects.iter_mut() {
        if let Object::Dictionary(d) = obj
            && matches!(d.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty())
        {
            d.remove(b"Annots");
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XMP of the PDF/A-2a and PDF/UA-1 claims: the identification
/// properties, and the extension schema PDF/A asks for the PDF/UA one
/// (its namespace is not among those PDF/A predefines).
const CLAIMS: &str = "<pdfaid:part>2</pdfaid:part>\n\
<pdfaid:conformance>A</pdfaid:conformance>\n\
<pdfuaid:part>1</pdfuaid:part>\n\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n";

/// The namespaces of [`CLAIMS`].
const CLAIMS_NAMESPACES: &str = " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" \
xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"";

/// An XMP packet with the document's title, author, subject, keywords,
/// language and dates, and the standards it claims.
fn xmp(meta: &Metadata) -> String {
    let date = meta.created.to_rfc3339();
    let mut dc = format!(
        "<dc:format>application/pdf</dc:format>\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n\
         <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        xml_escape(&meta.title),
        xml_escape(&meta.language)
    );
    if let Some(a) = &meta.author {
        dc.push_str(&format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n", xml_escape(a)));
    }
    if let Some(s) = &meta.subject {
        dc.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml_escape(s)
        ));
    }
    let keywords =
        meta.keywords.as_ref().map(|k| format!("<pdf:Keywords>{}</pdf:Keywords>\n", xml_escape(k))).unwrap_or_default();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"{namespaces}>\n\
         {dc}{keywords}{claims}\
         <pdf:Producer>{producer}</pdf:Producer>\n\
         <xmp:CreatorTool>brief</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>",
        producer = xml_escape(&producer()),
        namespaces = if meta.claims { CLAIMS_NAMESPACES } else { "" },
        claims = if meta.claims { CLAIMS } else { "" },
    )
}
