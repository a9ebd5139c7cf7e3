import base64
import io
from collections import defaultdict

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.factory_stock.tests.common import FactoryStockCase


class VoucherBooksMixin:
    """Books of their own for a test: accounts, a stock journal on the
    materials' category (real-time valuation, AVCO) and a vendor bill
    journal, and the helpers that export and read back."""

    @classmethod
    def _setup_books(cls):
        Account = cls.env["account.account"]

        def account(code, name, kind, **vals):
            return Account.create(
                {"code": code, "name": name, "account_type": kind, **vals}
            )

        cls.acc_stock = account("T140300", "Test Raw Materials", "asset_current")
        cls.acc_input = account("T140200", "Test Goods in Transit", "asset_current")
        cls.acc_output = account(
            "T500100", "Test Production Cost", "expense_direct_cost"
        )
        cls.acc_fee = account("T500102", "Test Outsourcing Fees", "expense_direct_cost")
        cls.acc_payable = account(
            "T220200", "Test Payables", "liability_payable", reconcile=True
        )
        Journal = cls.env["account.journal"]
        cls.stock_journal = Journal.create(
            {"name": "Test Stock Journal", "code": "TSTK", "type": "general"}
        )
        cls.bill_journal = Journal.create(
            {"name": "Test Bills", "code": "TBIL", "type": "purchase"}
        )
        cls.journals = cls.stock_journal | cls.bill_journal
        cls.category.write(
            {
                "property_cost_method": "average",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": cls.acc_stock.id,
                "property_stock_account_input_categ_id": cls.acc_input.id,
                "property_stock_account_output_categ_id": cls.acc_output.id,
                "property_stock_journal": cls.stock_journal.id,
            }
        )
        # material issued to production is booked on the production cost
        production_location = cls.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", cls.company.id)]
        )
        production_location.write(
            {
                "valuation_in_account_id": cls.acc_output.id,
                "valuation_out_account_id": cls.acc_output.id,
            }
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.date_from = cls.today.replace(day=1)
        cls.date_to = cls.date_from + relativedelta(months=1, days=-1)

    @classmethod
    def _map_everything(cls):
        lines = cls.env["account.move.line"].search(
            [("journal_id", "in", cls.journals.ids)]
        )
        cls.account_maps = cls.env["factory.voucher.account.map"].create(
            [
                {
                    "account_id": account.id,
                    "code": account.code.removeprefix("T")[:4],
                    "name": account.name,
                    "aux_partner": account.account_type == "liability_payable",
                    "aux_department": account == cls.acc_output,
                    "department_code": "03" if account == cls.acc_output else False,
                    "department_name": "生产部" if account == cls.acc_output else False,
                }
                for account in lines.account_id
            ]
        )
        cls.env["factory.voucher.journal.map"].create(
            {"journal_id": cls.bill_journal.id, "voucher_word": "zhuan"}
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _export(self, target="kingdee", user=None, date_from=None, date_to=None):
        wizard = Form(
            self.env["factory.voucher.export.wizard"].with_user(user or self.accountant)
        )
        wizard.target = target
        wizard.date_from = date_from or self.date_from
        wizard.date_to = date_to or self.date_to
        wizard.journal_ids.clear()
        for journal in self.journals:
            wizard.journal_ids.add(journal)
        action = wizard.save().action_export()
        return self.env["factory.voucher.export"].browse(action["res_id"])

    def _odoo_totals(self, date_from=None, date_to=None):
        """Odoo's own journal items of the period in the journals."""
        [(debit, credit, count)] = self.env["account.move.line"]._read_group(
            [
                ("journal_id", "in", self.journals.ids),
                ("parent_state", "=", "posted"),
                ("date", ">=", date_from or self.date_from),
                ("date", "<=", date_to or self.date_to),
            ],
            [],
            ["debit:sum", "credit:sum", "move_id:count_distinct"],
        )
        return debit, credit, count

    def _read_xlsx(self, export):
        content = base64.b64decode(export.attachment_id.datas)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]

    def _vouchers(self, rows, word_col, number_col, debit_col, credit_col):
        totals = defaultdict(lambda: [0.0, 0.0])
        for row in rows:
            key = (row[word_col], row[number_col])
            totals[key][0] += row[debit_col]
            totals[key][1] += row[credit_col]
        return totals


class VoucherCase(VoucherBooksMixin, FactoryStockCase):
    """A month of a small factory in journals of its own: a valued receipt
    (real-time valuation) from a purchase order and its vendor bill, a
    manufacturing order consuming it, and the subcontractor's processing
    bill; every account mapped, the subcontractor and the supplier coded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_books()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Test Wire Supplier", "is_company": True}
        )
        cls.subcontractor = cls.env["res.partner"].create(
            {
                "name": "Test Plating Shop",
                "is_company": True,
                "ref": "WX-01",
                "property_account_payable_id": cls.acc_payable.id,
            }
        )
        cls.supplier.property_account_payable_id = cls.acc_payable
        cls.motor = cls._create_material("TST-VC-FG", "Test motor", cost=0.0)
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.motor.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.material.id, "product_qty": 2})
                ],
            }
        )
        cls._month()
        cls._map_everything()
        cls.env["factory.voucher.partner.map"].create(
            {"partner_id": cls.supplier.id, "code": "GYS001", "name": "华新漆包线"}
        )

    # ------------------------------------------------------------------
    # the month
    # ------------------------------------------------------------------

    @classmethod
    def _month(cls):
        # a receipt of 20 m of wire at 3.00 from a purchase order, and its bill
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "picking_type_id": cls.wh_raw.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.material.id,
                            "product_qty": 20,
                            "price_unit": 3.0,
                            "taxes_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.quantity = 20
        receipt.move_ids.picked = True
        receipt.button_validate()
        action = order.action_create_invoice()
        bill = cls.env["account.move"].browse(action["res_id"])
        bill.write({"journal_id": cls.bill_journal.id, "invoice_date": cls.today})
        bill.action_post()
        cls.wire_bill = bill
        # a manufacturing order of 5 motors: 10 m of wire issued to production
        form = Form(cls.env["mrp.production"])
        form.product_id = cls.motor
        form.bom_id = cls.bom
        form.product_qty = 5
        form.picking_type_id = cls.wh_raw.manu_type_id
        production = form.save()
        production.action_confirm()
        production.action_assign()
        form = Form(production)
        form.qty_producing = 5
        production = form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        cls.production = production
        # the subcontractor's processing bill (委外加工费)
        cls.fee_bill = cls._bill(cls.subcontractor, 45.0)

    @classmethod
    def _bill(cls, partner, amount, account=None, date=None):
        bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "journal_id": cls.bill_journal.id,
                "invoice_date": date or cls.today,
                "date": date or cls.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "电镀加工费",
                            "account_id": (account or cls.acc_fee).id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill
