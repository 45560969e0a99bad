//! Translation from the resolved compose model to the swarm model, one pass per concern.

pub mod keys;
