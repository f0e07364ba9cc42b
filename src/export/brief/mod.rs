//! The briefing: its content built from results and scenarios, and rendered as a self-contained
//! HTML page and as Markdown. `pathways brief` ([`crate::commands::brief`]) writes it.

pub mod assumptions;
pub mod build;
pub mod content;
pub mod drivers;
pub mod html;
pub mod markdown;
pub mod outcomes;
pub mod story;
pub mod vocabulary;
