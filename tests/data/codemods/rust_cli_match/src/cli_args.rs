pub struct Cli {
    pub verbose: bool,
    pub command: Commands,
}

pub enum Commands {
    Migrate { steps: String, dry_run: bool },
    Seed { count: usize },
    Serve { port: u16 },
}

impl Cli {
    pub fn parse() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let command = match args.get(1).map(String::as_str) {
            Some("migrate") => Commands::Migrate { steps: args.get(2).cloned().unwrap_or_default(), dry_run: args.len() > 3 },
            Some("seed") => Commands::Seed { count: 3 },
            _ => Commands::Serve { port: 8080 },
        };
        Cli { verbose: std::env::var("VERBOSE").is_ok(), command }
    }
}
