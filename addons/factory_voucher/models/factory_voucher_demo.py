import re

from odoo import api, models

# accounts whose Kingdee / Yonyou account carries a partner dimension
PARTNER_ACCOUNT_TYPES = ("asset_receivable", "liability_payable")
# names Odoo's charts and demo data leave in English (a Chinese screen shows
# no English word: factory_mrp's test_zh_cn_screens)
_ENGLISH = re.compile(r"[A-Za-z]{3,}")


class FactoryVoucherDemo(models.AbstractModel):
    """The demo factory's mappings, which XML cannot list: its accounts are
    created by l10n_cn's chart with the company's id in their XML ids."""

    _name = "factory.voucher.demo"
    _description = "Voucher Demo Data Helper"

    @api.model
    def _target_code(self, code):
        """China's chart codes map naturally: l10n_cn's six digits 140300 are
        the first-level account 1403 (原材料) of Kingdee and Yonyou; a
        sub-account 140301 becomes 1403.01."""
        if len(code) == 6 and code.isdigit():
            return code[:4] if code[4:] == "00" else f"{code[:4]}.{code[4:]}"
        return code

    @api.model
    def _factory_demo_mappings(self, company_id):
        if not self.env.su:  # data files only
            return False
        company = self.env["res.company"].browse(company_id)
        mapped = {
            model: set(
                self.env[model]
                .with_context(active_test=False)
                .search([("company_id", "=", company.id)])
                .mapped(fname)
                .ids
            )
            for model, fname in (
                ("factory.voucher.account.map", "account_id"),
                ("factory.voucher.journal.map", "journal_id"),
                ("factory.voucher.partner.map", "partner_id"),
            )
        }
        accounts = (
            self.env["account.account"]
            .with_context(lang="zh_CN")
            .search([("company_ids", "in", company.ids)])
            .with_company(company)  # account codes are per company
        )
        self.env["factory.voucher.account.map"].create(
            [
                {
                    "company_id": company.id,
                    "account_id": account.id,
                    "code": self._target_code(account.code),
                    "name": account.name,
                    "aux_partner": account.account_type in PARTNER_ACCOUNT_TYPES,
                }
                for account in accounts
                if account.code
                and not _ENGLISH.search(account.name or "")
                and account.id not in mapped["factory.voucher.account.map"]
            ]
        )
        journals = (
            self.env["account.journal"]
            .with_context(lang="zh_CN")
            .search([("company_id", "=", company.id)])
        )
        words = {"bank": "fu", "cash": "fu", "sale": "ji", "purchase": "zhuan"}
        self.env["factory.voucher.journal.map"].create(
            [
                {
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "voucher_word": words.get(journal.type, "ji"),
                }
                for journal in journals
                if journal.id not in mapped["factory.voucher.journal.map"]
                and not _ENGLISH.search(journal.name or "")
            ]
        )
        partners = (
            self.env["res.partner"]
            .search(
                [
                    ("parent_id", "=", False),
                    ("is_company", "=", True),
                    ("id", "!=", company.partner_id.id),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", company.id),
                    ("supplier_rank", ">", 0),
                ],
                order="id",
            )
            .filtered(lambda partner: not _ENGLISH.search(partner.name or ""))
        )
        self.env["factory.voucher.partner.map"].create(
            [
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "code": f"02{index:03d}",
                    "name": partner.name,
                }
                for index, partner in enumerate(partners, start=1)
                if partner.id not in mapped["factory.voucher.partner.map"]
            ]
        )
        return True
