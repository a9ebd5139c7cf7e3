from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """The Factory Manager opens the management dashboard, clicks the
    dead-stock tile, reaches the dead-stock list and the moves of a material
    (browser tour factory_reports_dashboard_tour)."""

    def setUp(self):
        super().setUp()
        self.manager = new_test_user(
            self.env,
            login="t_dash_manager",
            groups="base.group_user,factory_stock.group_factory_manager",
        )
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Tour Dead Store", "code": "TOURD"}
        )
        product = self.env["product.product"].create(
            {
                "name": "Tour dead bracket",
                "default_code": "TOUR-DEAD-001",
                "is_storable": True,
                "standard_price": 6.0,
            }
        )
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": 5,
                "product_uom": product.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
            }
        )
        move._action_confirm()
        move.quantity = 5
        move.picked = True
        move._action_done()
        # received 300 days ago: dead stock (see tests/common.py on backdating)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=300), move.id),
        )

    def test_dashboard_tour(self):
        self.start_tour(
            "/odoo/factory-dashboard",
            "factory_reports_dashboard_tour",
            login="t_dash_manager",
        )
