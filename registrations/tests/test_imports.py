"""Excel import: all-or-nothing, each bad row named in Vietnamese, export → import round trip."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.models import AdministrativeUnit
from registrations.exports import HEADERS, export_district_list
from registrations.imports import ImportFailed, import_list
from registrations.models import Producer, Registration

pytestmark = pytest.mark.django_db


def workbook(rows, *, merges=()) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["Biểu dự kiến các sản phẩm đăng ký tham gia Chương trình OCOP năm 2022"])
    ws.append([])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("ds.xlsx", out.getvalue())


GOOD = [
    [1, "Hợp tác xã Na dai Lục Nam", "Thôn Liên Khuyên, xã Huyện Sơn", "Na dai Lục Nam", "Đăng ký mới"],
    [2, "Hợp tác xã dịch vụ nông nghiệp Mai Sưu", "Thôn Tân Thành, xã Trường Sơn", "Hạt dẻ Mai Sưu", "Nâng hạng"],
    [None, None, None, "Bưởi Mai Sưu", "đăng ký mới"],
    [3, "Công ty TNHH Trường Thọ", "Đông Hưng", "Đông trùng hạ thảo", ""],
]


def data_rows(content: bytes):
    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)], {str(r) for r in ws.merged_cells.ranges}


def test_plain_layout_import_by_the_office(demo_users):
    created = import_list(file=workbook(GOOD), year=2022, actor=demo_users["phongnn"])
    assert [r.product.name for r in created] == ["Na dai Lục Nam", "Hạt dẻ Mai Sưu", "Bưởi Mai Sưu", "Đông trùng hạ thảo"]
    assert {r.status for r in created} == {Registration.Status.ACCEPTED}
    assert [r.kind for r in created] == ["new", "upgrade", "new", "new"]
    na_dai = created[0]
    assert na_dai.commune.code == "218-11"  # the plan's "Huyện Sơn" typo is Huyền Sơn
    assert na_dai.producer.address == "Thôn Liên Khuyên, xã Huyền Sơn"
    assert na_dai.producer.kind == Producer.Kind.COOPERATIVE
    assert created[3].producer.kind == Producer.Kind.ENTERPRISE and created[3].commune.code == "218-09"
    assert created[1].producer_id == created[2].producer_id


def test_merged_layout_import(demo_users):
    rows = [GOOD[0], GOOD[1], [None, None, None, "Bưởi Mai Sưu", "Đăng ký mới"]]
    created = import_list(file=workbook(rows, merges=["A5:A6", "B5:B6", "C5:C6"]), year=2022,
                          actor=demo_users["phongnn"])
    assert len(created) == 3 and created[1].producer_id == created[2].producer_id


def test_one_bad_row_imports_nothing_and_is_named(demo_2021):
    office = demo_2021["phongnn"]
    rows = [
        [1, "Hợp tác xã Rau má Huyền Sơn", "Thôn Liên Khuyên, xã Huyền Sơn", "Rau má", "Đăng ký mới"],  # fine
        [2, "Hợp tác xã Rau sạch", "Thôn Đông, xã Không Có", "Rau cải", "Đăng ký mới"],  # unknown commune
        [3, "Nhóm sản xuất Chè", "Thôn Bắc, xã Bảo Sơn", "Chè xanh", "Đăng ký mới"],  # kind missing
        [4, "Hợp tác xã Gà đồi", "Thôn Nam, xã Bảo Sơn", None, "Đăng ký mới"],  # empty product
        [5, "Hợp tác xã sản xuất dứa Lục Nam", "Thôn Đồng Công, xã Bảo Sơn", "Dứa Bảo Sơn", "Đăng ký mới"],  # exists
        [6, "Hợp tác xã Vải", "Thôn Tây, xã Bảo Sơn", "Vải thiều", "Ưu tiên"],  # unknown note
    ]
    before = Registration.objects.count(), Producer.objects.count()
    with pytest.raises(ImportFailed) as err:
        import_list(file=workbook(rows), year=2021, actor=office)
    assert (Registration.objects.count(), Producer.objects.count()) == before
    messages = dict(err.value.errors)
    assert sorted(messages) == [5, 6, 7, 8, 9]  # header on row 3, data from row 4; row 4 is fine
    assert "Không xác định được xã/thị trấn" in messages[5]
    assert "loại hình chủ thể" in messages[6]
    assert "Tên sản phẩm không được để trống" in messages[7]
    assert "đã được đăng ký năm 2021" in messages[8]
    assert "Ghi chú" in messages[9]


def test_commune_officer_imports_only_its_commune_as_drafts(demo_users, period_2022):
    commune = demo_users["xa.huyenson"]
    with pytest.raises(ImportFailed) as err:
        import_list(file=workbook(GOOD), year=2022, actor=commune)
    assert [row for row, _ in err.value.errors] == [5, 7]  # Trường Sơn and Đông Hưng rows
    assert not Registration.objects.exists()
    created = import_list(file=workbook([GOOD[0]]), year=2022, actor=commune)
    assert created[0].status == Registration.Status.DRAFT and created[0].commune_list.period == period_2022


def test_missing_header_or_bad_file(demo_users):
    wb = Workbook()
    wb.active.append(["Một bảng khác"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportFailed) as err:
        import_list(file=SimpleUploadedFile("x.xlsx", out.getvalue()), year=2022, actor=demo_users["phongnn"])
    assert "dòng tiêu đề" in err.value.errors[0][1]
    with pytest.raises(ImportFailed):
        import_list(file=SimpleUploadedFile("x.xlsx", b"not excel"), year=2022, actor=demo_users["phongnn"])


def test_export_then_import_into_an_empty_year_gives_the_same_list(demo_2021):
    district = AdministrativeUnit.objects.get(code="218")
    _name, exported = export_district_list(year=2021, district=district, fmt="xlsx")
    import_list(file=SimpleUploadedFile("ds.xlsx", exported), year=2023, actor=demo_2021["phongnn"])
    _name, again = export_district_list(year=2023, district=district, fmt="xlsx")
    rows_2021, merged_2021 = data_rows(exported)
    rows_2023, merged_2023 = data_rows(again)
    assert rows_2023 == rows_2021
    assert merged_2023 == merged_2021
    assert Registration.objects.filter(year=2023).count() == 8
    assert Producer.objects.count() == 6  # the producers were found, not duplicated


def test_import_page_lists_bad_rows(demo_users, client_as):
    rows = [GOOD[0], [2, "Hợp tác xã Rau", "Thôn Đông, xã Không Có", "Rau", ""]]
    response = client_as("phongnn").post("/ho-so/nhap-excel/", {"year": 2022, "file": workbook(rows)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa nhập dòng nào" in html and "Không xác định được xã/thị trấn" in html
    assert not Registration.objects.exists()
    ok = client_as("phongnn").post("/ho-so/nhap-excel/", {"year": 2022, "file": workbook(GOOD)})
    assert ok.status_code == 302 and Registration.objects.count() == 4
    assert ok["Location"] == "/ho-so/tong-hop/?year=2022"  # the office checks the consolidated list


@pytest.mark.parametrize("username", ["taichinh", "hoidong.chutich", "tinh"])
def test_import_refused_to_other_roles(demo_users, client_as, username):
    assert client_as(username).get("/ho-so/nhap-excel/").status_code == 403
