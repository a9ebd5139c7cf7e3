import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import tagged

from ..models.factory_alert_rule_notify import MAX_CHUNKS
from .common import RobotAlertsCase


@tagged("post_install", "-at_install")
class TestOutbox(RobotAlertsCase):
    """Never lost, never twice: retries with back-off while the robot is down
    or answers errors, delivered exactly once on recovery."""

    def _one_message(self, robot):
        self._put(self.material, 3)
        rule = self._robot_rule(robot)
        rule._factory_run()
        message = self.Outbox.search([("rule_id", "=", rule.id)])
        self.assertEqual(len(message), 1)
        return message

    def _assert_retried_then_delivered(self, message, error):
        self.assertEqual(message.state, "pending")
        self.assertEqual(message.attempts, 1)
        self.assertIn(error, message.last_error)
        self.assertGreater(message.next_try, fields.Datetime.now())
        # not due yet: nothing is sent even though the robot is back
        self.server.mode = "ok"
        if not self.server.httpd:
            self.server.start()
        self.assertEqual(self._send(message), 0)
        self.assertFalse(self.server.received)
        self._make_due(message)
        self.assertEqual(self._send(message), 1)
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 2)
        self.assertFalse(message.last_error)
        self._make_due(message)
        self._send(message)
        self.Outbox._factory_send_pending()  # the whole outbox: still once
        self.assertEqual(len(self.server.received), 1, "delivered exactly once")

    def test_robot_down(self):
        message = self._one_message(self.dingtalk)
        self.server.stop()
        self.assertEqual(self._send(message), 1)
        self._assert_retried_then_delivered(message, "Network error")

    def test_errcode_not_zero(self):
        for robot in self.robots:
            self.server.received.clear()
            message = self._one_message(robot)
            self.server.mode = "error"
            self._send(message)
            key = "code" if robot.robot_type == "feishu" else "errcode"
            self._assert_retried_then_delivered(message, f"{key} 300001")

    def test_http_5xx(self):
        message = self._one_message(self.wecom)
        self.server.mode = "http500"
        self._send(message)
        self._assert_retried_then_delivered(message, "HTTP 500")

    def test_rate_limit_answer(self):
        message = self._one_message(self.feishu)
        self.server.mode = "ratelimit"
        self._send(message)
        self.assertLessEqual(
            message.next_try, fields.Datetime.now() + timedelta(seconds=61)
        )
        self._assert_retried_then_delivered(message, "code 9499")

    def test_back_off_grows_then_failed_and_resend(self):
        self.env["ir.config_parameter"].set_param("factory_alerts.max_tries", "3")
        message = self._one_message(self.wecom)
        self.server.mode = "error"
        delays = []
        for _try in range(3):
            self._make_due(message)
            before = fields.Datetime.now()
            self._send(message)
            delays.append((message.next_try - before).total_seconds())
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 3)
        self.assertIn("300001", message.last_error)
        self.assertGreater(delays[1], delays[0] + 30, "back-off doubles")
        # failed: the cron leaves it alone
        self.server.mode = "ok"
        self._make_due(message)
        self.assertEqual(self._send(message), 0)
        # the administrator sends it again
        message.with_user(self.admin).action_resend()
        self.assertEqual((message.state, message.attempts), ("pending", 0))
        self._send(message)
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(self.server.received), 1)

    def test_robot_rate_limit_is_kept(self):
        """25 messages to one robot: 20 go out this minute, 5 wait."""
        messages = self.Outbox._factory_create(
            [
                {
                    "name": f"M{i}",
                    "channel": "robot",
                    "robot_id": self.wecom.id,
                    "body": f"message {i}",
                }
                for i in range(25)
            ]
        )
        self._send(messages)
        self.assertEqual(messages.mapped("state").count("sent"), 20)
        self.assertEqual(messages.mapped("state").count("pending"), 5)
        self.assertEqual(len(self.server.received), 20)
        self.assertEqual(self.server.max_per_minute(), 20)
        self.assertFalse(self.server.refused)

    def test_500_materials_within_rate_limit(self):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Bulk material {i}",
                    "default_code": f"BLK-{i:04d}",
                    "is_storable": True,
                    "categ_id": self.category.id,
                }
                for i in range(500)
            ]
        )
        self.env["stock.warehouse.orderpoint"].create(
            [
                {
                    "product_id": p.id,
                    "warehouse_id": self.wh_raw.id,
                    "location_id": self.stock.id,
                    "product_min_qty": 5,
                    "product_max_qty": 10,
                }
                for p in products
            ]
        )
        self._put(self.material, 20)  # only the 500 are below safety stock
        rule = self._robot_rule()
        rule._factory_run()
        self.assertEqual(len(self._open(rule)), 500)
        messages = self.Outbox.search([("rule_id", "=", rule.id)])
        for robot in self.robots:
            count = len(messages.filtered(lambda m, r=robot: m.robot_id == r))
            self.assertLessEqual(count, MAX_CHUNKS, robot.name)
        self._send(messages)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertFalse(self.server.refused, "sizes and signatures accepted")
        self.assertLessEqual(self.server.max_per_minute(), 20)
        dingtalk = "\n".join(self.server.texts("dingtalk"))
        for product in products:
            self.assertIn(product.default_code, dingtalk)
        for text in self.server.texts("wecom"):
            self.assertLessEqual(len(text.encode()), 4096)


@tagged("post_install", "-at_install")
class TestOutboxWorkers(RobotAlertsCase):
    """Two workers send the outbox at once, on real committed data and
    separate database connections: each message goes out once."""

    def test_two_workers_each_message_once(self):
        dbname = self.env.cr.dbname
        url = self.server.url("wecom", "workers")
        with sql_db.db_connect(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            robot = env["factory.alert.robot"].create(
                {"name": "Workers robot", "robot_type": "wecom", "url": url}
            )
            ids = (
                env["factory.alert.outbox"]
                ._factory_create(
                    [
                        {
                            "name": f"W{i}",
                            "channel": "robot",
                            "robot_id": robot.id,
                            "body": f"worker message {i}",
                        }
                        for i in range(16)
                    ]
                )
                .ids
            )
            cr.commit()
        errors = []

        def worker(limit):
            try:
                with sql_db.db_connect(dbname).cursor() as wcr:
                    wenv = api.Environment(wcr, SUPERUSER_ID, {})
                    wenv["factory.alert.outbox"]._factory_send_pending(
                        limit=limit, commit=True, ids=ids
                    )
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        try:
            worker(1)  # a first run that dies after one message
            threads = [threading.Thread(target=worker, args=(100,)) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            self.assertFalse(errors)
            bodies = self.server.texts("wecom")
            self.assertEqual(
                sorted(bodies), sorted(f"worker message {i}" for i in range(16))
            )
            with sql_db.db_connect(dbname).cursor() as cr:
                cr.execute(
                    "SELECT state, count(*) FROM factory_alert_outbox "
                    "WHERE id IN %s GROUP BY state",
                    (tuple(ids),),
                )
                self.assertEqual(dict(cr.fetchall()), {"sent": 16})
        finally:
            with sql_db.db_connect(dbname).cursor() as cr:
                cr.execute(
                    "DELETE FROM factory_alert_outbox WHERE id IN %s", (tuple(ids),)
                )
                cr.execute("DELETE FROM factory_alert_robot WHERE id = %s", (robot.id,))
                cr.commit()
