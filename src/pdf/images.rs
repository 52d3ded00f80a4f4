//! Images as XObjects that paint the unit square, so that one `cm` scales
//! them into their box. JPEG bytes pass through untouched (`DCTDecode`);
//! PNG pixels are stored losslessly (Flate), alpha as a soft mask; SVG is
//! converted to vector path operators in a form XObject.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

use crate::model::{Image, ImageFormat};

use super::PdfError;
use super::svg;

/// The XObject for an image.
pub(super) fn xobject(image: &Image) -> Result<ExternalXObject, PdfError> {
    let stream = match image.format {
        ImageFormat::Jpeg => jpeg(&image.data)?,
        ImageFormat::Png => png(&image.data)?,
        ImageFormat::Svg => svg::form(&image.data)?,
    };
    Ok(ExternalXObject { stream, width: None, height: None, dpi: None })
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn image_dict(width: u32, height: u32, color_space: &str, bits: u8) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(i64::from(width))),
        ("Height".to_owned(), DictItem::Int(i64::from(height))),
        ("ColorSpace".to_owned(), name(color_space)),
        ("BitsPerComponent".to_owned(), DictItem::Int(i64::from(bits))),
    ])
}

/// A JPEG passed through as `DCTDecode`; only its frame header is read.
fn jpeg(data: &[u8]) -> Result<ExternalStream, PdfError> {
    let bad = || PdfError("cannot read the JPEG frame header".into());
    let mut i = 2;
    let mut adobe = false;
    if data.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(bad());
    }
    loop {
        // Skip fill bytes before a marker.
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (&ff, &marker) = (data.get(i).ok_or_else(bad)?, data.get(i + 1).ok_or_else(bad)?);
        if ff != 0xFF {
            return Err(bad());
        }
        let len =
            usize::from(u16::from_be_bytes([*data.get(i + 2).ok_or_else(bad)?, *data.get(i + 3).ok_or_else(bad)?]));
        let seg = data.get(i + 4..i + 2 + len).ok_or_else(bad)?;
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let bits = *seg.first().ok_or_else(bad)?;
            let h = u16::from_be_bytes([*seg.get(1).ok_or_else(bad)?, *seg.get(2).ok_or_else(bad)?]);
            let w = u16::from_be_bytes([*seg.get(3).ok_or_else(bad)?, *seg.get(4).ok_or_else(bad)?]);
            let comps = *seg.get(5).ok_or_else(bad)?;
            let cs = match comps {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                4 => "DeviceCMYK",
                _ => return Err(PdfError(format!("JPEG with {comps} components"))),
            };
            let mut dict = image_dict(u32::from(w), u32::from(h), cs, bits);
            dict.insert("Filter".into(), name("DCTDecode"));
            if comps == 4 && adobe {
                // Adobe CMYK JPEGs store inverted values.
                let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
                dict.insert("Decode".into(), DictItem::Array(decode));
            }
            return Ok(ExternalStream { dict, content: data.to_vec(), compress: false });
        }
        i += 2 + len;
    }
}

/// A PNG decoded to its samples (8 or 16 bits, big-endian), colour and
/// alpha split; Flate-compressed when the document is written.
fn png(data: &[u8]) -> Result<ExternalStream, PdfError> {
    use image::DynamicImage as D;
    let img = image::load_from_memory_with_format(data, image::ImageFormat::Png)
        .map_err(|e| PdfError(format!("cannot decode PNG: {e}")))?;
    let (w, h) = (img.width(), img.height());
    // (colour channels, has alpha, 16 bit, samples as big-endian bytes)
    let (colors, alpha, wide, samples): (usize, bool, bool, Vec<u8>) = match img {
        D::ImageLuma8(b) => (1, false, false, b.into_raw()),
        D::ImageLumaA8(b) => (1, true, false, b.into_raw()),
        D::ImageRgb8(b) => (3, false, false, b.into_raw()),
        D::ImageRgba8(b) => (3, true, false, b.into_raw()),
        D::ImageLuma16(b) => (1, false, true, be(b.into_raw())),
        D::ImageLumaA16(b) => (1, true, true, be(b.into_raw())),
        D::ImageRgb16(b) => (3, false, true, be(b.into_raw())),
        D::ImageRgba16(b) => (3, true, true, be(b.into_raw())),
        other => (3, true, true, be(other.to_rgba16().into_raw())),
    };
    let sample = if wide { 2 } else { 1 };
    let pixel = (colors + usize::from(alpha)) * sample;
    let (mut color, mut mask) = (Vec::new(), Vec::new());
    if alpha {
        for px in samples.chunks_exact(pixel) {
            color.extend_from_slice(&px[..colors * sample]);
            mask.extend_from_slice(&px[colors * sample..]);
        }
    } else {
        color = samples;
    }
    let cs = if colors == 1 { "DeviceGray" } else { "DeviceRGB" };
    let bits = if wide { 16 } else { 8 };
    let mut dict = image_dict(w, h, cs, bits);
    if alpha && mask.iter().any(|&b| b != 0xFF) {
        let smask = ExternalStream { dict: image_dict(w, h, "DeviceGray", bits), content: mask, compress: true };
        dict.insert("SMask".into(), DictItem::Stream { stream: smask });
    }
    Ok(ExternalStream { dict, content: color, compress: true })
}

fn be(samples: Vec<u16>) -> Vec<u8> {
    samples.into_iter().flat_map(u16::to_be_bytes).collect()
}
