"""The Thư tài khoản pages: each office downloads its own letters once; the Sở and the admins
see which office has taken its letters and reissue those never taken."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import ImportLetterBatch
from tests.factories.letters import imported, rollout_country, rollout_file

pytestmark = pytest.mark.django_db

LIST = reverse("letter_batch_list")


@pytest.fixture
def country():
    return rollout_country()


@pytest.fixture
def job(country):
    return imported(rollout_file(), country.admin)


def batch(job, **holder) -> ImportLetterBatch:
    return job.letter_batches.current().get(**holder)


def as_user(client, user):
    client.force_login(user)
    return client


def download(client, b):
    return client.post(reverse("letter_batch_download", args=[b.pk]))


def test_an_office_lists_only_its_own_letters(client, country, job):
    page = as_user(client, country.local_b).get(LIST).content.decode()
    assert "Phòng Kinh tế phường Mường Thanh" in page and "Tải thư (.zip)" in page
    assert "Ban quản lý KCN Tây Bắc" not in page and "Phòng Kinh tế phường Điện Biên Phủ" not in page


def test_the_menu_links_officers_to_their_letters(client, country, job):
    assert LIST in as_user(client, country.board).get(reverse("reports:dashboard")).content.decode()


def test_an_office_downloads_its_zip_once_and_a_second_time_is_refused_in_vietnamese(client, country, job):
    as_user(client, country.board)
    b = batch(job, zone=country.zone)
    response = download(client, b)
    assert response["Content-Type"] == "application/zip" and "no-store" in response["Cache-Control"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "03127-phuong-dien-bien-phu/thu-cap-tai-khoan.html" in names
    again = client.post(reverse("letter_batch_download", args=[b.pk]), follow=True)
    assert again.redirect_chain[-1][0] == LIST
    assert "đã được tải lúc" in again.content.decode() and "chỉ tải được một lần" in again.content.decode()
    page = client.get(LIST).content.decode()
    assert "Đã tải" in page and "bql.taybac" in page and "Tải thư (.zip)" not in page


def test_another_offices_letters_answer_404_and_stay_untouched(client, country, job):
    other = batch(job, unit=country.ward_b)
    for user in (country.local_a, country.board, country.so):
        assert download(as_user(client, user), other).status_code == 404
    other.refresh_from_db()
    assert other.downloaded_at is None
    assert (
        download(
            as_user(client, country.local_a), batch(job, unit__isnull=True, zone__isnull=True)
        ).status_code
        == 404
    )


def test_the_so_sees_each_office_of_its_province_and_when_it_downloaded(client, country, job):
    download(as_user(client, country.local_b), batch(job, unit=country.ward_b))
    page = as_user(client, country.so).get(LIST).content.decode()
    for office in (
        "Phòng Kinh tế phường Điện Biên Phủ",
        "Phòng Kinh tế phường Mường Thanh",
        "Ban quản lý KCN Tây Bắc",
    ):
        assert office in page
    assert "pkt.muongthanh" in page and "Chưa tải" in page
    assert "Tải thư (.zip)" not in page  # the Sở follows; the offices download
    assert "Cấp lại" in page


def test_the_so_reissues_letters_never_downloaded(client, country, job):
    old = batch(job, unit=country.ward_a)
    response = as_user(client, country.so).post(reverse("letter_batch_reissue", args=[old.pk]), follow=True)
    assert "Đã cấp lại thư tài khoản cho Phòng Kinh tế phường Điện Biên Phủ" in response.content.decode()
    new = batch(job, unit=country.ward_a)
    assert new.reissued_from == old
    assert download(as_user(client, country.local_a), new)["Content-Type"] == "application/zip"


def test_reissuing_asks_first_and_the_question_changes_nothing(client, country, job):
    b = batch(job, unit=country.ward_a)
    page = as_user(client, country.so).get(reverse("letter_batch_reissue", args=[b.pk])).content.decode()
    assert "Bộ thư của Phòng Kinh tế phường Điện Biên Phủ gồm" in page
    assert "mật khẩu ban đầu cũ hết hiệu lực ngay" in page
    assert not ImportLetterBatch.objects.filter(reissued_from=b).exists()


def test_downloaded_letters_cannot_be_reissued(client, country, job):
    b = batch(job, unit=country.ward_b)
    download(as_user(client, country.local_b), b)
    response = as_user(client, country.so).post(reverse("letter_batch_reissue", args=[b.pk]), follow=True)
    assert "Không cấp lại được" in response.content.decode()
    assert job.letter_batches.filter(reissued_from=b).count() == 0


def test_offices_cannot_reissue(client, country, job):
    b = batch(job, unit=country.ward_b)
    assert (
        as_user(client, country.local_b).post(reverse("letter_batch_reissue", args=[b.pk])).status_code == 404
    )
    assert not ImportLetterBatch.objects.filter(reissued_from=b).exists()


def test_the_admin_import_page_shows_each_offices_status_and_reissues(client, country, job):
    download(as_user(client, country.board), batch(job, zone=country.zone))
    as_user(client, country.admin)
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Thư tài khoản theo đơn vị giao thư" in page
    assert "bql.taybac" in page and "Phòng Kinh tế phường Mường Thanh" in page
    assert "không thuộc phòng kinh tế hay ban quản lý nào" in page  # the admins' own ZIP is the rest
    b = batch(job, unit=country.ward_b)
    response = client.post(reverse("letter_batch_reissue", args=[b.pk]), {"next": "import"})
    assert response.url == reverse("import_detail", args=[job.pk])


def test_the_list_can_be_narrowed_to_one_import(client, country, job):
    second = imported(rollout_file().replace(b"56002", b"56003"), country.admin, name="bo-sung.csv")
    as_user(client, country.local_b)
    assert client.get(LIST).content.decode().count("Tải thư (.zip)") == 2
    page = client.get(f"{LIST}?lan-nhap={second.pk}").content.decode()
    assert page.count("Tải thư (.zip)") == 1 and f"#{second.pk}" in page
    assert client.get(f"{LIST}?lan-nhap=%C2%B2").status_code == 200  # not an id: ignored


def test_facilities_do_not_reach_the_letters(client, country, job):
    facility_user = job.rows.filter(status="created").first().facility.user
    facility_user.must_change_password = False
    facility_user.save()
    assert as_user(client, facility_user).get(LIST).status_code == 404
