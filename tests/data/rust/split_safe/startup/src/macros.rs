macro_rules! log_line {
    ($msg:expr) => {
        eprintln!("[startup] {}", $msg)
    };
}
