//! Room function categories (房间性质) and use status (使用状态).

use super::coded_enum;

coded_enum! {
    /// Room function category (表2 of 发改投资〔2014〕2674号, plus 技术业务用房).
    ///
    /// The first three make up 基本办公用房 and are measured in 使用面积; 附属用房 and
    /// 技术业务用房 are reported in 建筑面积 (DOMAIN §3.1).
    RoomCategory {
        /// 办公室: leaders' and staff offices (incl. a leader's rest room and private toilet).
        Office => "office", "办公室";
        /// 服务用房: meeting, reception, archive, duty rooms and the like.
        Service => "service", "服务用房";
        /// 设备用房: plant rooms.
        Equipment => "equipment", "设备用房";
        /// 附属用房: canteen, garage, guard rooms, civil defence.
        Ancillary => "ancillary", "附属用房";
        /// 技术业务用房: special rooms outside office space (courtrooms, interrogation rooms…).
        Technical => "technical", "技术业务用房";
    }
}

impl RoomCategory {
    /// Whether the category belongs to 基本办公用房 (basic office space, 使用面积 basis).
    pub fn is_basic_office(self) -> bool {
        matches!(self, Self::Office | Self::Service | Self::Equipment)
    }
}

coded_enum! {
    /// Use status of a room (房间使用状态).
    RoomStatus {
        /// 在用: in use.
        InUse => "in_use", "在用";
        /// 闲置: idle, available for reallocation (调剂).
        Idle => "idle", "闲置";
        /// 出租: rented out.
        RentedOut => "rented_out", "出租";
        /// 出借: lent out.
        LentOut => "lent_out", "出借";
        /// 维修: under repair.
        Repair => "repair", "维修";
        /// 待处置: awaiting disposal.
        Disposal => "disposal", "待处置";
    }
}
