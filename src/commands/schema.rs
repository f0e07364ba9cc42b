//! `pathways schema`: prints the JSON Schema of the scenario format
//! ([`crate::scenario::schema`]).

use crate::error::Result;

pub fn run() -> Result<()> {
    print!("{}", crate::scenario::schema::schema_json());
    Ok(())
}
