from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSmoke(TransactionCase):
    def test_board_reads(self):
        self.env["factory.stock.board"].search([]).read(["qty_on_hand"])
