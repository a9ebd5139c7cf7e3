"""The import layouts: one header row, then one row per voucher line.

The column headers are the target software's own field names (Chinese in
every language of the user): its import matches the columns by these names.
Sources and the choices made where they differ: readme/DESCRIPTION.md.

Each column is (key, header); ``voucher_rows`` gives per voucher line a dict
of keys, and the layout picks its columns from it.
"""

import io

import xlsxwriter

# Kingdee KIS (标准版 / 专业版) «引入凭证» from Excel: the KIS Excel template's
# names (附单据数, not 附件数) and the 引入 structure's 分录号 (FENTRYID, from 0).
# Not 金蝶云星空's own 引入 template (a row of field keys such as
# FBillHead(GL_VOUCHER), FVOUCHERGROUPID, FEXPLANATION): see readme.
KINGDEE_COLUMNS = [
    ("date", "日期"),
    ("year", "会计年度"),
    ("period", "会计期间"),
    ("word", "凭证字"),
    ("number", "凭证号"),
    ("entry", "分录号"),
    ("attachments", "附单据数"),
    ("summary", "摘要"),
    ("account_code", "科目代码"),
    ("account_name", "科目名称"),
    ("debit", "借方金额"),
    ("credit", "贷方金额"),
    ("currency", "币别"),
    ("rate", "汇率"),
    ("preparer", "制单人"),
    ("aux1_type", "核算项目类别1"),
    ("aux1_code", "核算项目代码1"),
    ("aux1_name", "核算项目名称1"),
    ("aux2_type", "核算项目类别2"),
    ("aux2_code", "核算项目代码2"),
    ("aux2_name", "核算项目名称2"),
    ("aux3_type", "核算项目类别3"),
    ("aux3_code", "核算项目代码3"),
    ("aux3_name", "核算项目名称3"),
    ("reference", "参考信息"),
]

# Yonyou U8 «总账 凭证引入» and T+ «凭证导入» from Excel
YONYOU_COLUMNS = [
    ("date", "制单日期"),
    ("word", "凭证类别"),
    ("number", "凭证号"),
    ("attachments", "附单据数"),
    ("summary", "摘要"),
    ("account_code", "科目编码"),
    ("account_name", "科目名称"),
    ("debit", "借方金额"),
    ("credit", "贷方金额"),
    ("currency", "币种"),
    ("rate", "汇率"),
    ("department_code", "部门编码"),
    ("customer_code", "客户编码"),
    ("supplier_code", "供应商编码"),
    ("project_code", "项目编码"),
    ("preparer", "制单人"),
    ("reference", "外部凭证号"),
]

LAYOUTS = {"kingdee": KINGDEE_COLUMNS, "yonyou": YONYOU_COLUMNS}
# 摘要 length each target accepts (Kingdee FEXP 80, U8 60 characters)
SUMMARY_LENGTH = {"kingdee": 80, "yonyou": 60}
SHEET_NAME = "凭证"
MONEY_KEYS = ("debit", "credit")
NUMBER_KEYS = ("year", "period", "number", "entry", "attachments", "rate")


def voucher_xlsx(target, rows):
    """The workbook (bytes) of ``rows`` (dicts of column keys) in the layout
    of ``target``."""
    columns = LAYOUTS[target]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(SHEET_NAME)
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "0.00"})
    text = book.add_format({"num_format": "@"})
    for col, (key, header) in enumerate(columns):
        sheet.write_string(0, col, header, bold)
        width = 30 if key == "summary" else 14
        sheet.set_column(col, col, width)
    for row, values in enumerate(rows, start=1):
        for col, (key, _header) in enumerate(columns):
            value = values.get(key)
            if key in MONEY_KEYS:
                sheet.write_number(row, col, value or 0.0, money)
            elif key in NUMBER_KEYS and value not in (None, ""):
                sheet.write_number(row, col, value)
            elif value not in (None, False, ""):
                # codes stay text: 1403.01 is not a number, 001 keeps its zeros
                sheet.write_string(row, col, str(value), text)
    sheet.freeze_panes(1, 0)
    book.close()
    return output.getvalue()
