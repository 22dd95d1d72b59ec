"""Thông báo tài khoản: the letter of one commune or ward handing issued accounts to its
facilities, the list as Phụ lục, then one slip per facility (login address, username, secret,
the steps, whom to call). Built from the same entries as the HTML letters (letters._entries)."""

from django.utils import translation

from safemap import paperwork as pw

from ..paperwork import office_closing, office_header, reference_note

LIST_COLUMNS = [
    pw.Column("STT", 11, "center"),
    pw.Column("Tên cơ sở", 52),
    pw.Column("Mã số thuế", 25),
    pw.Column("Địa chỉ", 45),
    pw.Column("Tên đăng nhập", 32),
]
SUMMARY = "V/v cấp tài khoản Bản đồ chung sống an toàn với COVID-19 cho các cơ sở sản xuất, kinh doanh"


def _contact_line(office) -> str:
    parts = [office.name]
    if office.phone:
        parts.append(f"ĐT: {office.phone}")
    if office.contact_name:
        who = f"cán bộ đầu mối: {office.contact_name}"
        if office.contact_mobile:
            who += f" ({office.contact_mobile})"
        parts.append(who)
    if office.email:
        parts.append(office.email)
    return "; ".join(parts)


def slip_blocks(facility, username, secret, contacts, *, login_url, period_days, reissued=False, note=""):
    """One facility's slip, on a page of its own."""
    blocks = [
        pw.Title("PHIẾU THÔNG TIN TÀI KHOẢN", "Bản đồ chung sống an toàn với COVID-19", note=note),
        pw.Para([pw.Run("Cơ sở: "), pw.Run(facility.name, bold=True)], indent=False),
    ]
    if facility.tax_code:
        blocks.append(pw.P(f"Mã số thuế: {facility.tax_code}", indent=False))
    if facility.address:
        blocks.append(pw.P(f"Địa chỉ: {facility.address}", indent=False))
    blocks += [
        pw.Table(
            [pw.Column("Thông tin", 50), pw.Column("Nội dung", 115)],
            [
                ["Địa chỉ đăng nhập", login_url],
                ["Tên đăng nhập", username],
                ["Mật khẩu mới" if reissued else "Mật khẩu ban đầu", secret],
            ],
            size=13,
        ),
        pw.Heading("Các bước thực hiện", indent=False),
        pw.P(
            f"1. Mở trình duyệt trên điện thoại hoặc máy tính, vào {login_url} và đăng nhập bằng tên "
            "đăng nhập, mật khẩu ở trên (gõ mật khẩu không cần dấu gạch ngang, chữ hoa hay chữ thường "
            "đều được)."
        ),
        pw.P(
            "2. Đặt mật khẩu của cơ sở ngay ở lần đăng nhập tới (bắt buộc) và giữ bí mật."
            if reissued
            else "2. Đặt mật khẩu mới ngay ở lần đăng nhập đầu tiên (bắt buộc) và giữ bí mật."
        ),
        pw.Para(
            [
                pw.Run("3. Bấm "),
                pw.Run("Kiểm tra → TEMPLATES → Chống dịch Covid19", bold=True),
                pw.Run(", đánh dấu từng tiêu chí cơ sở đã đáp ứng (để trống nếu chưa đáp ứng), bấm "),
                pw.Run("Hoàn thành", bold=True),
                pw.Run(" rồi ký xác nhận."),
            ]
        ),
        pw.P(
            f"4. Đánh giá lại định kỳ {period_days} ngày một lần; quá hạn, cơ sở sẽ hiện màu xám trên bản đồ."
        ),
    ]
    if contacts:
        blocks.append(pw.Heading("Khi cần hỗ trợ, liên hệ", indent=False))
        blocks += [pw.P(f"- {_contact_line(o)}") for o in contacts]
    blocks.append(
        pw.P("Phiếu này chứa mật khẩu: chỉ giao tận tay người phụ trách của cơ sở.", italic=True, size=12)
    )
    return blocks


def account_notice_blocks(*, office, unit, entries, login_url, period_days, reissued=False):
    """Yields the blocks one at a time (a province's slips run to thousands of pages):
    ``entries`` are (facility, username, secret, contacts)."""
    with translation.override("vi"):
        entries = list(entries)
        yield office_header(office, summary=SUMMARY)
        yield pw.Salutation([f"Các cơ sở sản xuất, kinh doanh trên địa bàn {unit.name}"])
        action = "cấp lại mật khẩu cho" if reissued else "cấp tài khoản cho"
        yield pw.P(
            "Thực hiện chỉ đạo của Bộ Công Thương về việc triển khai Bản đồ chung sống an toàn với "
            "COVID-19 đối với các cơ sở sản xuất, kinh doanh; mỗi cơ sở tự đánh giá an toàn phòng, "
            f"chống dịch định kỳ {period_days} ngày một lần trên hệ thống tại địa chỉ {login_url}."
        )
        yield pw.P(
            f"Nay thông báo việc {action} {len(entries)} cơ sở trên địa bàn {unit.name} (danh sách tại "
            "Phụ lục kèm theo). Thông tin đăng nhập của từng cơ sở được in trên phiếu riêng, giao tận "
            "tay người phụ trách của cơ sở; cơ sở đổi mật khẩu ngay ở lần đăng nhập đầu tiên."
        )
        yield pw.P(
            "Đề nghị các cơ sở thực hiện tự đánh giá đầy đủ, đúng thời hạn; trong quá trình thực hiện, "
            "nếu có vướng mắc, liên hệ cơ quan ghi trên phiếu để được hướng dẫn./."
        )
        yield office_closing(office, ["Như trên"])
        note = reference_note("Công văn", office)
        yield from pw.appendix_heading(
            f"DANH SÁCH TÀI KHOẢN CÁC CƠ SỞ TRÊN ĐỊA BÀN {unit.name.upper()}", note
        )
        yield pw.Table(
            LIST_COLUMNS,
            [
                [str(i), f.name, f.tax_code, f.address, username]
                for i, (f, username, _s, _c) in enumerate(entries, 1)
            ],
            size=11,
        )
        for facility, username, secret, contacts in entries:
            yield pw.PageBreak()
            yield from slip_blocks(
                facility,
                username,
                secret,
                contacts,
                login_url=login_url,
                period_days=period_days,
                reissued=reissued,
                note=note,
            )


def account_notice(**kwargs) -> pw.Document:
    return pw.Document(list(account_notice_blocks(**kwargs)), title="Thông báo tài khoản")
