//! Why an order waits, as `status` prints it; the lines come from the ordering core
//! (`ordering::waiting::why`), which the wizard's Orders screen reads too.

pub use crate::ordering::waiting::why;

/// Prints them under a heading, when there are any.
pub fn print(lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    outln!("why it waits:");
    for line in lines {
        outln!("  {line}");
    }
}
