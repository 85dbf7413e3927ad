#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub allowed_origins: String,
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
        Ok(Config {
            host: std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into()),
            port: port
                .parse()
                .map_err(|_| ConfigError(format!("bad port {port}")))?,
            allowed_origins: std::env::var("ORIGINS").unwrap_or_else(|_| "*".into()),
        })
    }

    pub fn is_production(&self) -> bool {
        self.host != "127.0.0.1"
    }
}
