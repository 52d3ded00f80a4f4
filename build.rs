//! How the `brief` command is linked on Linux with glibc, for a faster
//! start; what it does is the same either way.
//!
//! - **Position-dependent.** A position-independent executable is relocated
//!   by the dynamic loader at every start: for this binary some 25,000
//!   relocations, written into about 110 pages of its data, which the kernel
//!   then has to copy. That was about 0.3 ms of every run (`brief --version`
//!   took 1.95 ms instead of 1.65 ms on the project's machine). Only the
//!   binary is linked this way; the library, the tests and the benchmarks
//!   are not affected.
//! - **GCC's unwinder linked in** (`libgcc_eh.a`, as `-static-libgcc` does
//!   for C++) instead of loading `libgcc_s.so.1`: one shared library fewer
//!   to map and bind, and no run of its constructor, which asks the
//!   processor for its features with a dozen `cpuid` instructions, each a
//!   trip to the hypervisor in a virtual machine (6 µs on the project's).
//!   About 0.15 ms of every run. Unwinding (which `text::contain` relies on)
//!   works the same. Where the C compiler does not know the archive, the
//!   shared library is used as before.
//!
//! It also prepares the hyphenation patterns for fast loading (see
//! `src/text/patterns.rs`): for each language brief hyphenates, the
//! `hyphenation` crate's dictionary without its exceptions, and the
//! exceptions as a sorted table in Rust source.
//!
//! And it embeds the bundled faces (`src/text/bundled_faces.rs`) with what
//! each covers, as a bit per character of the Basic Multilingual Plane and
//! a sorted list of the others: asking a face's character map whether it
//! has a character, for every character of a brief in every face of the
//! fallback order, was a fifth of the time of an Arabic brief.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

#[path = "src/text/pattern_languages.rs"]
mod pattern_languages;

#[path = "src/text/bundled_faces.rs"]
mod bundled_faces;

#[path = "src/model/cmap.rs"]
mod cmap;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/text/pattern_languages.rs");
    println!("cargo:rerun-if-env-changed=CC");
    println!("cargo:rerun-if-changed=src/text/bundled_faces.rs");
    println!("cargo:rerun-if-changed=src/model/cmap.rs");
    prepare_patterns();
    prepare_faces();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        if let Some(dir) = static_unwinder_dir() {
            println!("cargo:rustc-link-search=native={}", dir.display());
            println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
        }
    }
}

/// The directory of `libgcc_eh.a`, as the C compiler finds it (it prints
/// the bare name when it has no such file).
fn static_unwinder_dir() -> Option<PathBuf> {
    // Not when cross-compiling: the host's compiler knows the host's archive.
    if std::env::var("TARGET").ok()? != std::env::var("HOST").ok()? {
        return None;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(cc).arg("-print-file-name=libgcc_eh.a").output().ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (out.status.success() && path.is_absolute() && path.is_file()).then(|| path.parent().map(PathBuf::from))?
}

/// Writes `$OUT_DIR/patterns/CODE.bincode`, each language's dictionary
/// without exceptions, and `$OUT_DIR/patterns.rs`, the table that
/// `src/text/patterns.rs` includes: language, those bytes, and the
/// exceptions sorted by word.
fn prepare_patterns() {
    use hyphenation::{Load, Standard};
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR"));
    let dir = out.join("patterns");
    std::fs::create_dir_all(&dir).expect("create the patterns directory");
    let mut code = String::from("// Written by build.rs from the `hyphenation` crate's dictionaries.\n");
    code.push_str("static PREPARED: &[Prepared] = &[\n");
    let mut done = Vec::new();
    for &(_, lang) in pattern_languages::PATTERN_LANGUAGES {
        if done.contains(&lang) {
            continue;
        }
        done.push(lang);
        let mut dict = Standard::from_embedded(lang).expect("the hyphenation crate embeds its dictionaries");
        let mut exceptions: Vec<(String, Vec<usize>)> = std::mem::take(&mut dict.exceptions.0).into_iter().collect();
        exceptions.sort();
        let bytes = bincode::serialize(&dict).expect("a dictionary serializes");
        std::fs::write(dir.join(format!("{}.bincode", lang.code())), bytes).expect("write a dictionary");
        let _ = writeln!(
            code,
            "    (Language::{lang:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/patterns/{}.bincode\")), &[",
            lang.code()
        );
        for (word, points) in &exceptions {
            let _ = writeln!(code, "        ({word:?}, &{points:?}),");
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    std::fs::write(out.join("patterns.rs"), code).expect("write the patterns table");
}

/// Writes `bundled.rs`: the bundled faces' names, bytes and coverage.
fn prepare_faces() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR"));
    let mut code = String::from("// Written by build.rs from src/text/bundled_faces.rs and fonts/.\n");
    let mut tables: Vec<(Box<[u64; 1024]>, Vec<u32>)> = Vec::new();
    let mut faces = Vec::new();
    for (name, file) in bundled_faces::BUNDLED_FACES {
        let path = root.join("fonts").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let data = std::fs::read(&path).expect("a bundled font file");
        let face = ttf_parser::Face::parse(&data, 0).expect("a bundled font parses");
        let (bmp, astral) = cmap::characters(&face);
        // Faces of one family mostly cover the same characters: one table.
        let table = (bmp, astral);
        let k = match tables.iter().position(|t| *t == table) {
            Some(k) => k,
            None => {
                tables.push(table);
                tables.len() - 1
            }
        };
        faces.push((name, path, k));
    }
    for (k, (bmp, astral)) in tables.iter().enumerate() {
        let _ = write!(code, "static BMP_{k}: [u64; 1024] = [");
        for w in bmp.iter() {
            let _ = write!(code, "{w:#x},");
        }
        let _ = writeln!(code, "];");
        let _ = write!(code, "static ASTRAL_{k}: [u32; {}] = [", astral.len());
        for c in astral {
            let _ = write!(code, "{c:#x},");
        }
        let _ = writeln!(code, "];");
    }
    let _ = writeln!(code, "/// How many faces are bundled.");
    let _ = writeln!(code, "const BUNDLED_LEN: usize = {};", faces.len());
    let _ = writeln!(code, "/// Name, bytes and coverage of each bundled face, in `FaceId` order.");
    let _ = writeln!(code, "static BUNDLED: [(&str, &[u8], Charset); {}] = [", faces.len());
    for (name, path, k) in faces {
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?}), Charset {{ bmp: &BMP_{k}, astral: &ASTRAL_{k} }}),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    std::fs::write(out.join("bundled.rs"), code).expect("write bundled.rs");
}
