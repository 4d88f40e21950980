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
        # More edge cases of the formal wording.
        (5, "Năm đồng"),
        (4, "Bốn đồng"),
        (20, "Hai mươi đồng"),
        (31, "Ba mươi mốt đồng"),
        (94, "Chín mươi tư đồng"),
        (105, "Một trăm linh năm đồng"),
        (115, "Một trăm mười lăm đồng"),
        (114, "Một trăm mười bốn đồng"),
        (1_100, "Một nghìn một trăm đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (1_015, "Một nghìn không trăm mười lăm đồng"),
        (1_021, "Một nghìn không trăm hai mươi mốt đồng"),
        (5_000, "Năm nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (24_000, "Hai mươi tư nghìn đồng"),
        (500_000, "Năm trăm nghìn đồng"),
        (1_000_001, "Một triệu không trăm linh một đồng"),
        (1_000_100, "Một triệu một trăm đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
        (10_500_000, "Mười triệu năm trăm nghìn đồng"),
        (15_000_000, "Mười lăm triệu đồng chẵn"),
        (21_000_000, "Hai mươi mốt triệu đồng chẵn"),
        (25_000_000, "Hai mươi lăm triệu đồng chẵn"),
        (104_000_000, "Một trăm linh bốn triệu đồng chẵn"),
        (1_005_000_000, "Một tỷ không trăm linh năm triệu đồng chẵn"),
        (1_000_050_000, "Một tỷ không trăm năm mươi nghìn đồng"),
        (2_001_000_000, "Hai tỷ không trăm linh một triệu đồng chẵn"),
        (21_000_000_000, "Hai mươi mốt tỷ đồng chẵn"),
        (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng chẵn"),
        (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_number_in_words_lower_case_and_decimal_input():
    assert number_in_words(31) == "ba mươi mốt"
    assert amount_in_words("10000000.00") == "Mười triệu đồng chẵn"


def test_rounding_of_fractions_and_negative_zero():
    assert amount_in_words("1000000.4") == "Một triệu đồng chẵn"
    assert amount_in_words(-0) == "Không đồng"
    assert number_in_words(1_000_000) == "một triệu"
