pub struct Settings {
    pub url: String,
}

impl Settings {
    pub fn load() -> Self {
        Settings { url: String::from("memory://") }
    }
}
