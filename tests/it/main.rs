//! The integration tests: one binary, one module per concern.

mod architecture;
mod bad;
mod body;
mod cases;
mod cli;
mod common;
mod docs;
mod event;
mod fonts;
mod hostile;
mod house;
mod layout;
mod mail;
mod pdf;
mod readback;
mod recipients;
mod robust;
mod schema;
mod scripts;
mod tools;
mod summary;
mod tagged;
mod typography;
mod versions;
