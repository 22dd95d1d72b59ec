import io

from openpyxl import Workbook

from accounts.account_requests import AccountRequest


def request_for(unit, by, **kwargs):
    fields = {
        "name": "Công ty TNHH Thử",
        "tax_code": "5600001234",
        "address": "Số 1, đường Thử",
        "contact_name": "Lò Văn An",
        "contact_phone": "0209111222",
        **kwargs,
    }
    return AccountRequest.objects.create(unit=unit, submitted_by=by, **fields)


def xlsx_upload(rows, header=None, name="de-nghi.xlsx"):
    header = header or [
        "Tên cơ sở",
        "Mã số thuế",
        "Địa chỉ",
        "Đơn vị hành chính (mã hoặc tên)",
        "Lĩnh vực",
        "Loại hình",
        "Người liên hệ",
        "Điện thoại",
        "Email",
    ]
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf
