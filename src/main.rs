//! The `brief` command: a thin shell around [`brief::cli::run`].

/// mimalloc instead of the system allocator: shaping, layout and PDF
/// writing make many small, short-lived allocations, and a build spends a
/// fifth of its time in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    brief::cli::run(std::env::args_os())
}
