import base64
import io
import re
import unicodedata

import openpyxl
from PyPDF2 import PdfReader

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .statement_common import StatementCase

# radicals of the CJK Radicals Supplement that the font's text mapping gives
# for ideographs of the statement
RADICALS = str.maketrans({"⺠": "民", "⻆": "角", "⻓": "长", "⻔": "门", "⻢": "马"})


@tagged("post_install", "-at_install")
class TestStatementExport(StatementCase):
    def _confirmed(self):
        self._receive_order()
        statement = self._statement()
        statement.action_load_receipts()
        statement.deduction_ids = [
            Command.create({"kind": "reject", "name": "划伤 2 件", "amount": 6.5})
        ]
        statement.payments = 10
        statement.action_send()
        statement.with_user(self.accountant).action_confirm()
        return statement

    def test_xlsx_totals(self):
        statement = self._confirmed()
        action = statement.with_user(self.accountant).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        values = {}
        for row in sheet.iter_rows(values_only=True):
            if row[5] and row[6] is not None:
                values[row[5]] = row[6]
        self.assertAlmostEqual(values["Processing Fees"], 56.5)
        self.assertAlmostEqual(values["Deductions Total"], -6.5)
        self.assertAlmostEqual(values["Amount Due"], 50.0)
        self.assertAlmostEqual(values["Closing Balance"], 40.0)
        self.assertEqual(values["Amount in Words (大写)"], "伍拾元整")
        self.assertEqual(values["Closing Balance in Words (大写)"], "肆拾元整")
        receipts = [
            row
            for row in sheet.iter_rows(values_only=True)
            if row[1]
            and str(row[1]).startswith(statement.line_ids[0].picking_id.name[:5])
        ]
        self.assertEqual(sorted(row[3] for row in receipts), [4, 6])

    def test_xlsx_refused_without_access(self):
        statement = self._confirmed()
        with self.assertRaises(AccessError):
            statement.with_user(self.clerk).action_export_xlsx()


@tagged("post_install", "-at_install")
class TestStatementPdf(HttpCase, StatementCase):
    def test_pdf_renders_in_chinese(self):
        self._receive_order()
        self.subcontractor.lang = (
            "zh_CN" if self.env["res.lang"]._lang_get("zh_CN") else False
        )
        statement = self._statement(user=self.accountant)
        statement.action_load_receipts()
        Report = self.env["ir.actions.report"].with_user(self.accountant)
        html = Report._render_qweb_html(
            "factory_outsourcing.report_outsourcing_statement", statement.ids
        )[0].decode()
        self.assertIn(statement.name, html)
        self.assertIn("人民币<span>伍拾陆元伍角整</span>", html)
        self.assertIn("物料结存（截至目前）", html)  # in the subcontractor's language
        self.assertIn("Housing blank", html)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "factory_outsourcing.report_outsourcing_statement", statement.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # the PDF's text (pdftotext is not installed here: PyPDF2, which Odoo
        # itself requires, extracts it). The CJK font maps some glyphs back to
        # radicals: Kangxi ones (月 → ⽉) NFKC folds, those of the CJK
        # Radicals Supplement (民 → ⺠, 角 → ⻆) have no decomposition
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        text = unicodedata.normalize("NFKC", text).translate(RADICALS)
        text = re.sub(r"\s+", "", text)
        self.assertIn(statement.name, text)
        self.assertIn("人民币伍拾陆元伍角整", text)
        self.assertIn("委外加工对账单", text)  # the title, in Chinese
        # printed in the subcontractor's language
        self.assertIn(f"{self.today.year}年{self.today.month:02d}月", text)
