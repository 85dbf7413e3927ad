pub struct Order {
    pub id: u64,
}
