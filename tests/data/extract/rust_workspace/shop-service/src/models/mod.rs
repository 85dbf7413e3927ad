pub mod line;

use serde::{Deserialize, Serialize};

/// The workspace's id type, named here so that the library needs the `ids` path dependency.
pub type OrderRef = ids::OrderId;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Customer {
    pub name: String,
}
