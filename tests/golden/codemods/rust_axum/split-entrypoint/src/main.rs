mod routes_impl;
mod state;
mod app_state;
mod background;
mod routes;
mod cli;

use crate::state::Settings;

#[tokio::main]
async fn main() {
    // hand-rolled arguments: `--version` answers and exits
    let args = cli::parse_args();
    if let Some(exit) = cli::early_exit(&args) {
        return exit;
    }
    let settings = Settings::from_env();

    let app_state::AppState { shared, events_tx, mut events_rx } = app_state::AppState::init();

    // the sweeper borrows a clone of the state; the logger takes the receiver for good
    let background::Background { sweeper, logger, ticker } = background::Background::start(&shared, events_rx);

    let app = routes::router(&shared);

    let listener = tokio::net::TcpListener::bind(("0.0.0.0", settings.port)).await.unwrap();
    events_tx.send("started".into()).await.unwrap();
    axum::serve(listener, app).await.unwrap();
    drop(events_tx);
    let _ = sweeper.await;
    let _ = logger.await;
    let _ = ticker.join();
}
