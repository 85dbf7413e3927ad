/// Identifiers shared by every service of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderId(pub u64);
