import base64
import io

import xlsxwriter

from odoo import models


class FactoryOutsourcingStatementExport(models.Model):
    """The statement as an Excel workbook the accountant sends as is."""

    _inherit = "factory.outsourcing.statement"

    def _factory_xlsx_content(self):
        self.ensure_one()
        self.check_access("read")
        _ = self.env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(_("Statement"))
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
        qty = book.add_format({"num_format": "#,##0.###"})
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 2, 26)
        sheet.set_column(3, 6, 14)
        sheet.write(0, 0, _("Outsourcing Reconciliation Statement"), title)
        sheet.write(1, 0, _("Reference"), bold)
        sheet.write(1, 1, self.name)
        sheet.write(2, 0, _("Subcontractor"), bold)
        sheet.write(2, 1, self.partner_id.display_name)
        sheet.write(3, 0, _("Period"), bold)
        sheet.write(3, 1, f"{self.date_from} – {self.date_to}")
        headers = [
            _("Date"),
            _("Receipt"),
            _("Product"),
            _("Quantity Passed"),
            _("Unit Fee"),
            _("Amount"),
            _("Amount (Taxes Incl.)"),
        ]
        row = 5
        for col, header in enumerate(headers):
            sheet.write(row, col, header, bold)
        for line in self.line_ids:
            row += 1
            sheet.write(row, 0, str(line.date.date()) if line.date else "")
            sheet.write(row, 1, line.picking_id.name or "")
            sheet.write(row, 2, line.product_id.display_name)
            sheet.write_number(row, 3, line.quantity, qty)
            sheet.write_number(row, 4, line.price_unit, money)
            sheet.write_number(row, 5, line.amount_untaxed, money)
            sheet.write_number(row, 6, line.amount_total, money)
        row += 2
        sheet.write(row, 0, _("Deductions"), bold)
        for deduction in self.deduction_ids:
            row += 1
            kind = dict(deduction._fields["kind"]._description_selection(self.env)).get(
                deduction.kind
            )
            sheet.write(row, 1, kind)
            sheet.write(row, 2, deduction.name)
            sheet.write_number(row, 6, -deduction.amount, money)
        row += 2
        totals = [
            (_("Processing Fees"), self.amount_fee),
            (_("Deductions Total"), -self.amount_deduction),
            (_("Amount Due"), self.amount_total),
            (_("Previous Balance"), self.previous_balance),
            (_("Payments in Period"), -self.payments),
            (_("Closing Balance"), self.closing_balance),
        ]
        for label, value in totals:
            sheet.write(row, 5, label, bold)
            sheet.write_number(row, 6, value, money_bold)
            row += 1
        sheet.write(row, 5, _("Amount in Words (大写)"), bold)
        sheet.write(row, 6, self.amount_total_cn)
        row += 1
        sheet.write(row, 5, _("Closing Balance in Words (大写)"), bold)
        sheet.write(row, 6, self.closing_balance_cn)
        row += 2
        sheet.write(row, 0, _("Confirmed by (subcontractor, signature and seal)"))
        sheet.write(row, 4, _("Date"))
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}.xlsx",
                "datas": base64.b64encode(self._factory_xlsx_content()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
