//! The items the shop sells, the state the items handlers read.

pub struct Catalog {
    pub names: Vec<String>,
}

impl Catalog {
    pub fn with_items(names: &[&str]) -> Self {
        Catalog { names: names.iter().map(|n| n.to_string()).collect() }
    }
}
