use std::fmt;

#[derive(Debug, PartialEq)]
pub enum ShopError {
    Empty,
    Parse(String),
}

impl fmt::Display for ShopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShopError::Empty => write!(f, "empty order"),
            ShopError::Parse(why) => write!(f, "bad order: {why}"),
        }
    }
}

pub(crate) type Result<T> = std::result::Result<T, ShopError>;
