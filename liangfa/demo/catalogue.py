"""The demo municipality: its agencies, people and the kinds of violations each agency handles.

Threshold figures come from data/thresholds.yaml (立案追诉标准); `metric` is the case field that a
criminal threshold reads, so a share of generated cases crosses it as in real life.
"""

from dataclasses import dataclass

REGION = "410800"  # 焦作市
COUNTY = "410821"  # 修武县


@dataclass(frozen=True)
class Violation:
    name: str
    basis: str
    metric: str = ""  # case field read by the threshold
    threshold_key: str = ""  # entry in thresholds.yaml
    threshold_metric: str = ""  # metric name in that entry
    typical: float = 20000  # median of the metric, 元 / 亩 / 立方米
    fine_typical: float = 20000


AGENCIES = [
    # code, name, kind, level, region, field, parent
    ("jz-gov", "焦作市人民政府", "government", "city", REGION, "general", None),
    ("jz-sfj", "焦作市司法局", "justice", "city", REGION, "justice", None),
    ("jz-scjg", "焦作市市场监督管理局", "administrative", "city", REGION, "market", None),
    ("xw-scjg", "修武县市场监督管理局", "administrative", "county", COUNTY, "market", "jz-scjg"),
    ("jz-sw", "国家税务总局焦作市税务局", "administrative", "city", REGION, "tax", None),
    ("jz-sthj", "焦作市生态环境局", "administrative", "city", REGION, "environment", None),
    ("jz-yj", "焦作市药品监督管理局", "administrative", "city", REGION, "drug", None),
    ("jz-ly", "焦作市林业局", "administrative", "city", REGION, "forestry", None),
    ("jz-yc", "焦作市烟草专卖局", "administrative", "city", REGION, "tobacco", None),
    ("jz-yjgl", "焦作市应急管理局", "administrative", "city", REGION, "safety", None),
    ("jz-zrzy", "焦作市自然资源和规划局", "administrative", "city", REGION, "natural_resources", None),
    ("jz-whzf", "焦作市文化市场综合行政执法支队", "administrative", "city", REGION, "culture", None),
    ("jz-hg", "焦作海关", "administrative", "city", REGION, "customs", None),
    ("jz-nync", "焦作市农业农村局", "administrative", "city", REGION, "agriculture", None),
    ("jz-wjw", "焦作市卫生健康委员会", "administrative", "city", REGION, "health", None),
    ("jz-jtys", "焦作市交通运输局", "administrative", "city", REGION, "transport", None),
    ("jz-zjj", "焦作市住房和城乡建设局", "administrative", "city", REGION, "housing", None),
    ("jz-gaj", "焦作市公安局", "police", "city", REGION, "public_security", None),
    ("jz-hgjs", "焦作海关缉私分局", "police", "city", REGION, "customs", None),
    ("jz-jcy", "焦作市人民检察院", "procuratorate", "city", REGION, "procuratorial", None),
    ("jz-fy", "焦作市中级人民法院", "court", "city", REGION, "judicial", None),
    ("jz-jcw", "焦作市监察委员会", "supervision", "city", REGION, "general", None),
]

POLICE_DEPARTMENTS = [("法制大队", "legal"), ("经侦大队", "economic"), ("治安大队", "public_order"),
                      ("食药环侦大队", "food_drug_env"), ("刑侦大队", "criminal")]

VIOLATIONS: dict[str, list[Violation]] = {
    "market": [
        Violation("销售伪劣产品（以次充好）", "《产品质量法》第五十条", "sales_amount", "weilie_chanpin", "sales_amount", 12000, 15000),
        Violation("销售假冒注册商标的商品", "《商标法》第五十七条第（三）项、第六十条第二款", "sales_amount",
                  "xiaoshou_jiamao_shangbiao_shangpin", "sales_amount", 9000, 20000),
        Violation("经营超过保质期的食品", "《食品安全法》第三十四条第（十）项、第一百二十四条", "sales_amount",
                  "weilie_chanpin", "sales_amount", 3000, 8000),
        Violation("发布虚假广告", "《广告法》第二十八条、第五十五条", "illegal_gain", "xujia_guanggao", "illegal_gain", 20000, 60000),
        Violation("经营标签不符合强制性国家标准的化妆品", "《化妆品监督管理条例》第六十一条", fine_typical=5000),
        Violation("无照经营", "《无证无照经营查处办法》第十三条", fine_typical=3000),
    ],
    "tax": [
        Violation("偷税（少缴应纳税款）", "《税收征收管理法》第六十三条第一款", "tax_evaded", "taoshui", "evaded_tax", 40000, 40000),
        Violation("未按期办理纳税申报", "《税收征收管理法》第六十二条", fine_typical=1000),
        Violation("未按规定开具发票", "《发票管理办法》第三十五条", fine_typical=5000),
    ],
    "environment": [
        Violation("建设项目环评文件未经审批擅自开工建设", "《环境影响评价法》第二十五条、第三十一条", fine_typical=80000),
        Violation("超标排放大气污染物", "《大气污染防治法》第九十九条", fine_typical=150000),
        Violation("未按规定贮存危险废物", "《固体废物污染环境防治法》第一百一十二条", fine_typical=100000),
    ],
    "drug": [
        Violation("销售劣药", "《药品管理法》第一百一十七条", "sales_amount", "lieyao", "sales_amount", 6000, 30000),
        Violation("未按规定实施药品经营质量管理规范", "《药品管理法》第一百二十六条", fine_typical=50000),
    ],
    "forestry": [
        Violation("擅自改变林地用途", "《森林法》第三十七条、第七十三条", "area_mu", "feifa_zhanyong_nongyongdi_lindi", "area_mu", 2, 15000),
        Violation("滥伐林木", "《森林法》第五十六条、第七十六条第二款", "volume_m3", "lanfa_linmu", "timber_volume_m3", 8, 10000),
        Violation("盗伐林木", "《森林法》第七十六条第一款", "volume_m3", "daofa_linmu", "timber_volume_m3", 2, 8000),
    ],
    "tobacco": [
        Violation("无烟草专卖零售许可证经营烟草制品零售业务", "《烟草专卖法》第十六条、《烟草专卖法实施条例》第五十七条",
                  "illegal_business_amount", "feifa_jingying_yancao", "illegal_business_amount", 15000, 5000),
        Violation("非法运输烟草专卖品", "《烟草专卖法实施条例》第五十五条", "illegal_business_amount",
                  "feifa_jingying_yancao", "illegal_business_amount", 25000, 8000),
    ],
    "natural_resources": [
        Violation("非法占用耕地建房", "《土地管理法》第七十七条", "area_mu", "feifa_zhanyong_nongyongdi_gengdi", "area_mu", 1.5, 30000),
        Violation("未取得采矿许可证擅自采矿", "《矿产资源法》第三十九条", fine_typical=50000),
    ],
    "culture": [
        Violation("经营非法出版物", "《出版管理条例》第六十一条", "illegal_business_amount", "feifa_jingying_chubanwu",
                  "illegal_business_amount", 12000, 10000),
        Violation("未经许可传播他人作品", "《著作权法》第五十三条", "illegal_gain", "qinfan_zhuzuoquan", "illegal_gain", 8000, 20000),
    ],
    "customs": [
        Violation("走私普通货物（偷逃应缴税款）", "《海关行政处罚实施条例》第七条、第九条", "tax_evaded",
                  "zousi_putong_huowu", "evaded_duty", 30000, 30000),
        Violation("申报不实", "《海关行政处罚实施条例》第十五条", fine_typical=10000),
    ],
    "safety": [
        Violation("未按规定对从业人员进行安全生产教育和培训", "《安全生产法》第九十七条", fine_typical=30000),
        Violation("未建立事故隐患排查治理制度", "《安全生产法》第一百零一条", fine_typical=50000),
    ],
    "agriculture": [
        Violation("销售假农药", "《农药管理条例》第五十五条", "sales_amount", "weilie_nongyao", "sales_amount", 8000, 10000),
        Violation("未经定点从事生猪屠宰活动", "《生猪屠宰管理条例》第三十一条", "illegal_business_amount",
                  "feifa_jingying_shipin", "illegal_business_amount", 30000, 20000),
    ],
    "health": [
        Violation("未取得医疗机构执业许可证擅自执业", "《基本医疗卫生与健康促进法》第九十九条", "illegal_gain", "", "", 5000, 30000),
    ],
    "transport": [Violation("车辆超限运输", "《公路法》第七十六条", fine_typical=3000)],
    "housing": [Violation("未取得施工许可证擅自施工", "《建筑法》第六十四条", fine_typical=50000)],
}

# Share of each agency in the case volume (market and tax dominate, as in real 双公示 data).
VOLUME = {"jz-scjg": 24, "xw-scjg": 8, "jz-sw": 14, "jz-sthj": 7, "jz-yj": 5, "jz-ly": 5, "jz-yc": 6,
          "jz-yjgl": 5, "jz-zrzy": 4, "jz-whzf": 4, "jz-hg": 3, "jz-nync": 5, "jz-wjw": 3, "jz-jtys": 5,
          "jz-zjj": 2}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰晓东海燕宏亮"
SHOPS = ["商行", "超市", "便利店", "副食店", "烟酒店", "药店", "大药房", "五金店", "农资店", "饭店", "汽修厂", "服饰店"]
COMPANY_WORDS = ["恒信", "宏达", "金诚", "鑫源", "华泰", "中原", "太行", "怀川", "山阳", "云台", "鼎盛", "博远",
                 "嘉禾", "瑞丰", "祥和", "永兴", "天成", "汇通", "广源", "万顺"]
COMPANY_TRADES = ["食品", "商贸", "化工", "建材", "医药", "物流", "实业", "农业科技", "环保科技", "印务", "矿业", "木业"]
COUNTIES = ["410802", "410803", "410804", "410811", "410821", "410822", "410823", "410825", "410882", "410883"]
