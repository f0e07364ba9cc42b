//! `pathways list`: prints the presets, state variables and distributions
//! ([`crate::export::list`]).

use crate::error::Result;

pub fn run() -> Result<()> {
    print!("{}", crate::export::list::listing());
    Ok(())
}
