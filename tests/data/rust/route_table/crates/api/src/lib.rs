pub mod comment;
pub mod post;
