use shop_service::orders::place;

fn main() {
    match place(1, "ada", r#"[{"sku": "tea", "cents": 350}]"#) {
        Ok(order) => println!("order {:?} for {}: {} cents", order.id, order.customer.name,
                              order.cents),
        Err(error) => eprintln!("{error}"),
    }
}
