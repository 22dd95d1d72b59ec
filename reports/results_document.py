"""Báo cáo kết quả as a document (safemap.paperwork): an office's periodic report to the level
above, for the current period and the officer's scope, with a Phụ lục per sub-unit. Every
figure is ``results_report``'s, which are the dashboard's."""

from django.utils import timezone
from django.utils.translation import override

from accounts.choices import MapColour
from accounts.paperwork import office_closing, office_header, reference_note
from safemap import paperwork as pw

from .results_report import STATES, Results, addressees


def number(n) -> str:
    """12.345: the Vietnamese thousands separator."""
    return f"{n:,}".replace(",", ".")


def percent(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _cell(cell, detail=True) -> str:
    """A follow-up cell (followup.Cell) as the dashboard shows it; a share with its
    "part/whole" unless ``detail`` is off (a narrow column)."""
    if cell.value is None:
        return "—"
    if cell.fmt == "percent":
        if not (detail and cell.detail):
            return percent(cell.value)
        part, whole = cell.detail.split("/")
        return f"{percent(cell.value)} ({number(int(part))}/{number(int(whole))})"
    if cell.fmt == "days":
        return f"{cell.value:g}".replace(".", ",") + " ngày"
    return number(cell.value)


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def summary(results: Results) -> str:
    start = results.dashboard["period_start"]
    return (
        "Kết quả tự đánh giá an toàn phòng, chống dịch COVID-19 của các cơ sở sản xuất, kinh doanh "
        f"({results.user.scope_label()}), kỳ từ ngày {_day(start)} đến ngày {_day(results.now)}"
    )


def results_document(results: Results, office) -> pw.Document:
    with override("vi"):
        return pw.Document(title="Báo cáo kết quả", blocks=list(_blocks(results, office)))


def _blocks(results: Results, office):
    d = results.dashboard
    states, total, colours = d["states"], d["rates_total"], d["colours"]
    issuer = office.name if office is not None else "Cơ quan"
    at = timezone.localtime(results.now)
    yield office_header(office)
    yield pw.Title("BÁO CÁO", summary(results))
    to = addressees(office, results.user.unit)
    yield pw.Salutation(to or ["……………………………………"])
    yield pw.P(
        f"{issuer} báo cáo kết quả tự đánh giá an toàn phòng, chống dịch COVID-19 của các cơ sở "
        f"trên Bản đồ chung sống an toàn với COVID-19, số liệu tính đến {at:%H} giờ {at:%M} "
        f"ngày {at:%d/%m/%Y}, như sau:"
    )
    yield pw.Heading("I. KẾT QUẢ CHUNG")
    yield pw.P(
        f"1. Tổng số cơ sở: {number(states['total'])}; trong đó {number(total.expected)} cơ sở đã được "
        f"cấp tài khoản (phải báo cáo trong kỳ), {number(states['no_account'])} cơ sở chưa có tài khoản."
    )
    yield pw.P(
        f"2. Trong kỳ, {number(total.reported)} cơ sở đã tự đánh giá và ký xác nhận, đạt "
        f"{percent(total.reporting_rate)}; trong đó {number(total.on_time)} cơ sở đúng hạn, đạt "
        f"{percent(total.on_time_rate)} số cơ sở phải báo cáo."
    )
    yield pw.P(
        "3. Theo mức độ trên bản đồ: "
        + "; ".join(f"{label}: {number(n)}" for _value, label, n in colours)
        + "."
    )
    yield pw.P(
        f"4. Cơ sở quá hạn đánh giá: {number(states['overdue'])}; chưa đánh giá lần nào: "
        f"{number(states['never'])}; không an toàn: {number(states['unsafe'])}."
    )
    followup = d["followup"]
    yield pw.P(
        "5. Theo dõi, xử lý: "
        + "; ".join(
            f"{column.label.lower()}: {_cell(cell)}"
            for column, cell in zip(followup["columns"], followup["total"], strict=True)
        )
        + "."
    )
    yield pw.P(
        f"6. Tạm dừng hoạt động: {number(states['suspended'])} cơ sở đang chịu quyết định tạm dừng "
        "chưa được cho hoạt động trở lại."
    )
    yield pw.Heading("II. KẾT QUẢ THEO ĐƠN VỊ")
    yield pw.P("Chi tiết từng đơn vị tại Phụ lục kèm theo Báo cáo này.")
    yield pw.Heading(f"III. DIỄN BIẾN {len(d['trend'])} KỲ GẦN NHẤT")
    yield pw.Table(
        [
            pw.Column("Kỳ kết thúc ngày", 35, "center"),
            pw.Column("Phải báo cáo", 26, "right"),
            pw.Column("Đã báo cáo", 26, "right"),
            pw.Column("Tỷ lệ báo cáo", 26, "right"),
            pw.Column("Đúng hạn", 26, "right"),
            pw.Column("Tỷ lệ đúng hạn", 26, "right"),
        ],
        [
            [
                _day(rate.extra["end"]),
                number(rate.expected),
                number(rate.reported),
                percent(rate.reporting_rate),
                number(rate.on_time),
                percent(rate.on_time_rate),
            ]
            for rate in d["trend"]
        ],
    )
    yield pw.Heading("IV. ĐÁNH GIÁ, KIẾN NGHỊ")
    yield pw.P("……………………………………………………………………………………………………………")
    yield office_closing(office, ["Như trên"] if to else [])
    yield from _appendix(results, office)


def _appendix(results: Results, office):
    d = results.dashboard
    yield from pw.appendix_heading("KẾT QUẢ TỰ ĐÁNH GIÁ THEO ĐƠN VỊ", reference_note("Báo cáo", office))
    rows = list(results.rows)
    yield pw.Heading("1. Báo cáo trong kỳ và tình trạng cơ sở")
    yield pw.Table(
        [
            pw.Column("STT", 10, "center"),
            pw.Column("Đơn vị", 39, "left"),
            pw.Column("Phải báo cáo", 17, "right"),
            pw.Column("Đã báo cáo", 17, "right"),
            pw.Column("Tỷ lệ", 16, "right"),
            pw.Column("Đúng hạn", 16, "right"),
            pw.Column("Quá hạn", 16, "right"),
            pw.Column("Chưa đánh giá", 17, "right"),
            pw.Column("Không an toàn", 17, "right"),
        ],
        [
            [
                str(i),
                rate.label,
                number(rate.expected),
                number(rate.reported),
                percent(rate.reporting_rate),
                number(rate.on_time),
                number(states["overdue"]),
                number(states["never"]),
                number(states["unsafe"]),
            ]
            for i, (rate, states, _colours, _cells) in enumerate(rows, 1)
        ]
        + [
            [
                "",
                "Cộng",
                number(d["rates_total"].expected),
                number(d["rates_total"].reported),
                percent(d["rates_total"].reporting_rate),
                number(d["rates_total"].on_time),
                *(number(d["states"][name]) for name in STATES[:3]),
            ]
        ],
        size=10,
    )
    yield pw.Heading("2. Theo mức độ trên bản đồ")
    width = round((165 - 10 - 45) / len(MapColour), 1)
    yield pw.Table(
        [pw.Column("STT", 10, "center"), pw.Column("Đơn vị", 45, "left")]
        + [pw.Column(str(c.label), width, "right") for c in MapColour],
        [
            [str(i), rate.label, *(number(colours.get(c.value, 0)) for c in MapColour)]
            for i, (rate, _states, colours, _cells) in enumerate(rows, 1)
        ]
        + [["", "Cộng", *(number(n) for _value, _label, n in d["colours"])]],
        size=10,
    )
    followup = d["followup"]
    yield pw.Heading("3. Theo dõi, xử lý")
    width = round((165 - 10 - 35) / len(followup["columns"]), 1)
    yield pw.Table(
        [pw.Column("STT", 10, "center"), pw.Column("Đơn vị", 35, "left")]
        + [pw.Column(str(column.label), width, "right") for column in followup["columns"]],
        [
            [str(i), rate.label, *(_cell(cell, detail=False) for cell in cells)]
            for i, (rate, _states, _colours, cells) in enumerate(rows, 1)
        ]
        + [["", "Cộng", *(_cell(cell, detail=False) for cell in followup["total"])]],
        size=9,
    )
