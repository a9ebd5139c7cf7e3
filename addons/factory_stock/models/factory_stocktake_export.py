"""Discrepancy report (盘点差异报告) of a stocktake: xlsx export and the data
of the printable PDF. Values are only included for users with the cost
right."""

import base64
import io

import xlsxwriter

from odoo import models

COST_GROUP = "factory_stock.group_factory_cost"


class FactoryStocktake(models.Model):
    _inherit = "factory.stocktake"

    def _discrepancy_lines(self):
        """Counted lines with a difference, in location / material order."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.is_counted and line.has_difference
        )

    def _discrepancy_rows(self):
        """Rows of the report; values only for users allowed to see costs."""
        self.ensure_one()
        with_value = self.env.user.has_group(COST_GROUP)
        rows = []
        for line in self._discrepancy_lines():
            row = {
                "location": line.location_id.display_name,
                "code": line.product_id.default_code or "",
                "product": line.product_id.name,
                "lot": line.lot_id.name or "",
                "uom": line.product_uom_id.name,
                "book": line.book_qty,
                "counted": line.counted_qty,
                "difference": line.difference,
                "counter": line.counted_by_id.name or "",
                "approver": line.approved_by_id.name or "",
            }
            if with_value:
                # business code: the current user may read values
                row["value"] = line.sudo().value_diff
            rows.append(row)
        totals = {
            "gain_qty": sum(r["difference"] for r in rows if r["difference"] > 0),
            "loss_qty": sum(r["difference"] for r in rows if r["difference"] < 0),
        }
        if with_value:
            totals["gain_value"] = sum(r["value"] for r in rows if r["value"] > 0)
            totals["loss_value"] = sum(r["value"] for r in rows if r["value"] < 0)
        return rows, totals

    def _discrepancy_xlsx(self):
        """The discrepancy report as xlsx bytes."""
        self.ensure_one()
        rows, totals = self._discrepancy_rows()
        with_value = "gain_value" in totals
        _ = self.env._
        columns = [
            ("location", _("Location"), 28),
            ("code", _("Material Code"), 16),
            ("product", _("Material"), 30),
            ("lot", _("Lot/Serial"), 16),
            ("uom", _("Unit"), 8),
            ("book", _("Book Quantity"), 14),
            ("counted", _("Counted Quantity"), 14),
            ("difference", _("Difference"), 14),
        ]
        if with_value:
            columns.append(("value", _("Difference Value"), 16))
        columns += [
            ("counter", _("Counted By"), 16),
            ("approver", _("Approved By"), 16),
        ]
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(_("Discrepancies"))
        bold = book.add_format({"bold": True})
        head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        number = book.add_format({"num_format": "#,##0.###"})
        sheet.write(0, 0, _("Stocktake Discrepancy Report"), bold)
        sheet.write(1, 0, self.name, bold)
        sheet.write(1, 2, self.warehouse_id.name)
        sheet.write(1, 4, str(self.date_planned))
        for col, (_key, title, width) in enumerate(columns):
            sheet.write(3, col, title, head)
            sheet.set_column(col, col, width)
        numeric = {"book", "counted", "difference", "value"}
        for index, row in enumerate(rows, start=4):
            for col, (key, _title, _width) in enumerate(columns):
                if key in numeric:
                    sheet.write_number(index, col, row[key], number)
                else:
                    sheet.write_string(index, col, row[key])
        last = 4 + len(rows) + 1
        sheet.write(last, 0, _("Total Gain"), bold)
        sheet.write_number(last, 7, totals["gain_qty"], number)
        sheet.write(last + 1, 0, _("Total Loss"), bold)
        sheet.write_number(last + 1, 7, totals["loss_qty"], number)
        if with_value:
            sheet.write_number(last, 8, totals["gain_value"], number)
            sheet.write_number(last + 1, 8, totals["loss_value"], number)
        sheet.freeze_panes(4, 0)
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}-discrepancies.xlsx",
                "datas": base64.b64encode(self._discrepancy_xlsx()),
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
