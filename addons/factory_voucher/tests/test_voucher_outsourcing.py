from odoo.tests import tagged

from odoo.addons.factory_outsourcing.tests.statement_common import StatementCase

from .common import VoucherBooksMixin


@tagged("post_install", "-at_install")
class TestVoucherOutsourcing(VoucherBooksMixin, StatementCase):
    """An outsourcing order (委外) received through Odoo's subcontracting with
    real-time valuation, its reconciliation statement confirmed into the
    vendor bill: the month's vouchers balance and add up to Odoo's journal
    items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_books()
        cls.subcontractor.property_account_payable_id = cls.acc_payable

    def test_outsourcing_month(self):
        self._receive_order(qty=10, parts=(10,))
        statement = self._statement()
        statement.action_load_receipts()
        statement.action_send()
        statement.with_user(self.accountant).action_confirm()
        statement.with_user(self.accountant).action_bill()
        self.bill = statement.bill_id.with_env(self.env)
        self.bill.write(
            {"journal_id": self.bill_journal.id, "invoice_date": self.today}
        )
        self.bill.action_post()
        self._map_everything()
        self.env["factory.voucher.partner.map"].create(
            {"partner_id": self.subcontractor.id, "code": "03001", "name": "机加工厂"}
        )
        export = self._export("yonyou")
        _header, rows = self._read_xlsx(export)
        odoo_debit, odoo_credit, odoo_moves = self._odoo_totals()
        vouchers = self._vouchers(rows, "凭证类别", "凭证号", "借方金额", "贷方金额")
        self.assertEqual(len(vouchers), odoo_moves)
        for key, (debit, credit) in vouchers.items():
            self.assertAlmostEqual(debit, credit, places=2, msg=f"voucher {key}")
        self.assertAlmostEqual(sum(r["借方金额"] for r in rows), odoo_debit, places=2)
        self.assertAlmostEqual(sum(r["贷方金额"] for r in rows), odoo_credit, places=2)
        bill_rows = [r for r in rows if r["外部凭证号"] == self.bill.name]
        self.assertEqual(
            {r["供应商编码"] for r in bill_rows if r["科目编码"] == "2202"}, {"03001"}
        )
        self.assertAlmostEqual(
            sum(r["贷方金额"] for r in bill_rows if r["科目编码"] == "2202"),
            self.bill.amount_total,
            places=2,
        )
        # the receipt of the subcontracted housings is valued in the stock journal
        stock_moves = self.env["account.move"].search(
            [("journal_id", "=", self.stock_journal.id), ("state", "=", "posted")]
        )
        self.assertTrue(stock_moves)
        self.assertLessEqual(
            set(stock_moves.mapped("name")), {r["外部凭证号"] for r in rows}
        )
