mod cli_args;

use std::time::Duration;

use crate::cli_args::{Cli, Commands};

#[derive(Debug)]
pub struct OpsError(String);

impl From<std::num::ParseIntError> for OpsError {
    fn from(e: std::num::ParseIntError) -> Self {
        OpsError(e.to_string())
    }
}

fn main() -> Result<(), OpsError> {
    let cli = Cli::parse();
    let verbose = cli.verbose;
    let base = String::from("/var/lib/ops");
    match cli.command {
        Commands::Migrate { steps, dry_run } => {
            let steps: u32 = steps.parse()?;
            for step in 0..steps {
                if verbose {
                    println!("migrating {base}: step {step}");
                }
                if !dry_run {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            println!("migrated {steps} steps");
        }
        Commands::Seed { count } => {
            let mut rows = Vec::new();
            for i in 0..count {
                rows.push(format!("{base}/row-{i}"));
            }
            println!("seeded {} rows", rows.len());
        }
        Commands::Serve { port } => {
            println!("serving on {port}");
        }
    }
    Ok(())
}
