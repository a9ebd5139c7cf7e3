import time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RobotAlertsCase


@tagged("post_install", "-at_install")
class TestRobots(RobotAlertsCase):
    """Signatures and payloads as each robot checks them, on a real local
    HTTP server."""

    def test_digest_to_each_robot_signed(self):
        self._put(self.material, 3)
        rule = self._robot_rule()
        rule._factory_run()
        messages = self.Outbox.search([("rule_id", "=", rule.id)])
        self.assertEqual(messages.robot_id, self.robots)
        self.assertEqual(len(messages), 3, "one digest per robot")
        self.assertEqual(self._send(messages), 3)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertFalse(self.server.refused)
        self.assertEqual(
            sorted(k for k, *_ in self.server.received), ["dingtalk", "feishu", "wecom"]
        )
        for text in self.server.texts():
            self.assertIn("TST-0001", text)
            self.assertIn("3, safety stock 10", text)
            self.assertIn("/odoo/action-factory_alerts.factory_alert_action", text)
        # nothing new on the next run: no message
        rule._factory_run()
        self.assertEqual(len(self.Outbox.search([("rule_id", "=", rule.id)])), 3)
        # resolved: one more digest per robot, "back to normal"
        self._put(self.material, 20)
        rule._factory_run()
        resolved = self.Outbox.search([("rule_id", "=", rule.id)]) - messages
        self.assertEqual(len(resolved), 3)
        self._send(resolved)
        self.assertIn("Back to normal", self.server.texts("wecom")[-1])

    def test_wrong_secret_is_refused_by_the_robot(self):
        self.dingtalk.secret = "SECwrong"
        self.feishu.secret = "wrong"
        self._put(self.material, 3)
        rule = self._robot_rule(self.dingtalk | self.feishu)
        rule._factory_run()
        messages = self.Outbox.search([("rule_id", "=", rule.id)])
        self._send(messages)
        self.assertEqual(set(messages.mapped("state")), {"pending"})
        self.assertEqual(
            sorted(self.server.refused),
            [("dingtalk", "sign not match"), ("feishu", "sign match fail")],
        )
        for message in messages:
            self.assertIn("310000", message.last_error)
            self.assertEqual(message.attempts, 1)

    def test_signatures(self):
        """DingTalk: URL-encoded base64 of HMAC(secret, ts\\nsecret) in the
        query; Feishu: base64 of HMAC(ts\\nsecret, "") in the body."""
        url, body = self.dingtalk._request("T", "x", now=1700000000.123)
        self.assertIn("timestamp=1700000000123&sign=", url)
        self.assertEqual(
            url.split("sign=")[1],
            self.dingtalk._dingtalk_sign("SECtest", "1700000000123"),
        )
        self.assertNotIn("+", url.split("sign=")[1])  # URL-encoded
        self.assertEqual(body["msgtype"], "markdown")
        url, body = self.feishu._request("T", "x", now=1700000000.9)
        self.assertEqual(body["timestamp"], "1700000000")
        self.assertEqual(
            body["sign"], self.feishu._feishu_sign("feishu-test", "1700000000")
        )
        self.assertEqual(body["msg_type"], "interactive")
        url, body = self.wecom._request("T", "x")
        self.assertEqual(body, {"msgtype": "markdown", "markdown": {"content": "x"}})
        # unsigned robots send no signature
        self.dingtalk.secret = False
        url, _body = self.dingtalk._request("T", "x")
        self.assertNotIn("sign=", url)

    def test_send_test_message(self):
        for robot in self.robots:
            action = robot.with_user(self.admin).action_send_test()
            self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(len(self.server.received), 3)
        self.assertFalse(self.server.refused)
        self.server.mode = "error"
        with self.assertRaisesRegex(UserError, "not delivered.*300001"):
            self.wecom.with_user(self.admin).action_send_test()
        self.server.stop()
        start = time.time()
        with self.assertRaisesRegex(UserError, "Network error"):
            self.wecom.with_user(self.admin).action_send_test()
        self.assertLess(time.time() - start, 15)

    def test_digest_in_the_rule_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self._put(self.material, 3)
        rule = self._robot_rule(self.wecom, lang="zh_CN")
        rule._factory_run()
        self._send(self.Outbox.search([("rule_id", "=", rule.id)]))
        text = self.server.texts("wecom")[0]
        self.assertIn("新增 1 条", text)
        self.assertIn("TST-0001", text)
        self.assertIn("安全库存 10", text)
        self.assertIn("在 Odoo 中查看预警", text)
