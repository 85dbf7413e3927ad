//! The command line: argument parsing and the subcommands that exit early.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

/// Handles the command line (lines 16-16 of the original `fn main`).
pub(crate) fn parse_args() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    args
}

/// Handles the command line (lines 17-20 of the original `fn main`; `Some(..)` is main's early return).
pub(crate) fn early_exit(args: &Vec<String>) -> Option<()> {
    if args.iter().any(|a| a == "--version") {
        println!("catalog 0.1.0");
        return Some(());
    }
    None
}
