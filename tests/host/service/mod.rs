//! The service over the in-memory store: numbering, actions, export and import, head office.

mod buyers;
mod flow;
mod head_office;
mod queue_load;
