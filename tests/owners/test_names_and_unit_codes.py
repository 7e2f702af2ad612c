import io

import pytest
from django.core.management import call_command

from owners import unitcodes
from owners.models import Owner
from owners.names import search_keys
from owners.search import search
from tests.factories import OwnerFactory, UnitFactory


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("曾伟", "zengwei", "zw"),
        ("单田芳", "shantianfang", "stf"),
        ("仇英", "qiuying", "qy"),
        ("解缙", "xiejin", "xj"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("李𠈌", "li𠈌", "l𠈌"),
        ("张三", "zhangsan", "zs"),
    ],
)
def test_it_reads_surnames_as_surnames_and_keeps_rare_characters(name, pinyin, initials):
    assert search_keys(name) == (pinyin, initials)


def test_it_does_not_read_a_company_name_as_a_surname():
    assert search_keys("曾厝垵物业有限公司", person=False)[0].startswith("ceng")


@pytest.mark.parametrize(
    "text",
    [
        "3-2-1201",
        "3栋2单元1201",
        "3号楼2单元1201室",
        "３－２－１２０１",
        "3幢2单元1201",
        "1-1-3栋2单元1201",
    ],
)
def test_it_reads_the_ways_people_write_a_unit(text):
    assert unitcodes.parse(text).code == "3-2-1201"


def test_it_fills_a_bare_room_from_its_columns():
    assert unitcodes.parse("0101", building="3", entrance="2").code == "3-2-101"
    assert unitcodes.building_number("1栋") == unitcodes.building_number("1") == "1"
    assert unitcodes.parse("楼上那间") is None
    assert unitcodes.parse("3-2-1201").floor == 12


@pytest.mark.django_db
def test_the_search_box_reads_a_spoken_unit_code(estate):
    unit = UnitFactory(building__estate=estate, code="3-2-1201")
    results = search(estate_ids={estate.pk}, query="3号楼2单元1201室")
    assert [u.code for u in results.units] == [unit.code]


@pytest.mark.django_db
def test_reindex_brings_old_keys_in_step(estate):
    owner = OwnerFactory(estate=estate, name="曾伟")
    Owner.objects.filter(pk=owner.pk).update(name_pinyin="cengwei", name_initials="cw")
    history = owner.history.count()
    call_command("reindex_names", stdout=io.StringIO())
    owner.refresh_from_db()
    assert (owner.name_pinyin, owner.name_initials) == ("zengwei", "zw")
    assert owner.history.count() == history
