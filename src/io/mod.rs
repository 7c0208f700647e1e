//! Reading and writing networks.

mod json;
