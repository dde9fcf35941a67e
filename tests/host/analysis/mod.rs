//! Analysis: the indicators, the dashboard's overview and the dashboard browser test's oracle.

mod dashboard_oracle;
mod indicators;
mod overview;
mod period_choice;
mod scale;
mod table;
