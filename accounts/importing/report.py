"""The preview as plain text, for the management command."""

from .columns import FIELDS
from .validation import Preview


def preview_report(preview: Preview) -> str:
    layout = preview.layout
    lines = [f"Dòng tiêu đề: {layout.header_row + 1}; dữ liệu từ dòng {layout.data_start + 1}."]
    if preview.sheet.encoding:
        lines.append(f"Bảng mã: {preview.sheet.encoding}.")
    lines.append("Các cột:")
    for column in layout.columns:
        target = FIELDS[column.field] if column.field else "(bỏ qua)"
        lines.append(f"  {column.letter} «{column.header}» → {target}")
    lines.append(
        f"{len(preview.rows)} dòng: {len(preview.valid)} hợp lệ "
        f"({preview.count('create')} tạo mới, {preview.count('update')} cập nhật), "
        f"{len(preview.invalid)} có lỗi."
    )
    for error in preview.blocking_errors:
        lines.append(f"LỖI CHẶN: {error['message']}")
    for row in preview.invalid:
        for error in row.errors:
            where = f"Dòng {row.number}" + (f", cột {error['column']}" if error["column"] else "")
            lines.append(f"{where}: {error['message']}")
    if preview.skipped:
        lines.append("Bỏ qua (không phải dữ liệu): dòng " + ", ".join(map(str, preview.skipped)))
    return "\n".join(lines) + "\n"
