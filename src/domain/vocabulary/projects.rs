//! The office's projects (楼盘) with their buildings: offered by the desk's intake form and
//! the reception tablet's screen, and the unit of the after-sales rules.

use serde::{Deserialize, Serialize};

/// One project the office sells, with its buildings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The project's name as customers know it, unique within the office.
    pub name: String,
    /// Its buildings (楼栋) in display order; may be empty.
    #[serde(default)]
    pub buildings: Vec<String>,
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
        }
    }

    /// The buildings as one text, separated by 、.
    pub fn buildings_text(&self) -> String {
        self.buildings.join("、")
    }
}
