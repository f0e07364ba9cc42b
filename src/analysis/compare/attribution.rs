//! The attribution of a scenario's differences from the reference to its changed parameters,
//! computed by reruns in [`crate::commands::compare::attribute`].

use serde::Serialize;

/// One pathway's change, split.
#[derive(Debug, Clone, Serialize)]
pub struct PathwaySplit {
    pub pathway: String,
    /// Other − reference, from the two results.
    pub total: f64,
    /// One per [`Attribution::parameters`], in that order.
    pub contributions: Vec<f64>,
    pub interaction: f64,
}

/// The attribution of one scenario's differences from the reference.
#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    pub scenario: String,
    /// The parameters set one at a time.
    pub parameters: Vec<String>,
    /// Parameters that could not be set alone, with the reason; their effect is in the remainder.
    pub skipped: Vec<(String, String)>,
    pub pathways: Vec<PathwaySplit>,
}
