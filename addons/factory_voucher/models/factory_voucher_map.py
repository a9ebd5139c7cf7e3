"""Mapping tables from Odoo's accounting to the target software's codes.

One table per kind of code, per company, kept by the Accountants:

- an Odoo account → the target's 科目代码 / 科目名称 and the auxiliary
  dimensions (核算项目 / 辅助核算) the target account carries: 往来单位
  (supplier or customer, from the partner mapping), 部门 and 项目 (codes
  given on the account's mapping);
- a journal → its 凭证字 (记 / 收 / 付 / 转);
- a partner → its 往来单位 code in the target;
- an analytic account → a 部门 or 项目 code: a journal item with that analytic
  account gets it where its account carries the dimension (else the account
  mapping's default code).
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

VOUCHER_WORDS = [
    ("ji", "记 – every entry"),
    ("shou", "收 – money in"),
    ("fu", "付 – money out"),
    ("zhuan", "转 – no cash or bank"),
]
# the character the target software expects in its 凭证字 column
VOUCHER_WORD_CHARS = {"ji": "记", "shou": "收", "fu": "付", "zhuan": "转"}
DEFAULT_VOUCHER_WORD = "ji"


class FactoryVoucherAccountMap(models.Model):
    _name = "factory.voucher.account.map"
    _description = "Voucher Account Mapping"
    _order = "company_id, code, id"
    _rec_name = "code"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    account_id = fields.Many2one(
        "account.account",
        string="Odoo Account",
        required=True,
        ondelete="cascade",
        domain="[('company_ids', 'in', company_id)]",
    )
    code = fields.Char(
        string="Target Account Code",
        required=True,
        help="The account code (科目代码) in Kingdee or Yonyou, e.g. 1403.",
    )
    name = fields.Char(
        string="Target Account Name",
        help="The account name (科目名称) in the target; the Odoo account's name "
        "when empty.",
    )
    aux_partner = fields.Boolean(
        string="Partner Dimension",
        help="The target account carries a partner dimension (往来单位: supplier "
        "or customer): every line gets the code of its partner from the partner "
        "mapping.",
    )
    aux_department = fields.Boolean(
        string="Department Dimension",
        help="The target account carries a department dimension (部门).",
    )
    department_code = fields.Char(
        string="Default Department Code",
        help="The department of the lines whose analytic account has no "
        "department mapping.",
    )
    department_name = fields.Char(string="Default Department Name")
    aux_project = fields.Boolean(
        string="Project Dimension",
        help="The target account carries a project dimension (项目).",
    )
    project_code = fields.Char(
        string="Default Project Code",
        help="The project of the lines whose analytic account has no project mapping.",
    )
    project_name = fields.Char(string="Default Project Name")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "account_company_uniq",
            "unique(company_id, account_id)",
            "An Odoo account has one mapping per company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for mapping in self:
            if not mapping.code.strip():
                raise ValidationError(self.env._("The target account code is empty."))


class FactoryVoucherJournalMap(models.Model):
    _name = "factory.voucher.journal.map"
    _description = "Voucher Journal Mapping"
    _order = "company_id, journal_id"
    _rec_name = "journal_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    voucher_word = fields.Selection(
        VOUCHER_WORDS,
        string="Voucher Word",
        required=True,
        default=DEFAULT_VOUCHER_WORD,
        help="The voucher word (凭证字) of the journal's entries in the target. "
        "Journals without a mapping use 记.",
    )

    _sql_constraints = [
        (
            "journal_company_uniq",
            "unique(company_id, journal_id)",
            "A journal has one mapping per company.",
        ),
    ]


class FactoryVoucherPartnerMap(models.Model):
    _name = "factory.voucher.partner.map"
    _description = "Voucher Partner Mapping"
    _order = "company_id, code, id"
    _rec_name = "code"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    code = fields.Char(
        string="Target Partner Code",
        required=True,
        help="The partner's code (往来单位 / 供应商 / 客户编码) in the target.",
    )
    name = fields.Char(
        string="Target Partner Name",
        help="The partner's name in the target; the Odoo partner's name when empty.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(company_id, partner_id)",
            "A partner has one mapping per company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for mapping in self:
            if not mapping.code.strip():
                raise ValidationError(self.env._("The target partner code is empty."))


class FactoryVoucherAnalyticMap(models.Model):
    _name = "factory.voucher.analytic.map"
    _description = "Voucher Analytic Mapping"
    _order = "company_id, dimension, code, id"
    _rec_name = "code"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account", required=True, ondelete="cascade"
    )
    dimension = fields.Selection(
        [("department", "Department"), ("project", "Project")],
        required=True,
        default="department",
    )
    code = fields.Char(
        string="Target Code",
        required=True,
        help="The department (部门) or project (项目) code in the target.",
    )
    name = fields.Char(string="Target Name")

    _sql_constraints = [
        (
            "analytic_company_uniq",
            "unique(company_id, analytic_account_id)",
            "An analytic account has one mapping per company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for mapping in self:
            if not mapping.code.strip():
                raise ValidationError(self.env._("The target code is empty."))
