pub mod like;
pub mod save;
