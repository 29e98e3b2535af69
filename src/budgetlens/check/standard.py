"""What a standard disclosure contains: tables and sections required for each kind.

Sources: 财政部《部门预算公开格式》/《部门决算公开格式》 (财预〔2016〕143号 and the yearly templates):
a department budget publishes 9 tables (收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算
支出表, 一般公共预算基本支出表, 一般公共预算“三公”经费支出表, 政府性基金预算支出表, 国有资本经营预算
支出表); a department final account publishes 9 tables (收入支出决算总表 … 国有资本经营预算财政拨款
收入支出决算表, 财政拨款“三公”经费支出决算表). Ids follow docs/tables.md. Regional templates add tables (项目支出表, 上年结转结余表); those are not required.
"""

from __future__ import annotations

TABLE_TITLES: dict[str, str] = {
    "B01": "部门收支总体情况表",
    "B02": "部门收入总体情况表",
    "B03": "部门支出总体情况表",
    "B04": "财政拨款收支总体情况表",
    "B05": "一般公共预算支出情况表",
    "B06": "一般公共预算基本支出情况表",
    "B07": "一般公共预算项目支出情况表",
    "B08": "政府性基金预算支出情况表",
    "B09": "国有资本经营预算支出情况表",
    "B10": "财政拨款“三公”经费支出情况表",
    "B11": "上年结转结余情况明细表",
    "F01": "收入支出决算总表",
    "F02": "收入决算表",
    "F03": "支出决算表",
    "F04": "财政拨款收入支出决算总表",
    "F05": "一般公共预算财政拨款支出决算表",
    "F06": "一般公共预算财政拨款基本支出决算表",
    "F07": "政府性基金预算财政拨款收入支出决算表",
    "F08": "国有资本经营预算财政拨款收入支出决算表",
    "F09": "财政拨款“三公”经费支出决算表",
}

# short names used when a document says a table is empty (“…表为空表”)
TABLE_SHORT: dict[str, str] = {
    "B08": "政府性基金",
    "B09": "国有资本经营",
    "B10": "三公",
    "F07": "政府性基金",
    "F08": "国有资本经营",
    "F09": "三公",
}

REQUIRED_TABLES: dict[str, list[str]] = {
    "budget": ["B01", "B02", "B03", "B04", "B05", "B06", "B08", "B09", "B10"],
    "final": ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09"],
}

# function-classification tables of the general public budget (公开到项级) and basic-expense
# tables by economic classification (公开到款级)
GPB_FUNCTION_TABLES = ("B05", "F05")
BASIC_ECONOMIC_TABLES = ("B06", "F06")
SANGONG_TABLES = ("B10", "F09")

# required sections: (label, alternatives matched against heading titles)
REQUIRED_SECTIONS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "budget": [
        ("主要职能", ("职能", "职责")),
        ("机构设置", ("机构设置", "机构情况", "单位构成", "部门构成", "预算单位构成")),
        ("收支预算总体情况", ("收支", "总体情况")),
        ("“三公”经费", ("三公",)),
        ("机关运行经费", ("机关运行经费", "运行经费", "公用经费")),
        ("政府采购", ("政府采购",)),
        ("国有资产占用", ("国有资产",)),
        ("预算绩效", ("绩效",)),
        ("名词解释", ("名词解释", "名词", "术语")),
    ],
    "final": [
        ("主要职能", ("职能", "职责")),
        ("机构设置", ("机构设置", "机构情况", "单位构成", "部门构成")),
        ("收入支出决算总体情况", ("收入支出决算总体", "收支决算总体", "收入支出总体", "总体情况")),
        ("收入决算", ("收入决算",)),
        ("支出决算", ("支出决算",)),
        ("“三公”经费", ("三公",)),
        ("机关运行经费", ("机关运行经费", "运行经费", "公用经费")),
        ("政府采购", ("政府采购",)),
        ("国有资产占用", ("国有资产",)),
        ("预算绩效", ("绩效",)),
        ("名词解释", ("名词解释", "名词", "术语")),
    ],
}
