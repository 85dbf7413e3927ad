pub fn old_api() -> u32 {
    1
}
