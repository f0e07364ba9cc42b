//! Holding the model against observed data: scoring its predictive distributions ([`score`])
//! with the observations' own measurement noise ([`noise`]). Calibration is in
//! [`crate::calibrate`].

pub mod noise;
pub mod score;
