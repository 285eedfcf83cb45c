//! Post grades (职务级别) as coded by GB/T 12407-2008.

use super::coded_enum;

coded_enum! {
    /// The grade of a post or a person (GB/T 12407-2008 职务级别代码).
    ///
    /// Grades are independent of the organ category: the standard set maps
    /// (organ category, grade) to a row of its table, so that one person's grade can be
    /// looked up in the 2014 table, the 1999 table or a province's township rows alike.
    Grade {
        /// 101 国家级正职
        NationalChief => "101", "国家级正职";
        /// 102 国家级副职
        NationalDeputy => "102", "国家级副职";
        /// 111 省部级正职
        ProvincialChief => "111", "省部级正职";
        /// 112 省部级副职
        ProvincialDeputy => "112", "省部级副职";
        /// 121 厅局级正职
        BureauChief => "121", "厅局级正职";
        /// 122 厅局级副职
        BureauDeputy => "122", "厅局级副职";
        /// 131 县处级正职
        DivisionChief => "131", "县处级正职";
        /// 132 县处级副职
        DivisionDeputy => "132", "县处级副职";
        /// 141 乡科级正职
        SectionChief => "141", "乡科级正职";
        /// 142 乡科级副职
        SectionDeputy => "142", "乡科级副职";
        /// 150 科员级
        Clerk => "150", "科员级";
        /// 160 办事员级
        Staff => "160", "办事员级";
    }
}

impl Grade {
    /// The GB/T 12407 numeric code.
    pub fn number(self) -> u16 {
        // Codes are three ASCII digits by construction of the table above.
        crate::model::Coded::code(self).parse().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Coded as _;

    #[test]
    fn codes_follow_gbt_12407() {
        assert_eq!(Grade::DivisionChief.number(), 131);
        assert_eq!(Grade::Staff.number(), 160);
        assert_eq!(Grade::parse("乡科级副职"), Some(Grade::SectionDeputy));
        assert_eq!(Grade::parse("142"), Some(Grade::SectionDeputy));
        assert_eq!(Grade::ALL.len(), Grade::COUNT);
        assert_eq!(
            (Grade::NationalChief.index(), Grade::Staff.index()),
            (0, 11)
        );
        for (i, g) in Grade::ALL.iter().enumerate() {
            assert_eq!(g.index(), i);
        }
    }
}
