from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.factory_stock.tests.common import FactoryStockCase

from .robot_server import RobotServer


class FactoryAlertsCase(FactoryStockCase):
    """factory_stock's warehouses, users and materials, safety / maximum
    stock on the two test materials, and an administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="t_fadmin",
            groups="base.group_user,factory_stock.group_factory_admin",
        )
        cls.supervisor_fg = new_test_user(
            cls.env,
            login="t_super_fg",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
            factory_warehouse_ids=[Command.set([cls.wh_fg.id])],
        )
        Orderpoint = cls.env["stock.warehouse.orderpoint"]
        for product in (cls.material, cls.other_material):
            Orderpoint.create(
                {
                    "product_id": product.id,
                    "warehouse_id": cls.wh_raw.id,
                    "location_id": cls.wh_raw.lot_stock_id.id,
                    "product_min_qty": 10,
                    "product_max_qty": 50,
                }
            )
        # the other material is at a normal level unless a test says otherwise
        cls.env["stock.quant"]._update_available_quantity(
            cls.other_material, cls.wh_raw.lot_stock_id, 30
        )
        cls.Rule = cls.env["factory.alert.rule"]
        cls.Alert = cls.env["factory.alert"]
        cls.Outbox = cls.env["factory.alert.outbox"]
        cls.stock = cls.wh_raw.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.suppliers = cls.env.ref("stock.stock_location_suppliers")

    @classmethod
    def _rule(cls, rule_type, **vals):
        return cls.env["factory.alert.rule"].create(
            {
                "name": f"Test {rule_type}",
                "rule_type": rule_type,
                "lang": "en_US",
                "warehouse_ids": [Command.set([cls.wh_raw.id])],
                "categ_ids": [Command.set([cls.category.id])],
                "user_ids": [Command.set([cls.purchaser.id])],
                "channel_activity": True,
                **vals,
            }
        )

    def _put(self, product, qty, lot=None):
        """Make the on-hand quantity of ``product`` (``lot``) in the test
        warehouse's stock location ``qty``."""
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "=", self.stock.id),
                ("lot_id", "=", lot.id if lot else False),
            ]
        )
        delta = qty - sum(quants.mapped("quantity"))
        if delta:
            self._set_stock(product, self.stock, delta, lot=lot)

    def _alerts(self, rule, states=("open", "acknowledged", "resolved")):
        return self.Alert.search(
            [("rule_id", "=", rule.id), ("state", "in", list(states))]
        )

    def _open(self, rule):
        return self._alerts(rule, ("open", "acknowledged"))

    def _move(self, product, source, dest, qty, date=None, lot=None):
        """A done stock move (and its line) from ``source`` to ``dest``."""
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        if lot or not move.move_line_ids:
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "product_id": product.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "quantity": qty,
                    "lot_id": lot.id if lot else False,
                }
            )
        move.picked = True
        move._action_done()
        if date:
            self.env.cr.execute(
                "UPDATE stock_move SET date = %s WHERE id = %s", (date, move.id)
            )
            self.env.cr.execute(
                "UPDATE stock_move_line SET date = %s WHERE move_id = %s",
                (date, move.id),
            )
            move.invalidate_recordset(["date"])
        return move

    @staticmethod
    def _days_ago(days):
        return fields.Datetime.now() - timedelta(days=days)


class RobotAlertsCase(FactoryAlertsCase):
    """A local robot server (see robot_server.py) and one robot of each kind
    pointing at it, signed where the kind allows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = RobotServer()
        cls.addClassCleanup(cls.server.stop)
        Robot = cls.env["factory.alert.robot"]
        cls.dingtalk = Robot.create(
            {
                "name": "Test DingTalk",
                "robot_type": "dingtalk",
                "url": cls.server.url("dingtalk"),
                "secret": "SECtest",
            }
        )
        cls.wecom = Robot.create(
            {
                "name": "Test WeCom",
                "robot_type": "wecom",
                "url": cls.server.url("wecom"),
            }
        )
        cls.feishu = Robot.create(
            {
                "name": "Test Feishu",
                "robot_type": "feishu",
                "url": cls.server.url("feishu"),
                "secret": "feishu-test",
            }
        )
        cls.robots = cls.dingtalk | cls.wecom | cls.feishu

    def setUp(self):
        super().setUp()
        self.server.mode = "ok"
        self.server.received.clear()
        self.server.refused.clear()
        if not self.server.httpd:
            self.server.start()

    def _robot_rule(self, robots=None, **vals):
        return self._rule(
            "below_safety",
            channel_activity=False,
            robot_ids=[(6, 0, (robots or self.robots).ids)],
            **vals,
        )

    def _send(self, messages):
        """One pass of the sending cron over ``messages`` (no commit)."""
        return self.Outbox._factory_send_pending(ids=messages.ids)

    def _make_due(self, messages):
        """Time passes: the back-off of ``messages`` is over."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE factory_alert_outbox SET next_try = now() at time zone 'UTC'"
            " - interval '1 second' WHERE id IN %s",
            (tuple(messages.ids),),
        )
        messages.invalidate_recordset(["next_try"])
