"""A realistic, deterministic demo book: the same seed (and moment) always gives the same book.

Chinese and international accounts and people (Faker pools built once, then combined with
one seeded random.Random for speed), phone numbers valid for their country with matching
time zones, and past touches simulated dial by dial with the DOMAIN.md benchmarks, so the
stages, queue counters and reach -> connect -> conversation ratios all follow from one history.

Everything goes in with Core bulk inserts inside one transaction: a failure part way leaves
the cache as it was. Demo rows write no outbox ops: they are seed data, not the rep's own
changes, and must never be pushed to a server as if the rep had made them.
"""

from __future__ import annotations

import contextlib
import enum
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import timezone as phone_zones
from sqlalchemy import insert, text
from sqlalchemy.exc import SQLAlchemyError

from sdr_desk.core.entities import (
    BuyerRole,
    Channel,
    Direction,
    EngagementKind,
    Grade,
    LeadClass,
    LeadSource,
    Outcome,
    Seniority,
    Stage,
    Stance,
    Step,
    Tier,
)
from sdr_desk.core.sla import SlaBook
from sdr_desk.core.steps import is_unanswered_attempt, step_for
from sdr_desk.store.engine import Cache
from sdr_desk.store.outbox import get_state
from sdr_desk.store.practice import PracticeBookError, mark_practice
from sdr_desk.store.repositories import SalesBook, lead_search_text
from sdr_desk.store.tables import AccountRow, ActivityRow, BuyerRoleRow, EngagementRow, LeadMilestoneRow, LeadRow

# --- the benchmarks the simulated dials follow (DOMAIN.md "Connect") ----------------------------

DIALS_PER_CONNECT_MOBILE = 12.73
DIALS_PER_CONNECT_SWITCHBOARD = 18.83
DIALS_PER_CONVERSATION = 22.5
CONVERSATIONS_PER_MEETING = 3

DEMO_TEAM = "demo-team"
OTHER_REPS = ("demo-rep-2", "demo-rep-3", "demo-rep-4", "demo-rep-5")
DEMO_LEAD = "demo-lead"  # the team lead the demo user can switch to (store.team_work.switch_demo_user)
# Who in sales accepted a demo SQL: departments, not people.
SALES_DESKS = ("Sales East", "Sales North", "Sales South", "Key Accounts")
DAY = 86_400
HISTORY_DAYS = 180
BATCH_LEADS = 1_000
STALLED_DAYS = 30  # a worked lead untouched this long has gone back to nurture

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    accounts: int
    leads: int
    activities: int
    engagement_events: int
    buyer_roles: int
    seconds: float


# --- places: cities with the numbers that ring there ------------------------------------------


@dataclass(frozen=True)
class City:
    country: str  # ISO 3166-1 alpha-2
    name: str
    territory: str  # Account.region: the sales territory the account belongs to
    zone: str  # IANA time zone
    calling_code: int
    landline: tuple[str, ...]  # national prefixes of the city's fixed lines
    length: int  # digits of a national significant number
    weight: float


CN_MOBILE = tuple(f"1{p}" for p in "30 31 32 33 35 36 37 38 39 50 51 52 55 56 57 58 59 66 76 77 78 80 81 82 83 85 86 87 88 89 91 98 99".split())

# Cities whose phone prefixes map to their own time zone in the phone-number data, so a
# lead's zone can always be checked against its number.
CITIES: tuple[City, ...] = (
    City("CN", "北京", "华北", "Asia/Shanghai", 86, ("10",), 10, 14),
    City("CN", "上海", "华东", "Asia/Shanghai", 86, ("21",), 10, 14),
    City("CN", "广州", "华南", "Asia/Shanghai", 86, ("20",), 10, 7),
    City("CN", "深圳", "华南", "Asia/Shanghai", 86, ("755",), 11, 9),
    City("CN", "杭州", "华东", "Asia/Shanghai", 86, ("571",), 11, 6),
    City("CN", "苏州", "华东", "Asia/Shanghai", 86, ("512",), 11, 4),
    City("CN", "南京", "华东", "Asia/Shanghai", 86, ("25",), 10, 4),
    City("CN", "成都", "西南", "Asia/Shanghai", 86, ("28",), 10, 4),
    City("CN", "武汉", "华中", "Asia/Shanghai", 86, ("27",), 10, 3),
    City("CN", "西安", "西北", "Asia/Shanghai", 86, ("29",), 10, 2),
    City("US", "New York, NY", "US East", "America/New_York", 1, ("212", "646"), 10, 4),
    City("US", "Boston, MA", "US East", "America/New_York", 1, ("617", "857"), 10, 2),
    City("US", "Atlanta, GA", "US East", "America/New_York", 1, ("404", "678"), 10, 1.5),
    City("US", "Chicago, IL", "US Central", "America/Chicago", 1, ("312", "773"), 10, 2.5),
    City("US", "Austin, TX", "US Central", "America/Chicago", 1, ("512", "737"), 10, 1.5),
    City("US", "Denver, CO", "US West", "America/Denver", 1, ("303", "720"), 10, 1),
    City("US", "Phoenix, AZ", "US West", "America/Phoenix", 1, ("602", "480"), 10, 1),
    City("US", "Seattle, WA", "US West", "America/Los_Angeles", 1, ("206", "425"), 10, 1.5),
    City("US", "San Francisco, CA", "US West", "America/Los_Angeles", 1, ("415", "628"), 10, 3),
    City("US", "Los Angeles, CA", "US West", "America/Los_Angeles", 1, ("213", "310"), 10, 2),
    City("CA", "Toronto, ON", "Canada", "America/Toronto", 1, ("416", "647"), 10, 2),
    City("CA", "Vancouver, BC", "Canada", "America/Vancouver", 1, ("604", "778"), 10, 1),
    City("CA", "Calgary, AB", "Canada", "America/Edmonton", 1, ("403", "587"), 10, 0.5),
    City("GB", "London", "UK & Ireland", "Europe/London", 44, ("207", "208"), 10, 3),
    City("GB", "Manchester", "UK & Ireland", "Europe/London", 44, ("161",), 10, 1),
    City("SG", "Singapore", "Southeast Asia", "Asia/Singapore", 65, ("6",), 8, 3),
    City("AU", "Sydney", "ANZ", "Australia/Sydney", 61, ("2",), 9, 2),
    City("AU", "Perth", "ANZ", "Australia/Perth", 61, ("8",), 9, 0.5),
)

# Mobile prefixes and number length per country (US and Canada mobiles use the city's area codes).
MOBILES: dict[str, tuple[tuple[str, ...], int]] = {
    "CN": (CN_MOBILE, 11),
    "GB": (("71", "73", "74", "75", "77", "78", "79"), 10),
    "SG": (("8", "9"), 8),
    "AU": (("4",), 9),
}

SHARED_CALLING_CODES = {c.calling_code for c in CITIES if len(phonenumbers.region_codes_for_country_code(c.calling_code)) > 1}

# --- companies ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Industry:
    zh_words: tuple[str, ...]  # what Chinese company names in the industry carry
    en_words: tuple[str, ...]
    domain_words: tuple[str, ...]
    tags: tuple[str, ...]  # e.g. b2b / saas, which the ideal profile looks for
    weight: float


INDUSTRIES: dict[str, Industry] = {
    "Software & SaaS": Industry(("软件", "信息技术", "网络科技", "云计算"), ("Software", "Systems", "Cloud", "Labs"), ("soft", "tech", "cloud"), ("b2b", "saas"), 16),
    "Manufacturing": Industry(("精密制造", "机械", "智能装备", "新材料"), ("Manufacturing", "Industries", "Components"), ("mfg", "industry"), ("b2b",), 16),
    "Financial services": Industry(("金融服务", "投资", "融资租赁"), ("Capital", "Financial", "Partners"), ("capital", "fin"), ("b2b",), 8),
    "Retail & e-commerce": Industry(("电子商务", "商贸", "零售"), ("Commerce", "Retail", "Brands"), ("shop", "retail"), ("b2c",), 9),
    "Healthcare & life sciences": Industry(("医疗器械", "生物科技", "医药"), ("Health", "Biotech", "Medical"), ("health", "bio"), ("b2b",), 7),
    "Logistics & supply chain": Industry(("物流", "供应链", "国际货运"), ("Logistics", "Freight", "Supply"), ("logistics", "scm"), ("b2b",), 7),
    "Education": Industry(("教育科技", "培训"), ("Learning", "Education"), ("edu", "learn"), ("b2c",), 5),
    "Automotive": Industry(("汽车零部件", "新能源汽车"), ("Motors", "Automotive"), ("auto", "motor"), ("b2b",), 6),
    "Energy & utilities": Industry(("新能源", "电力工程"), ("Energy", "Power", "Renewables"), ("energy", "power"), ("b2b",), 5),
    "Professional services": Industry(("企业管理咨询", "咨询"), ("Consulting", "Advisors", "Group"), ("consult", "advisory"), ("b2b",), 8),
    "Media & advertising": Industry(("文化传媒", "广告"), ("Media", "Creative", "Studios"), ("media", "ad"), ("b2b",), 6),
    "Telecommunications": Industry(("通信技术", "通信"), ("Telecom", "Networks"), ("net", "telecom"), ("b2b",), 4),
}
CN_COMPANY_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "集团有限公司", "科技有限公司")
EN_COMPANY_SUFFIXES = ("Inc.", "LLC", "Ltd", "Group", "Co.", "Corp.")

# employees: (low, high, weight for inbound, weight for outbound target lists)
SIZE_BANDS = ((10, 49, 30, 2), (50, 99, 22, 6), (100, 499, 28, 32), (500, 999, 10, 24), (1000, 4999, 7, 24), (5000, 60000, 3, 12))
# Outbound target lists by company size (DOMAIN.md: top-100/500/1000/5000 lists).
TARGET_LISTS = ((5000, "top-100"), (1000, "top-500"), (500, "top-1000"), (0, "top-5000"))

# --- people -------------------------------------------------------------------------------------------

# Pinyin of the given-name characters and common surnames Faker zh_CN uses, for e-mail names.
PINYIN = dict(
    pair.split(":")
    for pair in (
        "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 吴:wu 赵:zhao 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu "
        "胡:hu 林:lin 郭:guo 何:he 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 邓:deng 冯:feng "
        "韩:han 曹:cao 曾:zeng 彭:peng 萧:xiao 蔡:cai 潘:pan 田:tian 董:dong 袁:yuan 余:yu 叶:ye 蒋:jiang 杜:du "
        "苏:su 魏:wei 程:cheng 吕:lv 丁:ding 沈:shen 任:ren 姚:yao 卢:lu 傅:fu 钟:zhong 姜:jiang 崔:cui 谭:tan "
        "廖:liao 范:fan 汪:wang 陆:lu "
        "东:dong 丹:dan 丽:li 云:yun 亮:liang 伟:wei 佳:jia 俊:jun 倩:qian 健:jian 兰:lan 兵:bing 军:jun 冬:dong "
        "凤:feng 凯:kai 刚:gang 利:li 勇:yong 华:hua 博:bo 国:guo 坤:kun 娜:na 娟:juan 婷:ting 宁:ning 宇:yu "
        "小:xiao 岩:yan 峰:feng 帅:shuai 帆:fan 平:ping 建:jian 强:qiang 彬:bin 志:zhi 想:xiang 慧:hui 成:cheng "
        "敏:min 文:wen 斌:bin 旭:xu 明:ming 春:chun 晨:chen 晶:jing 杰:jie 柳:liu 桂:gui 梅:mei 楠:nan 欢:huan "
        "欣:xin 波:bo 洁:jie 洋:yang 浩:hao 海:hai 涛:tao 淑:shu 燕:yan 玉:yu 玲:ling 珍:zhen 琳:lin 琴:qin "
        "瑜:yu 瑞:rui 璐:lu 畅:chang 磊:lei 秀:xiu 红:hong 艳:yan 芝:zhi 花:hua 芳:fang 英:ying 荣:rong 莉:li "
        "莹:ying 萍:ping 超:chao 辉:hui 金:jin 鑫:xin 阳:yang 雪:xue 雷:lei 霞:xia 静:jing 颖:ying 飞:fei "
        "香:xiang 鹏:peng 龙:long"
    ).split()
)


@dataclass(frozen=True)
class Title:
    en: str
    zh: str
    seniority: Seniority
    roles: tuple[BuyerRole, ...]  # likely buyer roles, first is the most likely
    inbound: float  # how often inbound leads carry it
    outbound: float  # how often outbound research picks it


# Titles decide seniority and buyer role, so the three never contradict each other.
TITLES: tuple[Title, ...] = (
    Title("CEO", "首席执行官", Seniority.C_LEVEL, (BuyerRole.DECIDER,), 1.5, 4),
    Title("General Manager", "总经理", Seniority.C_LEVEL, (BuyerRole.DECIDER,), 2, 5),
    Title("Chief Marketing Officer", "首席营销官", Seniority.C_LEVEL, (BuyerRole.DECIDER, BuyerRole.INITIATOR), 1, 5),
    Title("Chief Information Officer", "首席信息官", Seniority.C_LEVEL, (BuyerRole.DECIDER, BuyerRole.INFLUENCER), 1, 4),
    Title("VP of Sales", "销售副总裁", Seniority.VP, (BuyerRole.DECIDER, BuyerRole.INITIATOR), 1.5, 6),
    Title("VP of Marketing", "市场副总裁", Seniority.VP, (BuyerRole.INITIATOR, BuyerRole.DECIDER), 1.5, 6),
    Title("Marketing Director", "市场总监", Seniority.DIRECTOR, (BuyerRole.INITIATOR, BuyerRole.INFLUENCER), 6, 10),
    Title("Sales Director", "销售总监", Seniority.DIRECTOR, (BuyerRole.INITIATOR, BuyerRole.INFLUENCER), 5, 9),
    Title("Director of Digital Marketing", "数字营销总监", Seniority.DIRECTOR, (BuyerRole.INITIATOR, BuyerRole.INFLUENCER), 3, 6),
    Title("IT Director", "IT总监", Seniority.DIRECTOR, (BuyerRole.INFLUENCER, BuyerRole.DECIDER), 3, 6),
    Title("Head of Growth", "增长负责人", Seniority.DIRECTOR, (BuyerRole.INITIATOR,), 2, 3),
    Title("Marketing Manager", "市场经理", Seniority.MANAGER, (BuyerRole.INFLUENCER, BuyerRole.USER), 12, 7),
    Title("Digital Marketing Manager", "数字营销经理", Seniority.MANAGER, (BuyerRole.INFLUENCER, BuyerRole.USER), 8, 5),
    Title("Sales Operations Manager", "销售运营经理", Seniority.MANAGER, (BuyerRole.INFLUENCER, BuyerRole.USER), 6, 5),
    Title("CRM Manager", "CRM经理", Seniority.MANAGER, (BuyerRole.USER, BuyerRole.INFLUENCER), 4, 3),
    Title("IT Manager", "IT经理", Seniority.MANAGER, (BuyerRole.INFLUENCER, BuyerRole.USER), 6, 4),
    Title("Procurement Manager", "采购经理", Seniority.MANAGER, (BuyerRole.BUYER,), 3, 5),
    Title("Purchasing Specialist", "采购专员", Seniority.INDIVIDUAL, (BuyerRole.BUYER,), 2, 1),
    Title("Marketing Specialist", "市场专员", Seniority.INDIVIDUAL, (BuyerRole.USER,), 12, 1),
    Title("Sales Representative", "销售代表", Seniority.INDIVIDUAL, (BuyerRole.USER,), 8, 1),
    Title("Data Analyst", "数据分析师", Seniority.INDIVIDUAL, (BuyerRole.USER, BuyerRole.INFLUENCER), 5, 1),
    Title("Executive Assistant", "总经理助理", Seniority.INDIVIDUAL, (BuyerRole.GATEKEEPER,), 3, 3),
    Title("Office Administrator", "行政专员", Seniority.INDIVIDUAL, (BuyerRole.GATEKEEPER,), 2, 1),
    Title("Consultant", "顾问", Seniority.UNKNOWN, (BuyerRole.INFLUENCER,), 2, 0),
    Title("Student", "学生", Seniority.STUDENT, (BuyerRole.UNKNOWN,), 1.5, 0),
)
CN_FREE_MAIL = ("qq.com", "163.com", "126.com")
EN_FREE_MAIL = ("gmail.com", "outlook.com", "yahoo.com")

INBOUND_SOURCES = (
    (LeadSource.WEB_FORM, 35),
    (LeadSource.WHITEPAPER, 25),
    (LeadSource.WEBINAR, 20),
    (LeadSource.TRADE_SHOW, 12),
    (LeadSource.REFERRAL, 8),
)

# --- what prospects did and what reps wrote -----------------------------------------------------------

PAGES = ("/", "/product/lead-scoring", "/product/call-queue", "/product/wechat", "/solutions/manufacturing",
         "/solutions/saas", "/customers", "/blog/speed-to-lead", "/blog/sdr-playbook", "/integrations")
ASSETS = {
    "zh": ("《B2B 线索培育白皮书》", "《销售开发代表实战手册》", "《中国 B2B 营销趋势报告》", "《线索评分模型指南》"),
    "en": ("B2B Lead Nurturing Whitepaper", "The SDR Playbook", "Speed-to-Lead Benchmark Report", "Lead Scoring Guide"),
}
WEBINARS = {
    "zh": ("直播:用 MANTCP 认证线索", "直播:从 MQL 到 SQL 的交接", "直播:制造业数字化获客"),
    "en": ("Webinar: Building an Outbound SDR Team", "Webinar: Inbound Speed-to-Lead", "Webinar: Scoring That Sales Trusts"),
}
NEWSLETTERS = ("newsletter-2026-06", "newsletter-2026-08", "newsletter-2026-10", "nurture-welcome-3", "event-invite")
WECHAT_ARTICLES = ("公众号:销售开发团队的 5 个关键指标", "公众号:客户案例|线索转化提升 47%", "公众号:白皮书下载",
                   "公众号:线下沙龙报名")
TRADE_SHOWS = {"zh": ("上海国际广告节", "中国国际工业博览会", "深圳高交会"), "en": ("SaaStr Annual", "Dreamforce", "B2B Marketing Expo")}
CONVERSATION_NOTES = {
    "zh": ("了解了现有的线索管理流程,对评分模型感兴趣", "正在评估两家供应商,预计下季度决策", "需要先和 IT 负责人确认预算",
           "市场部每月约 800 条线索,转化率低", "对企业微信集成最关心"),
    "en": ("Walked through their lead routing; interested in scoring", "Evaluating two vendors, decision next quarter",
           "Needs to confirm budget with the CIO first", "About 800 inbound leads a month, low conversion",
           "Most interested in the CRM integration"),
}
CALL_BACK_NOTES = {"zh": ("约好回电:周二上午", "客户开会中,约定稍后回电", "下周预算会后再联系"),
                   "en": ("Promised call-back Tuesday morning", "In a meeting, asked to call back", "Call after next week's budget review")}


def _weighted(items: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    values = [v for v, _ in items]
    cum: list[float] = []
    total = 0.0
    for _, w in items:
        total += w
        cum.append(total)
    return values, cum


class _Pick:
    """Weighted choice with the cumulative weights computed once (random.choices is slower per call)."""

    def __init__(self, rng: random.Random, items: Sequence[tuple[Any, float]]) -> None:
        self._rng = rng
        self._values, self._cum = _weighted(items)

    def __call__(self) -> Any:
        return self._rng.choices(self._values, cum_weights=self._cum)[0]


class _IdMint:
    """UUIDv7 ids that are deterministic and increasing: the book's moment, a counter, seeded bits.

    Increasing ids keep every primary-key and per-lead index append-only during the bulk load.
    """

    def __init__(self, moment_ms: int, rng: random.Random) -> None:
        self._time = f"{moment_ms & (2**48 - 1):012x}"
        self._rng = rng
        self._n = 0
        self._head = ""
        self._head_for = -1

    def __call__(self) -> str:
        self._n += 1
        n = self._n
        high = n >> 30  # 12 counter bits in rand_a, 30 more at the top of rand_b
        if high != self._head_for:
            self._head = f"{self._time[:8]}-{self._time[8:]}-7{high & 0xFFF:03x}-"
            self._head_for = high
        tail = f"{(0b10 << 62) | ((n & (2**30 - 1)) << 32) | self._rng.getrandbits(32):016x}"
        return f"{self._head}{tail[:4]}-{tail[4:]}"


class _Pools:
    """Names, companies and numbers drawn from Faker once, then combined by the seeded random."""

    def __init__(self, seed: int, rng: random.Random) -> None:
        from faker import Faker

        zh = Faker("zh_CN")
        zh.seed_instance(seed)
        en = Faker("en_US")
        en.seed_instance(seed)
        self.rng = rng
        self.zh_surnames = [s for s in (zh.last_name() for _ in range(3000)) if s in PINYIN]
        self.zh_given = [g for g in (zh.first_name() for _ in range(3000)) if all(c in PINYIN for c in g)]
        self.en_first = [en.first_name() for _ in range(2000)]
        self.en_last = [en.last_name() for _ in range(2000)]
        self.zh_brands = sorted({p for p in (zh.company_prefix() for _ in range(2000)) if "公司" not in p})
        self.zh_domain_words = [w for w in (zh.domain_word() for _ in range(3000)) if w.isascii() and w.isalpha()]
        self.company_names: set[str] = set()
        self.domains: set[str] = set()

    def company(self, city: City, industry: str) -> tuple[str, str]:
        kind = INDUSTRIES[industry]
        zh_words, en_words, keys = kind.zh_words, kind.en_words, kind.domain_words
        rng = self.rng
        for attempt in range(40):
            if city.country == "CN":
                place = city.name if rng.random() < 0.5 else ""
                name = f"{place}{rng.choice(self.zh_brands)}{rng.choice(zh_words)}{rng.choice(CN_COMPANY_SUFFIXES)}"
                word = rng.choice(self.zh_domain_words)
                domain = f"{word}{rng.choice(keys)}.{rng.choice(('com.cn', 'cn', 'com'))}"
            else:
                a, b = rng.choice(self.en_last), rng.choice(self.en_last)
                form = rng.random()
                if form < 0.45:
                    name = f"{a} {rng.choice(en_words)}"
                elif form < 0.7:
                    name = f"{a}-{b} {rng.choice(EN_COMPANY_SUFFIXES)}"
                else:
                    name = f"{a} {rng.choice(en_words)} {rng.choice(EN_COMPANY_SUFFIXES)}"
                slug = re.sub(r"[^a-z]", "", a.lower())
                tld = {"GB": "co.uk", "AU": "com.au", "SG": "com.sg", "CA": "ca"}.get(city.country, "com")
                domain = f"{slug}{rng.choice(keys)}.{tld}" if attempt < 10 else f"{slug}-{re.sub(r'[^a-z]', '', b.lower())}.{tld}"
            if name not in self.company_names and domain not in self.domains:
                break
            # Very large books run out of distinct combinations: a branch keeps names apart.
            if attempt == 39:
                name = f"{name} ({city.name} {len(self.company_names)})"
                domain = f"{len(self.domains)}{domain}"
        self.company_names.add(name)
        self.domains.add(domain)
        return name, domain

    def person(self, country: str) -> tuple[str, str, str]:
        """(full name, e-mail local part, free-mail local part)."""
        rng = self.rng
        if country == "CN":
            surname, given = rng.choice(self.zh_surnames), rng.choice(self.zh_given)
            sp, gp = PINYIN[surname], "".join(PINYIN[c] for c in given)
            local = rng.choice((f"{sp}{gp}", f"{gp}.{sp}", f"{sp}.{gp}", f"{sp}{''.join(PINYIN[c][0] for c in given)}"))
            free = f"{rng.randrange(10_000_000, 3_000_000_000)}" if rng.random() < 0.6 else f"{sp}{gp}{rng.randrange(10, 2000)}"
            return f"{surname}{given}", local, free
        first, last = rng.choice(self.en_first), rng.choice(self.en_last)
        f, l_ = re.sub(r"[^a-z]", "", first.lower()), re.sub(r"[^a-z]", "", last.lower())
        local = rng.choice((f"{f}.{l_}", f"{f[0]}{l_}", f"{f}", f"{f}{l_[0]}"))
        return f"{first} {last}", local, f"{f}.{l_}{rng.randrange(1, 999)}"


class _PhoneMint:
    """E.164 numbers that phonenumbers accepts as valid and places in the city's time zone."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _number(self, city: City, prefixes: tuple[str, ...], length: int) -> str:
        rng = self.rng
        while True:
            prefix = rng.choice(prefixes)
            rest = length - len(prefix)
            nsn = f"{prefix}{rng.randrange(10 ** (rest - 1), 10**rest)}"
            number = phonenumbers.PhoneNumber(country_code=city.calling_code, national_number=int(nsn))
            if not phonenumbers.is_valid_number(number):
                continue
            if city.calling_code in SHARED_CALLING_CODES and phonenumbers.region_code_for_number(number) != city.country:
                continue  # e.g. a +1 area code of the other country, a +44 mobile in Jersey
            if city.zone not in phone_zones.time_zones_for_number(number):
                continue
            return f"+{city.calling_code}{nsn}"

    def landline(self, city: City) -> str:
        return self._number(city, city.landline, city.length)

    def mobile(self, city: City) -> str:
        prefixes, length = MOBILES.get(city.country, (city.landline, city.length))
        return self._number(city, prefixes, length)


# --- the book ---------------------------------------------------------------------------------------------


@dataclass
class _Lead:
    """What the simulation knows about one lead before it becomes rows."""

    row: dict[str, Any]
    zh: bool
    mobile: bool
    offset_s: int  # the lead's UTC offset now, for business hours (DST drift is irrelevant here)


class _Book:
    def __init__(self, *, seed: int, now: datetime, rep_id: str, activities_per_lead: float, events_per_lead: float) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = now
        self.now_s = int(now.timestamp())
        self.rep_id = rep_id
        self.activities_per_lead = activities_per_lead
        self.events_per_lead = events_per_lead
        self.new_id = _IdMint(int(now.timestamp() * 1000), random.Random(seed + 1))
        self.pools = _Pools(seed, self.rng)
        self.phones = _PhoneMint(self.rng)
        self.sla = SlaBook.load()
        self.sla_minutes = {
            (source, grade): policy.first_touch_minutes if policy else 60
            for source, _w in INBOUND_SOURCES
            for grade in Grade
            for policy in [self.sla.policy_for(source, grade)]
        }
        rng = self.rng
        self.pick_city = _Pick(rng, [(c, c.weight) for c in CITIES])
        self.pick_industry = _Pick(rng, [(name, kind.weight) for name, kind in INDUSTRIES.items()])
        self.pick_size_in = _Pick(rng, [((lo, hi), w) for lo, hi, w, _ in SIZE_BANDS])
        self.pick_size_out = _Pick(rng, [((lo, hi), w) for lo, hi, _, w in SIZE_BANDS])
        self.pick_title_in = _Pick(rng, [(t, t.inbound) for t in TITLES])
        self.pick_title_out = _Pick(rng, [(t, t.outbound) for t in TITLES if t.outbound])
        self.pick_source = _Pick(rng, INBOUND_SOURCES)
        self.offsets = {c.zone: int(ZoneInfo(c.zone).utcoffset(now.replace(tzinfo=None)).total_seconds()) for c in CITIES}
        self.steps: dict[tuple[Channel, Outcome], Step | None] = {}
        self.milestones: list[dict[str, Any]] = []
        # Feedback keeps the realised activity count near the asked average despite
        # histories cut short by a booked meeting or by "now".
        self.planned_touch_mean = activities_per_lead
        self.event_scale = 1.0
        self._planned_units = self._activity_units = 0.0
        self._event_units = self._events_seen = 0.0

    def steer(self, batch_leads: int, activities: int, events: int) -> None:
        """Set the next batch's plan so the book's totals land near the asked averages.

        Histories cut short (a booked meeting, "now") make fewer touches than planned; the
        yield per planned unit seen so far tells how much to plan for the next batch.
        """
        self._planned_units += batch_leads * self.planned_touch_mean
        self._activity_units += activities
        if self._activity_units:
            self.planned_touch_mean = max(1.0, self.activities_per_lead * self._planned_units / self._activity_units)
        self._event_units += batch_leads * self.event_scale
        self._events_seen += events
        if self._events_seen:
            self.event_scale = max(0.05, self.events_per_lead * self._event_units / self._events_seen)

    # --- helpers ---------------------------------------------------------------------------------

    def step(self, channel: Channel, outcome: Outcome) -> Step | None:
        key = (channel, outcome)
        if key not in self.steps:
            self.steps[key] = step_for(channel, outcome)
        return self.steps[key]

    def business_time(self, t: int, offset_s: int) -> int:
        """A moment at or after t in the lead's working hours (09:00-18:00 local, Monday-Friday)."""
        day, second = divmod(t + offset_s, DAY)
        if second > 17 * 3600:  # too late to call today
            day, second = day + 1, 0
        while (day + 3) % 7 >= 5:  # 1970-01-01 was a Thursday; Monday is 0
            day, second = day + 1, 0
        opens = max(second, 9 * 3600)
        return day * DAY + opens + self.rng.randrange(18 * 3600 - opens) - offset_s

    @staticmethod
    def dt(ts: int) -> datetime:
        return datetime.fromtimestamp(ts, UTC)

    # --- accounts and leads --------------------------------------------------------------------

    def account(self, outbound: bool) -> tuple[dict[str, Any], City, int]:
        rng = self.rng
        city = self.pick_city()
        industry = self.pick_industry()
        low, high = (self.pick_size_out if outbound else self.pick_size_in)()
        employees = int(low * (high / low) ** rng.random())
        name, domain = self.pools.company(city, industry)
        if outbound:  # target accounts: a few markets of one, most light-touch
            tier = Tier.T1 if rng.random() < 0.06 + 0.1 * (employees >= 1000) else Tier.T2 if rng.random() < 0.35 else Tier.T3
        else:
            tier = Tier.T1 if rng.random() < 0.005 else Tier.T2 if rng.random() < 0.1 else Tier.T3
        created = self.now_s - rng.randrange(DAY, HISTORY_DAYS * DAY)
        row = {
            "id": self.new_id(),
            "name": name,
            "domain": domain,
            "industry": industry,
            "employees": employees,
            "country": city.country,
            "region": city.territory,
            "tier": tier,
            "grade": Grade.A if outbound else Grade.B,
            "is_customer": rng.random() < 0.03,
            "updated_at": self.dt(created),
            "field_clock": {},
        }
        if outbound:
            contacts = 2 + min(int(rng.expovariate(1 / 2.5)), 10) + (3 if employees >= 500 and rng.random() < 0.3 else 0)
        else:
            contacts = 1 if rng.random() < 0.72 else 2 if rng.random() < 0.7 else 3
        return row, city, contacts

    def lead(self, account: dict[str, Any], city: City, switchboard: str, outbound: bool) -> _Lead:
        rng = self.rng
        zh = city.country == "CN"
        full_name, local, free_local = self.pools.person(city.country)
        title = (self.pick_title_out if outbound else self.pick_title_in)()
        role = title.roles[0] if len(title.roles) == 1 or rng.random() < 0.7 else rng.choice(title.roles[1:])
        if outbound:
            source = LeadSource.OUTBOUND_LIST
            email = f"{local}@{account['domain']}"
        else:
            source = self.pick_source()
            free = rng.random() < (0.25 if title.seniority is Seniority.STUDENT else 0.07)
            email = f"{free_local}@{rng.choice(CN_FREE_MAIL if zh else EN_FREE_MAIL)}" if free else f"{local}@{account['domain']}"
        has_mobile = rng.random() < (0.8 if zh else 0.5)
        phones = [self.phones.mobile(city), switchboard] if has_mobile else [switchboard]
        tags = [t for t in INDUSTRIES[account["industry"]].tags if rng.random() < 0.6]
        if outbound:
            employees = account["employees"]
            tags.append("list:" + next(name for floor, name in TARGET_LISTS if employees >= floor))
        elif source is LeadSource.TRADE_SHOW:
            tags.append("event:" + rng.choice(TRADE_SHOWS["zh" if zh else "en"]))
        if account["is_customer"]:
            tags.append("existing-customer")
        owner_draw = rng.random()
        # Most leads are the profile rep's; a third belong to the rest of a living team.
        owner = self.rep_id if owner_draw < 0.55 else None if owner_draw < 0.67 else rng.choice(OTHER_REPS)
        row = {
            "id": self.new_id(),
            "account_id": account["id"],
            "full_name": full_name,
            "title": title.zh if zh else title.en,
            "seniority": title.seniority,
            "buyer_role": role,
            "emails": [email],
            "phones": phones,
            "country": city.country,
            "time_zone": city.zone,
            "direction": Direction.OUTBOUND if outbound else Direction.INBOUND,
            "source": source,
            "stage": Stage.NEW,
            "lead_class": None,
            "owner_id": owner,
            "team_id": DEMO_TEAM,
            "do_not_call": False,
            "tags": tags,
            "created_at": None,
            "first_touch_at": None,
            "sla_due_at": None,
            "next_touch_at": None,
            "next_touch_note": None,
            "updated_at": None,
            "field_clock": {},
            "score_total": 0,  # scored by the queue's scoring once the book is open
            "score_breakdown": {},
            "score_rules": None,
            "learner": False,
            "attempts": 0,
            "last_attempt_at": None,
            "last_outcome": None,
            "nurture_due_at": None,
            "search_text": lead_search_text(full_name, account["name"], [email], phones),
        }
        return _Lead(row, zh, has_mobile, self.offsets[city.zone])

    # --- history: touches by the rep -------------------------------------------------------------

    def history(self, lead: _Lead, grade: Grade, activities: list[dict[str, Any]]) -> None:
        """Simulate the lead's past touches and derive stage, counters and promises from them."""
        rng, row, now_s = self.rng, lead.row, self.now_s
        inbound = row["direction"] is Direction.INBOUND
        lang = "zh" if lead.zh else "en"
        author = row["owner_id"] or OTHER_REPS[0]
        # Fresh untouched inbound leads: the SLA clock is running (some are already overdue).
        if inbound and rng.random() < 0.07:
            window = self.sla_minutes[(row["source"], grade)] * 60
            # A few were missed: overdue by hours, not days (the server re-assigns those by then).
            missed = int(window) + rng.randrange(8 * 3600)
            created = now_s - (rng.randrange(2 * window) if rng.random() < 0.75 else missed)
            row["created_at"] = self.dt(created)
            row["sla_due_at"] = self.sla.due_at(row["source"], grade, row["created_at"])
            row["updated_at"] = row["created_at"]
            return
        # More leads arrive recently than survive from months ago in an active book.
        created = now_s - 2 * DAY - int((HISTORY_DAYS - 2) * DAY * rng.random() ** 1.7)
        row["created_at"] = self.dt(created)
        row["updated_at"] = row["created_at"]
        if inbound:
            row["sla_due_at"] = self.sla.due_at(row["source"], grade, row["created_at"])
        elif rng.random() < 0.08:  # researched and listed, not called yet
            return
        touches: list[tuple[int, Channel, Outcome, int | None, str | None]] = []

        def add(ts: int, channel: Channel, outcome: Outcome, duration: int | None = None, note: str | None = None) -> None:
            if ts <= now_s:
                touches.append((ts, channel, outcome, duration, note))

        if row["source"] is LeadSource.TRADE_SHOW and rng.random() < 0.5:
            add(created, Channel.EVENT, Outcome.CONVERSATION if rng.random() < 0.4 else Outcome.ATTENDED)
        first_delay = int(rng.expovariate(1 / 5400)) if inbound else rng.randrange(DAY // 2, 10 * DAY)
        t = created + first_delay
        if not inbound or t - created > 3 * 3600:
            t = self.business_time(t, lead.offset_s)
        planned = 1 + int(rng.expovariate(1 / max(self.planned_touch_mean - 1, 0.2)))
        span = max(now_s - t, 3600)
        mean_gap = min(5 * DAY, span / planned)
        p_connect = 1 / (DIALS_PER_CONNECT_MOBILE if lead.mobile else DIALS_PER_CONNECT_SWITCHBOARD)
        p_conversation = 1 / DIALS_PER_CONVERSATION
        terminal: str | None = None
        promised: int | None = None
        promise_note: str | None = None
        had_conversation = False
        for _ in range(planned):
            if t > now_s:
                break
            promised = None
            channel_draw = rng.random()
            if channel_draw < 0.62:
                u = rng.random()
                if u < p_conversation:
                    had_conversation = True
                    if rng.random() < 1 / CONVERSATIONS_PER_MEETING:
                        add(t, Channel.PHONE, Outcome.MEETING_BOOKED, rng.randrange(600, 2400), rng.choice(CONVERSATION_NOTES[lang]))
                        terminal = "meeting"
                        meeting_at = self.business_time(t + rng.randrange(2 * DAY, 8 * DAY), lead.offset_s)
                        if meeting_at < now_s - 7 * DAY and rng.random() < 0.7:
                            add(meeting_at, Channel.MEETING, Outcome.HELD, 3600)
                            terminal = "held"
                        break
                    add(t, Channel.PHONE, Outcome.CONVERSATION, rng.randrange(300, 1800), rng.choice(CONVERSATION_NOTES[lang]))
                    if rng.random() < 0.3:
                        terminal = "disqualified" if rng.random() < 0.4 else "nurture"
                        break
                elif u < p_connect:
                    kind = rng.random()
                    if kind < 0.4:
                        add(t, Channel.PHONE, Outcome.CONNECTED, rng.randrange(30, 240))
                    elif kind < 0.75:
                        add(t, Channel.PHONE, Outcome.CALL_BACK, rng.randrange(20, 90))
                        promised = self.business_time(t + rng.randrange(DAY, 7 * DAY), lead.offset_s)
                        promise_note = rng.choice(CALL_BACK_NOTES[lang])
                    else:
                        add(t, Channel.PHONE, Outcome.NOT_INTERESTED, rng.randrange(20, 120))
                        if rng.random() < 0.6:
                            terminal = "not_interested"
                            break
                else:
                    kind = rng.random()
                    if not lead.mobile and kind < 0.3:
                        add(t, Channel.PHONE, Outcome.GATEKEEPER, rng.randrange(20, 90))
                    elif kind < 0.6:
                        add(t, Channel.PHONE, Outcome.NO_ANSWER, rng.randrange(20, 45))
                    elif kind < 0.85:
                        add(t, Channel.PHONE, Outcome.VOICEMAIL, rng.randrange(30, 70))
                    elif kind < 0.97:
                        add(t, Channel.PHONE, Outcome.BUSY, rng.randrange(2, 10))
                    else:
                        add(t, Channel.PHONE, Outcome.WRONG_NUMBER if kind < 0.99 else Outcome.BAD_DATA, rng.randrange(5, 30))
            elif channel_draw < (0.8 if lead.zh else 0.97):
                add(t, Channel.EMAIL, Outcome.SENT)
                if rng.random() < 0.02:
                    add(t + rng.randrange(60, 600), Channel.EMAIL, Outcome.BOUNCED)
                elif rng.random() < 0.3:
                    opened = t + rng.randrange(600, 2 * DAY)
                    add(opened, Channel.EMAIL, Outcome.OPENED)
                    if rng.random() < 0.25:
                        add(opened + rng.randrange(10, 600), Channel.EMAIL, Outcome.CLICKED)
                    if rng.random() < 0.1:
                        add(opened + rng.randrange(600, DAY), Channel.EMAIL, Outcome.REPLIED)
                        had_conversation = True
            elif channel_draw < 0.98 and lead.zh:
                add(t, Channel.WECHAT, Outcome.SENT)
                if rng.random() < 0.55:
                    read = t + rng.randrange(60, DAY)
                    add(read, Channel.WECHAT, Outcome.OPENED)
                    if rng.random() < 0.2:
                        add(read + rng.randrange(60, 3 * 3600), Channel.WECHAT, Outcome.REPLIED)
                        had_conversation = True
            else:
                add(t, Channel.SMS, Outcome.SENT)
                if rng.random() < 0.1:
                    add(t + rng.randrange(60, 3600), Channel.SMS, Outcome.CLICKED)
            nxt = promised if promised is not None else t + int(mean_gap * rng.uniform(0.3, 1.7))
            t = self.business_time(nxt, lead.offset_s)

        if not touches:  # every planned touch still lies in the future
            return
        touches.sort(key=lambda x: x[0])
        touch_count = 0
        first = last = last_outcome = None
        for ts, channel, outcome, duration, note in touches:
            step = self.step(channel, outcome)
            activities.append({
                "id": self.new_id(),
                "lead_id": row["id"],
                "channel": channel,
                "outcome": outcome,
                "step": step,
                "occurred_at": self.dt(ts),
                "duration_s": duration,
                "notes": note,
                "author_id": author,
                "supersedes_id": None,
            })
            if step is not None:
                touch_count += 1
                first = ts if first is None else first
                last = ts
                last_outcome = outcome if is_unanswered_attempt(channel, outcome) else None
        if touch_count:
            row["attempts"] = touch_count
            row["first_touch_at"] = self.dt(first)  # type: ignore[arg-type]
            row["last_attempt_at"] = self.dt(last)  # type: ignore[arg-type]
            row["last_outcome"] = last_outcome
        row["updated_at"] = self.dt(max(touches[-1][0], created))
        self._stage(lead, terminal, had_conversation, touches[-1][0], promised, promise_note)
        self._milestones(row, author, touches)

    def _milestones(self, row: dict[str, Any], author: str, touches: list[tuple[int, Channel, Outcome, int | None, str | None]]) -> None:
        """When a handed-off lead became MQL, SQL and an opportunity (no random draws: the book
        stays the same as before milestones were kept)."""
        if row["stage"] not in (Stage.MQL, Stage.SQL, Stage.OPPORTUNITY):
            return
        booked = next((ts for ts, _c, outcome, _d, _n in touches if outcome is Outcome.MEETING_BOOKED), touches[-1][0])
        held = touches[-1][0]
        desk = SALES_DESKS[int(row["id"][-4:], 16) % len(SALES_DESKS)]
        steps = [(Stage.MQL, booked, None)]
        if row["stage"] in (Stage.SQL, Stage.OPPORTUNITY):
            steps.append((Stage.SQL, min(held + 2 * DAY, self.now_s), desk))
        if row["stage"] is Stage.OPPORTUNITY:
            steps.append((Stage.OPPORTUNITY, min(held + 9 * DAY, self.now_s), desk))
        for stage, ts, accepted_by in steps:
            self.milestones.append({
                "id": self.new_id(), "lead_id": row["id"], "stage": stage, "at": self.dt(ts),
                "rep_id": author, "accepted_by": accepted_by, "recorded_by": None,
            })

    def _stage(self, lead: _Lead, terminal: str | None, had_conversation: bool, last: int,
               promised: int | None, promise_note: str | None) -> None:
        rng, row, now_s = self.rng, lead.row, self.now_s
        if not row["attempts"]:
            return  # a bounced e-mail alone touches nobody: still new
        if terminal == "held":
            draw = rng.random()
            row["stage"], row["lead_class"] = (
                (Stage.OPPORTUNITY, LeadClass.OPP) if draw < 0.2 else (Stage.SQL, LeadClass.SQL) if draw < 0.75 else (Stage.MQL, LeadClass.MQL)
            )
        elif terminal == "meeting":
            row["stage"], row["lead_class"] = Stage.MQL, LeadClass.MQL
        elif terminal == "disqualified":
            row["stage"] = Stage.DISQUALIFIED
            row["lead_class"] = LeadClass.NON_POTENTIAL if rng.random() < 0.5 else LeadClass.MA
        elif terminal == "not_interested":
            if rng.random() < 0.5:
                row["stage"], row["lead_class"] = Stage.DISQUALIFIED, LeadClass.NON_POTENTIAL
            else:
                row["stage"], row["lead_class"] = Stage.NURTURE, LeadClass.MA
            row["do_not_call"] = rng.random() < 0.15  # "please don't call me again"
        elif terminal == "nurture" or now_s - last > STALLED_DAYS * DAY:
            row["stage"], row["lead_class"] = Stage.NURTURE, LeadClass.MA
        else:
            row["stage"] = Stage.WORKING
            if promised is not None:  # a promised call-back, due or already overdue
                row["next_touch_at"] = self.dt(promised)
                row["next_touch_note"] = promise_note
            elif had_conversation and rng.random() < 0.6:
                row["next_touch_at"] = self.dt(self.business_time(last + rng.randrange(DAY, 10 * DAY), lead.offset_s))
                row["next_touch_note"] = "跟进上次的对话" if lead.zh else "Follow up on our conversation"
        if row["stage"] is Stage.NURTURE:
            row["nurture_due_at"] = self.dt(last + rng.randrange(7 * DAY, 45 * DAY))
        if rng.random() < 0.004:
            row["do_not_call"] = True

    # --- engagement: what the prospect did on their own --------------------------------------------

    def engagement(self, lead: _Lead, events: list[dict[str, Any]]) -> None:
        rng, row, now_s = self.rng, lead.row, self.now_s
        lang = "zh" if lead.zh else "en"
        created = int(row["created_at"].timestamp())
        lead_id = row["id"]
        out: list[tuple[int, EngagementKind, str | None]] = []
        source = row["source"]
        if source is LeadSource.WEB_FORM:
            out.append((created, EngagementKind.FORM_SUBMIT, "/contact-sales"))
        elif source is LeadSource.WHITEPAPER:
            out.append((created, EngagementKind.DOWNLOAD, rng.choice(ASSETS[lang])))
        elif source is LeadSource.WEBINAR:
            out.append((created, EngagementKind.WEBINAR, rng.choice(WEBINARS[lang])))
        stage = row["stage"]
        hot = stage in (Stage.MQL, Stage.SQL, Stage.OPPORTUNITY)
        factor = 0.6 if row["direction"] is Direction.OUTBOUND else 1.15
        mean = self.events_per_lead * factor * (1.6 if hot else 1.0)
        count = int(rng.expovariate(1 / mean) * self.event_scale + rng.random()) if mean > 0 else 0
        count = max(count - len(out), 0)
        buying = hot or rng.random() < 0.15
        learner = not buying and source in (LeadSource.WHITEPAPER, LeadSource.WEBINAR) and rng.random() < 0.35
        start = created - 30 * DAY if row["direction"] is Direction.INBOUND else created
        span = max(now_s - start, 3600)
        followed = False
        for _ in range(count):
            ts = now_s - int(span * rng.random() ** 1.4)
            d = rng.random()
            if learner and d < 0.45:
                kind, detail = (EngagementKind.DOWNLOAD, rng.choice(ASSETS[lang])) if d < 0.3 else (EngagementKind.WEBINAR, rng.choice(WEBINARS[lang]))
            elif buying and d < 0.08:
                kind, detail = EngagementKind.PRICING_VIEW, "/pricing"
            elif buying and d < 0.1:
                kind, detail = (EngagementKind.DEMO_REQUEST, "/demo") if d < 0.095 else (EngagementKind.CONTACT_SALES, "/contact-sales")
            elif d < 0.42:
                kind, detail = EngagementKind.PAGE_VIEW, rng.choice(PAGES)
            elif d < 0.62:
                kind, detail = EngagementKind.EMAIL_OPEN, rng.choice(NEWSLETTERS)
            elif d < 0.7:
                kind, detail = EngagementKind.EMAIL_CLICK, rng.choice(NEWSLETTERS)
            elif d < 0.76:
                kind, detail = EngagementKind.DOWNLOAD, rng.choice(ASSETS[lang])
            elif d < 0.79:
                kind, detail = EngagementKind.WEBINAR, rng.choice(WEBINARS[lang])
            elif d < 0.8:
                kind, detail = EngagementKind.SUBSCRIPTION, "newsletter"
            elif lead.zh and not followed and d < 0.83:
                kind, detail = EngagementKind.WECHAT_FOLLOW, "服务号"
                followed = True
            elif lead.zh:
                kind, detail = EngagementKind.WECHAT_READ, rng.choice(WECHAT_ARTICLES)
            else:
                kind, detail = EngagementKind.PAGE_VIEW, rng.choice(PAGES)
            out.append((ts, kind, detail))
        out.sort(key=lambda e: e[0])
        for ts, kind, detail in out:
            events.append({"id": self.new_id(), "lead_id": lead_id, "kind": kind, "occurred_at": self.dt(ts), "detail": detail})

    # --- the committee map of an outbound account ----------------------------------------------

    def committee(self, account: dict[str, Any], leads: list[_Lead], roles: list[dict[str, Any]]) -> None:
        rng = self.rng
        decider = next((lead.row["id"] for lead in leads if lead.row["buyer_role"] is BuyerRole.DECIDER), None)
        for lead in leads:
            role = lead.row["buyer_role"]
            influence = {BuyerRole.DECIDER: 5, BuyerRole.INITIATOR: 4, BuyerRole.INFLUENCER: 4, BuyerRole.BUYER: 3}.get(role, 2)
            roles.append({
                "id": self.new_id(),
                "account_id": account["id"],
                "lead_id": lead.row["id"],
                "role": role,
                "stance": rng.choice((Stance.CHAMPION, Stance.SUPPORTER, Stance.NEUTRAL, Stance.NEUTRAL, Stance.SCEPTIC)),
                "influence": influence,
                "reports_to_lead_id": decider if decider and decider != lead.row["id"] else None,
                "updated_at": account["updated_at"],
                "field_clock": {},
            })


# The two biggest tables go straight to the driver: SQLAlchemy's per-row type processing
# costs two to three times the insert itself at a million rows.
_DRIVER_TABLES = {"activities": ActivityRow.__table__, "events": EngagementRow.__table__}


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy's SQLite types store it, so the rows read back the same way."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _driver_insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    columns = [c.name for c in table.columns]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    conn.exec_driver_sql(sql, [tuple(_sqlite_value(row.get(c)) for c in columns) for row in rows])


def _write_team(conn: Any, rep_id: str) -> None:
    """The demo team's roster, and which ids the demo user switches between (rep, team lead)."""
    members = [(rep_id, "Demo rep 1 (you)", "sdr", None), *(
        (rep, f"Demo rep {n}", "sdr", 30 if n == 3 else None) for n, rep in enumerate(OTHER_REPS, start=2)
    ), (DEMO_LEAD, "Demo team lead", "lead", None)]
    for member_id, name, role, capacity in members:
        conn.execute(
            text("INSERT OR REPLACE INTO team_members (id, name, role, team_id, active, away, capacity)"
                 " VALUES (:id, :name, :role, :team, 1, :away, :capacity)"),
            {"id": member_id, "name": name, "role": role, "team": DEMO_TEAM, "away": member_id == OTHER_REPS[-1],
             "capacity": capacity},
        )
    for key, value in (("demo_rep", rep_id), ("demo_lead", DEMO_LEAD)):
        conn.execute(text("INSERT OR REPLACE INTO sync_state (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def generate_demo(
    cache: Cache,
    *,
    leads: int,
    seed: int = 7,
    activities_per_lead: float = 4.0,
    events_per_lead: float = 5.0,
    progress: ProgressFn | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Write a demo book of `leads` leads into the cache, all in one transaction.

    `now` anchors the book in time (default: now, to the second); with the same
    seed and `now` the book is identical, ids included. `progress(done, total)` is called
    with leads written so far; an exception from it (or anything else) writes nothing.
    """
    if leads <= 0:
        raise ValueError("leads must be a positive number")
    if activities_per_lead < 0 or events_per_lead < 0:
        raise ValueError("activities and events per lead cannot be negative")
    started = time.perf_counter()
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    book = _Book(
        seed=seed, now=moment, rep_id=SalesBook(cache).rep_id(),
        activities_per_lead=activities_per_lead, events_per_lead=events_per_lead,
    )
    counts = {"accounts": 0, "leads": 0, "activities": 0, "events": 0, "roles": 0}
    tables = {
        "accounts": insert(AccountRow.__table__),
        "leads": insert(LeadRow.__table__),
        "activities": insert(ActivityRow.__table__),
        "events": insert(EngagementRow.__table__),
        "roles": insert(BuyerRoleRow.__table__),
    }
    with cache.transaction() as session:
        if get_state(session, "server_url"):
            raise PracticeBookError("this profile syncs with a server: make the demo book in another --profile")
        mark_practice(session)  # a demo book is practice: never pushed, never beside real work
        conn = session.connection()
        # A bigger page cache for this one long write; the connection's own setting comes back after.
        previous_cache = conn.execute(text("PRAGMA cache_size")).scalar()
        conn.execute(text("PRAGMA cache_size=-131072"))
        try:
            if progress:
                progress(0, leads)
            made = 0
            # Small books still get a few batches, so the averages can be steered.
            batch_size = max(100, min(BATCH_LEADS, leads // 20))
            while made < leads:
                batch: dict[str, list[dict[str, Any]]] = {k: [] for k in tables}
                batch_end = min(made + batch_size, leads)
                while made < batch_end:
                    outbound = book.rng.random() < 0.3
                    account, city, contacts = book.account(outbound)
                    contacts = min(contacts, batch_end - made)
                    switchboard = book.phones.landline(city)
                    people = [book.lead(account, city, switchboard, outbound) for _ in range(contacts)]
                    batch["accounts"].append(account)
                    for person in people:
                        book.history(person, account["grade"], batch["activities"])
                        book.engagement(person, batch["events"])
                        batch["leads"].append(person.row)
                    if outbound:
                        book.committee(account, people, batch["roles"])
                    made += contacts
                for key in ("accounts", "leads", "activities", "events", "roles"):
                    if not batch[key]:
                        continue
                    if key in _DRIVER_TABLES:
                        _driver_insert(conn, _DRIVER_TABLES[key], batch[key])
                    else:
                        conn.execute(tables[key], batch[key])
                    counts[key] += len(batch[key])
                if book.milestones:
                    conn.execute(insert(LeadMilestoneRow.__table__), book.milestones)
                    book.milestones.clear()
                book.steer(len(batch["leads"]), len(batch["activities"]), len(batch["events"]))
                if progress:
                    progress(made, leads)
            _write_team(conn, book.rep_id)
        finally:
            # On a failure the original error is the one worth reporting, not this.
            with contextlib.suppress(SQLAlchemyError):
                conn.execute(text(f"PRAGMA cache_size={int(previous_cache)}"))
    return DemoSummary(
        seed=seed,
        accounts=counts["accounts"],
        leads=counts["leads"],
        activities=counts["activities"],
        engagement_events=counts["events"],
        buyer_roles=counts["roles"],
        seconds=time.perf_counter() - started,
    )


__all__ = ["DemoSummary", "generate_demo"]
