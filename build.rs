//! Links the `brief` command as a position-dependent executable on Linux.
//!
//! A position-independent executable is relocated by the dynamic loader at
//! every start: for this binary some 25,000 relocations, written into about
//! 110 pages of its data, which the kernel then has to copy. That was about
//! 0.3 ms of every run (`brief --version` took 1.95 ms instead of 1.65 ms on
//! the project's machine). Only the binary is linked this way; the library,
//! the tests and the benchmarks are not affected.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
