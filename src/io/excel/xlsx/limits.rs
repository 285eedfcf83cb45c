//! The caps of the workbook reader: what a 编制 workbook can hold, far above any real one and
//! far below what would exhaust memory or time. Each exceeded cap is a refusal that names the
//! file, the sheet and the cell.

/// Bytes of one XML part once inflated: a zip bomb stops here (a sheet of 200,000 rows of
/// 20 cells is about 150 MB).
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// Strings in the shared-string table.
pub const MAX_SHARED_STRINGS: usize = 2_000_000;
/// Bytes of all shared strings together.
pub const MAX_SHARED_STRING_BYTES: usize = 128 << 20;
/// Characters of one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Non-empty rows read from one sheet (a province's persons fit many times over).
pub const MAX_ROWS: usize = 200_000;
/// Columns a sheet of this program may use: the widest (单位, with a column per rank) has
/// about 40; a cell beyond is far outside the table (a stray `XFD1048576`).
pub const MAX_COLUMNS: u32 = 256;
/// Excel's last row (1,048,576) and last column (XFD, 16,384): a reference beyond either is
/// no cell of a worksheet.
pub const LAST_ROW: u32 = 1_048_576;
pub const LAST_COLUMN: u32 = 16_384;
/// Sheets listed in a workbook.
pub const MAX_SHEETS: usize = 1_000;
/// Cell formats (`cellXfs`) in the styles part.
pub const MAX_FORMATS: usize = 65_536;
