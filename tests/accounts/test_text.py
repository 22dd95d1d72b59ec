from accounts.text import province_key, vietnamese_key, without_unit_prefix


def test_vietnamese_order_compares_base_letters_first_then_marks_then_tones():
    words = ["ơ", "đa", "o", "ă", "b", "ó", "da", "â", "a", "ô", "à", "dz", "ò"]
    assert sorted(words, key=vietnamese_key) == [
        "a",
        "à",
        "ă",
        "â",
        "b",
        "da",
        "đa",
        "dz",
        "o",
        "ò",
        "ó",
        "ô",
        "ơ",
    ]
    assert sorted(["Cao Bằng", "Cà Mau"], key=vietnamese_key) == ["Cà Mau", "Cao Bằng"]


def test_provinces_sort_by_name_without_tinh_or_thanh_pho():
    names = ["Thành phố Hà Nội", "Tỉnh Cao Bằng", "Cà Mau", "Thành phố Cần Thơ", "Hà Giang"]
    assert sorted(names, key=province_key) == [
        "Cà Mau",
        "Thành phố Cần Thơ",
        "Tỉnh Cao Bằng",
        "Hà Giang",
        "Thành phố Hà Nội",
    ]
    assert without_unit_prefix("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
