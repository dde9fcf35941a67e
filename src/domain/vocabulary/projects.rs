//! The office's projects (楼盘) with their buildings: offered by the desk's intake form and
//! the reception tablet's screen, and the unit of the after-sales rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One project the office sells, with its buildings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The project's name as customers know it, unique within the office.
    pub name: String,
    /// Its buildings (楼栋) in display order; may be empty.
    #[serde(default)]
    pub buildings: Vec<String>,
    /// For a project the office sells as an outside agency (外代理楼盘): the day the agency
    /// contract with the developer ends, which closes every buyer's after-sales period
    /// (R-31, source 002). `None` for the group's own projects (内代理), whose period ends at
    /// handover and move-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_contract_end: Option<NaiveDate>,
}

impl Project {
    /// A project from a name and a buildings text (separated by commas, 、 or spaces); the
    /// name and each building are trimmed, empty and repeated buildings left out.
    pub fn from_texts(name: &str, buildings: &str) -> Project {
        let mut list: Vec<String> = Vec::new();
        for b in buildings.split([',', '，', '、', ' ', '\n', ';', '；']) {
            let b = b.trim();
            if !b.is_empty() && !list.iter().any(|x| x == b) {
                list.push(b.to_string());
            }
        }
        Project {
            name: name.trim().to_string(),
            buildings: list,
            agency_contract_end: None,
        }
    }

    /// The buildings as one text, separated by 、.
    pub fn buildings_text(&self) -> String {
        self.buildings.join("、")
    }
}
