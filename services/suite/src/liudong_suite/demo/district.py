"""The demo district 示范区, drawn: `plan` draws it from a fixed seed, so every machine
gets the same one: its place tree, each compound's five-in-one record and position on the
big screen's map, the houses, about 500 residents from many provinces, the departures of
some of them and one account per working role. No I/O here (entry.py enters it).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from stdnum.cn import ric, uscc

SEED = "liudong-demo"
DISTRICT = "示范区"
DAYS_BACK = 120  # arrivals spread over the last four months
RESIDENTS = 500
DEPARTED_SHARE = 0.15
HOUSED_SHARE = 0.9  # units with a house register entry; the rest are not registered yet

# The tree: station › community › compounds, each compound in the same shape.
STATIONS = {
    "城关派出所": {"南门社区": ("幸福家园", "阳光花园"), "北街社区": ("翠柳小区", "锦绣华庭")},
    "东湖派出所": {"湖滨社区": ("滨湖苑", "东湖春晓"), "桂园社区": ("桂花园", "丽景湾")},
}
BUILDINGS = 3
FLOORS, ROOMS_PER_FLOOR = 6, 2  # 101室 … 602室: 12 units a building
# Where each station's compounds gather on the map (GCJ-02, near 114.30, 30.59).
STATION_CENTRES = {"城关派出所": (114.285, 30.595), "东湖派出所": (114.345, 30.565)}

# Counties people come from: (code, name, first birth year python-stdnum knows the code
# for, weight). Within those years the registry checks the number without a warning.
COUNTIES = (
    ("420624", "湖北省襄阳市南漳县", 1983, 5),
    ("420683", "湖北省襄阳市枣阳市", 1989, 5),
    ("421181", "湖北省黄冈市麻城市", 1995, 5),
    ("421126", "湖北省黄冈市蕲春县", 1995, 4),
    ("421122", "湖北省黄冈市红安县", 1995, 3),
    ("420921", "湖北省孝感市孝昌县", 1993, 4),
    ("420982", "湖北省孝感市安陆市", 1993, 3),
    ("429004", "湖北省仙桃市", 1994, 4),
    ("429006", "湖北省天门市", 1994, 4),
    ("421083", "湖北省荆州市洪湖市", 1994, 3),
    ("420281", "湖北省黄石市大冶市", 1994, 3),
    ("422823", "湖北省恩施土家族苗族自治州巴东县", 1950, 4),
    ("422822", "湖北省恩施土家族苗族自治州建始县", 1950, 3),
    ("410221", "河南省开封市杞县", 1983, 3),
    ("410422", "河南省平顶山市叶县", 1983, 2),
    ("411324", "河南省南阳市镇平县", 1994, 2),
    ("411522", "河南省信阳市光山县", 1998, 3),
    ("430121", "湖南省长沙市长沙县", 1950, 2),
    ("430524", "湖南省邵阳市隆回县", 1986, 3),
    ("430381", "湖南省湘潭市湘乡市", 1989, 2),
    ("431022", "湖南省郴州市宜章县", 1994, 1),
    ("340121", "安徽省合肥市长丰县", 1950, 2),
    ("340826", "安徽省安庆市宿松县", 1988, 2),
    ("341222", "安徽省阜阳市太和县", 1996, 2),
    ("360121", "江西省南昌市南昌县", 1950, 2),
    ("360428", "江西省九江市都昌县", 1983, 2),
    ("510121", "四川省成都市金堂县", 1950, 1),
    ("511321", "四川省南充市南部县", 1993, 2),
    ("500235", "重庆市云阳县", 1997, 2),
    ("500230", "重庆市丰都县", 1997, 1),
    ("450821", "广西壮族自治区贵港市平南县", 1995, 1),
    ("522622", "贵州省黔东南苗族侗族自治州黄平县", 1950, 1),
    ("610528", "陕西省渭南市富平县", 1994, 1),
    ("620523", "甘肃省天水市甘谷县", 1985, 1),
    ("371326", "山东省临沂市平邑县", 1994, 1),
    ("130627", "河北省保定市唐县", 1994, 1),
    ("445122", "广东省潮州市饶平县", 1991, 1),
    ("320322", "江苏省徐州市沛县", 1983, 1),
    ("350322", "福建省莆田市仙游县", 1983, 1),
)
# House owners are people of the city itself.
OWNER_COUNTIES = ("420102", "420103", "420104", "420105", "420106", "420111")
OWNER_SINCE = 1983
OLDEST, YOUNGEST = 1966, 2006  # birth years of the residents

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = {
    "1": "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳建国志文海峰亮成东晨",
    "2": "芳娜敏静丽艳娟霞秀桂英玲婷雪慧颖琳倩洁燕萍红梅兰琴云莉欣怡佳雨晶月",
}
TOWNS = ("城关镇", "新店镇", "石桥镇", "白果镇", "河口镇", "马坪镇", "高桥乡", "黄土岭乡")
VILLAGES = ("张湾", "李家畈", "新华", "红星", "柳林", "杨庄", "桥头", "大河")
# Plain form data, drawn at random; nothing is ever decided by it (DOMAIN.md, last section).
OTHER_ETHNICITIES = ("02", "03", "06", "08", "11", "15")
TRADE_NAMES = ("楚天", "江汉", "荆楚", "晴川", "黄鹤", "汉江", "南湖", "沙湖", "月湖", "长江")
STAY_DAYS = (90, 180, 365, 730)
DEPARTURE_REASONS = ("返乡", "工作调动", "租期届满", "搬离本辖区")
REASONS = ("work", "business", "study", "family", "medical", "other")

# The import file's columns, as the registry's template names them.
HEADINGS = (
    "公民身份号码",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "联系方式",
    "户籍地址",
    "房屋编号",
    "到达本地日期",
    "住所类别",
    "居住事由",
    "拟居住天数",
)


# What the district holds: names and keys only; ids come when it is loaded.


@dataclass(frozen=True)
class Place:
    """A node of the tree; `key` is its path of names ("示范区/城关派出所/…")."""

    key: str
    kind: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Company:
    name: str
    credit_code: str
    contact_person: str
    phone: str


@dataclass(frozen=True)
class Profile:
    """A compound's five-in-one record and where it lies on the map."""

    compound: str
    developer: Company
    builder: Company
    property_company: Company
    lng: float
    lat: float


@dataclass(frozen=True)
class Owner:
    kind: str  # person | company
    name: str
    id_number: str
    phone: str


@dataclass(frozen=True)
class House:
    unit: str
    archive_no: str
    use: str  # rented | self_occupied | shop | vacant
    capacity: int
    floor_area: Decimal
    owner: Owner


@dataclass(frozen=True)
class Resident:
    id_number: str
    name: str
    sex: str
    birth_date: date
    ethnicity: str
    phone: str
    hukou_address: str
    unit: str
    arrival_date: date
    housing_type: str
    reason: str
    intended_stay_days: int


@dataclass(frozen=True)
class Departure:
    id_number: str
    departure_date: date
    reason: str


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    scope: str  # a place key
    title: str  # what the account is, in the users' words


@dataclass(frozen=True)
class District:
    places: tuple[Place, ...]
    profiles: tuple[Profile, ...]
    houses: tuple[House, ...]
    residents: tuple[Resident, ...]
    departures: tuple[Departure, ...]
    accounts: tuple[Account, ...]
    coordinator: str  # the coordinator's name; they look after their compound's houses

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places if p.kind == kind]

    @property
    def steps(self) -> int:
        """How many things `load` enters (a step per row of the import), for a progress bar."""
        entered = (self.places, self.profiles, self.houses, self.residents, self.departures)
        coordinator = 1 + len(self.coordinator_houses())  # registered, then given houses
        return sum(map(len, entered)) + len(self.accounts) + coordinator

    def coordinator_houses(self) -> list[House]:
        compound = next(a.scope for a in self.accounts if a.role == "coordinator")
        return [h for h in self.houses if h.unit.startswith(compound + "/")]


# Drawing the district: pure, from the seed and the day it is drawn on.


def plan(today: date, seed: str = SEED) -> District:
    """The whole district; the same seed and day give the same district."""
    rng = random.Random(seed)
    places = tuple(_tree())
    units = [p for p in places if p.kind == "unit"]
    profiles = tuple(_profile(rng, c) for c in places if c.kind == "compound")
    houses = tuple(_houses(rng, units))
    residents = tuple(_residents(rng, houses, today))
    return District(
        places=places,
        profiles=profiles,
        houses=houses,
        residents=residents,
        departures=tuple(_departures(rng, residents, today)),
        accounts=_accounts(places),
        coordinator=_name(rng, "1"),
    )


def _tree() -> Iterator[Place]:
    """Parents before children, in the order a clerk would enter them."""
    yield Place(DISTRICT, "district", DISTRICT, None)
    for station, communities in STATIONS.items():
        yield from _child(DISTRICT, "station", station)
        for community, compounds in communities.items():
            yield from _child(f"{DISTRICT}/{station}", "community", community)
            for compound in compounds:
                yield from _compound(f"{DISTRICT}/{station}/{community}", compound)


def _child(parent: str, kind: str, name: str) -> Iterator[Place]:
    yield Place(f"{parent}/{name}", kind, name, parent)


def _compound(parent: str, name: str) -> Iterator[Place]:
    compound = f"{parent}/{name}"
    yield from _child(parent, "compound", name)
    for b in range(1, BUILDINGS + 1):
        building = f"{compound}/{b}号楼"
        yield from _child(compound, "building", f"{b}号楼")
        for floor in range(1, FLOORS + 1):
            for room in range(1, ROOMS_PER_FLOOR + 1):
                yield from _child(building, "unit", f"{floor}{room:02d}室")


def _profile(rng: random.Random, compound: Place) -> Profile:
    station = compound.key.split("/")[1]
    lng, lat = STATION_CENTRES[station]
    return Profile(
        compound=compound.key,
        developer=_company(rng, "置业有限公司"),
        builder=_company(rng, "建设集团有限公司"),
        property_company=_company(rng, "物业服务有限公司"),
        lng=round(lng + rng.uniform(-0.015, 0.015), 6),
        lat=round(lat + rng.uniform(-0.012, 0.012), 6),
    )


def _company(rng: random.Random, business: str) -> Company:
    """A company of the city, with a valid unified social credit code."""
    body = f"91{rng.choice(OWNER_COUNTIES)}{rng.randrange(10**9):09d}"
    return Company(
        name=f"武汉{rng.choice(TRADE_NAMES)}{business}",
        credit_code=body + uscc.calc_check_digit(body),
        contact_person=_name(rng, rng.choice("12")),
        phone=f"027-8{rng.randrange(10**7):07d}",
    )


def _houses(rng: random.Random, units: list[Place]) -> Iterator[House]:
    for number, unit in enumerate(units, start=1):
        if rng.random() >= HOUSED_SHARE:
            continue
        floor = int(unit.name[:-3])  # 101室: floor 1
        area = Decimal(rng.randrange(4500, 13000)) / 100
        yield House(
            unit=unit.key,
            archive_no=f"SF{number:05d}",
            use=_use(rng, floor),
            capacity=max(2, min(10, int(area // 12))),
            floor_area=area,
            owner=_owner(rng),
        )


def _use(rng: random.Random, floor: int) -> str:
    """Shops on the ground floor; most of the rest let."""
    if floor == 1 and rng.random() < 0.25:
        return "shop"
    return rng.choices(("rented", "self_occupied", "vacant"), weights=(70, 18, 12))[0]


def _owner(rng: random.Random) -> Owner:
    if rng.random() < 0.2:
        company = _company(rng, "实业有限公司")
        return Owner("company", company.name, company.credit_code, company.phone)
    sex = rng.choice("12")
    county = rng.choice(OWNER_COUNTIES)
    number, _born = _id_number(rng, county, OWNER_SINCE, 1990, sex, set())
    return Owner("person", _name(rng, sex), number, _mobile(rng))


def _residents(rng: random.Random, houses: tuple[House, ...], today: date) -> Iterator[Resident]:
    """Residents spread over the lived-in houses, never more in one than it may hold."""
    beds = [h for h in houses if h.use != "vacant" for _ in range(h.capacity)]
    taken: set[str] = set()
    for house in rng.sample(beds, RESIDENTS):
        yield _resident(rng, house, today, taken)


def _resident(rng: random.Random, house: House, today: date, taken: set[str]) -> Resident:
    code, county, since, _weight = rng.choices(COUNTIES, weights=[c[3] for c in COUNTIES])[0]
    sex = rng.choice("12")
    number, born = _id_number(rng, code, max(since, OLDEST), YOUNGEST, sex, taken)
    housing_type = _housing_type(rng, house)
    return Resident(
        id_number=number,
        name=_name(rng, sex),
        sex=sex,
        birth_date=born,
        ethnicity="01" if rng.random() < 0.94 else rng.choice(OTHER_ETHNICITIES),
        phone=_mobile(rng),
        hukou_address=_hukou_address(rng, county),
        unit=house.unit,
        arrival_date=today - timedelta(days=rng.randrange(DAYS_BACK + 1)),
        housing_type=housing_type,
        reason=_reason(rng, housing_type),
        intended_stay_days=rng.choice(STAY_DAYS),
    )


def _id_number(
    rng: random.Random, county: str, first_year: int, last_year: int, sex: str, taken: set[str]
) -> tuple[str, date]:
    """A valid, unused number: county, birth date, a sequence whose parity is the sex."""
    while True:
        first, last = date(first_year, 1, 1), date(last_year, 12, 31)
        born = first + timedelta(days=rng.randrange((last - first).days + 1))
        sequence = rng.randrange(500) * 2 + (1 if sex == "1" else 0)
        body = f"{county}{born:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return number, born


def _hukou_address(rng: random.Random, county: str) -> str:
    return f"{county}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}村{rng.randrange(1, 13)}组"


def _name(rng: random.Random, sex: str) -> str:
    given = rng.choice(GIVEN[sex])
    if rng.random() < 0.7:
        given += rng.choice(GIVEN[sex])
    return rng.choice(SURNAMES) + given


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


def _housing_type(rng: random.Random, house: House) -> str:
    """What the house is to its resident: let, a staff dormitory, a relative's home …"""
    if house.use == "shop":
        return "hotel_other"
    if house.use == "self_occupied":
        return "relative_friend" if rng.random() < 0.8 else "own_house"
    if house.owner.kind == "company":
        return "dormitory" if rng.random() < 0.75 else "construction_site"
    return "rented"


def _reason(rng: random.Random, housing_type: str) -> str:
    if housing_type in ("dormitory", "construction_site"):
        return "work"
    if housing_type == "hotel_other":
        return "business"
    return rng.choices(REASONS, weights=(60, 16, 8, 8, 4, 4))[0]


def _departures(
    rng: random.Random, residents: tuple[Resident, ...], today: date
) -> Iterator[Departure]:
    """Some of those who came before today have left again, by today at the latest."""
    earlier = [r for r in residents if r.arrival_date < today]
    for resident in rng.sample(earlier, round(len(residents) * DEPARTED_SHARE)):
        stayed = rng.randrange(1, (today - resident.arrival_date).days + 1)
        yield Departure(
            resident.id_number,
            resident.arrival_date + timedelta(days=stayed),
            rng.choice(DEPARTURE_REASONS),
        )


def _accounts(places: tuple[Place, ...]) -> tuple[Account, ...]:
    """One per working role, on the first station and the first of each kind under it."""
    station, community, compound = (
        next(p for p in places if p.kind == kind) for kind in ("station", "community", "compound")
    )
    return (
        Account("demo_station", "station", station.key, f"派出所 ({station.name})"),
        Account("demo_community", "community", community.key, f"社区 ({community.name})"),
        Account("demo_compound", "compound", compound.key, f"小区管理处 ({compound.name})"),
        Account("demo_coordinator", "coordinator", compound.key, f"协管员 ({compound.name})"),
    )


def import_file(district: District, unit_ids: dict[str, str]) -> bytes:
    """Every resident as a row of the registry's import template (CSV, UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for r in district.residents:
        writer.writerow(
            [
                r.id_number,
                r.name,
                r.sex,
                r.ethnicity,
                r.birth_date.isoformat(),
                r.phone,
                r.hukou_address,
                unit_ids[r.unit],
                r.arrival_date.isoformat(),
                r.housing_type,
                r.reason,
                str(r.intended_stay_days),
            ]
        )
    return out.getvalue().encode("utf-8-sig")
