use shop_service::models::line::Line;
use shop_service::orders::place;
use shop_service::ShopError;

#[test]
fn an_order_totals_its_lines() {
    let order = place(7, "ada", r#"[{"sku": "tea", "cents": 350}, {"sku": "cake", "cents": 400}]"#)
        .unwrap();
    assert_eq!(order.cents, 750);
    assert_eq!(order.id, ids::OrderId(7));
}

#[test]
fn an_empty_order_is_refused() {
    assert_eq!(place(8, "ada", "[]").err(), Some(ShopError::Empty));
    let line = Line { sku: "tea".into(), cents: 1 };
    assert_eq!(line.cents, 1);
}
