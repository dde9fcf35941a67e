//! Deadlines, urgency and escalation: the rules, and the rules in use through the service.

mod first_contact;
mod in_use;
mod rules;
