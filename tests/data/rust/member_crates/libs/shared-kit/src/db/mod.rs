pub struct Pool {
    size: usize,
}

impl Pool {
    pub fn size(&self) -> usize {
        self.size
    }
}

pub fn connect(_url: &str) -> Pool {
    Pool { size: 4 }
}
