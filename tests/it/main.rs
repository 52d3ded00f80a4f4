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
mod house;
mod io;
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
mod web;
