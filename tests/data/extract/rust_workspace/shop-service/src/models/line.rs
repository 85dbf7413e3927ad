use serde::{Deserialize, Serialize};

use crate::error::{Result, ShopError};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Line {
    pub sku: String,
    pub cents: u64,
}

pub(crate) fn parse_lines(json: &str) -> Result<Vec<Line>> {
    let lines: Vec<Line> =
        serde_json::from_str(json).map_err(|e| ShopError::Parse(e.to_string()))?;
    if lines.is_empty() {
        return Err(ShopError::Empty);
    }
    Ok(lines)
}
