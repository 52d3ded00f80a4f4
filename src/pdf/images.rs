//! Images as XObjects that paint the unit square, so that one `cm` scales
//! them into their box. JPEG bytes pass through untouched (`DCTDecode`);
//! PNG pixels (decoded by the model) are stored losslessly (Flate), alpha
//! as a soft mask; SVG is converted to vector path operators in a form
//! XObject.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

use crate::model::{Image, ImageFormat, Pixels};

use super::PdfError;
use super::svg;

/// The XObject for an image.
pub(super) fn xobject(image: &Image) -> Result<ExternalXObject, PdfError> {
    let stream = match image.format {
        ImageFormat::Jpeg => jpeg(&image.data)?,
        ImageFormat::Png => png(image)?,
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

/// A JPEG passed through as `DCTDecode`; only its frame header is read
/// (by the model, which checked it).
fn jpeg(data: &[u8]) -> Result<ExternalStream, PdfError> {
    let frame = crate::model::jpeg_frame(data).map_err(|e| PdfError(format!("cannot read the JPEG: {e}")))?;
    let cs = match frame.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(PdfError(format!("JPEG with {n} components"))),
    };
    let mut dict = image_dict(u32::from(frame.width), u32::from(frame.height), cs, frame.bits);
    dict.insert("Filter".into(), name("DCTDecode"));
    if frame.components == 4 && frame.adobe {
        // Adobe CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".into(), DictItem::Array(decode));
    }
    Ok(ExternalStream { dict, content: data.to_vec(), compress: false })
}

/// A PNG's samples (decoded when the model read the file; decoded here
/// only for an image made by hand), colour and alpha split;
/// Flate-compressed when the document is written.
fn png(image: &Image) -> Result<ExternalStream, PdfError> {
    let decoded;
    let px: &Pixels = match &image.pixels {
        Some(px) => px,
        None => {
            decoded = crate::model::decode_png(&image.data).map_err(|e| PdfError(format!("cannot decode PNG: {e}")))?;
            &decoded
        }
    };
    let (w, h, colors) = (px.width, px.height, px.colors);
    let sample = usize::from(px.bits / 8);
    let pixel = (colors + usize::from(px.alpha)) * sample;
    let (mut color, mut mask) = (Vec::new(), Vec::new());
    if px.alpha {
        for p in px.samples.chunks_exact(pixel) {
            color.extend_from_slice(&p[..colors * sample]);
            mask.extend_from_slice(&p[colors * sample..]);
        }
    } else {
        color = px.samples.clone();
    }
    let cs = if colors == 1 { "DeviceGray" } else { "DeviceRGB" };
    let mut dict = image_dict(w, h, cs, px.bits);
    if px.alpha && mask.iter().any(|&b| b != 0xFF) {
        let smask = ExternalStream { dict: image_dict(w, h, "DeviceGray", px.bits), content: mask, compress: true };
        dict.insert("SMask".into(), DictItem::Stream { stream: smask });
    }
    Ok(ExternalStream { dict, content: color, compress: true })
}
