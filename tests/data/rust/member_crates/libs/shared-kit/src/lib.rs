pub mod db;
pub mod settings;
mod limits;

pub use limits::Limits;
