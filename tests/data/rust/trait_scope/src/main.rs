mod handlers;
mod middleware;
mod plugins;
mod replay;

fn main() {}
