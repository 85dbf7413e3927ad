use shared_kit::settings::Settings;

fn main() {
    let settings = Settings::load();
    let pool = shared_kit::db::connect(&settings.url);
    let limits = shared_kit::Limits::default_for(pool.size());
    println!("{} {}", settings.url, limits.max);
}
