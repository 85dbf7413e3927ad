//! The command line: argument parsing and the subcommands that exit early.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use clap::Parser;
use crate::Cli;

/// Handles the command line (lines 23-23 of the original `fn main`).
pub(crate) fn parse_args() -> Cli {
    let cli = Cli::parse();
    cli
}

/// Handles the command line (lines 24-27 of the original `fn main`; `Some(..)` is main's early return).
pub(crate) fn early_exit(cli: &Cli) -> Option<std::io::Result<()>> {
    if cli.check {
        println!("ok");
        return Some(Ok(()));
    }
    None
}
