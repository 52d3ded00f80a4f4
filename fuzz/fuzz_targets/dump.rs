//! Shared by the fuzz targets: with `BRIEF_FUZZ_DUMP=DIR`, every PDF made
//! is also written there, so that a corpus replayed with `-runs=0` can be
//! checked by `qpdf --check` (see `fuzz/check-corpus`).

pub fn dump(pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("BRIEF_FUZZ_DUMP") {
        let hash = pdf.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
        let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{hash:016x}.pdf")), pdf);
    }
}
