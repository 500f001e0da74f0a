"""Citations as the law writes them: statute names in 《》, article numbers in Chinese."""

from liangfa.core.citation import chinese_number as numeral
from liangfa.core.citation import cite as as_the_law_writes


def test_article_numbers_as_the_law_writes_them():
    assert [numeral(n) for n in (1, 10, 16, 20, 105, 110, 140, 225, 1000, 1005)] == [
        "一", "十", "十六", "二十", "一百零五", "一百一十", "一百四十", "二百二十五", "一千", "一千零五"]
    assert as_the_law_writes("刑法第140条") == "《刑法》第一百四十条"
    assert as_the_law_writes("刑法第142条之一") == "《刑法》第一百四十二条之一"
    assert as_the_law_writes("《立案追诉标准的规定（二）》 第71条第（一）项") == "《立案追诉标准的规定（二）》 第七十一条第（一）项"
    assert as_the_law_writes("《刑法》第一百四十条") == "《刑法》第一百四十条"
