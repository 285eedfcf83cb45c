//! Reading a parsed TOML standard set key by key, so that every error names its key path.

use toml::{Table, Value};

use super::StandardError;
use crate::model::Coded;

/// A value in the document with the file it came from and its dotted key path.
#[derive(Clone, Debug)]
pub(super) struct Node<'a> {
    file: &'a str,
    path: String,
    key: &'a str,
    value: &'a Value,
}

/// A key as written in a dotted TOML path: bare if it can be, else quoted (`"湖北"`).
pub fn key_segment(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_owned()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl<'a> Node<'a> {
    /// The document's root table.
    pub(super) fn root(file: &'a str, value: &'a Value) -> Self {
        Self {
            file,
            path: String::new(),
            key: "",
            value,
        }
    }

    fn child(&self, key: &'a str, value: &'a Value) -> Node<'a> {
        let segment = key_segment(key);
        Node {
            file: self.file,
            path: if self.path.is_empty() {
                segment
            } else {
                format!("{}.{segment}", self.path)
            },
            key,
            value,
        }
    }

    /// The dotted key path, quoting keys that are not bare (`office.township.provinces."湖北"`).
    #[cfg(test)]
    fn path(&self) -> &str {
        &self.path
    }

    /// The last key of the path (a row or rule id).
    pub(super) fn key(&self) -> &'a str {
        self.key
    }

    /// The last key read as a code of the model (`county`, `central` …).
    pub(super) fn key_as<T: Coded>(&self) -> Result<T, StandardError> {
        T::ALL
            .iter()
            .copied()
            .find(|v| v.code() == self.key)
            .ok_or_else(|| {
                let known: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
                self.error(crate::t!(
                    "standards.reason.unknown_key",
                    allowed = known.join(", ")
                ))
            })
    }

    /// An error at this key.
    pub(super) fn error(&self, reason: impl Into<String>) -> StandardError {
        StandardError::Invalid {
            file: self.file.to_owned(),
            key: self.path.clone(),
            reason: reason.into(),
        }
    }

    fn table(&self) -> Result<&'a Table, StandardError> {
        self.value
            .as_table()
            .ok_or_else(|| self.error(crate::t!("standards.reason.table")))
    }

    /// A child that must be present.
    pub(super) fn get(&self, key: &'a str) -> Result<Node<'a>, StandardError> {
        static NOTHING: Value = Value::Boolean(false);
        self.opt(key)?.ok_or_else(|| {
            self.child(key, &NOTHING)
                .error(crate::t!("standards.reason.missing"))
        })
    }

    /// A child that may be absent.
    pub(super) fn opt(&self, key: &'a str) -> Result<Option<Node<'a>>, StandardError> {
        Ok(self
            .table()?
            .get_key_value(key)
            .map(|(k, value)| self.child(k, value)))
    }

    /// Every child of a table, in key order.
    pub(super) fn entries(&self) -> Result<Vec<Node<'a>>, StandardError> {
        Ok(self
            .table()?
            .iter()
            .map(|(key, value)| self.child(key, value))
            .collect())
    }

    /// Refuses keys outside `allowed` (catches misspelt overrides).
    pub(super) fn only(&self, allowed: &[&str]) -> Result<(), StandardError> {
        for child in self.entries()? {
            if !allowed.contains(&child.key) {
                return Err(child.error(crate::t!(
                    "standards.reason.unknown_key",
                    allowed = allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    pub(super) fn as_str(&self) -> Result<&'a str, StandardError> {
        self.value
            .as_str()
            .ok_or_else(|| self.error(crate::t!("standards.reason.text")))
    }

    /// A number (integer or float) that is finite and greater than zero.
    pub(super) fn as_positive(&self) -> Result<f64, StandardError> {
        let number = match self.value {
            Value::Integer(i) => *i as f64,
            Value::Float(f) => *f,
            _ => return Err(self.error(crate::t!("standards.reason.number"))),
        };
        if number.is_finite() && number > 0.0 {
            Ok(number)
        } else {
            Err(self.error(crate::t!("standards.reason.positive")))
        }
    }

    /// A fraction in (0, 1].
    pub(super) fn as_fraction(&self) -> Result<f64, StandardError> {
        let value = self.as_positive()?;
        if value <= 1.0 {
            Ok(value)
        } else {
            Err(self.error(crate::t!("standards.reason.fraction")))
        }
    }

    /// A whole number ≥ 0.
    pub(super) fn as_count(&self) -> Result<u32, StandardError> {
        self.value
            .as_integer()
            .and_then(|i| u32::try_from(i).ok())
            .ok_or_else(|| self.error(crate::t!("standards.reason.count")))
    }

    pub(super) fn as_bool(&self) -> Result<bool, StandardError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.error(crate::t!("standards.reason.bool")))
    }

    /// A code of the model (grade, organ category, unit kind …) by its code or Chinese term.
    pub(super) fn as_coded<T: Coded>(&self) -> Result<T, StandardError> {
        let text = self.as_str()?;
        T::parse(text).ok_or_else(|| {
            let known: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
            self.error(crate::t!(
                "standards.reason.code",
                value = text,
                known = known.join(", ")
            ))
        })
    }

    /// The items of an array (each reports errors at the array's key).
    pub(super) fn value_list(&self) -> Result<Vec<Node<'a>>, StandardError> {
        let array = self
            .value
            .as_array()
            .ok_or_else(|| self.error(crate::t!("standards.reason.list")))?;
        Ok(array
            .iter()
            .map(|value| Node {
                file: self.file,
                path: self.path.clone(),
                key: "",
                value,
            })
            .collect())
    }

    /// A list of texts.
    pub(super) fn as_str_list(&self) -> Result<Vec<String>, StandardError> {
        self.value_list()?
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .map_err(|_| self.error(crate::t!("standards.reason.text_list")))
            })
            .collect()
    }

    /// A non-empty list of codes.
    pub(super) fn as_coded_list<T: Coded>(&self) -> Result<Vec<T>, StandardError> {
        let items = self.value_list()?;
        if items.is_empty() {
            return Err(self.error(crate::t!("standards.reason.empty_list")));
        }
        items
            .iter()
            .map(|item| {
                item.as_coded::<T>().map_err(|e| match e {
                    StandardError::Invalid { reason, .. } => self.error(reason),
                    other => other,
                })
            })
            .collect()
    }

    /// An optional text child, empty when absent.
    pub(super) fn text_or_empty(&self, key: &'a str) -> Result<String, StandardError> {
        Ok(match self.opt(key)? {
            Some(n) => n.as_str()?.to_owned(),
            None => String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        Value::Table(toml::from_str(text).unwrap())
    }

    #[test]
    fn errors_name_the_file_and_the_whole_key() {
        let doc = parse("[office.township.provinces.\"湖北\".rows.chief]\narea_m2 = \"24\"\n");
        let root = Node::root("cn-2014.toml", &doc);
        let office = root.get("office").unwrap();
        let township = office.get("township").unwrap();
        let provinces = township.get("provinces").unwrap();
        let hubei = provinces.get("湖北").unwrap();
        assert_eq!(hubei.path(), "office.township.provinces.\"湖北\"");
        let rows = hubei.get("rows").unwrap();
        let chief = rows.get("chief").unwrap();
        let error = chief.get("area_m2").unwrap().as_positive().unwrap_err();
        match error {
            StandardError::Invalid { file, key, .. } => {
                assert_eq!(file, "cn-2014.toml");
                assert_eq!(key, "office.township.provinces.\"湖北\".rows.chief.area_m2");
            }
            other => panic!("{other:?}"),
        }
        let missing = chief.get("label").unwrap_err();
        assert!(
            matches!(missing, StandardError::Invalid { key, .. } if key.ends_with("chief.label"))
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let doc = parse("[plant]\nratio = 0.09\nbsae = \"standard\"\n");
        let root = Node::root("x.toml", &doc);
        let plant = root.get("plant").unwrap();
        let error = plant.only(&["ratio", "base", "source"]).unwrap_err();
        assert!(matches!(error, StandardError::Invalid { key, .. } if key == "plant.bsae"));
    }

    #[test]
    fn numbers_and_codes() {
        let doc = parse("a = 30\nb = 0.09\nc = -1\ng = [\"131\", \"乡科级正职\"]\nh = [\"999\"]\n");
        let root = Node::root("x.toml", &doc);
        assert_eq!(root.get("a").unwrap().as_positive().unwrap(), 30.0);
        assert_eq!(root.get("b").unwrap().as_fraction().unwrap(), 0.09);
        assert!(root.get("c").unwrap().as_positive().is_err());
        assert!(root.get("a").unwrap().as_fraction().is_err());
        let g = root.get("g").unwrap();
        assert_eq!(
            g.as_coded_list::<crate::model::Grade>().unwrap(),
            vec![
                crate::model::Grade::DivisionChief,
                crate::model::Grade::SectionChief
            ]
        );
        assert!(
            root.get("h")
                .unwrap()
                .as_coded_list::<crate::model::Grade>()
                .is_err()
        );
    }
}
