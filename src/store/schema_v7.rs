//! Schema step 6 → 7: the terms of concurrent posts (兼职的起止日期) and the date of a second
//! office's approval (第二处办公用房审批日期), which the persons panel keeps.
//!
//! Only nullable columns are added (`ALTER TABLE … ADD COLUMN`), so an older file's posts read
//! as "term unknown" and nothing another program added is rebuilt.

/// The step's SQL.
pub(super) const V7: &str = r#"
ALTER TABLE person_concurrent_units ADD COLUMN start_date DATE;
ALTER TABLE person_concurrent_units ADD COLUMN end_date DATE;
ALTER TABLE persons ADD COLUMN second_office_approval_date DATE;
"#;
