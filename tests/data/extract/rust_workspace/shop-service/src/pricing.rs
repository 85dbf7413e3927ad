use crate::models::line::Line;

pub fn total(lines: &[Line]) -> u64 {
    lines.iter().map(|line| line.cents).sum()
}
