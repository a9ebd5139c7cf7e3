from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.factory_voucher_layout import KINGDEE_COLUMNS, YONYOU_COLUMNS
from .common import VoucherCase


@tagged("post_install", "-at_install")
class TestVoucherExport(VoucherCase):
    def _assert_file(self, export, columns, word, number, debit, credit):
        header, rows = self._read_xlsx(export)
        self.assertEqual(header, [h for _k, h in columns])
        odoo_debit, odoo_credit, odoo_moves = self._odoo_totals()
        vouchers = self._vouchers(rows, word, number, debit, credit)
        self.assertEqual(len(vouchers), odoo_moves)
        for key, (dr, cr) in vouchers.items():
            self.assertAlmostEqual(dr, cr, places=2, msg=f"voucher {key} unbalanced")
        self.assertAlmostEqual(sum(r[debit] for r in rows), odoo_debit, places=2)
        self.assertAlmostEqual(sum(r[credit] for r in rows), odoo_credit, places=2)
        self.assertAlmostEqual(export.debit_total, odoo_debit, places=2)
        self.assertAlmostEqual(export.credit_total, odoo_credit, places=2)
        self.assertEqual(export.move_count, odoo_moves)
        self.assertEqual(export.line_count, len(rows))
        return rows

    def test_kingdee_export(self):
        export = self._export("kingdee")
        self.assertEqual(export.state, "done")
        self.assertEqual(export.user_id, self.accountant)
        self.assertEqual(export.company_id, self.company)
        self.assertEqual(export.attachment_id.res_id, export.id)
        rows = self._assert_file(
            export, KINGDEE_COLUMNS, "凭证字", "凭证号", "借方金额", "贷方金额"
        )
        # the receipt, the issue and the finished motors (记), the two bills (转)
        self.assertGreaterEqual(export.move_count, 5)
        numbers = {}
        for row in rows:
            numbers.setdefault(row["凭证字"], set()).add(row["凭证号"])
        self.assertEqual(numbers["转"], {1, 2})
        self.assertEqual(numbers["记"], set(range(1, len(numbers["记"]) + 1)))
        self.assertEqual({r["制单人"] for r in rows}, {self.accountant.name})
        # KIS's names: 附单据数 (its Excel template), 分录号 counted from 0 in
        # each voucher (FENTRYID of its 引入 structure), rows of a voucher
        # consecutive
        self.assertEqual({r["附单据数"] for r in rows}, {0})
        entries = {}
        for row in rows:
            entries.setdefault((row["凭证字"], row["凭证号"]), []).append(row["分录号"])
        for key, numbers in entries.items():
            self.assertEqual(numbers, list(range(len(numbers))), key)
        # the subcontractor's bill: payable with its partner dimension (its
        # reference, no mapping), the fee with the production department
        fee_rows = [r for r in rows if r["参考信息"] == self.fee_bill.name]
        payable = next(r for r in fee_rows if r["科目代码"] == "2202")
        self.assertEqual(payable["贷方金额"], 45.0)
        self.assertEqual(
            (payable["核算项目类别1"], payable["核算项目代码1"]), ("供应商", "WX-01")
        )
        fee = next(r for r in fee_rows if r["借方金额"])
        self.assertEqual((fee["科目代码"], fee["摘要"]), ("5001", "电镀加工费"))
        # the wire bill's payable: the supplier's mapped code
        wire = [r for r in rows if r["参考信息"] == self.wire_bill.name]
        self.assertIn("GYS001", {r["核算项目代码1"] for r in wire})
        # the issue to production carries the department of its account
        issue = [
            r
            for r in rows
            if r["科目代码"] == "5001" and r["参考信息"] != self.fee_bill.name
        ]
        self.assertTrue(issue)
        self.assertEqual({r["核算项目代码1"] for r in issue}, {"03"})
        self.assertIn(export.attachment_id, export.message_ids.attachment_ids)

    def test_default_journals(self):
        """Stock valuation (the categories' stock journal: receipts, issues,
        manufacturing, subcontracting) and vendor bills by default."""
        Wizard = self.env["factory.voucher.export.wizard"].with_user(self.accountant)
        wizard = Form(Wizard)
        journals = self.env["account.journal"].browse(r.id for r in wizard.journal_ids)
        self.assertIn(self.stock_journal, journals)
        self.assertIn(self.bill_journal, journals)
        kinds = set(journals.mapped("type"))
        self.assertEqual(kinds, {"general", "purchase"})
        self.assertEqual(wizard.date_to, self.date_from - relativedelta(days=1))

    def test_department_from_analytic_account(self):
        plan = self.env["account.analytic.plan"].create({"name": "Test Departments"})
        assembly = self.env["account.analytic.account"].create(
            {"name": "Test Assembly Shop", "plan_id": plan.id}
        )
        self.env["factory.voucher.analytic.map"].create(
            {
                "analytic_account_id": assembly.id,
                "dimension": "department",
                "code": "0302",
                "name": "装配车间",
            }
        )
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.subcontractor.id,
                "journal_id": self.bill_journal.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "name": "装配外协费",
                            "account_id": self.acc_fee.id,
                            "quantity": 1,
                            "price_unit": 12.0,
                            "tax_ids": [fields.Command.clear()],
                            "analytic_distribution": {str(assembly.id): 100},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        fee_map = self.account_maps.filtered(lambda m: m.account_id == self.acc_fee)
        fee_map.aux_department = True
        # the first bill's fee has no analytic account and the mapping no default
        with self.assertRaisesRegex(UserError, self.fee_bill.name):
            self._export("kingdee")
        self.assertFalse(self.env["factory.voucher.export"].search([]))
        fee_map.write({"department_code": "0300", "department_name": "生产部"})
        export = self._export("kingdee")
        _header, rows = self._read_xlsx(export)
        departments = {
            r["参考信息"]: (r["核算项目类别1"], r["核算项目代码1"])
            for r in rows
            if r["科目名称"] == self.acc_fee.name
        }
        self.assertEqual(departments[bill.name], ("部门", "0302"))
        self.assertEqual(departments[self.fee_bill.name], ("部门", "0300"))

    def test_yonyou_export(self):
        export = self._export("yonyou")
        rows = self._assert_file(
            export, YONYOU_COLUMNS, "凭证类别", "凭证号", "借方金额", "贷方金额"
        )
        payable = next(
            r
            for r in rows
            if r["外部凭证号"] == self.fee_bill.name and r["科目编码"] == "2202"
        )
        self.assertEqual(payable["供应商编码"], "WX-01")
        self.assertIsNone(payable["客户编码"])
        self.assertTrue(all(len(r["摘要"] or "") <= 60 for r in rows))
        self.assertTrue(
            all(r["制单日期"].startswith(f"{self.today:%Y-%m}") for r in rows)
        )

    def test_double_export_refused(self):
        first = self._export("kingdee")
        with self.assertRaisesRegex(UserError, first.name):
            self._export("kingdee", date_from=self.today, date_to=self.date_to)
        # another target is another import
        self._export("yonyou")
        # cancelled with a reason by an Accountant: the period is free again
        cancel = self.env["factory.voucher.export.cancel"].with_user(self.accountant)
        with self.assertRaises(UserError):
            cancel.create({"export_id": first.id, "reason": "  "}).action_confirm()
        self.assertEqual(first.state, "done")
        cancel.create(
            {"export_id": first.id, "reason": "入库成本更正后重新导出"}
        ).action_confirm()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(first.cancelled_by_id, self.accountant)
        second = self._export("kingdee")
        self.assertEqual(second.state, "done")
        # numbered from 1 again: the cancelled file was not imported
        _header, rows = self._read_xlsx(second)
        self.assertEqual(min(r["凭证号"] for r in rows), 1)

    def test_later_part_of_month_continues_numbering(self):
        # last month, exported in two parts: the numbers of a voucher word go
        # on in the second file (the target numbers per word and month)
        month = self.date_from - relativedelta(months=1)
        early = self._bill(self.subcontractor, 10.0, date=month.replace(day=3))
        late = self._bill(self.subcontractor, 20.0, date=month.replace(day=20))
        first = self._export("kingdee", date_from=month, date_to=month.replace(day=10))
        second = self._export(
            "kingdee",
            date_from=month.replace(day=11),
            date_to=self.date_from - relativedelta(days=1),
        )
        _header, rows = self._read_xlsx(first)
        self.assertEqual(
            {(r["参考信息"], r["凭证号"]) for r in rows}, {(early.name, 1)}
        )
        _header, rows = self._read_xlsx(second)
        self.assertEqual({(r["参考信息"], r["凭证号"]) for r in rows}, {(late.name, 2)})
        self.assertEqual({r["会计期间"] for r in rows}, {month.month})

    def test_unmapped_account_refused(self):
        self.account_maps.filtered(lambda m: m.account_id == self.acc_fee).unlink()
        attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "factory.voucher.export")]
        )
        with self.assertRaisesRegex(UserError, "T500102"):
            self._export("kingdee")
        self.assertFalse(self.env["factory.voucher.export"].search([]))
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "factory.voucher.export")]
            ),
            attachments,
        )

    def test_partner_without_code_refused(self):
        self.subcontractor.ref = False
        with self.assertRaisesRegex(UserError, "Test Plating Shop"):
            self._export("yonyou")

    def test_unbalanced_voucher_refused(self):
        # a journal chosen alone can hold only part of an entry? no: Odoo's
        # entries always balance; a voucher is unbalanced when its lines in
        # the period differ, which the check refuses all the same
        Export = self.env["factory.voucher.export"].with_user(self.accountant)
        lines = self.fee_bill.line_ids
        with self.assertRaisesRegex(UserError, self.fee_bill.name):
            Export._factory_check_balanced(self.company, lines[:1])
        Export._factory_check_balanced(self.company, lines)

    def test_bad_period_refused(self):
        with self.assertRaises(UserError):
            self._export("kingdee", date_from=self.date_to, date_to=self.date_from)
        future = self.date_to.replace(year=self.date_to.year + 5)
        with self.assertRaisesRegex(UserError, "nothing to export"):
            self._export("kingdee", date_from=future, date_to=future)
