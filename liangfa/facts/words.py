"""The words around a number that decide what it is.

One table, word → role. A money figure takes the role of the nearest such word before it in its sentence
(销售金额3000元，违法所得500元); markers (共计, 其中, 每) change how it is counted; topics (卷烟, 林地,
发票 …) tell what a count, an area or a volume is of. Kept as plain words: every role a reviewer may need
to question is one line here.
"""

import re

from liangfa.facts.trie import trie_pattern

# Money roles. A metric name (thresholds.yaml) or one of the roles that are not amounts of the conduct.
MONEY = {
    "sales_amount": "销售金额 销售额 销售总额 销售收入 销售款 销售货款 售货款 货款 营业额 营业收入 销售价款 销售价 售价 "
                    "零售价 卖得 售得 卖出 售出 出售 卖给 销售 变卖 销赃 换取",
    "goods_value": "货值金额 货值 货物价值 商品价值 产品价值 标价金额 标价",
    "illegal_gain": "违法所得 非法所得 非法获利 违法获利 获利 牟利 非法牟利 盈利 获取利润 赚取 差价",
    "illegal_business_amount": "非法经营数额 非法经营额 非法经营金额 经营数额 经营额 经营金额 经营总额",
    "evaded_tax": "偷税 逃税 少缴 少缴纳 偷逃 逃避缴纳 逃避缴纳税款 不缴或者少缴 未缴纳税款 未申报缴纳 少申报缴纳",
    "invoice_face_amount": "票面金额 价税合计 发票金额 开票金额 虚开金额",
    "invoice_tax_amount": "税额 虚开税款 税款数额 抵扣税款",
    "refund_fraud_amount": "骗取出口退税 骗取退税 出口退税款",
    "deposit_amount": "吸收存款 吸收公众存款 吸收资金 集资款 集资 吸存 募集资金 非法集资",
    "settlement_amount": "支付结算 资金结算 结算金额 资金流水",
    "direct_loss": "直接经济损失 直接损失",
    "tree_value": "林木价值 立木价值 树木价值 林木折价",
    "mineral_value": "矿产品价值 矿产资源价值 矿产资源破坏价值 造成矿产资源破坏的价值",
    "amount_involved": "涉案金额 涉案价值 案值 价值 盗窃 窃取 窃得 盗走 盗得 偷走 偷得 偷盗 扒窃 盗取 盗 窃 "
                       "骗取 诈骗 骗得 骗走 骗 侵占 挪用 贪污 收受 索取 收取 索要 敲诈 勒索 抢劫 抢走 抢得 "
                       "抢夺 劫取 转走 转账 转款 汇款 存入 存了 交给 给了 付给 给付 支付 收到 取走 提取 套取 "
                       "借钱 借款 借走 借得 价格 内有 装有 里有 中有",
    # not amounts of the conduct
    "fine": "罚款 罚金 处以 并处 罚没款 滞纳金",
    "refund": "退还 退赔 退赃 返还 发还 归还 退回 退款 退缴 追回 追缴 缴获 扣押 查获 冻结 查扣",
    "compensation": "赔偿 补偿 赔付 偿还 还款 经济损失",
    "share": "分给 分得 分赃 分取",
    "purchase": "进货价 进价 购进 采购 进货 购买 买入 购入 成本 收购",
    "fee": "鉴定费 诉讼费 受理费 保证金 押金 工资 报酬 评估费",
}
MARKERS = {
    "total": "共计 合计 总计 累计 总额 总共 一共 总价值 总价 总金额 共",
    "part": "其中 款中的 钱中的 元中的 款之中",
    "each": "每 单价 均价 平均价 @",
    "respectively": "分别",
    "same": "折合 折算为 合计约 即 取值为 取整为",  # the figure before, in another unit or rounded
}
# What a quantity is of. Searched before the number in its sentence and just after it (5条卷烟).
TOPICS = {
    "cigarette": "卷烟 香烟 雪茄 烟草制品 烟丝 烟叶",
    "land": "林地 耕地 农用地 基本农田 农田 草原 草地 土地 地块 宅基地 园地 湿地 开垦 占用 毁坏 改变用途 建房",
    "timber": "蓄积 立木 采伐 砍伐 盗伐 滥伐 伐倒 林木 树木",
    "timber_cut": "材积 原木 木材",
    "sapling": "幼树 幼苗 树苗",
    "tree": "树 林木 苗木 松 杉 柏 杨 樟 楠",
    "remedy": "补种 补植 栽植 恢复 复垦 复绿",
    "invoice": "发票",
    "death": "死亡 遇难",
    "injury": "重伤",
    "copies": "复制品 盗版 光盘 图书 出版物 音像制品",
    "deposit": "存款 集资 投资人 储户 出借人 集资参与人",
    "pyramid": "传销 下线 会员",
    "waste": "危险废物 危废 废矿物油 废机油 废油 废酸 废碱 废液 污泥 废铅蓄电池 HW",
    "exceed": "超标 超过 超出 排放标准",
    "metal_a": "铅 汞 镉 铬 砷 铊 锑",
    "metal_b": "镍 铜 锌 银 钒 锰 钴",
    "tax": "应纳税 应缴税 税额 税款",
    "smuggling": "走私 海关",
    "sold": "销售 售出 卖出 出售 已售",
    "stock": "查获 扣押 查扣 库存 存放 尚未销售 未销售 待售 现场 封存 仓库",
}
STATUTE_BEFORE = re.compile(r"(?:不足|不满|超过|低于|未达|达到|高于).?$")  # searched in the 3 characters before
STATUTE_AFTER = re.compile(r"(?:元)?(?:以上|以下|以内|不等)")
FINE_AFTER = re.compile(r"[^，。；]{0,3}?(?:的)?(?:罚款|罚金)")
NOTE_AFTER = re.compile(r"[）)]?[，,（(]?(?:已|均已|已经|并已)?(?:全部|全额)?(?P<w>退还|归还|发还|返还|追回|退赔|退缴|没收)")
# 已…退还 later in the sentence: the figure stays an amount of the conduct, with the note.
LATER_NOTE = re.compile(r"(?:已|予以|均已|全部)[^。；;，,]{0,12}?(?P<w>退还|归还|发还|返还|追回|退赔|退缴|追缴)")
# 将被害人现金200元……盗走: the verb after the figure, when none stands before it.
VERB_AFTER = re.compile(r"[^。；;，,]{0,25}?(?:盗走|窃走|偷走|骗走|抢走|拿走|扒走|取走|窃取|盗取|骗取)")
# 以200元的价格将该车卖掉: a price the offender sold at, not the value taken.
SOLD_AFTER = re.compile(r"(?:的)?(?:价格)?[^。；;，,]{0,8}?(?:卖掉|卖给|卖出|卖了|出售|变卖|销赃)")
# A numbered item (1、 一、 （1）) between two figures: a new act, not a restatement of the last; a date too
# keeps a figure from being taken as a part of the one before.
NUMBERED = re.compile(r"(?:^|\n|[。；])\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})[、.．]|[（(]\d{1,2}[)）]")
NEW_ACT = re.compile(NUMBERED.pattern + r"|\d+年|\d+月\d+日|次日|同日")
# 所盗现金, 赃款: a figure that points back to money already counted.
BACK_REFERENCE = re.compile("所[盗窃骗抢偷]|剩余|剩下|余下")
EACH_UNIT = re.compile(r"每(?P<u>平方米|立方米|㎡|亩|[条支盒包株份张双件瓶袋箱个台只套桶罐斤吨])")

ROLE_OF: dict[str, list[tuple[str, str]]] = {}  # word → every (group, role) it has
for group, table in (("money", MONEY), ("marker", MARKERS), ("topic", TOPICS)):
    for role, words in table.items():
        for word in words.split():
            ROLE_OF.setdefault(word, []).append((group, role))
GROUP_WORDS = {group: frozenset(w for w, roles in ROLE_OF.items() if any(g == group for g, _ in roles))
               for group in ("money", "marker", "topic")}
MARKER_WORDS = GROUP_WORDS["marker"]
# Longest first, so 销售金额 wins over 销售.
WORDS = re.compile(trie_pattern(ROLE_OF))
