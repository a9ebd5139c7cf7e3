from odoo import api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VoucherCase


@tagged("post_install", "-at_install")
class TestVoucherAccess(VoucherCase):
    def _wizard_vals(self):
        return {
            "target": "kingdee",
            "date_from": self.date_from,
            "date_to": self.date_to,
            "journal_ids": [fields.Command.set(self.journals.ids)],
        }

    def test_accountant_exports_over_rpc(self):
        Wizard = self.env["factory.voucher.export.wizard"].with_user(self.accountant)
        wizard_id = api.call_kw(Wizard, "create", [[self._wizard_vals()]], {})
        action = api.call_kw(Wizard, "action_export", [wizard_id], {})
        export = self.env["factory.voucher.export"].browse(action["res_id"])
        self.assertEqual(export.state, "done")
        # the manager reads the exports and the mappings
        Export = self.env["factory.voucher.export"].with_user(self.manager)
        self.assertEqual(Export.search([]), export)
        self.assertTrue(
            self.env["factory.voucher.account.map"].with_user(self.manager).search([])
        )

    def test_clerk_and_purchaser_refused(self):
        for user in (self.clerk, self.purchaser):
            Wizard = self.env["factory.voucher.export.wizard"].with_user(user)
            with self.assertRaises(AccessError):
                api.call_kw(Wizard, "create", [[self._wizard_vals()]], {})
            with self.assertRaises(AccessError):
                Wizard.env["factory.voucher.export"]._factory_export(
                    self.company,
                    "kingdee",
                    self.date_from,
                    self.date_to,
                    self.journals,
                )
            for model in (
                "factory.voucher.export",
                "factory.voucher.account.map",
                "factory.voucher.journal.map",
                "factory.voucher.partner.map",
            ):
                with self.assertRaises(AccessError):
                    api.call_kw(
                        self.env[model].with_user(user), "search_read", [[]], {}
                    )
        self.assertFalse(self.env["factory.voucher.export"].search([]))

    def test_accountant_edits_mappings(self):
        Map = self.env["factory.voucher.account.map"].with_user(self.accountant)
        mapping = Map.search([("account_id", "=", self.acc_fee.id)])
        mapping.write({"code": "5001.02", "aux_project": True, "project_code": "P01"})
        export = self._export("kingdee")
        _header, rows = self._read_xlsx(export)
        fee = next(r for r in rows if r["科目代码"] == "5001.02")
        self.assertEqual((fee["核算项目类别1"], fee["核算项目代码1"]), ("项目", "P01"))
        with self.assertRaises(UserError):
            mapping.write({"code": " "})
        with self.assertRaises(AccessError):
            mapping.with_user(self.purchaser).write({"code": "9999"})

    def test_forged_writes_refused(self):
        export = self._export("kingdee").with_user(self.accountant)
        for vals in (
            {"state": "cancelled"},
            {"debit_total": 1.0},
            {"date_to": self.date_from},
            {"cancel_reason": "forged"},
        ):
            with self.assertRaises(UserError):
                export.write(vals)
        with self.assertRaises(UserError):
            api.call_kw(export, "write", [export.ids, {"state": "cancelled"}], {})
        self.assertEqual(export.state, "done")
        Export = self.env["factory.voucher.export"].with_user(self.accountant)
        with self.assertRaises(UserError):
            Export.create(
                {
                    "name": "PZ/forged",
                    "company_id": self.company.id,
                    "target": "yonyou",
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "user_id": self.accountant.id,
                    "export_date": fields.Datetime.now(),
                }
            )
        with self.assertRaises(AccessError):
            export.unlink()
        # a cancellation of a cancelled export is refused
        export._factory_cancel("first")
        with self.assertRaises(UserError):
            export._factory_cancel("again")
