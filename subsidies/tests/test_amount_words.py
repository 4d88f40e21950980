import pytest

from subsidies.amount_words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (10_000_000, "Mười triệu đồng chẵn"),
        (20_000_000, "Hai mươi triệu đồng chẵn"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (2_026, "Hai nghìn không trăm hai mươi sáu đồng"),
        (0, "Không đồng"),
        (1, "Một đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (110, "Một trăm mười đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (45_500, "Bốn mươi lăm nghìn năm trăm đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (150_000_000, "Một trăm năm mươi triệu đồng chẵn"),
        (300_000_000, "Ba trăm triệu đồng chẵn"),
        (1_000_000_000, "Một tỷ đồng chẵn"),
        (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng chẵn"),
        (1_234_567_891, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng chẵn"),
        (-10_000_000, "Âm mười triệu đồng chẵn"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_number_in_words_lower_case_and_decimal_input():
    assert number_in_words(31) == "ba mươi mốt"
    assert amount_in_words("10000000.00") == "Mười triệu đồng chẵn"
