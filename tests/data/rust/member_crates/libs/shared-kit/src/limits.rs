pub struct Limits {
    pub max: usize,
}

impl Limits {
    pub fn default_for(size: usize) -> Limits {
        Limits { max: size * 2 }
    }
}
