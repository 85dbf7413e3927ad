//! The items the market sells, the state the items handlers read.

use std::sync::Arc;

#[derive(Clone)]
pub struct Catalog {
    pub names: Arc<Vec<String>>,
}

impl Catalog {
    pub fn with_items(names: &[&str]) -> Self {
        Catalog { names: Arc::new(names.iter().map(|n| n.to_string()).collect()) }
    }
}
