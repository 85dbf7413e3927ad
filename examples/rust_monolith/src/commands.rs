//! The command line: subcommands and the `healthcheck` probe.

use crate::config::Config;
use crate::db::DbPool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Serve,
    Healthcheck,
    Version,
    Help,
}

pub fn parse_command(args: &[String]) -> Result<Command, String> {
    match args.get(1).map(String::as_str) {
        None | Some("serve") => Ok(Command::Serve),
        Some("healthcheck") => Ok(Command::Healthcheck),
        Some("version") | Some("--version") | Some("-V") => Ok(Command::Version),
        Some("help") | Some("--help") | Some("-h") => Ok(Command::Help),
        Some(other) => Err(format!("unknown command {:?}; try `user-service help`", other)),
    }
}

pub const USAGE: &str = "usage: user-service [serve|healthcheck|version|help]

  serve        run the HTTP server (default)
  healthcheck  load the configuration and check out one database connection
  version      print the version";

/// `user-service healthcheck`: configuration loads and the pool hands out a connection.
pub async fn run_healthcheck(config: &Config) -> i32 {
    let pool = match DbPool::connect(&config.database_url, config.pool_size) {
        Ok(pool) => pool,
        Err(err) => {
            eprintln!("healthcheck failed: {}", err);
            return 1;
        }
    };
    match pool.get().await {
        Ok(mut conn) => {
            conn.query("SELECT 1");
            println!("ok: {} (connection {} of {})", pool.url(), conn.id(), pool.size());
            0
        }
        Err(err) => {
            eprintln!("healthcheck failed: {}", err);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_subcommands() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(parse_command(&args(&["bin"])), Ok(Command::Serve));
        assert_eq!(parse_command(&args(&["bin", "healthcheck"])), Ok(Command::Healthcheck));
        assert_eq!(parse_command(&args(&["bin", "-V"])), Ok(Command::Version));
        assert!(parse_command(&args(&["bin", "nope"])).is_err());
    }
}
