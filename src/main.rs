//! The `brief` command: a thin shell around [`brief::cli::run`].

fn main() -> std::process::ExitCode {
    brief::cli::run(std::env::args_os())
}
